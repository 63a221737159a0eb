"""The model's equations, vectorised over Monte Carlo draws.

Every input is a 1-D numpy array with one entry per *column*; a column is one draw of the
parameters under one scenario. ``simulate`` stacks the agreement and its counterfactual (the same
draw with every program model off) side by side, so both are computed by the same code in one
pass. Monthly flows that do not change over time are kept 1-D; the three state variables that do
(trust of immigrant residents, trust of Latino citizens, and the stock of removed people with
serious records) are advanced month by month and stored as (months, columns) arrays. Every
derived monthly series is computed from those states on demand by ``Engine.series``.

docs/MODEL.md gives each equation in words and math; the numbers (1)-(12) below refer to it.
"""
from __future__ import annotations

import numpy as np

from .params import (
    HOURS_PER_YEAR,
    JEM_REFRESHER_HOURS,
    JEM_REFRESHER_MONTHS,
    MAX_MONTHLY_ARREST_SHARE,
)

_EPS = 1e-12


def _safe_div(a, b):
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=np.abs(b) > _EPS)


class Engine:
    """Computes one batch of columns. ``p`` maps parameter names to float arrays (flags 0/1)."""

    SERIES = (
        "trust_immigrant", "trust_latino_citizen", "reporting_rate_immigrant",
        "reporting_rate_latino_citizen", "victimizations", "victimizations_immigrant",
        "crimes_reported", "crimes_unreported", "crimes_cleared", "crimes_averted",
        "removals", "removals_serious", "removals_minor", "removals_none", "removals_additional",
        "cost_officer_time", "cost_training", "cost_jail", "cost_liability", "reimbursement",
        "cost_net", "stop_disparity",
    )

    def __init__(self, p: dict[str, np.ndarray], months: int):
        self.p, self.months = p, months
        self._static()
        self._advance()

    # -- (1)-(4) program design -> reach (constant monthly flows) -----------------------------
    def _static(self) -> None:
        p = self.p
        pop = p["population"]
        self.n_imm = pop * p["immigrant_share"]
        self.n_lat = np.minimum(pop * p["latino_citizen_share"], pop - self.n_imm)
        self.n_oth = pop - self.n_imm - self.n_lat

        # (1) removable bookings and the jail models' caseload
        removable = pop * p["bookings_per_1000"] / 1000.0 / 12.0 * p["removable_share"]
        s = p["serious_share"]
        minor_capture = np.where(p["screening_targeted"] > 0, p["targeted_minor_capture"], 1.0)
        jem_want_s = p["jem_active"] * removable * s
        jem_want_m = p["jem_active"] * removable * (1.0 - s) * minor_capture
        jem_cap = p["officers_jem"] * p["cases_per_officer_month"]
        jem_frac = np.minimum(1.0, _safe_div(jem_cap, jem_want_s + jem_want_m))
        jem_s, jem_m = jem_want_s * jem_frac, jem_want_m * jem_frac

        # (2) WSO serves ICE warrants on removable people the JEM did not already handle
        wso_want_s = p["wso_active"] * (removable * s - jem_s) * p["wso_warrant_share"]
        wso_want_m = p["wso_active"] * (removable * (1.0 - s) - jem_m) * p["wso_warrant_share"]
        wso_cap = p["officers_wso"] * p["cases_per_officer_month"]
        wso_frac = np.minimum(1.0, _safe_div(wso_cap, wso_want_s + wso_want_m))
        wso_s, wso_m = wso_want_s * wso_frac, wso_want_m * wso_frac

        self.jail_cases = jem_s + jem_m + wso_s + wso_m
        d2t = p["detainer_to_transfer"]
        jail_s, jail_m = (jem_s + wso_s) * d2t, (jem_m + wso_m) * d2t

        # (3) Task Force Model: street arrests, capped by the immigrant population
        arrests = p["tfm_active"] * np.minimum(
            p["officers_tfm"] * p["tfm_arrests_per_officer_month"],
            MAX_MONTHLY_ARREST_SHARE * self.n_imm,
        )
        self.street_arrests = arrests
        t_s = arrests * p["tfm_serious_share"]
        t_none = arrests * np.minimum(p["tfm_no_record_share"], 1.0 - p["tfm_serious_share"])
        t_m = arrests - t_s - t_none
        street_s, street_m, street_none = t_s * d2t, t_m * d2t, t_none * d2t

        self.removals_serious = jail_s + street_s
        self.removals_minor = jail_m + street_m
        self.removals_none = street_none
        self.removals = self.removals_serious + self.removals_minor + self.removals_none

        # (4) additionality: what ICE's own screening would not have produced anyway
        asr = p["additionality_serious_ratio"]
        self.additional_serious = (jail_s * p["additionality"] + street_s * p["tfm_additionality"]) * asr
        self.removals_additional = (
            self.additional_serious
            + jail_m * p["additionality"]
            + (street_m + street_none) * p["tfm_additionality"]
        )

        # (5) visible enforcement per 1,000 immigrant residents, and the fear it causes
        visible = _safe_div((jail_s + jail_m) * p["jail_visibility"] + arrests, self.n_imm / 1000.0)
        fear = visible / (visible + p["fear_half_saturation"])
        self.erosion_imm = p["trust_erosion"] * fear * (1.0 - p["victim_protection"] * p["victim_protection_effect"])
        self.erosion_lat = self.erosion_imm * p["latino_spillover"]
        self.recovery = (1.0 + p["community_liaison"] * p["liaison_recovery_boost"]) / p["trust_recovery_months"]

        # (11) stop disparity from discretionary enforcement pressure, damped by oversight
        pressure = _safe_div(arrests + jail_m * p["jail_discretion_weight"], (self.n_imm + self.n_lat) / 1000.0)
        added = p["profiling_propensity"] * pressure / (pressure + p["profiling_half_pressure"])
        self.disparity = p["stop_disparity_baseline"] * (1.0 + added * (1.0 - p["oversight"] * p["oversight_effect"]))

        # (12) costs that do not change over time (USD per month)
        hourly = p["officer_annual_cost"] / HOURS_PER_YEAR
        self.hourly = hourly
        self.cost_officer_time_m = (self.jail_cases * p["hours_per_case"] + arrests * p["hours_per_street_arrest"]) * hourly
        held = self.removals * p["hold_days"]
        self.cost_jail_m = held * p["bed_day_cost"]
        self.cost_liability_m = (self.disparity - p["stop_disparity_baseline"]) * p["liability_per_disparity"] / 12.0
        tfm_officers = p["tfm_active"] * p["officers_tfm"]
        self.reimbursement_m = held * p["bed_day_reimbursement"] + p["terms_2025"] * tfm_officers * (
            p["officer_annual_cost"] / 12.0 + p["award_per_officer_quarter"] / 3.0
        )
        self.training_start = hourly * (
            p["jem_active"] * p["officers_jem"] * p["training_hours_jem"]
            + p["wso_active"] * p["officers_wso"] * p["training_hours_wso"]
            + tfm_officers * p["training_hours_tfm"]
        )
        self.training_refresher = hourly * p["jem_active"] * p["officers_jem"] * JEM_REFRESHER_HOURS

    # -- (6)-(7) trust dynamics and the stock of removed serious offenders ---------------------
    def _advance(self) -> None:
        p, months = self.p, self.months
        t0 = p["trust_baseline"]
        cols = t0.shape[0]
        self.trust_imm = np.empty((months, cols))
        self.trust_lat = np.empty((months, cols))
        self.stock = np.empty((months, cols))
        ti, tl, stock = t0.copy(), t0.copy(), np.zeros(cols)
        r_t0 = self.recovery * t0
        den_i = 1.0 + self.erosion_imm + self.recovery
        den_l = 1.0 + self.erosion_lat + self.recovery
        keep = 1.0 - 1.0 / (12.0 * p["free_years"])
        for m in range(months):
            # implicit Euler step: stays within [0, baseline] for any rates
            ti = (ti + r_t0) / den_i
            tl = (tl + r_t0) / den_l
            stock = stock * keep + self.additional_serious
            self.trust_imm[m], self.trust_lat[m], self.stock[m] = ti, tl, stock

    # -- (8)-(10) reporting, victimisation, recorded and cleared crime -------------------------
    def reporting(self) -> tuple[np.ndarray, np.ndarray]:
        p = self.p
        t0, el = p["trust_baseline"], p["reporting_trust_elasticity"]
        rel_i = (self.trust_imm / t0) ** el
        rel_l = (self.trust_lat / t0) ** el
        return rel_i, rel_l  # reporting relative to each group's baseline

    def crimes(self) -> dict[str, np.ndarray]:
        """Monthly crime flows, (months, columns) each."""
        p = self.p
        rel_i, rel_l = self.reporting()
        v, vr = p["victimization_rate"], p["victimization_response"]
        vi = self.n_imm * v * (1.0 + vr * (1.0 - rel_i))
        vl = self.n_lat * v * (1.0 + vr * (1.0 - rel_l))
        vo = self.n_oth * v
        gross = vi + vl + vo
        averted = np.minimum(self.stock * p["offending_rate_serious"] / 12.0, gross)
        scale = 1.0 - _safe_div(averted, gross)
        vi, vl, vo = vi * scale, vl * scale, vo * scale
        ri = p["reporting_baseline_immigrant"] * rel_i
        rl = p["reporting_baseline_other"] * rel_l
        ro = p["reporting_baseline_other"]
        rep_i, rep_l, rep_o = vi * ri, vl * rl, vo * ro
        wel, clr = p["witness_trust_elasticity"], p["clearance_rate"]
        t0 = p["trust_baseline"]
        cleared = clr * (
            rep_i * (self.trust_imm / t0) ** wel + rep_l * (self.trust_lat / t0) ** wel + rep_o
        )
        vict = vi + vl + vo
        reported = rep_i + rep_l + rep_o
        return {
            "victimizations": vict,
            "victimizations_immigrant": vi,
            "crimes_reported": reported,
            "crimes_unreported": vict - reported,
            "crimes_cleared": cleared,
            "crimes_averted": averted,
            "reporting_rate_immigrant": ri,
            "reporting_rate_latino_citizen": rl,
        }

    def training(self) -> np.ndarray:
        month = np.arange(self.months)[:, None]
        start = (month == 0) * self.training_start
        refresher = ((month > 0) & (month % JEM_REFRESHER_MONTHS == 0)) * self.training_refresher
        return start + refresher

    def series(self, names=None) -> dict[str, np.ndarray]:
        """Monthly series by name, each (months, columns). Computes only what is asked for."""
        names = self.SERIES if names is None else tuple(names)
        out: dict[str, np.ndarray] = {}
        shape = (self.months, self.trust_imm.shape[1])
        crime_names = {"victimizations", "victimizations_immigrant", "crimes_reported",
                       "crimes_unreported", "crimes_cleared", "crimes_averted",
                       "reporting_rate_immigrant", "reporting_rate_latino_citizen"}
        if crime_names.intersection(names):
            crimes = self.crimes()
            out.update({k: v for k, v in crimes.items() if k in names})
        constant = {
            "removals": self.removals, "removals_serious": self.removals_serious,
            "removals_minor": self.removals_minor, "removals_none": self.removals_none,
            "removals_additional": self.removals_additional,
            "cost_officer_time": self.cost_officer_time_m, "cost_jail": self.cost_jail_m,
            "cost_liability": self.cost_liability_m, "reimbursement": self.reimbursement_m,
            "stop_disparity": self.disparity,
        }
        for name in names:
            if name in out:
                continue
            if name == "trust_immigrant":
                out[name] = self.trust_imm
            elif name == "trust_latino_citizen":
                out[name] = self.trust_lat
            elif name == "cost_training":
                out[name] = self.training()
            elif name == "cost_net":
                out[name] = self.training() + (
                    self.cost_officer_time_m + self.cost_jail_m + self.cost_liability_m - self.reimbursement_m
                )
            elif name in constant:
                out[name] = np.broadcast_to(constant[name], shape)
            else:
                raise KeyError(name)
        return out
