"""Plain helpers for driving the Streamlit app in Debian's chromium through Playwright.

No pytest here: ``tests/browser/conftest.py``, ``benchmarks/bench_app.py`` and
``benchmarks/screenshots.py`` all use these.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("SIM287G_CHROMIUM", "/usr/bin/chromium")

# Flags for a closed network, running as root in a container: no sandbox (root), no GPU, no
# QUIC, no background traffic (updates, sync, safe-browsing lists), small /dev/shm tolerated.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
]

VIEWPORT = {"width": 1366, "height": 900}

# Console messages that are not the app's fault. Each entry: (regex, why it is harmless).
# Keep this short; anything else fails the test.
ALLOWED: list[tuple[str, str]] = [
    # Chromium's headless build logs this when a page asks for a permission policy feature it
    # does not know; it comes from the browser, not from our page's code.
    (r"Unrecognized feature: '", "Chromium permissions-policy notice about unknown features"),
    # Opened on a page's own address (/compare, ...), Streamlit's frontend finds the server's
    # base path by probing <path>/_stcore/health and host-config from the deepest path upward;
    # the 404s on the way are how it works (the next probe, one level up, succeeds).
    (r"^console\.error: Failed to load resource: the server responded with a status of 404 "
     r"\(Not Found\) \(http://127\.0\.0\.1:\d+/[\w/-]+/_stcore/(health|host-config):",
     "Streamlit's base-path probe when a page is opened by its own URL"),
]

APP_SELECTOR = '[data-testid="stApp"]'

# Counts finished Streamlit script runs. The data-test-script-state attribute on stApp is not
# enough on its own: when a rerun is fast, React may commit "running" and "notRunning" in one
# render and the attribute never changes. So we also read the websocket: every ForwardMsg is a
# protobuf whose top-level field 6 (``script_finished``, an enum) ends a run; status 0
# (FINISHED_SUCCESSFULLY) or 3 (FINISHED_FRAGMENT_RUN_SUCCESSFULLY) counts as a completed run,
# 2 (FINISHED_EARLY_FOR_RERUN) does not. Installed as an init script, before Streamlit connects.
_RUN_COUNTER_JS = """
(() => {
  window.__stRuns = 0;        // completed script runs
  window.__stMsgs = 0;        // ForwardMsgs received
  window.__stLastMsg = 0;     // performance.now() of the last one
  const varint = (b, i) => {
    let v = 0, shift = 0, byte;
    do { byte = b[i++]; v += (byte & 0x7f) * Math.pow(2, shift); shift += 7; }
    while (byte & 0x80 && i < b.length);
    return [v, i];
  };
  const finishedStatus = (buf) => {
    const b = new Uint8Array(buf);
    let i = 0;
    while (i < b.length) {
      let tag; [tag, i] = varint(b, i);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { let v; [v, i] = varint(b, i); if (field === 6) return v; }
      else if (wire === 2) { let n; [n, i] = varint(b, i); i += n; }
      else if (wire === 1) { i += 8; }
      else if (wire === 5) { i += 4; }
      else return null;
    }
    return null;
  };
  const onMessage = (ev) => {
    window.__stMsgs += 1;
    window.__stLastMsg = performance.now();
    if (window.__stMsgTimes) window.__stMsgTimes.push(window.__stLastMsg);  // benchmark only
    if (ev.data instanceof ArrayBuffer) {
      const st = finishedStatus(ev.data);
      if (st === 0 || st === 3) window.__stRuns += 1;
    }
  };
  const Orig = window.WebSocket;
  class CountingWebSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', onMessage);
    }
  }
  window.WebSocket = CountingWebSocket;
})();
"""


# --------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """``python -m streamlit run <script>`` in its own process group on a free port.

    ``stop()`` kills the whole group (Streamlit may start helpers); it is also registered with
    ``atexit`` so an interrupted session does not leave a server behind."""

    def __init__(self, script: str = "app.py", *, cwd: Path = ROOT, log_path: Path | None = None,
                 env: dict[str, str] | None = None, extra_args: tuple[str, ...] = ()):
        self.script = script
        self.cwd = Path(cwd)
        self.log_path = Path(log_path) if log_path else None
        self.env = env or {}
        self.extra_args = extra_args
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> str:
        self.port = free_port()
        cmd = [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false",
            *self.extra_args,
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            cmd, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        atexit.register(self.stop)
        self._wait_healthy(timeout)
        return self.url

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with code {self.proc.returncode} before it was healthy:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"streamlit not healthy after {timeout:.0f}s:\n" + self.log_tail())

    def log_tail(self, n: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            # The group may outlive its leader (a helper process): make sure it is gone.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None


# --------------------------------------------------------------------------------------------
# The browser


def launch_chromium(headless: bool = True):
    """(playwright, browser) using Debian's chromium; Playwright downloads nothing."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium (tests/run.sh does)")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=headless, args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": os.environ.get("HOME", "/root")},
        )
    except BaseException:
        pw.stop()
        raise
    return pw, browser


