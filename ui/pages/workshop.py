"""Workshop page for educators: predict, then reveal; role cards; exercises.

* **Predict, then reveal.** The group picks two program presets (or one preset and a change to
  one setting) and an outcome, writes down which way it expects the outcome to move, then
  reveals the model's answer beside the prediction, with the p5-p95 range of the difference.
  Changing the setup hides the answer again, so a facilitator can run round after round.
* **Role cards.** Each role brings one question and a short list of assumptions to adjust.
* **Exercises.** Ready-made rounds with steps and discussion questions; a button loads each
  exercise's setup into the predict-then-reveal tab.

All text comes from ``ui/locales/<lang>/workshop.toml`` (page texts, roles, exercises) and
``params.toml`` (parameter and outcome names); the data below holds only identifiers.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

import model
from ui import i18n, results, state

# ----------------------------------------------------------------------------- data (ids only)
# Role id -> (assumptions worth adjusting, outcomes to watch). Texts: workshop.roles.<id>.*
ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sheriff": (("hours_per_case", "cases_per_officer_month", "hold_days", "bed_day_reimbursement"),
                ("removals", "cost_net_usd")),
    "commissioner": (("officer_annual_cost", "bed_day_cost", "liability_per_disparity", "federal_terms"),
                     ("cost_net_usd", "net_crime_change")),
    "advocate": (("trust_erosion", "reporting_trust_elasticity", "profiling_propensity",
                  "victimization_response"),
                 ("reporting_rate_immigrant_end", "stop_disparity_ratio")),
    "victim_family": (("offending_rate_serious", "additionality_serious_ratio",
                       "witness_trust_elasticity", "victimization_response"),
                      ("net_crime_change", "cleared_crime_change")),
    "ice_liaison": (("additionality", "serious_share", "detainer_to_transfer",
                     "tfm_arrests_per_officer_month"),
                    ("removals_additional", "removals_serious_share")),
    "immigrant_resident": (("jail_visibility", "victim_protection_effect", "trust_recovery_months",
                            "latino_spillover"),
                           ("trust_immigrant_end", "trust_latino_citizen_end")),
    "journalist": (("additionality", "reporting_baseline_immigrant", "tfm_no_record_share"),
                   ("recorded_crime_change", "removals_no_record_share")),
    "student": (("reporting_trust_elasticity", "additionality", "offending_rate_serious"),
                ("recorded_crime_change", "net_crime_change")),
}

# Exercise id -> setup for predict-then-reveal. Texts: workshop.exercises.<id>.*
EXERCISES: dict[str, dict[str, Any]] = {
    "recorded": {"mode": "pair", "a": "no-agreement", "b": "jem-universal",
                 "outcome": "recorded_crime_change"},
    "visibility": {"mode": "pair", "a": "wso-only", "b": "tfm-2025", "outcome": "trust_immigrant_end"},
    "targeted": {"mode": "pair", "a": "jem-universal", "b": "jem-targeted",
                 "outcome": "removals_serious_share"},
    "additional": {"mode": "change", "base": "jem-universal", "param": "additionality", "value": 0.0,
                   "outcome": "removals_additional"},
    "safeguards": {"mode": "pair", "a": "jem-targeted", "b": "jem-targeted-safeguards",
                   "outcome": "reporting_rate_immigrant_end"},
    "who_pays": {"mode": "change", "base": "tfm-2025", "param": "federal_terms", "value": "pre2025",
                 "outcome": "cost_net_usd"},
    "both_sides": {"mode": "pair", "a": "program-case", "b": "critics-case",
                   "outcome": "net_crime_change"},
}

MODES = ("pair", "change")
DIRECTIONS = ("higher", "same", "lower")
DEFAULT_OUTCOME = "reporting_rate_immigrant_end"
# Widget keys (all prefixed so they never clash with the explore page's parameter widgets).
K_MODE, K_JUR, K_A, K_B, K_BASE, K_PARAM, K_OUTCOME = (
    "ws_mode", "ws_jurisdiction", "ws_a", "ws_b", "ws_base", "ws_param", "ws_outcome")
K_GUESS, K_ESTIMATE, K_REASON, K_REVEALED, K_LOADED = (
    "ws_guess", "ws_estimate", "ws_reason", "ws_revealed", "ws_loaded")
K_TALLY = {d: f"ws_tally_{d}" for d in DIRECTIONS}
# "About the same": a difference within this share of the larger value, or below the floor.
SAME_SHARE = 0.05


def value_key(name: str) -> str:
    return f"ws_value_{name}"


# ----------------------------------------------------------------------------- formatting
def scale(outcome: str) -> str:
    """How an outcome is shown: 'pct', 'index', 'usd', 'ratio' or 'count' (from its English unit)."""
    unit = model.outcomes.BY_NAME[outcome].unit.lower()
    if "share" in unit or "relative change" in unit:
        return "pct"
    if "usd" in unit:
        return "usd"
    if "index" in unit:
        return "index"
    if "ratio" in unit:
        return "ratio"
    return "count"


FLOOR = {"pct": 0.005, "index": 0.01, "usd": 1000.0, "ratio": 0.02, "count": 1.0}


def fmt(tr, outcome: str, x: float, signed: bool = False) -> str:
    """A value in the outcome's own terms; ``signed`` marks a difference (shares: in points)."""
    s = scale(outcome)
    if s == "pct":
        if signed:
            return tr("workshop.reveal.points", x=f"{x * 100:+.1f}")
        return tr.pct(x, 1)
    if s == "usd":
        text = tr.usd(x)
        return ("+" + text) if signed and x >= 0 else text
    if s in ("index", "ratio"):
        return f"{x:+,.2f}" if signed else f"{x:,.2f}"
    return tr.signed(x) if signed else tr.number(x)


