"""The compiled engine (model/_kernel.py, a loop over columns and months) and the independent
numpy implementation of the same equations (benchmarks/reference_numpy.py, vectorised over
columns) give the same outcomes to 1e-9: on random parameter sets over the whole declared
ranges, both horizons' extremes, and the presets' program combinations; and the kernel run as
plain Python (the benchmark's per-draw loop) agrees with the compiled one. This checks the
engine's bookkeeping (chunks, the static-counterfactual shortcut) and keeps the benchmark's
speed-up comparison honest."""
import importlib.util
import pathlib

import numpy as np
import pytest

from model import REGISTRY, resolve
from model.simulate import run_columns, sample

_PATH = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "reference_loop.py"
_spec = importlib.util.spec_from_file_location("reference_loop", _PATH)
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

TOL = 1e-9


def random_values(rng) -> dict:
    values = {}
    for p in REGISTRY:
        if p.is_numeric:
            x = rng.uniform(p.min, p.max)
            values[p.name] = int(round(x)) if p.integer else float(x)
        else:
            values[p.name] = p.choices[int(rng.integers(len(p.choices)))]
    return values


def _as_rows(with_, without):
    n = len(next(iter(with_.values())))
    return [({k: float(v[j]) for k, v in with_.items()}, {k: float(v[j]) for k, v in without.items()})
            for j in range(n)]


def check(values: dict, draws: int, seed: int, months: int) -> float:
    cols = sample(resolve(values), draws, seed)
    with_, without = run_columns(cols, months)
    vec = ref.max_rel_diff(_as_rows(*ref.vectorised(cols, months)), with_, without)
    first = {k: v[:2] for k, v in cols.items()}
    loop = ref.max_rel_diff(ref.run_draws(first, months), {k: v[:2] for k, v in with_.items()},
                            {k: v[:2] for k, v in without.items()})
    return max(vec, loop)


@pytest.mark.parametrize("case", range(12))
def test_random_parameter_sets_agree(case):
    rng = np.random.default_rng(1000 + case)
    values = random_values(rng)
    months = int(rng.choice([12, 37, 120]))
    assert check(values, draws=5, seed=case, months=months) <= TOL


@pytest.mark.parametrize("flags", [(False, False, False), (True, False, False), (False, True, False),
                                   (False, False, True), (True, True, True)])
def test_program_combinations_agree(flags):
    values = dict(zip(("wso_active", "jem_active", "tfm_active"), flags))
    values.update(screening="targeted", federal_terms="pre2025", victim_protection=True)
    assert check(values, draws=20, seed=7, months=120) <= TOL


def test_defaults_over_many_draws_agree():
    assert check({}, draws=300, seed=0, months=120) <= TOL


def test_comparison_is_sensitive():
    """The check can fail: a loop with one equation changed disagrees with the engine."""
    cols = sample(resolve({}), 3, 0)
    with_, without = run_columns(cols, 120)
    vec = _as_rows(*ref.vectorised(cols, 120))
    assert ref.max_rel_diff(vec, with_, without) <= TOL
    vec[1][0]["net_crime_change"] *= 1 + 1e-6
    assert ref.max_rel_diff(vec, with_, without) > TOL


def test_kernel_positions_follow_the_registry():
    """The kernel's literal row positions (kept literal so numba's cache follows them) match
    the registry and the engine's series."""
    from model import _kernel
    from model.simulate import sample

    assert set(_kernel.PARAMS) == set(sample(resolve({}), 0, 0)) and len(_kernel.PARAMS) == len(REGISTRY)
    for i, name in enumerate(_kernel.PARAMS):
        assert getattr(_kernel, f"P_{name.upper()}") == i
    for i, name in enumerate(_kernel.SERIES):
        assert getattr(_kernel, f"S_{name.upper()}") == i
