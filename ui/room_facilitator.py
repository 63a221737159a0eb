"""The Workshop page's *Room* tab: the facilitator opens a room, runs its rounds, and the
projector shows it live.

* **No room yet**: choose how long it lasts and open it; a private facilitator link
  (``/workshop?room=...&key=...``) reopens it from another browser or after a reload.
* **The room**: the join code, link and QR code in large type; the round controls (start a
  prediction round from an exercise, or a build round with the levers participants may move;
  reveal; open and close the vote); the live panel, a fragment that polls the store every
  ``POLL_SECONDS`` and redraws only when the room changed; the record download; closing.

Session keys: ``room_id`` and ``room_secret`` (the facilitator's secret: never shown on the
projector unless the *private link* expander is opened).
"""
from __future__ import annotations

from typing import Any

import streamlit as st

import model
from rooms import RoomError, record, rules
from rooms import rounds as R
from ui import state
from ui import room_common as rc

K_ROOM, K_SECRET = "room_id", "room_secret"
POLL_SECONDS = 1.0  # the projector: a participant's entry shows within ~1 s
CONFIG = {"displaylogo": False, "responsive": True}


def _facilitator_from_link() -> None:
    """A facilitator link opened: keep its room in this session (sync_url then drops the keys)."""
    qp = st.query_params
    rid, key = qp.get("room"), qp.get("key")
    if not rid or not key or st.session_state.get(K_ROOM) == rid:
        return
    if not rules.JOIN_PER_SESSION.allow("f:" + rc.session_key()):
        st.session_state["room_flash"] = ("error", "rooms.error.slow_down", {})
        return
    try:
        rc.store().facilitator(rid, key)
    except RoomError as err:
        st.session_state["room_flash"] = ("error", f"rooms.error.{err.code}", {})
        return
    st.session_state[K_ROOM], st.session_state[K_SECRET] = rid, key


def wanted() -> bool:
    """Whether the page should open on the Room tab (a room in this session, or its link)."""
    return bool(st.session_state.get(K_ROOM) or st.query_params.get("key"))


def _room() -> tuple[str, str] | None:
    rid, secret = st.session_state.get(K_ROOM), st.session_state.get(K_SECRET)
    if not rid or not secret:
        return None
    if rc.store().room(rid) is None:
        st.session_state.pop(K_ROOM, None)
        st.session_state.pop(K_SECRET, None)
        st.session_state["room_flash"] = ("info", "rooms.closed_or_expired", {})
        return None
    return rid, secret


def _act(tr, fn, *args) -> Any:
    """Run a store action; a refused one becomes a message, never a traceback."""
    try:
        return fn(*args)
    except RoomError as err:
        st.session_state["room_flash"] = ("error", "rooms.error.raw", {"text": rc.error_text(tr, err)})
        return None


def _flash(tr) -> None:
    item = st.session_state.pop("room_flash", None)
    if item:
        kind, key, kw = item
        getattr(st, kind)(tr(key, **kw))


# ----------------------------------------------------------------------------- callbacks
def _open(lang: str) -> None:
    if not rules.OPEN_PER_ADDRESS.allow(rc.client_key()):
        st.session_state["room_flash"] = ("error", "rooms.error.slow_down", {})
        return
    hours = int(st.session_state.get("room_hours", rules.DEFAULT_HOURS))
    try:
        room, secret = rc.store().create_room(lang, hours)
    except RoomError as err:
        st.session_state["room_flash"] = ("error", f"rooms.error.{err.code}", dict(err.args_))
        return
    st.session_state[K_ROOM], st.session_state[K_SECRET] = room.id, secret


def _start_predict(tr, rid: str, secret: str, exercises: dict) -> None:
    ss = st.session_state
    ex_id = ss.get("room_ex")
    ex = exercises.get(ex_id)
    if ex is None:
        return
    spec = {k: v for k, v in ex.items()}
    spec.update(exercise=ex_id, jurisdiction=ss.get("room_jur", "county-mid"),
                question=tr(f"workshop.exercises.{ex_id}.title"))
    _act(tr, rc.store().start_round, rid, secret, "predict", spec)


def _start_build(tr, rid: str, secret: str) -> None:
    ss = st.session_state
    spec = {"base": ss.get("room_base"), "jurisdiction": ss.get("room_jur", "county-mid"),
            "outcome": ss.get("room_outcome"), "params": list(ss.get("room_params") or []),
            "question": ss.get("room_question") or tr("rooms.build.default_question")}
    _act(tr, rc.store().start_round, rid, secret, "build", spec)


