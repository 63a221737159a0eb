"""The chart builders' layout choices for a phone and a projector, the text alternatives'
numbers, and the page-wide pieces of ui/screen.py (issue 15, part B1). Pure functions: no
browser (tests/browser/test_screens.py checks the same in Chromium at four widths)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from model import simulate
from scenarios.files import presets
from ui import charts, screen
from ui.i18n import Translator

EN, ES = Translator("en"), Translator("es")


@pytest.fixture(scope="module")
def res():
    return simulate(presets()["jem-universal"].values(), draws=40, seed=1)


def _legend_texts(fig) -> list[str]:
    out = []
    for t in fig.data:
        if t.showlegend is False:
            continue
        out.append(t.name or "")
        if t.legendgrouptitle and t.legendgrouptitle.text:
            out.append(t.legendgrouptitle.text)
    return out


def test_trust_chart_compares_each_group_with_its_own_no_agreement_line(res):
    """The Latino citizens' line is drawn against their own no-agreement baseline (higher
    than the immigrants'), in both panels, and each baseline is labelled."""
    fig = charts.trust_reporting(res, EN)
    without = [t for t in fig.data if t.meta == "without"]
    for imm, lat, axis in (("trust_immigrant", "trust_latino_citizen", "y"),
                           ("reporting_rate_immigrant", "reporting_rate_latino_citizen", "y2")):
        drawn = [np.asarray(t.y) for t in without if (t.yaxis or "y") == axis]
        for series in (imm, lat):
            base = res.baseline[series].value
            assert any(np.allclose(d, base, rtol=1e-3) for d in drawn), (series, axis)
    assert res.baseline["reporting_rate_latino_citizen"].value[-1] > \
        res.baseline["reporting_rate_immigrant"].value[-1]  # the two baselines differ
    labels = [a.text for a in fig.layout.annotations]
    for who in ("immigrant", "latino"):
        assert labels.count(EN(f"charts.trust_reporting.{who}_baseline")) == 2  # one per panel


@pytest.mark.parametrize("tr", [EN, ES], ids=["en", "es"])
def test_explore_titles_and_legends_fit_a_phone(res, tr):
    """Titles, subplot titles and legend items break into lines short enough for a ~350 px
    chart on a 390 px phone (Spanish included)."""
    for name in charts.TABLE_CHARTS:
        fig = getattr(charts, name)(res, tr)
        title_lines = fig.layout.title.text.split("<br>")
        assert all(len(line) <= charts.TITLE_WRAP for line in title_lines), (name, title_lines)
        for note in fig.layout.annotations:
            if note.xref == "paper" and note.yref == "paper":  # subplot titles
                assert all(len(x) <= charts.TITLE_WRAP for x in note.text.split("<br>")), note.text
        for text in _legend_texts(fig):
            # a single word longer than the width cannot be broken; none is in the catalogs
            assert all(len(line) <= charts.LEGEND_WRAP for line in text.split("<br>")), (name, text)


def test_the_legend_sits_under_the_axis_room(res):
    """The legend is anchored to the figure's foot, and the bottom margin holds the x axis's
    labels and title and the legend, so neither runs over the other."""
    layout = charts.TEMPLATE.layout.legend
    assert (layout.yref, layout.yanchor, layout.y) == ("container", "bottom", 0)
    for name in ("trust_reporting", "crimes", "removals", "frontier"):
        fig = getattr(charts, name)(res, ES)
        spec = fig.to_plotly_json()
        legend = {**charts.TEMPLATE.layout.legend.to_plotly_json(), **(spec["layout"].get("legend") or {})}
        lh = charts.legend_height(spec["data"], legend, charts.HALF_WIDTH - fig.layout.margin.l)
        assert fig.layout.margin.b >= charts.x_axis_room(spec) + lh, name


