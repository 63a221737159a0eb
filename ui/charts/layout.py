"""Finishing a figure and laying it out: ``_finish`` makes the one ``Figure`` (theme written
into its layout, data revision set) with the margins each chart is expected to need
(``expected_margins``, estimated from its own text); subplot grids, reference lines, and the
trace helpers for bands, lines and the no-agreement counterfactual."""
from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import numpy as np
import plotly.graph_objects as go

from ui.charts.theme import (
    BAND_ALPHA,
    COLORS,
    FONT_SIZE,
    LINE_WIDTH,
    NO_AGREEMENT_DASH,
    Spec,
    TABLE_CHARTS,
    TEMPLATE,
    TICK_SIZE,
    _AXIS,
    _AXIS_KEY,
    _THEME,
    LEGEND_WRAP,
    TITLE_WRAP,
    _fig,
    _merge,
    rgba,
    wrap,
)

def _finish(fig: Spec, name: str) -> go.Figure:
    """The chart's one ``Figure``, made without validation (see the module docstring), with its
    margins and its data revision set. The figure keeps a deep copy of ``fig``: figures share
    nothing but their series' values (see ``Series``)."""
    fig["layout"]["uirevision"] = name  # keeps zoom and legend clicks across reruns
    if name in TABLE_CHARTS:  # half-width charts, ~350 px wide on a phone: long legend items wrap
        wrap_legend(fig["data"])
    fig["layout"]["margin"] = expected_margins(fig, HALF_WIDTH if name in TABLE_CHARTS else FULL_WIDTH)
    fig["layout"]["datarevision"] = data_revision(fig["data"])
    return Figure(fig, _validate=False)


def wrap_legend(data: list[dict], width: int = LEGEND_WRAP) -> None:
    """Break every legend item (and legend group title) longer than ``width`` characters into
    lines, so none is wider than a chart on a phone (plotly does not wrap legend text)."""
    for trace in data:
        if trace.get("showlegend") is False:
            continue
        if trace.get("name") and "<br>" not in trace["name"]:
            trace["name"] = wrap(trace["name"], width)
        title = trace.get("legendgrouptitle")
        if title and title.get("text") and "<br>" not in title["text"]:
            title["text"] = wrap(title["text"], width)


class Figure(go.Figure):
    """A chart. Its dict form (what Streamlit sends, and ``to_json``/``to_html`` write) carries
    the theme written into its layout, and no template (see the module docstring). The theme is
    written there rather than into the figure itself: a figure with it in every axis takes half
    as long again to make (1.5 against 1.0 ms for the trust chart), and every slider move makes
    the explore page's seven anew."""

    def __init__(self, data=None, layout=None, frames=None, skip_invalid=False, **kwargs):
        super().__init__(data, layout, frames, skip_invalid, **kwargs)
        self.layout.template = None  # not plotly's default template, which go.Figure adds

    def to_dict(self) -> dict:
        out = super().to_dict()
        out["layout"] = _theme(out)
        return out


def _theme(fig: Spec) -> dict:
    """The figure's layout with the theme under it, as a plotly template would apply it: the
    figure's own settings win, key by key, and the template's axis settings go to every axis.

    Written into an axis, a line, grid or zero-line colour also switches that line on (plotly
    shows what a figure sets, not what its template sets), so each axis also gets the switches
    the template left it with: no axis line; grid and zero line on a numeric axis, not on one
    of categories (the bar charts' labels)."""
    layout = copy.deepcopy(_THEME)
    _merge(layout, {k: v for k, v in fig["layout"].items() if k != "template"})
    axes = {k for k in layout if _AXIS_KEY.match(k)} | {"xaxis", "yaxis"}
    categories = set()
    for trace in fig["data"]:
        for a in "xy":
            key = f"{a}axis{trace.get(a + 'axis', a)[1:]}"
            axes.add(key)
            values = trace.get(a)
            if isinstance(values, (list, tuple)) and values and isinstance(values[0], str):
                categories.add(key)
    for key in axes:
        numeric = key not in categories
        axis = copy.deepcopy(_AXIS) | {"showline": False, "showgrid": numeric, "zeroline": numeric}
        _merge(axis, layout.get(key) or {})
        layout[key] = axis
    return layout


