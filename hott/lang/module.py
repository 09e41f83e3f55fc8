"""Checking a program declaration by declaration, and the checked module it yields."""

from __future__ import annotations

from dataclasses import dataclass, field

from hott.lang import presyntax as P
from hott.lang.context import Cxt, render
from hott.lang.declarations import (
    add_global,
    axioms_of,
    close_holes,
    constant,
    lam_over,
    pi_over,
    telescope,
    zonk,
)
from hott.lang.elaboration import Elaborator
from hott.lang.errors import ErrorKind, LangError
from hott.lang.evaluation import evaluate, normalise
from hott.lang.hits import check_hit
from hott.lang.inductive import check_data
from hott.lang.names import to_presyntax
from hott.lang.signature import Signature
from hott.lang.syntax import Tm
from hott.lang.values import GlobalEntry


@dataclass(frozen=True)
class Entry:
    """One checked global as the user sees it: name, kind, printed type, axioms used."""

    name: str
    kind: str
    type: str
    axioms: tuple[str, ...]


@dataclass
class Module:
    """A checked program: its signature (with everything it builds on) and its own entries."""

    sig: Signature
    entries: list[Entry] = field(default_factory=list)
    path: str | None = None

    def entry(self, name: str) -> Entry:
        """The entry called ``name`` (KeyError if the module has none)."""
        return next(e for e in self.entries if e.name == name)

    def normal_form(self, name: str) -> str:
        """The normal form of the definition ``name``, printed."""
        entry = self.sig.globals[name]
        if entry.term is None:
            raise LangError(ErrorKind.SCOPE, f"'{name}' is not a definition", path=self.path)
        return render(to_presyntax(_guard(self.sig, lambda: normalise(self.sig, (), entry.term),
                                          None, self.path)))

    def normalise(self, text: str) -> str:
        """The normal form of a closed term written in the language, printed."""
        from hott.lang.parser import parse_term

        term = parse_term(text, path=self.path)
        sig = self.sig.copy()
        el = Elaborator(sig, path=self.path)

        def run() -> Tm:
            tm, _ = el.infer(Cxt(), term)
            close_holes(el, 0)
            return normalise(sig, (), zonk(sig, 0, tm))

        return render(to_presyntax(_guard(sig, run, term, self.path)))


def _guard(sig: Signature, work, node: P.Node | None, path: str | None):
    """Run ``work`` with a fresh step budget; deep recursion and internal faults become
    LangErrors at ``node``."""
    sig.steps = 0
    span = None if node is None else node.span
    try:
        return work()
    except LangError as exc:
        if exc.path is None and path is not None:
            exc.path = path
        if exc.span is None and span is not None:
            exc.span = span
        raise
    except RecursionError:
        raise LangError(ErrorKind.LIMIT, "nesting too deep to check", span, path=path) from None
    except Exception as exc:
        raise LangError(ErrorKind.INTERNAL, f"{type(exc).__name__}: {exc}", span,
                        path=path) from exc


def check_program(program: P.Program, base: Signature, *, path: str | None = None,
                  internal: bool = False) -> Module:
    """Check each declaration of ``program`` on top of ``base`` (which is not changed).

    ``internal`` (the core only) allows ``Type ω``.
    """
    sig = base.copy()
    module = Module(sig, path=path)
    for decl in program.decls:
        before = set(sig.globals)
        _guard(sig, lambda d=decl: check_decl(sig, d, path, internal), decl, path)
        for name, entry in sig.globals.items():
            if name not in before:
                module.entries.append(Entry(name, entry.kind, render(to_presyntax(entry.type_tm)),
                                            tuple(sorted(entry.axioms))))
    return module


def check_decl(sig: Signature, decl: P.Decl, path: str | None, internal: bool = False) -> None:
    """Check one declaration and add what it declares to ``sig``."""
    el = Elaborator(sig, path=path, forbidden=decl.name if isinstance(decl, P.Def) else None,
                    internal=internal)
    start = len(sig.metas.entries)
    if isinstance(decl, P.Data):
        check_data(el, decl)
        return
    if isinstance(decl, P.Hit):
        check_hit(el, decl)
        return
    cxt, params = telescope(el, decl.binders)
    type_tm, _ = el.check_type(cxt, decl.type)
    if isinstance(decl, P.Axiom):
        close_holes(el, start)
        constant(sig, decl.name, "axiom", zonk(sig, 0, pi_over(params, type_tm)), decl, path)
        return
    body = el.check(cxt, decl.body, evaluate(sig, cxt.env, type_tm))
    close_holes(el, start)
    type_closed = zonk(sig, 0, pi_over(params, type_tm))
    term = zonk(sig, 0, lam_over(params, body))
    add_global(sig, GlobalEntry(decl.name, "def", evaluate(sig, (), type_closed), type_closed,
                                term=term, axioms=axioms_of(sig, type_closed, term),
                                span=decl.span), path)
