"""Evaluating a checked module's definitions, and closed terms, in the model.

One :class:`~hott.lang.model.interpret.Interpreter` per module keeps the compiled code and the
HITs built; :func:`evaluate` and :func:`evaluate_term` read the value back as Python data or
``hott`` objects (:mod:`hott.lang.model.readback`); :func:`closed_term` keeps the model value
(a type stays a type: how ``hott.load_hit`` reads ``Susp Bool``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hott.lang.context import Cxt
from hott.lang.declarations import close_holes, zonk
from hott.lang.elaboration import Elaborator
from hott.lang.errors import ErrorKind, LangError
from hott.lang.evaluation import quote
from hott.lang.model.interpret import Interpreter
from hott.lang.model.readback import readback
from hott.lang.module import Module
from hott.lang.parser import parse_term
from hott.lang.syntax import Tm
from hottbridge.errors import HottError

__all__ = ["closed_term", "evaluate", "evaluate_term", "interpreter"]


def interpreter(module: Module) -> Interpreter:
    """The model interpreter of ``module`` (one per module: compiled code and HITs are kept)."""
    found = getattr(module, "_model_interpreter", None)
    if found is None:
        found = Interpreter(module.sig, module.path, frozenset(e.name for e in module.entries))
        module._model_interpreter = found  # type: ignore[attr-defined]
    return found


def evaluate(module: Module, name: str) -> Any:
    """The value in the model of the definition (or constructor) ``name`` of ``module``."""
    interp = interpreter(module)
    entry = module.sig.globals.get(name)
    if entry is None:
        raise LangError(ErrorKind.SCOPE, f"'{name}' is not declared", path=module.path)
    return _guard(interp, name, lambda: readback(
        interp, interp.value(name), interp.run(entry.type_tm, (), name), name))


def evaluate_term(module: Module, text: str) -> Any:
    """The value in the model of a closed term written in the language, checked against
    ``module``, read back."""
    interp = interpreter(module)
    tm, type_tm = _elaborate(module, text)
    return _guard(interp, "<term>", lambda: readback(
        interp, interp.run(tm, (), "<term>"), interp.run(type_tm, (), "<term>"), "<term>"))


def closed_term(module: Module, text: str) -> Any:
    """The model value of a closed term checked against ``module``, not read back."""
    interp = interpreter(module)
    tm, _ = _elaborate(module, text)
    return _guard(interp, "<term>", lambda: interp.run(tm, (), "<term>"))


def _elaborate(module: Module, text: str) -> tuple[Tm, Tm]:
    """The closed term ``text`` elaborated against ``module``, and its type (both core terms)."""
    term = parse_term(text, path=module.path)
    sig = module.sig.copy()
    el = Elaborator(sig, path=module.path)
    try:
        tm, type_v = el.infer(Cxt(), term)
        close_holes(el, 0)
    except LangError as exc:
        exc.span = exc.span or term.span
        raise
    return zonk(sig, 0, tm), zonk(sig, 0, quote(sig, 0, type_v))


def _guard(interp: Interpreter, name: str, work: Callable[[], Any]) -> Any:
    """Run ``work``; deep recursion and errors of ``hott`` become LangErrors naming ``name``."""
    try:
        return work()
    except LangError:
        raise
    except RecursionError:
        raise LangError(ErrorKind.LIMIT, f"evaluating '{name}' nests too deeply",
                        path=interp.path) from None
    except HottError as exc:
        raise LangError(ErrorKind.NOT_IN_MODEL, f"'{name}': {exc.message}",
                        path=interp.path) from None
