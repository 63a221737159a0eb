"""Export benchmarks: the HTML report's size and build time, with charts as SVG images (now)
against the same report with Plotly's script inlined (as before), built in the same run.

    python benchmarks/bench_exports.py [--rounds 3]

Both reports are built from one model run (300 draws, 10 years, the defaults) in both
languages; the timing excludes the model run and the frontier sweep (built once, shared) and
includes the sensitivity run the summary needs, which both pay. "svg" starts a headless
Chromium per report (kaleido), which is most of its time. Also the tidy CSV's size and rows
beside the old monthly CSV's. Not a test: the figures depend on the machine and its load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import model  # noqa: E402
from model import sweep  # noqa: E402
from ui import charts, export, report  # noqa: E402
from ui.i18n import Translator  # noqa: E402


def inline_plotly_report(tr, res, frontier, prov) -> str:
    """The report as it was built before: every chart as Plotly HTML, the script inlined once
    (the rest of the report as now; no Chromium is started for it)."""
    parts, first = [], True
    for name in report.CHARTS:
        obj = frontier if name == "frontier" else res
        parts.append(getattr(charts, name)(obj, tr).to_html(full_html=False, include_plotlyjs=first))
        first = False
    draw, export.chart_images = export.chart_images, lambda *a, **k: None
    try:
        html = report.build(tr, res, name=prov.scenario, frontier=frontier, link=prov.link, prov=prov)
    finally:
        export.chart_images = draw
    head = f"<h2>{tr('report.charts')}</h2>"
    start = html.index(head) + len(head)
    end = html.index("<h2>", start)
    return html[:start] + "".join(parts) + html[end:]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    res = model.simulate(model.defaults(), draws=300, years=10)
    frontier = sweep.frontier(res.params, years=10)
    for lang in ("en", "es"):
        tr = Translator(lang)
        prov = export.Provenance("Benchmark scenario", "Mid-sized county",
                                 link="http://127.0.0.1:8501/?s=x")
        times = {"svg": [], "inline": []}
        sizes = {}
        for _ in range(args.rounds):
            t = time.perf_counter()
            sizes["svg"] = len(report.build(tr, res, name=prov.scenario, frontier=frontier,
                                            link=prov.link, prov=prov).encode())
            times["svg"].append(time.perf_counter() - t)
            t = time.perf_counter()
            sizes["inline"] = len(inline_plotly_report(tr, res, frontier, prov).encode())
            times["inline"].append(time.perf_counter() - t)
        for kind in ("svg", "inline"):
            print(f"{lang} report, {kind:6}: {sizes[kind] / 1e6:.2f} MB, median "
                  f"{statistics.median(times[kind]):.2f} s over {args.rounds} builds")
        print(f"{lang} size ratio svg / inline: {sizes['svg'] / sizes['inline']:.3f} "
              f"(target: under 1.5 MB)")
        tidy = export.tidy_csv(tr, res, prov)
        old = res.to_csv()
        print(f"{lang} CSV: tidy {len(tidy.encode()) / 1e3:.0f} KB, {len(tidy.splitlines())} rows; "
              f"monthly {len(old.encode()) / 1e3:.0f} KB, {len(old.splitlines())} rows x "
              f"{len(old.splitlines()[0].split(','))} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
