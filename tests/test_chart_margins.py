"""Chart margins (ui/charts/layout.py): each figure is given the margins it is expected to
need, estimated from its own text, so Plotly does not draw it twice."""
from __future__ import annotations

import pytest

from model import simulate
from scenarios.files import presets
from ui import charts
from ui.i18n import Translator


@pytest.fixture(scope="module")
def results():
    return {"evidence-central": simulate(presets()["evidence-central"].values(), draws=60, seed=3)}


# --------------------------------------------------------------------------- margins
def _bars(labels, **layout):
    """A bare spec: one horizontal bar per label (categories on the y axis)."""
    data = [dict(type="bar", orientation="h", y=[lab], x=[1.0], name=lab) for lab in labels]
    return {"data": data, "layout": dict(layout)}


def _lines(names, groups=None, **layout):
    data = [dict(type="scatter", mode="lines", y=[0, 1], name=n, **({"legendgroup": g} if g else {}))
            for n, g in zip(names, groups or [None] * len(names))]
    return {"data": data, "layout": dict(layout)}


def test_margins_start_from_the_theme_and_the_figures_own():
    theme = {k: charts.TEMPLATE.layout.margin[k] for k in "lrtb"}
    one_line = _lines(["only"])  # a single trace shows no legend
    m = charts.expected_margins(one_line)
    assert {k: m[k] for k in "lrt"} == {k: theme[k] for k in "lrt"}
    assert charts.expected_margins(_lines(["only"], margin=dict(t=140)))["t"] == 140
    assert charts.expected_margins(_lines(["only"], margin=dict(t=10)))["t"] == theme["t"]
    assert charts.expected_margins(_lines(["only"], margin=dict(b=150)))["b"] == 150


def test_bottom_margin_without_a_legend_fits_the_x_axis():
    line = charts.TICK_SIZE * charts.LINE + charts.TICK_PAD
    bare = charts.expected_margins(_lines(["only"]))["b"]
    assert bare == round(line) + charts.SPARE  # one line of tick labels, nothing else
    titled = charts.expected_margins(_lines(["only"], xaxis=dict(title=dict(text="Years"))))["b"]
    assert titled == round(line + charts.FONT_SIZE * charts.LINE + charts.TITLE_PAD) + charts.SPARE
    cols = [dict(type="bar", x=["No agreement", "With the<br>agreement"], y=[1, 2])]
    two_lines = charts.expected_margins({"data": cols, "layout": {}})["b"]
    assert two_lines == round(line + charts.TICK_SIZE * charts.LINE) + charts.SPARE
    assert bare < two_lines < charts.TEMPLATE.layout.margin.b  # the theme's leaves legend room


def test_left_margin_grows_with_the_longest_category_label():
    short = charts.expected_margins(_bars(["Jail", "Fees"]))["l"]
    long = charts.expected_margins(_bars(["Jail", "Time officers spend on transfers"]))["l"]
    wrapped = charts.expected_margins(_bars(["Jail", "Time officers spend<br>on transfers"]))["l"]
    assert short == charts.TEMPLATE.layout.margin.l  # fits the theme's margin
    assert long > wrapped > short  # only the longest line of a wrapped label counts
    assert long >= len("Time officers spend on transfers") * charts.TICK_SIZE * 0.44  # measured glyphs


def test_bottom_margin_grows_with_the_legend_rows():
    b = [charts.expected_margins(_lines([f"Series number {i}" for i in range(n)]))["b"] for n in (2, 4, 8)]
    assert b[0] < b[1] < b[2]
    no_legend = _lines(["a", "b"], showlegend=False)
    assert charts.expected_margins(no_legend)["b"] == charts.x_axis_room(no_legend) < b[0]


def test_legend_height_packs_items_as_plotly_does():
    size = charts.TEMPLATE.layout.legend.font.size
    row = size * charts.LINE + 3
    names = ["Reported to police", "Not reported", "Cleared by police"]
    item = max(charts._text_width(n, size) for n in names) + charts.LEGEND_ITEM
    legend = {"font": {"size": size}}
    ungrouped = _lines(names)["data"]
    one_row = charts.legend_height(ungrouped, legend, room=10 * item)
    one_each = charts.legend_height(ungrouped, legend, room=item)
    assert one_row == pytest.approx(row + charts.LEGEND_END)
    assert one_each == pytest.approx(3 * row + charts.LEGEND_END)
    # grouped: a group is a column of its items; groups side by side, rows LEGEND_GAP apart
    grouped = _lines(names, groups=["a", "a", "b"])["data"]
    assert charts.legend_height(grouped, legend, room=10 * item) == pytest.approx(2 * row + charts.LEGEND_END)
    assert charts.legend_height(grouped, legend, room=item) == pytest.approx(
        3 * row + charts.LEGEND_GAP + charts.LEGEND_END)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_explore_chart_gets_margins_at_least_the_themes(results, lang):
    """The theme's sides and top, and at the bottom at least what the x axis needs (more where
    a legend sits below the plot: see test_bottom_margin_grows_with_the_legend_rows)."""
    tr = Translator(lang)
    res = results["evidence-central"]
    theme = charts.TEMPLATE.layout.margin
    for name in ("trust_reporting", "crimes", "removals", "safety_ledger", "costs", "disparity"):
        fig = getattr(charts, name)(res, tr)
        m = fig.layout.margin
        assert all(m[k] >= theme[k] for k in "lrt"), name
        assert m.b >= charts.x_axis_room(fig.to_plotly_json()), name
