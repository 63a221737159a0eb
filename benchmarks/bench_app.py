"""How fast the app answers a slider move, measured against the framework's floor.

    python benchmarks/bench_app.py [--moves 30] [--slider KEY] [--skip-browser]
                                   [--also NAME=PATH/app.py ...]

One run measures, for the real app (``app.py``, explore page) and for the floor
(``benchmarks/floor_app.py``: a bare Streamlit app with one slider drawing the same number of
Plotly figures, of the same shape, from constant data; its slider moves one chart. Variants
are measured beside it for context, never as the targets' reference: ``floor-nc``
rebuilds its figures on every run, ``floor-all`` moves every chart, as a lever does in the app,
``floor-shell`` puts the floor in the shell the issue asks of every page (language switch,
notice, navigation, captions); in the browser, ``floor-aa`` is the floor once more, to show how
far two identical apps differ in the same run):

(a) server-side rerun after a slider move (Streamlit's AppTest, in this process), with a cold
    cache (the slider moved to a value never run, so the simulation and figures are computed)
    and a warm one (the slider moved back and forth between two values already run). The floor
    caches its figures per slider value the same way. Target: warm <= 1.25x floor.
(b) in headless Chromium (Debian's chromium through Playwright): slider release -> chart
    updated, p50 and p95 over ``--moves`` keyboard moves, app and floor moved alternately. The
    clock starts at the keydown event in the page and stops at the first animation frame where
    the watched chart (found by its container's key) is drawn with data not seen before the move
    (and, second figure, where the script run has finished: every chart updated). Each move goes
    to a new value (a cache miss in the real app). Targets: p50 <= 250 ms, p95 <= 400 ms,
    <= 1.25x the floor.
(c) first page load: navigation start -> every chart drawn and the script run finished, in a
    fresh browser context (empty HTTP cache). Target <= 3 s.
(d) bytes per interaction: websocket frame payloads (both directions, as Playwright reports them,
    i.e. after permessage-deflate decompression: an upper bound on the wire) plus any HTTP
    response bodies, for one slider move. Target <= 300 KB.

``--also`` adds another version of the app (say a ``git worktree`` of an earlier commit) to the
browser run, moved in turn with the others: an A/B trial on the same moments of the machine,
steadier than comparing two runs. Only in the browser: AppTest runs apps in this process, where
the first app's ``ui`` modules are already imported.

Not a test: it prints figures and ratios. The machine may be shared; run it on a quiet machine
and look at the spread (p95) before believing a ratio.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    _FINGERPRINT_JS,
    StreamlitServer,
    launch_chromium,
    new_page,
    run_count,
    slider_thumb,
    wait_for_app,
    wait_for_rerun,
)
from driving import show_control, show_section  # noqa: E402  (benchmarks/driving.py)

FLOOR = "benchmarks/floor_app.py"
FLOOR_KEY = "shift"
# The chart watched in the browser, by its container's key: the floor's first chart (which its
# slider moves), and explore's trust and reporting chart (which the default slider moves).
WATCH = {FLOOR: "chart_0"}
APP_CHART = "chart_trust_reporting"
# Explore-page sliders that move the charts, in order of preference (the first one present and
# visible without opening an expander, once the sidebar shows its section, is used).
CANDIDATE_KEYS = ("trust_erosion", "reporting_trust_elasticity", "additionality", "officers_jem")

REFERENCES = ("floor", "floor-nc", "floor-all", "floor-shell")  # the targets: against "floor"
NOISE = "floor-aa"  # a second, identical floor (browser only): how far two equal apps differ
TARGETS = {
    "warm_ratio": 1.25, "p50_ms": 250.0, "p95_ms": 400.0, "browser_ratio": 1.25,
    "load_s": 3.0, "bytes_kb": 300.0,
}


def pct(values, q: float) -> float:
    """The q-th percentile (0-100), linear interpolation, as numpy's default."""
    xs = sorted(x for x in values if x == x)  # NaN (not measured) left out
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100.0
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "OVER"


# ============================================================================================
# (a) AppTest


def _n_points(v) -> int:
    if isinstance(v, dict) and "bdata" in v:
        size = {"f8": 8, "f4": 4, "i4": 4, "u4": 4, "i2": 2, "u2": 2, "i1": 1, "u1": 1}
        return len(base64.b64decode(v["bdata"])) // size.get(v.get("dtype", "f8"), 8)
    return len(v) if isinstance(v, (list, tuple)) else 0


