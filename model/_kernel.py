"""The compiled month loop of model/engine.py (numba). One column at a time, one month at a time.

Parameter and series positions are literal constants below, so that numba's on-disk cache is
invalidated whenever they change (it watches this file, not the values of globals).
tests/test_reference_loop.py checks them against the registry.
"""
import math

import numba
import numpy as np

from .params import (
    ANNOUNCEMENT_FULL_SHARE as ANN_SHARE,
    AWARD_TIERS,
    EQUIPMENT_PER_TFM_OFFICER as EQUIP,
    HOURS_PER_YEAR,
    JEM_REFRESHER_HOURS,
    JEM_REFRESHER_MONTHS,
    MAX_MONTHLY_ARREST_SHARE as MAX_A,
    MAX_MONTHLY_BOOKED_SHARE as MAX_B,
    OVERTIME_CAP as OT,
    VEHICLES_PER_TFM_AGENCY as VEHICLES,
)

EPS = 1e-12
(A1, W1), (A2, W2), (A3, W3) = AWARD_TIERS

# The inputs, in the order of the rows of ``pa`` (the engine builds ``pa`` from this tuple).
PARAMS = (
    "population",
    "immigrant_share",
    "latino_citizen_share",
    "bookings_per_1000",
    "victimization_rate",
    "reporting_baseline_other",
    "clearance_rate",
    "trust_baseline",
    "stop_disparity_baseline",
    "sworn_officers",
    "officer_annual_cost",
    "bed_day_cost",
    "bed_day_reimbursement",
    "wso_active",
    "jem_active",
    "tfm_active",
    "officers_wso",
    "officers_jem",
    "officers_tfm",
    "screening_targeted",
    "start_month",
    "narrow_month",
    "exit_month",
    "terms_2025",
    "victim_protection",
    "community_liaison",
    "oversight",
    "removable_share",
    "removable_resident_share",
    "serious_share",
    "targeted_minor_capture",
    "cases_per_officer_month",
    "detainer_to_transfer",
    "jail_no_conviction_share",
    "transfer_to_removal",
    "wso_warrant_share",
    "additionality",
    "additionality_serious_ratio",
    "tfm_arrests_per_officer_month",
    "tfm_additionality",
    "tfm_serious_share",
    "tfm_no_record_share",
    "jail_visibility",
    "fear_half_saturation",
    "announcement_effect",
    "trust_erosion",
    "fear_persistence",
    "habituation_months",
    "trust_recovery_months",
    "latino_spillover",
    "reporting_baseline_immigrant",
    "reporting_trust_elasticity",
    "witness_trust_elasticity",
    "victimization_response",
    "offending_rate_serious",
    "offending_rate_minor",
    "offending_rate_none",
    "reentry_share",
    "outmigration_rate",
    "free_years",
    "victim_protection_effect",
    "liaison_recovery_boost",
    "oversight_effect",
    "profiling_propensity",
    "profiling_half_pressure",
    "jail_discretion_weight",
    "hours_per_case",
    "hours_per_street_arrest",
    "training_hours_jem",
    "training_hours_tfm",
    "training_hours_wso",
    "hold_days",
    "tfm_success_rate",
    "tfm_eligible_share",
    "tfm_hours_per_officer_month",
    "opportunity_cost_share",
    "liability_per_disparity",
    "profiling_finding_rate",
    "profiling_finding_cost",
)
# The outputs, in the order of the rows of ``tot``, ``end`` and ``ser``.
SERIES = (
    "trust_immigrant",
    "trust_latino_citizen",
    "reporting_rate_immigrant",
    "reporting_rate_latino_citizen",
    "victimizations",
    "victimizations_immigrant",
    "crimes_reported",
    "crimes_unreported",
    "crimes_cleared",
    "crimes_averted",
    "removals",
    "removals_serious",
    "removals_minor",
    "removals_none",
    "removals_additional",
    "removed_additional",
    "cost_officer_time",
    "cost_training",
    "cost_jail",
    "cost_liability",
    "reimbursement",
    "cost_net",
    "stop_disparity",
    "fear",
    "removable_population",
    "detainers_jail",
    "program_active",
)
P_POPULATION = 0
P_IMMIGRANT_SHARE = 1
P_LATINO_CITIZEN_SHARE = 2
P_BOOKINGS_PER_1000 = 3
P_VICTIMIZATION_RATE = 4
P_REPORTING_BASELINE_OTHER = 5
P_CLEARANCE_RATE = 6
P_TRUST_BASELINE = 7
P_STOP_DISPARITY_BASELINE = 8
P_SWORN_OFFICERS = 9
P_OFFICER_ANNUAL_COST = 10
P_BED_DAY_COST = 11
P_BED_DAY_REIMBURSEMENT = 12
P_WSO_ACTIVE = 13
P_JEM_ACTIVE = 14
P_TFM_ACTIVE = 15
P_OFFICERS_WSO = 16
P_OFFICERS_JEM = 17
P_OFFICERS_TFM = 18
P_SCREENING_TARGETED = 19
P_START_MONTH = 20
P_NARROW_MONTH = 21
P_EXIT_MONTH = 22
P_TERMS_2025 = 23
P_VICTIM_PROTECTION = 24
P_COMMUNITY_LIAISON = 25
P_OVERSIGHT = 26
P_REMOVABLE_SHARE = 27
P_REMOVABLE_RESIDENT_SHARE = 28
P_SERIOUS_SHARE = 29
P_TARGETED_MINOR_CAPTURE = 30
P_CASES_PER_OFFICER_MONTH = 31
P_DETAINER_TO_TRANSFER = 32
P_JAIL_NO_CONVICTION_SHARE = 33
P_TRANSFER_TO_REMOVAL = 34
P_WSO_WARRANT_SHARE = 35
P_ADDITIONALITY = 36
P_ADDITIONALITY_SERIOUS_RATIO = 37
P_TFM_ARRESTS_PER_OFFICER_MONTH = 38
P_TFM_ADDITIONALITY = 39
P_TFM_SERIOUS_SHARE = 40
P_TFM_NO_RECORD_SHARE = 41
P_JAIL_VISIBILITY = 42
P_FEAR_HALF_SATURATION = 43
P_ANNOUNCEMENT_EFFECT = 44
P_TRUST_EROSION = 45
P_FEAR_PERSISTENCE = 46
P_HABITUATION_MONTHS = 47
P_TRUST_RECOVERY_MONTHS = 48
P_LATINO_SPILLOVER = 49
P_REPORTING_BASELINE_IMMIGRANT = 50
P_REPORTING_TRUST_ELASTICITY = 51
P_WITNESS_TRUST_ELASTICITY = 52
P_VICTIMIZATION_RESPONSE = 53
P_OFFENDING_RATE_SERIOUS = 54
P_OFFENDING_RATE_MINOR = 55
P_OFFENDING_RATE_NONE = 56
P_REENTRY_SHARE = 57
P_OUTMIGRATION_RATE = 58
P_FREE_YEARS = 59
P_VICTIM_PROTECTION_EFFECT = 60
P_LIAISON_RECOVERY_BOOST = 61
P_OVERSIGHT_EFFECT = 62
P_PROFILING_PROPENSITY = 63
P_PROFILING_HALF_PRESSURE = 64
P_JAIL_DISCRETION_WEIGHT = 65
P_HOURS_PER_CASE = 66
P_HOURS_PER_STREET_ARREST = 67
P_TRAINING_HOURS_JEM = 68
P_TRAINING_HOURS_TFM = 69
P_TRAINING_HOURS_WSO = 70
P_HOLD_DAYS = 71
P_TFM_SUCCESS_RATE = 72
P_TFM_ELIGIBLE_SHARE = 73
P_TFM_HOURS_PER_OFFICER_MONTH = 74
P_OPPORTUNITY_COST_SHARE = 75
P_LIABILITY_PER_DISPARITY = 76
P_PROFILING_FINDING_RATE = 77
P_PROFILING_FINDING_COST = 78
S_TRUST_IMMIGRANT = 0
S_TRUST_LATINO_CITIZEN = 1
S_REPORTING_RATE_IMMIGRANT = 2
S_REPORTING_RATE_LATINO_CITIZEN = 3
S_VICTIMIZATIONS = 4
S_VICTIMIZATIONS_IMMIGRANT = 5
S_CRIMES_REPORTED = 6
S_CRIMES_UNREPORTED = 7
S_CRIMES_CLEARED = 8
S_CRIMES_AVERTED = 9
S_REMOVALS = 10
S_REMOVALS_SERIOUS = 11
S_REMOVALS_MINOR = 12
S_REMOVALS_NONE = 13
S_REMOVALS_ADDITIONAL = 14
S_REMOVED_ADDITIONAL = 15
S_COST_OFFICER_TIME = 16
S_COST_TRAINING = 17
S_COST_JAIL = 18
S_COST_LIABILITY = 19
S_REIMBURSEMENT = 20
S_COST_NET = 21
S_STOP_DISPARITY = 22
S_FEAR = 23
S_REMOVABLE_POPULATION = 24
S_DETAINERS_JAIL = 25
S_PROGRAM_ACTIVE = 26


