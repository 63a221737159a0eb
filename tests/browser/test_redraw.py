"""Streamlit's second draw of a chart must not redraw it in full.

Streamlit's Plotly element draws a chart it mounts (every slider move mounts each chart whose
figure changed), then, in an effect that runs on mount, draws it again with a JSON copy of the
same figure (``PlotlyChart``: ``useEffect(() => setFigure(copy), [id, theme])``). Plotly.react
recomputes the whole chart for that copy if its layout carries a template (a new object each
time), if a series is a typed array, or if it has no ``layout.datarevision`` (then every array
with a new identity counts as new data). ``ui/charts.py`` sends none of these, so the second
draw only restyles: the same ``calcdata`` (what Plotly computes from the data) is kept.

This runs Plotly.js itself (the plotly package's copy, the same major version Streamlit bundles)
on a blank page with each explore chart's figure as Streamlit sends it, and checks that a copy
keeps the chart's computed data, while a copy with another data revision, or with a template
added, does not (so the check can fail).
"""
from __future__ import annotations

import json
from pathlib import Path

import plotly
import pytest

from model import simulate
from model.scenario import presets
from ui import charts, state
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


@pytest.fixture(scope="module")
def sent_figures() -> dict[str, dict]:
    """Each explore chart (and the disparity chart) for one preset, as Streamlit sends it."""
    values = presets()["evidence-central"].values()
    res = simulate(values, draws=300, seed=1)
    frontier = state.cached_frontier(res.params, res.years)
    tr = Translator("en")
    return {name: json.loads(getattr(charts, name)(frontier if name == "frontier" else res, tr).to_json())
            for name in charts.TABLE_CHARTS}


def test_streamlits_second_draw_restyles_only(browser, sent_figures):
    console = ConsoleRecorder()
    context, page = new_page(browser, console)
    try:
        page.set_content('<div id="g" style="width: 430px"></div>')
        page.add_script_tag(path=str(PLOTLY_JS))
        for name, spec in sent_figures.items():
            kept = page.evaluate(_REDRAW_JS, spec)
            assert kept == {"copy": True, "new_revision": False, "template": False}, name
    finally:
        context.close()
    assert not console.unexpected()