def _phase(tr, rid: str, secret: str, round_id: str, phase: str) -> None:
    _act(tr, rc.store().set_phase, rid, secret, round_id, phase)


def _close(rid: str, secret: str) -> None:
    try:
        rc.store().close_room(rid, secret)
    except RoomError:
        pass
    for k in (K_ROOM, K_SECRET):
        st.session_state.pop(k, None)
    st.session_state["room_flash"] = ("success", "rooms.closed", {})


# ----------------------------------------------------------------------------- views
def _no_room(tr) -> None:
    st.markdown(tr("rooms.intro"))
    st.selectbox(tr("rooms.hours"), rules.HOURS_CHOICES, key="room_hours",
                 index=rules.HOURS_CHOICES.index(rules.DEFAULT_HOURS),
                 format_func=lambda h: tr("rooms.hours_option", n=h))
    st.button(tr("rooms.open"), key="room_open", type="primary", on_click=_open, args=(tr.lang,))
    st.caption(tr("rooms.privacy"))


def _join_panel(tr, room) -> None:
    link = rc.join_link(room.code, room.lang)
    c1, c2 = st.columns([3, 2])
    with c1:
        st.markdown(tr("rooms.join_at"))
        st.markdown(f'<div class="room-code" style="font-size:4.5rem;font-weight:700;'
                    f'letter-spacing:.12em;line-height:1.1">{rules.show_code(room.code)}</div>',
                    unsafe_allow_html=True)  # the code: 8 characters of a fixed alphabet, no markup
        st.code(link, language=None)
    with c2:
        st.image(rc.qr_png(link), width=300, caption=tr("rooms.qr_caption"))


def _controls(tr, rid: str, secret: str, exercises: dict) -> None:
    jurs = R.jurisdiction_presets()
    st.session_state.setdefault("room_jur", "county-mid" if "county-mid" in jurs else jurs[0])
    st.selectbox(tr("rooms.jurisdiction"), jurs, key="room_jur",
                 format_func=lambda s: rc.preset_name(tr, s))
    t_pred, t_build = st.tabs([tr("rooms.tab_predict"), tr("rooms.tab_build")])
    with t_pred:
        st.selectbox(tr("rooms.exercise"), list(exercises), key="room_ex",
                     format_func=lambda e: tr(f"workshop.exercises.{e}.title"))
        st.button(tr("rooms.start_predict"), key="room_start_predict", type="primary",
                  on_click=_start_predict, args=(tr, rid, secret, exercises))
    with t_build:
        progs = R.program_presets()
        st.session_state.setdefault("room_base", "jem-universal" if "jem-universal" in progs else progs[0])
        st.selectbox(tr("rooms.base"), progs, key="room_base",
                     format_func=lambda s: rc.preset_name(tr, s))
        outcomes = [o.name for o in model.OUTCOMES]
        st.session_state.setdefault("room_outcome", "net_crime_change")
        st.selectbox(tr("rooms.outcome"), outcomes, key="room_outcome",
                     format_func=lambda n: tr(f"outcome.{n}.label"))
        allow = st.checkbox(tr("rooms.allow_assumptions"), key="room_allow_assumptions")
        kinds = ("lever", "assumption") if allow else ("lever",)
        names = [p.name for p in model.REGISTRY if p.kind in kinds]
        st.session_state.setdefault("room_params", ["screening", "officers_jem", "victim_protection"])
        st.session_state["room_params"] = [n for n in st.session_state["room_params"] if n in names]
        st.multiselect(tr("rooms.params", max=rules.MAX_LEVERS), names, key="room_params",
                       max_selections=rules.MAX_LEVERS,
                       format_func=lambda n: tr(f"param.{n}.label"))
        st.text_input(tr("rooms.question"), key="room_question", max_chars=rules.QUESTION_MAX,
                      placeholder=tr("rooms.build.default_question"))
        st.button(tr("rooms.start_build"), key="room_start_build", type="primary",
                  on_click=_start_build, args=(tr, rid, secret))


def _round_buttons(tr, rid: str, secret: str, rnd) -> None:
    if rnd is None:
        return
    if rnd.kind == "predict" and rnd.phase == "open":
        st.button(tr("rooms.reveal"), key="room_reveal", type="primary", on_click=_phase,
                  args=(tr, rid, secret, rnd.id, "revealed"))
    elif rnd.kind == "build" and rnd.phase == "open":
        st.button(tr("rooms.open_vote"), key="room_open_vote", type="primary", on_click=_phase,
                  args=(tr, rid, secret, rnd.id, "vote"))
    elif rnd.kind == "build" and rnd.phase == "vote":
        st.button(tr("rooms.close_vote"), key="room_close_vote", type="primary", on_click=_phase,
                  args=(tr, rid, secret, rnd.id, "closed"))


