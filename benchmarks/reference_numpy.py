"""The model's equations (Model 2), vectorised over columns and stepped month by month.

Every input is a 1-D numpy array with one entry per *column*; a column is one draw of the
parameters under one scenario. ``simulate`` runs the agreement and its counterfactual (the same
draws with every program model off) through this same code, as two batches.

The program can start, narrow and end during the horizon, the removable population is drawn
down by the removals the agreement adds, and fear habituates; so every flow is computed month by
month. One month is about seventy numpy operations over all columns. A batch whose program is off
in every column (every counterfactual) does not change over time: it is computed for one month
and that month stands for every month.

Totals for the outcomes are accumulated as the months go; whole monthly series are kept only when
asked for (``keep_series=True``, used for the monthly bands of the first columns).

docs/MODEL.md gives each equation in words and math; the numbers (1)-(14) below refer to it.
"""
from __future__ import annotations

import numpy as np

from model.params import (
    ANNOUNCEMENT_FULL_SHARE,
    AWARD_TIERS,
    EQUIPMENT_PER_TFM_OFFICER,
    HOURS_PER_YEAR,
    JEM_REFRESHER_HOURS,
    JEM_REFRESHER_MONTHS,
    MAX_MONTHLY_ARREST_SHARE,
    MAX_MONTHLY_BOOKED_SHARE,
    OVERTIME_CAP,
    VEHICLES_PER_TFM_AGENCY,
)

_EPS = 1e-12
# (month, column) cells per block of the flow computation: small enough to stay in the cache.
# A performance knob only; results do not depend on it.
FLOW_BLOCK_ELEMENTS = 32768


