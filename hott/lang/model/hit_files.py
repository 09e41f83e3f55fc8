"""HITs in ``.hott`` files: the type theory's ``hit`` declarations read as :class:`hott.HIT`,
and a ``hott.HIT`` written back as one.

One format for HITs: the file a user type-checks (``hottbridge typecheck --no-prelude``) is the
file ``hott.load_hit``, ``hottbridge hits`` and ``hottbridge check --hit`` read. A HIT file is
checked on the core alone by default (``prelude=False``): constructor names are global, and
the prelude's own HITs already claim ``base``, ``loop``, ``north``, ``south``, ``merid``,
``i0``, ``i1`` and ``seg``. The core still gives ``=``, ``refl``, ``·`` and ``⁻¹`` for 2-path
constructors; ``prelude=True`` reads a file that uses the prelude's definitions.
"""

from __future__ import annotations

import re
from pathlib import Path

from hott.hit import HIT
from hott.lang import check_file, check_text
from hott.lang import syntax as S
from hott.lang.errors import ErrorKind, LangError
from hott.lang.model.evaluate import closed_term, interpreter
from hott.lang.model.values import THit
from hott.lang.module import Module
from hottbridge.errors import HottError

__all__ = ["declared_hits", "hit_in", "hit_source", "load_hit", "split_hit_spec"]

#: a name of the language (hott/lang/grammar.lark, NAME), less its keywords
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_']*(-[A-Za-z0-9_']+)*\Z")
_KEYWORDS = frozenset({"def", "axiom", "data", "hit", "where", "let", "in", "Type", "fun", "_"})


def load_hit(path: str | Path, name: str | None = None, *, prelude: bool = False) -> HIT:
    """The HIT ``name`` declared in the ``.hott`` file at ``path`` (``name`` may be left out
    when the file declares exactly one HIT, and may be a closed type such as ``Susp Bool`` for
    a HIT with parameters). The file is checked first; every error is a ``HottError`` naming
    the file (and line:col, or the HITs it declares)."""
    return hit_in(check_file(path, prelude=prelude), name)


def declared_hits(module: Module, *, parameter_free: bool = False) -> list[str]:
    """The HITs ``module``'s own text declares, in order (only those without parameters if
    ``parameter_free``)."""
    return [e.name for e in module.entries if e.kind == "hit" and not (
        parameter_free and isinstance(module.sig.globals[e.name].type_tm, S.Pi))]


def hit_in(module: Module, name: str | None = None) -> HIT:
    """The HIT ``name`` (a HIT's name or a closed type) of a checked module as a ``hott.HIT``."""
    own = declared_hits(module)
    if name is None:
        if len(own) != 1:
            raise LangError(ErrorKind.SCOPE, f"{_declares(module, own)}: name the HIT to read "
                            "(FILE.hott:NAME)", path=module.path)
        name = own[0]
    entry = module.sig.globals.get(name)
    if entry is not None and entry.kind == "hit" and not isinstance(entry.type_tm, S.Pi):
        return interpreter(module).model(name, ()).hit  # type: ignore[return-value]
    if entry is not None and entry.kind == "hit":
        mine = name in own
        raise LangError(ErrorKind.NOT_IN_MODEL, f"{name} takes parameters: name one instance, "
                        f"e.g. '{name} Bool'", entry.span if mine else None,
                        path=module.path if mine else "prelude.hott")
    if _NAME.match(name) and entry is None:
        raise LangError(ErrorKind.SCOPE, f"no HIT named '{name}': {_declares(module, own)}",
                        path=module.path)
    value = closed_term(module, name)
    if not isinstance(value, THit):
        raise LangError(ErrorKind.NOT_IN_MODEL, f"'{name}' is not a HIT: "
                        f"{_declares(module, own)}", path=module.path)
    return value.model.hit  # type: ignore[no-any-return]


def _declares(module: Module, own: list[str]) -> str:
    """``FILE declares ...``: the HITs of the file with where each is declared."""
    where = module.path or "the text"
    if not own:
        return f"{where} declares no HIT"
    listed = ", ".join(f"{n} ({_at(module, n)})" for n in own)
    return f"{where} declares {len(own)} HIT{'s' if len(own) > 1 else ''}: {listed}"


def _at(module: Module, name: str) -> str:
    span = module.sig.globals[name].span
    return "?" if span is None else f"{module.path or ''}:{span.line}:{span.column}".lstrip(":")


def split_hit_spec(spec: str) -> tuple[str, str | None]:
    """``FILE.hott:NAME`` as ``(FILE.hott, NAME)``; ``FILE.hott`` as ``(FILE.hott, None)``."""
    head, sep, tail = spec.rpartition(":")
    if sep and head.endswith(".hott") and tail:
        return head, tail
    return spec, None


def hit_source(hit: HIT, name: str | None = None) -> str:
    """``hit`` as a ``hit`` declaration of the language, called ``name`` (default its own
    name): points, paths, and each 2-cell as ``c : WORD = refl`` along its attaching word.
    :func:`load_hit` reads it back (with ``prelude=False``) as the same cell complex. A
    ``HottError`` names a cell the language cannot say: a name that is not one of its names
    (or is a keyword or a core name such as ``zero``), or a cell of dimension 3 or more."""
    name = name or hit.name
    if hit.dimension > 2:
        raise HottError(f"{hit.name} has cells of dimension {hit.dimension}; the language has "
                        "point, path and 2-path constructors only")
    reserved = _KEYWORDS | set(check_text("", prelude=False).sig.globals)
    for cell in (name, *hit.points, *hit.paths, *hit.cells(2)):
        if not _NAME.match(cell) or cell in reserved:
            raise HottError(f"{cell!r} (in {hit.name}) cannot be a name in a .hott file: use "
                            "letters, digits, _ and ', not a keyword or a core name "
                            f"({', '.join(sorted(reserved & {'zero', 'suc', 'refl', 'true'}))}, "
                            "...)")
    lines = [f"hit {name} where"]
    lines += [f"  {x} : {name}" for x in hit.points]
    lines += [f"  {e} : {s} = {t}" for e, (s, t) in hit.paths.items()]
    for cell in hit.cells(2):
        word = hit.attaching_word(cell)
        side = " · ".join(g if e == 1 else f"{g}⁻¹" for g, e in word.letters)
        point = word.start
        lines.append(f"  {cell} : {side} = refl" if side else
                     f"  {cell} : Id ({point} = {point}) refl refl")
    return "\n".join(lines) + "\n"
