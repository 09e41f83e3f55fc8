"""Presyntax back to ``.hott`` text, with the fewest parentheses and the notation restored.

``render(term)`` is what the parser reads back to the same term (``parse_term(render(t)) == t``
for every term with valid names): ``concat p q`` prints as ``p · q``, ``inv p`` as ``p⁻¹``,
``compose g f`` as ``g ∘ f``; binders with one type are grouped (``(x y : A) -> B``,
``fun x y => t``). Error messages show the checker's terms through this module.
"""

from __future__ import annotations

from hott.lang import presyntax as ps

# Precedence levels, loosest first (the grammar's order).
TERM, SIGMA, EQ, CONCAT, COMPOSE, APP, ATOM = range(7)

_INFIX = {"concat": ("·", CONCAT), "compose": ("∘", COMPOSE)}
_DIGIT_CHUNK = 1_000  # below Python's int/str conversion limit


def render(term: ps.Term) -> str:
    """``term`` as surface text."""
    return _render(term, TERM)


def render_decl(decl: ps.Decl) -> str:
    """One declaration as surface text (constructors on indented lines)."""
    binders = "".join(" " + group for group in _binder_groups(decl.binders))
    if isinstance(decl, ps.Def):
        return f"def {decl.name}{binders} : {render(decl.type)} := {render(decl.body)}"
    if isinstance(decl, ps.Axiom):
        return f"axiom {decl.name}{binders} : {render(decl.type)}"
    keyword = "data" if isinstance(decl, ps.Data) else "hit"
    lines = [f"{keyword} {decl.name}{binders} where"]
    lines.extend(f"  {c.name} : {render(c.type)}" for c in decl.constructors)
    return "\n".join(lines)


def render_program(program: ps.Program) -> str:
    """A whole file: declarations separated by blank lines, ending in a newline."""
    return "".join(render_decl(decl) + "\n\n" for decl in program.decls).rstrip("\n") + "\n"


def _render(term: ps.Term, level: int) -> str:
    text, precedence = _show(term)
    return f"({text})" if precedence < level else text


def _show(term: ps.Term) -> tuple[str, int]:
    """The text of ``term`` and the precedence level it stands at."""
    match term:
        case ps.Var(name=name):
            return name, ATOM
        case ps.Hole():
            return "_", ATOM
        case ps.Num(value=value):
            return _digits(value), ATOM
        case ps.Universe(level=0):
            return "Type", ATOM
        case ps.Universe(level=ps.OMEGA):
            return "Type ω", ATOM  # the checker's limit universe; users cannot write it
        case ps.Universe(level=level):
            return f"Type {_digits(level)}", ATOM
        case ps.Proj(term=inner, index=index):
            return f"{_render(inner, ATOM)}.{index}", ATOM
        case ps.Ann(term=inner, type=type_):
            return f"({render(inner)} : {render(type_)})", ATOM
        case ps.Pair():
            items = []
            while isinstance(term, ps.Pair):
                items.append(term.first)
                term = term.second
            return "(" + ", ".join(render(item) for item in [*items, term]) + ")", ATOM
        case ps.App():
            return _show_app(term)
        case ps.Eq(left=left, right=right):
            return f"{_render(left, CONCAT)} = {_render(right, CONCAT)}", EQ
        case ps.Pi():
            return _show_pi(term), TERM
        case ps.Sigma():
            return _show_sigma(term), SIGMA
        case ps.Lam():
            return _show_lam(term), TERM
        case ps.Let(name=name, type=type_, value=value, body=body):
            annotation = "" if type_ is None else f" : {render(type_)}"
            return f"let {name}{annotation} := {render(value)} in {render(body)}", TERM
    raise TypeError(f"not a presyntax term: {term!r}")


def _notation(term: ps.App) -> str | None:
    """``"inv"``, ``"concat"`` or ``"compose"`` if ``term`` prints as that notation."""
    function = term.function
    if term.icit is not ps.Icit.EXPL:
        return None
    if isinstance(function, ps.Var) and function.name == "inv":
        return "inv"
    if (isinstance(function, ps.App) and function.icit is ps.Icit.EXPL
            and isinstance(function.function, ps.Var) and function.function.name in _INFIX):
        return function.function.name
    return None


def _show_app(term: ps.App) -> tuple[str, int]:
    function, argument = term.function, term.argument
    notation = _notation(term)
    if notation == "inv":
        return f"{_render(argument, ATOM)}⁻¹", ATOM
    if notation is not None:
        symbol, level = _INFIX[notation]
        left = _render(function.argument, level + 1)
        return f"{left} {symbol} {_render(argument, level)}", level
    head = _render(function, APP)
    if term.icit is ps.Icit.IMPL:
        return f"{head} {{{render(argument)}}}", APP
    if isinstance(argument, ps.Num) and _ends_with_type(head):
        head = f"({head})"  # `Type 1` would read as a universe level
    return f"{head} {_render(argument, ATOM)}", APP


