"""What the national map (issue 16) costs: bytes and time of a page load and a slider move,
with and without the map, in headless Chromium against a local server; and the server's cost
of building the map figure.

    python3 benchmarks/bench_county_map.py [--rounds 3] [--moves 10]

Prints medians over rounds. The baseline is measured in the same run: Explore's own load and
slider moves in a session that never opened the map.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import helpers as h  # noqa: E402
from tests.browser.test_county_map import BYTES_JS, COUNTY_BOX_JS, LEVER, bytes_so_far  # noqa: E402


def _menu(page, title: str) -> float:
    n, t = h.run_count(page), time.perf_counter()
    page.get_by_role("link", name=title, exact=True).first.click()
    h.wait_for_rerun(page, n, timeout=90_000)
    return time.perf_counter() - t


def _moves(page, k: int) -> tuple[list[float], list[int]]:
    times, sizes = [], []
    for i in range(k):
        n, b, t = h.run_count(page), bytes_so_far(page), time.perf_counter()
        h.move_slider(page, LEVER, keyname="ArrowRight" if i % 2 == 0 else "ArrowLeft")
        h.wait_for_rerun(page, n, timeout=60_000, charts=7)
        times.append(time.perf_counter() - t)
        h.wait_for_idle(page, quiet_ms=300, timeout=60_000)
        sizes.append(bytes_so_far(page) - b)
    return times, sizes


def server_side() -> dict[str, float]:
    """Reading the county tables (the benchmarks import no UI module: the map figure's own
    build is timed by the app's first run of the map page, in the browser figures)."""
    from scenarios import counties

    t = time.perf_counter()
    counties.load()
    counties.shapes()
    return {"tables and shapes read (s)": time.perf_counter() - t}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--moves", type=int, default=10)
    args = ap.parse_args()
    for k, v in server_side().items():
        print(f"server: {k}: {v:,.3f}")
    srv = h.StreamlitServer(log_path=Path("/tmp/bench_county_map.log"))
    url = srv.start().rstrip("/")
    pw, browser = h.launch_chromium()
    rows: dict[str, list[float]] = {}

    def add(name, x):
        rows.setdefault(name, []).append(x)

    try:
        for _ in range(args.rounds):
            for path, charts, name in (("", 7, "Explore"), ("/map", 1, "Map")):
                ctx, page = h.new_page(browser)
                ctx.add_init_script(BYTES_JS)
                t = time.perf_counter()
                h.goto(page, url + (path or "/"), charts=charts, timeout=120_000)
                add(f"first load of {name} (s)", time.perf_counter() - t)
                h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
                add(f"first load of {name} (bytes)", bytes_so_far(page))
                ctx.close()
            ctx, page = h.new_page(browser)
            ctx.add_init_script(BYTES_JS)
            h.goto(page, url + "/", charts=7, timeout=120_000)
            h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
            ts, bs = _moves(page, args.moves)
            add("slider move, map never opened (s, p50)", statistics.median(ts))
            add("slider move, map never opened (bytes, p50)", statistics.median(bs))
            for state_ in ("open", "closed"):  # the county picker's expander
                n = h.run_count(page)
                page.locator(".st-key-county_panel summary").first.click()
                h.wait_for_rerun(page, n, timeout=60_000, charts=7)
                h.wait_for_idle(page, quiet_ms=300, timeout=60_000)
                if state_ == "open":
                    ts, bs = _moves(page, 3)
                    add("slider move, county picker open (bytes, p50)", statistics.median(bs))
            b = bytes_so_far(page)
            add("switch to the map page in a session (s)", _menu(page, "Map"))
            h.wait_for_charts(page, 1, timeout=60_000)
            h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
            add("switch to the map page in a session (bytes)", bytes_so_far(page) - b)
            page.wait_for_function("() => document.querySelectorAll("
                                   "'.js-plotly-plot path.choroplethlocation').length > 3000")
            box = page.evaluate(COUNTY_BOX_JS, "48201")
            n, b, t = h.run_count(page), bytes_so_far(page), time.perf_counter()
            page.mouse.click(box["x"], box["y"])
            h.wait_for_rerun(page, n, timeout=60_000, charts=1)
            add("click on a county (s)", time.perf_counter() - t)
            h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
            add("click on a county (bytes)", bytes_so_far(page) - b)
            _menu(page, "Explore")
            h.wait_for_charts(page, 7, timeout=60_000)
            h.wait_for_idle(page, quiet_ms=400, timeout=60_000)
            ts, bs = _moves(page, args.moves)
            add("slider move, after the map (s, p50)", statistics.median(ts))
            add("slider move, after the map (bytes, p50)", statistics.median(bs))
            ctx.close()
    finally:
        browser.close()
        pw.stop()
        srv.stop()
    for name, xs in rows.items():
        med = statistics.median(xs)
        shown = f"{med:,.0f}" if "bytes" in name else f"{med:.3f}"
        print(f"{name}: {shown}  (rounds: {', '.join(f'{x:,.3f}' if x < 1000 else f'{x:,.0f}' for x in xs)})")
    base = statistics.median(rows["slider move, map never opened (bytes, p50)"])
    after = statistics.median(rows["slider move, after the map (bytes, p50)"])
    print(f"ratio, slider-move bytes after/before the map: {after / base:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
