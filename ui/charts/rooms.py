"""Figures for workshop rooms (pure Plotly, no Streamlit): the room's predictions against the
model's answer, and scenarios side by side on one outcome. Every text arrives translated;
participants' nicknames are HTML-escaped here (Plotly reads tags such as ``<a>`` in labels).

Built as plain dicts and made a figure once without validation, like ``ui.charts``: a phone's
every lever move draws one, and the projector redraws its panel every second."""
from __future__ import annotations

import html
from typing import Sequence

import numpy as np
import pandas  # noqa: F401 - imported whole here, once: Plotly's validators look pandas up in
import plotly.graph_objects as go  # noqa: F401 - sys.modules; two first runs would race

from ui import charts as C

ANSWER_COLOR = C.SCENARIO_COLORS[1]
BAR_COLOR = C.SCENARIO_COLORS[0]
BASE_COLOR = "rgb(120, 120, 120)"
TITLE_WRAP = 30  # characters per title line (a phone is ~360 px wide)


def _spec(title: str, height: int) -> dict:
    text = C.wrap(html.escape(title), TITLE_WRAP)
    lines = text.count("<br>") + 1
    return {"data": [], "layout": {
        "title": {"text": text}, "height": height + 24 * (lines - 1), "showlegend": False,
        "margin": {"l": 10, "r": 20, "t": 36 + 26 * lines, "b": 60},
        "xaxis": {"automargin": True}, "yaxis": {"automargin": True},
        "shapes": [], "annotations": []}}


def _figure(spec: dict, name: str) -> go.Figure:
    spec["layout"]["uirevision"] = name
    spec["layout"]["datarevision"] = C.data_revision(spec["data"])
    return C.Figure(spec, _validate=False)


def _vline(x: float, color: str, width: float, dash: str = "solid") -> dict:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": color, "width": width, "dash": dash}}


def _label(x: float, y: float, text: str, color: str, size: float | None = None) -> dict:
    font = {"color": color} | ({"size": size} if size else {})
    return {"x": x, "y": y, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False,
            "text": html.escape(text), "font": font}


def bins(values: Sequence[float], lo: float, hi: float, n: int = 12) -> tuple[float, float, float]:
    """(start, end, size) of histogram bins covering the predictions and the model's range."""
    xs = np.asarray(list(values) + [lo, hi], dtype=float)
    a, b = float(xs.min()), float(xs.max())
    if b - a <= 0:
        a, b = a - 1.0, b + 1.0
    size = (b - a) / n
    return a - size / 2, b + size / 2, size


def predictions_chart(values: Sequence[float], answer: dict[str, float] | None, *, title: str,
                      x_title: str, y_title: str, answer_text: str, range_text: str,
                      height: int = 380) -> go.Figure:
    """A histogram of the room's predictions; once revealed, the model's answer as a line and
    its p5-p95 range as a band behind the bars."""
    spec = _spec(title, height)
    lay = spec["layout"]
    values = [float(v) for v in values]
    lo = answer["lo"] if answer else min(values or [0.0])
    hi = answer["hi"] if answer else max(values or [0.0])
    start, end, size = bins(values, lo, hi)
    spec["data"].append({"type": "histogram", "x": values, "name": html.escape(y_title),
                         "xbins": {"start": start, "end": end, "size": size},
                         "marker": {"color": BAR_COLOR}, "hovertemplate": "%{x}: %{y}<extra></extra>"})
    if answer:
        lay["shapes"] += [
            {"type": "rect", "xref": "x", "yref": "paper", "x0": lo, "x1": hi, "y0": 0, "y1": 1,
             "fillcolor": C.rgba(ANSWER_COLOR, 0.18), "line": {"width": 0}, "layer": "below"},
            _vline(answer["diff"], ANSWER_COLOR, 4)]
        lay["annotations"] += [_label(answer["diff"], 1.0, answer_text, ANSWER_COLOR),
                               _label((lo + hi) / 2, 0.88, range_text, C.INK, C.TICK_SIZE)]
    lay["xaxis"]["title"] = {"text": html.escape(x_title)}
    lay["yaxis"].update(title={"text": html.escape(y_title)}, rangemode="tozero")
    if len(values) < 12:
        lay["yaxis"]["dtick"] = 1
    lay["bargap"] = 0.08
    return _figure(spec, "room-predictions")


def scenarios_chart(rows: Sequence[dict], *, title: str, x_title: str,
                    baseline: float | None = None, baseline_text: str = "",
                    highlight: Sequence[str] = (), height: int | None = None) -> go.Figure:
    """One row per scenario (``name``, ``value``, ``lo``, ``hi``): its value on the outcome with
    the p5-p95 range as an error bar, all on one axis; ``baseline`` draws the starting point."""
    spec = _spec(title, height or max(260, 120 + 44 * len(rows)))
    lay = spec["layout"]
    spec["data"].append({
        "type": "scatter", "mode": "markers",
        "x": [r["value"] for r in rows], "y": [html.escape(str(r["name"])) for r in rows],
        "marker": {"size": 16, "color": [ANSWER_COLOR if r["name"] in highlight else BAR_COLOR
                                         for r in rows]},
        "error_x": {"type": "data", "symmetric": False, "color": C.ERROR_COLOR, "thickness": 2,
                    "array": [max(0.0, r["hi"] - r["value"]) for r in rows],
                    "arrayminus": [max(0.0, r["value"] - r["lo"]) for r in rows]},
        "hovertemplate": "%{y}: %{x:,.4g}<extra></extra>"})
    if baseline is not None:
        lay["shapes"].append(_vline(baseline, BASE_COLOR, 2, C.NO_AGREEMENT_DASH))
        if baseline_text:
            lay["annotations"].append(_label(baseline, 1.0, baseline_text, BASE_COLOR))
    lay["yaxis"].update(autorange="reversed", type="category")
    lay["xaxis"]["title"] = {"text": html.escape(x_title)}
    return _figure(spec, "room-scenarios")
