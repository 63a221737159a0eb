"""A workshop room under load: N participants on loopback, one app process, one projector.

    python benchmarks/bench_rooms.py [--participants 30 60] [--seconds 60]

For each room size, in one fresh server (``streamlit run app.py`` on a free port, its own
SQLite room store in a temporary folder):

1. The **projector** is a real page (Debian's chromium through Playwright) on the Workshop
   page's Room tab: it opens the room and starts a build round. A MutationObserver in the page
   notes (wall clock) when each new room revision (``data-rev`` of the live panel) is drawn.
2. **Participants** are websocket clients speaking Streamlit's protocol (the frontend's own
   BackMsg/ForwardMsg protobufs, from the streamlit package): each opens ``/join``, submits the
   join form, then, every 3-5 s (uniformly at random), either moves a lever (a slider) or
   submits their scenario, in turn; like a phone, it also answers the page's ``run_every``
   fragment (``auto_rerun`` messages) at the interval the server asks for.
3. Figures:
   * participant action -> projector updated: from sending a submission to the first moment the
     projector draws a revision at least as new as the store's after that submission (read from
     the SQLite file right after the participant's run ended: an upper bound). Target p95 <= 2 s.
   * participant slider -> chart: from sending the slider's new value to receiving the rerun's
     Plotly chart. Target p95 <= 1 s.
   * errors: exceptions drawn on any page, error messages (refused actions), lost connections.
     Target 0.
   * server memory (VmRSS of the server process): idle (projector connected, no room), at the
     end of the load, and after the room is closed, the clients gone and their sessions expired
     (``server.disconnectedSessionTTL`` set to 5 s for the run). Target: back within 20 % of idle.

Bounded: at most ``--seconds`` of load per size (default 60), every wait has a timeout, and the
server is stopped at the end (also on failure). Not a test: it prints figures.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    StreamlitServer, goto, launch_chromium, new_page, run_count, wait_for_rerun)

DEBUG = False
_REV_JS = """
() => {
  window.__revs = [];
  let best = -1;
  const scan = () => {
    for (const el of document.querySelectorAll('.room-rev')) {
      const r = parseInt(el.getAttribute('data-rev'));
      if (r > best) { best = r; window.__revs.push([r, Date.now()]); }
    }
  };
  new MutationObserver(scan).observe(document.body, {subtree: true, childList: true,
                                                     attributes: true});
  scan();
}
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))]


