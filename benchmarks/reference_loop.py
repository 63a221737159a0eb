"""The model's equations (model/engine.py, numbered as in docs/MODEL.md) written out plainly for
ONE draw of ONE scenario: pure Python floats and the ``math`` module, no numpy, a plain loop over
months. It is the yardstick for the vectorised engine: benchmarks/bench_model.py times it per
draw against the engine, and tests/test_reference_loop.py checks both give the same outcomes.

It is deliberately the straightforward form (trust advanced as a level by the implicit Euler step
of equation (6), every monthly flow computed and summed month by month), not a copy of the
engine's block-wise code, so agreement between the two is a real check.

``column(values)`` turns a resolved parameter set into the engine's column form (flags 0/1,
``screening_targeted``, ``terms_2025``); ``world(p, months)`` runs one world (with the agreement,
or the counterfactual: every program model off) and returns its raw outcome values, the same
quantities ``model.outcomes.compute`` gives per column.
"""
from __future__ import annotations

import math
from typing import Any

# The same named constants the engine uses (model/params.py).
from model.params import (
    HOURS_PER_YEAR,
    JEM_REFRESHER_HOURS,
    JEM_REFRESHER_MONTHS,
    MAX_MONTHLY_ARREST_SHARE,
    PROGRAM_FLAGS,
    REGISTRY,
)

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


