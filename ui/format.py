"""How numbers, parameter values and preset names read, and the plain-words summary of a run:
shared by the pages, the report and the actions (it imports no page).

``fmt`` formats an outcome's number by its kind (count, percent, index, dollars, ratio);
``fmt_value`` a parameter value as a reader would write it; ``preset_name`` and
``preset_description`` a preset in the reader's language; ``summary`` what a run gives.
"""
from __future__ import annotations

from typing import Any

import model
from model import params as P
from model.simulate import program_active
from ui import state
from ui.i18n import MISSING, Translator

# How each outcome's numbers read: count, share (percent), index, usd, ratio.
FORMATS = {
    "removals": "count", "removals_additional": "count", "removals_serious_share": "pct",
    "removals_no_record_share": "pct", "trust_immigrant_end": "index",
    "trust_latino_citizen_end": "index", "reporting_rate_immigrant_end": "pct",
    "crimes_unreported_added": "count", "crimes_averted": "count", "net_crime_change": "count",
    "recorded_crime_change": "count", "victimization_immigrant_change": "pct",
    "cleared_crime_change": "count", "cost_net_usd": "usd", "stop_disparity_ratio": "ratio",
}


# ----------------------------------------------------------------------------- formatting
def fmt(tr: Translator, name: str, x: float, *, signed: bool = False) -> str:
    kind = FORMATS.get(name, "count")
    if kind == "pct":
        return (("+" if signed and x > 0 else "") + tr.pct(x, 1))
    if kind == "usd":
        return ("+" if signed and x > 0 else "") + tr.usd(x)
    if kind in ("index", "ratio"):
        text = tr.signed(x, 2) if signed else tr.number(x, 2)
        return text + ("×" if kind == "ratio" else "")
    return tr.signed(x) if signed else tr.number(x)


def fmt_delta(tr: Translator, name: str, d: float) -> str:
    if FORMATS.get(name) == "pct":
        return tr("explore.points", x=tr.signed(d * 100, 1))
    return fmt(tr, name, d, signed=True)


def preset_name(tr: Translator, stem: str | None) -> str:
    if stem is None:
        return tr("explore.preset_defaults")
    text = tr(f"preset.{stem}.name")
    if text == MISSING.format(f"preset.{stem}.name"):
        sc = state.presets().get(stem)
        return sc.name if sc else stem
    return text


def preset_description(tr: Translator, stem: str) -> str:
    """What a preset represents, with its sources (English: the scenario file's own text)."""
    sc = state.presets().get(stem)
    text = tr(f"preset.{stem}.description")
    if text == MISSING.format(f"preset.{stem}.description"):
        text = sc.description if sc else ""
    return text + _preset_links(tr, sc.description if sc else "")


def _preset_links(tr: Translator, english: str) -> str:
    """"Sources: [1] ..." for the registry entries a preset's (English) description names."""
    from model import sources
    from ui import citations

    links = citations.links_md(sources.cited(english))
    return "\n\n" + tr("widgets.sources", links=links) if links else ""


def fmt_value(p: P.Param, v: Any, tr: Translator) -> str:
    """A parameter value as a reader would write it (choices translated, flags On/Off)."""
    if v is None:
        return ""
    if p.is_bool:
        return tr("sources.yes") if v else tr("sources.no")
    if p.is_choice:
        return tr(f"choice.{p.name}.{v}")
    v = float(v)
    if p.integer or (abs(v) >= 100 and v == int(v)):
        return tr.number(v)
    return f"{v:,.4g}" if abs(v) < 1000 else tr.number(v)


# ----------------------------------------------------------------------------- summary
def summary(tr: Translator, res: model.Results, driver: str | None) -> str:
    """Plain words: what the model gives under these assumptions, and what it hinges on."""
    o = res.outcomes
    if not program_active(res.params):
        text = tr("explore.summary.none", years=res.years,
                  reporting=tr.pct(o["reporting_rate_immigrant_end"].value, 1))
    else:
        net = o["net_crime_change"]
        direction = "more" if net.value > 0.5 else ("fewer" if net.value < -0.5 else "same")
        text = " ".join((
            tr("explore.summary.reach", years=res.years, removals=tr.number(o["removals"].value),
               additional=tr.number(o["removals_additional"].value)),
            tr("explore.summary.reporting",
               reporting=tr.pct(o["reporting_rate_immigrant_end"].value, 1),
               reporting0=tr.pct(o["reporting_rate_immigrant_end"].counterfactual, 1)),
            tr(f"explore.summary.crime_{direction}", n=tr.number(abs(net.value)),
               lo=tr.signed(net.p5), hi=tr.signed(net.p95),
               recorded=tr.signed(o["recorded_crime_change"].value)),
            tr("explore.summary.cost", cost=tr.usd(o["cost_net_usd"].value)),
        ))
    if driver:
        text += " " + tr("explore.summary.driver", param=tr(f"param.{driver}.label"))
    return text


def fmt_amount(tr: Translator, p: P.Param, v: float) -> str:
    """A computed value of a numeric parameter (a break-even point, not a setting someone typed):
    two significant figures, never finer than a tenth of the control's step, with its unit,
    so 0.002856 reads "0.0029 visible actions per ..." rather than six digits of false precision."""
    import math

    unit = tr(f"param.{p.name}.unit")
    x = float(v)
    if math.isfinite(x) and abs(x) >= 1000:  # three significant figures: 123,456 -> 123,000
        return f"{tr.number(round(x, 2 - math.floor(math.log10(abs(x)))))} {unit}"
    if p.integer:
        return f"{tr.number(round(x))} {unit}"
    if x == 0 or not math.isfinite(x):
        return f"{tr.number(0 if x == 0 else x)} {unit}"
    digits = max(0, 1 - math.floor(math.log10(abs(x))))
    step = p.step or 0.0
    if step > 0:
        finest = max(0, 1 - math.floor(math.log10(step)))  # one digit below the step
        digits = min(digits, finest)
    return f"{tr.number(round(x, digits), digits)} {unit}"
