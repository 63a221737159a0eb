"""Figures for workshop rooms (pure Plotly, no Streamlit): the room's predictions against the
model's answer, and scenarios side by side on one outcome. Every text arrives translated;
participants' nicknames are HTML-escaped here (Plotly reads tags such as ``<a>`` in labels)."""
from __future__ import annotations

import html
from typing import Sequence

import numpy as np
import pandas  # noqa: F401 - imported whole here, once: Plotly's validators look pandas up in
import plotly.graph_objects as go  # sys.modules, and two sessions' first runs would otherwise race

from ui import charts as C

ANSWER_COLOR = C.SCENARIO_COLORS[1]
BAR_COLOR = C.SCENARIO_COLORS[0]
BASE_COLOR = "rgb(120, 120, 120)"
TITLE_WRAP = 30  # characters per title line


def _base(title: str, height: int) -> go.Figure:
    fig = go.Figure()
    text = C.wrap(html.escape(title), TITLE_WRAP)  # a phone is ~360 px wide
    lines = text.count("<br>") + 1
    fig.update_layout(template=C.TEMPLATE, height=height + 24 * (lines - 1), title=dict(text=text),
                      margin=dict(l=10, r=20, t=36 + 26 * lines, b=60), showlegend=False)
    return fig


def bins(values: Sequence[float], lo: float, hi: float, n: int = 12) -> tuple[float, float, float]:
    """(start, end, size) of histogram bins covering the predictions and the model's range."""
    xs = np.asarray(list(values) + [lo, hi], dtype=float)
    a, b = float(xs.min()), float(xs.max())
    if b - a <= 0:
        a, b = a - 1.0, b + 1.0
    size = (b - a) / n
    return a - size / 2, b + size / 2, size


def predictions_chart(values: Sequence[float], answer: dict[str, float] | None, *, title: str,
                      x_title: str, y_title: str, answer_text: str, range_text: str) -> go.Figure:
    """A histogram of the room's predictions; once revealed, the model's answer as a line and
    its p5-p95 range as a band behind the bars."""
    fig = _base(title, 380)
    lo = hi = None
    if answer:
        lo, hi = answer["lo"], answer["hi"]
        fig.add_vrect(x0=lo, x1=hi, fillcolor=C.rgba(ANSWER_COLOR, 0.18), line_width=0, layer="below")
    start, end, size = bins(values, lo if lo is not None else min(values or [0]),
                            hi if hi is not None else max(values or [0]))
    fig.add_trace(go.Histogram(x=list(values), xbins=dict(start=start, end=end, size=size),
                               marker_color=BAR_COLOR, name=y_title,
                               hovertemplate="%{x}: %{y}<extra></extra>"))
    if answer:
        fig.add_vline(x=answer["diff"], line_color=ANSWER_COLOR, line_width=4)
        fig.add_annotation(x=answer["diff"], y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=html.escape(answer_text), font=dict(color=ANSWER_COLOR))
        fig.add_annotation(x=(lo + hi) / 2, y=0.88, yref="paper", showarrow=False,
                           text=html.escape(range_text), font=dict(size=C.TICK_SIZE))
    fig.update_layout(xaxis_title=html.escape(x_title), yaxis_title=html.escape(y_title), bargap=0.08)
    fig.update_yaxes(rangemode="tozero", dtick=1 if not values or len(values) < 12 else None)
    return fig


def scenarios_chart(rows: Sequence[dict], *, title: str, x_title: str,
                    baseline: float | None = None, baseline_text: str = "",
                    highlight: Sequence[str] = ()) -> go.Figure:
    """One row per scenario (``name``, ``value``, ``lo``, ``hi``): its value on the outcome with
    the p5-p95 range as an error bar, all on one axis; ``baseline`` draws the starting point."""
    n = len(rows)
    fig = _base(title, max(260, 120 + 44 * n))
    names = [html.escape(str(r["name"])) for r in rows]
    colors = [ANSWER_COLOR if r["name"] in highlight else BAR_COLOR for r in rows]
    fig.add_trace(go.Scatter(
        x=[r["value"] for r in rows], y=names, mode="markers", marker=dict(size=16, color=colors),
        error_x=dict(type="data", symmetric=False, color=C.ERROR_COLOR, thickness=2,
                     array=[max(0.0, r["hi"] - r["value"]) for r in rows],
                     arrayminus=[max(0.0, r["value"] - r["lo"]) for r in rows]),
        hovertemplate="%{y}: %{x:,.4g}<extra></extra>"))
    if baseline is not None:
        fig.add_vline(x=baseline, line_color=BASE_COLOR, line_dash=C.NO_AGREEMENT_DASH, line_width=2)
        if baseline_text:
            fig.add_annotation(x=baseline, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                               text=html.escape(baseline_text), font=dict(color=BASE_COLOR))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_layout(xaxis_title=html.escape(x_title))
    return fig