def test_frontier_labels_are_legible_and_spread():
    """Preset numbers on the trade-off chart are in the ink colour (not the pink markers'), and
    numbers of nearby markers go to different sides."""
    pos = charts.label_positions([(0.5, 0.5), (0.52, 0.51), (0.51, 0.49), (0.9, 0.1), (0.5, 0.5)])
    assert pos[0] != pos[1] and pos[2] not in (pos[0], pos[1])
    assert pos[3] == "top center"  # alone
    assert pos[4] == pos[0]  # the same point shares its label
    res = simulate()
    fig = charts.frontier(res, EN)
    pre = [t for t in fig.data if t.meta == "preset"]
    assert pre and all(t.textfont.color == charts.INK for t in pre)
    assert all(t.showlegend is False for t in pre)  # keyed in the caption instead
    cap = charts.caption("frontier", res, EN)
    for j, t in enumerate(pre, start=1):
        assert t.name in cap and t.name.startswith(f"{j} · ")


def test_text_tables_write_numbers_as_the_captions_do(res):
    """The data tables shown as the charts' text alternative: whole counts, percentages, two
    decimals for an index or ratio, a dash (not "None" or "nan") for a missing range, and the
    crimes averted as the caption writes them."""
    raw_float = re.compile(r"^-?\d+\.\d{3,}$")
    for tr in (EN, ES):
        for name in charts.TABLE_CHARTS:
            df = charts.text_table(name, res, tr)
            cells = [str(x) for col in df.columns for x in df[col]]
            assert not [c for c in cells if raw_float.match(c)], name
            assert not {"None", "nan", "NaN"} & set(cells), name
    df = charts.text_table("crimes", res, EN)
    assert df.iloc[0, 1] == EN.number(res.series["crimes_reported"].value[11])  # "1,387", not 1386.6
    ledger = charts.text_table("safety_ledger", res, EN)
    averted = -res.outcomes["crimes_averted"].value
    assert ledger.iloc[0, 1] == EN.signed(averted)
    assert EN.number(-averted) in charts.caption("safety_ledger", res, EN)
    removals = charts.text_table("removals", res, EN)
    assert removals.iloc[0, 2] == "—"  # no range for a record group
    trust = charts.text_table("trust_reporting", res, ES)
    assert trust.iloc[-1, 1] == ES.number(res.series["trust_immigrant"].value[-1], 2)
    assert trust.iloc[0, 5].endswith("%")  # the reporting rate as a percentage


def test_scaled_figure_enlarges_type_height_and_margins(res):
    fig = charts.trust_reporting(res, EN)
    plain, big = fig.to_dict(), charts.scaled(fig, 1.5).to_dict()
    assert big["layout"]["font"]["size"] == pytest.approx(1.5 * plain["layout"]["font"]["size"])
    assert big["layout"]["height"] == round(1.5 * plain["layout"]["height"])
    assert big["layout"]["margin"]["b"] == round(1.5 * plain["layout"]["margin"]["b"])
    assert big["layout"]["xaxis"]["tickfont"]["size"] == pytest.approx(1.5 * plain["layout"]["xaxis"]["tickfont"]["size"])
    for a, b in zip(plain["layout"]["annotations"], big["layout"]["annotations"]):
        if "size" in (a.get("font") or {}):
            assert b["font"]["size"] == pytest.approx(1.5 * a["font"]["size"])
    assert big["data"][0]["y"] == plain["data"][0]["y"]  # the data unchanged
    assert charts.PRESENT_SCALE * charts.FONT_SIZE >= 24  # a projector's text, not 17 px


def test_plotly_config_in_spanish():
    es, en = screen.plotly_config("es"), screen.plotly_config("en")
    assert es["locale"] == "es" and "Download plot as a png" in es["locales"]["es"]["dictionary"]
    assert "locale" not in en and en["displaylogo"] is False
    assert screen.plotly_config("es", displayModeBar=False)["displayModeBar"] is False


def test_screen_markup_is_escaped_and_targets_the_results():
    assert 'id="results"' in screen.notice_html("A <b> & c")
    assert "&lt;b&gt;" in screen.notice_html("A <b> & c")
    assert 'href="#results"' in screen.skip_link("Skip")
    live = screen.live_html("Now", [("Transfers <ICE>", "4,800")])
    assert "&lt;ICE&gt;" in live and "4,800" in live
    css = screen.style('Saltar "al" contenido')
    assert 'content:"Saltar \\"al\\" contenido"' in css
    assert screen.style(None) == screen.STYLE