def data_revision(data: list[dict]) -> str:
    """A digest of the traces: Plotly.react skips comparing data arrays while it is unchanged,
    and the same data always gives the same digest (so an unchanged chart's spec, and Streamlit's
    element for it, stay the same)."""
    text = json.dumps(data, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


# --------------------------------------------------------------------------- margins
# Plotly's automargin draws a chart twice, in full, when its labels or legend need more room than
# the margins it was given: in chromium, the crimes chart takes 31 ms to draw against 15 ms once
# its margins fit, the removals chart 20 against 7 ms. Every slider move redraws most charts, so
# each figure is given the margins it is expected to need at the width it is drawn at on a
# laptop, estimated from its own text. Automargin stays on: on a narrower screen, or with a label
# longer than estimated, Plotly still grows the margins (and pays the second pass); on a wider
# one the estimate leaves some blank space under the legend.
HALF_WIDTH = 380  # px: a chart in one of the explore page's two columns on a 1280 px screen
FULL_WIDTH = 760  # px: a chart across the main column (compare and drivers pages), same screen
GLYPH = 0.5  # average glyph width as a share of the font size (measured: 0.41-0.53 in chromium)
# A horizontal legend as plotly.js lays it out (src/components/legend/draw.js): items of
# (text + LEGEND_ITEM) px in rows as wide as the plot; with legend groups, each group a column
# of its items (and its title) and the groups in rows, LEGEND_GAP apart; LEGEND_END below the last.
LEGEND_ITEM = 49  # px of an item besides its text: the symbol, the gap to the text, the gap to the next
LEGEND_GAP = 10  # px between rows of groups (plotly's tracegroupgap)
LEGEND_END = 10  # px under the legend's last row
LEGEND_BELOW = 12  # px between the legend and the figure's bottom edge
SPARE = 6  # px added to an estimated bottom margin: a few px short costs a second full draw
CATEGORY_PAD = 22  # px between a category label and the plot
# Room for an x axis besides its text lines, as automargin grew it. Measured: the disparity
# chart's labels took 31 px in the app (one 19.5 px line, plus ~12); the ledger's and costs'
# labels and title 43 px on a bare page (their two lines, plus ~1); the lens chart's 55 px in the
# app (plus ~13). With SPARE, these pads cover all three.
TICK_PAD = 8  # px between the plot and an x axis's tick labels
TITLE_PAD = 8  # px between an x axis's tick labels and its title
LINE = 1.3  # a line of text, in font sizes (plotly's line spacing)


def _text_width(text: Any, size: float) -> float:
    """Estimated width in px of ``text`` (its longest ``<br>`` line) at font ``size``."""
    return max(len(line) for line in str(text).split("<br>")) * size * GLYPH


def _legend_groups(data: list[dict], grouped: bool) -> list[list[str]]:
    """The texts a legend shows, as plotly groups them: one list per legend group (its title
    first), in order of appearance; each trace its own group when the legend is not grouped."""
    groups: dict[Any, list[str]] = {}
    for i, trace in enumerate(data):
        if trace.get("showlegend", True) is False:
            continue
        key = trace.get("legendgroup") if grouped and trace.get("legendgroup") else i
        texts = groups.setdefault(key, [])
        title = (trace.get("legendgrouptitle") or {}).get("text")
        if title and not texts:
            texts.append(title)
        texts.append(trace.get("name") or "")
    return list(groups.values())


def legend_height(data: list[dict], legend: dict, room: float) -> float:
    """Estimated height in px of a horizontal legend drawn in ``room`` px of width."""
    size = (legend.get("font") or {}).get("size", FONT_SIZE)
    line = size * LINE
    order = legend.get("traceorder") or ("grouped" if any(t.get("legendgroup") for t in data) else "normal")
    grouped = "grouped" in order
    blocks = [(max(_text_width(t, size) for t in g) + LEGEND_ITEM,
               sum((str(t).count("<br>") + 1) * line + 3 for t in g))
              for g in _legend_groups(data, grouped)]
    if not blocks:
        return 0.0
    rows, used, tallest = [], 0.0, 0.0
    for w, h in blocks:
        if used and used + w > room:
            rows.append(tallest)
            used, tallest = 0.0, 0.0
        used, tallest = used + w, max(tallest, h)
    rows.append(tallest)
    return sum(rows) + (LEGEND_GAP if grouped else 0) * (len(rows) - 1) + LEGEND_END


def x_axis_room(fig: Spec) -> int:
    """Estimated px under the plot for the x axis: its tick labels (the most lines of a vertical
    bar's category label) and its title."""
    layout, data = fig["layout"], fig["data"]
    lines = max([1] + [c.count("<br>") + 1 for t in data
                       if t.get("type") == "bar" and t.get("orientation") != "h"
                       for c in t.get("x", ()) if isinstance(c, str)])
    room = lines * TICK_SIZE * LINE + TICK_PAD
    # the bottom axis's title: ``xaxis`` on a plain figure, the bottom row's (xaxis2, ...) on a grid
    titles = [((v or {}).get("title") or {}).get("text") for k, v in layout.items()
              if _AXIS_KEY.match(k) and k.startswith("x")]
    titles = [t for t in titles if t]
    if titles:
        room += max(str(t).count("<br>") + 1 for t in titles) * FONT_SIZE * LINE + TITLE_PAD
    return round(room) + SPARE


def expected_margins(fig: Spec, width: float = HALF_WIDTH) -> dict[str, int]:
    """The margins (l, r, t, b in px) ``fig`` is expected to need ``width`` px wide: the theme's,
    or the figure's own where larger; the left one widened for category labels (horizontal
    bars) and thousands on the y axis; the bottom one for a horizontal legend below the plot,
    or without one, only what the x axis needs (the theme's bottom margin leaves room for a
    legend: 60-90 px blank under a chart without one)."""
    layout, data = fig["layout"], fig["data"]
    tmpl, own = TEMPLATE.layout, layout.get("margin") or {}
    m = {k: max(int(tmpl.margin[k]), int(own.get(k, 0))) for k in "lrtb"}
    refs = {"y" + k[5:] for k in layout if k.startswith("yaxis")} | {t.get("yaxis", "y") for t in data}
    for ref in sorted(refs):
        axis = layout.get("yaxis" + ref[1:]) or {}
        cats = [c for t in data if t.get("type") == "bar" and t.get("orientation") == "h"
                and t.get("yaxis", "y") == ref for c in t.get("y", ()) if isinstance(c, str)]
        title = (axis.get("title") or {}).get("text")
        title_w = (str(title).count("<br>") + 1) * FONT_SIZE * LINE + 12 if title else 0
        if cats:
            m["l"] = max(m["l"], round(max(_text_width(c, TICK_SIZE) for c in cats) + CATEGORY_PAD + title_w))
        elif "," in str(axis.get("tickformat", "")):
            m["l"] = max(m["l"], int(tmpl.margin.l) + 10)  # "12,000" is wider than "0.5"
    legend = {**tmpl.legend.to_plotly_json(), **(layout.get("legend") or {})}
    n_items = sum(len(g) for g in _legend_groups(data, False))
    shown = layout.get("showlegend")
    if (shown or (shown is None and n_items > 1)) and legend.get("orientation") == "h" \
            and legend.get("yref") == "container" and legend.get("yanchor") == "bottom":
        # the x axis, then the legend (packed in the plot's width, as plotly does), then a gap
        lh = legend_height(data, legend, width - m["l"] - m["r"])
        m["b"] = max(m["b"], x_axis_room(fig) + round(lh) + LEGEND_BELOW + SPARE)
    else:
        m["b"] = max(int(own.get("b", 0)), x_axis_room(fig))
    return m


def _axis_id(k: int) -> str:
    return "" if k == 1 else str(k)


def _grid_fig(title: str, titles: list[str], rows: int, cols: int = 1, vgap: float = 0.1, hgap: float = 0.1,
              share_x: bool = False, **layout) -> Spec:
    """A figure with a grid of axes laid out by hand (``make_subplots`` costs ~15 ms a figure).

    Cell (r, c), 1-based, row 1 at the top, uses axes ``x{k}``/``y{k}`` with k = (r-1)*cols + c
    (k = 1 is plain ``x``/``y``). With ``share_x`` every x axis follows the first and only the
    bottom row shows tick labels. Subplot titles are paper-anchored annotations.
    """
    h = (1.0 - vgap * (rows - 1)) / rows
    w = (1.0 - hgap * (cols - 1)) / cols
    axes: dict[str, Any] = {}
    notes = []
    for r in range(1, rows + 1):
        top = 1.0 - (r - 1) * (h + vgap)
        for c in range(1, cols + 1):
            k = (r - 1) * cols + c
            left = (c - 1) * (w + hgap)
            sid = _axis_id(k)
            x = dict(domain=[max(0.0, left), min(1.0, left + w)], anchor="y" + sid)
            if share_x and k > 1:
                x["matches"] = "x"
            if share_x and r < rows:
                x["showticklabels"] = False
            axes["xaxis" + sid] = x
            axes["yaxis" + sid] = dict(domain=[max(0.0, top - h), min(1.0, top)], anchor="x" + sid)
            if k <= len(titles):
                notes.append(dict(text=wrap(titles[k - 1], TITLE_WRAP), x=left + w / 2, y=top, xref="paper", yref="paper",
                                  xanchor="center", yanchor="bottom", showarrow=False,
                                  font=dict(size=FONT_SIZE - 1)))
    return _fig(title, annotations=notes, **axes, **layout)


def _cell(row: int | None, col: int | None = 1, cols: int = 1) -> dict[str, str]:
    """Trace keywords placing it in grid cell (row, col); {} for a plain figure."""
    if not row:
        return {}
    sid = _axis_id((row - 1) * cols + (col or 1))
    return {"xaxis": "x" + sid, "yaxis": "y" + sid}


def _vline(fig: Spec, x: float, color: str, width: float = 1.5, dash: str = "solid", text: str | None = None):
    """A vertical line across the plot."""
    layout = fig["layout"]
    layout.setdefault("shapes", []).append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1,
                                                line=dict(color=color, width=width, dash=dash)))
    if text:
        layout.setdefault("annotations", []).append(dict(x=x, y=1, xref="x", yref="paper", text=text,
                                                         showarrow=False, yanchor="bottom"))


