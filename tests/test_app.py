"""App wiring through Streamlit's AppTest: pages, presets, levers, reset/undo, library, upload,
share links, language. Widgets are driven by key (a parameter's widget key is its name).

Pages are registered with ``st.navigation`` as functions, which ``AppTest.switch_page`` (file
pages only) cannot open; ``open_page`` selects the registered page by its URL path instead, the
same thing a browser does when it opens ``/<page>``.
"""
from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import model
from scenarios import share
from scenarios import files as scenario
from ui import actions, pages
from ui.i18n import Translator

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60  # generous: the machine runs other suites at the same time
MARKER = re.compile(r"⟦[^⟧]*⟧")


@pytest.fixture(autouse=True)
def _library(tmp_path, monkeypatch):
    lib = tmp_path / "library"
    monkeypatch.setenv("SIM287G_LIBRARY", str(lib))
    return lib


def new_app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception][:3]


def open_page(at: AppTest, name: str) -> AppTest:
    """Switch to the page registered under URL path ``name`` (after a first run)."""
    url = "" if name == pages.DEFAULT_PAGE else name
    hashes = [h for h, info in at._registered_pages.items() if info.get("url_pathname") == url]
    assert hashes, f"page {name!r} is not registered: {at._registered_pages}"
    at._page_hash = hashes[0]
    return at.run()


def registered(at: AppTest) -> list[str]:
    return [info.get("url_pathname") or pages.DEFAULT_PAGE for info in at._registered_pages.values()]


def tree_text(at: AppTest) -> str:
    """Every string the page sends (labels, help, captions, markdown, chart JSON)."""
    from google.protobuf import text_format

    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


class _Cards(HTMLParser):
    """Label -> value of the explore page's outcome cards, read from their HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, str] = {}
        self._field = self._label = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "")
        self._field = {"sim-card-label": "label", "sim-card-value": "value"}.get(cls)

    def handle_data(self, data):
        if self._field == "label":
            self._label = data
        elif self._field == "value":
            self.cards[self._label] = data
        self._field = None


def metrics(at: AppTest) -> dict[str, str]:
    parser = _Cards()
    for el in at.get("html"):
        parser.feed(el.proto.body)
    return parser.cards


def summary_text(at: AppTest) -> str:
    """The plain-words summary, drawn in the cards' HTML element ("" when there is none)."""
    for el in at.get("html"):
        _, found, rest = el.proto.body.partition('class="sim-summary"')
        if found:
            return html.unescape(re.sub(r"<[^>]*>", "", rest.partition(">")[2]))
    return ""


def values(at: AppTest) -> dict:
    return dict(at.session_state["sim_values"])


# ----------------------------------------------------------------------------- pages and presets
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("preset", scenario.PROGRAM_PRESETS)
def test_every_page_renders_with_every_program_preset(lang, preset):
    at = new_app(lang=lang).run()
    no_exception(at)
    at.selectbox(key="program_preset").set_value(preset).run()
    no_exception(at)
    assert at.session_state["sim_program"] == preset
    assert values(at) == model.resolve(scenario.combine(preset, at.session_state["sim_jurisdiction"]))
    names = registered(at)
    assert "explore" in names
    for name in names:
        open_page(at, name)
        no_exception(at)
        missing = set(MARKER.findall(tree_text(at)))
        assert not missing, f"{lang} {name}: missing catalog keys {sorted(missing)[:10]}"
    open_page(at, "explore")
    no_exception(at)
    assert len(metrics(at)) == 6


def test_preset_descriptions_match_the_scenario_files():
    """The catalog's English preset descriptions are the files' own words (Spanish translates
    them): a description edited in scenarios/ must be edited in the catalogs too."""
    en = Translator("en")
    for stem, sc in scenario.presets().items():
        assert en(f"preset.{stem}.description") == sc.description.strip(), stem
        assert en(f"preset.{stem}.name") == sc.name, stem


@pytest.mark.parametrize("jur", scenario.JURISDICTION_PRESETS)
def test_jurisdiction_presets_set_context(jur):
    at = new_app().run()
    at.selectbox(key="jurisdiction_preset").set_value(jur).run()
    no_exception(at)
    want = scenario.presets()[jur].values()
    got = values(at)
    for p in model.REGISTRY:
        if p.kind == "context":
            assert got[p.name] == want[p.name], p.name


