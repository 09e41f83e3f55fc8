"""Property tests of hott.lang on random typed programs and random text.

- Random well-typed programs (Bool/Nat/function/pair types; λ, application, pairs,
  projections, let, ``Bool-rec``/``Nat-rec``, numerals) are written as source text, checked, and
  their NbE normal form is compared with the normal form of a naive substitution normaliser on
  the generator's own de Bruijn terms (independent of the kernel).
- Conversion is reflexive, symmetric and transitive on random triples, and on closed Bool/Nat
  terms it holds exactly when the naive normal forms agree.
- Random strings, random token sequences and token-level mutations of well-typed programs make
  ``check_text`` either succeed or raise a ``LangError`` (a ``HottError``), never another
  exception nor an internal error, and every check finishes (inputs are bounded; the deadline is
  generous).

Complements tests/lang/test_kernel.py, whose properties run on hand-made core terms.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hott.lang import ErrorKind, LangError, check_text
from hott.lang import syntax as S
from hott.lang.conversion import convertible
from hott.lang.evaluation import evaluate, normalise
from hottbridge.errors import HottError

# --- a small typed language, de Bruijn indices, and its printing ------------------------------
# types: "Bool" | "Nat" | ("->", a, b) | ("*", a, b)
# terms: ("var", i) | ("true",) | ("false",) | ("zero",) | ("suc", t) | ("lam", ty, body)
#        | ("app", f, a) | ("pair", a, b) | ("fst", t) | ("snd", t) | ("let", ty, v, body)
#        | ("boolrec", ty, t, f, b) | ("natrec", ty, z, s, n) | ("num", k) (a numeral)

BASE = ("Bool", "Nat")


def show_type(ty) -> str:
    if isinstance(ty, str):
        return ty
    op, a, b = ty
    return f"({show_type(a)} {op} {show_type(b)})"


def show(tm, depth: int = 0) -> str:
    """Source text of ``tm`` under ``depth`` binders (the binder at level k is ``xk``)."""
    tag = tm[0]
    if tag == "var":
        return f"x{depth - 1 - tm[1]}"
    if tag in ("true", "false", "zero"):
        return tag
    if tag == "num":
        return str(tm[1])
    if tag == "suc":
        return f"suc ({show(tm[1], depth)})"
    if tag == "lam":
        return f"(fun (x{depth} : {show_type(tm[1])}) => {show(tm[2], depth + 1)})"
    if tag == "app":
        return f"({show(tm[1], depth)}) ({show(tm[2], depth)})"
    if tag == "pair":
        return f"({show(tm[1], depth)}, {show(tm[2], depth)})"
    if tag in ("fst", "snd"):
        return f"({show(tm[1], depth)}).{1 if tag == 'fst' else 2}"
    if tag == "let":
        return (f"(let x{depth} : {show_type(tm[1])} := {show(tm[2], depth)} in "
                f"{show(tm[3], depth + 1)})")
    elim = "Bool-rec" if tag == "boolrec" else "Nat-rec"
    args = " ".join(f"({show(t, depth)})" for t in tm[2:])
    return f"({elim} {show_type(tm[1])} {args})"


# --- the naive normaliser: substitution with shifting ------------------------------------------

def shift(tm, by: int, cutoff: int = 0):
    tag = tm[0]
    if tag == "num":
        return tm
    if tag == "var":
        return ("var", tm[1] + by) if tm[1] >= cutoff else tm
    if tag == "lam":
        return ("lam", tm[1], shift(tm[2], by, cutoff + 1))
    if tag == "let":
        return ("let", tm[1], shift(tm[2], by, cutoff), shift(tm[3], by, cutoff + 1))
    if tag in ("boolrec", "natrec"):
        return (tag, tm[1], *(shift(t, by, cutoff) for t in tm[2:]))
    return (tag, *(shift(t, by, cutoff) for t in tm[1:]))


def subst(tm, value, index: int = 0):
    """``tm`` with variable ``index`` replaced by ``value`` (and the variables above it lowered)."""
    tag = tm[0]
    if tag == "num":
        return tm
    if tag == "var":
        if tm[1] == index:
            return shift(value, index)
        return ("var", tm[1] - 1) if tm[1] > index else tm
    if tag == "lam":
        return ("lam", tm[1], subst(tm[2], value, index + 1))
    if tag == "let":
        return ("let", tm[1], subst(tm[2], value, index), subst(tm[3], value, index + 1))
    if tag in ("boolrec", "natrec"):
        return (tag, tm[1], *(subst(t, value, index) for t in tm[2:]))
    return (tag, *(subst(t, value, index) for t in tm[1:]))


def nf(tm):
    """β, ι (``Bool-rec``/``Nat-rec`` on constructors), pair projections and ``let``; no η.
    A numeral is unfolded to its unary ``suc`` chain first."""
    tag = tm[0]
    if tag == "num":
        unary: tuple = ("zero",)
        for _ in range(tm[1]):
            unary = ("suc", unary)
        return unary
    if tag in ("var", "true", "false", "zero"):
        return tm
    if tag == "suc":
        return ("suc", nf(tm[1]))
    if tag == "lam":
        return ("lam", tm[1], nf(tm[2]))
    if tag == "pair":
        return ("pair", nf(tm[1]), nf(tm[2]))
    if tag == "let":
        return nf(subst(tm[3], nf(tm[2])))
    if tag == "app":
        fn, arg = nf(tm[1]), nf(tm[2])
        return nf(subst(fn[2], arg)) if fn[0] == "lam" else ("app", fn, arg)
    if tag in ("fst", "snd"):
        pair = nf(tm[1])
        if pair[0] == "pair":
            return pair[1] if tag == "fst" else pair[2]
        return (tag, pair)
    if tag == "boolrec":
        _, ty, on_true, on_false, b = tm
        b = nf(b)
        if b[0] in ("true", "false"):
            return nf(on_true if b[0] == "true" else on_false)
        return ("boolrec", ty, nf(on_true), nf(on_false), b)
    _, ty, zero, step, n = tm
    n = nf(n)
    if n[0] == "zero":
        return nf(zero)
    if n[0] == "suc":
        return nf(("app", ("app", step, n[1]), ("natrec", ty, zero, step, n[1])))
    return ("natrec", ty, nf(zero), nf(step), n)


def core_type(ty):
    if isinstance(ty, str):
        return ("Glob", ty)
    return ("Pi" if ty[0] == "->" else "Sigma", core_type(ty[1]), core_type(ty[2]))


def to_core(tm):
    """A naive normal form as the name-free shape of the kernel's core terms (where ``zero``
    and ``suc`` of a numeral are numerals)."""
    tag = tm[0]
    if tag == "var":
        return ("Var", tm[1])
    if tag == "zero":
        return ("Lit", 0)
    if tag in ("true", "false"):
        return ("Glob", tag)
    if tag == "suc":
        pred = to_core(tm[1])
        return ("Lit", pred[1] + 1) if pred[0] == "Lit" else ("App", ("Glob", "suc"), pred)
    if tag == "lam":
        return ("Lam", to_core(tm[2]))
    if tag == "app":
        return ("App", to_core(tm[1]), to_core(tm[2]))
    if tag == "pair":
        return ("Pair", to_core(tm[1]), to_core(tm[2]))
    if tag in ("fst", "snd"):
        return ("Proj", to_core(tm[1]), 1 if tag == "fst" else 2)
    out = ("Glob", "Bool-rec" if tag == "boolrec" else "Nat-rec")
    out = ("App", out, core_type(tm[1]))
    for arg in tm[2:]:
        out = ("App", out, to_core(arg))
    return out


def erase(tm: S.Tm):
    """A kernel core term without binder names (they never take part in comparison)."""
    match tm:
        case S.Var(index):
            return ("Var", index)
        case S.Glob(name):
            return ("Glob", name)
        case S.Lit(value):
            return ("Lit", value)
        case S.Lam(_, _, body):
            return ("Lam", erase(body))
        case S.App(fn, arg, _):
            return ("App", erase(fn), erase(arg))
        case S.Pi(_, _, dom, cod):
            return ("Pi", erase(dom), erase(cod))
        case S.Sigma(_, first, second):
            return ("Sigma", erase(first), erase(second))
        case S.Pair(first, second):
            return ("Pair", erase(first), erase(second))
        case S.Proj(term, index):
            return ("Proj", erase(term), index)
    raise AssertionError(f"unexpected in a normal form of the fragment: {tm!r}")


# --- generators -----------------------------------------------------------------------------------

types = st.recursive(st.sampled_from(BASE), lambda sub: st.tuples(
    st.sampled_from(["->", "*"]), sub, sub), max_leaves=3)


@st.composite
def terms(draw, ty, cxt: tuple = (), fuel: int = 3):
    """A term of type ``ty`` in the context ``cxt`` (types, innermost last)."""
    local = [len(cxt) - 1 - lvl for lvl, t in enumerate(cxt) if t == ty]
    forms = ["intro"] + (["var"] if local else [])
    if fuel > 0:
        forms += ["app", "proj", "let", "boolrec", "natrec"]
    form = draw(st.sampled_from(forms))
    smaller = fuel - 1
    if form == "var":
        return ("var", draw(st.sampled_from(local)))
    if form == "intro":
        if ty == "Bool":
            return (draw(st.sampled_from(["true", "false"])),)
        if ty == "Nat":
            n: tuple = ("zero",)
            if draw(st.booleans()):
                n = ("num", draw(st.integers(0, 4)))
            for _ in range(draw(st.integers(0, 3))):
                n = ("suc", n)
            if fuel > 0 and draw(st.booleans()):
                n = ("suc", draw(terms("Nat", cxt, smaller)))
            return n
        if ty[0] == "->":
            return ("lam", ty[1], draw(terms(ty[2], (*cxt, ty[1]), max(smaller, 0))))
        return ("pair", draw(terms(ty[1], cxt, max(smaller, 0))),
                draw(terms(ty[2], cxt, max(smaller, 0))))
    if form == "app":
        arg_ty = draw(types)
        return ("app", draw(terms(("->", arg_ty, ty), cxt, smaller)),
                draw(terms(arg_ty, cxt, smaller)))
    if form == "proj":
        other = draw(types)
        if draw(st.booleans()):
            return ("fst", draw(terms(("*", ty, other), cxt, smaller)))
        return ("snd", draw(terms(("*", other, ty), cxt, smaller)))
    if form == "let":
        let_ty = draw(types)
        return ("let", let_ty, draw(terms(let_ty, cxt, smaller)),
                draw(terms(ty, (*cxt, let_ty), smaller)))
    if form == "boolrec":
        return ("boolrec", ty, draw(terms(ty, cxt, smaller)), draw(terms(ty, cxt, smaller)),
                draw(terms("Bool", cxt, smaller)))
    step = ("lam", "Nat", ("lam", ty, draw(terms(ty, (*cxt, "Nat", ty), smaller))))
    return ("natrec", ty, draw(terms(ty, cxt, smaller)), step, draw(terms("Nat", cxt, smaller)))


@st.composite
def programs(draw, ty_strategy=types):
    ty = draw(ty_strategy)
    return ty, draw(terms(ty))


def checked(ty, tm):
    """The module of ``def t : ty := tm`` and the kernel's core term of ``t``."""
    module = check_text(f"def t : {show_type(ty)} := {show(tm)}", prelude=False, path="p.hott")
    return module, module.sig.globals["t"].term


