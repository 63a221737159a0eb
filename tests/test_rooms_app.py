"""AppTest of workshop rooms: the facilitator's Room tab (Workshop page) and the /join page.

Each test gets its own SQLite store (``$SIM287G_ROOMS_DB`` in a temporary folder); the app's
cached store is reset around it. The live fragments do not tick in AppTest: a test reruns the
facilitator's script to see what the projector would show at its next poll."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rooms import rules
from rooms import store as store_mod
from ui.i18n import MISSING

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from ui import state
state.init()
from ui.pages import {page} as page
page.render()
"""


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    from ui import room_common

    monkeypatch.setenv("SIM287G_ROOMS_DB", str(tmp_path / "rooms.sqlite3"))
    monkeypatch.delenv("SIM287G_ROOMS_URL", raising=False)
    monkeypatch.setattr(store_mod, "_STORE", None)
    room_common.store.clear()
    for lim in (rules.JOIN_PER_SESSION, rules.JOIN_FAILS_PER_ADDRESS, rules.OPEN_PER_ADDRESS):
        monkeypatch.setattr(lim, "_hits", type(lim._hits)())
    yield
    if store_mod._STORE is not None:
        store_mod._STORE.close()
    room_common.store.clear()


def _app(page: str, lang: str = "en", **query) -> AppTest:
    at = AppTest.from_string(SCRIPT.format(root=str(ROOT), page=page), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "metric"):
        for e in getattr(at, kind):
            parts.append(str(getattr(e, "value", "")))
            parts.append(str(getattr(e, "label", "")))
    return "\n".join(parts)


def _button(at: AppTest, key: str):
    found = [b for b in at.button if b.key == key]
    assert found, f"no button {key!r}: {[b.key for b in at.button]}"
    return found[0]


def _open_room(lang: str = "en"):
    from ui import room_common

    fac = _ok(_app("workshop", lang))
    _ok(_button(fac, "room_open").click().run())
    rid, secret = fac.session_state["room_id"], fac.session_state["room_secret"]
    room = room_common.store().room(rid)
    return fac, room, secret


def _join(code: str, nick: str, lang: str = "en") -> AppTest:
    p = _ok(_app("join", lang, code=code))
    p.text_input(key="pj_nick").input(nick)
    _ok(p.button[0].click().run())
    assert "pj_secret" in p.session_state, _text(p)
    return p


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# ----------------------------------------------------------------------------- tests
def test_facilitator_opens_a_room_with_code_link_and_qr():
    fac, room, secret = _open_room()
    text = _text(fac)
    assert rules.show_code(room.code) in text
    codes = [c.value for c in fac.code]
    assert any(f"/join?code={rules.show_code(room.code)}" in c for c in codes)
    assert any(f"key={secret}" in c and f"room={room.id}" in c for c in codes)  # private link
    assert fac.get("image"), "no QR code image"


def test_predict_then_reveal_for_the_room():
    fac, room, secret = _open_room()
    fac.selectbox(key="room_ex").select("recorded")
    _ok(_button(fac, "room_start_predict").click().run())
    phones = [_join(room.code, n) for n in ("Ana", "Bo", "Cy")]
    for p, x in zip(phones, (1.0, 2.5, -4.0)):
        _ok(p.run())
        key = next(n.key for n in p.number_input if n.key.startswith("pj_pred_value_"))
        p.number_input(key=key).set_value(x)
        _ok(next(b for b in p.button if b.label == "Send my prediction").click().run())
        assert "Your prediction is in" in _text(p)
    _ok(fac.run())
    assert _metric(fac, "Predictions in") == "3 of 3"
    assert "The model's answer" not in _text(fac)
    _ok(_button(fac, "room_reveal").click().run())
    assert "The model's answer" in _text(fac)
    assert fac.get("plotly_chart"), "no distribution chart on the projector"
    _ok(phones[0].run())
    assert "The model's answer" in _text(phones[0]) and "Your prediction: +1.00" in _text(phones[0])


def test_build_submit_gallery_and_one_vote_each():
    fac, room, secret = _open_room()
    fac.selectbox(key="room_base").select("jem-universal")
    fac.multiselect(key="room_params").set_value(["screening", "officers_jem"])
    _ok(_button(fac, "room_start_build").click().run())
    ana, bo, cy = (_join(room.code, n) for n in ("Ana", "Bo", "Cy"))
    _ok(ana.run())
    assert [w.label for w in ana.radio] == ["Jail screening"]
    before = ana.get("plotly_chart")[0].proto.spec
    _ok(next(s for s in ana.slider if s.key.endswith("_officers_jem")).set_value(40).run())
    _ok(ana.radio[0].set_value("targeted").run())
    assert ana.get("plotly_chart")[0].proto.spec != before  # the chart follows the lever
    _ok(_button(ana, "pj_submit").click().run())
    _ok(bo.run())
    _ok(_button(bo, "pj_submit").click().run())
    assert "Your scenario is in" in _text(ana) and "Your scenario is in" in _text(bo)
    _ok(fac.run())
    assert _metric(fac, "Scenarios submitted") == "2"
    spec = fac.get("plotly_chart")[0].proto.spec
    assert "Ana" in spec and "Bo" in spec  # both on one chart
    _ok(_button(fac, "room_open_vote").click().run())
    from ui import room_common

    ids = {x["nickname"]: x["id"] for x in room_common.store().snapshot(room.id).submissions}
    for p, who in ((ana, "Bo"), (cy, "Ana"), (cy, "Bo")):  # Cy votes twice: still one vote
        _ok(p.run())
        radio = next(r for r in p.radio if r.key.startswith("pj_ballot_"))
        assert who in radio.options and (p is not ana or "Ana" not in radio.options)
        radio.set_value(ids[who])
        _ok(_button(p, "pj_vote_button").click().run())
    _ok(fac.run())
    assert _metric(fac, "Votes") == "2"  # Ana once, Cy once (moved from Ana to Bo)
    table = next(d for d in fac.table if "Votes" in d.value.columns)
    assert dict(zip(table.value["Nickname"], table.value["Votes"])) == {"Bo": 2, "Ana": 0}