def show_section(at: AppTest, kind: str) -> AppTest:
    """Switch the sidebar to one section of controls ("lever", "assumption" or "context")."""
    from ui import widgets

    if at.session_state[widgets.SECTION_KEY] != kind:
        at.session_state[widgets.SECTION_KEY] = kind
        at.run()
    return at


def ctl(at: AppTest, name: str, widget: str = "slider"):
    """The control of parameter ``name``, with the sidebar switched to its section first."""
    show_section(at, model.BY_NAME[name].kind)
    return getattr(at, widget)(key=name)


def control_keys(at: AppTest) -> set[str]:
    return {w.key for w in list(at.slider) + list(at.toggle) + list(at.radio) + list(at.number_input)}


def open_all_controls(at: AppTest) -> AppTest:
    from ui import widgets

    for key in widgets.expander_keys():
        at.session_state[key] = True
    return at.run()


def test_controls_come_from_the_registry():
    from ui import widgets

    at = new_app().run()
    assert at.session_state[widgets.SECTION_KEY] == "lever"  # the sidebar opens on the decisions
    assert {"jem_active", "officers_jem", "screening"} <= control_keys(at)
    assert not {"trust_erosion", "population"} & control_keys(at)  # one section at a time
    open_all_controls(at)
    keys: set[str] = set()
    for kind in widgets.KIND_ORDER:
        show_section(at, kind)
        no_exception(at)
        here = control_keys(at)
        assert all(model.BY_NAME[k].kind == kind for k in here if k in model.BY_NAME), kind
        keys |= here
    # every parameter has a control (a program model's officer count while that model is on)
    ctl(at, "wso_active", "toggle").set_value(True).run()
    ctl(at, "tfm_active", "toggle").set_value(True).run()
    show_section(at, "lever")
    keys |= control_keys(at)
    for p in model.REGISTRY:
        assert p.name in keys, p.name
    s = ctl(at, "trust_erosion")
    p = model.BY_NAME["trust_erosion"]
    assert (s.min, s.max, s.step) == (p.min, p.max, p.step)
    assert "(" in s.label and p.unit in s.label
    assert p.source.split(" ")[0] in s.help


def test_officer_counts_show_only_while_their_model_is_on():
    at = new_app().run()
    ctl(at, "tfm_active", "toggle").set_value(False).run()
    assert "officers_tfm" not in control_keys(at)
    ctl(at, "tfm_active", "toggle").set_value(True).run()
    no_exception(at)
    assert "officers_tfm" in control_keys(at)
    ctl(at, "officers_tfm").set_value(7).run()
    ctl(at, "tfm_active", "toggle").set_value(False).run()
    assert values(at)["officers_tfm"] == 7  # kept while hidden
    ctl(at, "tfm_active", "toggle").set_value(True).run()
    assert ctl(at, "officers_tfm").value == 7


def test_summary_names_the_deciding_assumption():
    from model import sensitivity

    at = new_app().run()
    top = sensitivity.tornado(values(at), "net_crime_change").bars[0].name
    text = summary_text(at)
    assert text.startswith(Translator("en")("explore.summary.title"))
    assert Translator("en")(f"param.{top}.label") in text
    assert "Under these assumptions" in text
    at.selectbox(key="program_preset").set_value("no-agreement").run()
    no_exception(at)
    text = summary_text(at)
    assert "With no agreement" in text and Translator("en")(f"param.{top}.label") not in text


def test_chart_tables_open_on_demand():
    from ui import charts, state
    from ui.pages import explore

    at = new_app().run()
    assert not at.dataframe
    at.session_state[explore.TABLES_KEY] = True
    at.run()
    no_exception(at)
    # one table per chart, each under its chart's title, with the chart's own data
    assert len(at.dataframe) == len(explore.CHARTS) == 7
    box = next(e for e in at.expander if e.label == Translator("en")("explore.tables"))
    titles = [m.value for m in box.markdown]
    res = model.simulate(values(at), years=10, draws=state.DRAWS, seed=state.SEED)
    for name, title, df in zip(explore.CHARTS, titles, box.dataframe, strict=True):
        assert Translator("en")(f"charts.{name}.title", years=10) in title
        # the chart's data as the reader sees it: its numbers written out (charts.text_table)
        expected = charts.text_table(name, explore._data(name, res), Translator("en"))
        assert df.value.equals(expected), name


