"""Controls generated from the parameter registry, and the sidebar's shared top.

One widget per parameter, keyed by the parameter's name, with static bounds from the registry
(a slider resets when its min/max/step change). Widgets take no ``value=``: ``state.sync_widgets``
puts the canonical value in their key first, and ``state.on_param_change`` copies a moved value
back (with an undo snapshot).

Layout: "What you decide" (levers), "What you assume" (assumptions) and "Your jurisdiction"
(context) are shown apart, one at a time (a switch at the top of the sidebar); inside each,
parameters are grouped by ``model.params.GROUPS``; the assumptions most disputed in the evidence
are shown directly, the rest sit in expanders.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import streamlit as st

import model
from model import params as P
from ui import citations, state
from ui.i18n import LANGS, MISSING, Translator

KIND_ORDER = ("lever", "assumption", "context")
# Shown without opening an expander: the assumptions each side of the debate argues about most,
# and the jurisdiction facts every user should set first.
HEADLINE = frozenset({
    "additionality", "trust_erosion", "reporting_trust_elasticity", "victimization_response",
    "offending_rate_serious", "reporting_baseline_immigrant",
    "population", "immigrant_share", "latino_citizen_share",
})
# Program levers that only matter while their model is active (drawn only then).
NEEDS = {"officers_wso": "wso_active", "officers_jem": "jem_active", "officers_tfm": "tfm_active",
         "screening": "jem_active"}
PARAM_NAMES = tuple(p.name for p in model.REGISTRY)
SECTION_KEY = "controls_section"  # which of KIND_ORDER the sidebar shows
NUMBER_INPUT_SPAN = 1000  # ranges wider than 1000 steps from their floor get a number box


# ----------------------------------------------------------------------------- texts
def _md(text: str) -> str:
    """Registry text made literal for Streamlit Markdown ($ starts LaTeX, ~ strikes through)."""
    for ch in ("\\", "$", "~", "*", "_", "[", "]", "<", ">", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def ptext(tr: Translator, name: str, attr: str) -> str:
    """A parameter's label/unit/description/source in the current language.

    Sources are citations: when a language has no translated source line, the English one is
    shown (titles and document numbers stay as published)."""
    text = tr(f"param.{name}.{attr}")
    if attr == "source" and text == MISSING.format(f"param.{name}.source"):
        text = model.BY_NAME[name].source
    return text


def fmt_value(tr: Translator, p: P.Param, v: Any) -> str:
    if v is None:
        return "?"
    if p.is_bool:
        return tr("choice.flag.on") if v else tr("choice.flag.off")
    if p.is_choice:
        return choice_label(tr, p.name, v)
    if p.integer or float(v).is_integer() and abs(v) >= 1000:
        return tr.number(v)
    return f"{v:g}"


def choice_label(tr: Translator, name: str, value: Any) -> str:
    return tr(f"choice.{name}.{value}")


def label(tr: Translator, p: P.Param) -> str:
    text = ptext(tr, p.name, "label")
    if p.is_bool:
        return text
    return f"{text} ({ptext(tr, p.name, 'unit')})"


def allowed_text(tr: Translator, p: P.Param) -> str:
    """What ``p`` accepts, in the reader's language."""
    if p.is_numeric:
        return tr("widgets.range", lo=fmt_value(tr, p, p.min), hi=fmt_value(tr, p, p.max),
                  unit=ptext(tr, p.name, "unit"))
    return ", ".join(fmt_value(tr, p, c) for c in p.choices)


def localize_allowed(tr: Translator, field: Any, allowed: Any) -> Any:
    """The model words "what is allowed" in English; for a parameter field the app can say it in
    the reader's language from the registry (``parameters.trust_erosion`` -> trust_erosion)."""
    p = P.BY_NAME.get(str(field).rsplit(".", 1)[-1])
    return allowed if p is None or tr.lang == "en" else allowed_text(tr, p)


def help_text(tr: Translator, p: P.Param) -> str:
    allowed = allowed_text(tr, p)
    return tr(
        "widgets.help",
        description=_md(ptext(tr, p.name, "description")),
        allowed=_md(allowed),
        default=_md(fmt_value(tr, p, p.default)),
        source=_md(citations.source_text(ptext(tr, p.name, "source"))),
        grade=tr(f"grade.{p.grade}"),
    ) + _links(tr, p)


def _links(tr: Translator, p: P.Param) -> str:
    """"Sources: [1] Hausman 2020, ..." linked to the sources registry's addresses, if any."""
    links = citations.param_links_md(p)
    return "\n\n" + tr("widgets.sources", links=links) if links else ""


def _printf(p: P.Param) -> str:
    if p.integer:
        return "%,d" if (p.max or 0) >= 10_000 else "%d"
    step = p.step or 0.01
    decimals = 0 if step >= 1 else len(f"{step:.10f}".rstrip("0").split(".")[1])
    return f"%,.{decimals}f" if (p.max or 0) >= 10_000 else f"%.{decimals}f"


# ----------------------------------------------------------------------------- one control
@lru_cache(maxsize=512)
def _texts(lang: str, name: str) -> tuple[str, str]:
    """(label, help) of a parameter's control: the same strings every run, built once per
    language (the catalogs themselves are loaded once per process)."""
    tr, p = Translator(lang), model.BY_NAME[name]
    return label(tr, p), help_text(tr, p)