def _count(node) -> int:
    """Elements and blocks in an AppTest tree (what a rerun sends to the browser)."""
    children = getattr(node, "children", None)
    return 1 + sum(_count(c) for c in children.values()) if children else 1


def figure_shape(at) -> tuple[int, int, int, int]:
    """(figures, traces per figure, points per trace, spec bytes) of the Plotly charts drawn."""
    charts = at.get("plotly_chart")
    traces, points, size = [], [], 0
    for el in charts:
        spec = el.proto.spec
        size += len(spec)
        data = json.loads(spec).get("data", [])
        traces.append(len(data))
        for tr in data:
            points.append(max(_n_points(tr.get("x")), _n_points(tr.get("y"))))
    n = len(charts)
    return (n, round(statistics.mean(traces)) if traces else 0,
            round(statistics.mean(points)) if points else 0, size)


def _slider_values(at, key: str, count: int) -> list:
    """``count`` distinct values reachable from the slider's current value, stepping up (or down
    when too close to the maximum)."""
    s = at.slider(key=key)
    step = s.proto.step or 1
    lo, hi, v = s.proto.min, s.proto.max, s.value
    direction = 1 if v + step * count <= hi else -1
    out = []
    for i in range(1, count + 1):
        x = v + direction * step * i
        x = int(round(x)) if float(step).is_integer() and float(v).is_integer() else round(x, 10)
        if not lo <= x <= hi:
            break
        out.append(x)
    return out


def apptest_rerun(cases: dict[str, tuple[str, str, dict]], moves: int = 10) -> dict[str, dict]:
    """Per app (name -> (script, slider key, environment)): seconds of the first run and medians of a rerun
    after a slider move, cold (to a value never run: everything keyed on the parameters misses
    the cache) and warm (alternating between two values already run). The apps are measured
    interleaved, move by move, so a busy neighbour on a shared machine slows both alike."""
    from streamlit.testing.v1 import AppTest

    apps, out, envs = {}, {}, {}
    for name, (script, key, env) in cases.items():
        envs[name] = env
        os.environ.update(env)
        at = AppTest.from_file(str(ROOT / script), default_timeout=120)
        t = time.perf_counter()
        at.run()
        first = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"{script} raised: {at.exception[0].message}")
        show_section(at, key)
        keys = [s.key for s in at.slider]
        if key not in keys:
            raise RuntimeError(f"{script}: no slider with key {key!r} (sliders: {keys})")
        apps[name] = (at, key, _slider_values(at, key, moves))
        out[name] = {"key": key, "first": first, "cold": [], "warm": []}

    for i in range(moves):
        for name, (at, key, vals) in apps.items():
            os.environ.update(envs[name])
            t = time.perf_counter()
            at.slider(key=key).set_value(vals[i % len(vals)]).run()
            out[name]["cold"].append(time.perf_counter() - t)
    pairs = {}
    for name, (at, key, vals) in apps.items():
        pairs[name] = vals[:2]
        os.environ.update(envs[name])
        for v in vals[:2]:  # both values cached
            at.slider(key=key).set_value(v).run()
    for i in range(moves):
        for name, (at, key, _) in apps.items():
            os.environ.update(envs[name])
            t = time.perf_counter()
            at.slider(key=key).set_value(pairs[name][i % 2]).run()
            out[name]["warm"].append(time.perf_counter() - t)
    for name, (at, _, _) in apps.items():
        if at.exception:
            raise RuntimeError(f"{name} raised: {at.exception[0].message}")
        for k in ("cold", "warm"):
            xs = out[name][k]
            out[name][k] = statistics.median(xs)
            out[name][k + "_min"] = min(xs)
    return out


# ============================================================================================
# (b)-(d) the browser