# ----------------------------------------------------------------------------- levers, reset, undo
def test_controls_in_a_closed_expander_keep_their_values():
    at = open_all_controls(new_app().run())
    ctl(at, "hold_days").set_value(9.0).run()
    from ui import widgets

    for key in widgets.expander_keys():
        at.session_state[key] = False
    at.run()
    no_exception(at)
    assert values(at)["hold_days"] == 9.0
    open_all_controls(at)
    assert ctl(at, "hold_days").value == 9.0


def test_moving_a_lever_changes_the_cards():
    at = new_app().run()
    before = metrics(at)
    ctl(at, "trust_erosion").set_value(0.06).run()
    no_exception(at)
    after = metrics(at)
    assert values(at)["trust_erosion"] == 0.06
    assert after != before
    label = model.outcomes.BY_NAME["reporting_rate_immigrant_end"].label
    assert after[label] != before[label]
    # A program lever: turning the task force on adds street arrests, so transfers rise.
    removals = model.outcomes.BY_NAME["removals"].label
    ctl(at, "tfm_active", "toggle").set_value(True).run()
    no_exception(at)
    n = lambda s: float(s.replace(",", ""))  # noqa: E731
    assert n(metrics(at)[removals]) > n(after[removals])


def test_reset_and_undo():
    at = new_app().run()
    start = values(at)
    assert at.button(key="undo").disabled
    ctl(at, "trust_erosion").set_value(0.06).run()
    ctl(at, "additionality").set_value(0.9).run()
    assert values(at)["additionality"] == 0.9
    at.button(key="undo").click().run()
    no_exception(at)
    assert values(at)["additionality"] == start["additionality"]
    assert values(at)["trust_erosion"] == 0.06
    assert ctl(at, "additionality").value == start["additionality"]
    at.button(key="reset").click().run()
    no_exception(at)
    assert values(at) == start
    assert ctl(at, "trust_erosion").value == start["trust_erosion"]
    at.button(key="undo").click().run()  # reset itself can be undone
    assert values(at)["trust_erosion"] == 0.06


def test_undo_stack_is_bounded():
    at = new_app().run()
    for i in range(30):
        ctl(at, "trust_erosion").set_value(round(0.01 + 0.005 * i, 3)).run()
    assert len(at.session_state["sim_undo"]) == 20


def test_values_survive_a_page_switch():
    at = new_app().run()
    ctl(at, "trust_erosion").set_value(0.06).run()
    others = [n for n in registered(at) if n != "explore"]
    if others:
        open_page(at, others[0])
        no_exception(at)
    open_page(at, "explore")
    assert ctl(at, "trust_erosion").value == 0.06


# ----------------------------------------------------------------------------- library, upload
def open_actions(at: AppTest, prefix: str = "act_explore") -> AppTest:
    """Open the "Save, open, share and download" panel (drawn only while open)."""
    at.session_state[actions.panel_key(prefix)] = True
    return at.run()


def test_actions_panel_is_drawn_only_while_open():
    at = new_app().run()
    keys = {w.key for w in list(at.text_input) + list(at.button)}
    assert "act_explore_save_name" not in keys and "act_explore_save" not in keys
    assert not at.get("file_uploader") and not at.get("download_button")
    open_actions(at)
    no_exception(at)
    assert at.text_input(key="act_explore_save_name") is not None
    assert len(at.get("download_button")) == 4 and len(at.get("file_uploader")) == 1  # + chart images
    at.session_state[actions.panel_key("act_explore")] = False
    at.run()
    assert not at.get("download_button")


def mine(at: AppTest, root):
    """The session's own library: private to its browser unless the deployment shares one."""
    from scenarios.library import Library
    from ui import library

    return Library(root / library.PRIVATE_DIR / library.folder(at.session_state[library.K_OWNER]))


def test_save_then_reopen_round_trip(_library):
    at = open_actions(new_app().run())
    ctl(at, "trust_erosion").set_value(0.055).run()
    ctl(at, "victim_protection", "toggle").set_value(True).run()
    saved = values(at)
    at.text_input(key="act_explore_save_name").input("Our county, cautious").run()
    at.button(key="act_explore_save").click().run()
    no_exception(at)
    assert any("Our county, cautious" in s.value for s in at.success)
    entries, problems = mine(at, _library).list()
    assert [e.name for e in entries] == ["Our county, cautious"] and not problems
    at.button(key="reset").click().run()
    assert values(at) != saved
    at.selectbox(key="act_explore_open_pick").set_value(entries[0].id).run()
    at.button(key="act_explore_open").click().run()
    no_exception(at)
    assert values(at) == saved
    assert ctl(at, "trust_erosion").value == 0.055