def _ends_with_type(text: str) -> bool:
    """Whether ``text`` ends with the keyword ``Type`` (not with a name ending in "Type")."""
    return text == "Type" or text.endswith(" Type")


def _show_pi(term: ps.Pi) -> str:
    if term.name == "_" and term.icit is ps.Icit.EXPL:
        return f"{_domain(term.domain, SIGMA)} -> {render(term.codomain)}"
    names, body = _same_binders(term, ps.Pi)
    return f"{_group(names, term.icit, term.domain)} -> {render(body)}"


def _show_sigma(term: ps.Sigma) -> str:
    if term.name == "_":
        return f"{_domain(term.first, EQ)} * {_render(term.second, SIGMA)}"
    names, body = _same_binders(term, ps.Sigma)
    return f"{_group(names, ps.Icit.EXPL, term.first)} * {_render(body, SIGMA)}"


def _same_binders(term, kind) -> tuple[list[str], ps.Term]:
    """Names of nested ``Pi``/``Sigma`` binders sharing the outer one's icit and type."""
    names, body = [term.name], _body(term)
    while (isinstance(body, kind) and _icit(body) is _icit(term) and _type(body) == _type(term)
           and not (body.name == "_" and _icit(body) is ps.Icit.EXPL)):
        names.append(body.name)
        body = _body(body)
    return names, body


def _body(term: ps.Pi | ps.Sigma) -> ps.Term:
    return term.codomain if isinstance(term, ps.Pi) else term.second


def _type(term: ps.Pi | ps.Sigma) -> ps.Term:
    return term.domain if isinstance(term, ps.Pi) else term.first


def _icit(term: ps.Pi | ps.Sigma) -> ps.Icit:
    return term.icit if isinstance(term, ps.Pi) else ps.Icit.EXPL


def _group(names: list[str], icit: ps.Icit, type_: ps.Term | None) -> str:
    """``(x y : A)``, ``{x : A}``; without a type ``x`` or ``{x y}``."""
    inside = " ".join(names) if type_ is None else f"{' '.join(names)} : {render(type_)}"
    if icit is ps.Icit.IMPL:
        return f"{{{inside}}}"
    return inside if type_ is None else f"({inside})"


def _domain(term: ps.Term, level: int) -> str:
    """The left of ``->``/``*``, parenthesised if it would read as binders ``(x : A) -> B``."""
    text = _render(term, level)
    return f"({text})" if _reads_as_binders(term) else text


def _reads_as_binders(term: ps.Term) -> bool:
    """Whether ``term`` prints as ``(x : A) (y : B)...``, which the parser reads as binders."""
    items = []
    while isinstance(term, ps.App) and _notation(term) is None:
        if term.icit is ps.Icit.IMPL:
            return False
        items.append(term.argument)
        term = term.function
    items.append(term)
    return all(isinstance(item, ps.Ann) and _names_only(item.term) for item in items)


def _names_only(term: ps.Term) -> bool:
    """Whether ``term`` is ``x y _``: names and holes applied explicitly."""
    while isinstance(term, ps.App) and _notation(term) is None:
        if term.icit is ps.Icit.IMPL or not isinstance(term.argument, ps.Var | ps.Hole):
            return False
        term = term.function
    return isinstance(term, ps.Var | ps.Hole)


def _show_lam(term: ps.Lam) -> str:
    groups = []
    while isinstance(term, ps.Lam):
        names, icit, annotation = [term.name], term.icit, term.annotation
        term = term.body
        while isinstance(term, ps.Lam) and term.icit is icit and term.annotation == annotation:
            names.append(term.name)
            term = term.body
        groups.append(_group(names, icit, annotation))
    return f"fun {' '.join(groups)} => {render(term)}"


def _binder_groups(binders: tuple[ps.Binder, ...]) -> list[str]:
    groups: list[str] = []
    index = 0
    while index < len(binders):
        first, names = binders[index], [binders[index].name]
        index += 1
        while (index < len(binders) and binders[index].icit is first.icit
               and binders[index].type == first.type):
            names.append(binders[index].name)
            index += 1
        groups.append(_group(names, first.icit, first.type))
    return groups


def _digits(value: int) -> str:
    """Decimal digits of any int (Python's ``str`` refuses ints of more than ~4300 digits)."""
    if abs(value) < 10 ** _DIGIT_CHUNK:
        return str(value)
    chunks, rest = [], abs(value)
    while rest:
        rest, chunk = divmod(rest, 10 ** _DIGIT_CHUNK)
        chunks.append(chunk)
    text = str(chunks[-1]) + "".join(str(c).zfill(_DIGIT_CHUNK) for c in reversed(chunks[:-1]))
    return "-" + text if value < 0 else text