# --- normalisation ----------------------------------------------------------------------------------

@given(programs())
def test_nbe_agrees_with_naive_substitution(program):
    ty, tm = program
    module, core = checked(ty, tm)
    assert erase(normalise(module.sig, (), core)) == to_core(nf(tm))


def test_naive_normaliser_computes_the_recursors():
    add = ("lam", "Nat", ("lam", "Nat", ("natrec", "Nat", ("var", 0),
                                         ("lam", "Nat", ("lam", "Nat", ("suc", ("var", 0)))),
                                         ("var", 1))))
    two = ("suc", ("suc", ("zero",)))
    assert nf(("app", ("app", add, two), two)) == ("suc", ("suc", two))
    assert nf(("boolrec", "Nat", two, ("zero",), ("false",))) == ("zero",)
    assert nf(("let", "Nat", two, ("fst", ("pair", ("var", 0), ("true",))))) == two


# --- conversion ---------------------------------------------------------------------------------------

def _values(module, cores):
    return [evaluate(module.sig, (), core) for core in cores]


@given(st.data())
def test_conversion_is_an_equivalence(data):
    ty = data.draw(types)
    triple = [data.draw(terms(ty, fuel=2)) for _ in range(3)]
    text = "\n".join(f"def t{i} : {show_type(ty)} := {show(tm)}" for i, tm in enumerate(triple))
    module = check_text(text, prelude=False)
    a, b, c = _values(module, [module.sig.globals[f"t{i}"].term for i in range(3)])
    sig = module.sig
    assert convertible(sig, 0, a, a)
    assert convertible(sig, 0, a, b) == convertible(sig, 0, b, a)
    if convertible(sig, 0, a, b) and convertible(sig, 0, b, c):
        assert convertible(sig, 0, a, c)
    # β-normal forms that agree are convertible (conversion may also identify η-variants)
    for x, y, tx, ty_ in ((a, b, triple[0], triple[1]), (b, c, triple[1], triple[2])):
        if nf(tx) == nf(ty_):
            assert convertible(sig, 0, x, y)


