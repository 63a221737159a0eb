"""Model 2's structure (issue 13): program design decides the size of the effects, zero additional
enforcement changes nothing, no money for no work, and each side's preset reaches its side's
claim with values inside the declared ranges, while the central case's range says what the
evidence says. The evidence cases themselves are in test_evidence.py."""
from __future__ import annotations

import pytest

from test_evidence import TWO_YEARS, run, window_change


# ----------------------------------------------------------------------------- design matters (issue 13)
ONE_WSO = {"wso_active": True, "jem_active": False, "officers_wso": 1, "wso_warrant_share": 0.1}
TARGETED = {"screening": "targeted"}
TFM = {"jem_active": False, "tfm_active": True, "officers_tfm": 10}


def _trust_harm(values):
    return -run(values)["trust_immigrant_end"].delta


def test_program_design_orders_the_trust_harm():
    """Street arrests are more visible than jail paperwork, universal screening reaches more than
    targeted, one warrant officer reaches little: TFM > universal JEM > targeted JEM > WSO, and
    the one-officer WSO does at most a quarter of the universal JEM's harm (issue 13)."""
    tfm, jem, targeted, wso = (_trust_harm(v) for v in (TFM, {}, TARGETED, ONE_WSO))
    assert tfm > jem > targeted > wso > 0
    assert wso <= 0.25 * jem


def test_zero_additional_enforcement_changes_nothing():
    """The no-agreement world already holds ICE's own enforcement: with no additional transfers
    or arrests and no announcement effect, nothing the agreement could cause moves."""
    r = run({"additionality": 0.0, "tfm_additionality": 0.0, "announcement_effect": 0.0, "tfm_active": True})
    assert r["removals"].value > 0 and r["removals_additional"].value == 0.0
    for name in ("trust_immigrant_end", "net_crime_change", "recorded_crime_change", "cleared_crime_change",
                 "stop_disparity_ratio", "crimes_averted"):
        assert r[name].delta == 0.0, name


def test_no_windfall_for_zero_work():
    """2025 terms: reimbursement pays for hours and arrests made. A task force that makes no
    arrests and spends no hours costs its training and earns nothing (Model 1: -$9.2M)."""
    idle = run({"jem_active": False, "tfm_active": True, "tfm_arrests_per_officer_month": 0.0,
                "tfm_hours_per_officer_month": 0.0})
    assert idle["cost_net_usd"].value >= 0.0
    # the only payment left is the start-up equipment, which is also counted as a cost
    assert idle.series["reimbursement"].value.sum() <= idle.series["cost_training"].value.sum()
    big = run({"jem_active": False, "tfm_active": True, "officers_tfm": 500})
    assert big["cost_net_usd"].value > -1e6  # no net revenue of hundreds of millions


# ----------------------------------------------------------------------------- the ranges reach both sides
def test_declared_ranges_reach_both_sides_of_the_reporting_debate():
    """Vaughan, Camarota & Zeigler 2021 (CIS) [evidence.md D]: immigrants report at least as often
    as natives; the range must allow no chilling at all as well as large effects."""
    none = window_change({"reporting_trust_elasticity": 0.0}, "reporting_rate_immigrant", TWO_YEARS)
    assert none == pytest.approx(0.0, abs=1e-12)
    strong = window_change({"reporting_trust_elasticity": 2.0, "trust_erosion": 3.0, "fear_persistence": 1.0},
                           "reporting_rate_immigrant", TWO_YEARS)
    assert strong < -0.44


def _preset(name):
    from scenarios import files

    return files.presets()[name].values()


def test_program_case_shows_a_net_crime_benefit():
    """The program's side, with its defensible values (each inside its range, the chill at the
    low end of the study's interval and transient), reaches fewer crimes committed over the
    default horizon (issue 13: Model 1's p5 never showed a benefit)."""
    r = run(_preset("program-case"))
    assert r["net_crime_change"].value < 0
    assert r["crimes_averted"].value > 0


def test_critics_case_shows_a_net_harm():
    """The critics' side (the study's -30% chill, part of it lasting, few additional removals of
    serious offenders) shows more crimes committed and lower trust."""
    r = run(_preset("critics-case"))
    assert r["net_crime_change"].value > 0 and r["trust_immigrant_end"].delta < 0
    rep = window_change(_preset("critics-case"), "reporting_rate_immigrant", TWO_YEARS)
    assert -0.40 <= rep <= -0.20  # as strong as the study it cites, not beyond it


def test_central_range_says_what_the_evidence_says():
    """Central case, 3 years, 1,000 draws: the range of police-recorded crime includes no change,
    the range of crimes committed lies above zero (hidden victimisation), and the headline is
    the median of the draws, inside the range."""
    r = run({}, years=3, draws=1000, seed=0, bands=False)
    rec = r["recorded_crime_change"]
    base = r["baseline_recorded_per_year"].value * 3
    assert rec.p5 / base < 0.0 and rec.p95 / base > -0.03
    assert r["net_crime_change"].p5 > 0
    for o in r.outcomes.values():
        assert o.headline_kind == "median" and o.p5 <= o.headline <= o.p95




def test_values_lens_safety_rises_when_crime_falls():
    """Issue 13 point 11: the lens' 'public safety' score averaged crimes committed with the count
    of cleared crimes, which falls when crime falls, so a scenario with fewer crimes could score
    lower on safety. Safety now follows crimes committed alone."""
    from ui.values_lens import CRITERIA, normalise

    fewer = {"net_crime_change": -500.0, "cleared_crime_change": -200.0}
    more = {"net_crime_change": 100.0, "cleared_crime_change": 40.0}
    per = [normalise([fewer[o], more[o]], way) for o, way in CRITERIA["safety"]]
    safety_fewer = sum(p[0] for p in per) / len(per)
    safety_more = sum(p[1] for p in per) / len(per)
    assert safety_fewer > safety_more