class ConsoleRecorder:
    """Collects console errors and uncaught page errors."""

    def __init__(self):
        self.errors: list[str] = []
        self.frozen = False

    def on_console(self, msg) -> None:
        if self.frozen or msg.type != "error":
            return
        loc = msg.location or {}
        where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
        self.errors.append(f"console.error: {msg.text}{where}")

    def on_pageerror(self, err) -> None:
        if not self.frozen:
            self.errors.append(f"pageerror: {err}")

    def clear(self) -> None:
        self.errors.clear()

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(re.search(p, e) for p, _ in ALLOWED)]


def new_page(browser, console: ConsoleRecorder | None = None, *, viewport=VIEWPORT,
             locale: str = "en-US"):
    """(context, page): a fresh context so tests share no storage, with the run counter."""
    context = browser.new_context(viewport=viewport, accept_downloads=True, locale=locale)
    context.add_init_script(_RUN_COUNTER_JS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    if console is not None:
        page.on("console", console.on_console)
        page.on("pageerror", console.on_pageerror)
        _orig_close = context.close

        def close(*a, **kw):
            console.frozen = True  # the websocket closing with the page is not an app error
            return _orig_close(*a, **kw)

        context.close = close
    return context, page


# --------------------------------------------------------------------------------------------
# Waiting for Streamlit


def run_count(page) -> int:
    """Script runs completed so far in this page (read it before an interaction)."""
    return page.evaluate("() => window.__stRuns || 0")


def wait_for_app(page, timeout: float = 30_000, charts: int = 0) -> None:
    """Wait until the app is connected and its script run has finished (no "Running..." status
    widget), then until at least ``charts`` Plotly charts are drawn."""
    page.wait_for_selector(
        f'{APP_SELECTOR}[data-test-connection-state="CONNECTED"]', state="attached",
        timeout=timeout,
    )
    page.wait_for_function(
        """() => {
          const app = document.querySelector('[data-testid="stApp"]');
          return app && app.getAttribute('data-test-script-state') === 'notRunning'
                 && !document.querySelector(
                   // the "Running..." status widget's icon (and its seasonal variants)
                   '[data-testid="stStatusWidgetRunningIcon"], '
                   + '[data-testid="stStatusWidgetRunningManIcon"], '
                   + '[data-testid="stStatusWidgetNewYearsIcon"]');
        }""",
        timeout=timeout,
    )
    if charts:
        wait_for_charts(page, charts, timeout=timeout)


def wait_for_rerun(page, runs_before: int, timeout: float = 30_000, charts: int = 0) -> None:
    """After an interaction: wait until a script run finished after ``runs_before`` (see
    ``run_count``, read before the interaction), the page shows no run in progress and the
    charts are drawn. Assert on what the run changed with polling (``expect``,
    ``wait_for_function``): the last messages may still be rendering."""
    page.wait_for_function("(n) => window.__stRuns > n", arg=runs_before, timeout=timeout)
    wait_for_app(page, timeout=timeout, charts=charts)


def wait_for_idle(page, quiet_ms: int = 500, timeout: float = 30_000) -> None:
    """Wait until no script run is in progress and no websocket message has arrived for
    ``quiet_ms``: after several quick interactions (five arrow presses), the run for the last
    one has then finished too, not just an earlier one."""
    page.wait_for_function(
        """(quiet) => {
          const app = document.querySelector('[data-testid="stApp"]');
          return app && app.getAttribute('data-test-script-state') === 'notRunning'
                 && performance.now() - (window.__stLastMsg || 0) > quiet;
        }""",
        arg=quiet_ms, timeout=timeout, polling=100,
    )


def wait_for_charts(page, n: int = 1, timeout: float = 30_000) -> None:
    """At least ``n`` Plotly charts are in the DOM and drawn (Plotly set ``_fullLayout``)."""
    page.wait_for_function(
        """(n) => {
          const gds = document.querySelectorAll('.js-plotly-plot');
          return gds.length >= n && Array.from(gds).every(g => g._fullLayout && g.data);
        }""",
        arg=n, timeout=timeout,
    )


# --------------------------------------------------------------------------------------------
# Reading charts and widgets


_CHARTS_JS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
  // _fullData: the data as Plotly uses it (typed arrays, if a figure had any, decoded).
  const traces = gd._fullData || gd.data || [];
  const arr = (v) => (v && typeof v.length === 'number' && typeof v !== 'string')
    ? Array.from(v).slice(0, 5000) : (v && v.bdata ? v.bdata : null);
  const shown = gd.querySelector('.gtitle');
  const key = gd.closest('[class*="st-key-"]');
  return {
    key: key ? (Array.from(key.classList).find(c => c.startsWith('st-key-')) || '').slice(7) : '',
    // a wrapped title is drawn as one <tspan class="line"> per line: join them with spaces
    title: !shown ? '' : (shown.querySelectorAll('tspan.line').length
      ? Array.from(shown.querySelectorAll('tspan.line')).map(t => t.textContent.trim()).join(' ')
      : shown.textContent),
    traces: traces.map(tr => ({
      name: tr.name || '', type: tr.type || '', x: arr(tr.x), y: arr(tr.y),
    })),
  };
})
"""


def chart_data(page) -> list[dict]:
    """Every Plotly chart on the page, in DOM order: its container's widget key (if keyed), its
    title as drawn, and its traces' names, types and decoded x/y values."""
    return page.evaluate(_CHARTS_JS)