def _hline(fig: Spec, y: float, color: str, width: float = 1.5, dash: str = "solid", text: str | None = None):
    layout = fig["layout"]
    layout.setdefault("shapes", []).append(dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=y, y1=y,
                                                line=dict(color=color, width=width, dash=dash)))
    if text:
        layout.setdefault("annotations", []).append(dict(x=1, y=y, xref="paper", yref="y", text=text,
                                                         showarrow=False, xanchor="right", yanchor="bottom",
                                                         bgcolor="rgba(255, 255, 255, 0.8)"))


SIGNIFICANT = 5  # digits of a series' largest value sent to the browser (a chart shows 2-4)


class Series(list):
    """A series' values in a figure, never changed once made. Copies of the figure share it:
    ``go.Figure`` and ``to_dict`` deep-copy their spec, number by number for a plain list
    (trust chart, made and turned into a dict: 2.3-2.4 ms against 3.0)."""

    __slots__ = ()

    def __deepcopy__(self, memo) -> Series:
        return self


def _r(y) -> Series:
    """A series for the browser as plain numbers (a list, never a numpy array, which plotly would
    send as a typed array: see the module docstring), rounded to ``SIGNIFICANT`` digits of its
    largest value, which keeps the JSON short."""
    a = np.asarray(y, dtype=float)
    finite = np.abs(a[np.isfinite(a)])
    top = float(finite.max()) if finite.size else 0.0
    decimals = SIGNIFICANT - 1 - int(np.floor(np.log10(top))) if top > 0 else 0
    return Series(np.round(a, decimals).tolist())