def _safe_div(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    return np.divide(a, b, out=np.zeros(a.shape), where=np.abs(b) > _EPS)


class Engine:
    """Computes one batch of columns. ``p`` maps parameter names to float arrays (flags 0/1)."""

    SERIES = (
        "trust_immigrant", "trust_latino_citizen", "reporting_rate_immigrant",
        "reporting_rate_latino_citizen", "victimizations", "victimizations_immigrant",
        "crimes_reported", "crimes_unreported", "crimes_cleared", "crimes_averted",
        "removals", "removals_serious", "removals_minor", "removals_none", "removals_additional",
        "removed_additional", "cost_officer_time", "cost_training", "cost_jail", "cost_liability",
        "reimbursement", "cost_net", "stop_disparity", "fear", "removable_population",
        "detainers_jail", "program_active",
    )
    # summed over the horizon for the outcomes
    TOTALLED = ("victimizations", "victimizations_immigrant", "crimes_reported", "crimes_unreported",
                "crimes_cleared", "crimes_averted", "removals", "removals_serious", "removals_minor",
                "removals_none", "removals_additional", "removed_additional", "cost_officer_time",
                "cost_training", "cost_jail", "cost_liability", "reimbursement", "cost_net",
                "program_active")

    def __init__(self, p: dict[str, np.ndarray], months: int, keep_series: bool = False):
        self.p, self.months = dict(p), months
        self.columns = int(np.shape(p["trust_baseline"])[0])
        self.keep_series = keep_series
        self._series: dict[str, np.ndarray] | None = None
        self._totals: dict[str, np.ndarray] | None = None
        self._setup()

    # -- constants of each column ---------------------------------------------------------------
    def _setup(self) -> None:
        p = self.p
        # designated officers come out of the sworn officers: scaled down together if they exceed them
        designated = (p["wso_active"] * p["officers_wso"] + p["jem_active"] * p["officers_jem"]
                      + p["tfm_active"] * p["officers_tfm"])
        bound = np.where(designated > p["sworn_officers"], _safe_div(p["sworn_officers"], designated), 1.0)
        for name in ("officers_wso", "officers_jem", "officers_tfm"):
            p[name] = p[name] * bound
        pop = p["population"]
        self.n_imm = pop * p["immigrant_share"]
        self.n_lat = np.minimum(pop * p["latino_citizen_share"], pop - self.n_imm)
        self.n_oth = pop - self.n_imm - self.n_lat
        self.removable0 = self.n_imm * p["removable_resident_share"]
        # (1) removable people booked each month with the population as it starts
        self.booked0 = np.minimum(pop * p["bookings_per_1000"] / 1000.0 / 12.0 * p["removable_share"],
                                  MAX_MONTHLY_BOOKED_SHARE * self.removable0)
        self.program_on = ((p["wso_active"] + p["jem_active"] + p["tfm_active"]) > 0).astype(float)
        self.any_program = bool(np.any(self.program_on > 0))

    def _schedule(self) -> tuple[np.ndarray, np.ndarray]:
        """(months, columns): 1 while the agreement is in force; 1 while screening is targeted."""
        p = self.p
        m = np.arange(self.months, dtype=float)[:, None]
        on = (m >= p["start_month"]) & ((p["exit_month"] <= 0) | (m < p["exit_month"]))
        active = on * self.program_on  # an agreement is in force only if some program model is on
        targeted = np.maximum(p["screening_targeted"], (p["narrow_month"] > 0) & (m >= p["narrow_month"]))
        return active.astype(float), targeted.astype(float)

    # -- the month loop: only what feeds back on itself ------------------------------------------
    def _recurrence(self, active, targeted) -> dict[str, np.ndarray]:
        """Step the states that feed back month to month (removable population, habituation,
        trust) and record the flows they set; everything else is computed afterwards for all
        months at once (``_run``)."""
        p, months, cols = self.p, self.months, self.columns
        s = p["serious_share"]
        b = _safe_div(self.booked0, self.removable0)  # removable bookings per removable resident
        capture = np.where(targeted > 0, p["targeted_minor_capture"], 1.0)  # (months, cols)
        cases_per_booked = p["jem_active"] * (s + (1.0 - s) * capture)
        serious_of_cases = _safe_div(s, s + (1.0 - s) * capture)
        cap_j = p["officers_jem"] * p["cases_per_officer_month"]
        cap_w = p["officers_wso"] * p["cases_per_officer_month"]
        warrant = p["wso_active"] * p["wso_warrant_share"]
        d2t = p["detainer_to_transfer"]
        add_j, add_t, asr = p["additionality"], p["tfm_additionality"], p["additionality_serious_ratio"]
        arrest_max = p["tfm_active"] * p["officers_tfm"] * p["tfm_arrests_per_officer_month"]
        tss = np.minimum(p["tfm_serious_share"], 1.0)
        street_add = add_t * d2t * (asr * tss + (1.0 - tss))  # additional street transfers per arrest
        per_1000 = p["population"] / 1000.0
        vis_j = _safe_div(p["jail_visibility"] * add_j, per_1000)
        vis_t = _safe_div(add_t, per_1000)
        ann = p["announcement_effect"] * np.minimum(1.0, _safe_div(p["immigrant_share"], ANNOUNCEMENT_FULL_SHARE))
        h = p["fear_half_saturation"]
        fade = 1.0 - p["fear_persistence"]
        k_habit = 1.0 - np.exp(-1.0 / p["habituation_months"])
        e_i = p["trust_erosion"] * (1.0 - p["victim_protection"] * p["victim_protection_effect"])
        e_l = e_i * p["latino_spillover"]
        r1 = 1.0 + (1.0 + p["community_liaison"] * p["liaison_recovery_boost"]) / p["trust_recovery_months"]
        p_rem = p["transfer_to_removal"]
        leave_rate = p["outmigration_rate"] / 12.0
        migrate = bool(np.any(leave_rate > 0))
        names = ("removable", "jail_pot", "jail_cases", "jail_s", "jail_ns", "arrests", "felt", "rel_i", "rel_l")
        out = {n: np.empty((months, cols)) for n in names}
        pop_r = self.removable0.copy()
        habit, u_i, u_l = np.zeros(cols), np.zeros(cols), np.zeros(cols)
        for m in range(months):
            a = active[m]
            out["removable"][m] = pop_r
            booked = pop_r * b
            # (1) JEM: cases it wants, within its capacity: min(want, capacity)
            jpot = np.minimum(booked * cases_per_booked[m], cap_j)
            jem = jpot * a
            jem_s = jem * serious_of_cases[m]
            # (2) WSO: warrants on removable people the JEM did not handle, within capacity
            pool = booked - jem
            pool_s = booked * s - jem_s
            want_w = pool * warrant
            wso = np.minimum(want_w, cap_w) * a
            wso_s = pool_s * warrant * _safe_div(wso, want_w)
            cases = jem + wso
            jail_s = (jem_s + wso_s) * d2t
            jail_ns = cases * d2t - jail_s
            # (3) street arrests, capped by the removable population
            arrests = np.minimum(arrest_max, MAX_MONTHLY_ARREST_SHARE * pop_r) * a
            # (4)-(5) additional visible enforcement -> fear (plus the announcement while in force)
            jail_add = asr * jail_s + jail_ns
            dose = vis_j * jail_add + vis_t * arrests + ann * a
            fear = dose / (dose + h)
            # (6) habituation
            felt = np.maximum(fear - fade * habit, 0.0)
            habit += (fear - habit) * k_habit
            # (7) trust shortfall, implicit step
            ei = e_i * felt
            el = e_l * felt
            u_i = (u_i + ei) / (r1 + ei)
            u_l = (u_l + el) / (r1 + el)
            # (8) the removable population: additional removals (and optional moves) draw it down
            pop_r = pop_r - (add_j * jail_add + street_add * arrests) * p_rem
            if migrate:
                pop_r -= out["removable"][m] * leave_rate * fear
            np.maximum(pop_r, 0.0, out=pop_r)
            out["jail_pot"][m] = jpot
            out["jail_cases"][m] = cases
            out["jail_s"][m] = jail_s
            out["jail_ns"][m] = jail_ns
            out["arrests"][m] = arrests
            out["felt"][m] = felt
            out["rel_i"][m] = 1.0 - u_i
            out["rel_l"][m] = 1.0 - u_l
        return out

    def _run(self) -> None:
        p, months, cols = self.p, self.months, self.columns
        static = not self.any_program
        if static:  # nothing moves: one month stands for every month
            self.months = 1
        totals = {name: np.zeros(cols) for name in self.TOTALLED}
        end = {name: np.zeros(cols) for name in self.SERIES}
        series = {name: np.empty((months, cols)) for name in self.SERIES} if self.keep_series else None
        try:
            active, targeted = self._schedule()
            st = self._recurrence(active, targeted)
            # the flows of every month, a few columns at a time: small blocks stay in the cache
            width = max(1, FLOW_BLOCK_ELEMENTS // self.months)
            for start in range(0, cols, width):
                c = slice(start, min(start + width, cols))
                rows = self._flows(active[:, c], {k: v[:, c] for k, v in st.items()}, c)
                for name in self.TOTALLED:
                    totals[name][c] = rows[name].sum(axis=0) * (months if static else 1)
                for name in self.SERIES:
                    end[name][c] = rows[name][-1]
                    if series is not None:
                        series[name][:, c] = rows[name]
        finally:
            self.months = months
        self._totals, self._end, self._series = totals, end, series

    def _flows(self, active, st, c: slice) -> dict[str, np.ndarray]:
        """Every monthly flow, (months, columns of ``c``), from the recorded states."""
        p = {k: v[c] for k, v in self.p.items()}
        months, n_imm, n_lat, n_oth = self.months, self.n_imm[c], self.n_lat[c], self.n_oth[c]
        d2t = p["detainer_to_transfer"]
        add_j, add_t, asr = p["additionality"], p["tfm_additionality"], p["additionality_serious_ratio"]
        jail_s, jail_ns, arrests = st["jail_s"], st["jail_ns"], st["arrests"]
        # jail models also transfer people never convicted (charges dropped, or none yet)
        jail_n = np.minimum(p["jail_no_conviction_share"] * (jail_s + jail_ns), jail_ns)
        jail_m = jail_ns - jail_n
        t_s = arrests * p["tfm_serious_share"]
        t_n = arrests * np.minimum(p["tfm_no_record_share"], 1.0 - p["tfm_serious_share"])
        t_m = np.maximum(arrests - t_s - t_n, 0.0)
        st_s, st_m, st_n = t_s * d2t, t_m * d2t, t_n * d2t
        add_s = asr * (add_j * jail_s + add_t * st_s)
        add_m = add_j * jail_m + add_t * st_m
        add_n = add_j * jail_n + add_t * st_n
        additional = add_s + add_m + add_n
        p_rem = p["transfer_to_removal"]
        removals = jail_s + jail_ns + st_s + st_m + st_n
        # every detainer lodged at the jail, the program's or ICE's own (after an exit ICE goes on)
        started = np.arange(months)[:, None] >= p["start_month"]
        detainers = st["jail_pot"] * (active + (1.0 - active) * (1.0 - add_j) * started)
        # (9) crimes averted: additionally removed people by record class, less those who return
        offend = (add_s * p["offending_rate_serious"] + add_m * p["offending_rate_minor"]
                  + add_n * p["offending_rate_none"]) * (p_rem * (1.0 - p["reentry_share"]) / 12.0)
        keep = 1.0 - 1.0 / (12.0 * p["free_years"])
        stock = np.empty_like(offend)
        acc = np.zeros(offend.shape[1])
        for m in range(months):
            acc = acc * keep + offend[m]
            stock[m] = acc
        # (10) reporting follows trust; (11) offending rises as reporting falls
        rel_i, rel_l = st["rel_i"], st["rel_l"]
        el, vr, v = p["reporting_trust_elasticity"], p["victimization_response"], p["victimization_rate"]
        rep_rel_i, rep_rel_l = rel_i ** el, rel_l ** el
        vi = (n_imm * v) * (1.0 + vr * (1.0 - rep_rel_i))
        vl = (n_lat * v) * (1.0 + vr * (1.0 - rep_rel_l))
        vo = np.broadcast_to(n_oth * v, vi.shape)
        gross = vi + vl + vo
        averted = np.minimum(stock, gross)
        scale = 1.0 - _safe_div(averted, gross)
        vi, vl, vo = vi * scale, vl * scale, vo * scale
        ri = p["reporting_baseline_immigrant"] * rep_rel_i
        rl = p["reporting_baseline_other"] * rep_rel_l
        rep_i, rep_l, rep_o = vi * ri, vl * rl, vo * p["reporting_baseline_other"]
        reported = rep_i + rep_l + rep_o
        vict = vi + vl + vo
        wel = p["witness_trust_elasticity"]
        cleared = p["clearance_rate"] * (rep_i * rel_i ** wel + rep_l * rel_l ** wel + rep_o)
        # (12) stop disparity from street-level discretion (and jail feeding), damped by oversight
        pressure = _safe_div(add_t * arrests + p["jail_discretion_weight"] * add_j * (jail_m + jail_n),
                             (n_imm + n_lat) / 1000.0)
        rise = p["profiling_propensity"] * _safe_div(pressure, pressure + p["profiling_half_pressure"])
        d0 = p["stop_disparity_baseline"]
        disparity = d0 * (1.0 + rise * (1.0 - p["oversight"] * p["oversight_effect"]))
        # (13) costs: the same officer hours are charged and reimbursed
        hourly = p["officer_annual_cost"] / HOURS_PER_YEAR
        tfm_officers = p["tfm_active"] * p["officers_tfm"]
        tfm_hours = arrests * p["hours_per_street_arrest"] + active * (tfm_officers * p["tfm_hours_per_officer_month"])
        rate = hourly * p["opportunity_cost_share"]
        officer_time = (st["jail_cases"] * p["hours_per_case"] + tfm_hours) * rate
        eligible = p["terms_2025"] * tfm_officers * p["tfm_eligible_share"]
        ceiling = eligible * p["officer_annual_cost"] / 12.0 * (1.0 + OVERTIME_CAP)
        salary_reimb = np.minimum(tfm_hours * rate * p["terms_2025"] * p["tfm_eligible_share"], active * ceiling)
        award = np.select([p["tfm_success_rate"] >= lo for lo, _ in AWARD_TIERS],
                          [np.full(n_imm.shape, usd) for _, usd in AWARD_TIERS], 0.0)
        located = np.minimum(1.0, 3.0 * _safe_div(arrests, tfm_officers))  # awards need arrests
        awards = active * (eligible * award / 3.0) * located
        held = removals * p["hold_days"]
        jail_cost = held * p["bed_day_cost"]
        liability = (disparity - d0) * ((p["liability_per_disparity"] + p["profiling_finding_rate"]
                                         * p["profiling_finding_cost"] * p["population"] / 100_000.0) / 12.0)
        before = np.vstack([np.zeros((1, active.shape[1])), active[:-1]])
        starts = active * (1.0 - before)
        since = np.arange(months)[:, None] - p["start_month"]
        refresh = active * ((since > 0) & (since % JEM_REFRESHER_MONTHS == 0))
        equipment = starts * (p["terms_2025"] * p["tfm_active"] * (
            EQUIPMENT_PER_TFM_OFFICER * p["officers_tfm"] + VEHICLES_PER_TFM_AGENCY * (p["officers_tfm"] > 0)))
        training = hourly * (starts * (p["jem_active"] * p["officers_jem"] * p["training_hours_jem"]
                                       + p["wso_active"] * p["officers_wso"] * p["training_hours_wso"]
                                       + tfm_officers * p["training_hours_tfm"])
                             + refresh * (p["jem_active"] * p["officers_jem"] * JEM_REFRESHER_HOURS)) + equipment
        reimbursement = held * p["bed_day_reimbursement"] + salary_reimb + awards + equipment
        net = officer_time + training + jail_cost + liability - reimbursement
        t0 = p["trust_baseline"]
        return {
            "trust_immigrant": rel_i * t0, "trust_latino_citizen": rel_l * t0,
            "reporting_rate_immigrant": ri, "reporting_rate_latino_citizen": rl,
            "victimizations": vict, "victimizations_immigrant": vi, "crimes_reported": reported,
            "crimes_unreported": vict - reported, "crimes_cleared": cleared, "crimes_averted": averted,
            "removals": removals, "removals_serious": jail_s + st_s, "removals_minor": jail_m + st_m,
            "removals_none": jail_n + st_n, "removals_additional": additional,
            "removed_additional": additional * p_rem,
            "cost_officer_time": officer_time, "cost_training": training, "cost_jail": jail_cost,
            "cost_liability": liability, "reimbursement": reimbursement, "cost_net": net,
            "stop_disparity": disparity, "fear": st["felt"], "removable_population": st["removable"],
            "detainers_jail": detainers, "program_active": active,
        }

    # -- results ---------------------------------------------------------------------------------
    def totals(self) -> dict[str, np.ndarray]:
        """Per column: every totalled series summed over the horizon (``<name>_total``) and every
        series in the last month (``<name>_end``)."""
        if self._totals is None:
            self._run()
        out = {f"{k}_total": v for k, v in self._totals.items()}
        out.update({f"{k}_end": np.asarray(v, dtype=float) for k, v in self._end.items()})
        return out

    def series(self, names=None) -> dict[str, np.ndarray]:
        """Monthly series by name, each (months, columns)."""
        if self._series is None:
            self.keep_series = True
            self._run()
        names = self.SERIES if names is None else tuple(names)
        return {name: self._series[name] for name in names}