def chart_signature(page) -> str:
    return json.dumps(chart_data(page), sort_keys=True)


def key_container(page, key: str):
    """The element container of the widget with key ``key`` (Streamlit adds ``st-key-<key>``)."""
    return page.locator(f".st-key-{key}")


def show_control(page, name: str, timeout: float = 30_000) -> None:
    """Make parameter ``name``'s control visible: the sidebar shows one section of controls at
    a time (``ui.widgets.SECTION_KEY``), so switch to the parameter's section when needed
    (by position, whatever the language)."""
    import model
    from ui import widgets

    if key_container(page, name).count():
        return
    i = widgets.KIND_ORDER.index(model.BY_NAME[name].kind)
    n = run_count(page)
    # the radio input itself is visually hidden: click the label holding it
    key_container(page, widgets.SECTION_KEY).locator("label:has(input[type=radio])").nth(i).click()
    wait_for_rerun(page, n, timeout=timeout)
    key_container(page, name).wait_for(state="visible", timeout=timeout)


def slider_thumb(page, key: str):
    """The focusable part of a slider: Streamlit 1.67 draws sliders with react-aria, whose thumb
    holds a visually hidden ``<input type="range">`` (older versions: ``role="slider"``)."""
    return key_container(page, key).locator('input[type="range"], [role="slider"]').first


