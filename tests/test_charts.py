"""Figure factories (ui/charts/): traces, titles, colours by meaning, tables and captions."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from model import simulate
from scenarios.files import presets
from ui import charts
from ui.i18n import MISSING, Translator

EN, ES = Translator("en"), Translator("es")
PRESETS = ("evidence-central", "no-agreement", "tfm-2025", "critics-case", "jem-targeted-safeguards")
DRAWS = 60


@pytest.fixture(scope="module")
def results():
    table = presets()
    return {stem: simulate(table[stem].values(), draws=DRAWS, seed=3) for stem in PRESETS}


@pytest.fixture(scope="module")
def central():
    return simulate()


def factories():
    return [getattr(charts, n) for n in charts.TABLE_CHARTS]


def _trace_color(t) -> str | None:
    """The colour a trace shows: line, marker or fill (first one set)."""
    for attr in ("line", "marker"):
        obj = getattr(t, attr, None)
        c = getattr(obj, "color", None) if obj is not None else None
        if isinstance(c, str):
            return c
    return getattr(t, "fillcolor", None)


def _values(v) -> np.ndarray:
    """A data array as numpy."""
    return np.asarray(v, dtype=float)


def _all_text(fig: go.Figure) -> str:
    parts = [fig.layout.title.text or ""]
    parts += [a.text or "" for a in fig.layout.annotations]
    for ax in ("xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3", "yaxis3"):
        obj = getattr(fig.layout, ax, None)
        if obj is not None and obj.title is not None:
            parts.append(obj.title.text or "")
    parts += [t.name or "" for t in fig.data]
    return " ".join(parts)


# ----------------------------------------------------------------------------- every factory
@pytest.mark.parametrize("stem", PRESETS)
@pytest.mark.parametrize("name", charts.TABLE_CHARTS)
def test_factory_returns_titled_figure(results, stem, name):
    fig = getattr(charts, name)(results[stem], EN)
    assert isinstance(fig, go.Figure)
    assert fig.data, "no traces"
    assert fig.layout.title.text and MISSING[0] not in _all_text(fig)
    sent = fig.to_dict()["layout"]  # what the browser gets: the one theme, written in
    assert sent["font"]["size"] == charts.FONT_SIZE and sent["font"]["size"] >= 14
    assert "template" not in sent


@pytest.mark.parametrize("name", charts.TABLE_CHARTS)
def test_no_webgl_traces(results, name):
    fig = getattr(charts, name)(results["evidence-central"], EN)
    assert not [t.type for t in fig.data if t.type.endswith("gl")]


def test_explore_contract():
    assert charts.EXPLORE_CHARTS == ("trust_reporting", "crimes", "removals", "safety_ledger", "frontier", "costs")
    for n in charts.EXPLORE_CHARTS + ("disparity",):
        assert callable(getattr(charts, n))


# ----------------------------------------------------------------------------- colours by meaning
def test_palette_is_safe():
    safe = set(charts.SAFE)
    for meaning, c in charts.COLORS.items():
        assert c in safe or c == "rgb(34, 34, 34)", meaning


def test_colours_consistent_by_meaning(results):
    """A meaning has one colour on every chart; within a chart, meanings do not share colours."""
    seen: dict[str, str] = {}
    for stem in ("evidence-central", "tfm-2025"):
        for name in charts.TABLE_CHARTS:
            fig = getattr(charts, name)(results[stem], EN)
            per_chart: dict[str, str] = {}
            for t in fig.data:
                if not t.meta:
                    continue
                c = _trace_color(t)
                meaning = t.meta
                if meaning.startswith("scenario"):
                    continue
                base = charts.COLORS[meaning]
                assert c in (base, charts.rgba(base, charts.BAND_ALPHA), charts.rgba(base, 0.55)), (name, meaning, c)
                seen.setdefault(meaning, base)
                per_chart[meaning] = base
            colours = list(per_chart.values())
            assert len(colours) == len(set(colours)), (name, per_chart)


def test_no_agreement_is_grey_and_dotted(results):
    for name in ("trust_reporting", "crimes"):
        fig = getattr(charts, name)(results["evidence-central"], EN)
        lines = [t for t in fig.data if t.meta == "without"]
        assert lines
        for t in lines:
            assert t.line.color == charts.COLORS["without"] and t.line.dash == charts.NO_AGREEMENT_DASH


def test_fan_bands_are_filled_scatter(results, central):
    fig = charts.trust_reporting(results["evidence-central"], EN)
    fills = [t for t in fig.data if t.type == "scatter" and t.fill == "tonexty"]
    assert len(fills) >= 4  # two groups x two panels
    # bands are shown by default (visible), and absent without draws
    assert all(t.visible in (None, True) for t in fills)
    fig0 = charts.trust_reporting(central, EN)
    assert not [t for t in fig0.data if t.fill == "tonexty"]


def test_band_matches_results(results):
    res = results["evidence-central"]
    fig = charts.trust_reporting(res, EN)
    upper = next(t for t in fig.data if t.meta == "with" and t.fill is None and t.line.width == 0)
    p95 = res.series["trust_immigrant"].p95
    assert np.allclose(_values(upper.y), p95, rtol=1e-4, atol=1e-4)  # 5 significant digits


# ----------------------------------------------------------------------------- numbers match results
def test_removals_bars_match(results):
    res = results["tfm-2025"]
    fig = charts.removals(res, EN)
    by = {t.meta: t for t in fig.data if t.type == "bar"}
    assert all(t.orientation == "h" for t in by.values())
    total = sum(by[m].x[0] for m in ("serious", "minor", "none"))
    assert total == pytest.approx(res.outcomes["removals"].value)
    assert by["additional"].x[0] == pytest.approx(res.outcomes["removals_additional"].value)


def test_safety_ledger_nets(results):
    for stem in PRESETS:
        res = results[stem]
        v = charts.ledger_values(res)
        assert v["averted"][0] + v["added"][0] == pytest.approx(v["net"][0])
        assert v["net"][0] == pytest.approx(res.outcomes["net_crime_change"].value)
        for key in charts.LEDGER:
            lo, hi = v[key][1], v[key][2]
            assert lo <= hi + 1e-9
        fig = charts.safety_ledger(res, EN)
        xs = {t.meta: t.x[0] for t in fig.data}
        assert xs["net"] == pytest.approx(res.outcomes["net_crime_change"].value)
        assert xs["averted"] == pytest.approx(-res.outcomes["crimes_averted"].value)


def test_costs_net_of_reimbursement(results):
    res = results["tfm-2025"]
    totals = charts.cost_totals(res)
    assert totals["reimbursement"] < 0  # 2025 terms pay task-force salaries
    assert sum(totals.values()) == pytest.approx(res.outcomes["cost_net_usd"].value, rel=1e-9)
    fig = charts.costs(res, EN)
    assert {t.meta for t in fig.data} >= set(charts.COST_SERIES) | {"net"}


def test_frontier_marks_current_and_presets(results):
    fig = charts.frontier(results["evidence-central"], EN)
    metas = [t.meta for t in fig.data]
    assert "current" in metas and "preset" in metas and "with" in metas and "additional" in metas
    from scenarios.files import PROGRAM_PRESETS

    pre = [t for t in fig.data if t.meta == "preset"]
    assert len(pre) == len(PROGRAM_PRESETS)  # one numbered marker per preset, named in the legend
    assert all(t.name.split(" · ")[0].isdigit() for t in pre)
    cur = next(t for t in fig.data if t.meta == "current")
    res = results["evidence-central"]
    assert cur.x[0] == pytest.approx(res.outcomes["removals"].value)
    assert cur.y[0] == pytest.approx(res.outcomes["reporting_rate_immigrant_end"].value)


# ----------------------------------------------------------------------------- tables and captions
@pytest.mark.parametrize("name", charts.TABLE_CHARTS)
@pytest.mark.parametrize("lang", ("en", "es"))
def test_table_and_caption_nonempty(results, name, lang):
    tr = Translator(lang)
    res = results["evidence-central"]
    df = charts.table(name, res, tr)
    assert isinstance(df, pd.DataFrame) and len(df) > 0 and len(df.columns) >= 2
    assert not any(MISSING[0] in str(c) for c in df.columns)
    cap = charts.caption(name, res, tr)
    assert cap and MISSING[0] not in cap and any(ch.isdigit() for ch in cap)
    assert "{" not in cap


def test_table_numbers_match_results(results):
    res = results["evidence-central"]
    df = charts.table("safety_ledger", res, EN)
    assert df.iloc[2, 1] == pytest.approx(res.outcomes["net_crime_change"].value)
    df = charts.table("trust_reporting", res, EN)
    assert df.iloc[-1, 1] == pytest.approx(res.series["trust_immigrant"].value[-1])
    assert len(df) == res.years
    df = charts.table("costs", res, EN)
    assert df.iloc[-1, 1] == pytest.approx(res.outcomes["cost_net_usd"].value)
    df = charts.table("disparity", res, EN)
    assert df.iloc[1, 1] == pytest.approx(res.outcomes["stop_disparity_ratio"].value)


def test_caption_states_the_numbers(results):
    res = results["evidence-central"]
    cap = charts.caption("removals", res, EN)
    assert EN.number(res.outcomes["removals"].value) in cap
    assert EN.number(res.outcomes["removals_additional"].value) in cap
    cap = charts.caption("trust_reporting", res, EN)
    assert EN.pct(res.outcomes["reporting_rate_immigrant_end"].value, 1) in cap
    cap = charts.caption("costs", res, EN)
    assert EN.usd(res.outcomes["cost_net_usd"].value) in cap


# ----------------------------------------------------------------------------- languages
@pytest.mark.parametrize("name", charts.TABLE_CHARTS)
def test_spanish_titles_differ(results, name):
    res = results["evidence-central"]
    en, es = getattr(charts, name)(res, EN), getattr(charts, name)(res, ES)
    assert en.layout.title.text != es.layout.title.text
    assert MISSING[0] not in _all_text(es)
    assert charts.caption(name, res, EN) != charts.caption(name, res, ES)


# ----------------------------------------------------------------------------- compare-page charts
@pytest.fixture(scope="module")
def comparison():
    from scenarios import compare

    table = presets()
    items = [(table[s].name, table[s].values()) for s in ("evidence-central", "tfm-2025", "no-agreement")]
    return compare.compare(items, "net_crime_change", draws=30, seed=1)


def test_compare_outcomes_one_colour_per_scenario(comparison):
    fig = charts.compare_outcomes(comparison, EN)
    for i, n in enumerate(comparison.names):
        bars = [t for t in fig.data if t.name == n]
        assert len(bars) == len(charts.COMPARE_OUTCOMES)
        assert {t.marker.color for t in bars} == {charts.scenario_color(i)}
    assert MISSING[0] not in _all_text(fig)


def test_compare_series_overlaid(comparison):
    named = [(n, simulate(comparison.results[n].params, draws=20)) for n in comparison.names]
    fig = charts.compare_series(named, "reporting_rate_immigrant", EN)
    lines = [t for t in fig.data if t.meta and t.meta.startswith("scenario") and t.fill is None and t.line.width]
    assert [t.name for t in lines] == comparison.names
    assert fig.layout.title.text != charts.compare_series(named, "reporting_rate_immigrant", ES).layout.title.text


def test_compare_series_table_matches(comparison):
    named = [(n, simulate(comparison.results[n].params)) for n in comparison.names]
    df = charts.compare_series_table(named, "trust_immigrant", ES)
    assert list(df.columns)[1:1 + len(named)] == comparison.names
    assert df.iloc[-1, 1] == pytest.approx(named[0][1].series["trust_immigrant"].value[-1])


def test_attribution_sorted_and_sums(comparison):
    fig = charts.attribution(comparison, EN, index=0)
    a = comparison.attribution[0]
    order = list(fig.layout.yaxis.categoryarray)[::-1]  # top first
    values = {}
    for t in fig.data:
        values.update(dict(zip(t.y, t.x)))
    shown = [values[label] for label in order if label in values]
    assert shown == sorted(shown, key=lambda v: -abs(v)) or len(a.contributions) > 8
    assert sum(values.values()) == pytest.approx(a.gap, rel=1e-6, abs=1e-6)
    df = charts.attribution_table(comparison, EN, 0)
    assert df.iloc[:, 1].sum() == pytest.approx(a.gap, rel=1e-6, abs=1e-6)


def test_lens_chart(comparison):
    from ui import values_lens

    inp = [(n, {o: r.value for o, r in comparison.outcomes[n].items()}) for n in comparison.names]
    result = values_lens.score(inp, values_lens.DEFAULT_WEIGHTS)
    fig = charts.lens(result, EN, list(comparison.names))
    assert [t.name for t in fig.data] == result.order()
    assert fig.layout.title.text != charts.lens(result, ES).layout.title.text


def test_wrap_breaks_long_text_at_spaces():
    assert charts.wrap("one two three four", 9) == "one two<br>three<br>four"
    assert charts.wrap("short", 20) == "short"
    fig = charts.trust_reporting(simulate(), EN)
    assert all(len(line) <= charts.TITLE_WRAP for line in fig.layout.title.text.split("<br>"))


def test_fmt_outcome():
    assert charts.fmt_outcome(EN, "reporting_rate_immigrant_end", 0.2233) == "22.3%"
    assert charts.fmt_outcome(EN, "cost_net_usd", 4_859_022) == "$4.9M"
    assert charts.fmt_outcome(EN, "net_crime_change", 1234.4, signed=True) == "+1,234"
    assert "puntos" in charts.fmt_outcome(ES, "reporting_rate_immigrant_end", -0.05, signed=True)


# ----------------------------------------------------------------------------- drivers-page charts
@pytest.fixture(scope="module")
def tornado_result():
    from model import sensitivity

    return sensitivity.tornado(None, "net_crime_change")


def test_tornado_sorted_by_swing(tornado_result):
    fig = charts.tornado(tornado_result, EN)
    assert [t.meta for t in fig.data] == ["low", "high"]
    assert all(t.orientation == "h" for t in fig.data)
    top_first = list(fig.layout.yaxis.categoryarray)[::-1]
    low, high = fig.data
    swing = {y: abs(h - l) for y, l, h in zip(low.y, low.x, high.x)}
    swings = [swing[y] for y in top_first]
    assert swings == sorted(swings, reverse=True)
    assert len(top_first) == min(charts.TORNADO_TOP, len(tornado_result.bars))
    # bars start at the base value and end at the outcome at each end
    b0 = max(tornado_result.bars, key=lambda b: b.swing)
    i = list(low.y).index(top_first[0])
    assert low.base[i] + low.x[i] == pytest.approx(b0.outcome_low)
    assert high.base[i] + high.x[i] == pytest.approx(b0.outcome_high)
    assert fig.layout.title.text != charts.tornado(tornado_result, ES).layout.title.text
    df = charts.tornado_table(tornado_result, EN)
    assert len(df) == len(tornado_result.bars) and df.iloc[0, -1] == pytest.approx(b0.swing)


def test_sobol_chart_and_table():
    from model import sensitivity

    g = sensitivity.global_sensitivity(None, "reporting_rate_immigrant_end", samples=64)
    fig = charts.sobol(g, EN)
    assert {t.meta for t in fig.data} == {"first_order", "total_order"}
    st_trace = next(t for t in fig.data if t.meta == "total_order")
    top_first = list(fig.layout.yaxis.categoryarray)[::-1]
    assert top_first[0] == st_trace.y[0]
    assert not [t for t in fig.data if t.type.endswith("gl")]
    df = charts.sobol_table(g, ES)
    assert len(df) == len(g.indices)
    m = sensitivity.global_sensitivity(None, "reporting_rate_immigrant_end", method="morris", samples=8)
    assert charts.sobol(m, EN).data[0].meta == "first_order"


def test_breakeven_chart_marks_crossing_and_current():
    from model import sensitivity, sweep

    b = sensitivity.breakeven(None, "trust_erosion", "net_crime_change")
    curve = sweep.param_curve(None, "trust_erosion", "net_crime_change")
    fig = charts.breakeven(b, EN, curve)
    metas = [t.meta for t in fig.data]
    assert "with" in metas and "current" in metas and ("preset" in metas) == bool(b.crossings)
    cur = next(t for t in fig.data if t.meta == "current")
    assert cur.x[0] == pytest.approx(b.given) and cur.y[0] == pytest.approx(b.at_given)
    assert curve.at_given == pytest.approx(b.at_given)
    assert charts.breakeven(b, EN).data  # works without a curve too
    df = charts.breakeven_table(b, ES, curve)
    assert len(df) == len(curve.x) and df.iloc[0, 1] == pytest.approx(curve.y[0])


def test_user_scenario_names_are_shown_literally():
    """Scenario names come from users' files: plotly must not read them as HTML."""
    res = simulate(draws=0)
    fig = charts.compare_series([("<b>x</b><a href='javascript:alert(1)'>y</a>", res), ("B", res)],
                                "trust_immigrant", EN)
    names = [t.name for t in fig.data if t.name and t.meta and t.meta.startswith("scenario")]
    assert names[0].startswith("&lt;b&gt;") and "<a" not in names[0]


