"""Paths of a presented cell complex: elements of its free groupoid.

A :class:`Path` is a word in the 1-cells with a start and an end point. ``==`` is equality in
the *free* groupoid (equal endpoints and equal freely reduced words), which is decidable and
exact; equality up to the 2-cells is :meth:`HIT.homotopic`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hott.words import Word, format_word, free_reduce, invert
from hottbridge.errors import HottError

if TYPE_CHECKING:
    from hott.hit import HIT


@dataclass(frozen=True, eq=False)
class Path:
    """A path ``start ~> end`` of ``hit``: the letters as given, and their free reduction."""

    hit: HIT
    start: str
    end: str
    letters: Word
    reduced: Word = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reduced", free_reduce(self.letters))

    @property
    def is_loop(self) -> bool:
        return self.start == self.end

    @property
    def is_refl(self) -> bool:
        """True when the word freely reduces to the empty word (equal to refl in the groupoid)."""
        return not self.reduced

    def concat(self, other: Path) -> Path:
        """``self · other`` (first self, then other); the end of self must be other's start."""
        self._same_hit(other)
        if self.end != other.start:
            raise HottError(
                f"cannot compose {self} ({self.start} ~> {self.end}) with {other} "
                f"({other.start} ~> {other.end}): {self.end} is not {other.start}"
            )
        return Path(self.hit, self.start, other.end, self.letters + other.letters)

    __mul__ = concat

    def inv(self) -> Path:
        """The inverse path ``end ~> start``."""
        return Path(self.hit, self.end, self.start, invert(self.letters))

    __invert__ = inv

    def __pow__(self, n: int) -> Path:
        if not self.is_loop:
            raise HottError(f"only a loop has powers; {self} goes {self.start} ~> {self.end}")
        if not isinstance(n, int):
            raise HottError(f"a path power must be an integer, got {n!r}")
        base = self.letters if n >= 0 else invert(self.letters)
        return Path(self.hit, self.start, self.end, base * abs(n))

    def _same_hit(self, other: Path) -> None:
        if not isinstance(other, Path) or other.hit != self.hit:
            raise HottError(f"{other!r} is not a path of {self.hit.name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Path):
            return NotImplemented
        return (self.hit, self.start, self.end, self.reduced) == (
            other.hit,
            other.start,
            other.end,
            other.reduced,
        )

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.reduced))

    def __str__(self) -> str:
        return format_word(self.letters) if self.letters else f"refl_{self.start}"

    def __repr__(self) -> str:
        return f"Path({self.hit.name}: {self.start} ~> {self.end}, {str(self)!r})"