def world(p: dict[str, float], months: int) -> dict[str, float]:
    """Raw outcome values of one world over ``months`` (as model.outcomes.compute, one column)."""
    p = dict(p)
    designated = (p["wso_active"] * p["officers_wso"] + p["jem_active"] * p["officers_jem"]
                  + p["tfm_active"] * p["officers_tfm"])
    if designated > p["sworn_officers"]:
        for name in ("officers_wso", "officers_jem", "officers_tfm"):
            p[name] = p[name] * p["sworn_officers"] / designated
    pop = p["population"]
    n_imm = pop * p["immigrant_share"]
    n_lat = min(pop * p["latino_citizen_share"], pop - n_imm)
    n_oth = pop - n_imm - n_lat

    # (1) removable bookings and the Jail Enforcement Model's caseload
    removable = pop * p["bookings_per_1000"] / 1000.0 / 12.0 * p["removable_share"]
    s = p["serious_share"]
    minor_capture = p["targeted_minor_capture"] if p["screening_targeted"] > 0 else 1.0
    jem_want_s = p["jem_active"] * removable * s
    jem_want_m = p["jem_active"] * removable * (1.0 - s) * minor_capture
    jem_cap = p["officers_jem"] * p["cases_per_officer_month"]
    jem_frac = min(1.0, safe_div(jem_cap, jem_want_s + jem_want_m))
    jem_s, jem_m = jem_want_s * jem_frac, jem_want_m * jem_frac

    # (2) Warrant Service Officers serve ICE warrants on removable people the JEM did not handle
    wso_want_s = p["wso_active"] * (removable * s - jem_s) * p["wso_warrant_share"]
    wso_want_m = p["wso_active"] * (removable * (1.0 - s) - jem_m) * p["wso_warrant_share"]
    wso_cap = p["officers_wso"] * p["cases_per_officer_month"]
    wso_frac = min(1.0, safe_div(wso_cap, wso_want_s + wso_want_m))
    wso_s, wso_m = wso_want_s * wso_frac, wso_want_m * wso_frac

    jail_cases = jem_s + jem_m + wso_s + wso_m
    d2t = p["detainer_to_transfer"]
    jail_s, jail_m = (jem_s + wso_s) * d2t, (jem_m + wso_m) * d2t

    # (3) Task Force Model street arrests, capped by the immigrant population
    arrests = p["tfm_active"] * min(p["officers_tfm"] * p["tfm_arrests_per_officer_month"],
                                    MAX_MONTHLY_ARREST_SHARE * n_imm)
    t_s = arrests * p["tfm_serious_share"]
    t_none = arrests * min(p["tfm_no_record_share"], 1.0 - p["tfm_serious_share"])
    t_m = max(arrests - t_s - t_none, 0.0)
    street_s, street_m, street_none = t_s * d2t, t_m * d2t, t_none * d2t

    removals_serious = jail_s + street_s
    removals_minor = jail_m + street_m
    removals_none = street_none
    removals = removals_serious + removals_minor + removals_none

    # (4) additionality
    asr = p["additionality_serious_ratio"]
    additional_serious = (jail_s * p["additionality"] + street_s * p["tfm_additionality"]) * asr
    removals_additional = (additional_serious + jail_m * p["additionality"]
                           + (street_m + street_none) * p["tfm_additionality"])

    # (5) visible enforcement and the fear it causes
    visible = safe_div((jail_s + jail_m) * p["jail_visibility"] + arrests, n_imm / 1000.0)
    fear = visible / (visible + p["fear_half_saturation"])
    erosion_imm = p["trust_erosion"] * fear * (1.0 - p["victim_protection"] * p["victim_protection_effect"])
    erosion_lat = erosion_imm * p["latino_spillover"]
    recovery = (1.0 + p["community_liaison"] * p["liaison_recovery_boost"]) / p["trust_recovery_months"]

    # (11) stop disparity
    pressure = safe_div(arrests + jail_m * p["jail_discretion_weight"], (n_imm + n_lat) / 1000.0)
    added = p["profiling_propensity"] * pressure / (pressure + p["profiling_half_pressure"])
    disparity = p["stop_disparity_baseline"] * (1.0 + added * (1.0 - p["oversight"] * p["oversight_effect"]))

    # (12) costs per month
    hourly = p["officer_annual_cost"] / HOURS_PER_YEAR
    cost_officer_time = (jail_cases * p["hours_per_case"] + arrests * p["hours_per_street_arrest"]) * hourly
    held = removals * p["hold_days"]
    cost_jail = held * p["bed_day_cost"]
    cost_liability = (disparity - p["stop_disparity_baseline"]) * p["liability_per_disparity"] / 12.0
    tfm_officers = p["tfm_active"] * p["officers_tfm"]
    reimbursement = held * p["bed_day_reimbursement"] + p["terms_2025"] * tfm_officers * (
        p["officer_annual_cost"] / 12.0 + p["award_per_officer_quarter"] / 3.0)
    training_start = hourly * (p["jem_active"] * p["officers_jem"] * p["training_hours_jem"]
                               + p["wso_active"] * p["officers_wso"] * p["training_hours_wso"]
                               + tfm_officers * p["training_hours_tfm"])
    training_refresher = hourly * p["jem_active"] * p["officers_jem"] * JEM_REFRESHER_HOURS

    # (6)-(10) month by month
    t0 = p["trust_baseline"]
    ti = tl = t0
    stock = 0.0
    keep = 1.0 - 1.0 / (12.0 * p["free_years"])
    el, wel = p["reporting_trust_elasticity"], p["witness_trust_elasticity"]
    v, vr = p["victimization_rate"], p["victimization_response"]
    tot_vict = tot_unrep = tot_rep = tot_cleared = tot_averted = tot_cost = 0.0
    ri = vi = 0.0
    for m in range(months):
        # (6) trust: implicit Euler step toward baseline, eroded by fear; (7) removed stock
        ti = (ti + recovery * t0) / (1.0 + erosion_imm + recovery)
        tl = (tl + recovery * t0) / (1.0 + erosion_lat + recovery)
        stock = stock * keep + additional_serious
        # (8) reporting relative to baseline
        rel_i = math.pow(ti / t0, el)
        rel_l = math.pow(tl / t0, el)
        # (9) victimisation
        vi = n_imm * v * (1.0 + vr * (1.0 - rel_i))
        vl = n_lat * v * (1.0 + vr * (1.0 - rel_l))
        vo = n_oth * v
        gross = vi + vl + vo
        # (10) crimes averted by removals
        averted = min(stock * p["offending_rate_serious"] / 12.0, gross)
        scale = 1.0 - safe_div(averted, gross)
        vi, vl, vo = vi * scale, vl * scale, vo * scale
        ri = p["reporting_baseline_immigrant"] * rel_i
        rl = p["reporting_baseline_other"] * rel_l
        ro = p["reporting_baseline_other"]
        rep_i, rep_l, rep_o = vi * ri, vl * rl, vo * ro
        cleared = p["clearance_rate"] * (rep_i * math.pow(ti / t0, wel) + rep_l * math.pow(tl / t0, wel) + rep_o)
        vict = vi + vl + vo
        reported = rep_i + rep_l + rep_o
        tot_vict += vict
        tot_rep += reported
        tot_unrep += vict - reported
        tot_cleared += cleared
        tot_averted += averted
        training = training_start if m == 0 else (training_refresher if m % JEM_REFRESHER_MONTHS == 0 else 0.0)
        tot_cost += training + (cost_officer_time + cost_jail + cost_liability - reimbursement)

    return {
        "removals": removals * months,
        "removals_additional": removals_additional * months,
        "removals_serious_share": share(removals_serious, removals),
        "removals_no_record_share": share(removals_none, removals),
        "trust_immigrant_end": ti,
        "trust_latino_citizen_end": tl,
        "reporting_rate_immigrant_end": ri,
        "crimes_unreported_added": tot_unrep,
        "crimes_averted": tot_averted,
        "net_crime_change": tot_vict,
        "recorded_crime_change": tot_rep,
        "victimization_immigrant_change": vi,
        "cleared_crime_change": tot_cleared,
        "cost_net_usd": tot_cost,
        "stop_disparity_ratio": disparity,
    }


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
