"""Presentation mode, for a projector: one scenario at a time from a prepared sequence, its
headline results in large type, two charts drawn larger, and only the levers the facilitator
chose. Reached by a link:

    /present?seq=jem-universal,jem-targeted-safeguards,no-agreement&levers=trust_erosion&step=2

``seq``: program presets, in order (default: every program preset); ``levers``: parameter names
shown as controls (default: none); ``step``: 1-based position in the sequence. Unknown names
are left out with a notice; the sequence, levers and step stay in the URL while stepping.
"""
from __future__ import annotations

import streamlit as st

import model
from ui import charts, results, screen, state, widgets
from ui.cards import Card, cards_html
from ui.format import fmt, fmt_delta, preset_name
from ui.i18n import MISSING, Translator

Q_SEQ, Q_LEVERS, Q_STEP = "seq", "levers", "step"
K_APPLIED = "_present_applied"  # (sequence, step) whose preset the state holds
K_STEP = "_present_step"
SHOWN = ("removals", "reporting_rate_immigrant_end", "net_crime_change")
PRESENT_CHARTS = ("trust_reporting", "safety_ledger")
MAX_LEVERS = 4  # few controls: a room reads a handful, not a sidebar

# Large, high-contrast type for the room: pure black on white, the sidebar folded away (its
# controls are the facilitator's, not the room's; the levers chosen are in the page).
STYLE = """<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"]{display:none !important}
[data-testid="stMainBlockContainer"]{padding-top:3.5rem}
.st-key-present{font-size:1.5rem;color:#000}
.st-key-present h1{font-size:3rem !important;color:#000}
.st-key-present .sim-card-label{font-size:1.4rem}
.st-key-present .sim-card-value{font-size:3.5rem}
.st-key-present .sim-card-delta,.st-key-present .sim-card-note{font-size:1.25rem;color:#1f1f1f}
.st-key-present .sim-notice{font-size:1.3rem}
.st-key-present [data-testid="stWidgetLabel"] p{font-size:1.3rem !important}
</style>"""


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def sequence(query: dict) -> tuple[tuple[str, ...], list[str]]:
    """The presets to step through (known program presets, in the link's order, default all)
    and the names that were not known."""
    known = state.program_presets()
    asked = _split(query.get(Q_SEQ))
    seq = tuple(s for s in asked if s in known)
    return (seq or tuple(known)), [s for s in asked if s not in known]


def levers(query: dict) -> tuple[list[str], list[str]]:
    """The parameters shown as controls (known, numeric or yes/no, at most MAX_LEVERS) and the
    names that were not known."""
    asked = _split(query.get(Q_LEVERS))
    ok = [n for n in asked if n in model.BY_NAME][:MAX_LEVERS]
    return ok, [n for n in asked if n not in model.BY_NAME]


def step_of(query: dict, n: int) -> int:
    """The 0-based step the link names (``step`` is 1-based), clamped to the sequence."""
    try:
        k = int(query.get(Q_STEP) or 1)
    except (TypeError, ValueError):
        k = 1
    return min(max(k, 1), n) - 1


def big_card(tr: Translator, res: model.Results, name: str) -> Card:
    """An outcome's card for the room: its label, its value and its change against no
    agreement (the explore page's cards also carry ranges and notes)."""
    o = res.outcomes[name]
    if model.outcomes.BY_NAME[name].kind == "difference":
        return Card(name, tr(f"outcome.{name}.label"), fmt(tr, name, o.value, signed=True),
                    tr("explore.vs_none"))
    return Card(name, tr(f"outcome.{name}.label"), fmt(tr, name, o.value),
                f"{fmt_delta(tr, name, o.delta)} {tr('explore.vs_none')}")


def _go(seq: tuple[str, ...], k: int) -> None:
    st.session_state[K_STEP] = min(max(k, 0), len(seq) - 1)


def render() -> None:
    tr = state.translator()
    query = {k: st.query_params.get(k) for k in st.query_params.keys()}
    seq, unknown = sequence(query)
    shown_levers, unknown_levers = levers(query)
    ss = st.session_state
    if K_STEP not in ss or ss.get(K_APPLIED, (None,))[0] != seq:
        ss[K_STEP] = step_of(query, len(seq))
    k = ss[K_STEP]
    if ss.get(K_APPLIED) != (seq, k):  # a new step: its preset, in the chosen county
        state.apply_presets(seq[k], state.jurisdiction())
        ss[K_APPLIED] = (seq, k)
    state.keep_query({Q_SEQ: ",".join(seq) if query.get(Q_SEQ) else "",
                      Q_LEVERS: ",".join(shown_levers), Q_STEP: str(k + 1)})
    state.sync_widgets(shown_levers)

    st.html(STYLE)
    with st.container(key="present"):
        st.title(tr("present.step", k=k + 1, n=len(seq), name=preset_name(tr, seq[k])))
        line = tr(f"preset.{seq[k]}.summary")
        if line != MISSING.format(f"preset.{seq[k]}.summary"):
            st.markdown(line.replace("$", "\\$"))
        with st.container(horizontal=True):
            st.button(tr("present.previous"), key="present_prev", icon=":material/arrow_back:",
                      disabled=k == 0, on_click=_go, args=(seq, k - 1))
            st.button(tr("present.next"), key="present_next", icon=":material/arrow_forward:",
                      disabled=k == len(seq) - 1, on_click=_go, args=(seq, k + 1), type="primary")
        for name in unknown + unknown_levers:
            st.caption(tr("present.unknown", name=name))
        res = results.current_results()
        cards = [big_card(tr, res, name) for name in SHOWN]
        st.html(cards_html(cards, before=screen.notice_html(tr("app.not_a_forecast"))))
        vals = state.values()
        if shown_levers:
            lever_cols = st.columns(len(shown_levers))
            for col, name in zip(lever_cols, shown_levers):
                with col:
                    widgets.control(tr, model.BY_NAME[name], value=vals.get(name))
        cols = st.columns(len(PRESENT_CHARTS))
        for col, name in zip(cols, PRESENT_CHARTS):
            fig = charts.scaled(getattr(charts, name)(res, tr))
            cap = charts.caption(name, res, tr)
            with col:
                st.plotly_chart(fig, key=f"present_{name}", theme=None,
                                config=screen.plotly_config(tr.lang, displayModeBar=False), alt=cap)
                st.markdown(cap.replace("$", "\\$"))
