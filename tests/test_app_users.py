"""The app as its users meet it (issue 15, part A), through Streamlit's AppTest: a program preset
keeps the user's county figures, the county box stops naming the example, a comparison is
restored from its link, the library is private to its owner, exports carry their provenance,
and errors speak the reader's language."""
from __future__ import annotations

import pytest

import model
from scenarios import files as scenario
from tests.test_app import ctl, metrics, new_app, no_exception, open_page, values


@pytest.fixture(autouse=True)
def _library(tmp_path, monkeypatch):
    lib = tmp_path / "library"
    monkeypatch.setenv("SIM287G_LIBRARY", str(lib))
    monkeypatch.delenv("SIM287G_SHARED_LIBRARY", raising=False)
    return lib


def _county_label(at) -> str:
    box = at.selectbox(key="jurisdiction_preset")
    return box.format_func(box.value)


# ----------------------------------------------------------------------------- 1. presets
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_program_preset_keeps_the_users_county_figures(lang):
    at = new_app(lang=lang).run()
    example = _county_label(at)
    ctl(at, "population", "number_input").set_value(120_000).run()
    ctl(at, "immigrant_share", "slider").set_value(0.20).run()
    no_exception(at)
    assert at.selectbox(key="jurisdiction_preset").value == "own"
    label = _county_label(at)
    assert label != example and "120,000" in label
    at.selectbox(key="program_preset").set_value("critics-case").run()
    no_exception(at)
    got = values(at)
    assert got["population"] == 120_000 and got["immigrant_share"] == 0.20
    critics = model.resolve(scenario.combine("critics-case", at.session_state["sim_jurisdiction"]))
    for p in model.REGISTRY:  # the program's decisions and assumptions did change
        if p.kind != "context":
            assert got[p.name] == critics[p.name], p.name
    assert "120,000" in _county_label(at)
    assert len(metrics(at)) == 6


def test_a_county_preset_replaces_the_county_figures_and_names_the_example_again():
    at = new_app().run()
    ctl(at, "population", "number_input").set_value(120_000).run()
    ctl(at, "trust_erosion", "slider").set_value(0.05).run()
    at.selectbox(key="jurisdiction_preset").set_value("county-large").run()
    no_exception(at)
    got = values(at)
    want = scenario.presets()["county-large"].values()
    assert got["population"] == want["population"]
    assert got["trust_erosion"] == 0.05  # the user's assumption stays
    assert at.selectbox(key="jurisdiction_preset").value == "county-large"
    assert "own" not in at.selectbox(key="jurisdiction_preset").options
    at.button(key="undo").click().run()  # undo brings the user's own figures back
    assert values(at)["population"] == 120_000


def test_compare_presets_use_the_users_county():
    """The program presets on Compare sit in the user's county: the population is not among
    the settings that differ between the current scenario and the presets."""
    at = new_app().run()
    ctl(at, "population", "number_input").set_value(120_000).run()
    open_page(at, "compare")
    no_exception(at)
    tables = [df.value for df in at.dataframe]
    rows = [set(t.iloc[:, 0]) for t in tables]
    assert tables
    assert not any("Population" in r for r in rows), rows


# ----------------------------------------------------------------------------- 2. compare
def _compare(**query):
    at = new_app(**query).run()
    return open_page(at, "compare")


