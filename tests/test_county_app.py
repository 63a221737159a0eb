"""Pick your county and the map page, through Streamlit's AppTest (issue 16)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenarios import counties  # noqa: E402
from scenarios.counties import mapping  # noqa: E402
from scenarios import files as scenario  # noqa: E402
from test_app import new_app, no_exception, open_actions, open_page  # noqa: E402
from ui import actions, county_picker  # noqa: E402
from ui.pages import map as map_page  # noqa: E402

HARRIS = "48201"


@pytest.fixture(autouse=True)
def _library(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM287G_LIBRARY", str(tmp_path / "library"))


def values(at: AppTest) -> dict:
    return dict(at.session_state["sim_values"])


def pick(at: AppTest, fips: str | None) -> AppTest:
    at.session_state[county_picker.PANEL_KEY] = True
    at.run()
    at.selectbox(key=county_picker.PICK_KEY).set_value(fips).run()
    no_exception(at)
    return at


def test_choosing_a_county_fills_the_facts_and_keeps_levers_and_assumptions():
    at = new_app().run()
    # A lever and an assumption moved first: choosing a county must not touch them.
    at.session_state["sim_values"] = {**values(at), "officers_jem": 7, "trust_erosion": 0.045}
    before = values(at)
    pick(at, HARRIS)
    after = values(at)
    harris = counties.load().get(HARRIS)
    facts = mapping.context_values(harris)
    for name, v in facts.items():
        assert after[name] == v, name
    assert after["population"] == 5_009_302  # Census Vintage 2024, within the model's range
    changed = {k for k in after if after[k] != before[k]}
    assert changed and changed <= set(facts)
    assert after["officers_jem"] == 7 and after["trust_erosion"] == 0.045
    # Every other context fact (bookings, victimisation, ...) keeps its value.
    for p in mapping.national_defaults():
        assert after[p.name] == before[p.name]
    # The panel shows the facts with their source and year, and the county's agreements.
    text = "\n".join(m.value for m in at.markdown)
    assert "5,009,302" in text and "2024" in text and "2019-2023" in text
    assert "Southside Place Police Department" in text
    # The sidebar's jurisdiction section says where its figures come from.
    at.session_state["controls_section"] = "context"
    at.run()
    assert any("Harris County, TX" in c.value for c in at.sidebar.caption)


def test_the_share_link_records_the_county_and_reopens_it():
    at = pick(new_app().run(), HARRIS)
    q = {k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
         for k in at.query_params}
    assert q["c"] == HARRIS and q["cd"] == counties.DATA_VINTAGE
    at2 = new_app(**q).run()
    no_exception(at2)
    assert at2.session_state["sim_county"] == HARRIS
    assert values(at2) == values(at)
    assert not at2.warning


def test_a_link_with_an_unknown_county_opens_with_a_message():
    at = new_app(c="99999").run()
    no_exception(at)
    assert at.session_state["sim_county"] is None
    assert any("99999" in w.value for w in at.warning)


def test_user_can_change_a_filled_fact_and_undo_the_choice():
    at = pick(new_app().run(), HARRIS)
    at.session_state["sim_values"] = {**values(at), "immigrant_share": 0.3}
    at.run()
    text = "\n".join(m.value for m in at.markdown)
    assert "30.0%" in text  # "you changed it to 30.0%"
    at.button(key="undo").click().run()  # undoes the county choice (the edit was not a widget)
    assert at.session_state["sim_county"] is None


def test_reset_keeps_the_county_and_another_example_county_clears_it():
    at = pick(new_app().run(), HARRIS)
    at.session_state["sim_values"] = {**values(at), "population": 20_000}
    at.button(key="reset").click().run()
    assert values(at)["population"] == counties.load().get(HARRIS).population
    assert at.session_state["sim_county"] == HARRIS
    at.selectbox(key="jurisdiction_preset").set_value("county-small").run()
    assert at.session_state["sim_county"] is None
    assert values(at)["population"] == scenario.combine("jem-universal", "county-small")["population"]


def test_the_matching_preset_is_offered_and_keeps_the_county():
    at = pick(new_app().run(), HARRIS)
    at.button(key="county_preset").click().run()
    no_exception(at)
    v = values(at)
    assert v["tfm_active"] and at.session_state["sim_program"] == "tfm-2025"
    assert v["population"] == counties.load().get(HARRIS).population
    assert at.session_state["sim_county"] == HARRIS


def test_the_scenario_file_records_the_county():
    at = pick(new_app().run(), HARRIS)
    ref = {"fips": HARRIS, "name": "Harris County, TX", "data": counties.DATA_VINTAGE}
    text = actions.scenario_toml(values(at), "Harris test", county=ref)
    sc = scenario.loads(text)
    assert sc.county.fips == HARRIS and sc.county.data == counties.DATA_VINTAGE
    assert sc.values() == values(at)
    # Uploading it in a new session brings the county back; a file without one still opens.
    at2 = open_actions(new_app().run())
    at2.file_uploader(key="act_explore_upload").upload("h.toml", text.encode(),
                                                        "application/toml").run()
    no_exception(at2)
    assert at2.session_state["sim_county"] == HARRIS and values(at2) == values(at)
    old = actions.scenario_toml(values(at), "old")
    assert "[county]" not in old and scenario.loads(old).county is None
    at2.file_uploader(key="act_explore_upload").upload("o.toml", old.encode(),
                                                        "application/toml").run()
    assert at2.session_state["sim_county"] is None


def test_spanish_panel_and_map_page_render():
    at = new_app(lang="es").run()
    pick(at, HARRIS)
    assert any("Datos de Harris County, TX" in m.value for m in at.markdown)
    open_page(at, "map")
    no_exception(at)
    assert at.title[0].value.startswith("Acuerdos 287(g)")


def test_a_click_on_the_map_chooses_the_county():
    """The click handler reads the selection Streamlit stores under the chart's key (the
    browser test clicks the drawn map itself)."""
    event = {"selection": {"points": [{"location": HARRIS, "point_index": 0}],
                           "point_indices": [0], "box": [], "lasso": []}}
    assert map_page.clicked_fips(event) == HARRIS
    assert map_page.clicked_fips({"selection": {"points": [{"location": "09001"}]}}) is None
    assert map_page.clicked_fips(None) is None
    at = new_app().run()
    open_page(at, "map")
    no_exception(at)
    assert any("Click a county" in c.value for c in at.caption)


def test_an_own_bookings_file_fills_bookings_for_the_county():
    at = pick(new_app().run(), HARRIS)
    text = b"fips,year,total_pop,total_jail_adm\n48201,2018,4700000,117500\n"
    at.file_uploader(key=county_picker.BOOKINGS_KEY).upload("vera.csv", text, "text/csv").run()
    no_exception(at)
    assert values(at)["bookings_per_1000"] == 25.0
    assert any("25.0 per 1,000" in s.value for s in at.success)
    at.file_uploader(key=county_picker.BOOKINGS_KEY).upload("bad.csv", b"a,b\n1,2\n",
                                                            "text/csv").run()
    no_exception(at)
    assert values(at)["bookings_per_1000"] == 25.0  # unchanged
    assert any("fips" in e.value for e in at.error)


def test_the_map_page_opens_the_chosen_county_on_explore():
    at = new_app(c=HARRIS).run()
    open_page(at, "map")
    assert any("Harris County, TX" in m.value for m in at.markdown)
    at.button(key="map_open_explore").click().run()
    no_exception(at)
    assert at.title[0].value == "What would a 287(g) agreement do here?"
    assert at.session_state["sim_county"] == HARRIS
