"""Smoke-level checks of the entry point; the property and evidence suites go deeper."""
import numpy as np
import pytest

from model import ParamError, simulate


def test_deterministic_run_has_every_outcome_with_delta():
    r = simulate()
    assert r["removals"].value > 0
    for o in r.outcomes.values():
        assert np.isfinite(o.value) and o.p5 == o.value == o.p95
        assert o.delta == pytest.approx(o.value - o.counterfactual)


def test_bad_parameter_names_field_value_and_range():
    with pytest.raises(ParamError) as e:
        simulate({"trust_erosion": 5})
    assert "trust_erosion" in str(e.value) and "5" in str(e.value) and "0 to 3" in str(e.value)
