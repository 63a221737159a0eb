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
from model import sources as SRC
from ui import citations
from ui.format import fmt_value
from ui.i18n import MISSING, Translator

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
            col("source"): source_line(tr, p),
            col("description"): tr(f"param.{p.name}.description"),
            col("key"): p.name,
        })
        rows.append(row)
    return pd.DataFrame(rows)


def source_line(tr: Translator, p: P.Param) -> str:
    """The parameter's source text in the reader's language, without internal labels, followed by
    the numbers of the bibliography entries it cites ("... [12, 31]")."""
    return citations.numbered(_source(tr, p), p)


def _source(tr: Translator, p: P.Param) -> str:
    text = tr(f"param.{p.name}.source")
    return p.source if text == MISSING.format(f"param.{p.name}.source") else text


TABLE_STYLE = """<style>
.src-table{width:100%;table-layout:fixed;border-collapse:collapse;font-size:0.92rem}
.src-table th,.src-table td{border-bottom:1px solid #d0d4dc;padding:6px 8px;vertical-align:top;
 text-align:left;overflow-wrap:anywhere;word-break:normal}
.src-table th{position:sticky;top:0;background:#f0f2f6}
.src-table col.c-name{width:30%}.src-table col.c-val{width:16%}.src-table col.c-grade{width:11%}
.src-table col.c-src{width:43%}
.src-table .src-key{color:#4a4f5c;font-size:0.82rem}
@media (max-width:640px){.src-table,.src-table tbody,.src-table tr,.src-table td{display:block;width:100%}
 .src-table thead,.src-table colgroup{display:none}.src-table tr{border-bottom:2px solid #d0d4dc;padding:4px 0}
 .src-table td{border:0;padding:2px 4px}.src-table td::before{content:attr(data-label) ": ";font-weight:600}}
</style>"""


def html_table(tr: Translator, params, current: dict[str, Any] | None = None) -> str:
    """The parameters as one HTML table that wraps its text (every row shown, no sideways
    scroll at laptop widths; on a phone each row becomes a card). Columns: parameter (with its
    description), value (default, current, range, uncertainty), evidence grade, source (its text
    and links to the bibliography entries). All registry and catalog text is escaped."""
    import html

    e = html.escape
    col = lambda k: tr(f"sources.col.{k}")  # noqa: E731
    heads = (("c-name", col("name")), ("c-val", col("default")), ("c-grade", col("grade")),
             ("c-src", col("source")))
    out = [TABLE_STYLE, '<table class="src-table" data-testid="sources-table"><colgroup>']
    out += [f'<col class="{c}">' for c, _ in heads]
    out.append("</colgroup><thead><tr>" + "".join(f"<th>{e(h)}</th>" for _, h in heads) + "</tr></thead><tbody>")
    for p in params:
        value = [f"{e(fmt_value(p, p.default, tr))} {e(tr(f'param.{p.name}.unit'))}"]
        if current is not None and current.get(p.name, p.default) != p.default:
            value.append(f"{e(col('current'))}: {e(fmt_value(p, current[p.name], tr))}")
        value.append(f"{e(col('range'))}: {e(fmt_range(p, tr))}")
        if p.uncertainty is not None:
            value.append(f"{e(col('uncertainty'))}: {e(fmt_uncertainty(p, tr))}")
        links = []
        for s in SRC.for_param(p):
            label = e(f"[{s.number}] {s.short()}")
            links.append(f'<a href="{e(s.url, quote=True)}" target="_blank" rel="noopener">{label}</a>'
                         if s.url else label)
        source = e(citations.source_text(_source(tr, p)))
        if links:
            source += "<br>" + ", ".join(links)
        cells = (
            (col("name"), f"<strong>{e(tr(f'param.{p.name}.label'))}</strong> "
                          f"<span class=\"src-key\">({e(tr(f'kind.{p.kind}'))} · {e(p.name)})</span><br>"
                          f"{e(tr(f'param.{p.name}.description'))}"),
            (col("default"), "<br>".join(value)),
            (col("grade"), e(tr(f"grade.{p.grade}"))),
            (col("source"), source),
        )
        out.append(f'<tr data-param="{e(p.name)}">' + "".join(
            f'<td data-label="{e(label)}">{body}</td>' for label, body in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def bibliography_html(tr: Translator) -> str:
    """The sources registry as a numbered list with anchors (what the table's numbers refer to)."""
    import html

    e = html.escape
    items = []
    for s in SRC.registry():
        addr = (f'<a href="{e(s.url, quote=True)}" target="_blank" rel="noopener">{e(s.url)}</a>'
                if s.url else e(tr("sources.no_url", reason=s.url_note)))
        items.append(f'<li id="{s.anchor()}" data-source="{e(s.id)}"><strong>[{s.number}]</strong> '
                     f'{e(s.authors)} ({e(s.year)}). <em>{e(s.title)}</em>. {e(s.venue)}. {addr}<br>'
                     f'<span class="src-key">{e(tr("sources.supports"))}: {e(s.supports)}</span></li>')
    return ('<ol class="src-bib" style="list-style:none;padding-left:0">' + "".join(items) + "</ol>")


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
            hay += [f"{s.authors} {s.year} {s.title} {s.venue}" for s in SRC.for_param(p)]
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
        current = _current()
        st.markdown(html_table(tr, shown, current), unsafe_allow_html=True)
        df = parameter_table(tr, current, shown)
        st.download_button(tr("sources.download"), df.to_csv(index=False).encode("utf-8"),
                           file_name=tr("sources.file_name"), mime="text/csv",
                           key=PREFIX + "download", on_click="ignore")
    else:
        st.info(tr("sources.empty"))

    st.subheader(tr("sources.bibliography_title"))
    st.markdown(tr("sources.bibliography_intro", n=len(SRC.registry())))
    with st.expander(tr("sources.bibliography_open", n=len(SRC.registry()))):
        st.markdown(bibliography_html(tr), unsafe_allow_html=True)

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
                           source=md(citations.source_text(_source(tr, p)))))

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
