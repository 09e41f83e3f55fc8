"""The parser of hott.lang: each syntax feature, layout, spans, and errors as LangError only."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hott.lang import presyntax as ps
from hott.lang.errors import ErrorKind, LangError
from hott.lang.parser import MAX_DEPTH, MAX_NUMERAL_DIGITS, parse, parse_term

E, I = ps.Icit.EXPL, ps.Icit.IMPL
V = ps.Var


def app(f, *args):
    return functools.reduce(ps.App, args, f)


def arrow(a, b):
    return ps.Pi("_", E, a, b)


TERMS = [
    ("x", V("x")),
    ("use-implicit", V("use-implicit")),
    ("concat_p1", V("concat_p1")),
    ("x'", V("x'")),
    ("x-1", V("x-1")),
    ("_x", V("_x")),
    ("Types", V("Types")),
    ("define", V("define")),
    ("_", ps.Hole()),
    ("Type", ps.Universe(0)),
    ("Type 0", ps.Universe(0)),
    ("Type 2", ps.Universe(2)),
    ("(x : A) -> B x", ps.Pi("x", E, V("A"), app(V("B"), V("x")))),
    ("(x y : A) -> B", ps.Pi("x", E, V("A"), ps.Pi("y", E, V("A"), V("B")))),
    ("(x : A) {y : B} -> C", ps.Pi("x", E, V("A"), ps.Pi("y", I, V("B"), V("C")))),
    ("{x : A} -> B", ps.Pi("x", I, V("A"), V("B"))),
    ("(_ : A) -> B", arrow(V("A"), V("B"))),
    ("A -> B -> C", arrow(V("A"), arrow(V("B"), V("C")))),
    ("(A -> B) -> C", arrow(arrow(V("A"), V("B")), V("C"))),
    ("A → B", arrow(V("A"), V("B"))),
    ("a->b", arrow(V("a"), V("b"))),
    ("a--b", V("a")),
    ("fun x => x", ps.Lam("x", E, None, V("x"))),
    ("λ x => x", ps.Lam("x", E, None, V("x"))),
    ("fun x y => x", ps.Lam("x", E, None, ps.Lam("y", E, None, V("x")))),
    ("fun (x : A) => x", ps.Lam("x", E, V("A"), V("x"))),
    ("fun (x y : A) => x", ps.Lam("x", E, V("A"), ps.Lam("y", E, V("A"), V("x")))),
    ("fun {x} => x", ps.Lam("x", I, None, V("x"))),
    ("fun {x : A} _ => x", ps.Lam("x", I, V("A"), ps.Lam("_", E, None, V("x")))),
    ("f a b", app(V("f"), V("a"), V("b"))),
    ("f {a} b", ps.App(ps.App(V("f"), V("a"), I), V("b"))),
    ("f (g a)", app(V("f"), app(V("g"), V("a")))),
    ("(x : A) * B x", ps.Sigma("x", V("A"), app(V("B"), V("x")))),
    ("A * B * C", ps.Sigma("_", V("A"), ps.Sigma("_", V("B"), V("C")))),
    ("A × B", ps.Sigma("_", V("A"), V("B"))),
    ("A * B -> C", arrow(ps.Sigma("_", V("A"), V("B")), V("C"))),
    ("(a, b)", ps.Pair(V("a"), V("b"))),
    ("(a, b, c)", ps.Pair(V("a"), ps.Pair(V("b"), V("c")))),
    ("p.1", ps.Proj(V("p"), 1)),
    ("p.2.1", ps.Proj(ps.Proj(V("p"), 2), 1)),
    ("f p.1", app(V("f"), ps.Proj(V("p"), 1))),
    ("let x : A := t in u", ps.Let("x", V("A"), V("t"), V("u"))),
    ("let x := t in u", ps.Let("x", None, V("t"), V("u"))),
    ("3", ps.Num(3)),
    ("-3", ps.Num(-3)),
    ("f -3", app(V("f"), ps.Num(-3))),
    ("a = b", ps.Eq(V("a"), V("b"))),
    ("p · q", app(V("concat"), V("p"), V("q"))),
    ("p @ q", app(V("concat"), V("p"), V("q"))),
    ("p · q · r", app(V("concat"), V("p"), app(V("concat"), V("q"), V("r")))),
    ("p⁻¹", app(V("inv"), V("p"))),
    ("p^-1", app(V("inv"), V("p"))),
    ("p⁻¹⁻¹", app(V("inv"), app(V("inv"), V("p")))),
    ("f p⁻¹", app(V("f"), app(V("inv"), V("p")))),
    ("(f p)⁻¹", app(V("inv"), app(V("f"), V("p")))),
    ("p.1⁻¹", app(V("inv"), ps.Proj(V("p"), 1))),
    ("g ∘ f", app(V("compose"), V("g"), V("f"))),
    ("(t : A)", ps.Ann(V("t"), V("A"))),
    ("f (x : A)", app(V("f"), ps.Ann(V("x"), V("A")))),
    ("((x : A)) -> B", arrow(ps.Ann(V("x"), V("A")), V("B"))),
    ("(f 1 : A) -> B", arrow(ps.Ann(app(V("f"), ps.Num(1)), V("A")), V("B"))),
    ("(Type) 1", app(ps.Universe(0), ps.Num(1))),
    # precedence: postfix ⁻¹ and .1, application, ∘, ·, =, *, -> (loosest)
    ("p · q⁻¹ = r -> A * B",
     arrow(ps.Eq(app(V("concat"), V("p"), app(V("inv"), V("q"))), V("r")),
           ps.Sigma("_", V("A"), V("B")))),
    ("a = b * c = d", ps.Sigma("_", ps.Eq(V("a"), V("b")), ps.Eq(V("c"), V("d")))),
    ("g ∘ f · h", app(V("concat"), app(V("compose"), V("g"), V("f")), V("h"))),
    ("A -> fun x => x", arrow(V("A"), ps.Lam("x", E, None, V("x")))),
]


@pytest.mark.parametrize(("text", "expected"), TERMS, ids=[t for t, _ in TERMS])
def test_each_term_form_reads_as_its_presyntax(text: str, expected: ps.Term) -> None:
    assert parse_term(text) == expected


def test_declarations_binders_and_where_blocks() -> None:
    text = """-- the circle
