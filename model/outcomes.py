"""Summary outcomes: each declared once with its label, unit and how it is computed.

``kind`` says how the counterfactual is read:

* ``level``      - the outcome is measured in both worlds; ``delta`` = agreement - no agreement;
* ``difference`` - the outcome is already a difference against no agreement (its counterfactual
  is 0 by definition);
* ``baseline``   - a level of the no-agreement world itself (the same in both worlds; delta 0),
  so that changes can be read as a share of it.

``direction`` is what a reader would usually call better ("higher", "lower") or "neutral" where
the two sides of the debate disagree (e.g. more removals). It is used only by the values lens,
which shows it as the user's choice, never by the model.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OutcomeDef:
    name: str
    label: str
    unit: str
    kind: str  # "level", "difference" or "baseline"
    direction: str  # "higher", "lower" or "neutral"
    description: str


OUTCOMES: tuple[OutcomeDef, ...] = (
    OutcomeDef("removals", "Transfers to ICE", "people over the horizon", "level", "neutral",
               "People transferred to ICE through the program."),
    OutcomeDef("removals_additional", "Additional transfers", "people over the horizon", "level", "neutral",
               "Transfers ICE would not have made through its own jail screening."),
    OutcomeDef("removed_additional", "Additional removals", "people over the horizon", "level", "neutral",
               "People removed from the country because of the agreement: additional transfers that end in removal."),
    OutcomeDef("removals_serious_share", "Serious-record share", "share of transfers", "level", "higher",
               "Share of transfers of people with a serious violent or felony record."),
    OutcomeDef("removals_no_record_share", "No-record share", "share of transfers", "level", "lower",
               "Share of transfers of people with no conviction and no pending charge."),
    OutcomeDef("trust_immigrant_end", "Trust, immigrant residents", "index 0-1 at the end", "level", "higher",
               "Immigrant residents' trust in local police at the end of the horizon."),
    OutcomeDef("trust_latino_citizen_end", "Trust, Latino citizens", "index 0-1 at the end", "level", "higher",
               "Latino citizens' trust in local police at the end of the horizon."),
    OutcomeDef("reporting_rate_immigrant_end", "Reporting rate, immigrant residents",
               "share reported at the end", "level", "higher",
               "Share of crimes against immigrant residents reported to police at the end."),
    OutcomeDef("crimes_unreported_added", "Extra unreported crimes", "crimes over the horizon",
               "difference", "lower", "Unreported crimes with the agreement minus without."),
    OutcomeDef("crimes_averted", "Crimes averted by removals", "crimes over the horizon", "level", "higher",
               "Crimes not committed because people with serious records were removed who would otherwise not have been."),
    OutcomeDef("net_crime_change", "Change in crimes committed", "crimes over the horizon", "difference",
               "lower", "All crimes committed, reported or not, with the agreement minus without (negative = fewer)."),
    OutcomeDef("recorded_crime_change", "Change in police-recorded crime", "crimes over the horizon",
               "difference", "neutral",
               "Crimes reported to police with the agreement minus without: what crime-rate studies measure."),
    OutcomeDef("victimization_immigrant_change", "Change in victimisation of immigrant residents",
               "relative change at the end", "difference", "lower",
               "Relative change in crimes against immigrant residents at the end of the horizon."),
    OutcomeDef("cleared_crime_change", "Change in cleared crimes", "crimes over the horizon", "difference",
               "higher", "Crimes cleared by police with the agreement minus without."),
    OutcomeDef("cost_net_usd", "Net local cost", "USD over the horizon", "level", "lower",
               "Local cost net of federal reimbursement and payments (negative = net revenue)."),
    OutcomeDef("cost_per_additional_removal", "Net cost per additional removal", "USD per person",
               "difference", "lower",
               "Net local cost divided by the additional removals (by one when there are fewer than one)."),
    OutcomeDef("cost_per_crime_averted", "Net cost per crime averted by removals", "USD per crime",
               "difference", "lower",
               "Net local cost divided by the crimes averted by removals (by one when fewer than one is averted)."),
    OutcomeDef("baseline_crimes_per_year", "Crimes committed with no agreement", "crimes per year",
               "baseline", "neutral",
               "All crimes committed in the jurisdiction in a year without the agreement, reported or not."),
    OutcomeDef("baseline_recorded_per_year", "Police-recorded crimes with no agreement", "crimes per year",
               "baseline", "neutral",
               "Crimes reported to police in a year without the agreement."),
    OutcomeDef("baseline_crimes_per_100k", "Crimes committed with no agreement, per 100,000",
               "crimes per 100,000 residents per year", "baseline", "neutral",
               "All crimes committed in a year without the agreement, per 100,000 residents."),
    OutcomeDef("baseline_recorded_per_100k", "Police-recorded crimes with no agreement, per 100,000",
               "crimes per 100,000 residents per year", "baseline", "neutral",
               "Crimes reported to police in a year without the agreement, per 100,000 residents."),
    OutcomeDef("stop_disparity_ratio", "Stop disparity", "Latino / non-Latino stop ratio at the end",
               "level", "lower", "Ratio of Latino to non-Latino traffic-stop rates at the end."),
)

BY_NAME = {o.name: o for o in OUTCOMES}

COST_COMPONENTS = ("cost_officer_time", "cost_training", "cost_jail", "cost_liability", "reimbursement")


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(whole, dtype=float), where=whole > 1e-12)


def compute(engine) -> dict[str, np.ndarray]:
    """Per-column values of every outcome (agreement and counterfactual columns alike), from
    the engine's horizon totals and last-month values."""
    c = engine.totals()
    years = engine.months / 12.0
    per_100k = 100_000.0 / engine.p["population"]
    cost = c["cost_net_total"]
    return {
        "removals": c["removals_total"],
        "removals_additional": c["removals_additional_total"],
        "removed_additional": c["removed_additional_total"],
        "removals_serious_share": _share(c["removals_serious_total"], c["removals_total"]),
        "removals_no_record_share": _share(c["removals_none_total"], c["removals_total"]),
        "trust_immigrant_end": c["trust_immigrant_end"],
        "trust_latino_citizen_end": c["trust_latino_citizen_end"],
        "reporting_rate_immigrant_end": c["reporting_rate_immigrant_end"],
        "crimes_unreported_added": c["crimes_unreported_total"],
        "crimes_averted": c["crimes_averted_total"],
        "net_crime_change": c["victimizations_total"],
        "recorded_crime_change": c["crimes_reported_total"],
        "victimization_immigrant_change": c["victimizations_immigrant_end"],
        "cleared_crime_change": c["crimes_cleared_total"],
        "cost_net_usd": cost,
        "stop_disparity_ratio": c["stop_disparity_end"],
        "cost_per_additional_removal": cost / np.maximum(c["removed_additional_total"], 1.0),
        "cost_per_crime_averted": cost / np.maximum(c["crimes_averted_total"], 1.0),
        "baseline_crimes_per_year": c["victimizations_total"] / years,
        "baseline_recorded_per_year": c["crimes_reported_total"] / years,
        "baseline_crimes_per_100k": c["victimizations_total"] / years * per_100k,
        "baseline_recorded_per_100k": c["crimes_reported_total"] / years * per_100k,
    }


def pair(name: str, with_: np.ndarray, without: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(value, counterfactual) per draw for one outcome, from its raw values in both worlds."""
    kind = BY_NAME[name].kind
    if kind == "level":
        return with_, without
    if kind == "baseline":
        return without, without
    if name in ("cost_per_additional_removal", "cost_per_crime_averted"):
        return with_, np.zeros_like(without)  # the no-agreement world costs nothing
    if name == "victimization_immigrant_change":
        return _share(with_ - without, without), np.zeros_like(without)
    return with_ - without, np.zeros_like(without)