@st.fragment(run_every=POLL_SECONDS)
def live(rid: str, secret: str) -> None:
    """The projector's view of the room, redrawn every ``POLL_SECONDS`` from the store."""
    tr = state.translator()
    snap = rc.store().snapshot(rid)
    if snap is None:
        st.info(tr("rooms.closed_or_expired"))
        return
    rnd = snap.round
    # the round buttons live here so they follow the room's phase without a full rerun
    _round_buttons(tr, rid, secret, rnd)
    st.markdown(f"<span class='room-rev' data-rev='{snap.room.rev}'></span>", unsafe_allow_html=True)
    st.metric(tr("rooms.participants"), snap.participants)
    if rnd is None:
        st.info(tr("rooms.no_round"))
        return
    spec = rnd.spec
    st.subheader(tr("rooms.round_title", n=rnd.seq, question=rc.question_text(tr, spec)))
    st.caption(rc.setup_text(tr, spec, lambda s: rc.preset_name(tr, s))
               + " · " + tr(f"outcome.{spec['outcome']}.label"))
    if rnd.kind == "predict":
        from ui import room_views

        room_views.predictions(tr, snap, key="room_pred_chart")
    else:
        _gallery(tr, snap)


def _gallery(tr, snap) -> None:
    from ui import room_views

    rnd = snap.round
    subs = snap.submissions
    st.metric(tr("rooms.submissions"), len(subs))
    if rnd.phase != "open":
        st.metric(tr("rooms.votes"), snap.voters)
    if not subs:
        st.caption(tr("rooms.no_submissions"))
        return
    room_views.gallery_chart(tr, rnd, subs, key="room_gallery_chart", rev=snap.room.rev)
    rows = [{tr("rooms.col_nickname"): s["nickname"], tr("rooms.col_votes"): s["votes"]}
            for s in sorted(subs, key=lambda s: -s["votes"])] if rnd.phase != "open" else None
    if rows:
        st.table(rows, hide_index=True)
    if len(subs) >= 2:
        names = [s["id"] for s in subs]
        label = {s["id"]: s["nickname"] for s in subs}
        c1, c2 = st.columns(2)
        a = c1.selectbox(tr("rooms.compare_a"), names, index=0, key="room_cmp_a",
                         format_func=lambda i: label.get(i, "?"))
        b = c2.selectbox(tr("rooms.compare_b"), names, index=1, key="room_cmp_b",
                         format_func=lambda i: label.get(i, "?"))
        room_views.compare_two(tr, rnd, next(s for s in subs if s["id"] == a),
                               next(s for s in subs if s["id"] == b))


def _record(tr, rid: str, secret: str) -> None:
    def data() -> bytes:
        return record.zip_bytes(rc.store().record(rid, secret))

    st.download_button(tr("rooms.download"), data=data, file_name="room-record.zip",
                       mime="application/zip", key="room_download", on_click="ignore",
                       icon=":material/download:", help=tr("rooms.download_help"))


def render(tr, exercises: dict[str, dict]) -> None:
    """The Room tab (``exercises``: the Workshop page's exercise setups, by id)."""
    _facilitator_from_link()
    _flash(tr)
    current = _room()
    if current is None:
        _no_room(tr)
        return
    rid, secret = current
    room = rc.store().facilitator(rid, secret)
    started = room.stage > 0  # a round has started: the join panel folds away to one line
    if started:
        st.markdown(tr("rooms.join_line", code=rules.show_code(room.code),
                       link=rc.join_link(room.code, room.lang)))
        with st.expander(tr("rooms.show_qr"), expanded=False):
            _join_panel(tr, room)
    else:
        _join_panel(tr, room)
    with st.expander(tr("rooms.controls"), expanded=not started):
        _controls(tr, rid, secret, exercises)
    live(rid, secret)
    with st.expander(tr("rooms.private_link"), expanded=False):
        st.caption(tr("rooms.private_link_help"))
        st.code(rc.facilitator_link(rid, secret, room.lang), language=None)
    st.divider()
    _record(tr, rid, secret)
    sure = st.checkbox(tr("rooms.close_sure"), key="room_close_sure")
    st.button(tr("rooms.close"), key="room_close", disabled=not sure, on_click=_close,
              args=(rid, secret))
