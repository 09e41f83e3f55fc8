"""hott.lang.model: closed, checked terms evaluated in the groupoid of presented cell complexes.

:func:`evaluate` reads the value of a definition back as Python data or as the objects of
``hott``: ``Int``/``Nat`` as ``int``, ``Bool`` as ``bool``, a point of a HIT as its name, a
path of a HIT as a :class:`hott.Path`, a family ``H -> Type`` with finite fibers as a checked
:class:`hott.Family`, a map ``H -> H'`` between HITs as a checked :class:`hott.HITMap`, pairs
as tuples, a path in a set as ``refl``. The model is the 1-truncation: exact for sets, for
families of sets and for paths up to homotopy; a term outside it is a ``LangError`` of kind
``NOT_IN_MODEL``. See docs/hott-lang.md, "computing in the model". HITs of ``.hott`` files
are read by :mod:`hott.lang.model.hit_files` (``hott.load_hit``), which stands above
``hott.lang`` and so is not imported here.
"""

from hott.lang.model.evaluate import closed_term, evaluate, evaluate_term, interpreter
from hott.lang.model.readback import Function
from hott.lang.model.render import render

__all__ = ["Function", "closed_term", "evaluate", "evaluate_term", "interpreter", "render"]