def test_saving_an_existing_name_asks_before_overwriting(_library):
    at = open_actions(new_app().run())
    at.text_input(key="act_explore_save_name").input("Twice").run()
    at.button(key="act_explore_save").click().run()
    ctl(at, "trust_erosion").set_value(0.04).run()
    at.button(key="act_explore_save").click().run()
    no_exception(at)
    assert at.warning, "expected a question before overwriting"
    (entry,), _ = mine(at, _library).list()
    assert mine(at, _library).open(entry.id).values()["trust_erosion"] != 0.04  # not yet replaced
    at.button(key="act_explore_overwrite_yes").click().run()
    no_exception(at)
    (entry,), _ = mine(at, _library).list()
    assert mine(at, _library).open(entry.id).values()["trust_erosion"] == 0.04


BROKEN_FILES = [
    b"this is = = not toml",
    b'schema_version = 2\nname = "x"\n[parameters]\ntrust_erosion = 99\n',
    b'schema_version = 2\nname = "x"\n[parameters]\nno_such_param = 1\n',
    b'schema_version = 2\nname = "x"\n[parameters]\ntrust_erosion = nan\n',
    b"\xff\xfe\x00bad bytes",
    b"",
]


@pytest.mark.parametrize("data", BROKEN_FILES)
def test_parse_upload_rejects_broken_files_with_a_named_field(data):
    result = actions.parse_upload(data)
    assert not result.ok
    assert result.field and result.allowed


def test_broken_upload_shows_a_message_and_changes_nothing():
    at = open_actions(new_app().run())
    ctl(at, "trust_erosion").set_value(0.05).run()
    before = values(at)
    undo_depth = len(at.session_state["sim_undo"])
    at.file_uploader(key="act_explore_upload").upload(
        "bad.toml", b'schema_version = 2\nname = "x"\n[parameters]\ntrust_erosion = 99\n',
        "application/toml").run()
    no_exception(at)
    assert values(at) == before
    assert len(at.session_state["sim_undo"]) == undo_depth
    shown = [e.value.replace("\\", "") for e in at.error]  # Markdown escapes removed
    # named by its label, not its internal name (the internal one only in the folded detail)
    assert any("Trust erosion rate" in t and "99" in t and "trust_erosion" not in t
               for t in shown), shown


def test_good_upload_opens_the_scenario():
    vals = model.resolve({"trust_erosion": 0.045, "tfm_active": True})
    text = actions.scenario_toml(vals, "Uploaded <b>one</b>")
    at = open_actions(new_app().run())
    at.file_uploader(key="act_explore_upload").upload("s.toml", text.encode(), "application/toml").run()
    no_exception(at)
    assert values(at) == vals
    assert ctl(at, "tfm_active", "toggle").value is True


# ----------------------------------------------------------------------------- share links, URL
def test_share_link_restores_state_and_language():
    vals = model.resolve({"trust_erosion": 0.045, "screening": "targeted", "officers_jem": 7})
    q = share.to_query(vals, lang="es")
    at = open_actions(new_app(**q).run())
    no_exception(at)
    assert values(at) == vals
    assert ctl(at, "officers_jem").value == 7
    assert at.session_state["lang"] == "es"
    assert not at.warning
    # The URL the app keeps carries the same scenario and the language.
    assert at.query_params["s"] == q["s"] and at.query_params["lang"] == "es"
    link = at.text_input(key=actions.share_key("act_explore")).value  # the share box
    assert f"s={q['s']}" in link and "lang=es" in link


@pytest.mark.parametrize("lang", ["en", "es"])
def test_link_from_an_older_model_version_opens_with_a_notice(lang):
    vals = model.resolve({"hold_days": 5.0})  # a parameter whose meaning Model 2 kept
    q = {**share.to_query(vals), "v": "0.9.0", "lang": lang}
    at = new_app(**q).run()
    no_exception(at)
    assert values(at) == vals
    assert any("0.9.0" in i.value and "Model 2" in i.value for i in at.info), [i.value for i in at.info]
    # one whose meaning changed is carried at the same multiple of its central value
    old = {**share.to_query(model.resolve({"trust_erosion": 0.05})), "v": "1.0.0", "lang": lang}
    at = new_app(**old).run()
    no_exception(at)
    assert values(at)["trust_erosion"] == pytest.approx(0.05 / 0.025 * 1.1)


