"""Assumptions and sources: every parameter from the registry, the equations in words, the limits.

Generated from ``model.REGISTRY`` so the page cannot drift from what the model runs. Filters
(group, kind, grade, text, contested only) are plain widgets with keys prefixed ``sources_``
(parameter widgets elsewhere use bare parameter names).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from model import REGISTRY
from model import params as P
from ui.format import fmt_value
from ui.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is built: see charts._frame

PREFIX = "sources_"
EQUATIONS = tuple(f"e{i}" for i in range(1, 14))
LIMITS = tuple(f"l{i}" for i in range(1, 10))
CONSTANTS = (
    ("jem_refresher_hours", "JEM_REFRESHER_HOURS", "number"),
    ("jem_refresher_months", "JEM_REFRESHER_MONTHS", "number"),
    ("hours_per_year", "HOURS_PER_YEAR", "number"),
    ("max_arrest_share", "MAX_MONTHLY_ARREST_SHARE", "pct"),
)


def _tr() -> Translator:
    try:
        from ui import state

        state.init()
        return state.translator()
    except Exception:  # noqa: BLE001 - the page must render even if the app state is unavailable
        return Translator(st.session_state.get("lang"))


def _current() -> dict[str, Any] | None:
    try:
        from ui import state

        return state.values()
    except Exception:  # noqa: BLE001
        return None


def md(text: str) -> str:
    """Registry text made literal for Markdown ("$" starts a formula, "~" strikes through...)."""
    for ch in ("\\", "$", "~", "*", "_", "[", "]", "<", ">", "`"):
        text = text.replace(ch, "\\" + ch)
    return text


def fmt_range(p: P.Param, tr: Translator) -> str:
    if p.is_bool:
        return f"{tr('sources.no')} / {tr('sources.yes')}"
    if p.is_choice:
        return " / ".join(tr(f"choice.{p.name}.{c}") for c in p.choices)
    return tr("sources.range_fmt", lo=fmt_value(p, p.min, tr), hi=fmt_value(p, p.max, tr))


def fmt_uncertainty(p: P.Param, tr: Translator) -> str:
    if p.uncertainty is None:
        return ""
    lo, c, hi = (fmt_value(p, x, tr) for x in p.uncertainty)
    return tr("sources.uncertainty_fmt", low=lo, central=c, high=hi)


def parameter_table(tr: Translator, current: dict[str, Any] | None = None, params=REGISTRY) -> pd.DataFrame:
    """One row per parameter, translated column names (the page's table and its CSV)."""
    import pandas as pd

    col = lambda k: tr(f"sources.col.{k}")  # noqa: E731
    rows = []
    for p in params:
        row = {
            col("name"): tr(f"param.{p.name}.label"),
            col("group"): tr(f"group.{p.group}"),
            col("kind"): tr(f"kind.{p.kind}"),
            col("default"): fmt_value(p, p.default, tr),
        }
        if current is not None:
            row[col("current")] = fmt_value(p, current.get(p.name, p.default), tr)
        row.update({
            col("range"): fmt_range(p, tr),
            col("uncertainty"): fmt_uncertainty(p, tr),
            col("unit"): tr(f"param.{p.name}.unit"),
            col("grade"): tr(f"grade.{p.grade}"),
            col("source"): tr(f"param.{p.name}.source"),
            col("description"): tr(f"param.{p.name}.description"),
            col("key"): p.name,
        })
        rows.append(row)
    return pd.DataFrame(rows)


def filter_params(groups=(), kinds=(), grades=(), text: str = "", contested_only: bool = False,
                  tr: Translator | None = None) -> tuple[P.Param, ...]:
    """The registry filtered (empty selections mean "all"); text matches translated texts too."""
    needle = (text or "").strip().lower()
    out = []
    for p in REGISTRY:
        if groups and p.group not in groups:
            continue
        if kinds and p.kind not in kinds:
            continue
        if grades and p.grade not in grades:
            continue
        if contested_only and p.grade != "contested":
            continue
        if needle:
            hay = [p.name, p.label, p.description, p.source]
            if tr is not None:
                hay += [tr(f"param.{p.name}.{a}") for a in ("label", "description", "source")]
            if not any(needle in h.lower() for h in hay):
                continue
        out.append(p)
    return tuple(out)


def render() -> None:
    tr = _tr()
    st.title(tr("sources.title"))
    st.caption(tr("sources.notice"))
    st.markdown(tr("sources.intro"))

    with st.expander(tr("sources.filters"), expanded=True):
        c1, c2, c3 = st.columns(3)
        groups = c1.multiselect(tr("sources.filter_group"), list(P.GROUPS), key=PREFIX + "groups",
                                placeholder=tr("sources.all"),
                                format_func=lambda g: tr(f"group.{g}"))
        kinds = c2.multiselect(tr("sources.filter_kind"), list(P.KINDS), key=PREFIX + "kinds",
                               placeholder=tr("sources.all"),
                               format_func=lambda k: tr(f"kind.{k}"))
        grades = c3.multiselect(tr("sources.filter_grade"), list(P.GRADES), key=PREFIX + "grades",
                                placeholder=tr("sources.all"),
                                format_func=lambda g: tr(f"grade.{g}"))
        c4, c5 = st.columns([2, 1])
        text = c4.text_input(tr("sources.filter_text"), key=PREFIX + "text", max_chars=80)
        contested = c5.checkbox(tr("sources.contested_only"), key=PREFIX + "contested")

    shown = filter_params(groups, kinds, grades, text, contested, tr)
    st.caption(tr("sources.count", shown=len(shown), total=len(REGISTRY)))
    if shown:
        df = parameter_table(tr, _current(), shown)
        st.dataframe(df, hide_index=True, width="stretch")
        st.download_button(tr("sources.download"), df.to_csv(index=False).encode("utf-8"),
                           file_name=tr("sources.file_name"), mime="text/csv",
                           key=PREFIX + "download", on_click="ignore")
    else:
        st.info(tr("sources.empty"))

    st.subheader(tr("sources.grades_title"))
    for g in P.GRADES:
        st.markdown(tr("sources.grade_item", grade=tr(f"grade.{g}"), help=tr(f"grade_help.{g}")))

    st.subheader(tr("sources.contested_title"))
    st.markdown(tr("sources.contested_intro"))
    for p in REGISTRY:
        if p.grade == "contested":
            st.markdown(tr("sources.contested_item", label=md(tr(f"param.{p.name}.label")),
                           default=md(fmt_value(p, p.default, tr)), range=md(fmt_range(p, tr)),
                           description=md(tr(f"param.{p.name}.description")),
                           source=md(tr(f"param.{p.name}.source"))))

    st.subheader(tr("sources.equations_title"))
    st.markdown(tr("sources.equations_intro"))
    for key in EQUATIONS:
        st.markdown(tr(f"sources.eq.{key}"))

    st.subheader(tr("sources.constants_title"))
    st.markdown(tr("sources.constants_intro"))
    for key, const, kind in CONSTANTS:
        value = getattr(P, const)
        st.markdown(tr(f"sources.constant.{key}",
                       value=tr.pct(value, 0) if kind == "pct" else tr.number(value)))

    st.subheader(tr("sources.limits_title"))
    for key in LIMITS:
        st.markdown(tr(f"sources.limit.{key}"))


if __name__ == "__main__":  # pragma: no cover - `streamlit run ui/pages/sources.py`
    render()
