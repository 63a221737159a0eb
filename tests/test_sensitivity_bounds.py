"""Global sensitivity runs wherever a scenario puts an assumption: the debate presets set several
at the ends of their uncertainty ranges, where SALib's own triangular distribution refused to
sample ("Triangular distribution bound error")."""
from __future__ import annotations

import subprocess
import sys

import pytest

from model import uncertain
from scenarios.files import presets
from model.sensitivity import global_sensitivity, tornado

OUTCOME = "net_crime_change"


@pytest.mark.parametrize("preset", ["program-case", "critics-case"])
@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_global_sensitivity_runs_for_the_debate_presets(preset, method):
    values = presets()[preset].values()
    g = global_sensitivity(values, OUTCOME, method=method, samples=16 if method == "sobol" else 8)
    assert g.indices and g.evaluations > 0
    key = "st" if method == "sobol" else "mu_star"
    assert any((getattr(i, key) or 0) > 0 for i in g.indices)
    for i in g.indices:  # every range holds the value the scenario gives
        assert i.low <= values[i.name] <= i.high


def _ends():
    for p in uncertain():
        lo, _, hi = p.uncertainty
        for where, v in (("low", lo), ("high", hi), ("min", p.min), ("max", p.max)):
            yield pytest.param(p.name, v, id=f"{p.name}-{where}")


@pytest.mark.parametrize("name, value", list(_ends()))
def test_sobol_and_tornado_accept_a_value_at_or_past_the_range_ends(name, value):
    values = {name: value}
    g = global_sensitivity(values, OUTCOME, method="sobol", samples=4)
    assert {i.name for i in g.indices} <= {p.name for p in uncertain()}
    bar = next(b for b in tornado(values, OUTCOME).bars if b.name == name)
    assert bar.low <= value <= bar.high


def test_cli_sensitivity_sobol_of_critics_case_exits_0():
    r = subprocess.run([sys.executable, "-m", "model", "sensitivity", "critics-case", "--outcome", OUTCOME,
                        "--method", "sobol", "--samples", "16"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Triangular" not in r.stdout + r.stderr