hit S1 where
  base : S1
  loop : base = base

def id {A : Type} (x y : A) (_ : A) : A :=
  x -- the first
axiom funext {A : Type} {B : A -> Type} (f g : (x : A) -> B x) :
  ((x : A) -> f x = g x) -> f = g
hit Susp (A : Type) where north : Susp A; south : Susp A; merid : A -> north = south
data T where
  a : T
    -- a comment line inside the block
-- and one in column 1
  b : T ->
      T
data Empty where
"""
    program = parse(text, "prelude.hott")
    assert [type(d).__name__ for d in program.decls] == ["Hit", "Def", "Axiom", "Hit", "Data",
                                                          "Data"]
    s1, id_, funext, susp, t, empty = program.decls
    assert s1.constructors == (ps.Constructor("base", V("S1")),
                               ps.Constructor("loop", ps.Eq(V("base"), V("base"))))
    assert id_.binders == (ps.Binder("A", I, ps.Universe(0)), ps.Binder("x", E, V("A")),
                           ps.Binder("y", E, V("A")), ps.Binder("_", E, V("A")))
    assert (id_.type, id_.body) == (V("A"), V("x"))
    assert [b.name for b in funext.binders] == ["A", "B", "f", "g"]
    assert funext.type == arrow(ps.Pi("x", E, V("A"), ps.Eq(app(V("f"), V("x")),
                                                            app(V("g"), V("x")))),
                                ps.Eq(V("f"), V("g")))
    assert [c.name for c in susp.constructors] == ["north", "south", "merid"]
    assert susp.binders == (ps.Binder("A", E, ps.Universe(0)),)
    assert t.constructors[1] == ps.Constructor("b", arrow(V("T"), V("T")))
    assert empty.constructors == ()
    assert program.path == "prelude.hott" and program.source == text


def test_spans_point_at_the_text() -> None:
    text = "def f : A :=\n  g (x : A) · p⁻¹"
    body = parse(text).decls[0].body
    concat_head = body.function.function
    assert (body.span.line, body.span.column, body.span.length) == (2, 3, 15)
    assert (concat_head.name, concat_head.span.line, concat_head.span.column) == ("concat", 2, 13)
    ann = body.function.argument.argument
    assert (ann.span.column, ann.span.length) == (5, 7)
    inv = body.argument
    assert (inv.function.span.column, inv.function.span.length) == (16, 2)
    assert body.span.source == text
    pi = parse_term("(x y : A) -> B")
    assert (pi.span.column, pi.codomain.span.column) == (1, 4)


def test_crlf_blank_lines_and_trailing_comments() -> None:
    text = "def a : A := b\r\n\r\n-- end\r\ndef c : C :=\r\n  d -- d\r\n"
    assert [d.name for d in parse(text).decls] == ["a", "c"]
    assert parse("") == ps.Program(())
    assert parse("-- only a comment\n\n") == ps.Program(())


def test_big_and_negative_numerals() -> None:
    digits = "9" * 5000  # more than Python's default int/str conversion limit
    assert parse_term(digits) == ps.Num(10 ** 5000 - 1)
    assert parse_term("-" + digits) == ps.Num(-(10 ** 5000 - 1))
    with pytest.raises(LangError) as info:
        parse_term("1" * (MAX_NUMERAL_DIGITS + 1))
    assert info.value.kind is ErrorKind.LIMIT


ERRORS = [
    # text, line, column, a word of the message
    ("def f : A := (x : A", 1, 20, "end of the text"),
    ("def f : A :=\nx", 2, 1, "column 1"),
    ("def f : A := x )", 1, 16, "')'"),
    ("def f A := x", 1, 7, "name 'A'"),
    ("  def f : A := x", 1, 3, "column 1"),
    ("def f : A := fun in => x", 1, 18, "'in'"),
    ("def f : A := p.3", 1, 15, ".1 and .2"),
    ("def f : A := ٣", 1, 14, "ASCII digits"),
    ("def f : A := x\ty ?", 1, 18, "'?'"),
    ("def f : A := Type -1", 1, 19, "natural number"),
    ("def f : A := {x : A} x", 1, 14, "needs a function"),
    ("def f : A := g {x : A}", 1, 16, "only before '->'"),
    ("def f : A := {x : A}", 1, 14, "followed by '->'"),
    ("def f : A := {x : A} * B", 1, 14, "explicit"),
    ("def f : A := a = b = c", 1, 20, "'='"),
    ("hit T where\n    a : T\n  b : T", 3, 3, "indented less"),
    ("data where", 1, 6, "'where'"),
    ("def f : A := x\rb", 1, 15, "U+000D"),
    ("def f : A := fun x => x\n  def g : A := y", 2, 3, "'def'"),
]


@pytest.mark.parametrize(("text", "line", "column", "word"), ERRORS,
                         ids=[t for t, *_ in ERRORS])
def test_parse_errors_name_the_place_and_the_token(text, line, column, word) -> None:
    with pytest.raises(LangError) as info:
        parse(text, "bad.hott")
    error = info.value
    assert error.kind is ErrorKind.PARSE
    assert (error.span.line, error.span.column) == (line, column)
    assert word in error.detail
    assert error.render().startswith(f"bad.hott:{line}:{column}: parse error")


def test_expected_tokens_are_listed() -> None:
    with pytest.raises(LangError) as info:
        parse("def f : A := (a, b")
    assert info.value.detail == "unexpected end of the text; expected ',' or ')'"


def test_parse_term_errors_point_into_the_term() -> None:
    with pytest.raises(LangError) as info:
        parse_term("f\n  (x : ")
    assert (info.value.span.line, info.value.span.column) == (2, 7)


@pytest.mark.parametrize("text", [
    "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "f" + " x" * (MAX_DEPTH + 1),
    "fun" + " x" * (MAX_DEPTH + 1) + " => x",
    " -> ".join(["A"] * (MAX_DEPTH + 2)),
])
def test_deep_nesting_is_a_limit_error(text: str) -> None:
    with pytest.raises(LangError) as info:
        parse_term(text)
    assert info.value.kind is ErrorKind.LIMIT


def test_nesting_below_the_limit_is_read() -> None:
    depth = MAX_DEPTH // 2
    assert parse_term("(" * depth + "x" + ")" * depth) == V("x")
    assert parse_term("f" + " x" * depth) == app(V("f"), *[V("x")] * depth)


def _only_lang_errors(text: str) -> None:
    try:
        parse(text)
    except LangError as error:
        assert error.kind in {ErrorKind.PARSE, ErrorKind.LIMIT}
        assert error.span is not None and error.span.line >= 1 and error.span.column >= 1


@settings(deadline=2000, max_examples=300)
@given(st.text(max_size=80))
def test_random_strings_raise_only_lang_errors(text: str) -> None:
    _only_lang_errors(text)


TOKENS = ["def", "axiom", "hit", "data", "where", "fun", "λ", "let", "in", "Type", "_", "x",
          "f", "A", "use-implicit", "x'", "0", "-3", "(", ")", "{", "}", ":", ":=", "=>", "->",
          "→", "*", "×", ",", ".1", ".2", ".3", "=", "·", "@", "∘", "⁻¹", "^-1", ";", "\n",
          "\n  ", "\n    ", "-- c\n", "٣", "?"]


@settings(deadline=2000, max_examples=300)
@given(st.lists(st.sampled_from(TOKENS), max_size=40), st.sampled_from([" ", ""]))
def test_random_token_sequences_raise_only_lang_errors(tokens: list[str], sep: str) -> None:
    _only_lang_errors(sep.join(tokens))


@settings(deadline=2000, max_examples=200)
@given(st.lists(st.sampled_from(TOKENS[5:40]), max_size=30))
def test_random_terms_after_a_header_raise_only_lang_errors(tokens: list[str]) -> None:
    _only_lang_errors("def f (x : A) : " + " ".join(tokens))