# ----------------------------------------------------------------------------- valid plotly, lean arrays
# The figures are built as plain dicts and made into a go.Figure without plotly's validation (it
# costs several ms a figure). These tests are where that validation happens instead: a misspelt
# property or a bad value in any chart fails here.
@pytest.fixture(scope="module")
def drivers_results(tornado_result):
    from model import sensitivity, sweep

    return {
        "tornado": tornado_result,
        "sobol": sensitivity.global_sensitivity(None, "reporting_rate_immigrant_end", samples=64),
        "morris": sensitivity.global_sensitivity(None, "reporting_rate_immigrant_end", method="morris", samples=8),
        "breakeven": sensitivity.breakeven(None, "trust_erosion", "net_crime_change"),
        "curve": sweep.param_curve(None, "trust_erosion", "net_crime_change"),
    }


@pytest.fixture(scope="module")
def named_series(comparison):
    """(name, results) per compared scenario: with bands, and without (draws=0)."""
    return {
        "bands": [(n, simulate(comparison.results[n].params, draws=20)) for n in comparison.names],
        "plain": [(n, simulate(comparison.results[n].params)) for n in comparison.names],
    }


EXPLORE_INPUTS = ("evidence-central", "no-agreement", "draws0")  # with bands, program off, no bands
OTHER_FIGURES = ("compare_outcomes", "compare_outcomes_some", "compare_series", "compare_series_plain",
                 "attribution", "lens", "tornado", "sobol", "morris", "breakeven", "breakeven_no_curve")


