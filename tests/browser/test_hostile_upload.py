"""The issue's server-level checks: uploading the dotted-key file on Explore leaves the server's
memory near idle and other visitors' pages loading, and the server refuses a WebSocket for a
host name it does not serve (DNS rebinding; .streamlit/config.toml server.allowedHosts)."""
from __future__ import annotations

import base64
import http.client
import os
import time

import pytest

from .helpers import StreamlitServer, goto, key_container, new_page, run_count, wait_for_app, wait_for_idle
from .test_browser import MIN_CHARTS, open_actions

MB = 2**20
# The attack of the issue: 40 KB of 'a.a.a...' took the unguarded parser to 2.4 GB
DOTTED = b'schema_version = 2\nname = "x"\n' + b"a" + b".a" * 20_000 + b" = 1\n"


def _rss(pgid: int) -> int:
    """Resident memory, in bytes, of every process in the server's process group."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except (OSError, ProcessLookupError, ValueError):
            continue
    return total


@pytest.fixture
def own_server(tmp_path):
    server = StreamlitServer("app.py", log_path=tmp_path / "streamlit.log",
                             env={"SIM287G_LIBRARY": str(tmp_path / "library")})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_dotted_key_upload_keeps_memory_near_idle_and_others_served(own_server, browser, console, tmp_path):
    pgid = own_server.proc.pid
    context, page = new_page(browser, console)
    try:
        goto(page, own_server.url, charts=MIN_CHARTS)
        wait_for_idle(page)
        idle = _rss(pgid)
        path = tmp_path / "dotted.toml"
        path.write_bytes(DOTTED)
        open_actions(page)
        n = run_count(page)
        key_container(page, "act_explore_upload").locator('input[type="file"]').set_input_files(str(path))
        page.get_by_text("levels deep").first.wait_for(timeout=60_000)  # the one-line message
        peak = idle
        for _ in range(10):  # the parse is over by now; watch a little longer for a late climb
            peak = max(peak, _rss(pgid))
            time.sleep(0.2)
        assert run_count(page) > n
        assert peak - idle < 100 * MB, f"server grew by {(peak - idle) / MB:.0f} MB"
        other_ctx, other = new_page(browser, console)
        try:
            t = time.monotonic()
            goto(other, own_server.url, charts=MIN_CHARTS)
            wait_for_app(other)
            assert time.monotonic() - t < 60
        finally:
            other_ctx.close()
    finally:
        context.close()
    assert not console.unexpected()


def _websocket_status(port: int, host: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    conn.request("GET", "/_stcore/stream", headers={
        "Host": host, "Upgrade": "websocket", "Connection": "Upgrade",
        "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13", "Origin": f"http://{host}"})
    status = conn.getresponse().status
    conn.close()
    return status


def test_websocket_only_for_the_host_names_served(own_server):
    assert _websocket_status(own_server.port, f"127.0.0.1:{own_server.port}") == 101
    assert _websocket_status(own_server.port, "attacker.example") != 101
