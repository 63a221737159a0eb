"""/join: a participant's phone in a workshop room (no sidebar, no menu; built for 390 px).

Asks for the room's code and a nickname; then shows the facilitator's current round: a
prediction to enter (and, once revealed, the room's predictions against the model's answer), or
the few settings the facilitator allowed, with one chart of the result and a button to submit
the scenario, then the vote. A small fragment polls the room's ``stage`` every
``WATCH_SECONDS`` and reruns the page only when the facilitator moved the room on, so an idle
phone costs one indexed read per poll.

The participant's secret stays in the session and in the address (``?me=...``) so a reload or a
dropped connection comes back to the same nickname; it grants nothing but this participant's
own entries in this room.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

import model
from rooms import RoomError, Snapshot, rules
from rooms import rounds as R
from ui import room_views, state
from ui.charts import rooms as room_charts
from ui import room_common as rc
from ui.i18n import LANGS

K_SECRET, K_STAGE, K_FLASH = "pj_secret", "pj_stage", "pj_flash"
Q_ME = "me"  # the address's key for the participant's secret (``p`` is a preset elsewhere)
WATCH_SECONDS = 5.0  # an idle phone: one small request every 5 s
PHONE_CSS = """<style>
[data-testid="stMainBlockContainer"] { max-width: 560px; padding: 1rem 1rem 3rem; }
[data-testid="stHeader"] { display: none; }
</style>"""


def _flash(tr) -> None:
    item = st.session_state.pop(K_FLASH, None)
    if item:
        kind, text = item
        getattr(st, kind)(text)


def _say(kind: str, text: str) -> None:
    st.session_state[K_FLASH] = (kind, text)


# ----------------------------------------------------------------------------- joining
def _join(tr) -> None:
    ss = st.session_state
    address = rc.client_key()
    if rules.JOIN_FAILS_PER_ADDRESS.blocked(address) or not rules.JOIN_PER_SESSION.allow(rc.session_key()):
        wait = max(rules.JOIN_PER_SESSION.wait(rc.session_key()),
                   rules.JOIN_FAILS_PER_ADDRESS.wait(address))
        _say("error", tr("rooms.error.slow_down_s", s=wait))
        return
    try:
        member, secret = rc.store().join(ss.get("pj_code", ""), ss.get("pj_nick", ""))
    except RoomError as err:
        if err.code == "no_room":  # a wrong code: what guessing looks like
            rules.JOIN_FAILS_PER_ADDRESS.allow(address)
        _say("error", rc.error_text(tr, err))
        return
    ss[K_SECRET] = secret
    st.query_params[Q_ME] = secret


def _join_form(tr) -> None:
    st.title(tr("rooms.join.title"))
    st.markdown(tr("rooms.join.intro"))
    ss = st.session_state
    if "pj_code" not in ss and st.query_params.get("code"):
        ss["pj_code"] = str(st.query_params.get("code"))[:20]
    with st.form(key="pj_form", border=False):
        st.text_input(tr("rooms.join.code"), key="pj_code", max_chars=20,
                      placeholder=tr("rooms.join.code_placeholder"))
        st.text_input(tr("rooms.join.nickname"), key="pj_nick", max_chars=rules.NICK_MAX,
                      help=tr("rooms.join.nickname_help", n=rules.NICK_MAX))
        st.form_submit_button(tr("rooms.join.button"), type="primary", on_click=_join, args=(tr,),
                              width="stretch", key="pj_join")
    st.caption(tr("rooms.join.privacy"))


# ----------------------------------------------------------------------------- the room
@st.fragment(run_every=WATCH_SECONDS)
def _watch(room_id: str, stage: int) -> None:
    """Rerun the page when the facilitator moved the room on (or closed it)."""
    v = rc.store().versions(room_id)
    if v is None or v[1] != stage:
        st.rerun()


def _predict_round(tr, secret: str, snap, mine: dict) -> None:
    rnd = snap.round
    outcome = rnd.spec["outcome"]
    st.caption(state.md_escape(tr(f"outcome.{outcome}.description"), 400))
    if rnd.phase == "open":
        with st.form(key=f"pj_pred_{rnd.id}", border=False):
            st.number_input(tr("rooms.join.prediction", unit=rc.unit_text(tr, outcome)),
                            value=mine.get("prediction"), key=f"pj_pred_value_{rnd.id}",
                            help=tr("rooms.join.prediction_help"), format="%.2f")
            st.form_submit_button(tr("rooms.join.send_prediction"), type="primary",
                                  on_click=_send_prediction, args=(tr, secret, rnd.id),
                                  width="stretch", key="pj_send")
        if mine.get("prediction") is not None:
            st.success(tr("rooms.join.your_prediction",
                          value=rc.fmt(tr, outcome, mine["prediction"], change=True)))
        return
    if mine.get("prediction") is not None:
        st.markdown(tr("rooms.join.your_prediction_was",
                       value=rc.fmt(tr, outcome, mine["prediction"], change=True)))
    room_views.predictions(tr, snap, key="pj_pred_chart", height=300)


def _answer(tr, secret: str, round_id: str, widget: str, missing: str, send: str) -> None:
    """Send the round's widget value through the store's ``send`` method (predict or vote), or
    say what is missing; a refusal from the store is said in the reader's words."""
    value = st.session_state.get(f"{widget}_{round_id}")
    if value is None:
        _say("warning", tr(missing))
        return
    try:
        getattr(rc.store(), send)(secret, round_id, value)
    except RoomError as err:
        _say("error", rc.error_text(tr, err))


def _send_prediction(tr, secret: str, round_id: str) -> None:
    _answer(tr, secret, round_id, "pj_pred_value", "rooms.join.no_value", "predict")