# A chart's data fingerprint is the browser tests' own (tests/browser/helpers.py).
_BENCH_JS = """
(() => {
  const sig = __FINGERPRINT__;
  // The chart watched is found by its container's key, not by its place in the page: a chart
  // whose figure changed is mounted anew, and for a moment the page holds the old one (stale)
  // and the new one, or neither, so "the first chart on the page" can be another chart.
  // A chart counts as updated when a plot with data (not one still being mounted) and a
  // fingerprint not seen before the move appears.
  const plots = (sel) => Array.from(document.querySelectorAll(sel + ' .js-plotly-plot'));
  const drawn = (s) => !s.endsWith(':0');
  const state = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state');
  };
  const B = window.__bench = {t0: null, armed: false};
  document.addEventListener('keydown', (e) => {
    if (B.armed && B.t0 === null) B.t0 = e.timeStamp;
  }, true);
  B.arm = (watch) => {
    B.t0 = null; B.armed = true; B.watch = watch;
    B.beforeAll = new Set(plots('').map(sig)); B.beforeWatch = new Set(plots(watch).map(sig));
    B.runs = window.__stRuns || 0;
    B.first = null; B.watched = null; B.done = null;
    window.__stMsgTimes = [];
  };
  const updated = (sel, before) => plots(sel).map(sig).some((s) => drawn(s) && !before.has(s));
  B.wait = (timeoutMs) => new Promise((resolve) => {
    const start = performance.now();
    const tick = (now) => {
      if (B.t0 !== null) {
        if (B.first === null && updated('', B.beforeAll)) B.first = now;
        if (B.watched === null && updated(B.watch, B.beforeWatch)) B.watched = now;
        if (B.done === null && (window.__stRuns || 0) > B.runs && state() === 'notRunning') {
          B.done = now;
        }
      }
      const finished = B.done !== null && B.watched !== null;
      if (finished || now - start > timeoutMs) {
        B.armed = false;
        const rel = (t) => (t === null || B.t0 === null) ? null : t - B.t0;
        const msgs = (window.__stMsgTimes || []).filter(t => B.t0 !== null && t >= B.t0);
        window.__stMsgTimes = null;
        resolve({first: rel(B.first), watched: rel(B.watched), done: rel(B.done),
                 msg_first: msgs.length ? rel(msgs[0]) : null,
                 msg_last: msgs.length ? rel(msgs[msgs.length - 1]) : null});
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
})();
"""


class Traffic:
    """Sums websocket frame payloads and HTTP response bodies seen by a page."""

    def __init__(self, page):
        self.ws_in = self.ws_out = self.http = 0
        self.frames_in = self.frames_out = 0
        page.on("websocket", self._on_ws)
        page.on("requestfinished", self._on_request)

    def _on_ws(self, ws):
        ws.on("framereceived", lambda payload: self._frame(payload, True))
        ws.on("framesent", lambda payload: self._frame(payload, False))

    def _frame(self, payload, incoming: bool):
        n = len(payload.encode() if isinstance(payload, str) else payload)
        if incoming:
            self.ws_in += n
            self.frames_in += 1
        else:
            self.ws_out += n
            self.frames_out += 1

    def _on_request(self, request):
        try:
            self.http += max(0, request.sizes().get("responseBodySize", 0))
        except Exception:  # noqa: BLE001 - a request that went away
            pass

    def reset(self):
        self.ws_in = self.ws_out = self.http = self.frames_in = self.frames_out = 0

    @property
    def total(self) -> int:
        return self.ws_in + self.ws_out + self.http


