"""The benchmark's floor (``benchmarks/floor_app.py``) draws what ``benchmarks/bench_app.py``
says it draws: the configured number of figures, a slider that moves only the charts it should,
and, as ``floor-shell``, the app's shell around them. A floor that drew less would flatter it.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

FLOOR = str(Path(__file__).resolve().parents[1] / "benchmarks" / "floor_app.py")


def run_floor(monkeypatch, **env) -> AppTest:
    for k, v in {"FLOOR_FIGURES": "3", "FLOOR_TRACES": "2", "FLOOR_POINTS": "10", **env}.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(FLOOR, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _values(v) -> list:
    """A trace array as sent: a list, or plotly's typed array (``{"dtype", "bdata"}``)."""
    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def ys(at: AppTest) -> list[list]:
    """Each chart's traces' y values, in page order."""
    return [[_values(t["y"]) for t in json.loads(c.proto.spec)["data"]]
            for c in at.get("plotly_chart")]


@pytest.mark.parametrize("moving, changed", [("1", [True, False, False]), ("99", [True] * 3)])
def test_the_floor_slider_moves_the_charts_it_should(monkeypatch, moving, changed):
    at = run_floor(monkeypatch, FLOOR_MOVING=moving)
    before = ys(at)
    assert len(before) == 3 and all(len(traces) == 2 and len(traces[0]) == 10 for traces in before)
    at.slider(key="shift").set_value(0.9).run()
    assert [b != a for b, a in zip(before, ys(at))] == changed


def test_the_floor_shell_adds_the_apps_shell_and_nothing_else(monkeypatch):
    bare = run_floor(monkeypatch, FLOOR_SHELL="0")
    at = run_floor(monkeypatch, FLOOR_SHELL="6")
    assert ys(at) == ys(bare)  # the same charts
    assert len(at.caption) == 3  # one caption per chart
    assert [e.value for e in at.sidebar.get("segmented_control")] == ["en"]
    assert len(at.sidebar.info) == 1
    assert not bare.caption and not bare.sidebar.info
    before = ys(at)
    at.slider(key="shift").set_value(0.9).run()
    assert not at.exception and ys(at)[0] != before[0]