@given(st.sampled_from(BASE), st.data())
def test_conversion_of_closed_data_is_equality_of_normal_forms(ty, data):
    pair = [data.draw(terms(ty, fuel=2)) for _ in range(2)]
    text = "\n".join(f"def t{i} : {ty} := {show(tm)}" for i, tm in enumerate(pair))
    module = check_text(text, prelude=False)
    a, b = _values(module, [module.sig.globals[f"t{i}"].term for i in range(2)])
    assert convertible(module.sig, 0, a, b) == (nf(pair[0]) == nf(pair[1]))


# --- robustness: only LangError, and it finishes ------------------------------------------------

TOKENS = ["def", "axiom", "data", "hit", "where", "let", "in", "fun", "λ", "Type", "Type 1", "_",
          "x", "y", "A", "f", "p", "Nat", "Bool", "true", "false", "zero", "suc", "refl", "J",
          "tt", "absurd", "Empty", "Int", "Unit", "Bool-rec", "Nat-rec", "concat", "inv", "ap",
          "transport", "0", "1", "-1", "7", ":", ":=", "->", "→", "=>", "=", "*", "×", "·", "@",
          "∘", "⁻¹", "^-1", "(", ")", "{", "}", ",", ";", ".1", ".2", "--", "\n", "\n  ",
          "\n    "]
