"""Model benchmarks: prints measured figures and their ratio to the targets of issue 2.

    python benchmarks/bench_model.py [--quick]

Measures, in one run: a deterministic run; 1,000 and 10,000 Monte Carlo draws over 10 years
(with monthly bands, as the app asks for them); a full tornado over every uncertain assumption;
a Sobol run (SALib); the peak memory of 10,000 draws; and the speed-up of the vectorised engine
over a plain-Python per-draw loop of the same equations (benchmarks/reference_loop.py), after
checking that the loop reproduces the engine's outcomes to 1e-9.

Each timing is the median of N repetitions after a warm-up (best also shown), with
time.perf_counter. Not a test: timings depend on the machine and on what else runs on it.
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
from model import resolve, simulate, uncertain  # noqa: E402
from model.sensitivity import global_sensitivity, tornado  # noqa: E402
from model.simulate import run_columns, sample  # noqa: E402

MB = 1024 * 1024


CPU_TIMES: list[float] = []  # CPU-time median of the last ``timed`` call


def timed(fn, repeat: int, warmup: int = 1) -> tuple[float, float]:
    """(median, best) wall seconds over ``repeat`` calls after ``warmup`` calls. The median
    CPU time (process_time) of the same calls goes to CPU_TIMES: on a machine shared with other
    work, wall time includes waiting for a core and CPU time does not."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU_TIMES[:] = [statistics.median(cpu)]
    return statistics.median(times), min(times)


def line(what: str, median_s: float, best_s: float, target_ms: float | None = None, extra: str = "") -> None:
    med, best, cpu = median_s * 1000, best_s * 1000, CPU_TIMES[0] * 1000
    verdict = ""
    if target_ms is not None:
        verdict = f"target <= {target_ms:g} ms  ratio {med / target_ms:.2f}  {'OK' if med <= target_ms else 'OVER'}"
    print(f"{what:<44} median {med:8.2f} ms  best {best:8.2f} ms  cpu {cpu:8.2f} ms  {verdict}{extra}")


