"""The frontier sweep (model/sweep.py): one batch, matches simulate, fast, presets marked."""
from __future__ import annotations

import time

import numpy as np
import pytest

from model import simulate, sweep
from model.params import BY_NAME


def test_endpoints_match_simulate():
    vals = {"jem_active": True, "tfm_active": True, "officers_tfm": 20, "announcement_effect": 0.0}
    f = sweep.frontier(vals, years=5)
    res = simulate(vals, years=5)
    # k = 0: no one designated -> the same as no agreement (with no announcement effect; an
    # agreement on paper still has one when it is set, and only lowers reporting)
    assert f.removals[0] == pytest.approx(0.0)
    assert f.reporting[0] == pytest.approx(f.reporting_no_agreement)
    on_paper = sweep.frontier({**vals, "announcement_effect": 0.003}, years=5)
    assert on_paper.removals[0] == pytest.approx(0.0) and on_paper.reporting[0] < f.reporting_no_agreement
    assert f.reporting_no_agreement == pytest.approx(res.outcomes["reporting_rate_immigrant_end"].counterfactual)
    # k = 1 is the current setting, on the curve and equal to the current point
    i = int(np.argmin(np.abs(f.multiplier - 1.0)))
    assert f.multiplier[i] == pytest.approx(1.0)
    assert f.removals[i] == pytest.approx(res.outcomes["removals"].value)
    assert f.removals_additional[i] == pytest.approx(res.outcomes["removals_additional"].value)
    assert f.reporting[i] == pytest.approx(res.outcomes["reporting_rate_immigrant_end"].value)
    assert f.current.removals == pytest.approx(res.outcomes["removals"].value)
    assert f.current.reporting == pytest.approx(res.outcomes["reporting_rate_immigrant_end"].value)


def test_every_point_matches_a_separate_run():
    vals = {"tfm_active": True, "jem_active": False, "officers_tfm": 30}
    f = sweep.frontier(vals, years=3, points=9)
    for k, off, rem, rep in zip(f.multiplier, f.officers["officers_tfm"], f.removals, f.reporting):
        if abs(off - round(off)) > 1e-9:
            continue  # simulate accepts whole officers only
        res = simulate({**vals, "officers_tfm": int(round(off))}, years=3)
        assert rem == pytest.approx(res.outcomes["removals"].value)
        assert rep == pytest.approx(res.outcomes["reporting_rate_immigrant_end"].value)


def test_reach_rises_and_reporting_falls_with_intensity():
    f = sweep.frontier({"tfm_active": True, "officers_tfm": 10})
    assert np.all(np.diff(f.removals) >= -1e-9)
    assert np.all(np.diff(f.removals_additional) >= -1e-9)
    assert np.all(np.diff(f.reporting) <= 1e-12)


def test_officers_stay_within_registry_bounds():
    f = sweep.frontier({"jem_active": True, "officers_jem": 60, "tfm_active": True, "officers_tfm": 400})
    assert f.basis == "current"
    assert f.officers["officers_jem"].max() <= BY_NAME["officers_jem"].max + 1e-9
    assert f.officers["officers_tfm"].max() <= BY_NAME["officers_tfm"].max + 1e-9
    assert f.multiplier[-1] == pytest.approx(min(100 / 60, 500 / 400))


def test_unstaffed_models_sweep_the_range():
    f = sweep.frontier({"jem_active": True, "officers_jem": 0})
    assert f.basis == "range"
    assert f.officers["officers_jem"][-1] == pytest.approx(BY_NAME["officers_jem"].max)
    assert f.removals[-1] > 0


def test_no_program_is_flat():
    f = sweep.frontier({"jem_active": False, "wso_active": False, "tfm_active": False})
    assert np.allclose(f.removals, 0) and np.allclose(f.reporting, f.reporting_no_agreement)


def test_presets_marked_in_current_jurisdiction():
    from scenarios import files as scenario

    f = sweep.frontier({"population": 2_000_000}, presets=scenario.frontier_presets())
    assert [p.key for p in f.presets] == list(scenario.PROGRAM_PRESETS)
    assert [p.name for p in f.presets] == [scenario.presets()[k].name for k in scenario.PROGRAM_PRESETS]
    for p in f.presets:
        assert p.values["population"] == 2_000_000
    none = next(p for p in f.presets if p.key == "no-agreement")
    assert none.removals == 0
    assert not sweep.frontier().presets


def test_presets_are_values_passed_in():
    """The sweep marks exactly the points it is given (no file is read): a made-up point keeps
    its levers and takes the current context, and matches a separate run of those values."""
    point = {"jem_active": False, "wso_active": False, "tfm_active": True, "officers_tfm": 12,
             "population": 10}  # its own context is ignored
    f = sweep.frontier({"population": 2_000_000}, years=3, presets=[("mine", "Mine", point)])
    assert [(p.key, p.name) for p in f.presets] == [("mine", "Mine")]
    mine = f.presets[0]
    assert mine.values["population"] == 2_000_000 and mine.values["officers_tfm"] == 12
    res = simulate({**point, "population": 2_000_000}, years=3)
    assert mine.removals == pytest.approx(res.outcomes["removals"].value)


def test_rows_and_lengths():
    f = sweep.frontier(points=21)
    assert len(f.rows()) == f.multiplier.shape[0] == f.removals.shape[0] == f.reporting.shape[0]


def test_fast():
    from scenarios.files import frontier_presets

    marks = frontier_presets()
    sweep.frontier(presets=marks)  # warm: imports loaded once
    times = []
    for _ in range(10):
        t = time.perf_counter()
        sweep.frontier(presets=marks)
        times.append(time.perf_counter() - t)
    assert np.median(times) < 0.020, f"median {np.median(times) * 1000:.1f} ms"
