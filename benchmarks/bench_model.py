"""Model benchmarks: prints measured figures and their ratio to the targets of issue 2.

    python benchmarks/bench_model.py [--quick]

Measures, in one run: a deterministic run; 1,000 and 10,000 Monte Carlo draws over 10 years
(with monthly bands, as the app asks for them); a full tornado over every uncertain assumption;
a Sobol run (SALib); the peak memory of 10,000 draws; and the speed-up of the vectorised engine
over a plain-Python per-draw loop of the same equations (benchmarks/reference_loop.py), after
checking that the loop reproduces the engine's outcomes to 1e-9.

Timing: each figure is run in ROUNDS rounds of N calls (after a warm-up) with
time.perf_counter; the figure judged against the target is the best of the rounds' medians
("best-of-rounds median"), so a burst of other work on a shared machine does not decide it.
The median over every call and the median CPU time (time.process_time: excludes time spent
waiting for a core) are printed beside it. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [ROOT, HERE]

import numpy as np  # noqa: E402

import reference_loop  # noqa: E402
from model import outcomes as oc  # noqa: E402
from model import resolve, simulate, uncertain  # noqa: E402
from model.engine import Engine  # noqa: E402
from model.sensitivity import global_sensitivity, tornado  # noqa: E402
from model.simulate import run_columns, sample  # noqa: E402

MB = 1024 * 1024
ROUNDS = 5


class Timing:
    def __init__(self, wall: list[list[float]], cpu: list[float]):
        self.best_median = min(statistics.median(r) for r in wall)
        self.median = statistics.median([t for r in wall for t in r])
        self.cpu = statistics.median(cpu)


def timed(fn, calls: int, rounds: int = ROUNDS, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(rounds):
        times = []
        for _ in range(calls):
            c = time.process_time()
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        wall.append(times)
    return Timing(wall, cpu)


def line(what: str, t: Timing, target_ms: float | None = None, extra: str = "") -> None:
    best, med, cpu = t.best_median * 1000, t.median * 1000, t.cpu * 1000
    verdict = ""
    if target_ms is not None:
        verdict = f"  target <= {target_ms:g} ms  ratio {best / target_ms:.2f}  {'OK' if best <= target_ms else 'OVER'}"
    print(f"{what:<42} {best:8.2f} ms  (all-call median {med:7.2f}, cpu {cpu:7.2f}){verdict}{extra}")


def peak_rss_child(draws: int) -> tuple[float, float]:
    """Peak resident memory (MB) of a fresh Python process that imports the model, then runs
    ``draws`` draws: (peak before the run, peak after it). Read from VmHWM in
    /proc/self/status (ru_maxrss would include the parent's peak, inherited at fork)."""
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "from model import simulate\n"
        "simulate()\n"
        "base = hwm()\n"
        "simulate(draws=%d, years=10)\n"
        "print(base, hwm())\n" % (ROOT, draws)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    base, peak = map(float, out.split())
    return base, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer calls per round")
    args = ap.parse_args()
    q = 3 if args.quick else 1

    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"{platform.machine()}; load average {os.getloadavg()[0]:.2f} "
          f"(other work on the machine inflates wall times; cpu = process time)")
    print(f"times: best of {ROUNDS} rounds' medians")
    print()

    line("deterministic run (10 years, bands)", timed(lambda: simulate(), 30 // q, warmup=3), 5)
    line("1,000 draws x 120 months (bands)", timed(lambda: simulate(draws=1000), 9 // q, warmup=2), 30)
    line("10,000 draws x 120 months (bands)", timed(lambda: simulate(draws=10_000), max(1, 3 // q)), 250)
    line("10,000 draws, outcomes only (no bands)", timed(lambda: simulate(draws=10_000, bands=False), max(1, 3 // q)))
    n_unc = len(uncertain())
    line(f"tornado, {n_unc} assumptions x low/high", timed(lambda: tornado({}, "net_crime_change"), 21 // q, warmup=2),
         50, f"  [{2 * n_unc + 1} runs in one batch]")

    import SALib.analyze.sobol  # noqa: F401  (importing SALib/scipy takes ~1-2 s once per process)
    import SALib.sample.sobol  # noqa: F401

    g = global_sensitivity({}, "net_crime_change", method="sobol")
    line(f"Sobol (SALib), N=256: {g.evaluations} runs",
         timed(lambda: global_sensitivity({}, "net_crime_change", method="sobol"), 1, rounds=3, warmup=0),
         None, f"  [top: {g.indices[0].name}, ST {g.indices[0].st:.2f}]")
    g = global_sensitivity({}, "net_crime_change", method="morris")
    line(f"Morris (SALib), r=64: {g.evaluations} runs",
         timed(lambda: global_sensitivity({}, "net_crime_change", method="morris"), 3, rounds=3, warmup=0))
    print()

    # ---- memory
    tracemalloc.start()
    simulate(draws=10_000, years=10)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    base_rss, peak_rss = peak_rss_child(10_000)
    print(f"{'peak memory, 10,000 draws (tracemalloc)':<42} {traced_peak / MB:8.1f} MB  target < 300 MB  "
          f"ratio {traced_peak / MB / 300:.2f}  {'OK' if traced_peak < 300 * MB else 'OVER'}")
    print(f"{'peak RSS, fresh process, 10,000 draws':<42} {peak_rss:8.1f} MB  (whole process; {base_rss:.1f} MB "
          f"before the run)  {'OK' if peak_rss < 300 else 'OVER'}")
    print()

    # ---- the vectorised engine vs a plain-Python loop of the same equations
    n_ref, n_vec = 200, 1000
    params = resolve({})
    cols_ref = sample(params, n_ref - 1, 0)  # the central run and n_ref - 1 draws
    cols_vec = sample(params, n_vec - 1, 0)
    w, wo = run_columns(cols_ref, 120)
    diff = reference_loop.max_rel_diff(reference_loop.run_draws(cols_ref, 120), w, wo)
    ok = diff <= 1e-9
    print(f"reference loop vs engine, {n_ref} draws x 2 worlds x 15 outcomes: max relative difference "
          f"{diff:.1e}  {'OK (<= 1e-9)' if ok else 'MISMATCH'}")
    draws_ref = [{k: float(v[j]) for k, v in cols_ref.items()} for j in range(n_ref)]
    pairs = {
        # the same work: outcomes with and without the agreement for every draw. The engine
        # sees that the counterfactual's state never moves and computes one month of it.
        "both worlds": (lambda: reference_loop.run_draws(cols_ref, 120), lambda: run_columns(cols_vec, 120)),
        # the month-by-month work alone
        "agreement world only": (lambda: [reference_loop.world(p, 120) for p in draws_ref],
                                 lambda: oc.compute(Engine(cols_vec, 120))),
    }
    for label, (loop_fn, vec_fn) in pairs.items():
        t_loop, t_vec = [], []
        for _ in range(3):  # interleaved, so load from other work hits both sides alike
            t_loop.append(timed(loop_fn, 1, rounds=1, warmup=0))
            t_vec.append(timed(vec_fn, 5 // q + 1, rounds=1, warmup=1))
        loop_wall = min(t.best_median for t in t_loop) / n_ref
        vec_wall = min(t.best_median for t in t_vec) / n_vec
        loop_cpu = statistics.median(t.cpu for t in t_loop) / n_ref
        vec_cpu = statistics.median(t.cpu for t in t_vec) / n_vec
        s_wall, s_cpu = loop_wall / vec_wall, loop_cpu / vec_cpu
        print(f"{label + ', per draw':<42} loop {loop_wall * 1e6:7.1f} us, engine {vec_wall * 1e6:6.2f} us: "
              f"speed-up {s_wall:5.0f}x wall, {s_cpu:5.0f}x cpu  target >= 50x  ratio {s_wall / 50:.2f}  "
              f"{'OK' if s_wall >= 50 else 'UNDER'}")
    t_sim = timed(lambda: simulate(draws=n_vec - 1), 3, rounds=3)
    print(f"{'full simulate() with bands, per draw':<42} {t_sim.best_median / n_vec * 1e6:6.2f} us "
          f"(adds p5/p50/p95 of 22 monthly series, which the loop does not compute)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