def _other_figure(case, tr, comparison, named_series, drivers_results) -> go.Figure:
    from ui import values_lens

    d = drivers_results
    if case == "compare_outcomes":
        return charts.compare_outcomes(comparison, tr)
    if case == "compare_outcomes_some":
        return charts.compare_outcomes(comparison, tr, ["removals", "cost_net_usd", "trust_immigrant_end"])
    if case.startswith("compare_series"):
        named = named_series["plain" if case.endswith("plain") else "bands"]
        return charts.compare_series(named, "reporting_rate_immigrant", tr)
    if case == "attribution":
        return charts.attribution(comparison, tr, index=0)
    if case == "lens":
        inp = [(n, {o: r.value for o, r in comparison.outcomes[n].items()}) for n in comparison.names]
        return charts.lens(values_lens.score(inp, values_lens.DEFAULT_WEIGHTS), tr, list(comparison.names))
    if case in ("tornado", "sobol", "morris"):
        return getattr(charts, "sobol" if case == "morris" else case)(d[case], tr)
    return charts.breakeven(d["breakeven"], tr, None if case.endswith("no_curve") else d["curve"])


def _assert_valid_plotly(fig: go.Figure) -> None:
    """Plotly's full validation accepts the figure and changes nothing in it."""
    sent = fig.to_dict()
    checked = go.Figure(sent)  # validates every property: raises on a typo or a bad value
    again = checked.to_dict()
    again["layout"].pop("template")  # plotly's default, which go.Figure adds
    assert again == sent
    json.dumps(sent)  # plain JSON data throughout (no numpy scalars left unconverted)