# A monthly series' x values (years: 1/12, 2/12, ...) as trace keywords: a start and a step
# rather than an array, which every trace of a fan chart would otherwise carry (a third of the
# trust and crimes charts' bytes).
YEARS_X = {"x0": 1 / 12, "dx": 1 / 12}


def _has_bands(res) -> bool:
    return bool(getattr(res, "draws", 0))


def _add_band(fig: Spec, band, meaning: str, tr, *, group: str, show_legend: bool, row=None, col=None):
    """A p5-p95 band as two filled scatter traces (upper edge, then lower edge filled up to it)."""
    color = COLORS[meaning]
    kw = _cell(row, col)
    fig["data"].append(dict(type="scatter", **YEARS_X, y=_r(band.p95), mode="lines", line=dict(width=0, color=color),
                            hoverinfo="skip", showlegend=False, legendgroup=group,
                            name=tr("charts.legend.band"), meta=meaning, **kw))
    fig["data"].append(dict(type="scatter", **YEARS_X, y=_r(band.p5), mode="lines", line=dict(width=0, color=color),
                            fill="tonexty", fillcolor=rgba(color, BAND_ALPHA), hoverinfo="skip",
                            showlegend=show_legend, legendgroup=group, name=tr("charts.legend.band"), meta=meaning,
                            **kw))


