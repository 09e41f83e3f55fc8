"""HIT declarations in a small text format (``FILE.hott``), parsed with lark.

    # the torus
    hit T2
    point b
    path p : b -> b
    path q : b -> b
    cell surf : p q p^-1 q^-1

A ``cell`` line takes a word (``at POINT`` for a word that is just ``refl``). Errors carry the
line and column. The type-theory DSL of a later issue will read richer files; this format is
the constructor table of :class:`hott.HIT`, nothing more.
"""

from __future__ import annotations

from pathlib import Path

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput, VisitError

from hott.hit import HIT
from hottbridge.errors import HottError, SourceSpan

GRAMMAR = r"""
start: _NL* header (_NL+ declaration)* _NL*
header: "hit" NAME
?declaration: point | path | cell
point: "point" NAME
path: "path" NAME ":" NAME "->" NAME
cell: "cell" NAME ":" word ("at" NAME)?
word: LETTER+
LETTER: /[A-Za-z_][A-Za-z0-9_'.]*(\^[+-]?[0-9]+)?/
NAME: /[A-Za-z_][A-Za-z0-9_'.]*/
COMMENT: /#[^\n]*/
_NL: /(\r?\n[\t ]*)+/
%import common.WS_INLINE
%ignore WS_INLINE
%ignore COMMENT
"""

_PARSER = Lark(GRAMMAR, parser="lalr")


class _Build(Transformer):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def start(self, items: list) -> HIT:
        name, *declarations = items
        hit = HIT(name)
        for kind, token, args in declarations:
            try:
                hit = getattr(hit, kind)(*args)
            except HottError as error:
                span = SourceSpan(token.line, token.column, len(token), source=self.text)
                raise HottError(error.message, span) from None
        return hit

    def header(self, items: list[Token]) -> str:
        return str(items[0])

    def point(self, items: list[Token]) -> tuple:
        return ("point", items[0], (str(items[0]),))

    def path(self, items: list[Token]) -> tuple:
        return ("path", items[0], tuple(str(t) for t in items))

    def cell(self, items: list) -> tuple:
        name, word, *at = items
        return ("cell", name, (str(name), word, str(at[0]) if at else None))

    def word(self, items: list[Token]) -> str:
        return " ".join(str(t) for t in items)


def parse_hit(text: str) -> HIT:
    """The HIT a ``.hott`` text declares."""
    try:
        tree = _PARSER.parse(text)
    except UnexpectedInput as error:
        span = SourceSpan(error.line, error.column, 1, source=text)
        raise HottError("cannot read this HIT declaration: expected 'hit NAME' first, then "
                        "'point', 'path NAME : A -> B' or 'cell NAME : WORD' lines", span) from None
    try:
        return _Build(text).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, HottError):
            raise error.orig_exc from None
        raise


def load_hit(path: str | Path) -> HIT:
    """Read and parse a ``.hit`` file (:func:`parse_hit`)."""
    path = Path(path)
    if not path.is_file():
        raise HottError(f"no HIT file at {path}")
    return parse_hit(path.read_text(encoding="utf-8"))
