"""Summary outcomes: each declared once with its label, unit and how it is computed.

``kind`` says how the counterfactual is read:

* ``level``      - the outcome is measured in both worlds; ``delta`` = agreement - no agreement;
* ``difference`` - the outcome is already a difference against no agreement (its counterfactual
  is 0 by definition).

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
    kind: str  # "level" or "difference"
    direction: str  # "higher", "lower" or "neutral"
    description: str


OUTCOMES: tuple[OutcomeDef, ...] = (
    OutcomeDef("removals", "Transfers to ICE", "people over the horizon", "level", "neutral",
               "People transferred to ICE through the program."),
    OutcomeDef("removals_additional", "Additional transfers", "people over the horizon", "level", "neutral",
               "Transfers ICE would not have made through its own jail screening."),
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
    OutcomeDef("stop_disparity_ratio", "Stop disparity", "Latino / non-Latino stop ratio at the end",
               "level", "lower", "Ratio of Latino to non-Latino traffic-stop rates at the end."),
)

BY_NAME = {o.name: o for o in OUTCOMES}

COST_COMPONENTS = ("cost_officer_time", "cost_training", "cost_jail", "cost_liability", "reimbursement")


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(whole, dtype=float), where=whole > 1e-12)


def compute(engine) -> dict[str, np.ndarray]:
    """Per-column values of every outcome (agreement and counterfactual columns alike).

    Uses the engine's horizon totals, so the monthly crime arrays need not be kept (they are
    used when the engine already holds them, e.g. for the monthly bands)."""
    months = engine.months
    c = engine.totals()
    return {
        "removals": engine.removals * months,
        "removals_additional": engine.removals_additional * months,
        "removals_serious_share": _share(engine.removals_serious, engine.removals),
        "removals_no_record_share": _share(engine.removals_none, engine.removals),
        "trust_immigrant_end": c["trust_immigrant_end"],
        "trust_latino_citizen_end": c["trust_latino_citizen_end"],
        "reporting_rate_immigrant_end": c["reporting_rate_immigrant_end"],
        "crimes_unreported_added": c["crimes_unreported_total"],
        "crimes_averted": c["crimes_averted_total"],
        "net_crime_change": c["victimizations_total"],
        "recorded_crime_change": c["crimes_reported_total"],
        "victimization_immigrant_change": c["victimizations_immigrant_end"],
        "cleared_crime_change": c["crimes_cleared_total"],
        "cost_net_usd": engine.cost_net_total(),
        "stop_disparity_ratio": np.asarray(engine.disparity, dtype=float),
    }


def pair(name: str, with_: np.ndarray, without: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(value, counterfactual) per draw for one outcome, from its raw values in both worlds."""
    kind = BY_NAME[name].kind
    if kind == "level":
        return with_, without
    if name == "victimization_immigrant_change":
        return _share(with_ - without, without), np.zeros_like(without)
    return with_ - without, np.zeros_like(without)
