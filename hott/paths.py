"""Paths of a presented cell complex: elements of its free groupoid.

:class:`Path` lives with the complex it is a word of (:mod:`hott.complex`); this module keeps
the import path ``from hott.paths import Path`` that other packages use.
"""

from hott.complex import Path

__all__ = ["Path"]
