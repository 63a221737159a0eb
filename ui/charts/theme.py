"""The charts' look: the colour-blind-safe palette mapped to meanings (``COLORS``), the
theme (``TEMPLATE``), sizes, number formats, and the small helpers every builder uses to write a
figure as plain data (``_fig``, ``_layout``, ``wrap``). See the package docstring."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

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
# Characters per title line: a chart is ~350 px wide on a 390 px phone and in a half-width column on
# a laptop (~450 px); 34 characters of the 20 px title font take at most ~320 px in chromium.
TITLE_WRAP = 34
LEGEND_WRAP = 26  # characters per line of a long legend item: ~290 px of the 16 px legend font
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
    # The legend sits at the figure's bottom edge (container coordinates), under the x axis's
    # room (the bottom margin holds both: ``expected_margins``), so the axis's labels never run
    # over it however narrow the chart (a legend placed in plot heights under the plot moved up
    # into the axis title when a phone's taller legend squeezed the plot).
    legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.0, xanchor="left", x=0.0,
                font=dict(size=FONT_SIZE - 1)),
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


