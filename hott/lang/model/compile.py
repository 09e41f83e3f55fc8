"""Core terms compiled into Python closures over an environment tuple.

De Bruijn index ``i`` is ``env[-1 - i]``, so a definition is translated once and run many
times; a closed compound term is evaluated once, when first needed, and shared. Mixed into
:class:`~hott.lang.model.interpret.Interpreter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hott.lang import syntax as S
from hott.lang.errors import LangError
from hott.lang.model.terms import mentions_binder
from hott.lang.model.values import Fn, Pair, Prim, TUniv

__all__ = ["Code", "Compiler", "shared"]

Code = Callable[[tuple], Any]


class Compiler:
    """Compilation of core terms (needs the interpreter's ``value``, ``apply``, ``pi``, ...)."""

    def run(self, tm: S.Tm, env: tuple, origin: str) -> Any:
        """Evaluate ``tm`` in ``env`` (uncached compilation)."""
        return self.compile(tm, origin)(env)

    def compile(self, tm: S.Tm, origin: str) -> Code:
        """``tm`` as a Python function of its environment."""
        return self._compile(tm, origin)[0]

    def _compile(self, tm: S.Tm, origin: str) -> tuple[Code, int]:
        """The code of ``tm`` and how many innermost variables it needs; a closed compound
        term is evaluated once, when first needed, and shared."""
        code, needs = self._compile_node(tm, origin)
        if needs == 0 and isinstance(tm, (S.App, S.Id, S.Pi, S.Sigma, S.Proj, S.Let, S.Pair)):
            return shared(code), 0
        return code, needs

    def _compile_node(self, tm: S.Tm, origin: str) -> tuple[Code, int]:
        match tm:
            case S.Var(ix):
                k = -1 - ix
                return (lambda env: env[k]), ix + 1
            case S.Glob(name):
                value = self.value
                return shared(lambda env: value(name)), 0
            case S.U(level):
                universe = TUniv(level)
                return (lambda env: universe), 0
            case S.Lit(value):  # a Nat numeral is its int
                return (lambda env: value), 0
            case S.App():
                return self._compile_app(tm, origin)
            case S.Lam(_, _, body):
                code, needs = self._compile(body, origin)
                const = not mentions_binder(body)
                return (lambda env: Fn(code, env, const, origin)), max(needs - 1, 0)
            case S.Pi(_, _, dom, cod) | S.Sigma(_, dom, cod):
                (d, n1), (c, n2) = self._compile(dom, origin), self._compile(cod, origin)
                const = not mentions_binder(cod)
                former = self.pi if isinstance(tm, S.Pi) else self.sigma
                return (lambda env: former(d(env), Fn(c, env, const, origin), origin)), max(
                    n1, n2 - 1, 0)
            case S.Pair(first, second):
                (f, n1), (s, n2) = self._compile(first, origin), self._compile(second, origin)
                return (lambda env: Pair(f(env), s(env))), max(n1, n2)
            case S.Proj(term, index):
                t, n = self._compile(term, origin)
                return (lambda env: self.project(t(env), index, origin)), n
            case S.Let(_, _, value, body):
                (v, n1), (b, n2) = self._compile(value, origin), self._compile(body, origin)
                return (lambda env: b((*env, v(env)))), max(n1, n2 - 1, 0)
            case S.Id(type_, left, right):
                (a, n1), (lft, n2), (rgt, n3) = (self._compile(t, origin)
                                                 for t in (type_, left, right))
                return (lambda env: self.identity_type(a(env), lft(env), rgt(env), origin)
                        ), max(n1, n2, n3)
        self.fail(origin, f"the term {type(tm).__name__} has no interpretation")

    def _compile_app(self, tm: S.App, origin: str) -> tuple[Code, int]:
        count, inner = 0, tm
        while isinstance(inner, S.App) and inner.function == S.Glob("suc"):
            count, inner = count + 1, inner.argument
        if count:
            base, needs = self._compile(inner, origin)
            return (lambda env: self._int(base(env), "suc", origin) + count), needs
        spine: list[S.Tm] = []
        head: S.Tm = tm
        while isinstance(head, S.App):
            spine.append(head.argument)
            head = head.function
        spine.reverse()
        fn, needs = self._compile(head, origin)
        args = [self._compile(a, origin) for a in spine]
        codes = tuple(code for code, _ in args)
        needs = max([needs, *(n for _, n in args)])
        apply, n = self.apply, len(codes)

        def run(env: tuple) -> Any:
            try:
                f = fn(env)
                if type(f) is Prim and not f.args and f.arity == n:
                    return f.run(tuple([code(env) for code in codes]))
                if type(f) is Fn and n == 1:
                    return f.body((*f.env, codes[0](env)))
                for code in codes:
                    f = apply(f, code(env), origin)
                return f
            except LangError as error:
                if getattr(error, "unplaced", False):
                    raise self.placed(error, origin) from None
                raise

        return run, needs


def shared(code: Code) -> Code:
    """``code`` of a closed term, run once (on first use) and its value kept."""
    memo: list[Any] = []

    def run(env: tuple) -> Any:
        if not memo:
            memo.append(code(()))
        return memo[0]

    return run