def test_removing_a_scenario_leaves_no_stale_difference():
    from ui.pages import compare

    at = _compare()
    no_exception(at)
    picked = list(at.session_state[compare.K_PICK])
    assert len(picked) == 3
    at.selectbox(key=compare.K_PAIR).set_value(picked[2]).run()  # the third against the first
    no_exception(at)
    at.multiselect(key=compare.K_PICK).set_value(picked[:1] + picked[3:] + ["preset:tfm-2025", picked[1]]).run()
    no_exception(at)
    box = at.selectbox(key=compare.K_PAIR)
    assert box.value in at.session_state[compare.K_PICK][1:]
    assert box.value != picked[2]  # the removed scenario is no longer "the difference"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_comparison_link_restores_scenarios_difference_and_weights(lang):
    from ui.pages import compare

    at = _compare(lang=lang)
    at.multiselect(key=compare.K_PICK).set_value(
        ["preset:no-agreement", "preset:tfm-2025", "preset:critics-case"]).run()
    at.selectbox(key=compare.K_PAIR).set_value("preset:critics-case").run()
    at.selectbox(key=compare.K_OUTCOME).set_value("cost_net_usd").run()
    at.slider(key=compare.weight_key("cost")).set_value(9).run()
    at.slider(key=compare.weight_key("safety")).set_value(0).run()
    no_exception(at)
    link = dict(at.query_params)
    link = {k: (v[0] if isinstance(v, list) else v) for k, v in link.items()}
    assert link[compare.Q_PICK] == "preset:no-agreement,preset:tfm-2025,preset:critics-case"
    assert link[compare.Q_WEIGHTS].split("-")[list(compare.values_lens.CRITERIA).index("cost")] == "9"

    again = _compare(**link)  # a new session from the link (a reload, or another browser)
    no_exception(again)
    assert list(again.session_state[compare.K_PICK]) == link[compare.Q_PICK].split(",")
    assert again.selectbox(key=compare.K_PAIR).value == "preset:critics-case"
    assert again.selectbox(key=compare.K_OUTCOME).value == "cost_net_usd"
    assert again.slider(key=compare.weight_key("cost")).value == 9
    assert again.slider(key=compare.weight_key("safety")).value == 0
    assert not [w for w in again.warning if w.icon == ":material/link_off:"]


def test_a_bad_comparison_link_says_what_is_allowed():
    from ui.pages import compare

    at = _compare(lang="es", cs="preset:critics-case,saved:" + "0" * 32 + ",current", cw="99-x")
    no_exception(at)
    texts = [w.value for w in at.warning if w.icon == ":material/link_off:"]
    assert any("privados" in t for t in texts), texts  # the saved one is someone else's
    assert any("0 a 10" in t for t in texts), texts
    assert list(at.session_state[compare.K_PICK]) == ["preset:critics-case", "current"]


# ----------------------------------------------------------------------------- 3. private library
def _save(name: str, lang: str = "en"):
    from tests.test_app import open_actions

    at = open_actions(new_app(lang=lang).run())
    at.text_input(key="act_explore_save_name").input(name).run()
    at.button(key="act_explore_save").click().run()
    no_exception(at)
    assert any(name in s.value for s in at.success)
    return at


def _library_options(at) -> list[str]:
    from tests.test_app import open_actions

    open_actions(at)
    try:
        box = at.selectbox(key="act_explore_open_pick")
    except KeyError:
        return []
    return list(box.options)


def test_a_saved_scenario_is_private_to_its_browser(_library):
    from ui import library

    mine = _save("Only mine")
    token = mine.session_state[library.K_OWNER]
    # the browser is told to keep its token, in a cookie (not in the URL)
    scripts = [h.proto.body for h in mine.get("html") if library.COOKIE in h.proto.body]
    assert scripts and token in scripts[0]
    assert token not in str(dict(mine.query_params))
    assert any("Only mine" in o for o in _library_options(mine))

    other = new_app().run()  # another browser: no cookie
    assert _library_options(other) == []
    open_page(other, "compare")
    assert not any("Only mine" in o for o in other.multiselect(key="compare_pick").options)
    # replacing is impossible too: the other browser saving the same name makes its own entry
    _save("Only mine")
    lib_root = _library / library.PRIVATE_DIR
    assert len([p for p in lib_root.iterdir() if p.is_dir()]) == 2
    assert not list(_library.glob("*.toml"))  # nothing in the shared folder


def test_a_deployment_can_share_one_library(_library, monkeypatch):
    monkeypatch.setenv("SIM287G_SHARED_LIBRARY", "1")
    _save("For the team")
    other = new_app(lang="es").run()
    assert any("For the team" in o for o in _library_options(other))
    assert "compartida" in " ".join(c.value for c in other.caption)


