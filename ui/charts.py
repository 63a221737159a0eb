"""Figure factories: results in, ``go.Figure`` out. No Streamlit calls here.

One theme (``TEMPLATE``) and one colour-blind-safe palette (``plotly.colors.qualitative.Safe``).
Colours are mapped to *meanings* in ``COLORS`` and every trace carries its meaning in
``trace.meta`` so tests can check that a meaning has the same colour on every chart. Two rules
hold on every chart:

* "no agreement" (the counterfactual) is always grey and dotted;
* uncertainty is always a translucent band (p5-p95) or an error bar of the meaning's colour.

Fan charts are filled ``go.Scatter`` traces (SVG, not WebGL); the tornado is horizontal bars
sorted by swing (largest at the top). Every title, axis label and legend name comes from the
translator ``tr`` (``ui.i18n.Translator``); keys live in ``ui/locales/<lang>/charts.toml``.

Pages should draw these with ``st.plotly_chart(fig, theme=None, config=charts.CONFIG)`` so
Streamlit's own theme does not replace this one, and every chart has the same toolbar.

Each builder writes its figure as plain data (traces ``dict(type="scatter", ...)``, the layout
as nested dicts, merged with ``_layout``) and ``_finish`` makes the one figure at the end with
``Figure(spec, _validate=False)`` (a ``go.Figure``). Plotly's object API validates every
property, several times over (``add_trace`` validates the trace again): 3-17 ms a figure,
against 0.2-2 ms from plain data. The tests run plotly's full validation on every figure
instead (it must accept it and change nothing), so a misspelt property still fails there.

What a figure sends (``to_dict``, which Streamlit and ``to_json`` use) carries the theme written
into its layout, not a ``layout.template``; its series are plain rounded numbers, not typed
arrays; and its ``layout.datarevision`` is a digest of its data. Streamlit draws a chart it
mounts twice: once, then again with a JSON copy of the same figure (an effect of its Plotly
element). Plotly.react recomputes the whole chart for a copy that carries a template (a new
object each time) or a typed array, or that has no data revision; without them the second draw
only restyles (in chromium, trust chart: 4 ms against 15-18 ms; the browser's main thread per
slider move: 31-66 ms less). ``tests/browser/test_redraw.py`` checks it.

Besides the figures, ``table(name, obj, tr)`` gives a DataFrame with the data each chart shows
(the text alternative) and ``caption(name, obj, tr)`` one plain-language sentence with numbers.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

if TYPE_CHECKING:
    import pandas as pd

SAFE = qualitative.Safe

# Colours by meaning. A meaning keeps its colour on every chart; within one chart no two
# meanings share a colour.
COLORS: dict[str, str] = {
    "with": SAFE[4],  # with the agreement (indigo)
    "without": SAFE[10],  # no agreement (grey, always dotted)
    "latino": SAFE[5],  # Latino citizens (purple)
    "reported": SAFE[0],  # crimes reported to police (light blue)
    "unreported": SAFE[2],  # crimes not reported (sand)
    "cleared": SAFE[6],  # crimes cleared (teal)
    "serious": SAFE[8],  # serious record (wine)
    "minor": SAFE[7],  # minor or traffic record (olive)
    "none": SAFE[0],  # no record (light blue)
    "additional": SAFE[9],  # additional transfers (brown)
    "averted": SAFE[3],  # crimes averted by removals (green)
    "added": SAFE[1],  # crimes added through lower reporting (rose)
    "net": "rgb(34, 34, 34)",  # net or total (near black)
    "recorded": SAFE[0],  # police-recorded crime (light blue: what is reported)
    "cost_officer_time": SAFE[0],
    "cost_training": SAFE[2],
    "cost_jail": SAFE[6],
    "cost_liability": SAFE[8],
    "reimbursement": SAFE[3],  # money coming back (green)
    "current": "rgb(34, 34, 34)",  # the current setting (near black star)
    "preset": SAFE[1],  # presets marked on the frontier (rose)
    "low": SAFE[0],  # tornado: assumption at its low end
    "high": SAFE[8],  # tornado: assumption at its high end
    "first_order": SAFE[4],  # Sobol S1
    "total_order": SAFE[0],  # Sobol ST
    "increase": SAFE[8],  # attribution: raises the outcome
    "decrease": SAFE[6],  # attribution: lowers the outcome
    "parity": SAFE[10],  # reference line (no disparity)
}
# Scenarios on the compare page, in order (grey is kept for "no agreement").
SCENARIO_COLORS = (SAFE[4], SAFE[1], SAFE[6], SAFE[2], SAFE[8], SAFE[7])

BAND_ALPHA = 0.22
LINE_WIDTH = 3.5
FONT_SIZE = 17  # readable from the back of a room on a projector
TITLE_SIZE = 20
TITLE_WRAP = 44  # characters per title line: charts often sit in half-width columns (~450 px)
LABEL_WRAP = 20  # characters per category-label line
AXIS_WRAP = 26  # characters per x-axis title line under a half-width bar chart (~230 px of plot)
TICK_SIZE = 15
HEIGHT = 470
FONT_FAMILY = "Source Sans Pro, Open Sans, Arial, sans-serif"
NO_AGREEMENT_DASH = "dot"
ERROR_COLOR = "rgb(110, 110, 110)"  # error bars: visible on dark and light bars alike

GRID = "rgb(230, 230, 230)"
INK = "rgb(34, 34, 34)"
# A lean theme written out in full (white background, light grid, large type) rather than a copy
# of plotly_white, whose trace defaults for every trace type are 7 KB of JSON; this, 1.3 KB. It is
# kept as a plotly template, but what each figure sends carries it written into its layout (see
# ``Figure``): a ``layout.template`` makes Plotly.react redraw a chart in full.
_AXIS = dict(gridcolor=GRID, linecolor=GRID, zerolinecolor="rgb(150, 150, 150)", zerolinewidth=1.5,
             ticks="", automargin=True, tickfont=dict(size=TICK_SIZE),
             title=dict(font=dict(size=FONT_SIZE), standoff=12))
TEMPLATE = go.layout.Template(layout=dict(
    font=dict(size=FONT_SIZE, family=FONT_FAMILY, color=INK),
    title=dict(font=dict(size=TITLE_SIZE), x=0.01, xanchor="left", xref="container", y=1.0, yanchor="top",
               yref="container", pad=dict(t=14)),
    colorway=list(SAFE),
    paper_bgcolor="white", plot_bgcolor="white",
    legend=dict(orientation="h", yanchor="top", y=-0.24, xanchor="left", x=0.0, font=dict(size=FONT_SIZE - 1)),
    hoverlabel=dict(font=dict(size=FONT_SIZE - 1)),
    margin=dict(l=70, r=30, t=95, b=110),
    xaxis=_AXIS, yaxis=_AXIS,
    height=HEIGHT,
))
# The theme as plain data, for what every figure sends; its axes (``_AXIS``) go to every axis.
_THEME = {k: v for k, v in TEMPLATE.layout.to_plotly_json().items() if k not in ("xaxis", "yaxis")}
_AXIS_KEY = re.compile(r"^[xy]axis\d*$")

EXPLORE_CHARTS = ("trust_reporting", "crimes", "removals", "safety_ledger", "frontier", "costs")
TABLE_CHARTS = EXPLORE_CHARTS + ("disparity",)
COST_SERIES = ("cost_officer_time", "cost_training", "cost_jail", "cost_liability", "reimbursement")

CONFIG = {"displaylogo": False, "responsive": True}  # Plotly's config, for every chart

# Plotly number formats (d3-format), not user-facing text.
FMT_PCT = ".1%"
FMT_INT = ",.0f"
FMT_USD = "$,.0f"
FMT_RATIO = ".2f"


# --------------------------------------------------------------------------- helpers
# A figure is built as plain data, ``{"data": [trace, ...], "layout": {...}}`` (a "spec"), and
# becomes a ``go.Figure`` once, in ``_finish``.
Spec = dict[str, Any]


def _frame(data) -> pd.DataFrame:
    """A table for display. pandas is imported here, on the first table built, not with the
    module: it adds ~0.15 s to the app's first page load, and tables are drawn on demand."""
    import pandas as pd

    return pd.DataFrame(data)


