"""The plain-Python per-draw loop (benchmarks/reference_loop.py), written independently from the
engine's block-wise numpy code, gives the same outcomes as the engine to 1e-9: on random
parameter sets over the whole declared ranges, both horizons' extremes, and the presets'
program combinations. This keeps the benchmark's speed-up comparison honest, and checks the
engine's vectorised bookkeeping (chunks, blocks, the static-counterfactual shortcut) against
the equations written out one month at a time."""
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


def check(values: dict, draws: int, seed: int, months: int) -> float:
    cols = sample(resolve(values), draws, seed)
    with_, without = run_columns(cols, months)
    loop = ref.run_draws(cols, months)
    return ref.max_rel_diff(loop, with_, without)


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
    loop = ref.run_draws(cols, 120)
    loop[1][0]["net_crime_change"] *= 1 + 1e-6
    assert ref.max_rel_diff(loop, with_, without) > TOL