@pytest.mark.parametrize("lang", ("en", "es"))
@pytest.mark.parametrize("inp", EXPLORE_INPUTS)
@pytest.mark.parametrize("name", charts.TABLE_CHARTS)
def test_explore_figures_are_valid_plotly(results, central, name, inp, lang):
    res = central if inp == "draws0" else results[inp]
    _assert_valid_plotly(getattr(charts, name)(res, Translator(lang)))


@pytest.mark.parametrize("lang", ("en", "es"))
@pytest.mark.parametrize("case", OTHER_FIGURES)
def test_compare_and_drivers_figures_are_valid_plotly(comparison, named_series, drivers_results, case, lang):
    _assert_valid_plotly(_other_figure(case, Translator(lang), comparison, named_series, drivers_results))


def test_validity_check_catches_a_misspelt_property(results):
    fig = charts.costs(results["evidence-central"], EN)
    spec = fig.to_dict()
    spec["data"][0]["marker"]["colour"] = spec["data"][0]["marker"].pop("color")
    with pytest.raises(ValueError, match="colour"):
        _assert_valid_plotly(go.Figure(spec, _validate=False))


def test_series_are_plain_rounded_numbers(results, central, named_series):
    """Every curve goes out as plain numbers, rounded to five significant digits of its largest
    value, never as a typed array (Plotly.react redraws a chart in full for one: see
    ``test_streamlits_second_draw_restyles_only`` in the browser tests); monthly curves give
    their x as a start and a step."""
    res = results["evidence-central"]
    figs = [charts.trust_reporting(res, EN), charts.crimes(res, EN), charts.trust_reporting(central, EN),
            charts.frontier(res, EN), charts.compare_series(named_series["bands"], "trust_immigrant", EN)]
    for fig in figs:
        name = fig.layout.uirevision
        lines = [t for t in fig.data if t.mode == "lines"]
        assert lines, name
        monthly = name != "frontier"  # over time: x is months, given as a start and a step
        for t in lines:
            for axis in ("y",) if monthly else ("x", "y"):
                assert isinstance(t[axis], tuple) and all(isinstance(v, float) for v in t[axis]), (name, axis)
            if monthly:
                assert t.x is None and t.x0 == pytest.approx(1 / 12) and t.dx == pytest.approx(1 / 12), name
                assert len(t.y) == res.months, name
        assert "bdata" not in fig.to_json(), name
    y = res.series["trust_immigrant"].value
    sent = charts._r(y)
    assert sent == pytest.approx(y, rel=0, abs=10 ** (np.floor(np.log10(np.max(np.abs(y)))) - 4) / 2 + 1e-12)
    assert charts._r(np.array([1234.5678, 2.0])) == [1234.6, 2.0]  # 5 digits of the largest value
    assert charts._r(np.array([0.0, 0.0])) == [0.0, 0.0]
    upper = next(t for t in figs[0].data if t.meta == "with" and t.fill is None)
    assert np.allclose(_values(upper.y), res.series["trust_immigrant"].p95, rtol=1e-4)


