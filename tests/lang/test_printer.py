"""The printer of hott.lang: fewest parentheses, notation back, and parse ∘ render = id."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott.lang import presyntax as ps
from hott.lang.parser import parse, parse_term
from hott.lang.printer import render, render_decl, render_program

E, I = ps.Icit.EXPL, ps.Icit.IMPL
V = ps.Var


def app(f, *args):
    return functools.reduce(ps.App, args, f)


def concat(p, q):
    return app(V("concat"), p, q)


def inv(p):
    return app(V("inv"), p)


def arrow(a, b):
    return ps.Pi("_", E, a, b)


RENDERED = [
    (concat(V("p"), concat(V("q"), V("r"))), "p · q · r"),
    (concat(concat(V("p"), V("q")), V("r")), "(p · q) · r"),
    (inv(app(V("f"), V("p"))), "(f p)⁻¹"),
    (app(V("f"), inv(V("p"))), "f p⁻¹"),
    (inv(concat(V("p"), V("q"))), "(p · q)⁻¹"),
    (concat(inv(V("q")), inv(V("p"))), "q⁻¹ · p⁻¹"),
    (inv(inv(V("p"))), "p⁻¹⁻¹"),
    (app(V("compose"), V("g"), V("f")), "g ∘ f"),
    (app(V("ap"), app(V("compose"), V("g"), V("f")), V("p")), "ap (g ∘ f) p"),
    (app(V("concat"), V("p")), "concat p"),
    (app(concat(V("p"), V("q")), V("r")), "(p · q) r"),
    (ps.App(app(V("concat"), V("p")), V("q"), I), "concat p {q}"),
    (ps.Eq(concat(V("p"), V("q")), V("r")), "p · q = r"),
    (ps.Eq(V("a"), ps.Eq(V("b"), V("c"))), "a = (b = c)"),
    (ps.Pi("x", E, V("A"), ps.Pi("y", E, V("A"), V("B"))), "(x y : A) -> B"),
    (ps.Pi("A", I, ps.Universe(0), arrow(V("A"), V("A"))), "{A : Type} -> A -> A"),
    (arrow(arrow(V("A"), V("B")), V("C")), "(A -> B) -> C"),
    (arrow(ps.Eq(V("a"), V("b")), ps.Eq(V("c"), V("d"))), "a = b -> c = d"),
    (arrow(ps.Sigma("_", V("A"), V("B")), V("C")), "A * B -> C"),
    (ps.Sigma("_", arrow(V("A"), V("B")), V("C")), "(A -> B) * C"),
    (ps.Sigma("x", V("A"), ps.Sigma("y", V("A"), V("B"))), "(x y : A) * B"),
    (ps.Sigma("_", ps.Sigma("_", V("A"), V("B")), V("C")), "(A * B) * C"),
    (arrow(ps.Ann(V("x"), V("A")), V("B")), "((x : A)) -> B"),
    (arrow(ps.Ann(app(V("f"), ps.Num(1)), V("A")), V("B")), "(f 1 : A) -> B"),
    (ps.Lam("A", I, None, ps.Lam("x", E, V("A"), ps.Lam("y", E, V("A"), ps.Lam(
        "z", E, None, V("x"))))), "fun {A} (x y : A) z => x"),
    (app(V("f"), ps.Lam("x", E, None, V("x"))), "f (fun x => x)"),
    (arrow(V("A"), ps.Lam("x", E, None, V("x"))), "A -> fun x => x"),
    (ps.Let("x", None, V("t"), ps.Let("y", V("A"), V("x"), V("y"))),
     "let x := t in let y : A := x in y"),
    (ps.Pair(V("a"), ps.Pair(V("b"), V("c"))), "(a, b, c)"),
    (ps.Pair(ps.Pair(V("a"), V("b")), V("c")), "((a, b), c)"),
    (ps.Proj(app(V("f"), V("p")), 1), "(f p).1"),
    (app(V("f"), ps.Proj(V("p"), 2)), "f p.2"),
    (app(V("f"), ps.Num(-3)), "f -3"),
    (app(ps.Universe(0), ps.Num(1)), "(Type) 1"),
    (app(V("f"), ps.Universe(0), ps.Num(1)), "(f Type) 1"),
    (app(V("f"), ps.Universe(1)), "f Type 1"),
    (app(V("f"), ps.Hole(), ps.App(V("g"), V("a"), I)), "f _ (g {a})"),
]


@pytest.mark.parametrize(("term", "text"), RENDERED, ids=[t for _, t in RENDERED])
def test_render_uses_notation_and_the_fewest_parentheses(term: ps.Term, text: str) -> None:
    assert render(term) == text
    assert parse_term(text) == term


def test_numerals_beyond_pythons_str_limit() -> None:
    value = -(10 ** 6000) + 7
    assert render(ps.Num(value)) == "-" + "9" * 5999 + "3"
    assert parse_term(render(ps.Num(value))) == ps.Num(value)


PROGRAM = """hit S1 where
  base : S1
  loop : base = base

