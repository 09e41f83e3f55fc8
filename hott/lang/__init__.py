"""hott.lang: a dependent type checker for book HoTT, with higher inductive types.

``check_text`` / ``check_file`` check a ``.hott`` program (on top of the core and, by default,
the shipped prelude) and return the checked :class:`Module`; every error is a
:class:`~hott.lang.errors.LangError` (a ``HottError``) with a source span. This layer does not
import the combinatorial model of ``hott``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from hott.lang.builtins import core_program, declare_primitives
from hott.lang.errors import ErrorKind, LangError
from hott.lang.module import Entry, Module, check_program
from hott.lang.parser import parse
from hott.lang.signature import Signature

__all__ = ["Entry", "ErrorKind", "LangError", "Module", "check_file", "check_text", "evaluate"]


@cache
def _core() -> Signature:
    sig = Signature()
    declare_primitives(sig)
    return check_program(core_program(), sig, path="<core>", internal=True).sig


@cache
def _prelude() -> Signature:
    prelude = resources.files("hott.lang").joinpath("prelude.hott")
    if not prelude.is_file():
        return _core()
    text = prelude.read_text(encoding="utf-8")
    return check_program(parse(text, path="prelude.hott"), _core(), path="prelude.hott").sig


def check_text(text: str, *, prelude: bool = True, path: str | None = None) -> Module:
    """Check the program ``text``; ``path`` names it in errors."""
    program = parse(text, path=path)
    return check_program(program, _prelude() if prelude else _core(), path=path)


def check_file(path: str | Path, *, prelude: bool = True) -> Module:
    """Check the ``.hott`` file at ``path``."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LangError(ErrorKind.PARSE, f"{name} is not UTF-8 text ({exc.reason})",
                        path=name) from None
    except OSError as exc:
        raise LangError(ErrorKind.PARSE, f"cannot read {name}: {exc.strerror}",
                        path=name) from None
    return check_text(text, prelude=prelude, path=name)


def evaluate(module: Module, name: str) -> object:
    """The value of ``name`` in the groupoid model of cell complexes (:mod:`hott.lang.model`;
    imported only when called, so checking never loads the model)."""
    from hott.lang.model import evaluate as evaluate_in_model

    return evaluate_in_model(module, name)
