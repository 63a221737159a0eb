"""The break-even finder on the drivers page: a percentage threshold is typed in percent, the
parameter follows the outcome (never a flat line), computed values have sensible digits and a
unit, the searched range is the tornado's, and an outcome is not its own driver."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import model
from model import sensitivity
from ui.i18n import Translator

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from ui.pages import drivers as page
page.render()
"""
EN = Translator("en")


def _app() -> AppTest:
    at = AppTest.from_string(SCRIPT.format(root=str(ROOT)), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _breakeven_chart(at: AppTest) -> dict:
    """The page draws the tornado, then the break-even chart, then the global analysis."""
    return json.loads(at.get("plotly_chart")[1].proto.spec)


def _result(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**"))


def test_percentage_threshold_is_typed_in_percent():
    at = _app()
    at.selectbox(key="drivers_outcome").set_value("reporting_rate_immigrant_end")
    at.radio(key="drivers_measure").set_value("value")
    at.run()
    at.number_input(key="drivers_threshold").set_value(30.0)
    at.run()
    assert not at.exception
    text = _result(at)
    assert "30.0%" in text and "3,000" not in text, text
    assert "(%)" in at.number_input(key="drivers_threshold").label


def test_the_parameter_follows_the_outcome_and_is_never_flat():
    at = _app()
    at.selectbox(key="drivers_param").set_value("trust_erosion")
    at.run()
    for outcome in ("cost_net_usd", "stop_disparity_ratio", "removals_no_record_share"):
        at.selectbox(key="drivers_outcome").set_value(outcome)
        at.run()
        assert not at.exception
        if not any(v > 0 for v in sensitivity.movers(None, outcome).values()):
            # nothing moves it (no street arrests, so no 'no record' transfers): said, no chart
            assert any(EN("drivers.breakeven_none_moves") == i.value for i in at.info)
            assert not [w for w in at.selectbox if w.key == "drivers_param"]
            continue
        param = at.selectbox(key="drivers_param").value
        swings = sensitivity.movers(None, outcome)
        assert swings[param] > 0, (outcome, param)
        for label in at.selectbox(key="drivers_param").options:  # every offered setting moves it
            name = next(p.name for p in model.REGISTRY if EN(f"param.{p.name}.label") == label)
            assert swings[name] > 0, (outcome, name)
        y = [v for trace in _breakeven_chart(at)["data"][:1] for v in trace["y"]]
        assert np.ptp(y) > 0, (outcome, param)


def test_an_outcome_is_not_its_own_driver():
    at = _app()
    at.selectbox(key="drivers_outcome").set_value("reporting_rate_immigrant_end")
    at.run()
    offered = at.selectbox(key="drivers_param").options
    assert EN("param.reporting_baseline_immigrant.label") not in offered
    assert EN("outcome.reporting_rate_immigrant_end.label") not in offered


def test_breakeven_axis_is_the_tornados_range():
    at = _app()
    at.selectbox(key="drivers_param").set_value("trust_erosion")
    at.run()
    bar = next(b for b in sensitivity.tornado(None, "net_crime_change").bars if b.name == "trust_erosion")
    assert _breakeven_chart(at)["layout"]["xaxis"]["range"] == pytest.approx([bar.low, bar.high])
    at.checkbox(key="drivers_whole_range").check()
    at.run()
    p = model.BY_NAME["trust_erosion"]
    assert _breakeven_chart(at)["layout"]["xaxis"]["range"] == pytest.approx([p.min, p.max])


def test_breakeven_value_has_a_unit_and_sensible_digits():
    from ui.pages import drivers

    b = sensitivity.breakeven(None, "fear_half_saturation", "net_crime_change")
    b.crossings = [sensitivity.Crossing(0.002856, 0.0028, 0.0029, "rises")]
    text = drivers.breakeven_text(EN, b)
    assert "0.002856" not in text
    assert "0.0029 " + EN("param.fear_half_saturation.unit") in text, text