# ----------------------------------------------------------------------------- 5. plain errors
def _upload(at, data: bytes, name: str = "file.toml"):
    at.file_uploader(key="act_explore_upload").upload(name, data, "application/toml").run()
    no_exception(at)
    return [e.value.replace("\\", "") for e in at.error]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_upload_problems_are_in_plain_words_with_the_detail_folded(lang):
    from tests.test_app import open_actions
    from ui.i18n import Translator

    tr = Translator(lang)
    at = open_actions(new_app(lang=lang).run())
    before = values(at)
    shown = _upload(at, b"_\x17A\x00\xff\xfe\x89PNG binary")
    assert shown == [tr("errors.not_text").replace("\\", "")]
    assert not any("b'" in t or "x17" in t for t in shown)
    assert values(at) == before
    details = [c.value for ex in at.expander if ex.label == tr("errors.details") for c in ex.caption]
    assert details  # the technical line is there, folded away

    at = open_actions(new_app(lang=lang).run())
    shown = _upload(at, b"schema_version = 2\nname = 'x'\ntrust erosion 5\n")
    assert shown == [tr("errors.syntax", line="3")], shown
    assert not any("Expected" in t for t in shown)

    at = open_actions(new_app(lang=lang).run())
    shown = _upload(at, b'schema_version = 2\nname = "x"\n[parameters]\nscreening = "sometimes"\n')
    label = tr("param.screening.label")
    assert any(label in t and tr("choice.screening.targeted") in t for t in shown), shown
    assert not any("parameters.screening" in t for t in shown)


def test_opening_a_saved_scenario_confirms_under_the_open_button(_library):
    from tests.test_app import open_actions
    from ui.i18n import Translator

    at = _save("Where am I")
    at.button(key="reset").click().run()
    open_actions(at)
    at.button(key="act_explore_open").click().run()
    no_exception(at)
    text = Translator("en")("actions.opened", name="Where am I")
    # in the panel, where the user clicked, not at the top of the page
    panel = next(e for e in at.expander if e.label == Translator("en")("actions.title"))
    found = [s for s in panel.success if "Where am I" in s.value.replace("\\", "")]
    assert found and text.split("“")[0] in found[0].value, [s.value for s in at.success]
    assert not [i for i in at.info if "Where am I" in i.value.replace("\\", "")]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_broken_link_is_explained_in_the_readers_language(lang):
    from scenarios import share
    from ui.i18n import Translator

    tr = Translator(lang)
    at = new_app(lang=lang, s="garbage!!", v="1.0.0").run()
    no_exception(at)
    text = at.warning[0].value.replace("\\", "")
    assert tr("errors.field.s") in text and tr("errors.allowed.s") in text
    at = new_app(lang=lang, s=share.encode({"screening": "nope"}), v="1.0.0").run()
    text = at.warning[0].value.replace("\\", "")
    assert tr("param.screening.label") in text and tr("choice.screening.targeted") in text
    assert "s.screening" not in text


def test_private_libraries_are_bounded(_library, monkeypatch):
    """A browser's own library has a cap, and so has the number of browsers with one: past it a
    save is refused in plain words, and what was saved stays."""
    from ui import library

    monkeypatch.setenv(library.OWNERS_ENV, "1")
    _save("The first browser's")
    from tests.test_app import open_actions

    at = open_actions(new_app().run())  # a second browser, over the limit of one
    at.text_input(key="act_explore_save_name").input("Refused").run()
    at.button(key="act_explore_save").click().run()
    no_exception(at)
    assert any("full" in e.value for e in at.error), [e.value for e in at.error]
    assert len(list((_library / library.PRIVATE_DIR).iterdir())) == 1
    assert library.PRIVATE_MAX <= 200


def test_the_comparisons_link_keys_are_its_own():
    """Compare's keys never overwrite the scenario's, the presets', the language's or the
    chosen county's in the same link."""
    from ui import state
    from ui.pages import compare

    ours = {compare.Q_PICK, compare.Q_PAIR, compare.Q_OUTCOME, compare.Q_DELTA, compare.Q_WEIGHTS}
    theirs = {"s", "v", state.Q_LANG, state.Q_PROGRAM, state.Q_JURISDICTION, state.Q_YEARS,
              state.Q_COUNTY, state.Q_COUNTY_DATA}
    assert not ours & theirs