def rgba(color: str, alpha: float) -> str:
    """'rgb(r, g, b)' -> 'rgba(r, g, b, alpha)'."""
    inner = color[color.index("(") + 1: color.index(")")]
    return f"rgba({inner}, {alpha})"


def _fig(title: str, **layout) -> Spec:
    """A figure with no traces yet: the title and any other ``layout`` settings (the theme is
    added to what it sends: see ``Figure``)."""
    return {"data": [], "layout": dict(title=dict(text=wrap(title, TITLE_WRAP)), **layout)}


def _layout(fig: Spec, **updates) -> None:
    """Merge ``updates`` into the figure's layout, nested dicts key by key (like ``update_layout``):
    ``_layout(fig, xaxis=dict(title=dict(text="Years")))`` keeps the x axis's other settings."""
    _merge(fig["layout"], updates)


def _merge(into: dict, updates: dict) -> None:
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters at spaces (plotly's ``<br>``)."""
    words, lines, line = str(text).split(" "), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return "<br>".join(lines)


def _finish(fig: Spec, name: str) -> go.Figure:
    """The chart's one ``Figure``, made without validation (see the module docstring), with its
    margins and its data revision set. The figure keeps a deep copy of ``fig``: figures share
    nothing but their series' values (see ``Series``)."""
    fig["layout"]["uirevision"] = name  # keeps zoom and legend clicks across reruns
    fig["layout"]["margin"] = expected_margins(fig, HALF_WIDTH if name in TABLE_CHARTS else FULL_WIDTH)
    fig["layout"]["datarevision"] = data_revision(fig["data"])
    return Figure(fig, _validate=False)


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
    item = size * LINE + 3
    order = legend.get("traceorder") or ("grouped" if any(t.get("legendgroup") for t in data) else "normal")
    grouped = "grouped" in order
    blocks = [(max(_text_width(t, size) for t in g) + LEGEND_ITEM, len(g) * item)
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
    title = ((layout.get("xaxis") or {}).get("title") or {}).get("text")
    if title:
        room += (str(title).count("<br>") + 1) * FONT_SIZE * LINE + TITLE_PAD
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
            and legend.get("yanchor") == "top" and legend.get("y", 1) < 0:
        height = layout.get("height") or tmpl.height
        below = -legend["y"]  # the legend's top, in plot heights under the plot
        # The plot is (height - t - b) tall and the legend's top sits ``below`` of that under it:
        # b = below * (height - t - b) + the legend + a gap.
        lh = legend_height(data, legend, width - m["l"] - m["r"])
        need = (below * (height - m["t"]) + lh + LEGEND_BELOW) / (1 + below)
        m["b"] = max(m["b"], round(need) + SPARE)
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
                notes.append(dict(text=titles[k - 1], x=left + w / 2, y=top, xref="paper", yref="paper",
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


# --------------------------------------------------------------------------- 1 trust and reporting
def trust_reporting(res, tr) -> go.Figure:
    """Trust (top) and the reporting rate (bottom) over time, with vs without the agreement."""
    bands = _has_bands(res)
    fig = _grid_fig(tr("charts.trust_reporting.title"),
                    [tr("charts.trust_reporting.trust_panel"), tr("charts.trust_reporting.reporting_panel")],
                    rows=2, vgap=0.12, share_x=True, height=HEIGHT + 200, hovermode="x unified")
    for row, (imm, lat, fmt) in enumerate((("trust_immigrant", "trust_latino_citizen", ".2f"),
                                           ("reporting_rate_immigrant", "reporting_rate_latino_citizen", FMT_PCT)),
                                          start=1):
        first = row == 1
        if bands:
            _add_band(fig, res.series[imm], "with", tr, group="with", show_legend=first, row=row, col=1)
            _add_band(fig, res.series[lat], "latino", tr, group="latino", show_legend=False, row=row, col=1)
        _add_line(fig, res.series[imm].value, "with", tr("charts.legend.immigrant_with"), fmt=fmt,
                  group="with", show_legend=first, row=row, col=1)
        _add_line(fig, res.series[lat].value, "latino", tr("charts.legend.latino_with"), fmt=fmt,
                  group="latino", show_legend=first, row=row, col=1)
        _add_without(fig, res.baseline[imm].value, tr("charts.legend.without"), fmt=fmt,
                     show_legend=first, row=row, col=1)
    _layout(fig, yaxis=dict(title=dict(text=tr("charts.trust_reporting.trust_axis")), rangemode="tozero"),
            yaxis2=dict(title=dict(text=tr("charts.trust_reporting.reporting_axis")), tickformat=".0%",
                        rangemode="tozero"),
            xaxis2=dict(title=dict(text=tr("charts.axis.years"))))
    return _finish(fig, "trust_reporting")


# --------------------------------------------------------------------------- 2 crimes
CRIME_SERIES = (("crimes_reported", "reported"), ("crimes_unreported", "unreported"), ("crimes_cleared", "cleared"))


def crimes(res, tr) -> go.Figure:
    """Crimes reported, unreported and cleared each month, each against the no-agreement line."""
    bands = _has_bands(res)
    fig = _grid_fig(tr("charts.crimes.title"), [tr(f"charts.crimes.{m}") for _, m in CRIME_SERIES],
                    rows=3, vgap=0.09, share_x=True, height=HEIGHT + 260, hovermode="x unified")
    for row, (series, meaning) in enumerate(CRIME_SERIES, start=1):
        if bands:
            _add_band(fig, res.series[series], meaning, tr, group="band", show_legend=row == 1, row=row, col=1)
        _add_line(fig, res.series[series].value, meaning, tr(f"charts.legend.{meaning}"), fmt=FMT_INT,
                  row=row, col=1)
        _add_without(fig, res.baseline[series].value, tr("charts.legend.without"), fmt=FMT_INT,
                     show_legend=row == 1, row=row, col=1)
        fig["layout"]["yaxis" + _axis_id(row)]["tickformat"] = ",.0f"
    _layout(fig, yaxis2=dict(title=dict(text=tr("charts.crimes.axis"))),
            xaxis3=dict(title=dict(text=tr("charts.axis.years"))))
    return _finish(fig, "crimes")


# --------------------------------------------------------------------------- 3 removals
RECORDS = (("removals_serious", "serious"), ("removals_minor", "minor"), ("removals_none", "none"))


def _total(res, series: str) -> float:
    return float(np.sum(res.series[series].value))


def removals(res, tr) -> go.Figure:
    """Transfers over the horizon by record (stacked), beside the additional transfers, as horizontal
    bars with p5-p95 ranges."""
    cats = [wrap(tr("charts.removals.all"), LABEL_WRAP), wrap(tr("charts.removals.additional"), LABEL_WRAP)]
    fig = _fig(tr("charts.removals.title", years=res.years), barmode="stack")
    for series, meaning in RECORDS:
        fig["data"].append(dict(type="bar", y=[cats[0]], x=[_total(res, series)], orientation="h",
                                name=tr(f"charts.legend.{meaning}"), marker=dict(color=COLORS[meaning]), meta=meaning,
                                hovertemplate="%{x:,.0f}"))
    fig["data"].append(dict(type="bar", y=[cats[1]], x=[_total(res, "removals_additional")], orientation="h",
                            name=tr("charts.legend.additional"), marker=dict(color=COLORS["additional"]),
                            meta="additional", hovertemplate="%{x:,.0f}"))
    if _has_bands(res):
        vals, plus, minus = [], [], []
        for name in ("removals", "removals_additional"):
            o = res.outcomes[name]
            p, m = _err(o.value, o.p5, o.p95)
            vals.append(o.value), plus.append(p), minus.append(m)
        fig["data"].append(dict(type="scatter", y=cats, x=vals, mode="markers", name=tr("charts.legend.range"),
                                meta="net", marker=dict(color=COLORS["net"], size=9, symbol="line-ns-open"),
                                error_x=dict(type="data", array=plus, arrayminus=minus, color=COLORS["net"],
                                             thickness=2.5, width=10),
                                hovertemplate="%{x:,.0f}"))
    _layout(fig, yaxis=dict(autorange="reversed"),
            xaxis=dict(title=dict(text=tr("charts.removals.axis", years=res.years)), tickformat=",.0f",
                       rangemode="tozero"),
            legend=dict(traceorder="normal"))
    return _finish(fig, "removals")


# --------------------------------------------------------------------------- 4 safety ledger
def ledger_values(res) -> dict[str, tuple[float, float, float]]:
    """(value, p5, p95) of the ledger's terms, in crimes over the horizon (averted is negative).

    added = net change + averted: the crimes the agreement adds through lower reporting (more
    victimisation of people seen as unlikely to report), before removals avert some.
    """
    av = res.outcomes["crimes_averted"]
    net = res.outcomes["net_crime_change"]
    rec = res.outcomes["recorded_crime_change"]
    added = net.value + av.value
    s_net, s_av = res.samples.get("net_crime_change"), res.samples.get("crimes_averted")
    if _has_bands(res) and s_net is not None and s_av is not None and len(s_net) == len(s_av) > 1:
        a5, a95 = (float(v) for v in np.percentile(s_net + s_av, (5, 95)))
    else:
        a5 = a95 = added
    return {
        "averted": (-av.value, -av.p95, -av.p5),
        "added": (added, a5, a95),
        "net": (net.value, net.p5, net.p95),
        "recorded": (rec.value, rec.p5, rec.p95),
    }


LEDGER = ("averted", "added", "net", "recorded")


def safety_ledger(res, tr) -> go.Figure:
    """Crimes averted by removals against crimes added through lower reporting, netted."""
    vals = ledger_values(res)
    fig = _fig(tr("charts.safety_ledger.title", years=res.years))
    for key in LEDGER:
        v, lo, hi = vals[key]
        plus, minus = _err(v, lo, hi)
        label = tr(f"charts.safety_ledger.{key}")
        fig["data"].append(dict(
            type="bar", y=[wrap(label, LABEL_WRAP)], x=[v], orientation="h", name=label, meta=key,
            marker=dict(color=COLORS[key]),
            error_x=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR, thickness=3,
                         width=8, visible=_has_bands(res)),
            hovertemplate="%{x:+,.0f}", showlegend=False,
        ))
    _vline(fig, 0, "rgb(120,120,120)")
    _layout(fig, yaxis=dict(autorange="reversed"),
            xaxis=dict(title=dict(text=wrap(tr("charts.safety_ledger.axis", years=res.years), AXIS_WRAP)),
                       tickformat="+,.0f"))
    return _finish(fig, "safety_ledger")


# --------------------------------------------------------------------------- 5 frontier
def _frontier_data(data):
    """Accept a ``model.sweep.Frontier`` or a ``Results`` (then the sweep runs on its params)."""
    if hasattr(data, "multiplier"):
        return data
    from model import sweep
    from scenarios.files import frontier_presets

    return sweep.frontier(data.params, years=data.years, presets=frontier_presets())


def _preset_name(tr, point) -> str:
    key = f"preset.{point.key}.name"
    text = tr(key)
    return point.name if text.startswith("⟦") else text


def frontier(data, tr) -> go.Figure:
    """Reach (transfers, and additional transfers) against the reporting rate as intensity varies."""
    f = _frontier_data(data)
    fig = _fig(tr("charts.frontier.title"))
    pct = f.multiplier * 100  # a multiplier of the current staffing, or a share of the maximum
    hover = tr("charts.frontier.hover_" + f.basis)
    for series, meaning, dash in ((f.removals, "with", "solid"), (f.removals_additional, "additional", "dash")):
        fig["data"].append(dict(
            type="scatter", x=_r(series), y=_r(f.reporting), mode="lines", name=tr(f"charts.frontier.curve_{meaning}"),
            meta=meaning, line=dict(color=COLORS[meaning], width=LINE_WIDTH, dash=dash), customdata=_r(pct),
            hovertemplate=hover + "<br>%{x:,.0f} · %{y:.1%}<extra></extra>",
        ))
    _hline(fig, f.reporting_no_agreement, COLORS["without"], 2.5, NO_AGREEMENT_DASH)
    fig["data"].append(dict(type="scatter", x=[0], y=[f.reporting_no_agreement], mode="markers", meta="without",
                            name=tr("charts.legend.without"),
                            marker=dict(color=COLORS["without"], size=13, symbol="circle"),
                            hovertemplate="%{y:.1%}<extra></extra>"))
    # numbered markers (names would overlap); the legend maps numbers to names; presets on the
    # same point share one label ("3, 7")
    labels: dict[tuple, list[str]] = {}
    for j, p in enumerate(f.presets, start=1):
        labels.setdefault((round(p.removals, 6), round(p.reporting, 9)), []).append(str(j))
    for j, p in enumerate(f.presets, start=1):
        name = _preset_name(tr, p)
        same = labels[(round(p.removals, 6), round(p.reporting, 9))]
        text = ", ".join(same) if same[0] == str(j) else ""
        trace = dict(
            type="scatter", x=[p.removals], y=[p.reporting], mode="markers+text", text=[text],
            textposition="top center", textfont=dict(size=TICK_SIZE, color=COLORS["preset"]), meta="preset",
            legendgroup="presets", name=tr("charts.frontier.preset_item", n=j, name=name),
            marker=dict(color=COLORS["preset"], size=13, symbol="diamond", line=dict(color="white", width=1)),
            customdata=[name], hovertemplate="%{customdata}<br>%{x:,.0f} · %{y:.1%}<extra></extra>",
        )
        if j == 1:
            trace["legendgrouptitle"] = dict(text=tr("charts.frontier.presets"))
        fig["data"].append(trace)
    c = f.current
    fig["data"].append(dict(
        type="scatter", x=[c.removals, c.removals_additional], y=[c.reporting, c.reporting], mode="markers",
        name=tr("charts.frontier.current"), meta="current",
        marker=dict(color=COLORS["current"], size=20, symbol="star", line=dict(color="white", width=1.5)),
        hovertemplate="%{x:,.0f} · %{y:.1%}<extra></extra>",
    ))
    xmax = max([float(f.removals.max()), c.removals] + [p.removals for p in f.presets] + [1.0])
    ymax = max([float(f.reporting.max()), f.reporting_no_agreement] + [p.reporting for p in f.presets])
    _layout(fig, xaxis=dict(title=dict(text=tr("charts.frontier.x_axis", years=f.years)), tickformat=",.0f",
                            range=[-0.04 * xmax, 1.06 * xmax]),
            yaxis=dict(title=dict(text=tr("charts.frontier.y_axis")), tickformat=".0%", range=[0, 1.15 * ymax]),
            # the legend lists every preset: room for one line each when the chart sits in a narrow column
            height=HEIGHT + 26 * (len(f.presets) + 4), legend=dict(groupclick="toggleitem"))
    return _finish(fig, "frontier")


# --------------------------------------------------------------------------- 6 costs, disparity
def cost_totals(res) -> dict[str, float]:
    """USD over the horizon by component; reimbursement negative (money coming back)."""
    out = {name: _total(res, name) for name in COST_SERIES}
    out["reimbursement"] = -out["reimbursement"]
    return out


def costs(res, tr) -> go.Figure:
    """Local cost by component over the horizon (horizontal bars), reimbursement negative, the net."""
    totals = cost_totals(res)
    fig = _fig(tr("charts.costs.title", years=res.years))
    for name in COST_SERIES:
        label = tr(f"charts.costs.{name}")
        fig["data"].append(dict(type="bar", y=[wrap(label, LABEL_WRAP)], x=[totals[name]], orientation="h",
                                name=label, meta=name, marker=dict(color=COLORS[name]),
                                hovertemplate="%{x:$,.0f}<extra></extra>", showlegend=False))
    net = res.outcomes["cost_net_usd"]
    plus, minus = _err(net.value, net.p5, net.p95)
    label = tr("charts.costs.net")
    fig["data"].append(dict(type="bar", y=[wrap(label, LABEL_WRAP)], x=[net.value], orientation="h", name=label,
                            meta="net", marker=dict(color=COLORS["net"]),
                            error_x=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR,
                                         thickness=3, width=10, visible=_has_bands(res)),
                            hovertemplate="%{x:$,.0f}<extra></extra>", showlegend=False))
    _vline(fig, 0, "rgb(120,120,120)")
    _layout(fig, yaxis=dict(autorange="reversed"),
            xaxis=dict(title=dict(text=wrap(tr("charts.costs.axis", years=res.years), AXIS_WRAP)),
                       tickformat="$,.2s"))
    return _finish(fig, "costs")


def disparity(res, tr) -> go.Figure:
    """Latino / non-Latino stop-rate ratio with and without the agreement (1 = no disparity)."""
    o = res.outcomes["stop_disparity_ratio"]
    fig = _fig(tr("charts.disparity.title"))
    lw, lwo = tr("charts.legend.with"), tr("charts.legend.without")
    fig["data"].append(dict(type="bar", x=[lwo], y=[o.counterfactual], name=lwo, meta="without",
                            marker=dict(color=rgba(COLORS["without"], 0.55), pattern=dict(shape="."),
                                        line=dict(color=COLORS["without"], width=2)),
                            hovertemplate="%{y:.2f}×", showlegend=False))
    plus, minus = _err(o.value, o.p5, o.p95)
    fig["data"].append(dict(type="bar", x=[lw], y=[o.value], name=lw, meta="with", marker=dict(color=COLORS["with"]),
                            error_y=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR,
                                         thickness=3, width=10, visible=_has_bands(res)),
                            hovertemplate="%{y:.2f}×", showlegend=False))
    _hline(fig, 1.0, COLORS["parity"], 2, "dash")  # parity; the axis title says "1 = no disparity"
    _layout(fig, yaxis=dict(title=dict(text=tr("charts.disparity.axis")), rangemode="tozero"))
    return _finish(fig, "disparity")


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
        return df
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
        return _frame(data)
    if name == "removals":
        rows = [(tr(f"charts.legend.{m}"), _total(res, s)) for s, m in RECORDS]
        rows.append((tr("charts.removals.total"), res.outcomes["removals"].value))
        rows.append((tr("charts.legend.additional"), res.outcomes["removals_additional"].value))
        p5 = [np.nan] * 3 + [res.outcomes["removals"].p5, res.outcomes["removals_additional"].p5]
        p95 = [np.nan] * 3 + [res.outcomes["removals"].p95, res.outcomes["removals_additional"].p95]
        return _frame({col("item"): [r[0] for r in rows], col("value"): [r[1] for r in rows],
                             col("p5_short"): p5, col("p95_short"): p95})
    if name == "safety_ledger":
        vals = ledger_values(res)
        return _frame({
            col("item"): [tr(f"charts.safety_ledger.{k}") for k in LEDGER],
            col("value"): [vals[k][0] for k in LEDGER],
            col("p5_short"): [vals[k][1] for k in LEDGER],
            col("p95_short"): [vals[k][2] for k in LEDGER],
        })
    if name == "costs":
        totals = cost_totals(res)
        net = res.outcomes["cost_net_usd"]
        return _frame({
            col("item"): [tr(f"charts.costs.{k}") for k in COST_SERIES] + [tr("charts.costs.net")],
            col("usd"): [totals[k] for k in COST_SERIES] + [net.value],
            col("p5_short"): [np.nan] * len(COST_SERIES) + [net.p5],
            col("p95_short"): [np.nan] * len(COST_SERIES) + [net.p95],
        })
    # disparity
    o = res.outcomes["stop_disparity_ratio"]
    return _frame({
        col("item"): [tr("charts.legend.without"), tr("charts.legend.with")],
        col("ratio"): [o.counterfactual, o.value],
        col("p5_short"): [np.nan, o.p5],
        col("p95_short"): [np.nan, o.p95],
    })


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
                  years=f.years)
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


def lens(result, tr, names_order: list[str] | None = None) -> go.Figure:
    """The user's values-lens totals (0-100) as horizontal bars, best at the top.

    Scenario colours follow ``names_order`` (the order the scenarios were picked), so a scenario
    keeps its colour from the other compare charts.
    """
    order = names_order or [r.name for r in result.rows]
    fig = _fig(tr("charts.lens.title"))
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
                                                 unit=tr(f"param.{b.param}.unit")))),
            yaxis=dict(title=dict(text=_outcome_label(tr, b.outcome)), tickformat=fmt.replace("+", "")))
    return _finish(fig, "breakeven")


def breakeven_table(b, tr, curve) -> pd.DataFrame:
    """The break-even curve as a table: the parameter's value and the outcome there."""
    return _frame({
        tr("charts.breakeven.x_axis", param=_param_label(tr, b.param), unit=tr(f"param.{b.param}.unit")): curve.x,
        _outcome_label(tr, b.outcome): curve.y,
    })