# ----------------------------------------------------------------------------- a websocket phone
class Phone:
    """One participant: a websocket session of the app, driven as the frontend would."""

    def __init__(self, url: str, nick: str, stats: dict) -> None:
        self.base = url
        self.nick = nick
        self.stats = stats
        self.ids: dict[str, str] = {}  # widget key -> widget id
        self.finished = {0: 0, 3: 0}  # completed script runs: full (0) and fragment (3)
        self.charts = 0  # Plotly charts received
        self.chart_at = 0.0
        self.chart_hashes: set[str] = set()
        self.auto: dict[str, float] = {}  # fragment id -> interval (s)
        self.ws = None
        self.reader = None
        self._done = asyncio.Event()

    async def connect(self) -> None:
        import websockets

        host = self.base.split("//", 1)[1]
        self.ws = await websockets.connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                                           origin=self.base, max_size=2**24, open_timeout=30)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    el = msg.delta.new_element
                    t = el.WhichOneof("type")
                    if t == "exception":
                        self.stats["errors"].append(f"{self.nick}: exception {el.exception.message[:80]}")
                    elif t == "alert" and el.alert.format == 1:  # ERROR
                        self.stats["errors"].append(f"{self.nick}: {el.alert.body[:80]}")
                    elif t == "plotly_chart":
                        self.charts += 1
                        self.chart_at = time.perf_counter()
                        self.chart_hashes.add(msg.hash)
                    elif t:
                        wid = getattr(getattr(el, t), "id", "")
                        if isinstance(wid, str) and wid.startswith("$$ID-"):
                            self.ids[wid.rsplit("-", 1)[-1]] = wid
                elif kind == "ref_hash" and msg.ref_hash in self.chart_hashes:
                    # the same chart as one already sent: Streamlit sends a reference to it
                    self.charts += 1
                    self.chart_at = time.perf_counter()
                elif kind == "auto_rerun":
                    self.auto[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
                elif kind == "script_finished" and msg.script_finished in (0, 3):
                    self.finished[msg.script_finished] += 1  # 0: a full run, 3: a fragment's
                    self._done.set()
        except Exception as err:  # noqa: BLE001
            if not self.stats.get("stopping"):
                self.stats["errors"].append(f"{self.nick}: connection lost ({err})")

    async def send(self, widgets=(), fragment_id: str = "", auto: bool = False,
                   query: str = "") -> None:
        await self.ws.send(self._msg(widgets, fragment_id, auto, query))

    def _msg(self, widgets, fragment_id: str, auto: bool, query: str) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = query
        cs.page_name = "join"
        cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        for w in widgets:
            cs.widget_states.widgets.append(w)
        return msg.SerializeToString()

    async def rerun(self, widgets=(), query: str = "", timeout: float = 30.0) -> float:
        """Send a full rerun with these widget states; wait for a full run to finish after it
        (a fragment's run may finish in between); seconds taken."""
        before = self.finished[0]
        t0 = time.perf_counter()
        self._done.clear()
        await self.ws.send(self._msg(widgets, "", False, query))
        deadline = t0 + timeout
        while self.finished[0] <= before:
            left = deadline - time.perf_counter()
            if left <= 0:
                self.stats["errors"].append(f"{self.nick}: no answer in {timeout:.0f} s")
                return float("nan")
            self._done.clear()
            try:
                await asyncio.wait_for(self._done.wait(), left)
            except asyncio.TimeoutError:
                pass
        return time.perf_counter() - t0

    @staticmethod
    def state(wid: str, **value):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        w = WidgetState(id=wid)
        for k, v in value.items():
            if k == "double_array_value":
                w.double_array_value.data.extend(v)
            else:
                setattr(w, k, v)
        return w

    async def join(self, code: str) -> bool:
        await self.rerun(query=f"code={code}")
        need = ("pj_code", "pj_nick", "pj_join")
        if not all(k in self.ids for k in need):
            self.stats["errors"].append(f"{self.nick}: no join form")
            return False
        await self.rerun([self.state(self.ids["pj_code"], string_value=code),
                          self.state(self.ids["pj_nick"], string_value=self.nick),
                          self.state(self.ids["pj_join"], trigger_value=True)])
        await self.rerun()  # the page after joining (as the frontend's rerun after a form)
        return True

    async def ticks(self, stop: float) -> None:
        """Answer the page's auto-rerun fragments until ``stop`` (perf_counter)."""
        nxt: dict[str, float] = {}
        while time.perf_counter() < stop:
            now = time.perf_counter()
            for fid, every in list(self.auto.items()):
                if nxt.setdefault(fid, now + every) <= now:
                    nxt[fid] = now + every
                    await self.send(fragment_id=fid, auto=True)  # a timer: the frontend does not wait
            await asyncio.sleep(0.2)

    async def act(self, stop: float, db: Path, room_id: str, rng: random.Random) -> None:
        n = 0
        while True:
            await asyncio.sleep(rng.uniform(3.0, 5.0))
            if time.perf_counter() >= stop:
                return
            n += 1
            lever = next((wid for k, wid in self.ids.items() if k.endswith("_officers_jem")), None)
            if n % 2 and lever:
                before = self.charts
                t0 = time.perf_counter()
                await self.rerun([self.state(lever, double_array_value=[float(rng.randint(0, 100))])])
                if self.charts > before:
                    self.stats["slider"].append(self.chart_at - t0)
                else:
                    self.stats["errors"].append(f"{self.nick}: slider run drew no chart")
            else:
                button = self.ids.get("pj_submit")
                if not button:
                    self.stats["errors"].append(f"{self.nick}: no submit button")
                    continue
                sent = time.time()
                await self.rerun([self.state(button, trigger_value=True)])
                with sqlite3.connect(db) as c:
                    rev = c.execute("SELECT rev FROM rooms WHERE id = ?", (room_id,)).fetchone()[0]
                self.stats["actions"].append((sent, rev))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.wait([self.reader], timeout=5)


# ----------------------------------------------------------------------------- one room size
def _click(page, name: str) -> None:
    n = run_count(page)
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_rerun(page, n, timeout=120_000)


async def _load(url: str, code: str, n: int, seconds: float, db: Path, room_id: str, stats) -> None:
    rng = random.Random(287)
    phones = [Phone(url, f"p{i:02d}", stats) for i in range(n)]
    for ph in phones:  # join one after the other, as a room does over its first minute
        await ph.connect()
        await ph.join(code)
    joined = sum(1 for ph in phones if "pj_submit" in ph.ids or ph.auto)
    stats["joined"] = joined
    stop = time.perf_counter() + seconds
    await asyncio.gather(*(ph.act(stop, db, room_id, random.Random(rng.random())) for ph in phones),
                         *(ph.ticks(stop) for ph in phones))
    stats["stopping"] = True
    await asyncio.gather(*(ph.close() for ph in phones))


def _close(proj) -> None:
    proj.get_by_text("I have what I need").click()
    _click(proj, "Close the room")


def _room_round(proj, url: str, n: int, seconds: float, db: Path, stats: dict) -> str:
    """Open a room on the projector, start a build round, run ``n`` phones in it."""
    proj.get_by_role("tab", name="Room (phones)").click()
    _click(proj, "Open a room")
    code = proj.locator(".room-code").inner_text().strip()
    with sqlite3.connect(db) as c:
        room_id = c.execute("SELECT id FROM rooms WHERE code = ?",
                            (code.replace("-", ""),)).fetchone()[0]
    proj.get_by_role("tab", name="Build and vote").click()
    _click(proj, "Start this build round")
    proj.evaluate(_REV_JS)
    # in a thread of its own: Playwright's sync API holds this thread's event loop
    worker = threading.Thread(target=lambda: asyncio.run(
        _load(url, code, n, seconds, db, room_id, stats)), daemon=True)
    worker.start()
    worker.join(seconds + 30 * n + 120)
    if worker.is_alive():
        stats["errors"].append("the load did not finish in time")
    return room_id


def run_size(n: int, seconds: float, browser) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="sim287g-bench-rooms-"))
    db = tmp / "rooms.sqlite3"
    server = StreamlitServer("app.py", log_path=tmp / "server.log",
                             env={"SIM287G_ROOMS_DB": str(db), "SIM287G_ROOMS_URL": "",
                                  "SIM287G_LIBRARY": str(tmp / "library")},
                             extra_args=("--server.disconnectedSessionTTL", "5"))
    stats: dict = {"errors": [], "slider": [], "actions": []}
    try:
        url = server.start()
        ctx, proj = new_page(browser, viewport={"width": 1366, "height": 900})
        goto(proj, f"{url}/workshop", timeout=120_000)
        proj.get_by_role("tab", name="Room (phones)").click()
        # Warm-up: a room of two phones, closed again, so every code path has been imported
        # and the process's one-time caches are filled before "idle" is read.
        warm: dict = {"errors": [], "slider": [], "actions": []}
        _room_round(proj, url, 2, 10.0, db, warm)
        _close(proj)
        stats["errors"] += [f"warm-up: {e}" for e in warm["errors"]]
        time.sleep(12)
        idle = rss_mb(server.proc.pid)
        t0 = time.perf_counter()
        loads: list[float] = []
        sampling = threading.Event()

        def sample() -> None:  # the machine's load average while the room runs
            while not sampling.wait(5.0):
                with open("/proc/loadavg") as f:
                    loads.append(float(f.read().split()[0]))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _room_round(proj, url, n, seconds, db, stats)
        sampling.set()
        load_s = time.perf_counter() - t0
        time.sleep(2)
        peak = rss_mb(server.proc.pid)
        revs = proj.evaluate("() => window.__revs")
        if DEBUG:
            print("revs", revs[-15:], "actions", stats["actions"][-8:])
        lat = []
        for sent, rev in stats["actions"]:
            shown = [t for r, t in revs if r >= rev]
            if shown:
                lat.append(max(0.0, min(shown) / 1000 - sent))
            else:
                stats["errors"].append(f"revision {rev} never drawn on the projector")
        _close(proj)
        ctx.close()
        time.sleep(12)  # the disconnected sessions expire (TTL 5 s) and are cleaned up
        after = rss_mb(server.proc.pid)
        return {"n": n, "joined": stats.get("joined", 0), "load_s": load_s,
                "actions": len(lat), "action_p50": pct(lat, 50), "action_p95": pct(lat, 95),
                "slider_moves": len(stats["slider"]), "slider_p50": pct(stats["slider"], 50),
                "slider_p95": pct(stats["slider"], 95), "errors": stats["errors"],
                "idle_mb": idle, "peak_mb": peak, "after_mb": after,
                "loadavg": sum(loads) / len(loads) if loads else float("nan")}
    finally:
        server.stop()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, nargs="+", default=[30, 60])
    ap.add_argument("--seconds", type=float, default=60.0, help="load per room size (at most)")
    ap.add_argument("--debug", action="store_true")
    args = ap.parse_args(argv)
    global DEBUG
    DEBUG = args.debug
    with open("/proc/loadavg") as f:
        print(f"load average before: {f.read().split()[0]}")
    pw, browser = launch_chromium()
    try:
        results = [run_size(n, min(args.seconds, 300.0), browser) for n in args.participants]
    finally:
        browser.close()
        pw.stop()
    print()
    print("| participants | joined | submissions | action -> projector p50 / p95 | slider moves | "
          "slider -> chart p50 / p95 | errors | RSS idle / peak / after close | load avg |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['n']} | {r['joined']} | {r['actions']} | {r['action_p50']:.2f} s / "
              f"{r['action_p95']:.2f} s | {r['slider_moves']} | {r['slider_p50']:.2f} s / "
              f"{r['slider_p95']:.2f} s | {len(r['errors'])} | {r['idle_mb']:.0f} / "
              f"{r['peak_mb']:.0f} / {r['after_mb']:.0f} MB "
              f"({(r['after_mb'] / r['idle_mb'] - 1) * 100:+.0f} %) | {r['loadavg']:.1f} |")
    for r in results:
        for e in r["errors"][:10]:
            print(f"  error ({r['n']}): {e}")
    with open("/proc/loadavg") as f:
        print(f"load average after: {f.read().split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
