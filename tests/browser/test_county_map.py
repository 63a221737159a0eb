"""The national map in Chromium (issue 16): it renders offline, a click on a county chooses it
without the map being sent again, and visiting it does not make a slider move on Explore any
heavier (the map is not resent).

Bytes are counted on the websocket (every message the server sends); timing is left to
``benchmarks/bench_county_map.py``.
"""
from __future__ import annotations

from playwright.sync_api import expect

from . import helpers as h

BYTES_JS = """
(() => {
  window.__stBytes = 0;
  const Orig = window.WebSocket;
  class ByteCountingWebSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        window.__stBytes += ev.data.byteLength !== undefined ? ev.data.byteLength : ev.data.length;
      });
    }
  }
  window.WebSocket = ByteCountingWebSocket;
})();
"""
# Where a county's path is drawn: Plotly binds each choropleth path to its calc point (.loc).
COUNTY_BOX_JS = """
(fips) => {
  for (const p of document.querySelectorAll('.js-plotly-plot path.choroplethlocation')) {
    const d = p.__data__;
    if (d && d.loc === fips) {
      const r = p.getBoundingClientRect();
      return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height};
    }
  }
  return null;
}
"""
LEVER = "officers_jem"  # a slider shown in the sidebar's default section


def bytes_so_far(page) -> int:
    return page.evaluate("() => window.__stBytes || 0")


def open_page_by_menu(page, title: str) -> None:
    """Client-side navigation (same session), through the top menu's link."""
    n = h.run_count(page)
    page.get_by_role("link", name=title, exact=True).first.click()
    h.wait_for_rerun(page, n, timeout=60_000)


def slider_move_bytes(page, moves: int = 3) -> float:
    per = []
    for i in range(moves):
        n, b = h.run_count(page), bytes_so_far(page)
        h.move_slider(page, LEVER, keyname="ArrowRight" if i % 2 == 0 else "ArrowLeft")
        h.wait_for_rerun(page, n, timeout=60_000)
        h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
        per.append(bytes_so_far(page) - b)
    return sorted(per)[len(per) // 2]


def test_the_map_renders_and_a_click_chooses_the_county(app_server, page):
    page.context.add_init_script(BYTES_JS)
    h.goto(page, app_server.rstrip("/") + "/map", charts=1, timeout=90_000)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length > 3000",
        timeout=60_000)
    box = page.evaluate(COUNTY_BOX_JS, "48201")
    assert box and box["w"] > 2 and box["h"] > 2, box
    h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
    n, b = h.run_count(page), bytes_so_far(page)
    page.mouse.click(box["x"], box["y"])
    h.wait_for_rerun(page, n, timeout=60_000)
    expect(page.get_by_text("Chosen: Harris County, TX.")).to_be_visible(timeout=30_000)
    h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
    # The click reran the page with the same figure: the map is not sent again.
    assert bytes_so_far(page) - b < 100_000, bytes_so_far(page) - b
    # The chosen county's facts are now the jurisdiction's: Explore shows it in its panel.
    open_page_by_menu(page, "Explore")
    expect(page.get_by_text("Your county: Harris County, TX")).to_be_visible(timeout=30_000)


def test_visiting_the_map_does_not_make_a_slider_move_heavier(app_server, page):
    page.context.add_init_script(BYTES_JS)
    h.goto(page, app_server, charts=7, timeout=90_000)
    h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
    before = slider_move_bytes(page)
    b0 = bytes_so_far(page)
    open_page_by_menu(page, "Map")
    h.wait_for_charts(page, 1, timeout=60_000)
    h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
    map_bytes = bytes_so_far(page) - b0
    open_page_by_menu(page, "Explore")
    h.wait_for_charts(page, 7, timeout=60_000)
    h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
    after = slider_move_bytes(page)
    print(f"\nbytes per slider move: {before:,.0f} before the map, {after:,.0f} after; "
          f"map page: {map_bytes:,.0f}")
    assert map_bytes > 500_000  # the map itself did come (its boundaries are ~835 KB)
    assert after <= before * 1.1 + 2_000, (before, after)
    assert after < 300_000