def control(tr: Translator, p: P.Param, *, value: Any = None) -> None:
    """Draw the widget of one parameter (key = its name). ``value`` is its current value (the
    canonical one, already in its key): a slider told its value skips Streamlit's scan of the
    whole session state for the key's type; the key's value still wins."""
    text, help_ = _texts(tr.lang, p.name)
    kw = dict(key=p.name, help=help_, on_change=state.on_param_change, args=(p.name,))
    if p.is_bool:
        st.toggle(text, **kw)
    elif p.is_choice:
        st.radio(text, options=list(p.choices), horizontal=True,
                 format_func=lambda c, n=p.name: choice_label(tr, n, c), **kw)
    else:
        cast = int if p.integer else float
        lo, hi, step = cast(p.min), cast(p.max), cast(p.step or (1 if p.integer else 0.01))
        if hi >= NUMBER_INPUT_SPAN * max(abs(lo), step):
            st.number_input(text, min_value=lo, max_value=hi, step=step,
                            format=_printf(p).replace(",", ""), **kw)
        else:
            v = cast(value) if value is not None else None
            st.slider(text, min_value=lo, max_value=hi, step=step, format=_printf(p), value=v,
                      **kw)


def _params(kind: str) -> list[P.Param]:
    return [p for p in model.REGISTRY if p.kind == kind]


def _by_group(params: list[P.Param]) -> dict[str, list[P.Param]]:
    out: dict[str, list[P.Param]] = {}
    for g in P.GROUPS:
        members = [p for p in params if p.group == g]
        if members:
            out[g] = members
    return out


def expander_key(kind: str, group: str) -> str:
    """Session-state key of the expander holding a group's further controls (True = open)."""
    return f"more_{kind}_{group}"


def expander_keys() -> list[str]:
    """Keys of every expander of further controls (tests open them all through these)."""
    keys = []
    for kind in KIND_ORDER:
        for g, members in _by_group(_params(kind)).items():
            if any(kind != "lever" and p.name not in HEADLINE for p in members):
                keys.append(expander_key(kind, g))
    return keys


# ----------------------------------------------------------------------------- the panel
def controls(tr: Translator, *, sync: bool = True) -> None:
    """The horizon, a switch between the three sections ("What you decide", "What you assume",
    "Your jurisdiction") and the chosen section's controls (call inside the sidebar).
    ``sync=False`` when the caller has already run ``state.sync_widgets(PARAM_NAMES)`` in this
    run.

    Only the chosen section is drawn, and the further controls of a group sit in an expander
    drawn only while it is open: every control drawn is re-sent, and redrawn by the browser,
    on every slider move. Values live in the canonical state, so nothing is lost while a
    control is not drawn. A program model's officer count (and the JEM screening policy) is
    shown only while that model is on."""
    if sync:
        state.sync_widgets(PARAM_NAMES)
    vals = state.values()

    st.slider(tr("widgets.years"), min_value=state.MIN_YEARS, max_value=state.MAX_YEARS, step=1,
              value=state.years(), key=state.W_YEARS, help=tr("widgets.years_help"),
              on_change=state.on_years_change)
    if st.session_state.get(SECTION_KEY) not in KIND_ORDER:
        st.session_state[SECTION_KEY] = KIND_ORDER[0]
    # A vertical radio: three buttons in a row do not fit the sidebar's width in either language.
    kind = st.radio(tr("widgets.section"), options=list(KIND_ORDER), key=SECTION_KEY,
                    format_func=lambda k: tr(f"kind_short.{k}"))
    st.subheader(tr(f"kind.{kind}"), help=tr(f"kind_help.{kind}"), divider="gray")
    if kind == "context":  # where the jurisdiction's figures come from (a real county or not)
        from ui import county_picker

        county_picker.sidebar_note(tr)
    groups = _by_group(_params(kind))
    for g, members in groups.items():
        shown = [p for p in members if (kind == "lever" or p.name in HEADLINE)
                 and (p.name not in NEEDS or vals.get(NEEDS[p.name]))]
        hidden = [p for p in members if kind != "lever" and p.name not in HEADLINE]
        if shown and (kind == "lever" or len(groups) > 1):
            st.markdown(f"**{tr(f'group.{g}')}**")
        for p in shown:
            control(tr, p, value=vals.get(p.name))
        if hidden:
            title = tr("widgets.more_in_group", group=tr(f"group.{g}"))
            more = st.expander(title, key=expander_key(kind, g), on_change="rerun")
            with more:
                if more.open:  # drawn only when open: fewer widgets on every rerun
                    for p in hidden:
                        control(tr, p, value=vals.get(p.name))


# ----------------------------------------------------------------------------- shell
def sidebar_top(tr: Translator) -> None:
    """The language switch and the "not a forecast" notice, at the top of every page."""
    with st.sidebar:
        st.segmented_control(
            tr("app.language"), options=list(LANGS), key=state.LANG_KEY, required=True,
            format_func=lambda code: tr(f"app.lang_name.{code}"), on_change=state.on_lang_change,
        )
        st.info(tr("app.not_a_forecast"), icon=":material/info:")


def footer(tr: Translator) -> None:
    """The notice again at the foot of every page (the sidebar is folded away on narrow
    screens), with the model version so a screenshot says what produced it."""
    st.divider()
    st.caption(tr("app.footer", notice=tr("app.not_a_forecast"), version=model.MODEL_VERSION))


NOTICE_LIMIT = 4000  # characters: the longest change list the CHANGELOG can give is far shorter


def show_notices(tr: Translator) -> None:
    """Messages queued by the state (e.g. a share link that could not be opened)."""
    for kind, key, kwargs in state.notices():
        if "field" in kwargs and "allowed" in kwargs:
            kwargs = {**kwargs, "allowed": localize_allowed(tr, kwargs["field"], kwargs["allowed"])}
        # a notice's own text (e.g. an old link's list of changes) is given whole, never cut
        safe = {k: state.md_escape(v, NOTICE_LIMIT if k == "text" else 120) for k, v in kwargs.items()}
        text = tr(key, **safe)
        if kind == "warning":
            st.warning(text, icon=":material/link_off:")
        else:
            st.info(text, icon=":material/info:")
