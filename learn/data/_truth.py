"""The ground truth every generated data set carries: its parameters and its Betti numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hottbridge.errors import LearnError


@dataclass(frozen=True)
class GroundTruth:
    """Per-sample generating parameters (one column per name) and the true Betti numbers.

    ``betti[i]`` is the rank of the i-th homology group of the space the samples come from.
    """

    params: np.ndarray
    param_names: tuple[str, ...]
    betti: tuple[int, ...]

    def param(self, name: str) -> np.ndarray:
        """The column of ``params`` called ``name`` (one value per sample)."""
        if name not in self.param_names:
            raise LearnError(f"no parameter {name!r}: this data set has {list(self.param_names)}")
        return self.params[:, self.param_names.index(name)]