def page_names(tr) -> dict[str, str]:
    """Menu titles of the pages the workshop texts point to ({explore}, {drivers}, {sources})."""
    return {name: tr(f"app.page.{name}") for name in ("explore", "drivers", "sources")}


def md(text: str) -> str:
    """Catalog text made literal for Streamlit Markdown ($ would start LaTeX)."""
    return text.replace("$", "\\$")


def direction(diff: float, a: float, b: float, outcome: str) -> str:
    tol = max(FLOOR[scale(outcome)], SAME_SHARE * max(abs(a), abs(b)))
    if abs(diff) <= tol:
        return "same"
    return "higher" if diff > 0 else "lower"


# ----------------------------------------------------------------------------- presets
def preset_name(tr, stem: str) -> str:
    """A preset's name in the reader's language (``preset.<stem>.name``, in explore.toml); a
    preset added to scenarios/ before its translation shows the file's own (English) name."""
    key = f"preset.{stem}.name"
    if key in i18n.catalog(tr.lang):
        return tr(key)
    p = state.presets().get(stem)
    return p.name if p is not None else stem


def outcome_label(tr, name: str) -> str:
    return tr(f"outcome.{name}.label")


def param_label(tr, name: str) -> str:
    return tr(f"param.{name}.label")


def param_value_text(tr, name: str, v: Any) -> str:
    p = model.BY_NAME[name]
    if p.is_bool:
        return tr("choice.flag.on") if v else tr("choice.flag.off")
    if p.is_choice:
        return tr(f"choice.{name}.{v}")
    if p.integer:
        return tr.number(v)
    return f"{v:g}"


def changeable() -> list[str]:
    """Parameters a round can change: what you decide first, then what you assume."""
    levers = [p.name for p in model.REGISTRY if p.kind == "lever"]
    assumptions = [p.name for p in model.REGISTRY if p.kind == "assumption"]
    return levers + assumptions


# ----------------------------------------------------------------------------- callbacks
def _hide() -> None:
    st.session_state[K_REVEALED] = None


def load_exercise(ex_id: str) -> None:
    """Button callback: put an exercise's setup into the predict-then-reveal widgets."""
    ex = EXERCISES[ex_id]
    ss = st.session_state
    ss[K_MODE] = ex["mode"]
    ss[K_OUTCOME] = ex["outcome"]
    if ex["mode"] == "pair":
        ss[K_A], ss[K_B] = ex["a"], ex["b"]
    else:
        ss[K_BASE], ss[K_PARAM] = ex["base"], ex["param"]
        ss[value_key(ex["param"])] = ex["value"]
    ss.pop(K_GUESS, None)  # a new round starts with no prediction
    ss[K_LOADED] = ex_id
    _hide()


def _reveal(sig: tuple) -> None:
    st.session_state[K_REVEALED] = sig


# ----------------------------------------------------------------------------- the round
def initial_change(p: model.Param, base: Any) -> Any:
    """A first value that differs from the starting one, so a new round never compares a
    scenario with itself: the other choice, or the far end of the assumption's range (else of
    the slider's range), half way from the starting value."""
    if p.is_bool:
        return not base
    if p.is_choice:
        return next((c for c in p.choices if c != base), base)
    lo, hi = (p.uncertainty[0], p.uncertainty[2]) if p.uncertainty else (p.min, p.max)
    far = hi if abs(hi - base) >= abs(base - lo) else lo
    target = base + (far - base) / 2 if not p.uncertainty else far
    step = p.step or 1
    v = min(max(p.min + round((target - p.min) / step) * step, p.min), p.max)
    return int(round(v)) if p.integer else float(round(v, 6))


