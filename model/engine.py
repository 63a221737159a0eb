"""The model's equations, vectorised over Monte Carlo draws.

Every input is a 1-D numpy array with one entry per *column*; a column is one draw of the
parameters under one scenario. ``simulate`` runs the agreement and its counterfactual (the same
draws with every program model off) through this same code, as two batches. Monthly flows that do not change over time are kept 1-D; the three state variables that do
(trust of immigrant residents, trust of Latino citizens, and the stock of removed people with
serious records) are advanced month by month.

For speed and memory the months are processed in blocks: the states of a block of months are
written into small reused buffers, the block's crime flows are computed from them, and the
horizon totals the outcomes need are accumulated; no (months, columns) array is kept unless a
caller asks for whole monthly series (``Engine.series``, ``Engine.crimes``). The results do not
depend on the block size.

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
# Monthly crime flows are computed in blocks of about this many (month, column) cells: small
# enough that temporaries are reused from the allocator instead of being freshly mapped (and
# page-faulted) each time. A performance knob only; results do not depend on it.
BLOCK_ELEMENTS = 16_384


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

    CRIME_SERIES = (  # the first TOTALLED are summed over the horizon for the outcomes
        "victimizations", "crimes_reported", "crimes_unreported", "crimes_cleared", "crimes_averted",
        "victimizations_immigrant", "reporting_rate_immigrant", "reporting_rate_latino_citizen",
    )
    TOTALLED = 5

    def __init__(self, p: dict[str, np.ndarray], months: int):
        self.p, self.months = p, months
        self.columns = int(np.shape(p["trust_baseline"])[0])
        self._states: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._crimes: dict[str, np.ndarray] | None = None
        self._totals: dict[str, np.ndarray] | None = None
        self._ws: dict[str, np.ndarray] | None = None
        self._coef: dict[str, np.ndarray] | None = None
        self._all_static: bool | None = None
        self._static()

    # -- (1)-(4) program design -> reach (constant monthly flows) -----------------------------
    def _static(self) -> None:
        p = self.p = dict(self.p)
        # designated officers come out of the sworn officers: scaled down together if they exceed them
        designated = (p["wso_active"] * p["officers_wso"] + p["jem_active"] * p["officers_jem"]
                      + p["tfm_active"] * p["officers_tfm"])
        bound = np.minimum(1.0, _safe_div(p["sworn_officers"], designated) + (designated <= _EPS))
        for name in ("officers_wso", "officers_jem", "officers_tfm"):
            p[name] = p[name] * bound
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
        t_m = np.maximum(arrests - t_s - t_none, 0.0)  # exact 0, not -4e-16, when the shares fill it
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
    def _state_blocks(self, elements: int | None = None):
        """Advance trust and the removed-offender stock month by month (numpy over columns),
        yielding ``(rows, rel_trust_imm, rel_trust_lat, stock)`` for consecutive blocks of months.
        The arrays are views of buffers reused for the next block.

        Trust is tracked as its shortfall below baseline, relative to baseline:
        ``u = 1 - trust / trust_baseline``. The implicit Euler step of (6),
        ``trust' = (trust + r * t0) / (1 + e + r)``, is the same step written as
        ``u' = (u + e) / (1 + e + r)``; in this form trust stays in [0, baseline] for any rates, and
        with no erosion (every counterfactual column) it stays at its baseline exactly, so series
        that do not change over time are recognisably constant. (7): the stock of removed people
        with serious records, ``stock' = stock * keep + additional serious removals``.
        """
        if self._states is not None:
            xi, xl, st = self._states
            for rows in self._row_blocks(elements):
                yield rows, xi[rows], xl[rows], st[rows]
            return
        p, cols = self.p, self.columns
        step = self._rows_per_block(elements)
        # The three states follow the same affine step s' = s * a + b (per column), so one
        # multiply and one add per month advance all of them: for trust a = 1 / (1 + e + r),
        # b = e / (1 + e + r); for the stock a = keep, b = the monthly additional removals.
        den_i = 1.0 + self.erosion_imm + self.recovery
        den_l = 1.0 + self.erosion_lat + self.recovery
        keep = 1.0 - 1.0 / (12.0 * p["free_years"])
        a = np.stack([1.0 / den_i, 1.0 / den_l, np.broadcast_to(keep, (cols,))])
        b = np.stack([self.erosion_imm / den_i, self.erosion_lat / den_l,
                      np.broadcast_to(self.additional_serious, (cols,))])
        buf = np.empty((step, 3, cols))
        s = np.zeros((3, cols))  # the month before: no shortfall, nothing removed
        for rows in self._row_blocks(elements):
            r = rows.stop - rows.start
            for j in range(r):  # each month written straight into the block's rows
                s = np.multiply(s, a, out=buf[j])
                s += b
            s = s.copy()  # the buffer is reused next block
            np.subtract(1.0, buf[:r, :2], out=buf[:r, :2])  # u -> trust relative to baseline, 1 - u
            yield rows, buf[:r, 0], buf[:r, 1], buf[:r, 2]

    def _full_states(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._states is None:
            shape = (self.months, self.columns)
            xi, xl, st = np.empty(shape), np.empty(shape), np.empty(shape)
            for rows, bi, bl, bs in self._state_blocks():
                xi[rows], xl[rows], st[rows] = bi, bl, bs
            self._states = (xi, xl, st)
        return self._states

    @property
    def rel_trust_imm(self) -> np.ndarray:
        """Trust of immigrant residents relative to baseline, (months, columns)."""
        return self._full_states()[0]

    @property
    def rel_trust_lat(self) -> np.ndarray:
        """Trust of Latino citizens relative to baseline, (months, columns)."""
        return self._full_states()[1]

    @property
    def stock(self) -> np.ndarray:
        """Removed people with serious records who would otherwise be in the community."""
        return self._full_states()[2]

    @property
    def trust_imm(self) -> np.ndarray:
        """Trust of immigrant residents, (months, columns)."""
        return self.rel_trust_imm * self.p["trust_baseline"]

    @property
    def trust_lat(self) -> np.ndarray:
        """Trust of Latino citizens, (months, columns)."""
        return self.rel_trust_lat * self.p["trust_baseline"]

    # -- (8)-(10) reporting, victimisation, recorded and cleared crime -------------------------
    def reporting(self) -> tuple[np.ndarray, np.ndarray]:
        el = self.p["reporting_trust_elasticity"]
        return self.rel_trust_imm ** el, self.rel_trust_lat ** el  # relative to each group's baseline

    _WORK = ("vl", "gross", "scale", "vo", "rep_i", "rep_l", "rep_o", "wl", "trust_i", "trust_l")

    def _workspace(self, rows: int) -> dict[str, np.ndarray]:
        """Scratch arrays for one block of months, allocated once per engine and reused: the
        engine's speed is bound by memory traffic, and fresh large arrays cost page faults.
        ``"out"`` holds the crime series, (len(CRIME_SERIES), 1 + rows, columns): row 0 of each
        is free for its running total (see ``blocks``), rows 1.. are the block's months."""
        ws = self._ws
        if ws is None or ws["out"].shape[1] < rows + 1:
            # one allocation carved into views: a single large block is reused by the C
            # allocator from one engine to the next, where many separate ones are mapped and
            # page-faulted afresh each time
            cols, n_out = self.columns, len(self.CRIME_SERIES)
            size = rows * cols
            memory = np.empty(len(self._WORK) * size + n_out * (rows + 1) * cols)
            ws = self._ws = {name: memory[i * size:(i + 1) * size].reshape(rows, cols)
                             for i, name in enumerate(self._WORK)}
            ws["out"] = memory[len(self._WORK) * size:].reshape(n_out, rows + 1, cols)
        if ws["out"].shape[1] == rows + 1:
            return ws
        return {name: arr[:, : rows + 1] if name == "out" else arr[:rows] for name, arr in ws.items()}

    def _coefficients(self) -> dict[str, np.ndarray]:
        """Per-column constants of the crime equations (computed once per engine)."""
        if getattr(self, "_coef", None) is None:
            p = self.p
            a_i, a_l = self.n_imm * p["victimization_rate"], self.n_lat * p["victimization_rate"]
            vr = p["victimization_response"]
            self._coef = {
                # (9) n v (1 + vr (1 - rel)) = n v (1 + vr) - n v vr rel
                "c_i": a_i * (1.0 + vr), "b_i": -(a_i * vr), "c_l": a_l * (1.0 + vr), "b_l": -(a_l * vr),
                "vo": self.n_oth * p["victimization_rate"],
                "offend": p["offending_rate_serious"] / 12.0,
            }
        return self._coef

    def _crime_block(self, xi: np.ndarray, xl: np.ndarray, stock: np.ndarray) -> np.ndarray:
        """Crime flows for a block of months, from relative trust and the removed stock: a
        (len(CRIME_SERIES), 1 + months, columns) view of the workspace whose rows 1.. hold the
        block's months; valid until the next block."""
        p, w, k = self.p, self._workspace(xi.shape[0]), self._coefficients()
        full = w["out"]
        (vict, reported, unreported, cleared, averted, vi, rel_i, rel_l) = full[:, 1:]
        el = p["reporting_trust_elasticity"]
        np.power(xi, el, out=rel_i)
        np.power(xl, el, out=rel_l)
        # (9) victimisation rises as reporting falls
        np.multiply(rel_i, k["b_i"], out=vi)
        vi += k["c_i"]
        vl = np.multiply(rel_l, k["b_l"], out=w["vl"])
        vl += k["c_l"]
        gross = np.add(vi, vl, out=w["gross"])
        gross += k["vo"]
        # (10) crimes averted by the stock of additionally removed serious offenders
        np.multiply(stock, k["offend"], out=averted)
        np.minimum(averted, gross, out=averted)
        # share of crimes not averted; gross > 0 whenever anyone lives there (averted <= gross)
        scale = np.divide(averted, np.maximum(gross, _EPS, out=w["scale"]), out=w["scale"])
        np.subtract(1.0, scale, out=scale)
        np.multiply(gross, scale, out=vict)
        vi *= scale
        vl *= scale
        vo = np.multiply(scale, k["vo"], out=w["vo"])
        # (8) reporting follows trust
        ri = rel_i
        ri *= p["reporting_baseline_immigrant"]
        rl = rel_l
        rl *= p["reporting_baseline_other"]
        rep_i = np.multiply(vi, ri, out=w["rep_i"])
        rep_l = np.multiply(vl, rl, out=w["rep_l"])
        rep_o = np.multiply(vo, p["reporting_baseline_other"], out=w["rep_o"])
        np.add(rep_i, rep_l, out=reported)
        reported += rep_o
        np.subtract(vict, reported, out=unreported)
        wel = p["witness_trust_elasticity"]
        np.power(xi, wel, out=cleared)
        cleared *= rep_i
        wl = np.power(xl, wel, out=w["wl"])
        wl *= rep_l
        cleared += wl
        cleared += rep_o
        cleared *= p["clearance_rate"]
        return full

    def _rows_per_block(self, elements: int | None = None) -> int:
        return max(1, (elements or BLOCK_ELEMENTS) // max(self.columns, 1))

    def _row_blocks(self, elements: int | None = None):
        step = self._rows_per_block(elements)
        for start in range(0, self.months, step):
            yield slice(start, min(start + step, self.months))

    STATE_SERIES = CRIME_SERIES + ("trust_immigrant", "trust_latino_citizen")
    TRAINING_SERIES = ("cost_training", "cost_net")

    def static_columns(self) -> np.ndarray:
        """Columns whose state never moves (no erosion, nothing removed, so trust stays at its
        baseline and the removed stock at 0): every series of theirs is constant over time.
        Every counterfactual column is static."""
        return (self.erosion_imm == 0) & (self.erosion_lat == 0) & (self.additional_serious == 0)

    def constant_flows(self) -> dict[str, np.ndarray]:
        """Series that are the same every month, as one value per column."""
        return self._constant_flows()

    def training_months(self) -> np.ndarray:
        """Months whose training-cost series differ: 0, the first refresher month, and an
        ordinary month; every other month equals one of these (``training_month_index``)."""
        return np.unique(np.minimum([0, JEM_REFRESHER_MONTHS, 1], self.months - 1))

    def training_month_index(self) -> np.ndarray:
        """For each month, the position in ``training_months()`` of the month it equals."""
        reps = self.training_months()
        month = np.arange(self.months)
        rep = np.where(month == 0, 0, np.where(month % JEM_REFRESHER_MONTHS == 0, JEM_REFRESHER_MONTHS, 1))
        return np.searchsorted(reps, np.minimum(rep, self.months - 1))

    def training_at(self, months: np.ndarray) -> dict[str, np.ndarray]:
        """``cost_training`` and ``cost_net`` at the given months, (len(months), columns)."""
        training = self._training_rows(np.asarray(months))
        return {"cost_training": training, "cost_net": training + self.cost_monthly_constant()}

    def _training_rows(self, rows) -> np.ndarray:
        month = (np.arange(rows.start, rows.stop) if isinstance(rows, slice) else rows)[:, None]
        start = (month == 0) * self.training_start
        refresher = ((month > 0) & (month % JEM_REFRESHER_MONTHS == 0)) * self.training_refresher
        return start + refresher

    def blocks(self, names=None, elements: int | None = None):
        """Yield ``(rows, {name: (len(rows), columns) array})`` over consecutive blocks of months.

        The way to read monthly series without holding them all: each block is small, so its
        arrays are reused by the allocator. Series that do not change over time come as
        broadcast views (``strides[0] == 0``). Arrays are valid until the next block. A complete
        pass also records the totals that ``totals`` returns, so outcomes need no second pass.
        """
        names = self.SERIES if names is None else tuple(names)
        cols = self.columns
        sums = np.zeros((self.TOTALLED, cols))
        constant = self._constant_flows()
        t0 = self.p["trust_baseline"]
        full = None
        xi = xl = None
        for rows, xi, xl, stock in self._state_blocks(elements):
            r = rows.stop - rows.start
            full = self._crime_block(xi, xl, stock)
            # running totals: the sum so far plus each month in turn, so that totals never
            # depend on the block size (a reduction over a non-contiguous axis adds in order;
            # over a contiguous one, with a single column, numpy would sum pairwise)
            totalled = full[: self.TOTALLED]
            totalled[:, 0] = sums
            if cols > 1:
                np.add.reduce(totalled, axis=1, out=sums)
            else:
                for j in range(1, r + 1):
                    sums += totalled[:, j]
            crimes = {name: full[i, 1:] for i, name in enumerate(self.CRIME_SERIES)}
            out: dict[str, np.ndarray] = {}
            training = None
            for name in names:
                if name in crimes:
                    out[name] = crimes[name]
                elif name == "trust_immigrant":
                    out[name] = np.multiply(xi, t0, out=self._workspace(r)["trust_i"])
                elif name == "trust_latino_citizen":
                    out[name] = np.multiply(xl, t0, out=self._workspace(r)["trust_l"])
                elif name in ("cost_training", "cost_net"):
                    if training is None:
                        training = self._training_rows(rows)
                    out[name] = training if name == "cost_training" else training + self.cost_monthly_constant()
                elif name in constant:
                    out[name] = np.broadcast_to(constant[name], (r, cols))
                else:
                    raise KeyError(name)
            yield rows, out
        self._totals = self._make_totals(sums, full[:, -1], xi[-1], xl[-1])

    def _make_totals(self, sums, last, xi_end, xl_end) -> dict[str, np.ndarray]:
        t0 = self.p["trust_baseline"]
        totals = {f"{k}_total": sums[i] for i, k in enumerate(self.CRIME_SERIES[: self.TOTALLED])}
        totals.update({f"{k}_end": last[i].copy() for i, k in enumerate(self.CRIME_SERIES)})
        totals["trust_immigrant_end"] = xi_end * t0
        totals["trust_latino_citizen_end"] = xl_end * t0
        return totals

    def totals(self) -> dict[str, np.ndarray]:
        """Per column: each crime flow summed over the horizon (``<name>_total``), its value in
        the last month (``<name>_end``), and trust at the end (``trust_immigrant_end``,
        ``trust_latino_citizen_end``); computed in one pass over blocks of months."""
        if self._totals is None:
            if self.all_static():
                self._static_totals()
            else:
                for _ in self.blocks(()):
                    pass
        return self._totals

    def all_static(self) -> bool:
        """True when no column's state moves (every counterfactual batch): each month is then
        the same as the first, and a pass over one month gives the whole horizon."""
        if self._all_static is None:
            self._all_static = bool(np.all(self.static_columns()))
        return self._all_static

    def _static_totals(self) -> None:
        rows, xi, xl, stock = next(self._state_blocks(elements=self.columns))  # the first month
        month = self._crime_block(xi[:1], xl[:1], stock[:1])[:, 1]
        sums = np.zeros_like(month[: self.TOTALLED])
        for _ in range(self.months):  # the same additions as a full pass, so the same totals
            sums += month[: self.TOTALLED]
        self._totals = self._make_totals(sums, month, xi[0], xl[0])

    crime_totals = totals

    def crimes(self) -> dict[str, np.ndarray]:
        """Monthly crime flows, (months, columns) each. Computed once, then kept."""
        if self._crimes is None:
            shape = (self.months, self.columns)
            out = {name: np.empty(shape) for name in self.CRIME_SERIES}
            for rows, block in self.blocks(self.CRIME_SERIES):
                for name, arr in block.items():
                    out[name][rows] = arr
            self._crimes = out
        return self._crimes

    def _constant_flows(self) -> dict[str, np.ndarray]:
        return {
            "removals": self.removals, "removals_serious": self.removals_serious,
            "removals_minor": self.removals_minor, "removals_none": self.removals_none,
            "removals_additional": self.removals_additional,
            "cost_officer_time": self.cost_officer_time_m, "cost_jail": self.cost_jail_m,
            "cost_liability": self.cost_liability_m, "reimbursement": self.reimbursement_m,
            "stop_disparity": self.disparity,
        }

    # -- (12) costs ----------------------------------------------------------------------------
    def training(self) -> np.ndarray:
        return self._training_rows(slice(0, self.months))

    def cost_monthly_constant(self) -> np.ndarray:
        """Net cost each month apart from training (USD per month, per column)."""
        return self.cost_officer_time_m + self.cost_jail_m + self.cost_liability_m - self.reimbursement_m

    def cost_net_total(self) -> np.ndarray:
        """Net local cost over the horizon: training once (plus refreshers) and the monthly flows."""
        refreshers = len(range(JEM_REFRESHER_MONTHS, self.months, JEM_REFRESHER_MONTHS))
        return (self.training_start + refreshers * self.training_refresher
                + self.months * self.cost_monthly_constant())

    def series(self, names=None) -> dict[str, np.ndarray]:
        """Monthly series by name, each (months, columns). Computes only what is asked for."""
        names = self.SERIES if names is None else tuple(names)
        out: dict[str, np.ndarray] = {}
        shape = (self.months, self.columns)
        if set(self.CRIME_SERIES).intersection(names):
            crimes = self.crimes()
            out.update({k: v for k, v in crimes.items() if k in names})
        constant = self._constant_flows()
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
                out[name] = self.training() + self.cost_monthly_constant()
            elif name in constant:
                out[name] = np.broadcast_to(constant[name], shape)
            else:
                raise KeyError(name)
        return {name: out[name] for name in names}
