"""Export benchmarks: what a visitor waits for and gets when they download the results, through
the app's server in headless Chromium (as the other benchmarks, it imports no UI module).

    python benchmarks/bench_exports.py [--rounds 3] [--lang en]

Opens the explore page, opens the "Save, open, share and download" panel and clicks each
download in turn, ``--rounds`` times: the scenario file (the baseline: the same click and round
trip for a file of a few hundred bytes), the results CSV, the HTML report and the chart images
(ZIP). Prints each file's size and the median time from the click to the finished download,
and the ratio to the baseline's. The report and the chart images start a headless Chromium on
the server (kaleido), which is most of their time. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    StreamlitServer,
    goto,
    key_container,
    launch_chromium,
    new_page,
    run_count,
    wait_for_idle,
    wait_for_rerun,
)

DOWNLOADS = (("scenario (baseline)", "act_explore_dl_toml"), ("CSV", "act_explore_dl_csv"),
             ("report", "act_explore_dl_report"), ("chart images", "act_explore_dl_png"))


def download(page, key: str) -> tuple[float, int]:
    t = time.perf_counter()
    with page.expect_download(timeout=180_000) as info:
        key_container(page, key).get_by_role("button").click()
    path = info.value.path()
    return time.perf_counter() - t, os.path.getsize(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        server = StreamlitServer("app.py", log_path=Path(tmp) / "streamlit.log",
                                 env={"SIM287G_LIBRARY": str(Path(tmp) / "library")})
        pw = browser = None
        try:
            server.start()
            pw, browser = launch_chromium()
            context, page = new_page(browser)
            goto(page, f"{server.url}/?lang={args.lang}", charts=6)
            wait_for_idle(page)
            n = run_count(page)
            key_container(page, "act_explore_panel").locator("summary").click()
            wait_for_rerun(page, n)
            key_container(page, "act_explore_share").wait_for(state="visible", timeout=60_000)
            times: dict[str, list[float]] = {label: [] for label, _ in DOWNLOADS}
            sizes: dict[str, int] = {}
            for _ in range(args.rounds):
                for label, key in DOWNLOADS:
                    seconds, size = download(page, key)
                    times[label].append(seconds)
                    sizes[label] = size
            context.close()
        finally:
            if browser is not None:
                browser.close()
            if pw is not None:
                pw.stop()
            server.stop()
    base = statistics.median(times[DOWNLOADS[0][0]])
    for label, _ in DOWNLOADS:
        med = statistics.median(times[label])
        print(f"{label:20} {sizes[label] / 1e6:7.3f} MB   median {med:6.2f} s over {args.rounds} "
              f"clicks   {med / base:6.1f}x the baseline")
    print(f"report under 1.5 MB: {'yes' if sizes['report'] < 1_500_000 else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
