"""Sensitivity analyses (model/sensitivity.py): the one-batch tornado agrees with separate runs,
bars are ranked by swing, the global indices see what the outcome depends on and nothing else,
and the break-even finder lands on a real sign change or says there is none."""
import json

import numpy as np
import pytest

from model import ParamError, simulate, uncertain
from model.params import BY_NAME
from model.sensitivity import breakeven, global_sensitivity, tornado

# Cost assumptions never enter the crime equations: no analysis of a crime outcome may rank them.
COST_ONLY = ("bed_day_cost", "hold_days", "liability_per_disparity", "tfm_success_rate",
             "tfm_eligible_share", "profiling_finding_cost", "profiling_finding_rate",
             "hours_per_case", "hours_per_street_arrest", "tfm_hours_per_officer_month")


def measure(values, outcome, measure="delta", years=10):
    o = simulate(values, years=years, bands=False).outcomes[outcome]
    return o.delta if measure == "delta" else o.value


# ----------------------------------------------------------------------------- tornado
@pytest.fixture(scope="module")
def crime_tornado():
    return tornado({}, "net_crime_change")


def test_tornado_has_every_uncertain_assumption_once_ranked_by_swing(crime_tornado):
    names = [b.name for b in crime_tornado.bars]
    assert sorted(names) == sorted(p.name for p in uncertain())
    swings = [b.swing for b in crime_tornado.bars]
    assert swings == sorted(swings, reverse=True)
    assert swings[0] > 0
    for b in crime_tornado.bars:
        assert b.swing == pytest.approx(abs(b.outcome_high - b.outcome_low))


def test_tornado_ends_are_the_registry_ranges(crime_tornado):
    for b in crime_tornado.bars:
        lo, _, hi = BY_NAME[b.name].uncertainty
        assert (b.low, b.high, b.given) == (lo, hi, BY_NAME[b.name].default)


def test_tornado_batch_matches_separate_runs(crime_tornado):
    assert crime_tornado.base == pytest.approx(measure({}, "net_crime_change"), rel=1e-9)
    # the three largest bars and three from the tail
    for b in crime_tornado.bars[:3] + crime_tornado.bars[-3:]:
        assert b.outcome_low == pytest.approx(measure({b.name: b.low}, "net_crime_change"), rel=1e-9, abs=1e-6)
        assert b.outcome_high == pytest.approx(measure({b.name: b.high}, "net_crime_change"), rel=1e-9, abs=1e-6)


def test_tornado_cost_assumptions_do_not_move_crime(crime_tornado):
    by_name = {b.name: b for b in crime_tornado.bars}
    for name in COST_ONLY:
        assert by_name[name].swing == 0.0, name
    assert crime_tornado.bars[0].name not in COST_ONLY


def test_tornado_value_measure_and_scenario_values():
    values = {"tfm_active": True, "trust_erosion": 2.0}  # 2.0 lies above the range's high end (1.5)
    t = tornado(values, "trust_immigrant_end", measure="value", years=3)
    assert t.base == pytest.approx(measure(values, "trust_immigrant_end", "value", years=3), rel=1e-12)
    bar = next(b for b in t.bars if b.name == "trust_erosion")
    assert (bar.low, bar.high, bar.given) == (0.75, 2.0, 2.0)  # widened to include the given value
    assert bar.outcome_high == pytest.approx(t.base, rel=1e-12)
    assert bar.outcome_low > bar.outcome_high  # less erosion, more trust


def test_tornado_without_any_program_has_no_delta():
    t = tornado({"jem_active": False}, "net_crime_change")
    assert t.base == 0.0 and all(b.swing == 0.0 for b in t.bars)


def test_tornado_rejects_unknown_outcome_with_hint():
    with pytest.raises(ParamError) as e:
        tornado({}, "net_crime")
    assert e.value.field == "outcome" and "net_crime_change" in str(e.value)
    with pytest.raises(ParamError):
        tornado({}, "removals", measure="level")


