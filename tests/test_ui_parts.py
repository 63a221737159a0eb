"""UI parts tested without running the app: the report, the shared result cache
(ui/results.py), the explore page's shared figures and the actions' scenario files."""
from __future__ import annotations

import numpy as np
import pytest

import model
from scenarios import files as scenario
from ui import actions
from ui.i18n import Translator


# ----------------------------------------------------------------------------- pure helpers
def test_report_is_self_contained_and_escapes_user_text():
    from ui import report

    res = model.simulate(draws=20)
    html = report.build(Translator("en"), res, name='<script>alert("x")</script>', link="javascript:alert(1)")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html  # only http(s) links become links
    assert "<script" not in html.lower() and "https://cdn" not in html  # charts are images
    assert model.MODEL_VERSION in html
    assert Translator("en")("app.not_a_forecast") in html


def test_cached_simulate_key_ignores_dict_order():
    from ui import state

    a = model.defaults()
    b = dict(reversed(list(a.items())))
    assert state.freeze(a) == state.freeze(b)


def test_shared_results_are_read_only():
    """Cached results are shared by every session: an in-place write must fail loudly."""
    from ui import results

    res = results.cached_simulate(model.defaults(), draws=20, years=2)
    assert results.cached_simulate(model.defaults(), draws=20, years=2) is res
    band = next(iter(res.series.values()))
    with pytest.raises(ValueError):
        band.value[0] = 1.0
    with pytest.raises(ValueError):
        next(iter(res.samples.values()))[0] = 1.0
    frontier = results.cached_frontier(model.defaults(), years=2)
    arrays = [v for v in vars(frontier).values() if isinstance(v, np.ndarray)]
    assert arrays and all(not a.flags.writeable for a in arrays)


def test_shared_figure_sends_what_the_chart_factory_built():
    """The explore page hands Streamlit a figure whose dict form is computed once; what it
    sends must be exactly the chart the factory built, on every call."""
    import plotly.io as pio

    from ui import charts, results
    from ui.pages import explore

    res = results.cached_simulate(model.defaults(), draws=20, years=2)
    tr = Translator("en")
    fig, cap = explore._figure("trust_reporting", "test-key", 2, 20, "en", res)
    assert isinstance(fig, explore.SharedFigure)
    built = charts.trust_reporting(res, tr)
    assert fig.to_dict() == built.to_dict()
    assert pio.to_json(fig, validate=False) == pio.to_json(built, validate=False)
    assert pio.to_json(fig, validate=False) == pio.to_json(fig, validate=False)  # again, same
    assert cap == charts.caption("trust_reporting", res, tr)
    assert explore._figure("trust_reporting", "test-key", 2, 20, "en", res)[0] is fig


def test_scenario_download_round_trips():
    vals = model.resolve({"trust_erosion": 0.045, "federal_terms": "pre2025"})
    text = actions.scenario_toml(vals, "Name with ../../ and 'quotes'")
    assert scenario.loads(text).values() == vals
    assert actions.slug("../../etc/passwd") == "etc-passwd"


def test_upload_error_says_what_is_allowed_in_spanish():
    """A bad parameter value in an uploaded file is explained in the reader's language."""
    from ui import actions
    from ui.i18n import Translator

    bad = b'schema_version = 2\nname = "x"\n[parameters]\ntrust_erosion = 5\n'
    es = actions.parse_upload(bad, Translator("es"))
    en = actions.parse_upload(bad, Translator("en"))
    assert es.field == en.field == "parameters.trust_erosion"
    assert en.allowed == "a number from 0 to 3"
    assert es.allowed != en.allowed and "3" in es.allowed and " to " not in es.allowed
