"""The core every module starts from, loaded even without the prelude.

Primitives: ``refl : {A : Type ω} {a : A} -> a = a`` and based path induction ``J`` with
``J C d refl ≡ d`` (motive in any universe). Then, in the language itself: ``Unit``/``tt``,
``Empty`` and ``absurd``, ``Bool``, ``Nat``, ``Int`` (with their generated ``-ind``/``-rec``),
and, by ``J``, ``concat`` (``·``), ``inv`` (``⁻¹``), ``ap``, ``transport`` and ``apd``, which
HIT declarations need (2-path constructors, computation rules). These are universe-polymorphic
through ``Type ω``: their type arguments may be types of any level.
"""

from __future__ import annotations

from collections.abc import Sequence

from hott.lang import presyntax as P
from hott.lang.context import Cxt
from hott.lang.declarations import close_holes, constant, zonk
from hott.lang.elaboration import Elaborator
from hott.lang.evaluation import whnf
from hott.lang.parser import parse, parse_term
from hott.lang.presyntax import OMEGA
from hott.lang.signature import Signature
from hott.lang.values import HConst, Value, VNe

OMEGA_TEXT = f"Type {OMEGA}"

PRIMITIVES = {
    "refl": "{A : Type ω} -> {a : A} -> a = a",
    "J": "{A : Type ω} -> {a : A} -> (C : (x : A) -> a = x -> Type ω) -> C a refl -> "
         "{x : A} -> (p : a = x) -> C x p",
}

CORE = """
data Unit where
  tt : Unit
data Empty where
data Bool where
  true : Bool
  false : Bool
data Nat where
  zero : Nat
  suc : Nat -> Nat
data Int where
  pos : Nat -> Int
  negsuc : Nat -> Int
def absurd {B : Type ω} (e : Empty) : B := Empty-rec B e
def concat {A : Type ω} {x y z : A} (p : x = y) (q : y = z) : x = z :=
  J (fun z' _ => x = z') p q
def inv {A : Type ω} {x y : A} (p : x = y) : y = x := J (fun y' _ => y' = x) refl p
def ap {A B : Type ω} (f : A -> B) {x y : A} (p : x = y) : f x = f y :=
  J (fun y' _ => f x = f y') refl p
def transport {A : Type ω} (P : A -> Type ω) {x y : A} (p : x = y) (u : P x) : P y :=
  J (fun y' _ => P y') u p
def apd {A : Type ω} {P : A -> Type ω} (f : (x : A) -> P x) {x y : A} (p : x = y) :
    transport P p (f x) = f y :=
  J (fun y' p' => transport P p' (f x) = f y') refl p
"""


def declare_primitives(sig: Signature) -> None:
    """Add ``refl`` and ``J`` to an empty signature."""
    for name, text in PRIMITIVES.items():
        el = Elaborator(sig, internal=True)
        tm, _ = el.check_type(Cxt(), parse_term(text.replace("Type ω", OMEGA_TEXT)))
        close_holes(el, 0)
        reduce = _j_rule if name == "J" else None
        constant(sig, name, "primitive" if name == "J" else "constructor", zonk(sig, 0, tm),
                 None, None, arity=6 if name == "J" else 0, reduce=reduce)


def _j_rule(sig: Signature, args: Sequence[Value]) -> Value | None:
    """``J C d refl ≡ d``."""
    path = whnf(sig, args[5])
    if isinstance(path, VNe) and path.head == HConst("refl"):
        return args[3]
    return None


def core_program() -> P.Program:
    """The core declarations, parsed (``Type ω`` written as its level)."""
    return parse(CORE.replace("Type ω", OMEGA_TEXT), path="<core>")