def test_a_participant_code_never_opens_the_facilitator_controls():
    fac, room, secret = _open_room()
    p = _join(room.code, "Ana")
    other = _ok(_app("workshop", room=room.id, key=p.session_state["pj_secret"]))
    assert "room_id" not in other.session_state
    assert "This link does not give the facilitator's controls" in _text(other)
    assert not [b for b in other.button if b.key == "room_start_predict"]
    again = _ok(_app("workshop", room=room.id, key=secret))  # the real private link
    assert again.session_state["room_id"] == room.id
    assert [b for b in again.button if b.key == "room_start_predict"]


def test_join_errors_are_one_line_and_rate_limited():
    p = _ok(_app("join", code="ZZZZ-ZZZZ"))
    p.text_input(key="pj_nick").input("Ana")
    _ok(p.button[0].click().run())
    assert "No open room has that code" in _text(p)
    p.text_input(key="pj_nick").input("<script>")
    fac, room, secret = _open_room()
    p.text_input(key="pj_code").input(room.code)
    _ok(p.button[0].click().run())
    assert "the characters" in _text(p) and "pj_secret" not in p.session_state
    for _ in range(rules.JOIN_PER_SESSION.limit):
        _ok(p.button[0].click().run())
    assert "Too many attempts" in _text(p)


def test_closing_the_room_deletes_it_and_phones_are_told():
    from ui import room_common

    fac, room, secret = _open_room()
    p = _join(room.code, "Ana")
    _ok(fac.checkbox(key="room_close_sure").check().run())
    _ok(_button(fac, "room_close").click().run())
    assert set(room_common.store().row_counts(room.id).values()) == {0}
    assert "The room is closed" in _text(fac)
    _ok(p.run())
    assert "closed or has expired" in _text(p) and "pj_secret" not in p.session_state


@pytest.mark.parametrize("lang", ["en", "es"])
def test_room_pages_have_every_string(lang):
    fac, room, secret = _open_room(lang)
    fac.selectbox(key="room_ex").select("recorded")
    _ok(_button(fac, "room_start_predict").click().run())
    p = _join(room.code, "Ana", lang)
    for at in (fac, p, _ok(_app("join", lang))):
        assert MISSING[0] not in _text(at)
    if lang == "es":
        assert "Unirse" in _text(_ok(_app("join", lang)))
    # a phone in the other language reads the exercise's question in its own language
    other = "en" if lang == "es" else "es"
    q = _join(room.code, "Bo", other)
    from ui.i18n import t

    assert t("workshop.exercises.recorded.title", other) in _text(q)


def test_nicknames_are_shown_as_plain_text():
    fac, room, secret = _open_room()
    fac.multiselect(key="room_params").set_value(["screening"])
    _ok(_button(fac, "room_start_build").click().run())
    nick = "*Bo* [x](http://e.x)"
    p = _join(room.code, nick)
    assert any("\\*Bo\\*" in c.value and "\\[x\\]" in c.value for c in p.caption)  # escaped
    _ok(_button(p, "pj_submit").click().run())
    other = _join(room.code, "Ana")
    _ok(_button(other, "pj_submit").click().run())
    _ok(_button(fac, "room_open_vote").click().run())
    _ok(other.run())
    radio = next(r for r in other.radio if r.key.startswith("pj_ballot_"))
    assert radio.options == ["\\*Bo\\* \\[x\\](http\\://e.x)"]
    _ok(fac.run())
    import json

    ys = json.loads(fac.get("plotly_chart")[0].proto.spec)["data"][0]["y"]
    assert nick in ys  # drawn as a label (Plotly would only make a link of an <a> tag)


def test_join_is_routed_bare_and_keeps_its_address():
    """app.py routes /join as a hidden page: no menu entry, no sidebar, its query kept."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["code"] = "ABCD-EFGH"
    at.run()
    pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
    assert "join" in pages
    assert at.sidebar.children, "the other pages draw the sidebar"
    at._page_hash = pages["join"]
    at.query_params["code"] = "ABCD-EFGH"  # the first run, on the landing page, rewrote the URL
    _ok(at.run())
    assert not at.sidebar.children  # no language switch or notice in a sidebar
    assert at.text_input(key="pj_code").value == "ABCD-EFGH"
    assert dict(at.query_params).get("code") in ("ABCD-EFGH", ["ABCD-EFGH"])  # not rewritten


def test_a_reloaded_phone_comes_back_as_the_same_participant():
    fac, room, secret = _open_room()
    p = _join(room.code, "Ana")
    me = p.session_state["pj_secret"]
    assert p.query_params.get("me") in (me, [me])  # kept in the address for a reload
    again = _ok(_app("join", me=me))  # a new session, as after a reload
    assert "you are Ana" in _text(again)
    stranger = _ok(_app("join", me="not-a-key"))
    assert "you are" not in _text(stranger) and "Join the workshop room" in _text(stranger)