FUZZ = settings(deadline=timedelta(seconds=20), max_examples=150)


def _only_lang_errors(text: str) -> None:
    try:
        check_text(text, prelude=False, path="fuzz.hott")
    except LangError as err:
        assert isinstance(err, HottError)
        assert err.kind is not ErrorKind.INTERNAL, err.render()
        err.render()


@FUZZ
@given(st.text(max_size=200))
def test_random_strings_raise_only_lang_errors(text):
    _only_lang_errors(text)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_random_token_sequences_raise_only_lang_errors(tokens):
    _only_lang_errors(" ".join(tokens))


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=30))
def test_random_definitions_raise_only_lang_errors(tokens):
    _only_lang_errors("def x : " + " ".join(tokens))
    _only_lang_errors("def x (A : Type) (a : A) (p : a = a) : " + " ".join(tokens))


@FUZZ
@given(programs(), st.data())
def test_mutated_programs_raise_only_lang_errors(program, data):
    ty, tm = program
    words = f"def t : {show_type(ty)} := {show(tm)}".replace("(", " ( ").replace(")", " ) ")
    words = words.split()
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(words) - 1))
        action = data.draw(st.sampled_from(["replace", "delete", "insert"]))
        if action == "delete" and len(words) > 1:
            del words[at]
        else:
            token = data.draw(st.sampled_from(TOKENS))
            words[at:at + (action == "replace")] = [token]
    _only_lang_errors(" ".join(words))
