"""Streamlit's second draw of a chart must not redraw it in full.

Streamlit's Plotly element draws a chart it mounts (every slider move mounts each chart whose
figure changed), then, in an effect that runs on mount, draws it again with a JSON copy of the
same figure (``PlotlyChart``: ``useEffect(() => setFigure(copy), [id, theme])``). Plotly.react
recomputes the whole chart for that copy if its layout carries a template (a new object each
time), if a series is a typed array, or if it has no ``layout.datarevision`` (then every array
with a new identity counts as new data). ``ui/charts/`` sends none of these, so the second
draw only restyles: the same ``calcdata`` (what Plotly computes from the data) is kept.

This runs Plotly.js itself (the plotly package's copy, the same major version Streamlit bundles)
on a blank page with every kind of chart's figure as Streamlit sends it, and checks that a copy
keeps the chart's computed data, while a copy with another data revision, or with a template
added, does not (so the check can fail). It also checks that the theme written into each figure
draws the chart exactly as the same theme given as a template does.
"""
from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from model import simulate
from scenarios.files import presets
from ui import charts, results
from ui.i18n import Translator

from .helpers import ConsoleRecorder, new_page

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# newPlot, then react with JSON copies the way Streamlit makes them: did Plotly keep calcdata?
_REDRAW_JS = """
async (spec) => {
  const gd = document.getElementById('g');
  const config = {displaylogo: false, responsive: true};
  const copy = (extra) => { const f = JSON.parse(JSON.stringify(spec)); extra(f.layout); return f; };
  await Plotly.newPlot(gd, spec.data, spec.layout, config);
  const out = {};
  for (const [name, extra] of [
      ['copy', () => {}],
      ['new_revision', (l) => { l.datarevision = 'other'; }],
      ['template', (l) => { l.template = {}; }]]) {
    const before = gd.calcdata;
    const f = copy(extra);
    await Plotly.react(gd, f.data, f.layout, config);
    out[name] = gd.calcdata === before;
    const back = copy(() => {});  // the original figure again, for the next case
    await Plotly.react(gd, back.data, back.layout, config);
  }
  Plotly.purge(gd);
  return out;
}
"""


# The layout Plotly drew for each of two figures, as flat "path: value" pairs (what differs).
_FULL_LAYOUT_JS = """
async ([a, b]) => {
  const flat = (o, path, out) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) { out[path] = JSON.stringify(o); return out; }
    for (const k of Object.keys(o)) {
      if (k.startsWith('_') || typeof o[k] === 'function' || ['template', 'datarevision'].includes(k)) continue;
      flat(o[k], path ? path + '.' + k : k, out);
    }
    return out;
  };
  const drawn = async (spec) => {
    const gd = document.getElementById('g');
    await Plotly.newPlot(gd, spec.data, spec.layout, {});
    const out = flat(gd._fullLayout, '', {});
    Plotly.purge(gd);
    return out;
  };
  const [x, y] = [await drawn(a), await drawn(b)];
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .filter((k) => x[k] !== y[k]).map((k) => `${k}: ${x[k]} / ${y[k]}`);
}
"""


@pytest.fixture(scope="module")
def figures() -> dict:
    """Every kind of chart: each explore chart (and the disparity chart) for one preset, and the
    compare and drivers pages' charts."""
    from model import sensitivity, sweep
    from scenarios import compare
    from ui import values_lens

    table = presets()
    res = simulate(table["evidence-central"].values(), draws=300, seed=1)
    frontier = results.cached_frontier(res.params, res.years)
    tr = Translator("en")
    out = {name: getattr(charts, name)(frontier if name == "frontier" else res, tr)
           for name in charts.TABLE_CHARTS}
    items = [(table[s].name, table[s].values()) for s in ("evidence-central", "tfm-2025")]
    comp = compare.compare(items, "net_crime_change", draws=30, seed=1)
    scores = values_lens.score([(n, {o: r.value for o, r in comp.outcomes[n].items()}) for n in comp.names],
                               values_lens.DEFAULT_WEIGHTS)
    out.update(
        compare_outcomes=charts.compare_outcomes(comp, tr),
        compare_series=charts.compare_series([(n, simulate(comp.results[n].params, draws=20)) for n in comp.names],
                                             "reporting_rate_immigrant", tr),
        attribution=charts.attribution(comp, tr, index=0),
        lens=charts.lens(scores, tr, list(comp.names)),
        tornado=charts.tornado(sensitivity.tornado(None, "net_crime_change"), tr),
        sobol=charts.sobol(sensitivity.global_sensitivity(None, "reporting_rate_immigrant_end", samples=64), tr),
        breakeven=charts.breakeven(sensitivity.breakeven(None, "trust_erosion", "net_crime_change"), tr,
                                   sweep.param_curve(None, "trust_erosion", "net_crime_change")),
    )
    return out


@pytest.fixture
def plotly_page(browser):
    """A blank page with Plotly.js and one 430 px wide plot div; fails on a console error."""
    console = ConsoleRecorder()
    context, page = new_page(browser, console)
    try:
        page.set_content('<div id="g" style="width: 430px"></div>')
        page.add_script_tag(path=str(PLOTLY_JS))
        yield page
    finally:
        context.close()
    assert not console.unexpected()


def test_streamlits_second_draw_restyles_only(plotly_page, figures):
    for name, fig in figures.items():
        kept = plotly_page.evaluate(_REDRAW_JS, json.loads(fig.to_json()))
        assert kept == {"copy": True, "new_revision": False, "template": False}, name


def test_the_theme_written_in_draws_as_the_template_did(plotly_page, figures):
    """Written into a figure, a grid or line colour also switches that line on, which a
    template's does not (``charts._theme`` sets the switches): the chart must come out the same."""
    for name, fig in figures.items():
        sent = json.loads(fig.to_json())
        own = go.Figure.to_dict(fig)  # the figure itself, without the theme written in
        own["layout"]["template"] = charts.TEMPLATE
        templated = json.loads(pio.to_json(own, validate=False))
        assert plotly_page.evaluate(_FULL_LAYOUT_JS, [sent, templated]) == [], name