class BrowserCase:
    """One app in the browser: its server, a page with the slider focused, and the figures.
    ``main`` drives the app and the floor alternately, one load or move each in turn, so both
    see the same moments of a shared machine."""

    def __init__(self, browser, name: str, script: str, key: str, moves: int, env: dict):
        self.browser, self.name, self.key = browser, name, key
        self.chart = WATCH.get(script, APP_CHART)
        self.server = StreamlitServer(script, log_path=Path(f"/tmp/bench-{name}.log"), env=env)
        self.moves = moves
        self.loads: list[float] = []
        self.r: dict[str, list] = {k: [] for k in ("first", "watched", "done", "msg_first",
                                                   "msg_last")}
        self.misses = 0
        self.bytes: list[tuple] = []
        self.context = self.page = self.traffic = None

    def start(self) -> None:
        self.server.start()

    def load_once(self) -> None:
        """(c) navigation start -> every chart drawn, in a fresh context (empty HTTP cache)."""
        context, page = new_page(self.browser)
        try:
            page.goto(self.server.url, wait_until="commit")
            wait_for_app(page, timeout=60_000, charts=1)
            self.loads.append(page.evaluate("() => performance.now()") / 1000.0)
        finally:
            context.close()

    def open(self, spare_moves: int) -> None:
        self.context, self.page = new_page(self.browser)
        self.traffic = Traffic(self.page)
        self.page.goto(self.server.url)
        wait_for_app(self.page, timeout=60_000, charts=1)
        self.page.wait_for_timeout(500)
        self.page.evaluate(_BENCH_JS.replace("__FINGERPRINT__", _FINGERPRINT_JS.strip()))
        show_control(self.page, self.key)
        thumb = slider_thumb(self.page, self.key)
        thumb.scroll_into_view_if_needed()
        hi, cur = (float(thumb.get_attribute(a)) for a in ("max", "value"))
        step = float(thumb.get_attribute("step") or 1)
        self.press = "ArrowRight" if cur + step * spare_moves <= hi else "ArrowLeft"

    def move(self) -> None:
        """(b) one keyboard move: keydown -> first frame with the first chart's data changed."""
        page = self.page
        slider_thumb(page, self.key).focus()
        page.evaluate("(w) => window.__bench.arm(w)", f".st-key-{self.chart}")
        page.keyboard.press(self.press)
        r = page.evaluate("() => window.__bench.wait(10000)")
        if r["watched"] is None or r["done"] is None:
            self.misses += 1
            if os.environ.get("BENCH_DEBUG"):
                print(f"    {self.name} miss:", r, file=sys.stderr)
        else:
            for k in self.r:
                self.r[k].append(r[k] if r[k] is not None else float("nan"))
        page.wait_for_timeout(150)  # let the page settle between moves

    def bytes_move(self) -> None:
        """(d) bytes for one slider move (websocket payloads both ways + HTTP bodies)."""
        page = self.page
        slider_thumb(page, self.key).focus()
        page.wait_for_timeout(300)
        n = run_count(page)
        self.traffic.reset()
        page.keyboard.press(self.press)
        wait_for_rerun(page, n, timeout=30_000)
        page.wait_for_timeout(500)  # trailing messages (e.g. the URL update)
        t = self.traffic
        self.bytes.append((t.total, t.ws_in, t.ws_out, t.http, t.frames_in))

    def stop(self) -> None:
        try:
            if self.context is not None:
                self.context.close()
        finally:
            self.server.stop()

    def summary(self) -> dict:
        # the first move pays one-off costs (first rerun of the session): drop it
        r = {k: v[1:] for k, v in self.r.items()}
        loads = self.loads
        per_move = sorted(self.bytes)
        mid = per_move[len(per_move) // 2]
        return dict(
            p50=pct(r["watched"], 50), p95=pct(r["watched"], 95),
            done_p50=pct(r["done"], 50), done_p95=pct(r["done"], 95),
            first_p50=pct(r["first"], 50), n=len(r["watched"]), misses=self.misses,
            msg_first_p50=pct(r["msg_first"], 50), msg_last_p50=pct(r["msg_last"], 50),
            load_first=loads[0], load_median=statistics.median(loads[1:] or loads),
            load_max=max(loads),
            bytes_median=mid[0], ws_in=mid[1], ws_out=mid[2], http=mid[3], frames_in=mid[4],
            bytes_max=per_move[-1][0],
        )


def browser_bench(browser, cases: dict[str, tuple[str, str, dict]], moves: int, loads: int = 5,
                  byte_moves: int = 5) -> dict[str, dict]:
    """(b), (c), (d) for each app (name -> (script, slider key, environment)), interleaved."""
    runs = [BrowserCase(browser, name, script, key, moves, env)
            for name, (script, key, env) in cases.items()]
    try:
        for c in runs:
            c.start()
        for _ in range(loads):
            for c in runs:
                c.load_once()
        for c in runs:
            c.open(spare_moves=moves + byte_moves + 2)
        for _ in range(moves + 1):
            for c in runs:
                c.move()
        for _ in range(byte_moves):
            for c in runs:
                c.bytes_move()
        return {c.name: c.summary() for c in runs}
    finally:
        for c in runs:
            c.stop()


# ============================================================================================


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--moves", type=int, default=30, help="browser slider moves (default 30)")
    ap.add_argument("--apptest-moves", type=int, default=20, help="AppTest reruns per case")
    ap.add_argument("--slider", default=None, help="widget key of the slider to move")
    ap.add_argument("--app", default="app.py", help="the app script (default app.py)")
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-apptest", action="store_true")
    ap.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                    help="another version of the app, for the browser run (repeatable)")
    args = ap.parse_args(argv)
    also = dict(a.split("=", 1) for a in args.also)
    os.chdir(ROOT)

    print(f"benchmark {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")

    # Shape of the real page, so the floor draws the same number of figures of the same size.
    import streamlit as st
    from streamlit import config as st_config
    from streamlit import logger as st_logger
    from streamlit.testing.v1 import AppTest

    # AppTest runs without a server: keep Streamlit's "no runtime" / "missing context" notes quiet.
    st_config.set_option("logger.level", "error")
    st_logger.set_log_level("error")

    at = AppTest.from_file(str(ROOT / args.app), default_timeout=120)
    at.run()
    if at.exception:
        print(f"{args.app} raised: {at.exception[0].message}")
        return 1
    figures, traces, points, spec_bytes = figure_shape(at)
    n_pages = len(at._registered_pages)  # the pages the app's navigation registered (as tests/test_app.py reads them)
    key = args.slider or CANDIDATE_KEYS[0]
    show_section(at, key)
    keys = [s.key for s in at.slider]
    key = args.slider or next((k for k in CANDIDATE_KEYS if k in keys), None)
    if key is None:
        print(f"no slider to move among {CANDIDATE_KEYS}; sliders: {keys}")
        return 1
    os.environ.update(FLOOR_FIGURES=str(max(figures, 1)), FLOOR_TRACES=str(max(traces, 1)),
                      FLOOR_POINTS=str(max(points, 2)))
    print(f"real page: {figures} Plotly figures, ~{traces} traces x ~{points} points each, "
          f"{spec_bytes / 1024:.0f} KB of figure JSON; slider moved: {key!r}")
    fat = AppTest.from_file(str(ROOT / FLOOR), default_timeout=120)
    fat.run()
    f_figs, _, _, f_bytes = figure_shape(fat)
    print(f"floor: {FLOOR} with FLOOR_FIGURES={os.environ['FLOOR_FIGURES']} "
          f"FLOOR_TRACES={os.environ['FLOOR_TRACES']} FLOOR_POINTS={os.environ['FLOOR_POINTS']}: "
          f"{f_figs} figures, {f_bytes / 1024:.0f} KB of figure JSON; "
          f"elements and blocks drawn per run: app {_count(at._tree)}, floor {_count(fat._tree)}")
    del at, fat
    st.cache_data.clear()

    # "floor": figures cached per slider value (the framework's own cost only; the targets'
    # reference). For context: "floor-nc", the same app rebuilding every figure on every run;
    # "floor-all", the floor with every chart moved by its slider (as a lever moves all of the
    # real page's charts), so the browser redraws them all; "floor-shell", the floor inside the
    # shell the issue asks of every page (language switch and notice, navigation over as many
    # pages as the app has, a caption under each chart).
    def floor(cache: str, moving: str, shell: int = 0) -> tuple[str, str, dict]:
        return FLOOR, FLOOR_KEY, {"FLOOR_CACHE": cache, "FLOOR_MOVING": moving,
                                  "FLOOR_SHELL": str(shell)}

    cases = {
        "app": (args.app, key, {}),
        "floor": floor("1", "1"),
        "floor-nc": floor("0", "1"),
        "floor-all": floor("1", "99"),
        "floor-shell": floor("1", "1", n_pages),
    }
    names = list(cases)
    if not args.skip_apptest:
        print("\n(a) server-side rerun after a slider move (AppTest, median of "
              f"{args.apptest_moves}; cold = a value never run, warm = one already run)")
        res = apptest_rerun(cases, args.apptest_moves)
        print(f"    {'':11} {'first run':>10} {'cold':>10} {'warm':>10} {'(min cold':>10} "
              f"{'min warm)':>10}")
        for name in names:
            r = res[name]
            print(f"    {name:11} {r['first'] * 1000:8.0f}ms {r['cold'] * 1000:8.0f}ms "
                  f"{r['warm'] * 1000:8.0f}ms {r['cold_min'] * 1000:8.0f}ms "
                  f"{r['warm_min'] * 1000:8.0f}ms")
        real = res["app"]
        for ref in REFERENCES:
            rc, rw = real["cold"] / res[ref]["cold"], real["warm"] / res[ref]["warm"]
            print(f"    ratio app/{ref}: cold {rc:.2f}x, warm {rw:.2f}x "
                  f"(target warm <= {TARGETS['warm_ratio']}x: {verdict(rw, TARGETS['warm_ratio'])})")

    if not args.skip_browser:
        for name, script in also.items():
            cases[name] = (str(Path(script).resolve()), key, {})
        cases[NOISE] = cases["floor"]
        names, apps = list(cases), ["app", *also]  # each version of the app against the floors
        pw, browser = launch_chromium()
        try:
            results = browser_bench(browser, cases, args.moves)
        finally:
            browser.close()
            pw.stop()
        a = results["app"]
        print(f"\n(b) headless Chromium, slider release -> chart updated, {a['n']} moves "
              f"(first move dropped; misses "
              + ", ".join(f"{n} {results[n]['misses']}" for n in names) + ")")
        print(f"    {'':11} {'p50':>8} {'p95':>8}   {'all charts, run done p50':>24} {'p95':>8}")
        for name in names:
            r = results[name]
            print(f"    {name:11} {r['p50']:6.0f}ms {r['p95']:6.0f}ms   {r['done_p50']:22.0f}ms "
                  f"{r['done_p95']:6.0f}ms")
        print("    where the time goes (p50 from the keydown): first websocket message back, last "
              "message of the run, chart drawn, run done")
        for name in names:
            r = results[name]
            print(f"    {name:11} first msg {r['msg_first_p50']:5.0f}ms, last msg "
                  f"{r['msg_last_p50']:5.0f}ms, watched chart {r['p50']:5.0f}ms, run done "
                  f"{r['done_p50']:5.0f}ms")
        for app in apps:
            a = results[app]
            for ref in REFERENCES:
                f = results[ref]
                r50, r95 = a["p50"] / f["p50"], a["p95"] / f["p95"]
                print(f"    ratio {app}/{ref}: p50 {r50:.2f}x, p95 {r95:.2f}x, run done p50 "
                      f"{a['done_p50'] / f['done_p50']:.2f}x (target <= {TARGETS['browser_ratio']}x: "
                      f"p50 {verdict(r50, TARGETS['browser_ratio'])}, "
                      f"p95 {verdict(r95, TARGETS['browser_ratio'])})")
        f, aa = results["floor"], results[NOISE]
        print(f"    noise: {NOISE} is the floor again, moved in the same turns; {NOISE}/floor: p50 "
              f"{aa['p50'] / f['p50']:.2f}x, p95 {aa['p95'] / f['p95']:.2f}x (two identical apps "
              "differ this much in this run)")
        a = results["app"]
        print(f"    targets: p50 <= {TARGETS['p50_ms']:.0f}ms {verdict(a['p50'], TARGETS['p50_ms'])}, "
              f"p95 <= {TARGETS['p95_ms']:.0f}ms {verdict(a['p95'], TARGETS['p95_ms'])}")
        print("\n(c) first page load (navigation -> every chart drawn, fresh context)")
        for name in names:
            r = results[name]
            print(f"    {name:11} first after server start {r['load_first']:.2f}s, "
                  f"then median {r['load_median']:.2f}s, max {r['load_max']:.2f}s")
        print(f"    target <= {TARGETS['load_s']:.0f}s: "
              f"{verdict(a['load_median'], TARGETS['load_s'])} (median), "
              f"{verdict(a['load_first'], TARGETS['load_s'])} (first)")
        print("\n(d) bytes per slider move (median of 5; websocket payloads + HTTP bodies)")
        for name in names:
            r = results[name]
            print(f"    {name:11} {r['bytes_median'] / 1024:7.1f} KB (ws in {r['ws_in'] / 1024:.1f} KB "
                  f"in {r['frames_in']} frames, ws out {r['ws_out'] / 1024:.1f} KB, "
                  f"http {r['http'] / 1024:.1f} KB; max {r['bytes_max'] / 1024:.1f} KB)")
        print(f"    target <= {TARGETS['bytes_kb']:.0f} KB: "
              f"{verdict(a['bytes_median'] / 1024, TARGETS['bytes_kb'])}")
    print(f"\nload average at the end {os.getloadavg()[0]:.2f} (figures above are only as quiet "
          "as the machine was)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
