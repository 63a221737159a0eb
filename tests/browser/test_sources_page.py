"""The sources page at a laptop width (1366 px), both languages: every parameter row is on the
page (not a 10-row grid), the Source and Evidence cells sit inside the viewport (no sideways
scrolling), the source cells link to the registry's addresses, and the search filters rows."""
from __future__ import annotations

import pytest

import model
from model import sources as S
from tests.browser.helpers import goto, wait_for_idle

SHOTS = "/tmp/sim287g-sources"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sources_table_fits_1366_and_lists_every_parameter(page, app_server, lang):
    page.set_viewport_size({"width": 1366, "height": 768})
    goto(page, app_server + f"/sources?lang={lang}")
    table = page.locator('[data-testid="sources-table"]')
    table.wait_for(timeout=60_000)
    rows = table.locator("tbody tr")
    assert rows.count() == len(model.REGISTRY)
    geometry = page.evaluate("""() => {
        const t = document.querySelector('[data-testid="sources-table"]');
        const cells = [...t.querySelectorAll('tbody td:nth-child(3), tbody td:nth-child(4), thead th')];
        return {vw: document.documentElement.clientWidth,
                right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
                left: Math.min(...cells.map(c => c.getBoundingClientRect().left)),
                wide: [...t.querySelectorAll('td, th')].filter(c => c.scrollWidth > c.clientWidth + 1).length,
                docScroll: document.documentElement.scrollWidth};
    }""")
    assert geometry["left"] >= 0 and geometry["right"] <= geometry["vw"], geometry
    assert geometry["wide"] == 0, geometry  # no cell cut: text wraps
    assert geometry["docScroll"] <= geometry["vw"], geometry
    # the source column links the registry's addresses
    hausman = S.by_id()["hausman-2020"]
    link = table.locator(f'tr[data-param="additionality_serious_ratio"] a[href="{hausman.url}"]')
    assert link.count() == 1
    assert "[evidence" not in table.inner_text() and "[evidencia" not in table.inner_text()
    page.screenshot(path=f"{SHOTS}-{lang}-1366.png", full_page=False)

    # the search narrows the rows (it also searches the cited entries' authors)
    box = page.locator('[data-testid="stTextInput"] input').first
    box.fill("Hausman")
    box.press("Enter")
    wait_for_idle(page)
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"sources-table\"] tbody tr').length === n",
        arg=sum(1 for p in model.REGISTRY if hausman in S.for_param(p)), timeout=30_000)