def test_figures_are_sent_with_the_theme_written_in_and_a_data_revision(results):
    """What the browser gets carries the theme in its own layout (every axis styled, as the
    template did) and no template, and a data revision that follows the data: the same for the
    same data (an unchanged chart's spec stays the same), another for other data."""
    res, other = results["evidence-central"], results["tfm-2025"]
    for name in charts.TABLE_CHARTS:
        fig = getattr(charts, name)(res, EN)
        sent = fig.to_dict()["layout"]
        assert "template" not in sent and "template" not in json.loads(fig.to_json())["layout"], name
        axes = [k for k in sent if k[1:5] == "axis"]
        assert {"xaxis", "yaxis"} <= set(axes), name
        for k in axes:
            assert sent[k]["gridcolor"] == charts.GRID and sent[k]["tickfont"]["size"] == charts.TICK_SIZE, (name, k)
        assert sent["paper_bgcolor"] == "white" and sent["legend"]["orientation"] == "h", name
        again = getattr(charts, name)(res, EN)
        assert again.layout.datarevision == fig.layout.datarevision and again.to_json() == fig.to_json(), name
        assert getattr(charts, name)(other, EN).layout.datarevision != fig.layout.datarevision, name
    # the figure's own settings win over the theme's
    fig = charts.trust_reporting(res, EN)
    own = fig.layout.margin.to_plotly_json()
    assert fig.to_dict()["layout"]["margin"] == own != charts.TEMPLATE.layout.margin.to_plotly_json()


def test_figures_share_no_state(results):
    """Every chart starts from the same theme dict: changing one figure, or what it sends, must
    not change the next (go.Figure deep-copies the spec it is given, validated or not; only a
    series' values are shared, and nothing changes them)."""
    res = results["evidence-central"]
    a = charts.trust_reporting(res, EN)
    sent = a.to_dict()
    sent["layout"]["font"]["size"] = 5
    sent["layout"]["xaxis"]["gridcolor"] = "red"
    a.data[0].line.color = "red"
    b = charts.trust_reporting(res, EN)
    assert b.to_dict()["layout"]["font"]["size"] == charts.FONT_SIZE
    assert b.to_dict()["layout"]["xaxis"]["gridcolor"] == charts.GRID
    assert b.data[0].line.color == charts.COLORS["with"]
    assert charts.TEMPLATE.layout.font.size == charts.FONT_SIZE
