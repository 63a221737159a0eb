"""The compare page's figures and tables: outcomes side by side, a series over time, the
attribution of a difference (Shapley), and the values lens."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import plotly.graph_objects as go

from ui.charts.theme import (
    BAND_ALPHA,
    COLORS,
    ERROR_COLOR,
    HEIGHT,
    LINE_WIDTH,
    SCENARIO_COLORS,
    _fig,
    _frame,
    _layout,
    rgba,
)
from ui.charts.layout import (
    YEARS_X,
    _add_without,
    _axis_id,
    _cell,
    _err,
    _finish,
    _grid_fig,
    _has_bands,
    _outcome_label,
    _param_label,
    _r,
    _vline,
)
from ui.charts.tables import _yearly_index

if TYPE_CHECKING:
    import pandas as pd

# --------------------------------------------------------------------------- compare page
COMPARE_OUTCOMES = ("reporting_rate_immigrant_end", "trust_immigrant_end", "removals", "removals_additional",
                    "net_crime_change", "recorded_crime_change", "cost_net_usd", "stop_disparity_ratio")
# d3 formats by unit family, for axes and hovers
OUTCOME_FORMATS = {
    "reporting_rate_immigrant_end": ".1%", "removals_serious_share": ".0%", "removals_no_record_share": ".0%",
    "victimization_immigrant_change": "+.1%", "trust_immigrant_end": ".2f", "trust_latino_citizen_end": ".2f",
    "stop_disparity_ratio": ".2f", "cost_net_usd": "$,.3s",
}
SERIES_FORMATS = {
    "trust_immigrant": ".2f", "trust_latino_citizen": ".2f", "reporting_rate_immigrant": ".1%",
    "reporting_rate_latino_citizen": ".1%", "stop_disparity": ".2f",
    "cost_officer_time": "$,.0f", "cost_training": "$,.0f", "cost_jail": "$,.0f", "cost_liability": "$,.0f",
    "reimbursement": "$,.0f", "cost_net": "$,.0f",
}


def _safe(text: str) -> str:
    """User text (a scenario name) shown literally by plotly, which reads some HTML tags."""
    import html

    return html.escape(str(text), quote=False)


def scenario_color(i: int) -> str:
    return SCENARIO_COLORS[i % len(SCENARIO_COLORS)]


def outcome_format(name: str) -> str:
    return OUTCOME_FORMATS.get(name, ",.0f")


def compare_outcomes(comparison, tr, outcomes: Iterable[str] | None = None) -> go.Figure:
    """One small panel per outcome, one bar per scenario (same colour in every panel), p5-p95 bars."""
    names = list(comparison.names)
    outs = [o for o in (outcomes or COMPARE_OUTCOMES)]
    cols = 2
    rows = (len(outs) + cols - 1) // cols
    fig = _grid_fig(tr("charts.compare.outcomes_title", years=comparison.years), [_outcome_label(tr, o) for o in outs],
                    rows=rows, cols=cols, vgap=min(0.14, 0.6 / max(rows, 1)), hgap=0.12,
                    height=max(HEIGHT, 270 * rows + 200), barmode="group", margin=dict(t=140))
    band = getattr(comparison, "draws", 0) > 0
    for k, o in enumerate(outs):
        r, c = k // cols + 1, k % cols + 1
        cell = _cell(r, c, cols)
        for i, n in enumerate(names):
            res = comparison.outcomes[n][o]
            plus, minus = _err(res.value, res.p5, res.p95)
            fig["data"].append(dict(
                type="bar", x=[_safe(n)], y=[res.value], name=_safe(n), legendgroup=n, showlegend=k == 0,
                meta=f"scenario{i}", marker=dict(color=scenario_color(i)),
                error_y=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR,
                             thickness=2, width=6, visible=band),
                hovertemplate="%{y:" + outcome_format(o) + "}<extra>%{x}</extra>", **cell,
            ))
        sid = _axis_id(k + 1)
        fig["layout"]["yaxis" + sid]["tickformat"] = outcome_format(o).replace("+", "")
        fig["layout"]["xaxis" + sid]["showticklabels"] = False
    return _finish(fig, "compare_outcomes")


def compare_series(named_results, series_name: str, tr) -> go.Figure:
    """One monthly series for several scenarios, overlaid (bands when drawn); no agreement grey dotted."""
    items = list(named_results)
    fmt = SERIES_FORMATS.get(series_name, ",.0f")
    fig = _fig(tr("charts.compare.series_title", what=tr(f"charts.series.{series_name}")), hovermode="x unified")
    baselines = [res.baseline[series_name].value for _, res in items]
    same = all(np.allclose(b, baselines[0]) for b in baselines[1:])
    for i, (name, res) in enumerate(items):
        color = scenario_color(i)
        if _has_bands(res):
            b = res.series[series_name]
            fig["data"].append(dict(type="scatter", **YEARS_X, y=_r(b.p95), mode="lines", line=dict(width=0, color=color),
                                    hoverinfo="skip", showlegend=False, legendgroup=name, meta=f"scenario{i}"))
            fig["data"].append(dict(type="scatter", **YEARS_X, y=_r(b.p5), mode="lines", line=dict(width=0, color=color),
                                    fill="tonexty", fillcolor=rgba(color, BAND_ALPHA * 0.8), hoverinfo="skip",
                                    showlegend=False, legendgroup=name, meta=f"scenario{i}"))
        fig["data"].append(dict(type="scatter", **YEARS_X, y=_r(res.series[series_name].value), mode="lines",
                                name=_safe(name), legendgroup=name, meta=f"scenario{i}",
                                line=dict(color=color, width=LINE_WIDTH), hovertemplate="%{y:" + fmt + "}"))
        if i == 0 or not same:
            label = tr("charts.legend.without") if same else tr("charts.compare.without_named", name=_safe(name))
            _add_without(fig, res.baseline[series_name].value, label, fmt=fmt)
    _layout(fig, xaxis=dict(title=dict(text=tr("charts.axis.years"))),
            yaxis=dict(title=dict(text=tr(f"charts.series.{series_name}")), tickformat=fmt.replace("+", "")))
    return _finish(fig, "compare_series")


def compare_series_table(named_results, series_name: str, tr) -> pd.DataFrame:
    """The compared series at the end of each year, one column per scenario (the text alternative)."""
    items = list(named_results)
    idx = _yearly_index(items[0][1])
    data: dict[str, Any] = {tr("charts.table.year"): idx // 12 + 1}
    for name, res in items:
        data[name] = res.series[series_name].value[idx]
    data[tr("charts.legend.without")] = items[0][1].baseline[series_name].value[idx]
    return _frame(data)


def attribution(comparison, tr, index: int = 0, top: int = 8) -> go.Figure:
    """What drove the difference: Shapley contributions of each differing parameter to the gap."""
    a = comparison.attribution[index] if hasattr(comparison, "attribution") else comparison
    items = list(a.contributions.items())
    shown, rest = items[:top], items[top:]
    labels = [_param_label(tr, k) for k, _ in shown]
    vals = [v for _, v in shown]
    if rest:
        labels.append(tr("charts.attribution.others", n=len(rest)))
        vals.append(sum(v for _, v in rest))
    fmt = outcome_format(a.outcome)
    fig = _fig(tr("charts.attribution.title", scenario=_safe(a.scenario), reference=_safe(a.reference),
                  outcome=_outcome_label(tr, a.outcome)))
    for sign, meaning in ((1, "increase"), (-1, "decrease")):
        idx = [i for i, v in enumerate(vals) if (v > 0) == (sign > 0) and v != 0]
        fig["data"].append(dict(type="bar", y=[labels[i] for i in idx], x=[vals[i] for i in idx], orientation="h",
                                name=tr(f"charts.attribution.{meaning}"), meta=meaning,
                                marker=dict(color=COLORS[meaning]),
                                hovertemplate="%{x:" + ("+" + fmt.lstrip("+")) + "}<extra></extra>"))
    _vline(fig, 0, "rgb(120,120,120)")
    _layout(fig, yaxis=dict(categoryorder="array", categoryarray=labels[::-1]),
            xaxis=dict(title=dict(text=tr("charts.attribution.axis", outcome=_outcome_label(tr, a.outcome))),
                       tickformat=fmt.replace("+", "")),
            height=max(HEIGHT, 60 * len(labels) + 200), barmode="relative", showlegend=True)
    return _finish(fig, "attribution")


def attribution_table(comparison, tr, index: int = 0) -> pd.DataFrame:
    a = comparison.attribution[index] if hasattr(comparison, "attribution") else comparison
    col = lambda key, **kw: tr(f"charts.table.{key}", **kw)  # noqa: E731
    return _frame({
        col("parameter"): [_param_label(tr, k) for k in a.contributions],
        col("contribution"): list(a.contributions.values()),
        col("share_of_gap"): [v / a.gap if a.gap else np.nan for v in a.contributions.values()],
    })


def lens(result, tr, names_order: list[str] | None = None, title: str | None = None) -> go.Figure:
    """The user's values-lens totals (0-100) as horizontal bars, best at the top.

    Scenario colours follow ``names_order`` (the order the scenarios were picked), so a scenario
    keeps its colour from the other compare charts.
    """
    order = names_order or [r.name for r in result.rows]
    fig = _fig(title or tr("charts.lens.title"))
    for r in result.rows:
        i = order.index(r.name) if r.name in order else 0
        fig["data"].append(dict(type="bar", y=[_safe(r.name)], x=[r.total], orientation="h", name=_safe(r.name),
                                meta=f"scenario{i}", marker=dict(color=scenario_color(i)), showlegend=False,
                                text=[tr("charts.lens.rank", rank=r.rank)], textposition="outside", cliponaxis=False,
                                hovertemplate="%{x:.0f}<extra></extra>"))
    _layout(fig, yaxis=dict(categoryorder="array", categoryarray=[_safe(r.name) for r in result.rows][::-1]),
            xaxis=dict(title=dict(text=tr("charts.lens.axis")), range=[0, 112], tickvals=[0, 20, 40, 60, 80, 100]),
            height=max(420, 70 * len(result.rows) + 230))
    return _finish(fig, "lens")