def _add_line(fig: Spec, y, meaning: str, name: str, *, fmt: str, dash: str = "solid", group: str | None = None,
              show_legend: bool = True, row=None, col=None):
    fig["data"].append(dict(type="scatter", **YEARS_X, y=_r(y), mode="lines", name=name, meta=meaning,
                            legendgroup=group or meaning, showlegend=show_legend,
                            line=dict(color=COLORS[meaning], width=LINE_WIDTH, dash=dash),
                            hovertemplate="%{y:" + fmt + "}", **_cell(row, col)))


def _add_without(fig: Spec, y, name: str, *, fmt: str, show_legend: bool = True, row=None, col=None):
    _add_line(fig, y, "without", name, fmt=fmt, dash=NO_AGREEMENT_DASH, group="without",
              show_legend=show_legend, row=row, col=col)


def _err(value: float, lo: float, hi: float) -> tuple[float, float]:
    """(plus, minus) error-bar lengths around ``value`` for a [lo, hi] range."""
    return max(hi - value, 0.0), max(value - lo, 0.0)


def _outcome_label(tr, name: str) -> str:
    return tr(f"outcome.{name}.label")


def _param_label(tr, name: str) -> str:
    return tr(f"param.{name}.label")




# --------------------------------------------------------------------------- presentation scale
PRESENT_SCALE = 1.6  # type and charts on a projector: 17 px text becomes ~27 px


def scale_spec(spec: dict, factor: float) -> dict:
    """A figure's dict form (as sent) with every font size, the height, the margins and the
    markers' sizes multiplied by ``factor``: the same chart for a projector. A font without a
    size inherits the (scaled) layout font."""
    def walk(node, key=""):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "size" and isinstance(v, (int, float)) and (key.endswith("font") or key == "marker"):
                    out[k] = round(v * factor, 1)
                elif (key == "pad" or k in ("yshift", "xshift")) and isinstance(v, (int, float)):
                    out[k] = round(v * factor)  # a title's padding, a label's offset
                else:
                    out[k] = walk(v, k)
            return out
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        return node

    out = walk(spec)
    layout = out.setdefault("layout", {})
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = round(layout["height"] * factor)
    layout["margin"] = {k: round(v * factor) if isinstance(v, (int, float)) else v
                        for k, v in (layout.get("margin") or {}).items()}
    return out


class ScaledFigure(Figure):
    """A chart drawn ``_factor`` times larger (fonts, height, margins, markers): see ``scaled``."""

    _factor: float = 1.0

    def to_dict(self) -> dict:
        return scale_spec(super().to_dict(), self._factor)


def scaled(fig: go.Figure, factor: float = PRESENT_SCALE) -> ScaledFigure:
    """A copy of chart ``fig`` whose type and size are ``factor`` times larger when drawn."""
    out = ScaledFigure(fig.to_plotly_json(), _validate=False)
    out._factor = float(factor)
    return out
