"""Two yardsticks for the compiled engine (model/engine.py, model/_kernel.py):

* ``world`` / ``run_draws``: the engine's month loop run as plain Python, one draw at a time
  (the kernel's source, not compiled: ``kernel.py_func``). benchmarks/bench_model.py times it
  per draw against the compiled engine.
* ``vectorised``: benchmarks/reference_numpy.py, the same equations written independently as
  numpy arrays over columns (a month loop for what feeds back, then every month at once).
  tests/test_reference_loop.py checks that it gives the engine's outcomes to 1e-9, so the
  comparison is a real check of the equations, not of one code path against itself.

``column(values)`` turns a resolved parameter set into the engine's column form (flags 0/1,
``screening_targeted``, ``terms_2025``).
"""
from __future__ import annotations

import math
from typing import Any

# The same named constants the engine uses (model/params.py).
import os
import sys

import numpy as np

from model import outcomes as oc
from model import _kernel
from model.params import PROGRAM_FLAGS, REGISTRY

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_numpy  # noqa: E402

EPS = 1e-12


def safe_div(a: float, b: float) -> float:
    return a / b if abs(b) > EPS else 0.0


def share(part: float, whole: float) -> float:
    return part / whole if whole > EPS else 0.0


def column(values: dict[str, Any]) -> dict[str, float]:
    """A resolved parameter set as the floats of one engine column."""
    p: dict[str, float] = {}
    for prm in REGISTRY:
        v = values[prm.name]
        if prm.name == "screening":
            p["screening_targeted"] = 1.0 if v == "targeted" else 0.0
        elif prm.name == "federal_terms":
            p["terms_2025"] = 1.0 if v == "2025" else 0.0
        else:
            p[prm.name] = float(v)
    return p


def counterfactual(p: dict[str, float]) -> dict[str, float]:
    """The same draw with every program model off."""
    return {**p, **{f: 0.0 for f in PROGRAM_FLAGS}}


class _One:
    """A one-column engine result for ``model.outcomes.compute``."""

    def __init__(self, p, months, tot, end):
        self.p = {k: np.array([v]) for k, v in p.items()}
        self.months = months
        self._t = {f"{k}_total": tot[i] for i, k in enumerate(_kernel.SERIES)}
        self._t.update({f"{k}_end": end[i] for i, k in enumerate(_kernel.SERIES)})

    def totals(self):
        return self._t


def world(p: dict[str, float], months: int) -> dict[str, float]:
    """Raw outcome values of one world over ``months`` (as model.outcomes.compute, one column),
    from the month loop run as plain Python."""
    pa = np.array([[float(p[k])] for k in _kernel.PARAMS])
    ns = len(_kernel.SERIES)
    tot, end, ser = np.zeros((ns, 1)), np.zeros((ns, 1)), np.zeros((ns, 1, 1))
    _kernel.kernel.py_func(pa, months, False, tot, end, ser)
    return {k: float(v[0]) for k, v in oc.compute(_One(p, months, tot, end)).items()}


def vectorised(cols: dict[str, np.ndarray], months: int) -> tuple[dict, dict]:
    """Raw outcomes with and without the agreement from the independent numpy implementation."""
    without = {k: np.zeros_like(v) if k in PROGRAM_FLAGS else v for k, v in cols.items()}
    return (oc.compute(reference_numpy.Engine(dict(cols), months)),
            oc.compute(reference_numpy.Engine(dict(without), months)))


def run(p: dict[str, float], months: int) -> tuple[dict[str, float], dict[str, float]]:
    """Raw outcomes with the agreement and without it, for one draw."""
    return world(p, months), world(counterfactual(p), months)


def run_draws(cols: dict[str, Any], months: int) -> list[tuple[dict[str, float], dict[str, float]]]:
    """The per-draw loop: every column of ``cols`` (as model.simulate.sample makes) in turn."""
    n = len(next(iter(cols.values())))
    names = list(cols)
    lists = {k: [float(x) for x in cols[k]] for k in names}
    return [run({k: lists[k][j] for k in names}, months) for j in range(n)]


def max_rel_diff(ref: list[tuple[dict[str, float], dict[str, float]]], with_: dict, without: dict) -> float:
    """Largest relative difference between the loop's raw outcomes and the engine's, per world
    (relative to the larger magnitude; exact zeros must match exactly)."""
    worst = 0.0
    for j, (w, wo) in enumerate(ref):
        for raw, eng in ((w, with_), (wo, without)):
            for name, a in raw.items():
                b = float(eng[name][j])
                scale = max(abs(a), abs(b))
                if scale > 0:
                    worst = max(worst, abs(a - b) / scale)
    return worst
