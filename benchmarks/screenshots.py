"""Screenshots of the main pages for the README, taken in headless Chromium (Debian's package).

    python benchmarks/screenshots.py [--out docs/screenshots] [--width 1366 --height 900]

Starts the app on a free port, opens each page in a fresh session at a laptop size, waits for
the script run to finish and the charts to be drawn, and saves the visible window as PNG:
explore.png, compare.png, drivers.png, sources.png, explore-es.png (the explore page with
``?lang=es``) and explore-charts.png (the explore page scrolled to its charts); on a 390 px
phone, phone.png (Spanish, the top of the results), phone-chart.png and phone-controls.png (the
sidebar open, its live results at the top); at 1920x1080, projector.png and present.png /
present-es.png (the presentation mode). Uses the same helpers as the browser tests (``tests/browser/helpers.py``).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    ConsoleRecorder,
    StreamlitServer,
    goto,
    launch_chromium,
    new_page,
    wait_for_app,
)

# file stem -> (path and query, Plotly charts to wait for)
PRESENT = "/present?seq=jem-universal,jem-targeted-safeguards,no-agreement&levers=trust_erosion"
SHOTS = {
    "explore": ("/", 6),
    "compare": ("/compare", 1),
    "drivers": ("/drivers", 1),
    "sources": ("/sources", 0),
    "explore-es": ("/?lang=es", 6),
    "explore-charts": ("/", 6),  # the same page scrolled to its charts
    # a phone: the top of the results, a chart, and the open sidebar with its live results
    "phone": ("/?lang=es", 6),
    "phone-chart": ("/", 6),
    "phone-controls": ("/", 6),
    # a projector: the explore page, and the presentation mode in both languages
    "projector": ("/", 6),
    "present": (PRESENT, 2),
    "present-es": (PRESENT + "&lang=es", 2),
}
SCROLL_TO = {"explore-charts": ".st-key-chart_trust_reporting",
             "phone": ".sim-notice", "phone-chart": ".st-key-chart_trust_reporting"}
PHONE, PROJECTOR = {"width": 390, "height": 844}, {"width": 1920, "height": 1080}
VIEWPORTS = {"phone": PHONE, "phone-chart": PHONE, "phone-controls": PHONE,
             "projector": PROJECTOR, "present": PROJECTOR, "present-es": PROJECTOR}
OPEN_SIDEBAR = {"phone-controls"}
LIMIT_BYTES = 400_000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--only", nargs="*", help="stems to take (default: all)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    viewport = {"width": args.width, "height": args.height}

    with tempfile.TemporaryDirectory() as tmp:
        # an empty scenario library, so nobody's saved scenarios show up in the pictures
        server = StreamlitServer("app.py", log_path=Path(tmp) / "streamlit.log",
                                 env={"SIM287G_LIBRARY": str(Path(tmp) / "library")})
        pw = browser = None
        problems = 0
        try:
            server.start()
            pw, browser = launch_chromium()
            for stem, (path, charts) in SHOTS.items():
                if args.only and stem not in args.only:
                    continue
                console = ConsoleRecorder()
                context, page = new_page(browser, console, viewport=VIEWPORTS.get(stem, viewport))
                try:
                    t = time.perf_counter()
                    goto(page, server.url + path, charts=charts)
                    page.wait_for_timeout(800)  # chart transitions, fonts, late layout
                    wait_for_app(page, charts=charts)
                    if stem in SCROLL_TO:
                        page.locator(SCROLL_TO[stem]).evaluate(
                            """el => {
                              el.scrollIntoView({block: 'start'});
                              // clear the sticky top bar (page navigation)
                              let p = el.parentElement;
                              while (p && !(p.scrollHeight > p.clientHeight
                                     && /(auto|scroll)/.test(getComputedStyle(p).overflowY))) {
                                p = p.parentElement;
                              }
                              (p || window).scrollBy(0, -90);
                            }""")
                        page.wait_for_timeout(300)
                    if stem in OPEN_SIDEBAR:
                        page.get_by_test_id("stExpandSidebarButton").click()
                        page.get_by_test_id("stSidebar").locator(".sim-live").wait_for(state="visible")
                        page.wait_for_timeout(600)  # the sidebar's slide-in
                    file = out / f"{stem}.png"
                    page.screenshot(path=str(file), animations="disabled", caret="hide")
                    size = file.stat().st_size
                    note = "" if size <= LIMIT_BYTES else f"  (over {LIMIT_BYTES // 1000} KB)"
                    print(f"{file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}: "
                          f"{size / 1024:.0f} KB, {time.perf_counter() - t:.1f}s{note}")
                    for err in console.unexpected():
                        problems += 1
                        print(f"  {stem}: {err}")
                finally:
                    context.close()
        finally:
            if browser is not None:
                browser.close()
            if pw is not None:
                pw.stop()
            server.stop()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