def test_share_link_restores_presets_and_horizon():
    vals = scenario.combine("tfm-2025", "county-small")
    q = {**share.to_query(vals), "p": "tfm-2025", "j": "county-small", "y": "5"}
    at = new_app(**q).run()
    no_exception(at)
    assert values(at) == vals
    assert at.selectbox(key="program_preset").value == "tfm-2025"
    assert at.selectbox(key="jurisdiction_preset").value == "county-small"
    assert at.slider(key="years").value == 5
    assert not at.caption or all("Changed" not in c.value for c in at.caption)
    assert {k: at.query_params[k] for k in q} == q  # the URL keeps it all


def test_horizon_changes_results_and_undoes():
    at = new_app().run()
    removals = model.outcomes.BY_NAME["removals"].label
    ten = metrics(at)[removals]
    at.slider(key="years").set_value(2).run()
    no_exception(at)
    assert metrics(at)[removals] != ten
    at.button(key="undo").click().run()
    assert metrics(at)[removals] == ten and at.slider(key="years").value == 10


def test_share_link_restores_the_page():
    """Opening ``/<page>?s=...&lang=es`` lands on that page with that scenario and language."""
    from streamlit.testing.v1.app_test import calc_hash

    vals = model.resolve({"trust_erosion": 0.045, "tfm_active": True})
    for name in ("sources", "compare", "drivers", "glossary"):
        if pages.load(name) is None:
            continue
        at = new_app(**share.to_query(vals, lang="es"))
        at._page_hash = calc_hash(name)  # what the browser's path /<name> selects
        at.run()
        no_exception(at)
        assert at.title and at.title[0].value != Translator("es")("explore.title"), name
        assert values(at) == vals and at.session_state["lang"] == "es"
        assert at.query_params["s"] == share.to_query(vals)["s"] and at.query_params["lang"] == "es"


@pytest.mark.parametrize("query", [
    {"s": "not-a-scenario!!", "v": "1.0.0"},
    {"s": share.encode({"trust_erosion": 99}), "v": "1.0.0"},
    {"s": share.encode({"no_such_param": 1}), "v": "1.0.0"},
    {"s": "eJw", "v": "1.0.0"},
])
def test_bad_share_link_shows_a_message_and_opens_defaults(query):
    at = new_app(**query).run()
    no_exception(at)
    assert at.warning, "expected a message about the link"
    text = at.warning[0].value
    assert "s" in text
    assert values(at) == model.resolve(scenario.combine(*_default_presets(at)))


def _default_presets(at):
    return at.session_state["sim_program"], at.session_state["sim_jurisdiction"]


def test_bad_share_link_names_field_value_and_allowed():
    at = new_app(s=share.encode({"trust_erosion": 99}), v="1.0.0").run()
    text = at.warning[0].value.replace("\\", "")
    assert "Trust erosion rate" in text and "99" in text and "0 to 3" in text, text
    assert "trust_erosion" not in text  # the internal name only in the folded detail
    assert any("trust_erosion" in c.value.replace("\\", "") for c in at.expander[0].caption)


def test_lang_query_opens_spanish_and_switch_changes_language():
    at = new_app(lang="es").run()
    no_exception(at)
    assert at.title[0].value == Translator("es")("explore.title")
    at.segmented_control(key="lang").set_value("en").run()
    no_exception(at)
    assert at.title[0].value == Translator("en")("explore.title")
    assert "lang" not in at.query_params
    at.segmented_control(key="lang").set_value("es").run()
    assert at.query_params["lang"] == "es"


def test_unknown_language_falls_back_to_english():
    at = new_app(lang="fr").run()
    no_exception(at)
    assert at.session_state["lang"] == "en"
    vals = model.resolve({"trust_erosion": 0.045})
    at = new_app(**share.to_query(vals), lang="fr", p="no-such-preset", y="99").run()
    no_exception(at)
    assert values(at) == vals and not at.warning
    assert at.session_state["lang"] == "en" and at.session_state["sim_years"] == 10


def test_not_a_forecast_notice_on_every_page():
    from ui import nav

    notice = Translator("en")("app.not_a_forecast")
    bare = {name for name, _ in nav.HIDDEN_PAGES}  # /join on a phone: no sidebar, the footer says it
    at = new_app().run()
    for name in registered(at):
        open_page(at, name)
        if name in bare:
            assert not at.sidebar.children and any(notice in c.value for c in at.caption), name
        else:
            assert any(notice in i.value for i in at.sidebar.info), name