def test_tornado_to_dict_is_json(crime_tornado):
    d = json.loads(json.dumps(crime_tornado.to_dict(), allow_nan=False))
    assert d["outcome"] == "net_crime_change" and len(d["bars"]) == len(uncertain())
    assert {"name", "low", "high", "outcome_low", "outcome_high", "swing"} <= set(d["bars"][0])


# ----------------------------------------------------------------------------- global
@pytest.fixture(scope="module")
def sobol():
    return global_sensitivity({}, "net_crime_change", method="sobol", samples=64, seed=1)


def test_sobol_indices_ranked_and_complete(sobol):
    assert sobol.evaluations == 64 * (len(uncertain()) + 2)
    assert sorted(i.name for i in sobol.indices) == sorted(p.name for p in uncertain())
    st = [i.st for i in sobol.indices]
    assert st == sorted(st, reverse=True)
    assert all(i.s1_conf is not None and i.st_conf is not None for i in sobol.indices)


def test_sobol_sees_what_the_outcome_depends_on(sobol, crime_tornado):
    by_name = {i.name: i for i in sobol.indices}
    for name in COST_ONLY:  # exactly zero: the outcome is bit-identical whatever they are
        assert by_name[name].s1 == 0.0 and by_name[name].st == 0.0, name
    top_tornado = {b.name for b in crime_tornado.bars[:4]}
    assert sobol.indices[0].name in top_tornado
    assert sobol.indices[0].st > 0.1


def test_sobol_is_seeded(sobol):
    again = global_sensitivity({}, "net_crime_change", method="sobol", samples=64, seed=1)
    assert again.to_dict() == sobol.to_dict()


def test_sobol_confidence_intervals_repeat_with_the_default_seed():
    """Seed 0 (the default) too: SALib skips seeding its bootstrap for a falsy seed."""
    a, b = (global_sensitivity({}, "net_crime_change", method="sobol", samples=32, years=2)
            for _ in range(2))
    assert [(i.s1_conf, i.st_conf) for i in a.indices] == [(i.s1_conf, i.st_conf) for i in b.indices]


def test_morris_ranks_by_mu_star_and_ignores_cost_for_trust():
    m = global_sensitivity({}, "trust_immigrant_end", method="morris", measure="value", samples=8, seed=0)
    mu = [i.mu_star for i in m.indices]
    assert mu == sorted(mu, reverse=True)
    by_name = {i.name: i for i in m.indices}
    assert m.indices[0].name in ("trust_erosion", "trust_recovery_months", "fear_half_saturation",
                                 "fear_persistence", "habituation_months")
    for name in COST_ONLY + ("victimization_response", "offending_rate_serious", "offending_rate_minor",
                             "offending_rate_none", "reentry_share"):
        assert by_name[name].mu_star == 0.0, name


def test_global_on_a_constant_outcome_says_so():
    g = global_sensitivity({"jem_active": False}, "net_crime_change", samples=8)
    assert g.std == 0.0 and "does not vary" in g.note
    assert all(i.st == 0.0 for i in g.indices)
    json.dumps(g.to_dict(), allow_nan=False)


def test_global_rejects_bad_method_and_samples():
    with pytest.raises(ParamError) as e:
        global_sensitivity({}, "removals", method="fast")
    assert e.value.field == "method"
    with pytest.raises(ParamError) as e:
        global_sensitivity({}, "removals", samples=1)
    assert e.value.field == "samples"


