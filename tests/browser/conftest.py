"""Real-browser fixtures: a Streamlit server for the whole session, Debian's chromium through
Playwright (sync API), and a page that fails its test on any browser console error.

The shape follows Streamlit's own e2e suite (streamlit/streamlit, ``e2e_playwright/conftest.py``):
start the server, wait for ``/_stcore/health``, drive Chromium, wait for the script run to end
through the ``data-test-script-state`` attribute Streamlit puts on the ``stApp`` element.

Playwright never downloads a browser here: we launch ``/usr/bin/chromium`` (Debian's package,
installed by ``tests/run.sh`` when missing) with flags that work as root in a closed network.
Override the binary with ``$SIM287G_CHROMIUM``.

The helpers live in ``tests/browser/helpers.py`` so the benchmark and screenshot scripts can
reuse them without importing pytest.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import pytest

from .helpers import (
    ROOT,
    ConsoleRecorder,
    StreamlitServer,
    launch_chromium,
    new_page,
)

if str(ROOT) not in sys.path:  # the tests read expected texts from the app's catalogs
    sys.path.insert(0, str(ROOT))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives the real app in headless Chromium (runs by default)"
    )


def pytest_collection_modifyitems(items):
    # Everything in this folder drives a real browser; mark it so `-m "not browser"` can skip it
    # locally. CI runs it (no deselection in .ci/run).
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """Base URL of ``streamlit run app.py`` on a free port; the server and its whole process
    group are stopped at the end of the session, also when tests fail or are interrupted."""
    library = tmp_path_factory.mktemp("library")
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    _ROOMS_DB.append(tmp_path_factory.mktemp("rooms") / "rooms.sqlite3")
    server = StreamlitServer("app.py", log_path=log, env={"SIM287G_LIBRARY": str(library),
                                                          "SIM287G_ROOMS_DB": str(_ROOMS_DB[-1]),
                                                          "SIM287G_ROOMS_URL": ""})
    _SERVERS.append(server)
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    pw, browser = launch_chromium()
    try:
        yield browser
    finally:
        try:
            browser.close()
        finally:
            pw.stop()


@pytest.fixture
def console():
    """Console errors and uncaught page errors seen during the test (see helpers.ALLOWED)."""
    return ConsoleRecorder()


@pytest.fixture
def page(browser, console, request):
    """A fresh 1366x900 page (own context: no shared storage or downloads between tests).

    Fails the test (an error at teardown) if the browser logged a console error or an uncaught
    exception during the test, unless it matches the documented allowlist in helpers.ALLOWED.
    A test that expects errors can call ``console.clear()`` after provoking them."""
    context, pg = new_page(browser, console)
    try:
        yield pg
    finally:
        context.close()
    failed = request.node.stash.get(_CALL_FAILED, False)
    problems = console.unexpected()
    if problems and not failed:
        pytest.fail("browser console errors during the test:\n  " + "\n  ".join(problems))


# The server's room store (workshop rooms): a SQLite file the room tests read directly.
_ROOMS_DB: list[Path] = []


@pytest.fixture(scope="session")
def rooms_db(app_server) -> Path:
    return _ROOMS_DB[-1]


_CALL_FAILED = pytest.StashKey[bool]()
_SERVERS: list[StreamlitServer] = []
FAILURE_DIR = Path(tempfile.gettempdir()) / "sim287g-browser-failures"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """On a failed test: attach the browser console, a screenshot path and the server log's tail
    to the report, so a CI failure can be read without re-running it."""
    rep = yield
    if rep.when == "call" and rep.failed:
        item.stash[_CALL_FAILED] = True
        rec = item.funcargs.get("console")
        if rec is not None and rec.errors:
            rep.sections.append(("browser console", "\n".join(rec.errors)))
        pg = item.funcargs.get("page")
        if pg is not None:
            try:
                FAILURE_DIR.mkdir(parents=True, exist_ok=True)
                shot = FAILURE_DIR / (re.sub(r"[^\w.-]+", "_", item.nodeid) + ".png")
                pg.screenshot(path=str(shot), full_page=True, timeout=10_000)
                rep.sections.append(("browser screenshot", str(shot)))
                rep.sections.append(("page url", pg.url))
            except Exception as err:  # noqa: BLE001 - best effort only
                rep.sections.append(("browser screenshot", f"not taken: {err}"))
        for server in _SERVERS:
            rep.sections.append(("streamlit server log (tail)", server.log_tail()))
    return rep
