"""AppTest of the compare, drivers and sources pages (en and es), and the values lens."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import values_lens
from ui.i18n import MISSING

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # generous: the first run imports the model and draws Monte Carlo ranges
MARK = MISSING[0]

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from ui.pages import {page} as page
page.render()
"""


def _app(page: str, lang: str = "en") -> AppTest:
    at = AppTest.from_string(SCRIPT.format(root=str(ROOT), page=page), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    return at


def _text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "slider", "radio", "checkbox", "text_input"):
        parts += [str(e.label) for e in getattr(at, kind)]
    parts += [d.value.to_string() for d in at.dataframe]
    for chart in at.get("plotly_chart"):
        parts.append(chart.proto.spec)
    return "\n".join(parts)


# ----------------------------------------------------------------------------- every page renders
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("page", ["compare", "drivers", "sources"])
def test_page_renders_without_missing_keys(page, lang):
    at = _app(page, lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = _text(at)
    assert MARK not in text, [line for line in text.splitlines() if MARK in line][:5]
    assert at.title, "page has no title"


def test_spanish_pages_are_in_spanish():
    for page, word in (("compare", "Comparar escenarios"), ("sources", "Supuestos y fuentes")):
        at = _app(page, "es")
        at.run()
        assert at.title[0].value == word


# ----------------------------------------------------------------------------- compare
def _lens_order(at: AppTest) -> list[str]:
    df = at.dataframe[-1].value  # the lens table is the last table on the page
    return list(df.iloc[:, 1])


def test_compare_values_lens_ranking_follows_weights():
    at = _app("compare")
    at.run()
    at.multiselect(key="compare_pick").set_value(["current", "preset:tfm-2025", "preset:no-agreement"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for c in values_lens.CRITERIA:
        at.slider(key=f"compare_w_{c}").set_value(10 if c == "cost" else 0)
    at.run()
    cost_first = _lens_order(at)
    for c in values_lens.CRITERIA:
        at.slider(key=f"compare_w_{c}").set_value(10 if c == "trust" else 0)
    at.run()
    trust_first = _lens_order(at)
    assert not at.exception
    assert cost_first != trust_first
    assert cost_first[0] != trust_first[0]


def test_compare_labels_lens_as_users_values():
    at = _app("compare")
    at.run()
    warnings = " ".join(w.value for w in at.warning)
    assert "weights you choose" in warnings and "not a finding of the model" in warnings


def test_compare_needs_two_scenarios():
    at = _app("compare")
    at.run()
    at.multiselect(key="compare_pick").set_value(["current"])
    at.run()
    assert not at.exception
    assert any("at least 2" in i.value for i in at.info)


def test_compare_outcome_table_has_every_scenario():
    at = _app("compare")
    at.run()
    df = at.dataframe[0].value
    picked = at.multiselect(key="compare_pick").value
    assert len(df.columns) >= 1 + len(picked)


# ----------------------------------------------------------------------------- sources
def _source_rows(at: AppTest) -> list[str]:
    """Parameter names of the rows of the sources page's HTML table, in order."""
    import re

    html = next(str(m.value) for m in at.markdown if 'data-testid="sources-table"' in str(m.value))
    return re.findall(r'<tr data-param="([a-z0-9_]+)"', html)


def test_sources_filters():
    from model import BY_NAME

    at = _app("sources")
    at.run()
    total = len(_source_rows(at))
    at.checkbox(key="sources_contested").check()
    at.run()
    contested = _source_rows(at)
    assert 0 < len(contested) < total
    assert {BY_NAME[n].grade for n in contested} == {"contested"}
    at.checkbox(key="sources_contested").uncheck()
    at.multiselect(key="sources_kinds").set_value(["lever"])
    at.run()
    levers = _source_rows(at)
    assert 0 < len(levers) < total
    assert {BY_NAME[n].kind for n in levers} == {"lever"}


def test_sources_lists_every_parameter_with_source_and_grade():
    import re

    from model import REGISTRY

    at = _app("sources")
    at.run()
    assert _source_rows(at) == [p.name for p in REGISTRY]
    html = next(str(m.value) for m in at.markdown if 'data-testid="sources-table"' in str(m.value))
    cells = re.findall(r'<td data-label="(Source|Evidence)">(.*?)</td>', html)
    assert len(cells) == 2 * len(REGISTRY)
    assert min(len(body) for _, body in cells) > 3


# ----------------------------------------------------------------------------- drivers
def _wait_for_global(at: AppTest, tries: int = 60) -> None:
    """The global analysis runs in a background thread; rerun until its chart is drawn."""
    import time

    for _ in range(tries):
        if len(at.get("plotly_chart")) >= 3:
            return
        time.sleep(0.5)
        at.run()
    raise AssertionError("the global sensitivity chart never appeared")


def test_drivers_tornado_breakeven_and_global():
    at = _app("drivers")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    _wait_for_global(at)
    assert not at.exception
    text = _text(at)
    assert "turns positive when" in text or "stays" in text or "turns negative when" in text
    # the break-even parameter defaults to the top of the tornado
    import json

    tornado = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = tornado["layout"]["yaxis"]["categoryarray"][::-1]
    from ui.i18n import Translator

    assert labels[0].startswith(Translator("en")(f"param.{at.selectbox(key='drivers_param').value}.label"))


def test_drivers_outcome_change_updates_tornado():
    import json

    at = _app("drivers")
    at.run()
    first = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    at.selectbox(key="drivers_outcome").set_value("cost_net_usd")
    at.run()
    assert not at.exception
    second = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert first != second


def test_drivers_breakeven_threshold_moves_crossing():
    at = _app("drivers")
    at.run()
    at.selectbox(key="drivers_param").set_value("trust_erosion")
    at.run()
    before = [m.value for m in at.markdown if m.value.startswith("**")]
    at.number_input(key="drivers_threshold").set_value(5000.0)
    at.run()
    after = [m.value for m in at.markdown if m.value.startswith("**")]
    assert not at.exception and before != after and "5,000" in after[0]


def test_background_jobs_are_reused():
    from ui.pages import drivers

    jobs = drivers.Jobs(workers=1)
    calls = []

    def work(x):
        calls.append(x)
        return x * 2

    f1, _ = jobs.submit(("a",), work, 2)
    f2, _ = jobs.submit(("a",), work, 2)
    assert f1 is f2 and f1.result(timeout=5) == 4 and calls == [2]


# ----------------------------------------------------------------------------- values lens (pure)
def _inputs():
    return [
        ("A", {"net_crime_change": 100.0, "cleared_crime_change": -10.0, "trust_immigrant_end": 0.5,
               "reporting_rate_immigrant_end": 0.2, "cost_net_usd": 1e6, "stop_disparity_ratio": 1.5,
               "removals_no_record_share": 0.1, "removals_additional": 1000.0}),
        ("B", {"net_crime_change": 0.0, "cleared_crime_change": 0.0, "trust_immigrant_end": 0.8,
               "reporting_rate_immigrant_end": 0.35, "cost_net_usd": 0.0, "stop_disparity_ratio": 1.2,
               "removals_no_record_share": 0.0, "removals_additional": 0.0}),
        ("C", {"net_crime_change": -50.0, "cleared_crime_change": 5.0, "trust_immigrant_end": 0.7,
               "reporting_rate_immigrant_end": 0.3, "cost_net_usd": -2e6, "stop_disparity_ratio": 1.3,
               "removals_no_record_share": 0.0, "removals_additional": 500.0}),
    ]


def test_lens_normalises_and_ranks():
    only = lambda c: {k: (1.0 if k == c else 0.0) for k in values_lens.CRITERIA}  # noqa: E731
    assert values_lens.score(_inputs(), only("enforcement")).order() == ["A", "C", "B"]
    assert values_lens.score(_inputs(), only("trust")).order() == ["B", "C", "A"]
    assert values_lens.score(_inputs(), only("cost")).order() == ["C", "B", "A"]
    r = values_lens.score(_inputs(), only("cost"))
    assert r.rows[0].total == pytest.approx(100) and r.rows[-1].total == pytest.approx(0)
    assert r.rows[1].total == pytest.approx(100 / 3)  # B: 0 between -2M (best) and 1M (worst)


def test_lens_weights_scale_free_and_zero():
    a = values_lens.score(_inputs(), values_lens.DEFAULT_WEIGHTS)
    b = values_lens.score(_inputs(), {k: 3 * v for k, v in values_lens.DEFAULT_WEIGHTS.items()})
    assert [r.total for r in a.rows] == pytest.approx([r.total for r in b.rows])
    z = values_lens.score(_inputs(), {k: 0.0 for k in values_lens.CRITERIA})
    assert z.no_weights and all(r.total == 0 for r in z.rows)
    assert len({r.rank for r in z.rows}) == 1  # all tied


def test_lens_equal_outcomes_do_not_decide():
    same = [(n, {**o, "cost_net_usd": 5.0}) for n, o in _inputs()]
    r = values_lens.score(same, {"cost": 1.0})
    assert all(row.criteria["cost"] == 0.5 for row in r.rows)
    assert {row.rank for row in r.rows} == {1}


def test_compare_offers_saved_scenarios(tmp_path, monkeypatch):
    from scenarios import library as store
    from scenarios import files as scenario

    monkeypatch.setenv("SIM287G_LIBRARY", str(tmp_path))
    sid = store.Library().save(scenario.from_values("Our county, targeted", {"screening": "targeted"}))
    at = _app("compare")
    at.run()
    pick = at.multiselect(key="compare_pick")
    assert f"saved:{sid}" in pick.options or any("Our county, targeted" in o for o in pick.options)
    pick.set_value(["current", f"saved:{sid}"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Our county, targeted" in list(at.dataframe[0].value.columns)


def test_compare_upload_adds_a_scenario_and_refuses_a_broken_file():
    from scenarios import files as scenario

    good = scenario.dumps(scenario.from_values("<b>Uploaded</b> *county*", {"trust_erosion": 0.05})).encode()
    at = _app("compare")
    at.run()
    at.file_uploader(key="compare_upload").set_value([("ours.toml", good, "application/toml")])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    picked = at.multiselect(key="compare_pick").value
    assert "upload:0" in picked  # added to the comparison at once
    assert any("Uploaded" in str(c) for c in at.dataframe[0].value.columns)
    # the name reaches Markdown escaped, never as formatting
    assert not any("<b>" in m.value and "\\<" not in m.value for m in list(at.markdown) + list(at.caption))

    at = _app("compare")
    at.run()
    before = list(at.multiselect(key="compare_pick").value)
    at.file_uploader(key="compare_upload").set_value([("bad.toml", b"name = 3\n[parameters]\nnope = 1\n",
                                                      "application/toml")])
    at.run()
    assert not at.exception
    assert at.error, "a broken file must say what is wrong"
    assert list(at.multiselect(key="compare_pick").value) == before


def test_drivers_slow_global_run_shows_progress_then_result(monkeypatch):
    """A global analysis that takes longer than the inline wait shows progress, and the page
    keeps answering (the run is in a background thread); the result appears when it is done."""
    import time

    from ui.pages import drivers

    real = drivers._global_run

    def slow(*args, **kwargs):
        time.sleep(1.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(drivers, "_global_run", slow)
    at = _app("drivers")
    at.run()
    at.selectbox(key="drivers_outcome").set_value("stop_disparity_ratio")
    at.radio(key="drivers_measure").set_value("value")
    at.radio(key="drivers_method").set_value("morris")
    t = time.perf_counter()
    at.run()
    assert time.perf_counter() - t < 1.4, "the page must not wait for the whole run"
    assert not at.exception
    assert at.get("progress"), "a run longer than the inline wait shows progress"
    _wait_for_global(at)
    assert not at.get("progress")


def test_opening_the_app_does_not_import_pandas_or_plotly_express():
    """pandas and plotly.express together add ~0.2 s to the first page load after a server
    start (measured against a 3 s target); tables import pandas when they are built."""
    import subprocess
    import sys

    code = ("import sys; from ui import pages\n"
            "for name in pages.PAGE_NAMES: pages.load(name)\n"
            "print(sorted(m for m in ('pandas', 'plotly.express') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(Path(__file__).resolve().parents[1]))
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
