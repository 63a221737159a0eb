"""Workshop rooms in real browsers: a facilitator and three phones (390 px) in one room on one
server, plus a phone in a second room opened through the store by another process.

The projector's panel and the phones refresh themselves (fragments polling the store); the test
waits for what they show, never reloads them."""
from __future__ import annotations

import sqlite3
import time


from rooms import RoomStore
from rooms.db import SQLiteDatabase

from .helpers import chart_data, goto, new_page, run_count, wait_for_rerun

PHONE = {"width": 390, "height": 844}
LONG = 45_000  # ms: the machine is shared; a poll is every 2-3 s


def _poll(fn, timeout: float = 45.0, every: float = 0.5):
    """fn() until it returns something true (polling the page, not sleeping blindly)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fn()
        except Exception as err:  # noqa: BLE001 - the DOM may be mid-redraw
            last = err
        if last and not isinstance(last, Exception):
            return last
        time.sleep(every)
    raise AssertionError(f"timed out; last value: {last!r}")


def _text(page) -> str:
    return page.locator('[data-testid="stApp"]').inner_text()


def _click(page, name: str) -> None:
    n = run_count(page)
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_rerun(page, n, timeout=LONG)


def _join(browser, console, url: str, code: str, nick: str):
    ctx, ph = new_page(browser, console, viewport=PHONE)
    goto(ph, f"{url}/join?code={code}")
    ph.locator(".st-key-pj_nick input").fill(nick)
    _click(ph, "Join")
    _poll(lambda: f"you are {nick}" in _text(ph))
    return ctx, ph


def _rows(db, room_id: str) -> dict[str, int]:
    with sqlite3.connect(db) as c:
        out = {t: c.execute(f"SELECT COUNT(*) FROM {t} WHERE room_id = ?", (room_id,)).fetchone()[0]
               for t in ("participants", "rounds", "predictions", "submissions", "votes")}
        out["rooms"] = c.execute("SELECT COUNT(*) FROM rooms WHERE id = ?", (room_id,)).fetchone()[0]
    return out


def _chart(page, key: str) -> dict | None:
    return next((c for c in chart_data(page) if c["key"] == key), None)


def test_a_room_with_three_phones(app_server, browser, page, console, rooms_db):
    fac = page
    goto(fac, f"{app_server}/workshop")
    fac.get_by_role("tab", name="Room (phones)").click()
    _click(fac, "Open a room")
    code = fac.locator(".room-code").inner_text().strip()
    with sqlite3.connect(rooms_db) as c:
        room_id = c.execute("SELECT id FROM rooms WHERE code = ?", (code.replace("-", ""),)).fetchone()[0]
    # the QR code (an image element; under load it can land a moment after the code's text)
    fac.locator('[data-testid="stImage"] img').first.wait_for(timeout=LONG)

    phones = [_join(browser, console, app_server, code, n) for n in ("Ana", "Bo", "Cy")]
    contexts = [ctx for ctx, _ in phones]
    try:
        _poll(lambda: "3" in fac.locator('[data-testid="stMetricValue"]').first.inner_text())

        # ---- predict, then reveal
        _click(fac, "Start this prediction round")
        for (_, ph), x in zip(phones, ("120", "-40", "5")):
            box = ph.locator('[class*="st-key-pj_pred_value_"] input')
            box.wait_for(timeout=LONG)  # the phone's watcher brought the round in by itself
            box.fill(x)
            _click(ph, "Send my prediction")
            _poll(lambda: "Your prediction is in" in _text(ph))
        _poll(lambda: "3 of 3" in _text(fac))  # the projector counted them without a reload
        assert "The model's answer" not in _text(fac)
        fac.get_by_role("button", name="Reveal the model's answer").click()
        chart = _poll(lambda: _chart(fac, "room_pred_chart"))
        hist = [t for t in chart["traces"] if t["type"] == "histogram"][0]
        assert sorted(hist["x"]) == [-40, 5, 120]
        assert "The model's answer" in _text(fac)
        _poll(lambda: "The model's answer" in _text(phones[0][1]))

        # ---- build, submit, gallery
        fac.get_by_text("Run the room").click()
        fac.get_by_role("tab", name="Build and vote").click()
        _click(fac, "Start this build round")
        ana, bo, cy = (ph for _, ph in phones)
        for ph in (ana, bo):
            ph.get_by_role("button", name="Submit my scenario").wait_for(timeout=LONG)
        thumb = bo.locator('[class*="_officers_jem"] input[type="range"]')
        thumb.focus()
        for _ in range(5):
            bo.keyboard.press("ArrowRight")
        _poll(lambda: bo.evaluate("() => window.__stRuns") > 0)
        for ph in (ana, bo):
            _click(ph, "Submit my scenario")
            _poll(lambda: "Your scenario is in" in _text(ph))
        gallery = _poll(lambda: (lambda c: c if c and {"Ana", "Bo"} <= set(c["traces"][0]["y"] or [])
                                 else None)(_chart(fac, "room_gallery_chart")))
        assert len(gallery["traces"][0]["y"]) == 2

        # ---- the vote: one per participant
        fac.get_by_role("button", name="Close submissions and open the vote").click()
        for ph, choices in ((ana, ("Bo",)), (cy, ("Ana", "Bo"))):  # Cy changes their mind
            ph.get_by_text("Which scenario would you choose").wait_for(timeout=LONG)
            for who in choices:
                n = run_count(ph)
                ph.locator('[class*="st-key-pj_ballot_"] label').filter(has_text=who).click()
                wait_for_rerun(ph, n, timeout=LONG)
                _click(ph, "Vote")
                _poll(lambda: f"Your vote: {who}" in _text(ph))
        assert "Ana" not in ana.locator('[class*="st-key-pj_ballot_"]').inner_text()  # not one's own
        assert _rows(rooms_db, room_id)["votes"] == 2
        _poll(lambda: "Votes\n2" in _text(fac) or "Votes\n\n2" in _text(fac))

        # ---- a second room sees nothing of the first
        other = RoomStore(SQLiteDatabase(rooms_db))
        room_b, _ = other.create_room()
        other.close()
        ctx_b, ph_b = _join(browser, console, app_server, room_b.code, "Dee")
        contexts.append(ctx_b)
        seen = _text(ph_b)
        assert "Wait for the facilitator" in seen
        for leak in ("Ana", "Bo", "Cy", code, "Police records"):
            assert leak not in seen

        # ---- closing deletes the room's rows
        fac.get_by_text("I have what I need").click()
        _click(fac, "Close the room")
        # the projector's own one-second refresh also counts as a run: wait for the rows, not
        # for the next run
        assert _poll(lambda: set(_rows(rooms_db, room_id).values()) == {0}), _rows(rooms_db, room_id)
        _poll(lambda: "closed or has expired" in _text(ana))
        assert _rows(rooms_db, room_b.id)["participants"] == 1  # the other room is untouched
    finally:
        for ctx in contexts:
            ctx.close()