def peak_rss_child(draws: int) -> tuple[float, float]:
    """Peak resident memory (MB) of a fresh Python process that imports the model, then runs
    ``draws`` draws: (peak after imports, peak after the run). Read from VmHWM in
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
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args()
    r = 3 if args.quick else 1

    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"{platform.machine()}; load average {os.getloadavg()[0]:.2f} (other work on the machine skews timings)")
    print()

    med, best = timed(lambda: simulate(), repeat=max(10, 50 // r), warmup=3)
    line("deterministic run (10 years, bands)", med, best, 5)
    med, best = timed(lambda: simulate(draws=1000, years=10), repeat=max(5, 21 // r), warmup=2)
    line("1,000 draws x 120 months (bands)", med, best, 30)
    med, best = timed(lambda: simulate(draws=10_000, years=10), repeat=max(3, 9 // r), warmup=1)
    line("10,000 draws x 120 months (bands)", med, best, 250)
    med, best = timed(lambda: simulate(draws=10_000, years=10, bands=False), repeat=max(3, 9 // r), warmup=1)
    line("10,000 draws, outcomes only (no bands)", med, best, None)

    n_unc = len(uncertain())
    med, best = timed(lambda: tornado({}, "net_crime_change"), repeat=max(10, 31 // r), warmup=2)
    line(f"tornado, {n_unc} assumptions x low/high", med, best, 50, f"  ({2 * n_unc + 1} runs, one batch)")

    import SALib.analyze.sobol  # noqa: F401  (import time ~1-2 s is not the analysis' cost)
    import SALib.sample.sobol  # noqa: F401

    g = global_sensitivity({}, "net_crime_change", method="sobol")
    med, best = timed(lambda: global_sensitivity({}, "net_crime_change", method="sobol"),
                      repeat=max(3, 7 // r), warmup=0)
    line(f"Sobol (SALib), N=256, {g.evaluations} runs", med, best, None,
         f"  top: {g.indices[0].name} ST={g.indices[0].st:.2f}")
    g = global_sensitivity({}, "net_crime_change", method="morris")
    med, best = timed(lambda: global_sensitivity({}, "net_crime_change", method="morris"),
                      repeat=max(3, 7 // r), warmup=0)
    line(f"Morris (SALib), 64 trajectories, {g.evaluations} runs", med, best, None)
    print()

    # ---- memory
    tracemalloc.start()
    simulate(draws=10_000, years=10)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    base_rss, peak_rss = peak_rss_child(10_000)
    print(f"{'peak memory, 10,000 draws (tracemalloc)':<44} {traced_peak / MB:9.1f} MB  target < 300 MB  "
          f"ratio {traced_peak / MB / 300:.2f}  {'OK' if traced_peak < 300 * MB else 'OVER'}")
    print(f"{'peak RSS of a fresh process, 10,000 draws':<44} {peak_rss:9.1f} MB  (whole process; "
          f"{base_rss:.1f} MB before the run)  {'OK' if peak_rss < 300 else 'OVER'}")
    print()

    # ---- vectorised engine vs a plain-Python loop of the same equations
    n_ref, n_vec = 200, 1000
    params = resolve({})
    cols_ref = sample(params, n_ref - 1, 0)  # n_ref columns: the central run and n_ref - 1 draws
    cols_vec = sample(params, n_vec - 1, 0)
    ref = reference_loop.run_draws(cols_ref, 120)
    w, wo = run_columns(cols_ref, 120)
    diff = reference_loop.max_rel_diff(ref, w, wo)
    ok = diff <= 1e-9
    print(f"reference loop reproduces the engine on {n_ref} draws (both worlds, 15 outcomes): "
          f"max relative difference {diff:.2e}  {'OK (<= 1e-9)' if ok else 'MISMATCH'}")
    # The agreement world alone: the counterfactual's state never moves, which the engine
    # detects (one month stands for all) and the plain loop does not; this pair compares the
    # month-by-month work only.
    from model import outcomes as oc
    from model.engine import Engine

    draws_ref = [{k: float(v[j]) for k, v in cols_ref.items()} for j in range(n_ref)]
    agreement_ref = lambda: [reference_loop.world(p, 120) for p in draws_ref]  # noqa: E731
    agreement_vec = lambda: oc.compute(Engine(cols_vec, 120))  # noqa: E731

    # interleaved rounds, so that load from other work on the machine hits both sides alike
    t_ref, t_vec, t_sim, a_ref, a_vec = [], [], [], [], []
    for _ in range(3):
        t_ref.append(timed(lambda: reference_loop.run_draws(cols_ref, 120), repeat=1, warmup=0)[0])
        t_vec.append(timed(lambda: run_columns(cols_vec, 120), repeat=max(3, 9 // r), warmup=1)[0])
        t_sim.append(timed(lambda: simulate(draws=n_vec - 1, years=10), repeat=max(3, 9 // r), warmup=1)[0])
        a_ref.append(timed(agreement_ref, repeat=1, warmup=0)[0])
        a_vec.append(timed(agreement_vec, repeat=max(3, 9 // r), warmup=1)[0])
    med_ref, med_vec, med_sim = statistics.median(t_ref), statistics.median(t_vec), statistics.median(t_sim)
    agr = statistics.median(a_ref) / n_ref / (statistics.median(a_vec) / n_vec)
    per_ref, per_vec, per_sim = med_ref / n_ref, med_vec / n_vec, med_sim / n_vec
    print(f"{'plain-Python loop, per draw (both worlds)':<44} {per_ref * 1e6:9.1f} us   ({n_ref} draws in {med_ref * 1000:.1f} ms)")
    print(f"{'vectorised engine, per draw (both worlds)':<44} {per_vec * 1e6:9.2f} us   ({n_vec} draws in {med_vec * 1000:.1f} ms)")
    print(f"{'speed-up, same work (outcomes of both worlds)':<44} {per_ref / per_vec:9.0f} x   target >= 50x  "
          f"ratio {per_ref / per_vec / 50:.2f}  {'OK' if per_ref / per_vec >= 50 else 'UNDER'}")
    print(f"{'speed-up, agreement world only':<44} {agr:9.0f} x   (month-by-month work alone; "
          f"{'OK' if agr >= 50 else 'UNDER'} against 50x)")
    print(f"{'speed-up vs full simulate() (with bands)':<44} {per_ref / per_sim:9.0f} x   "
          f"(simulate also computes p5/p50/p95 of 22 monthly series; {'OK' if per_ref / per_sim >= 50 else 'UNDER'} against 50x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
