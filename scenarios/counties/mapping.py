"""From a county's facts to the model's jurisdiction parameters: one table, one function.

``FACTS`` is the whole mapping: which fact fills which parameter, how it is transformed, where
it comes from, and what the approximation leaves out. ``context_values(county)`` applies it;
``fills(county)`` says, per parameter, what was filled and from where (the app shows it beside
each control); the parameters no fact fills keep their national defaults with the registry's
own sources (``national_defaults()``).

Only ``model.params`` is read here (names, ranges); nothing from ``ui``, no Streamlit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from model import params as P

from . import County


@dataclass(frozen=True)
class Fact:
    parameter: str
    facts: str           # the table's columns used
    transformation: str  # in words
    source: str
    year: str
    approximation: str
    compute: Callable[[County], float | None]


def _latino_citizens(c: County) -> float | None:
    if c.hispanic_share is None or c.latin_america_born_share is None:
        return None
    return max(0.0, c.hispanic_share - c.latin_america_born_share)


FACTS: tuple[Fact, ...] = (
    Fact("population", "population_2024", "as is (rounded to a whole person)",
         "Census Bureau, Vintage 2024 county population estimates", "2024",
         "an estimate for 1 July 2024, not a count",
         lambda c: float(c.population)),
    Fact("immigrant_share", "foreign_born_share", "as is",
         "Census Bureau, ACS 2019-2023 5-year estimates (DP02_0094PE)", "2019-2023",
         "foreign-born residents of any status, naturalised citizens and lawful permanent "
         "residents included: not the noncitizen or removable share (how many people booked "
         "ICE could remove is the separate assumption 'Removable share of bookings')",
         lambda c: c.foreign_born_share),
    Fact("latino_citizen_share", "hispanic_share - latin_america_born_share",
         "Hispanic share minus the share born in Latin America (floored at 0): US-born "
         "Hispanic residents, citizens by birth",
         "Census 2020 (Hispanic origin) and ACS 5-year (birthplace, about 2017-2021), via USDA ERS "
         "Atlas of Rural and Small-Town America", "2020",
         "naturalised Latin-American-born citizens stay in the immigrant group (the model's "
         "two groups do not overlap); Caribbean- and South-American-born residents who are "
         "not Hispanic (e.g. from Haiti, Jamaica, Brazil) are subtracted too, so the figure "
         "runs low where they are many; Puerto Rico-born residents count as US-born",
         _latino_citizens),
    Fact("sworn_officers", "sworn_officers",
         "as is; also the ceiling the app checks the designated officers against",
         "FBI Crime Data Explorer, police-employee roster (mostly 2025)", "2025",
         "officers of the local agencies (city, county, college, tribal) that list the county "
         "first; state police and federal officers not counted",
         lambda c: float(c.sworn_officers) if c.sworn_officers is not None else None),
)
BY_PARAMETER = {f.parameter: f for f in FACTS}
# Designated officers, which the county's sworn officers bound.
DESIGNATED = ("officers_wso", "officers_jem", "officers_tfm")


@dataclass(frozen=True)
class Fill:
    parameter: str
    value: Any            # what the parameter is set to
    raw: float | None     # the fact before it was kept within the parameter's range
    fact: Fact
    clamped: bool         # the fact lay outside the parameter's range


def _fit(p: P.Param, x: float) -> tuple[Any, bool]:
    lo = p.min if p.min is not None else x
    hi = p.max if p.max is not None else x
    v = min(max(x, lo), hi)
    if p.integer:
        v = int(round(v))
    else:
        v = round(v, 4)
    return v, not (lo <= x <= hi)


def fills(county: County) -> dict[str, Fill]:
    """Per parameter of the registry that a fact fills (and the county has the fact): its
    value, kept within the parameter's range (``clamped`` says when that changed it)."""
    out = {}
    for f in FACTS:
        p = P.BY_NAME.get(f.parameter)
        x = f.compute(county)
        if p is None or x is None:
            continue
        v, clamped = _fit(p, x)
        out[f.parameter] = Fill(f.parameter, v, x, f, clamped)
    return out


def context_values(county: County) -> dict[str, Any]:
    """The parameter values the county's facts give (only those it has)."""
    return {name: fill.value for name, fill in fills(county).items()}


def missing(county: County) -> list[str]:
    """Parameters a fact would fill but the county lacks the fact (they keep their values)."""
    return [f.parameter for f in FACTS if f.parameter in P.BY_NAME and f.compute(county) is None]


def national_defaults() -> list[P.Param]:
    """The jurisdiction's parameters no county fact fills: they keep their national defaults
    (bookings, victimisation, reporting and clearance baselines...), each with its source."""
    return [p for p in P.REGISTRY if p.kind == "context" and p.group == "jurisdiction"
            and p.name not in BY_PARAMETER]


def officer_excess(county: County, values: dict[str, Any]) -> tuple[int, int] | None:
    """(designated officers, sworn officers) when the program's designated officers exceed
    the county's sworn officers, else None."""
    if county.sworn_officers is None:
        return None
    active = {"officers_wso": "wso_active", "officers_jem": "jem_active",
              "officers_tfm": "tfm_active"}
    n = sum(int(values.get(k, 0) or 0) for k, flag in active.items() if values.get(flag))
    return (n, county.sworn_officers) if n > county.sworn_officers else None


def matching_preset(county: County, presets: tuple[str, ...]) -> str | None:
    """The program preset closest to the models the county has in force: the task-force
    preset when it has a TFM agreement, a jail preset for JEM, the WSO one for WSO only,
    none ("no-agreement") when it has none. Only stems present in ``presets`` are returned."""
    have = set(county.models)
    if "TFM" in have:
        order = ("tfm-2025",)
    elif "JEM" in have:
        order = ("jem-universal", "jem-targeted")
    elif "WSO" in have:
        order = ("wso-only",)
    else:
        order = ("no-agreement",)
    return next((s for s in order if s in presets), None)