def _lever(tr, key: str, name: str, start: Any) -> Any:
    p = model.BY_NAME[name]
    label = tr(f"param.{name}.label")
    if key not in st.session_state:
        st.session_state[key] = start
    if p.is_bool:
        return st.toggle(label, key=key)
    if p.is_choice:
        return st.radio(label, p.choices, key=key, horizontal=True,
                        format_func=lambda v: tr(f"choice.{name}.{v}"))
    if p.integer:
        return st.slider(label, int(p.min), int(p.max), step=int(p.step or 1), key=key)
    return st.slider(label, float(p.min), float(p.max), step=float(p.step or 0.01), key=key)


def _build_round(tr, secret: str, member, snap, mine: dict) -> None:
    rnd = snap.round
    spec = rnd.spec
    outcome = spec["outcome"]
    if rnd.phase == "open":
        start = R.scenario_values(mine["scenario"]) if mine.get("scenario") else R.base_values(spec)
        chosen = {name: _lever(tr, f"pj_{rnd.id}_{name}", name, start[name]) for name in spec["params"]}
        values = {**R.base_values(spec), **chosen}
        rows = [{"name": tr("rooms.chart_start"), **rc.summary(R.base_values(spec), outcome, spec["years"])},
                {"name": tr("rooms.join.yours"), **rc.summary(values, outcome, spec["years"])}]
        fig = room_charts.scenarios_chart(rows, title=tr(f"outcome.{outcome}.label"),
                                          x_title=rc.unit_text(tr, outcome),
                                          highlight=(tr("rooms.join.yours"),), height=240)
        st.plotly_chart(fig, key="pj_mine_chart", config=room_views.CONFIG, width="stretch")
        st.button(tr("rooms.join.submit"), key="pj_submit", type="primary", width="stretch",
                  on_click=_submit, args=(tr, secret, rnd.id, chosen))
        if mine.get("submission"):
            st.success(tr("rooms.join.submitted"))
        return
    others = [s for s in snap.submissions if s["nickname"] != member.nickname]
    if rnd.phase == "vote":
        if not others:
            st.info(tr("rooms.join.nothing_to_vote"))
        else:
            ids = [s["id"] for s in others]
            label = {s["id"]: s["nickname"] for s in others}
            st.radio(tr("rooms.join.vote_for"), ids, key=f"pj_ballot_{rnd.id}",
                     index=ids.index(mine["vote"]) if mine.get("vote") in ids else None,
                     format_func=lambda i: state.md_escape(label.get(i, "?"), 40))  # labels are Markdown
            st.button(tr("rooms.join.vote"), key="pj_vote_button", type="primary", width="stretch",
                      on_click=_vote, args=(tr, secret, rnd.id))
            if mine.get("vote"):
                st.success(tr("rooms.join.voted", nickname=state.md_escape(label.get(mine["vote"], "?"), 40)))
    else:
        st.info(tr("rooms.join.vote_closed"))
    if snap.submissions:
        room_views.gallery_chart(tr, rnd, snap.submissions, key="pj_gallery_chart",
                                 highlight=(member.nickname,))


def _submit(tr, secret: str, round_id: str, chosen: dict) -> None:
    # the widgets' current values (the callback runs before the rerun that would redraw them)
    vals = {k: st.session_state.get(f"pj_{round_id}_{k}", v) for k, v in chosen.items()}
    try:
        rc.store().submit(secret, round_id, vals)
    except RoomError as err:
        _say("error", rc.error_text(tr, err))


def _vote(tr, secret: str, round_id: str) -> None:
    _answer(tr, secret, round_id, "pj_ballot", "rooms.join.no_choice", "vote")


def _room(tr, secret: str, member) -> None:
    store = rc.store()
    st.caption(tr("rooms.join.header", code=rules.show_code(member.room.code),
                  nickname=state.md_escape(member.nickname, 40)))
    _flash(tr)
    _watch(member.room.id, member.room.stage)
    rnd = store.current_round(member.room.id)
    # everyone's entries only where the phone shows them (the reveal, the vote): a lever move
    # in an open round reads this participant's own rows alone
    needs_room = rnd is not None and rnd.phase != "open"
    snap = store.snapshot(member.room.id) if needs_room else Snapshot(member.room, 0, rnd)
    if snap is None:
        return
    rnd = snap.round
    if rnd is None:
        st.info(tr("rooms.join.waiting"))
        return
    st.subheader(rc.question_text(tr, rnd.spec) or tr("rooms.round_n", n=rnd.seq))
    st.caption(rc.setup_text(tr, rnd.spec, lambda s: rc.preset_name(tr, s)))
    mine = store.my_entry(secret, rnd.id)
    if rnd.kind == "predict":
        _predict_round(tr, secret, snap, mine)
    else:
        _build_round(tr, secret, member, snap, mine)


def render() -> None:
    tr = state.translator()
    st.markdown(PHONE_CSS, unsafe_allow_html=True)  # a fixed style sheet, no user text
    st.segmented_control(tr("app.language"), LANGS, key=state.LANG_KEY, required=True,
                         on_change=state.on_lang_change, label_visibility="collapsed",
                         format_func=lambda code: tr(f"app.lang_name.{code}"))
    tr = state.translator()
    ss = st.session_state
    secret = ss.get(K_SECRET) or st.query_params.get(Q_ME)
    member = rc.store().member(secret) if secret else None
    if member is None:
        if secret:
            ss.pop(K_SECRET, None)
            st.query_params.pop(Q_ME, None)
            st.info(tr("rooms.closed_or_expired"))
        _flash(tr)
        _join_form(tr)
        return
    ss[K_SECRET] = secret
    _room(tr, secret, member)
