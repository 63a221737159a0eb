"""The drivers page's figures and tables: the tornado (one assumption at a time), the global
sensitivity indices (Sobol/Morris) and the break-even chart."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from ui.charts.theme import COLORS, ERROR_COLOR, HEIGHT, LINE_WIDTH, NO_AGREEMENT_DASH, _fig, _frame, _layout
from ui.charts.layout import _finish, _hline, _outcome_label, _param_label, _r, _vline
from ui.charts.compare import outcome_format

if TYPE_CHECKING:
    import pandas as pd

# --------------------------------------------------------------------------- drivers page
TORNADO_TOP = 15  # bars shown; the table lists every assumption


def _param_value(tr, name: str, v: float) -> str:
    """A parameter value in a chart label (shares as percent where the unit is a share)."""
    return f"{v:,.4g}" if abs(v) < 1000 else tr.number(v)


def _measure_label(tr, outcome: str, measure: str) -> str:
    key = "charts.drivers.measure_delta" if measure == "delta" else "charts.drivers.measure_value"
    return tr(key, outcome=_outcome_label(tr, outcome))


def tornado(t, tr, top: int = TORNADO_TOP) -> go.Figure:
    """Horizontal bars sorted by swing (largest at the top): the outcome with each assumption at the
    low end (one colour) and at the high end (another), from the base value."""
    bars = sorted(t.bars, key=lambda b: -b.swing)[:top]
    labels = [tr("charts.tornado.bar_label", param=_param_label(tr, b.name), low=_param_value(tr, b.name, b.low),
                 high=_param_value(tr, b.name, b.high)) for b in bars]
    fmt = outcome_format(t.outcome)
    # grouped (not overlaid): when both ends move the outcome the same way, both bars stay visible
    fig = _fig(tr("charts.tornado.title", outcome=_outcome_label(tr, t.outcome)), barmode="group", bargap=0.25)
    for meaning, attr in (("low", "outcome_low"), ("high", "outcome_high")):
        fig["data"].append(dict(
            type="bar", y=labels, x=[getattr(b, attr) - t.base for b in bars], base=[t.base] * len(bars),
            orientation="h", name=tr(f"charts.tornado.{meaning}"), meta=meaning, marker=dict(color=COLORS[meaning]),
            customdata=[getattr(b, attr) for b in bars],
            hovertemplate="%{customdata:" + fmt + "}<extra>%{y}</extra>",
        ))
    _vline(fig, t.base, COLORS["net"], 2, text=tr("charts.tornado.base"))
    if t.measure == "delta" and min(min(b.outcome_low, b.outcome_high) for b in bars) < 0 < max(
            max(b.outcome_low, b.outcome_high) for b in bars):
        _vline(fig, 0, COLORS["without"], 2, NO_AGREEMENT_DASH)
    _layout(fig, yaxis=dict(categoryorder="array", categoryarray=labels[::-1]),
            xaxis=dict(title=dict(text=_measure_label(tr, t.outcome, t.measure)), tickformat=fmt.replace("+", "")),
            height=max(HEIGHT, 42 * len(bars) + 220))
    return _finish(fig, "tornado")


def tornado_table(t, tr) -> pd.DataFrame:
    col = lambda key: tr(f"charts.table.{key}")  # noqa: E731
    bars = sorted(t.bars, key=lambda b: -b.swing)
    return _frame({
        col("parameter"): [_param_label(tr, b.name) for b in bars],
        col("low"): [b.low for b in bars],
        col("high"): [b.high for b in bars],
        col("given"): [b.given for b in bars],
        col("outcome_low"): [b.outcome_low for b in bars],
        col("outcome_high"): [b.outcome_high for b in bars],
        col("swing"): [b.swing for b in bars],
    })


def sobol(s, tr, top: int = TORNADO_TOP) -> go.Figure:
    """Global sensitivity ranking: first-order and total Sobol indices (or Morris mu*), largest first."""
    idx = list(s.indices)[:top]
    labels = [_param_label(tr, i.name) for i in idx]
    fig = _fig(tr("charts.sobol.title", outcome=_outcome_label(tr, s.outcome)), barmode="group")
    if s.method == "sobol":
        for meaning, attr in (("total_order", "st"), ("first_order", "s1")):
            fig["data"].append(dict(
                type="bar", y=labels, x=[max(getattr(i, attr) or 0.0, 0.0) for i in idx], orientation="h",
                name=tr(f"charts.sobol.{meaning}"), meta=meaning, marker=dict(color=COLORS[meaning]),
                error_x=dict(type="data", array=[getattr(i, attr + "_conf") or 0.0 for i in idx], color=ERROR_COLOR,
                             thickness=2, width=4),
                hovertemplate="%{x:.2f}<extra>%{y}</extra>",
            ))
        _layout(fig, xaxis=dict(title=dict(text=tr("charts.sobol.axis")), rangemode="tozero"))
    else:
        fig["data"].append(dict(
            type="bar", y=labels, x=[i.mu_star or 0.0 for i in idx], orientation="h",
            name=tr("charts.sobol.mu_star"), meta="first_order", marker=dict(color=COLORS["first_order"]),
            error_x=dict(type="data", array=[i.mu_star_conf or 0.0 for i in idx], color=ERROR_COLOR, thickness=2),
            hovertemplate="%{x:,.3g}<extra>%{y}</extra>",
        ))
        _layout(fig, xaxis=dict(title=dict(text=tr("charts.sobol.axis_morris")), rangemode="tozero"))
    _layout(fig, yaxis=dict(categoryorder="array", categoryarray=labels[::-1]), height=max(HEIGHT, 42 * len(idx) + 220))
    return _finish(fig, "sobol")


def sobol_table(s, tr) -> pd.DataFrame:
    col = lambda key: tr(f"charts.table.{key}")  # noqa: E731
    rows = []
    for rank, i in enumerate(s.indices, start=1):
        row = {col("rank"): rank, col("parameter"): _param_label(tr, i.name)}
        if s.method == "sobol":
            row.update({col("s1"): i.s1, col("s1_conf"): i.s1_conf, col("st"): i.st, col("st_conf"): i.st_conf})
        else:
            row.update({col("mu_star"): i.mu_star, col("mu_star_conf"): i.mu_star_conf, col("sigma"): i.sigma})
        rows.append(row)
    return _frame(rows)


def breakeven(b, tr, curve=None) -> go.Figure:
    """The outcome along one parameter's range, the threshold, where it is crossed, and the current value.

    ``b`` is a ``model.sensitivity.BreakEven``; ``curve`` a ``model.sweep.Curve`` for the same
    parameter and outcome (without it, the chart shows the three points the result carries).
    """
    fmt = outcome_format(b.outcome)
    fig = _fig(tr("charts.breakeven.title", outcome=_outcome_label(tr, b.outcome), param=_param_label(tr, b.param)))
    if curve is not None:
        x, y = curve.x, curve.y
    else:
        x, y = np.array([b.min, b.given, b.max]), np.array([b.at_min, b.at_given, b.at_max])
        order = np.argsort(x)
        x, y = x[order], y[order]
    fig["data"].append(dict(type="scatter", x=_r(x), y=_r(y), mode="lines",
                            name=_measure_label(tr, b.outcome, b.measure), meta="with",
                            line=dict(color=COLORS["with"], width=LINE_WIDTH),
                            hovertemplate="%{x:,.4g} → %{y:" + fmt + "}<extra></extra>"))
    _hline(fig, b.threshold, COLORS["without"], 2, NO_AGREEMENT_DASH)
    if b.crossings:
        fig["data"].append(dict(type="scatter", x=[c.value for c in b.crossings], y=[b.threshold] * len(b.crossings),
                                mode="markers", name=tr("charts.breakeven.crossing"), meta="preset",
                                marker=dict(color=COLORS["preset"], size=15, symbol="diamond",
                                            line=dict(color="white", width=1)),
                                hovertemplate="%{x:,.4g}<extra></extra>"))
    fig["data"].append(dict(type="scatter", x=[b.given], y=[b.at_given], mode="markers",
                            name=tr("charts.frontier.current"), meta="current",
                            marker=dict(color=COLORS["current"], size=18, symbol="star",
                                        line=dict(color="white", width=1.5)),
                            hovertemplate="%{x:,.4g} → %{y:" + fmt + "}<extra></extra>"))
    _layout(fig, xaxis=dict(title=dict(text=tr("charts.breakeven.x_axis", param=_param_label(tr, b.param),
                                                 unit=tr(f"param.{b.param}.unit"))),
                             range=[b.min, b.max]),  # the range searched (the tornado's, by default)
            yaxis=dict(title=dict(text=_outcome_label(tr, b.outcome)), tickformat=fmt.replace("+", "")))
    return _finish(fig, "breakeven")


def breakeven_table(b, tr, curve) -> pd.DataFrame:
    """The break-even curve as a table: the parameter's value and the outcome there."""
    return _frame({
        tr("charts.breakeven.x_axis", param=_param_label(tr, b.param), unit=tr(f"param.{b.param}.unit")): curve.x,
        _outcome_label(tr, b.outcome): curve.y,
    })