def _value_widget(tr, name: str, base_value: Any) -> Any:
    p = model.BY_NAME[name]
    key = value_key(name)
    label = tr("workshop.predict.new_value", param=param_label(tr, name))
    if key not in st.session_state:
        st.session_state[key] = initial_change(p, base_value)
    if p.is_bool:
        return st.radio(label, (True, False), key=key, horizontal=True, on_change=_hide,
                        format_func=lambda v: param_value_text(tr, name, v))
    if p.is_choice:
        return st.selectbox(label, p.choices, key=key, on_change=_hide,
                            format_func=lambda v: param_value_text(tr, name, v))
    if p.integer:
        return st.slider(label, int(p.min), int(p.max), step=int(p.step or 1), key=key,
                         on_change=_hide, help=tr(f"param.{name}.unit"))
    return st.slider(label, float(p.min), float(p.max), step=float(p.step), key=key,
                     on_change=_hide, help=tr(f"param.{name}.unit"))


def _setup(tr) -> tuple[dict, dict, str, str, str, tuple] | None:
    """Draw the setup widgets; return (values A, values B, name A, name B, outcome, signature)."""
    progs = [s for s in state.program_presets() if s in state.presets()]
    jurs = [s for s in state.jurisdiction_presets() if s in state.presets()]
    if len(progs) < 2:
        st.warning(tr("workshop.predict.no_presets"))
        return None
    ss = st.session_state
    ss.setdefault(K_MODE, "pair")
    ss.setdefault(K_A, "no-agreement" if "no-agreement" in progs else progs[0])
    ss.setdefault(K_B, "jem-universal" if "jem-universal" in progs else progs[1])
    ss.setdefault(K_BASE, ss[K_B])
    ss.setdefault(K_OUTCOME, DEFAULT_OUTCOME)
    if jurs:
        ss.setdefault(K_JUR, state.jurisdiction() if state.jurisdiction() in jurs else jurs[len(jurs) // 2])

    mode = st.radio(tr("workshop.predict.mode"), MODES, key=K_MODE, horizontal=True,
                    format_func=lambda m: tr(f"workshop.predict.mode_{m}"), on_change=_hide)
    cols = st.columns(2)
    jur = None
    if jurs:
        with cols[0]:
            jur = st.selectbox(tr("workshop.predict.jurisdiction"), jurs, key=K_JUR, on_change=_hide,
                               format_func=lambda s: preset_name(tr, s))
    names = lambda s: preset_name(tr, s)  # noqa: E731
    if mode == "pair":
        c1, c2 = st.columns(2)
        a = c1.selectbox(tr("workshop.predict.preset_a"), progs, key=K_A, format_func=names,
                         on_change=_hide)
        b = c2.selectbox(tr("workshop.predict.preset_b"), progs, key=K_B, format_func=names,
                         on_change=_hide)
        va, vb = state.preset_values(a, jur), state.preset_values(b, jur)
        name_a, name_b = preset_name(tr, a), preset_name(tr, b)
        detail: tuple = (a, b)
    else:
        c1, c2 = st.columns(2)
        base = c1.selectbox(tr("workshop.predict.base"), progs, key=K_BASE, format_func=names,
                            on_change=_hide)
        options = changeable()
        if ss.get(K_PARAM) not in options:
            ss[K_PARAM] = options[0]
        pname = c2.selectbox(tr("workshop.predict.param"), options, key=K_PARAM, on_change=_hide,
                             format_func=lambda n: tr("workshop.predict.param_option",
                                                      param=param_label(tr, n),
                                                      kind=tr(f"kind.{model.BY_NAME[n].kind}")))
        va = state.preset_values(base, jur)
        new = _value_widget(tr, pname, va[pname])
        vb = dict(va)
        vb[pname] = model.coerce(pname, new)
        name_a = preset_name(tr, base)
        name_b = tr("workshop.predict.changed_name", param=param_label(tr, pname),
                    value=param_value_text(tr, pname, vb[pname]))
        detail = (base, pname, vb[pname])
    outcomes = [o.name for o in model.OUTCOMES]
    if ss.get(K_OUTCOME) not in outcomes:
        ss[K_OUTCOME] = DEFAULT_OUTCOME
    with cols[1]:
        outcome = st.selectbox(tr("workshop.predict.outcome"), outcomes, key=K_OUTCOME,
                               format_func=lambda n: outcome_label(tr, n), on_change=_hide)
    st.caption(md(tr(f"outcome.{outcome}.description")))
    sig = (mode, jur, detail, outcome, state.years())
    return va, vb, name_a, name_b, outcome, sig


def _predict(tr, outcome: str, name_a: str, name_b: str) -> str | None:
    st.subheader(tr("workshop.predict.step_predict"))
    guess = st.radio(tr("workshop.predict.question", outcome=outcome_label(tr, outcome),
                        a=name_a, b=name_b),
                     DIRECTIONS, key=K_GUESS, index=None, horizontal=True,
                     format_func=lambda d: tr(f"workshop.predict.dir_{d}"))
    c1, c2 = st.columns(2)
    unit_key = "workshop.predict.estimate_pct" if scale(outcome) == "pct" else "workshop.predict.estimate"
    c1.number_input(tr(unit_key, unit=tr(f"outcome.{outcome}.unit")), value=None, key=K_ESTIMATE,
                    help=tr("workshop.predict.estimate_help"))
    c2.text_area(tr("workshop.predict.reason"), key=K_REASON, height=80,
                 placeholder=tr("workshop.predict.reason_placeholder"))
    with st.expander(tr("workshop.predict.tally")):
        st.caption(tr("workshop.predict.tally_help"))
        tcols = st.columns(3)
        for col, d in zip(tcols, DIRECTIONS):
            col.number_input(tr(f"workshop.predict.dir_{d}"), min_value=0, max_value=1000, step=1,
                             value=0, key=K_TALLY[d])
    return guess


def _answer(tr, va: dict, vb: dict, name_a: str, name_b: str, outcome: str, guess: str | None) -> None:
    yrs = state.years()
    ra = results.cached_simulate(va, years=yrs)
    rb = results.cached_simulate(vb, years=yrs)
    oa, ob = ra.outcomes[outcome], rb.outcomes[outcome]
    diff = ob.value - oa.value
    st.subheader(tr("workshop.reveal.title"))
    c1, c2, c3 = st.columns(3)
    c1.metric(name_a, fmt(tr, outcome, oa.value))
    c1.caption(tr("workshop.reveal.range", lo=fmt(tr, outcome, oa.p5), hi=fmt(tr, outcome, oa.p95)))
    # delta_color "off": the page never colours a change as good or bad.
    c2.metric(name_b, fmt(tr, outcome, ob.value), delta=fmt(tr, outcome, diff, signed=True),
              delta_color="off")
    c2.caption(tr("workshop.reveal.range", lo=fmt(tr, outcome, ob.p5), hi=fmt(tr, outcome, ob.p95)))
    sa, sb = ra.samples.get(outcome), rb.samples.get(outcome)
    lo = hi = None
    if sa is not None and sb is not None and np.size(sa) > 1 and np.size(sa) == np.size(sb):
        d = np.asarray(sb, dtype=float) - np.asarray(sa, dtype=float)
        lo, hi = (float(x) for x in np.percentile(d, [5, 95]))
    truth = direction(diff, oa.value, ob.value, outcome)
    with c3:
        st.markdown(tr("workshop.reveal.model_says", direction=tr(f"workshop.predict.dir_{truth}")))
        if guess is not None:
            st.markdown(tr("workshop.reveal.you_said", direction=tr(f"workshop.predict.dir_{guess}")))
        est = st.session_state.get(K_ESTIMATE)
        if est is not None:
            st.markdown(md(tr("workshop.reveal.your_estimate",
                              value=fmt(tr, outcome, est / 100 if scale(outcome) == "pct" else est))))
    if guess is None:
        st.info(tr("workshop.reveal.no_guess"))
    elif guess == truth:
        st.info(tr("workshop.reveal.match"))
    else:
        st.info(tr("workshop.reveal.differ"))
    if lo is not None:
        floor = FLOOR[scale(outcome)]
        both = lo < -floor and hi > floor  # the range crosses zero by more than rounding
        st.markdown(md(tr("workshop.reveal.both_ways" if both else "workshop.reveal.one_way",
                          lo=fmt(tr, outcome, lo, signed=True), hi=fmt(tr, outcome, hi, signed=True))))
    tally = {d: int(st.session_state.get(K_TALLY[d]) or 0) for d in DIRECTIONS}
    total = sum(tally.values())
    if total:
        st.caption(tr("workshop.reveal.tally", n=tally[truth], total=total))
    st.markdown(tr("workshop.reveal.discuss"))
    for i in (1, 2, 3):
        st.markdown(f"- {md(tr(f'workshop.reveal.discuss_{i}', **page_names(tr)))}")
    st.button(tr("workshop.reveal.hide"), key="ws_hide", on_click=_hide)


def _round(tr) -> None:
    st.markdown(md(tr("workshop.predict.intro")))
    loaded = st.session_state.get(K_LOADED)
    if loaded in EXERCISES:
        st.caption(tr("workshop.predict.loaded", title=tr(f"workshop.exercises.{loaded}.title")))
    st.subheader(tr("workshop.predict.step_setup"))
    setup = _setup(tr)
    if setup is None:
        return
    va, vb, name_a, name_b, outcome, sig = setup
    guess = _predict(tr, outcome, name_a, name_b)
    st.subheader(tr("workshop.predict.step_reveal"))
    if st.session_state.get(K_REVEALED) == sig:
        _answer(tr, va, vb, name_a, name_b, outcome, guess)
    else:
        st.button(tr("workshop.predict.reveal"), key="ws_reveal", type="primary",
                  on_click=_reveal, args=(sig,))
        st.caption(tr("workshop.predict.reveal_help"))


# ----------------------------------------------------------------------------- roles, exercises
def _roles(tr) -> None:
    st.markdown(md(tr("workshop.roles.intro", **page_names(tr))))
    cols = st.columns(2)
    for i, (rid, (adjust, watch)) in enumerate(ROLES.items()):
        with cols[i % 2].container(border=True):
            st.markdown(f"#### {md(tr(f'workshop.roles.{rid}.name'))}")
            st.caption(md(tr(f"workshop.roles.{rid}.who")))
            st.markdown(md(tr("workshop.roles.question", question=tr(f"workshop.roles.{rid}.question"))))
            st.markdown(tr("workshop.roles.adjust"))
            for name in adjust:
                st.markdown(f"- {md(param_label(tr, name))} · {md(tr('kind.' + model.BY_NAME[name].kind))}")
            st.markdown(tr("workshop.roles.watch"))
            for name in watch:
                st.markdown(f"- {md(outcome_label(tr, name))}")
            st.caption(md(tr(f"workshop.roles.{rid}.tip", **page_names(tr))))
    _handout_button(tr, "roles")


def _exercises(tr) -> None:
    st.markdown(md(tr("workshop.exercises.intro")))
    available = set(state.presets())
    for ex_id, ex in EXERCISES.items():
        needed = {ex.get("a"), ex.get("b"), ex.get("base")} - {None}
        with st.expander(tr(f"workshop.exercises.{ex_id}.title"), expanded=False):
            st.caption(tr("workshop.exercises.minutes", n=tr(f"workshop.exercises.{ex_id}.minutes")))
            st.markdown(md(tr(f"workshop.exercises.{ex_id}.goal")))
            st.markdown(tr("workshop.exercises.steps"))
            st.markdown(md(tr(f"workshop.exercises.{ex_id}.steps", **page_names(tr))))
            st.markdown(tr("workshop.exercises.questions"))
            st.markdown(md(tr(f"workshop.exercises.{ex_id}.questions")))
            st.button(tr("workshop.exercises.load"), key=f"ws_load_{ex_id}", on_click=load_exercise,
                      args=(ex_id,), disabled=not needed <= available)
    if st.session_state.get(K_LOADED) in EXERCISES:
        st.success(tr("workshop.exercises.loaded"))
    _handout_button(tr, "exercises")


def _handout_button(tr, where: str) -> None:
    from ui import handout

    st.download_button(tr("workshop.handout"), key=f"ws_handout_{where}",
                       data=lambda: handout.workshop_html(tr, ROLES, EXERCISES, page_names(tr)),
                       file_name=tr("workshop.handout_file"), mime="text/html",
                       on_click="ignore", icon=":material/print:", help=tr("workshop.handout_help"))


def render() -> None:
    tr = state.translator()
    st.title(tr("workshop.title"))
    st.markdown(md(tr("workshop.intro")))
    st.caption(tr("workshop.projector"))
    labels = [tr("workshop.tab.predict"), tr("workshop.tab.roles"), tr("workshop.tab.exercises"),
              tr("workshop.tab.room")]
    from ui import room_facilitator  # the live room (participants on their phones)

    t_round, t_roles, t_ex, t_room = st.tabs(
        labels, default=labels[3] if room_facilitator.wanted() else None)
    with t_room:
        room_facilitator.render(tr, EXERCISES)
    with t_round:
        _round(tr)
    with t_roles:
        _roles(tr)
    with t_ex:
        _exercises(tr)
