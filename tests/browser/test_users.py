"""The app as its users meet it (issue 15, part A), in Chromium: a preset keeps the user's county
figures, a comparison link restores the comparison, a scenario saved in one browser context is
absent from another's, and the exports carry their provenance."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .helpers import goto, key_container, new_page, run_count, show_control, wait_for_app, wait_for_idle, wait_for_rerun
from .test_browser import MIN_CHARTS, _download, assert_clean, open_actions, t


def _select(page, key: str, label: str, tries: int = 3) -> None:
    """Choose ``label`` in the selectbox keyed ``key`` and wait for the run it starts. Typing
    filters the list to that option; a run ending meanwhile can close the list, so retry."""
    wait_for_idle(page)
    box = key_container(page, key).locator("input")
    for attempt in range(tries):
        n = run_count(page)
        box.click()
        box.fill(label)
        option = page.get_by_role("option", name=label, exact=True)
        try:
            option.wait_for(state="visible", timeout=10_000)
            option.click(timeout=10_000)
        except Exception:  # noqa: BLE001 - the list closed under us: try again
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            wait_for_idle(page)
            continue
        wait_for_rerun(page, n)
        wait_for_idle(page)
        return


def _type_number(page, key: str, value: str) -> None:
    box = key_container(page, key).locator("input")
    n = run_count(page)
    box.fill(value)
    box.press("Enter")
    wait_for_rerun(page, n)
    wait_for_idle(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_preset_keeps_the_users_county_figures(page, app_server, lang):
    goto(page, f"{app_server}/?lang={lang}", charts=MIN_CHARTS)
    show_control(page, "population")
    _type_number(page, "population", "120000")
    county = key_container(page, "jurisdiction_preset").locator("input")
    expect(county).to_have_value(re.compile("120,000"), timeout=15_000)
    _select(page, "program_preset", t("preset.critics-case.name", lang))
    wait_for_app(page, charts=MIN_CHARTS)
    show_control(page, "population")
    expect(key_container(page, "population").locator("input")).to_have_value("120000",
                                                                             timeout=30_000)
    expect(county).to_have_value(re.compile("120,000"), timeout=30_000)
    assert t("preset.county-mid.name", lang) not in county.input_value()
    assert_clean(page)


def test_a_comparison_link_restores_the_comparison(page, app_server, browser, console):
    from ui.pages import compare

    goto(page, app_server + "/compare", charts=1)
    wait_for_idle(page)
    _select(page, compare.K_PAIR, t("compare.pair_label", name=t("preset.critics-case.name"),
                                    reference=t("compare.current")))
    # the lens sliders: move "cost" to its maximum with the keyboard (a fragment run)
    thumb = key_container(page, compare.weight_key("cost")).locator('input[type="range"], [role="slider"]').first
    thumb.focus()
    thumb.press("End")
    expect(page).to_have_url(re.compile(r"cw=\d+-\d+-10-"), timeout=60_000)
    link = page.url
    query = parse_qs(urlsplit(link).query)
    assert query["cs"] == ["current,preset:program-case,preset:critics-case"]
    assert query["cp"] == ["preset:critics-case"]

    context, other = new_page(browser, console)  # another browser opens the copied link
    try:
        goto(other, link, charts=1)
        wait_for_idle(other)
        pair = key_container(other, compare.K_PAIR).locator("input")
        expect(pair).to_have_value(re.compile(re.escape(t("preset.critics-case.name"))),
                                   timeout=90_000)  # drawn after the comparison's runs
        cost = key_container(other, compare.weight_key("cost"))
        expect(cost).to_contain_text("10", timeout=90_000)
        assert parse_qs(urlsplit(other.url).query)["cw"] == query["cw"]
        assert_clean(other)
    finally:
        context.close()
    page.reload()  # a reload keeps it too
    page.wait_for_function("() => window.__stRuns > 0", timeout=60_000)
    wait_for_idle(page)
    expect(key_container(page, compare.K_PAIR).locator("input")).to_have_value(
        re.compile(re.escape(t("preset.critics-case.name"))), timeout=90_000)
    expect(key_container(page, compare.weight_key("cost"))).to_contain_text("10", timeout=90_000)


def test_a_scenario_saved_in_one_browser_context_is_absent_from_anothers(page, app_server, browser,
                                                                         console):
    name = "Saved in browser A"
    goto(page, app_server, charts=MIN_CHARTS)
    open_actions(page)
    key_container(page, "act_explore_save_name").locator("input").fill(name)
    key_container(page, "act_explore_save_name").locator("input").press("Enter")
    key_container(page, "act_explore_save").get_by_role("button").click()
    expect(page.get_by_text(t("actions.saved", name=name))).to_be_visible(timeout=60_000)
    page.wait_for_function("() => document.cookie.includes('sim287g_owner=')", timeout=15_000)
    assert "sim287g_owner" not in page.url

    context, other = new_page(browser, console)  # browser B: its own cookies and storage
    try:
        goto(other, app_server, charts=MIN_CHARTS)
        open_actions(other)
        expect(key_container(other, "act_explore_panel")).to_contain_text(
            t("actions.library_empty"), timeout=30_000)
        goto(other, app_server + "/compare", charts=1)
        wait_for_idle(other)
        key_container(other, "compare_pick").locator("input").click()
        assert other.get_by_role("option", name=re.compile(re.escape(name))).count() == 0
        assert_clean(other)
    finally:
        context.close()

    page.reload()  # browser A, a new session: its own scenario is still there
    page.wait_for_function("() => window.__stRuns > 0", timeout=60_000)
    wait_for_app(page, charts=MIN_CHARTS)
    open_actions(page)
    expect(key_container(page, "act_explore_open_pick").locator("input")).to_have_value(
        re.compile(re.escape(name)), timeout=15_000)


def test_every_export_carries_its_provenance(page, app_server):
    """In Spanish, with an accented scenario name: the CSV, the report and the chart images say
    which scenario, county, model version and date they come from, link back and carry the
    notice; the file names keep their letters; the report is small; the link copies."""
    import csv
    import io
    import zipfile

    from PIL import Image

    import model

    name = "Modelo JEM revisión universal"
    goto(page, app_server + "/?lang=es", charts=MIN_CHARTS)
    open_actions(page)
    box = key_container(page, "act_explore_save_name").locator("input")
    box.fill(name)
    box.press("Enter")
    wait_for_idle(page)
    county = t("preset.county-mid.name", "es")

    file_name, data = _download(page, "act_explore_dl_csv")
    assert file_name.startswith("modelo-jem-revision-universal-results-") and file_name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(data.decode())))
    about = {r[1]: r[3] for r in rows if r[0] == t("export.section.about", "es")}
    assert about[t("export.scenario", "es")] == name
    assert about[t("export.county", "es")] == county
    assert about[t("export.version", "es")] == model.MODEL_VERSION
    assert about[t("export.notice_label", "es")] == t("export.notice", "es")
    assert about[t("export.link", "es")].startswith(app_server)

    file_name, data = _download(page, "act_explore_dl_report")
    assert file_name.startswith("modelo-jem-revision-universal-report-")
    assert len(data) < 1_500_000, len(data)
    html = data.decode()
    for text in (name, county, model.MODEL_VERSION, t("export.notice", "es")):
        assert text in html
    phone = page.context.new_page()  # the report reads on a phone: nothing wider than 390 px
    try:
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.set_content(html)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.locator("img[src^='data:image/svg+xml']").count() >= 7
        phone.emulate_media(media="print")  # each section starts a printed page
        breaks = phone.evaluate("[...document.querySelectorAll('h2')].map(h => "
                                "getComputedStyle(h).breakBefore)")
        assert breaks[0] != "page" and set(breaks[1:]) == {"page"}, breaks
    finally:
        phone.close()

    file_name, data = _download(page, "act_explore_dl_png")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pngs = [n for n in zf.namelist() if n.endswith(".png")]
        assert pngs and all(n.startswith("modelo-jem-revision-universal-") for n in pngs)
        img = Image.open(io.BytesIO(zf.read(pngs[0])))
    assert img.text["Title"] == name and img.text["Source"].startswith(app_server)
    assert t("export.notice", "es") in img.text["Description"]

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name=t("actions.copy_link", "es")).click()
    expect(page.get_by_text(t("actions.copied", "es"))).to_be_visible(timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlsplit(copied).query) == parse_qs(urlsplit(page.url).query)
    assert_clean(page)


@pytest.mark.parametrize("path", ["/", "/compare"])
def test_no_failed_request_of_ours_when_a_page_is_opened_by_its_address(page, app_server, path):
    """Opened on a page's own address, the only failing requests are Streamlit's two base-path
    probes (its frontend tries <page>/_stcore/health and host-config before /_stcore/...); none
    comes from the app (README, "Hosting it for a room")."""
    failed = []
    page.on("response", lambda r: failed.append((r.status, r.url, r.request.resource_type))
            if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(("failed", r.url, r.request.resource_type)))
    goto(page, app_server + path, charts=1)
    wait_for_idle(page)
    probes = {f"{app_server}{path}/_stcore/health", f"{app_server}{path}/_stcore/host-config"}
    ours = [f for f in failed if f[1] not in probes]
    assert not ours, ours
    assert {f[1] for f in failed} == (probes if path != "/" else set())
    assert all(f[0] == 404 and f[2] == "fetch" for f in failed)