# ----------------------------------------------------------------------------- break-even
def test_breakeven_finds_the_sign_change_in_trust_erosion():
    # With no trust erosion only the removals act (fewer crimes); at the default erosion the
    # extra victimisation dominates (more crimes): the delta must cross zero in between.
    assert measure({"trust_erosion": 0.0}, "net_crime_change") < 0 < measure({}, "net_crime_change")
    be = breakeven({}, "trust_erosion", "net_crime_change")
    assert be.found and len(be.crossings) == 1
    c = be.crossings[0]
    assert 0.0 < c.value < BY_NAME["trust_erosion"].default
    assert c.direction == "rises"
    assert c.bracket_low <= c.value <= c.bracket_high
    width = c.bracket_high - c.bracket_low
    assert measure({"trust_erosion": c.value - 2 * width - 1e-9}, "net_crime_change") < 0
    assert measure({"trust_erosion": c.value + 2 * width + 1e-9}, "net_crime_change") > 0
    scale = abs(be.at_max)
    assert abs(measure({"trust_erosion": c.value}, "net_crime_change")) < 1e-6 * scale
    assert be.at_min == pytest.approx(measure({"trust_erosion": 0.0}, "net_crime_change"), rel=1e-9)
    assert be.at_max == pytest.approx(measure({"trust_erosion": 3.0}, "net_crime_change"), rel=1e-9)
    assert "is zero when trust_erosion" in be.message() and "rising through it" in be.message()


def test_breakeven_reports_no_crossing():
    be = breakeven({}, "offending_rate_serious", "net_crime_change")
    assert not be.found and not be.everywhere
    assert be.at_min > 0 and be.at_max > 0
    assert be.message().startswith("no crossing in range")
    d = be.to_dict()
    assert d["found"] is False and d["crossings"] == []


def test_breakeven_hits_a_threshold_on_a_monotone_outcome():
    target = measure({"trust_erosion": 0.1}, "trust_immigrant_end", "value")
    be = breakeven({}, "trust_erosion", "trust_immigrant_end", measure="value", threshold=target)
    assert [c.direction for c in be.crossings] == ["falls"]
    assert be.crossings[0].value == pytest.approx(0.1, abs=1e-6)


def test_breakeven_everywhere_zero_without_a_program():
    be = breakeven({"jem_active": False}, "trust_erosion", "net_crime_change")
    assert be.everywhere and not be.found
    assert "for every trust_erosion" in be.message()


def test_breakeven_rejects_non_numeric_and_unknown_params():
    with pytest.raises(ParamError) as e:
        breakeven({}, "screening", "net_crime_change")
    assert e.value.field == "param" and "numeric" in str(e.value)
    with pytest.raises(ParamError) as e:
        breakeven({}, "trust_erosin", "net_crime_change")
    assert "trust_erosion" in str(e.value)


def test_breakeven_integer_parameter_crossing_is_bracketed():
    # Zero task-force officers: no street arrests; any: they add removals. Removals' delta is
    # zero only at 0 officers, the end of the range: it touches zero there, it does not cross.
    be = breakeven({"jem_active": False, "tfm_active": True}, "officers_tfm", "removals")
    assert [(c.value, c.direction) for c in be.crossings] == [(0.0, "touches")]
    assert np.isfinite(be.at_max) and be.at_max > 0


def test_breakeven_coarse_grid_is_refined_to_the_same_crossing():
    fine = breakeven({}, "trust_erosion", "net_crime_change")
    coarse = breakeven({}, "trust_erosion", "net_crime_change", points=3)  # one bracket [0, 1.5]
    assert [c.direction for c in coarse.crossings] == ["rises"]
    # six rounds split the bracket into 17**6: 1.5 / 2.4e7 = 6.2e-8
    assert coarse.crossings[0].bracket_high - coarse.crossings[0].bracket_low < 1e-7
    assert coarse.crossings[0].value == pytest.approx(fine.crossings[0].value, rel=1e-5)


def test_a_column_gives_the_same_numbers_in_any_batch():
    """Bit-identical: the tornado's base column (a batch of 71), a lone deterministic run, and
    column 0 of 3,000 draws (chunked, with bands) are the same computation."""
    values = {"tfm_active": True, "trust_erosion": 2.0}
    alone = simulate(values, bands=False).outcomes
    drawn = simulate(values, draws=3000, seed=2).outcomes
    for outcome in ("net_crime_change", "cost_net_usd", "trust_immigrant_end", "cleared_crime_change"):
        base = tornado(values, outcome).base
        assert base == alone[outcome].delta == drawn[outcome].delta, outcome