def id {A : Type} (x y _ : A) {z : A} : A := x

axiom funext {A : Type} {B : A -> Type} (f g : (x : A) -> B x) : ((x : A) -> f x = g x) -> f = g

data Empty where
"""


def test_declarations_print_back_to_their_text() -> None:
    program = parse(PROGRAM)
    assert render_program(program) == PROGRAM
    assert render_decl(program.decls[1]) == "def id {A : Type} (x y _ : A) {z : A} : A := x"
    assert render_program(ps.Program(())) == "\n"


# --- parse ∘ render = id on random well-formed presyntax ------------------------------------

NAMES = ["x", "y", "f", "A", "B", "p", "use-implicit", "concat_p1", "x'", "_x", "x-1", "a0",
         "concat", "inv", "compose", "Types", "define", "funny"]
names = st.sampled_from(NAMES)
binder_names = st.sampled_from([*NAMES[:6], "_"])
icits = st.sampled_from([E, I])

leaves = st.one_of(
    names.map(ps.Var),
    st.just(ps.Hole()),
    st.integers(0, 3).map(ps.Universe),
    st.integers(-10 ** 30, 10 ** 30).map(ps.Num),
)


def _extend(t: st.SearchStrategy) -> st.SearchStrategy:
    maybe = st.none() | t
    return st.one_of(
        st.builds(ps.Pi, binder_names, icits, t, t),
        st.builds(ps.Lam, binder_names, icits, maybe, t),
        st.builds(ps.App, t, t, icits),
        st.builds(ps.Sigma, binder_names, t, t),
        st.builds(ps.Pair, t, t),
        st.builds(ps.Proj, t, st.sampled_from([1, 2])),
        st.builds(ps.Let, binder_names, maybe, t, t),
        st.builds(ps.Eq, t, t),
        st.builds(ps.Ann, t, t),
        st.builds(concat, t, t),
        st.builds(inv, t),
        st.builds(lambda g, f: app(V("compose"), g, f), t, t),
    )


terms = st.recursive(leaves, _extend, max_leaves=24)


@settings(deadline=5000)
@given(terms)
def test_parse_of_render_is_the_identity_on_terms(term: ps.Term) -> None:
    assert parse_term(render(term)) == term


binders = st.builds(ps.Binder, binder_names, icits, terms)
decl_names = st.sampled_from([n for n in NAMES if n != "_"])
constructors = st.lists(st.builds(ps.Constructor, decl_names, terms), max_size=3).map(tuple)
decls = st.one_of(
    st.builds(ps.Def, decl_names, st.lists(binders, max_size=3).map(tuple), terms, terms),
    st.builds(ps.Axiom, decl_names, st.lists(binders, max_size=3).map(tuple), terms),
    st.builds(ps.Data, decl_names, st.lists(binders, max_size=2).map(tuple), constructors),
    st.builds(ps.Hit, decl_names, st.lists(binders, max_size=2).map(tuple), constructors),
)


@settings(deadline=5000, max_examples=50)
@given(st.lists(decls, max_size=4))
def test_parse_of_render_is_the_identity_on_programs_and_every_node_has_a_span(declarations: list[ps.Decl]) -> None:
    program = ps.Program(tuple(declarations))
    text = render_program(program)
    parsed = parse(text)
    assert parsed == program
    lines = text.split("\n")
    stack: list[ps.Node] = [parsed]
    while stack:  # every node read has a span inside the text
        node = stack.pop()
        span = node.span
        assert span.source == text and 1 <= span.line <= len(lines)
        width = max(1, len(lines[span.line - 1]))
        assert 1 <= span.column and span.column + span.length - 1 <= width
        for value in vars(node).values():
            stack.extend(v for v in (value if isinstance(value, tuple) else (value,))
                         if isinstance(v, ps.Node))
