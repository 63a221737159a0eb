"""Library save time at 10, 1,000 and 10,000 entries (scenarios/library.py), in one run.

Each library is filled by writing entry files directly and indexing them once (saving 10,000
entries one by one would take minutes), then 30 new scenarios are saved one after another and
the median save time is printed with its ratio to the 10-entry library's, measured in the same
run. A save is fsync-bound (five files written and synced), so the figure depends on the disk;
the ratio is what must stay near 1.

    python3 benchmarks/bench_library.py [--saves 30]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenarios import files as sc
from scenarios.library import Library  # noqa: E402

SIZES = (10, 1_000, 10_000)


def fill(root: Path, n: int) -> Library:
    root.mkdir(parents=True)
    template = sc.dumps(sc.from_values("@NAME@", {"trust_erosion": 0.01}))
    for i in range(n):
        (root / f"{uuid.uuid4().hex}.toml").write_text(template.replace("@NAME@", f"Entry {i}"))
    lib = Library(root, max_entries=20_000)
    lib.reindex()
    return lib


def save_times(lib: Library, saves: int, round_: int) -> list[float]:
    out = []
    for i in range(saves):
        scenario = sc.from_values(f"Benchmark {round_}-{i}", {"trust_erosion": 0.02})
        t = time.perf_counter()
        lib.save(scenario)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--saves", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        libs = {n: fill(Path(tmp) / f"lib{n}", n) for n in SIZES}
        times: dict[int, list[float]] = {n: [] for n in SIZES}
        for r in range(3):  # interleaved rounds, so a busy moment does not land on one size only
            for n in SIZES:
                times[n] += save_times(libs[n], args.saves // 3, r)
        base = statistics.median(times[SIZES[0]])
        print(f"{'entries':>8} {'median ms':>10} {'p90 ms':>8} {'ratio':>6}")
        for n in SIZES:
            med = statistics.median(times[n])
            p90 = statistics.quantiles(times[n], n=10)[-1]
            print(f"{n:>8,} {med * 1000:10.2f} {p90 * 1000:8.2f} {med / base:6.2f}")


if __name__ == "__main__":
    main()