@numba.njit(cache=True)
def _div(a, b):
    return a / b if abs(b) > EPS else 0.0


@numba.njit(cache=True)
def kernel(pa, months, keep, tot, end, ser):
    """Run every column of ``pa`` (rows in PARAMS order) for ``months`` months; add each
    month's flows (rows in SERIES order) to ``tot``, leave the last month in ``end`` and, if
    ``keep``, every month in ``ser`` (series, month, column)."""
    cols = pa.shape[1]
    row = np.empty(len(SERIES))
    acc = np.empty(len(SERIES))
    for c in range(cols):
        acc[:] = 0.0
        pop = pa[P_POPULATION, c]
        wso, jem, tfm = pa[P_WSO_ACTIVE, c], pa[P_JEM_ACTIVE, c], pa[P_TFM_ACTIVE, c]
        ow, oj, ot = pa[P_OFFICERS_WSO, c], pa[P_OFFICERS_JEM, c], pa[P_OFFICERS_TFM, c]
        # designated officers come out of the sworn officers
        designated = wso * ow + jem * oj + tfm * ot
        sworn = pa[P_SWORN_OFFICERS, c]
        if designated > sworn:
            bound = _div(sworn, designated)
            ow, oj, ot = ow * bound, oj * bound, ot * bound
        program_on = 1.0 if wso + jem + tfm > 0 else 0.0
        ish = pa[P_IMMIGRANT_SHARE, c]
        n_imm = pop * ish
        n_lat = min(pop * pa[P_LATINO_CITIZEN_SHARE, c], pop - n_imm)
        n_oth = pop - n_imm - n_lat
        removable0 = n_imm * pa[P_REMOVABLE_RESIDENT_SHARE, c]
        booked0 = min(pop * pa[P_BOOKINGS_PER_1000, c] / 1000.0 / 12.0 * pa[P_REMOVABLE_SHARE, c],
                      MAX_B * removable0)
        b = _div(booked0, removable0)
        s = pa[P_SERIOUS_SHARE, c]
        tmc = pa[P_TARGETED_MINOR_CAPTURE, c]
        cap_j = oj * pa[P_CASES_PER_OFFICER_MONTH, c]
        cap_w = ow * pa[P_CASES_PER_OFFICER_MONTH, c]
        warrant = wso * pa[P_WSO_WARRANT_SHARE, c]
        d2t = pa[P_DETAINER_TO_TRANSFER, c]
        add_j, add_t = pa[P_ADDITIONALITY, c], pa[P_TFM_ADDITIONALITY, c]
        asr = pa[P_ADDITIONALITY_SERIOUS_RATIO, c]
        arrest_max = tfm * ot * pa[P_TFM_ARRESTS_PER_OFFICER_MONTH, c]
        tss_raw = pa[P_TFM_SERIOUS_SHARE, c]
        tss = min(tss_raw, 1.0)
        tnr = min(pa[P_TFM_NO_RECORD_SHARE, c], 1.0 - tss_raw)
        street_add = add_t * d2t * (asr * tss + (1.0 - tss))
        per_1000 = pop / 1000.0
        vis_j = _div(pa[P_JAIL_VISIBILITY, c] * add_j, per_1000)
        vis_t = _div(add_t, per_1000)
        ann = pa[P_ANNOUNCEMENT_EFFECT, c] * min(1.0, _div(ish, ANN_SHARE))
        h = pa[P_FEAR_HALF_SATURATION, c]
        fade = 1.0 - pa[P_FEAR_PERSISTENCE, c]
        k_habit = 1.0 - math.exp(-1.0 / pa[P_HABITUATION_MONTHS, c])
        e_i = pa[P_TRUST_EROSION, c] * (1.0 - pa[P_VICTIM_PROTECTION, c] * pa[P_VICTIM_PROTECTION_EFFECT, c])
        e_l = e_i * pa[P_LATINO_SPILLOVER, c]
        r1 = 1.0 + (1.0 + pa[P_COMMUNITY_LIAISON, c] * pa[P_LIAISON_RECOVERY_BOOST, c]) / pa[P_TRUST_RECOVERY_MONTHS, c]
        p_rem = pa[P_TRANSFER_TO_REMOVAL, c]
        leave_rate = pa[P_OUTMIGRATION_RATE, c] / 12.0
        start, narrow, exit_ = pa[P_START_MONTH, c], pa[P_NARROW_MONTH, c], pa[P_EXIT_MONTH, c]
        ncs = pa[P_JAIL_NO_CONVICTION_SHARE, c]
        offend_k = p_rem * (1.0 - pa[P_REENTRY_SHARE, c]) / 12.0
        keep_stock = 1.0 - 1.0 / (12.0 * pa[P_FREE_YEARS, c])
        el, wel = pa[P_REPORTING_TRUST_ELASTICITY, c], pa[P_WITNESS_TRUST_ELASTICITY, c]
        vr, v = pa[P_VICTIMIZATION_RESPONSE, c], pa[P_VICTIMIZATION_RATE, c]
        rb_i, rb_o = pa[P_REPORTING_BASELINE_IMMIGRANT, c], pa[P_REPORTING_BASELINE_OTHER, c]
        d0 = pa[P_STOP_DISPARITY_BASELINE, c]
        damp = 1.0 - pa[P_OVERSIGHT, c] * pa[P_OVERSIGHT_EFFECT, c]
        salary = pa[P_OFFICER_ANNUAL_COST, c]
        hourly = salary / HOURS_PER_YEAR
        rate = hourly * pa[P_OPPORTUNITY_COST_SHARE, c]
        tfm_off = tfm * ot
        t25, tes = pa[P_TERMS_2025, c], pa[P_TFM_ELIGIBLE_SHARE, c]
        eligible = t25 * tfm_off * tes
        ceiling = eligible * salary / 12.0 * (1.0 + OT)
        sr = pa[P_TFM_SUCCESS_RATE, c]
        award = W1 if sr >= A1 else (W2 if sr >= A2 else (W3 if sr >= A3 else 0.0))
        liab = (pa[P_LIABILITY_PER_DISPARITY, c] + pa[P_PROFILING_FINDING_RATE, c]
                * pa[P_PROFILING_FINDING_COST, c] * pop / 100_000.0) / 12.0
        equip = t25 * tfm * (EQUIP * ot + VEHICLES * (1.0 if ot > 0 else 0.0))
        train0 = jem * oj * pa[P_TRAINING_HOURS_JEM, c] + wso * ow * pa[P_TRAINING_HOURS_WSO, c] \
            + tfm_off * pa[P_TRAINING_HOURS_TFM, c]
        o_s, o_m, o_n = pa[P_OFFENDING_RATE_SERIOUS, c], pa[P_OFFENDING_RATE_MINOR, c], pa[P_OFFENDING_RATE_NONE, c]
        clearance = pa[P_CLEARANCE_RATE, c]
        jdw, prop, half_p = pa[P_JAIL_DISCRETION_WEIGHT, c], pa[P_PROFILING_PROPENSITY, c], pa[P_PROFILING_HALF_PRESSURE, c]
        per_1000_il = (n_imm + n_lat) / 1000.0
        hpsa, thpm, hpc = pa[P_HOURS_PER_STREET_ARREST, c], pa[P_TFM_HOURS_PER_OFFICER_MONTH, c], pa[P_HOURS_PER_CASE, c]
        hold, bed_cost, bed_reimb = pa[P_HOLD_DAYS, c], pa[P_BED_DAY_COST, c], pa[P_BED_DAY_REIMBURSEMENT, c]
        t0 = pa[P_TRUST_BASELINE, c]
        targeted0 = pa[P_SCREENING_TARGETED, c] > 0
        pop_r, habit, u_i, u_l, stock, a_prev = removable0, 0.0, 0.0, 0.0, 0.0, 0.0
        for m in range(months):
            on = m >= start and (exit_ <= 0 or m < exit_)
            a = program_on if on else 0.0
            targeted = targeted0 or (narrow > 0 and m >= narrow)
            capture = tmc if targeted else 1.0
            booked = pop_r * b
            # (1)-(2) jail models, within their capacity
            jpot = min(booked * (jem * (s + (1.0 - s) * capture)), cap_j)
            jem_c = jpot * a
            jem_s = jem_c * _div(s, s + (1.0 - s) * capture)
            pool = booked - jem_c
            want_w = pool * warrant
            wso_c = min(want_w, cap_w) * a
            wso_s = (booked * s - jem_s) * warrant * _div(wso_c, want_w)
            cases = jem_c + wso_c
            jail_s = (jem_s + wso_s) * d2t
            jail_ns = cases * d2t - jail_s
            # (3) street arrests, capped by the removable population
            arrests = min(arrest_max, MAX_A * pop_r) * a
            # (4)-(5) additional visible enforcement, and the announcement, make fear
            jail_add = asr * jail_s + jail_ns
            dose = vis_j * jail_add + vis_t * arrests + ann * a
            fear = dose / (dose + h)
            # (6) habituation; (7) trust
            felt = max(fear - fade * habit, 0.0)
            habit += (fear - habit) * k_habit
            u_i = (u_i + e_i * felt) / (r1 + e_i * felt)
            u_l = (u_l + e_l * felt) / (r1 + e_l * felt)
            rel_i, rel_l = 1.0 - u_i, 1.0 - u_l
            # record classes and additionality
            jail_n = min(ncs * (jail_s + jail_ns), jail_ns)
            jail_m = jail_ns - jail_n
            t_s = arrests * tss_raw
            t_n = arrests * tnr
            t_m = max(arrests - t_s - t_n, 0.0)
            st_s, st_m, st_n = t_s * d2t, t_m * d2t, t_n * d2t
            add_s = asr * (add_j * jail_s + add_t * st_s)
            add_m = add_j * jail_m + add_t * st_m
            add_n = add_j * jail_n + add_t * st_n
            additional = add_s + add_m + add_n
            removals = jail_s + jail_ns + st_s + st_m + st_n
            removable_before = pop_r
            # (8) the removable population
            pop_r = pop_r - (add_j * jail_add + street_add * arrests) * p_rem
            pop_r -= removable_before * leave_rate * fear
            pop_r = max(pop_r, 0.0)
            # (9) crimes averted
            stock = stock * keep_stock + (add_s * o_s + add_m * o_m + add_n * o_n) * offend_k
            # (10)-(11) reporting and offending
            # powers of trust through one logarithm each (pow would take two per power)
            rr_i = wi = rr_l = wl = 1.0
            if u_i > 0.0:
                lg = math.log(rel_i) if rel_i > 0.0 else -math.inf
                rr_i, wi = math.exp(el * lg), math.exp(wel * lg)
            if u_l > 0.0:
                lg = math.log(rel_l) if rel_l > 0.0 else -math.inf
                rr_l, wl = math.exp(el * lg), math.exp(wel * lg)
            vi = (n_imm * v) * (1.0 + vr * (1.0 - rr_i))
            vl = (n_lat * v) * (1.0 + vr * (1.0 - rr_l))
            vo = n_oth * v
            gross = vi + vl + vo
            averted = min(stock, gross)
            scale = 1.0 - _div(averted, gross)
            vi, vl, vo = vi * scale, vl * scale, vo * scale
            ri, rl = rb_i * rr_i, rb_o * rr_l
            rep_i, rep_l, rep_o = vi * ri, vl * rl, vo * rb_o
            reported = rep_i + rep_l + rep_o
            vict = vi + vl + vo
            cleared = clearance * (rep_i * wi + rep_l * wl + rep_o)
            # (12) stop disparity
            pressure = _div(add_t * arrests + jdw * add_j * (jail_m + jail_n), per_1000_il)
            rise = prop * _div(pressure, pressure + half_p)
            disparity = d0 * (1.0 + rise * damp)
            # (13) costs
            tfm_hours = arrests * hpsa + a * (tfm_off * thpm)
            officer_time = (cases * hpc + tfm_hours) * rate
            salary_reimb = min(tfm_hours * rate * t25 * tes, a * ceiling)
            located = min(1.0, 3.0 * _div(arrests, tfm_off))
            awards = a * (eligible * award / 3.0) * located
            held = removals * hold
            jail_cost = held * bed_cost
            liability = (disparity - d0) * liab
            starts = a * (1.0 - a_prev)
            since = m - start
            refresh = a if (since > 0 and since % JEM_REFRESHER_MONTHS == 0) else 0.0
            equipment = starts * equip
            training = hourly * (starts * train0 + refresh * (jem * oj * JEM_REFRESHER_HOURS)) + equipment
            reimbursement = held * bed_reimb + salary_reimb + awards + equipment
            a_prev = a
            row[S_TRUST_IMMIGRANT] = rel_i * t0
            row[S_TRUST_LATINO_CITIZEN] = rel_l * t0
            row[S_REPORTING_RATE_IMMIGRANT] = ri
            row[S_REPORTING_RATE_LATINO_CITIZEN] = rl
            row[S_VICTIMIZATIONS] = vict
            row[S_VICTIMIZATIONS_IMMIGRANT] = vi
            row[S_CRIMES_REPORTED] = reported
            row[S_CRIMES_UNREPORTED] = vict - reported
            row[S_CRIMES_CLEARED] = cleared
            row[S_CRIMES_AVERTED] = averted
            row[S_REMOVALS] = removals
            row[S_REMOVALS_SERIOUS] = jail_s + st_s
            row[S_REMOVALS_MINOR] = jail_m + st_m
            row[S_REMOVALS_NONE] = jail_n + st_n
            row[S_REMOVALS_ADDITIONAL] = additional
            row[S_REMOVED_ADDITIONAL] = additional * p_rem
            row[S_COST_OFFICER_TIME] = officer_time
            row[S_COST_TRAINING] = training
            row[S_COST_JAIL] = jail_cost
            row[S_COST_LIABILITY] = liability
            row[S_REIMBURSEMENT] = reimbursement
            row[S_COST_NET] = officer_time + training + jail_cost + liability - reimbursement
            row[S_STOP_DISPARITY] = disparity
            row[S_FEAR] = felt
            row[S_REMOVABLE_POPULATION] = removable_before
            row[S_DETAINERS_JAIL] = jpot * (a + (1.0 - a) * (1.0 - add_j) * (1.0 if m >= start else 0.0))
            row[S_PROGRAM_ACTIVE] = a
            acc += row
            if keep:
                for k in range(row.shape[0]):
                    ser[k, m, c] = row[k]
        for k in range(row.shape[0]):
            tot[k, c] = acc[k]
            end[k, c] = row[k]
