"""Higher inductive types: point, path and 2-path constructors; recursion and induction.

For ``hit H params where …`` the generated constants are (parameters implicit):

- ``H-rec (B : Type ω) (case-c …) (x : H params) : B`` — a point case ``Δ -> B``, a path case
  ``Δ -> f a = f b`` and a 2-path case ``Δ -> f p = f q`` where ``f`` replaces each
  constructor by its case; ``H-rec … (c δ) ≡ case-c δ`` definitionally;
- ``H-rec-l : … (δ : Δ) -> ap (H-rec B cases) (l δ) = case-l δ`` for each path constructor
  ``l`` (the book's computation rule, as a generated propositional equality);
- ``H-ind (P : H params -> Type ω) (case-c : Δ -> P (c δ)) (case-l : Δ -> transport P (l δ)
  (f a) = f b) … (x : H params) : P x`` and ``H-ind-l : … -> apd (H-ind P cases) (l δ) =
  case-l δ``. With 2-path constructors, ``H-ind`` is restricted to families of sets: it takes
  ``set-P : (x : H params) (u v : P x) (r s : u = v) -> r = s`` instead of 2-path cases.

Not generated: computation rules for 2-path constructors. Constructor arguments may not
mention ``H`` (no recursive HITs).
"""

from __future__ import annotations

from hott.lang import presyntax as P
from hott.lang.elaboration import Elaborator
from hott.lang.inductive import (
    ConInfo,
    Family,
    add_constructor,
    analyse,
    app,
    declare_family,
    eliminator_type,
    finish_family,
    fresh,
    generated,
    make_reducer,
    pis,
    rename,
    v,
)
from hott.lang.presyntax import OMEGA, Icit


def check_hit(el: Elaborator, decl: P.Hit) -> None:
    """Declare a HIT: type former, constructors, eliminators and path computation rules."""
    fam, cxt = declare_family(el, decl, "hit")
    for ctor in decl.constructors:
        add_constructor(el, fam, analyse(el, fam, cxt, ctor, hit=True), ctor)
    finish_family(el, fam, cxt, decl)
    has_2paths = any(c.kind == "path2" for c in fam.ctors)
    for suffix, dependent in (("rec", False), ("ind", True)):
        _eliminator(el, fam, decl, suffix, dependent=dependent, sets_only=has_2paths)


def _eliminator(el: Elaborator, fam: Family, decl: P.Hit, suffix: str, *, dependent: bool,
                sets_only: bool) -> None:
    used = set(fam.names) | {c.name for c in fam.ctors}
    motive = fresh("P" if dependent else "B", used, el.sig)
    motive_type = (P.Pi("_", Icit.EXPL, fam.applied(), P.Universe(OMEGA)) if dependent
                   else P.Universe(OMEGA))
    case_names = {c.name: fresh(f"case-{c.name}", used, el.sig) for c in fam.ctors}
    points = {c.name: case_names[c.name] for c in fam.ctors if c.kind == "point"}
    image = points if dependent else case_names
    cases: list[tuple[str, P.Term]] = []
    kept: list[ConInfo] = []
    for ctor in fam.ctors:
        args = [v(a) for a, _ in ctor.args]
        if ctor.kind == "point":
            target = app(v(motive), app(v(ctor.name), *args)) if dependent else v(motive)
        elif ctor.kind == "path2" and dependent:
            continue
        else:
            assert ctor.sides is not None
            left, right = (rename(side, image) for side in ctor.sides)
            if dependent:
                left = app(v("transport"), v(motive), app(v(ctor.name), *args), left)
            target = P.Eq(left, right)
        kept.append(ctor)
        cases.append((case_names[ctor.name], pis(ctor.args, target)))
    if dependent and sets_only:
        x, u, w, r, s = (fresh(n, set(used), el.sig) for n in ("x", "u", "v", "r", "s"))
        cases.append((fresh(f"set-{motive}", used, el.sig), pis(
            [(x, fam.applied()), (u, app(v(motive), v(x))), (w, app(v(motive), v(x))),
             (r, P.Eq(v(u), v(w))), (s, P.Eq(v(u), v(w)))], P.Eq(v(r), v(s)))))
    major = fresh("x", used, el.sig)
    type_, arity = eliminator_type(fam, cases, motive=(motive, motive_type), major=major)
    name = f"{fam.name}-{suffix}"
    generated(el, name, "eliminator", type_, decl, arity=arity,
              reduce=make_reducer(name, len(fam.params), kept, len(fam.params) + 1))
    for ctor in kept:
        if ctor.kind == "path":
            _rule(el, fam, decl, name, (motive, motive_type), cases, ctor,
                  case_names[ctor.name], dependent=dependent)


def _rule(el: Elaborator, fam: Family, decl: P.Hit, elim: str, motive: tuple[str, P.Term],
          cases: list[tuple[str, P.Term]], ctor: ConInfo, case: str, *,
          dependent: bool) -> None:
    """``H-rec-l`` / ``H-ind-l``: the computation rule of one path constructor."""
    fn: P.Term = v(elim)
    for param in fam.names:
        fn = P.App(fn, v(param), Icit.IMPL)
    fn = app(fn, v(motive[0]), *(v(c) for c, _ in cases))
    args = [v(a) for a, _ in ctor.args]
    path = app(v(ctor.name), *args)
    lhs = app(v("apd" if dependent else "ap"), fn, path)
    body = pis(ctor.args, P.Eq(lhs, app(v(case), *args)))
    type_ = pis(cases, body)
    type_ = P.Pi(motive[0], Icit.EXPL, motive[1], type_)
    type_ = pis(list(zip(fam.names, fam.surface, strict=True)), type_, Icit.IMPL)
    generated(el, f"{elim}-{ctor.name}", "rule", type_, decl)