def slider_value(page, key: str) -> str:
    """The slider's value as the page shows it (``aria-valuetext``, e.g. "0.50")."""
    thumb = slider_thumb(page, key)
    return thumb.get_attribute("aria-valuetext") or thumb.get_attribute("aria-valuenow") or ""


def slider_number(page, key: str) -> float:
    """The slider's value as a number (the range input's ``value``)."""
    return float(slider_thumb(page, key).input_value())


def slider_step(page, key: str) -> float:
    return float(slider_thumb(page, key).get_attribute("step") or 1)


def wait_for_slider(page, key: str, value: float, timeout: float = 30_000) -> None:
    """Wait until the slider ``key`` shows ``value`` (compared as numbers, to 1e-9)."""
    page.wait_for_function(
        """([key, want]) => {
          const el = document.querySelector('.st-key-' + key + ' input[type="range"]');
          return el && Math.abs(parseFloat(el.value) - want) < 1e-9;
        }""",
        arg=[key, value], timeout=timeout,
    )


def move_slider(page, key: str, presses: int = 1, keyname: str = "ArrowRight") -> None:
    """Focus the slider's thumb and press an arrow key ``presses`` times (the keyboard is how a
    user moves a slider one step; it does not depend on pixel positions)."""
    thumb = slider_thumb(page, key)
    thumb.scroll_into_view_if_needed()
    thumb.focus()
    for _ in range(presses):
        page.keyboard.press(keyname)


_FINGERPRINT_JS = """
(gd) => {
  let h = 0, n = 0;
  for (const tr of (gd._fullData || [])) {
    for (const k of ['x', 'y', 'base', 'text']) {
      const v = tr[k];
      if (!v || typeof v.length !== 'number' || typeof v === 'string') continue;
      n += v.length;
      for (let i = 0; i < Math.min(v.length, 5000); i++) {
        const x = v[i];
        h = (h * 31 + (typeof x === 'number' ? Math.round(x * 1e6) : String(x).length)) % 2147483647;
      }
    }
  }
  return h + ':' + n;
}
"""


def chart_fingerprint(page, key: str) -> str:
    """A cheap hash of the data drawn by the chart whose container has widget key ``key``."""
    return page.evaluate(
        f"""(key) => {{
          const gd = document.querySelector('.st-key-' + key + ' .js-plotly-plot');
          return gd ? ({_FINGERPRINT_JS})(gd) : null;
        }}""",
        key,
    )


def wait_for_chart_change(page, key: str, before: str | None, timeout: float = 30_000) -> str:
    """Wait until the chart keyed ``key`` is drawn with data other than ``before``."""
    handle = page.wait_for_function(
        f"""([key, before]) => {{
          const gd = document.querySelector('.st-key-' + key + ' .js-plotly-plot');
          if (!gd || !gd._fullLayout) return false;
          const fp = ({_FINGERPRINT_JS})(gd);
          return fp !== before && fp;
        }}""",
        arg=[key, before], timeout=timeout,
    )
    return handle.json_value()


def metric_values(page) -> dict[str, str]:
    """Label -> shown value of every outcome card on the page (``ui/cards.py``)."""
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.sim-card'))
             .map(m => [
               ((m.querySelector('.sim-card-label') || {}).innerText || '').trim(),
               ((m.querySelector('.sim-card-value') || {}).innerText || '').trim(),
             ]))"""
    )


def goto(page, url: str, charts: int = 0, timeout: float = 60_000) -> None:
    """Open ``url`` and wait for the first script run to finish (and ``charts`` charts)."""
    page.goto(url)
    page.wait_for_function("() => window.__stRuns > 0", timeout=timeout)
    wait_for_app(page, timeout=timeout, charts=charts)
