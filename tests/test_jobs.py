"""The drivers page's background queue is bounded, per visitor and in all, and says so."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.pages import drivers

ROOT = Path(__file__).resolve().parent.parent


def test_fifty_rapid_submissions_from_five_sessions_stay_within_the_limits():
    jobs = drivers.Jobs(workers=2)
    gate = threading.Event()
    started = []

    def work(i):
        started.append(i)
        gate.wait(10)
        return i

    seen = {"max_pending": 0, "max_held": 0, "busy": 0, "accepted": 0}
    lock = threading.Lock()

    def visitor(s):
        for j in range(10):
            try:
                jobs.submit((s, j), work, (s, j), session=f"session-{s}")
                with lock:
                    seen["accepted"] += 1
            except drivers.Busy:
                with lock:
                    seen["busy"] += 1
            with lock:
                seen["max_pending"] = max(seen["max_pending"], jobs.pending())
                seen["max_held"] = max(seen["max_held"], len(jobs.jobs))
                mine = [k for k, (f, _, sess) in jobs.jobs.items() if sess == f"session-{s}" and not f.done()]
                assert len(mine) <= jobs.per_session

    threads = [threading.Thread(target=visitor, args=(s,)) for s in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen["accepted"] + seen["busy"] == 50
    assert seen["max_pending"] <= drivers.MAX_PENDING
    assert seen["max_held"] <= drivers.MAX_PENDING + drivers.MAX_DONE
    assert seen["busy"] > 0  # two threads, all blocked: later submissions are refused
    gate.set()
    deadline = time.monotonic() + 10
    while jobs.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert jobs.pending() == 0
    print(f"\nqueue: max pending {seen['max_pending']}, max held {seen['max_held']}, "
          f"accepted {seen['accepted']}, busy {seen['busy']}")


def test_a_session_at_its_limit_drops_its_own_queued_run_first():
    jobs = drivers.Jobs(workers=1, max_pending=8, per_session=2)
    gate = threading.Event()
    a, _ = jobs.submit(("a",), gate.wait, 10, session="s")
    b, _ = jobs.submit(("b",), gate.wait, 10, session="s")  # queued behind a
    c, _ = jobs.submit(("c",), gate.wait, 10, session="s")  # b is dropped: s moved on
    assert b.cancelled() and ("b",) not in jobs.jobs and not c.cancelled()
    gate.set()


def test_a_session_whose_runs_all_run_is_told_it_is_busy():
    jobs = drivers.Jobs(workers=2, max_pending=8, per_session=2)
    gate, running = threading.Event(), threading.Semaphore(0)

    def work():
        running.release()
        gate.wait(10)

    jobs.submit(("a",), work, session="s")
    jobs.submit(("b",), work, session="s")
    assert running.acquire(timeout=5) and running.acquire(timeout=5)
    with pytest.raises(drivers.Busy) as e:
        jobs.submit(("c",), work, session="s")
    assert e.value.scope == "session"
    jobs.submit(("d",), work, session="other")  # another visitor still gets in
    gate.set()


def test_a_full_queue_refuses_every_visitor():
    jobs = drivers.Jobs(workers=1, max_pending=3, per_session=2)
    gate = threading.Event()
    for s in range(3):
        jobs.submit((s,), gate.wait, 10, session=str(s))
    with pytest.raises(drivers.Busy) as e:
        jobs.submit(("new",), gate.wait, 10, session="new")
    assert e.value.scope == "server"
    gate.set()


def test_finished_runs_are_kept_but_bounded():
    jobs = drivers.Jobs(workers=1, max_done=3)
    for i in range(10):
        f, _ = jobs.submit((i,), lambda x: x, i, session=str(i))
        f.result(5)
    assert len(jobs.jobs) <= 4


SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from ui.pages import drivers as page
page.render()
"""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_drivers_page_says_busy_in_the_visitors_language(monkeypatch, lang):
    from ui.i18n import Translator

    def busy(*args, **kwargs):
        raise drivers.Busy("server")

    monkeypatch.setattr(drivers.Jobs, "submit", busy)
    at = AppTest.from_string(SCRIPT.format(root=str(ROOT)), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning if w.value == Translator(lang)("drivers.busy_server")]
    assert at.button(key="drivers_retry")


def test_drivers_page_never_shows_a_librarys_internal_error(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Triangular distribution bound error: Scale must be greater than zero")

    monkeypatch.setattr(drivers.sensitivity, "global_sensitivity", broken)
    fresh = drivers.Jobs()  # the shared queue must not keep these failures for later tests
    monkeypatch.setattr(drivers, "jobs", lambda: fresh)
    at = AppTest.from_string(SCRIPT.format(root=str(ROOT)), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.selectbox(key="drivers_outcome").set_value("removals")  # a key no other test ran
    at.radio(key="drivers_method").set_value("morris")
    for _ in range(40):
        at.run()
        if at.error:
            break
        time.sleep(0.25)
    text = " ".join(e.value for e in at.error)
    assert "could not run" in text and "Triangular" not in text and "Scale" not in text
