"""The text alternative of the explore charts: ``table(name, obj, tr)`` gives the data a chart
shows as a DataFrame, ``caption(name, obj, tr)`` one plain-language sentence with its numbers;
``fmt_outcome`` writes an outcome value as text for tables."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ui.charts.theme import COST_SERIES, TABLE_CHARTS, _frame
from ui.charts.layout import _has_bands, _param_label
from ui.charts.explore import (
    CRIME_SERIES,
    LEDGER,
    RECORDS,
    _frontier_data,
    _preset_name,
    _total,
    cost_totals,
    ledger_values,
)

if TYPE_CHECKING:
    import pandas as pd

# --------------------------------------------------------------------------- tables (text alternative)
def _yearly_index(res) -> np.ndarray:
    return np.arange(11, res.months, 12)  # the last month of each year


def table(name: str, obj, tr) -> pd.DataFrame:
    """The data a chart shows, as a DataFrame with translated column names."""
    if name not in TABLE_CHARTS:
        raise KeyError(name)
    col = lambda key, **kw: tr(f"charts.table.{key}", **kw)  # noqa: E731
    if name == "frontier":
        f = _frontier_data(obj)
        df = _frame({
            col("intensity_" + f.basis): np.round(f.multiplier * 100, 1),
            **{_param_label(tr, k): np.round(v, 1) for k, v in f.officers.items()},
            col("removals"): f.removals,
            col("removals_additional"): f.removals_additional,
            col("reporting"): f.reporting,
        })
        return _kinds(df, ["pct_of_100"] + ["officers"] * len(f.officers) + ["count", "count", "pct"])
    res = obj
    if name in ("trust_reporting", "crimes"):
        idx = _yearly_index(res)
        data: dict[str, Any] = {col("year"): idx // 12 + 1}
        pairs = (("trust_immigrant", "reporting_rate_immigrant", "trust_latino_citizen")
                 if name == "trust_reporting" else tuple(s for s, _ in CRIME_SERIES))
        for s in pairs:
            label = tr(f"charts.series.{s}")
            data[col("with", what=label)] = res.series[s].value[idx]
            if _has_bands(res):
                data[col("p5", what=label)] = res.series[s].p5[idx]
                data[col("p95", what=label)] = res.series[s].p95[idx]
            data[col("without", what=label)] = res.baseline[s].value[idx]
        per = 4 if _has_bands(res) else 2  # a series' columns: with (p5, p95), without
        return _kinds(_frame(data), ["year"] + [
            "index" if s.startswith("trust") else "pct" if s.startswith("reporting") else "count"
            for s in pairs for _ in range(per)])
    if name == "removals":
        rows = [(tr(f"charts.legend.{m}"), _total(res, s)) for s, m in RECORDS]
        rows.append((tr("charts.removals.total"), res.outcomes["removals"].value))
        rows.append((tr("charts.legend.additional"), res.outcomes["removals_additional"].value))
        p5 = [np.nan] * 3 + [res.outcomes["removals"].p5, res.outcomes["removals_additional"].p5]
        p95 = [np.nan] * 3 + [res.outcomes["removals"].p95, res.outcomes["removals_additional"].p95]
        return _kinds(_frame({col("item"): [r[0] for r in rows], col("value"): [r[1] for r in rows],
                              col("p5_short"): p5, col("p95_short"): p95}), ["text"] + ["count"] * 3)
    if name == "safety_ledger":
        vals = ledger_values(res)
        return _kinds(_frame({
            col("item"): [tr(f"charts.safety_ledger.{k}") for k in LEDGER],
            col("value"): [vals[k][0] for k in LEDGER],
            col("p5_short"): [vals[k][1] for k in LEDGER],
            col("p95_short"): [vals[k][2] for k in LEDGER],
        }), ["text"] + ["signed"] * 3)
    if name == "costs":
        totals = cost_totals(res)
        net = res.outcomes["cost_net_usd"]
        return _kinds(_frame({
            col("item"): [tr(f"charts.costs.{k}") for k in COST_SERIES] + [tr("charts.costs.net")],
            col("usd"): [totals[k] for k in COST_SERIES] + [net.value],
            col("p5_short"): [np.nan] * len(COST_SERIES) + [net.p5],
            col("p95_short"): [np.nan] * len(COST_SERIES) + [net.p95],
        }), ["text"] + ["usd"] * 3)
    # disparity
    o = res.outcomes["stop_disparity_ratio"]
    return _kinds(_frame({
        col("item"): [tr("charts.legend.without"), tr("charts.legend.with")],
        col("ratio"): [o.counterfactual, o.value],
        col("p5_short"): [np.nan, o.p5],
        col("p95_short"): [np.nan, o.p95],
    }), ["text"] + ["ratio"] * 3)


def _kinds(df, kinds: list):
    """``df`` with how each column's numbers read (``df.attrs["kinds"]``, one per column: see
    ``text_table``)."""
    assert len(kinds) == len(df.columns), (kinds, list(df.columns))
    df.attrs["kinds"] = list(kinds)
    return df


MISSING_VALUE = "—"  # a cell with no value (a range not estimated): read as a dash, not "None"


def _cell_text(tr, kind: str | None, x) -> str:
    if isinstance(x, str) or kind in (None, "text"):
        return str(x)
    if x is None or not np.isfinite(x):
        return MISSING_VALUE
    x = float(x)
    if kind == "year":
        return str(int(x))
    if kind == "pct":
        return tr.pct(x, 1)
    if kind == "pct_of_100":
        return tr.pct(x / 100, 0)
    if kind in ("index", "ratio"):
        return tr.number(x, 2)
    if kind == "officers":
        return tr.number(x, 1)
    if kind == "usd":
        return tr.usd(x)
    if kind == "signed":
        return tr.signed(x)
    return tr.number(x)  # a count: whole people or crimes


def text_table(name: str, obj, tr) -> pd.DataFrame:
    """``table`` as the reader sees it: every number written as the captions write it (whole
    counts, percentages, dollars, two decimals for an index or a ratio), a dash where a value
    is missing. The text alternative the page shows; ``table`` keeps the numbers."""
    df = table(name, obj, tr)
    kinds = df.attrs.get("kinds") or [None] * len(df.columns)
    return _frame({c: [_cell_text(tr, k, x) for x in df[c]] for c, k in zip(df.columns, kinds)})


# --------------------------------------------------------------------------- captions
def caption(name: str, obj, tr) -> str:
    """One plain-language sentence stating what the chart shows, with its numbers."""
    if name not in TABLE_CHARTS:
        raise KeyError(name)
    if name == "frontier":
        f = _frontier_data(obj)
        c = f.current
        return tr("charts.caption.frontier", removals=tr.number(c.removals),
                  additional=tr.number(c.removals_additional),
                  reporting=tr.pct(c.reporting, 1), reporting0=tr.pct(f.reporting_no_agreement, 1),
                  max_removals=tr.number(float(f.removals[-1])), max_reporting=tr.pct(float(f.reporting[-1]), 1),
                  years=f.years) + (" " + tr("charts.caption.frontier_key", items="; ".join(
                      tr("charts.frontier.preset_item", n=j, name=_preset_name(tr, p))
                      for j, p in enumerate(f.presets, start=1))) if f.presets else "")
    res, o = obj, obj.outcomes
    if name == "trust_reporting":
        t, r = o["trust_immigrant_end"], o["reporting_rate_immigrant_end"]
        return tr("charts.caption.trust_reporting", years=res.years, trust=tr.number(t.value, 2),
                  trust0=tr.number(t.counterfactual, 2), reporting=tr.pct(r.value, 1),
                  reporting0=tr.pct(r.counterfactual, 1),
                  range=_range_text(tr, r.p5, r.p95, pct=True) if _has_bands(res) else "")
    if name == "crimes":
        return tr("charts.caption.crimes", years=res.years,
                  recorded=tr.signed(o["recorded_crime_change"].value),
                  unreported=tr.signed(o["crimes_unreported_added"].value),
                  cleared=tr.signed(o["cleared_crime_change"].value))
    if name == "removals":
        total = o["removals"].value
        return tr("charts.caption.removals", years=res.years, total=tr.number(total),
                  serious=tr.pct(_share(_total(res, "removals_serious"), total)),
                  minor=tr.pct(_share(_total(res, "removals_minor"), total)),
                  none=tr.pct(_share(_total(res, "removals_none"), total)),
                  additional=tr.number(o["removals_additional"].value))
    if name == "safety_ledger":
        v = ledger_values(res)
        key = "charts.caption.safety_ledger_more" if v["net"][0] > 0 else "charts.caption.safety_ledger_fewer"
        return tr(key, years=res.years, averted=tr.number(-v["averted"][0]), added=tr.number(v["added"][0]),
                  net=tr.number(abs(v["net"][0])),
                  range=_range_text(tr, v["net"][1], v["net"][2]) if _has_bands(res) else "",
                  recorded=tr.signed(v["recorded"][0]))
    if name == "costs":
        totals = cost_totals(res)
        gross = sum(v for k, v in totals.items() if k != "reimbursement")
        return tr("charts.caption.costs", years=res.years, gross=tr.usd(gross),
                  reimbursed=tr.usd(-totals["reimbursement"]),
                  net=tr.usd(o["cost_net_usd"].value))
    d = o["stop_disparity_ratio"]
    return tr("charts.caption.disparity", value=tr.number(d.value, 2), base=tr.number(d.counterfactual, 2))


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 1e-12 else 0.0


def _range_text(tr, lo: float, hi: float, pct: bool = False) -> str:
    f = (lambda x: tr.pct(x, 1)) if pct else tr.number
    return tr("charts.caption.range", lo=f(lo), hi=f(hi))


# --------------------------------------------------------------------------- number text for tables
OUTCOME_KINDS = {
    "removals_serious_share": "pct", "removals_no_record_share": "pct", "reporting_rate_immigrant_end": "pct",
    "victimization_immigrant_change": "pct", "trust_immigrant_end": "index", "trust_latino_citizen_end": "index",
    "stop_disparity_ratio": "ratio", "cost_net_usd": "usd",
}


def fmt_outcome(tr, name: str, x: float, signed: bool = False) -> str:
    """An outcome value as text in the reader's language (percent, index, ratio, dollars, count)."""
    kind = OUTCOME_KINDS.get(name, "count")
    if kind == "pct":
        if signed:
            return tr("charts.points", x=tr.signed(x * 100, 1))
        return tr.pct(x, 1)
    if kind == "usd":
        return ("+" if signed and x > 0 else "") + tr.usd(x)
    if kind in ("index", "ratio"):
        return tr.signed(x, 2) if signed else tr.number(x, 2)
    return tr.signed(x) if signed else tr.number(x)


