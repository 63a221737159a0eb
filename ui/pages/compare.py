"""Compare 2-6 scenarios: outcomes with ranges and differences, overlaid charts, the parameters
that differ, what drove a difference (Shapley attribution from ``scenarios.compare``), and the
user's values lens (``ui.values_lens``), shown apart from the model's outputs.

Scenarios come from four places: the current one (``ui.state``), the program presets (combined
with the current jurisdiction preset, as on the explore page), the saved library
(``scenarios.library``) and uploaded files (validated by ``ui.actions.parse_upload``; kept in the
session as sparse parameter sets only).

Every scenario's run (with Monte Carlo ranges) is cached on its frozen parameter set and shared
by the table and the charts; the attribution is computed for the pair on screen only and cached
per pair and outcome; the values-lens sliders live in a fragment, so moving them reruns only the
ranking, never the model.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

import model
from model import params as P
from ui import charts, results, screen, state, values_lens
from ui.format import fmt_value, preset_name
from ui.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is built: see charts._frame

PREFIX = "compare_"
K_PICK = PREFIX + "pick"
K_UPLOADS = PREFIX + "uploads"  # session: list of (name, sparse values)
K_UPLOAD_SEEN = PREFIX + "upload_seen"
K_OUTCOME = PREFIX + "outcome"
K_PAIR = PREFIX + "pair"
K_SERIES = PREFIX + "series"
K_DELTA = PREFIX + "delta_base"
MAX_UPLOADS = 6
CURRENT = "current"
DEFAULT_PICK = ("current", "preset:program-case", "preset:critics-case")
TABLE_OUTCOMES = tuple(o.name for o in model.OUTCOMES)
SERIES_CHOICES = ("reporting_rate_immigrant", "trust_immigrant", "victimizations", "crimes_reported",
                  "crimes_unreported", "crimes_cleared", "removals", "removals_additional", "cost_net",
                  "stop_disparity")


# ----------------------------------------------------------------------------- scenario sources
def _library_entries() -> dict[str, Any]:
    try:
        from scenarios import library as store

        entries, _ = store.Library().list()
    except Exception:  # noqa: BLE001 - an unreadable library must not break the page
        return {}
    return {e.id: e for e in entries}


def options(tr: Translator) -> dict[str, str]:
    """option id -> display label, in menu order."""
    out = {CURRENT: tr("compare.current")}
    for stem in state.program_presets():
        out[f"preset:{stem}"] = tr("compare.preset_label", name=preset_name(tr, stem))
    for i, (name, _) in enumerate(st.session_state.get(K_UPLOADS, [])):
        out[f"upload:{i}"] = tr("compare.upload_label", name=name)
    for sid, e in _library_entries().items():
        out[f"saved:{sid}"] = tr("compare.saved_label", name=e.name)
    return out


def scenario_values(opt: str, tr: Translator) -> tuple[str, dict[str, Any]]:
    """(display name, full values) of one option."""
    if opt == CURRENT:
        return tr("compare.current"), dict(state.values())
    kind, _, ref = opt.partition(":")
    if kind == "preset":
        return preset_name(tr, ref), state.preset_values(ref, state.jurisdiction())
    if kind == "upload":
        name, vals = st.session_state.get(K_UPLOADS, [])[int(ref)]
        return name, model.resolve(vals)
    if kind == "saved":
        from scenarios import library as store

        sc = store.Library().open(ref)
        return sc.name, sc.values()
    raise KeyError(opt)


def clean_name(name: str, limit: int = 60) -> str:
    """A scenario name fit for labels: printable, one line, at most ``limit`` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(name)).strip()
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text or "?"


def unique_names(items: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Labels must differ (the comparison is keyed by them): a repeated name gets the first free
    " (2)", " (3)"... - free among every label already given, so [A, "A (2)", A] gives A, A (2),
    A (3), never a second "A (2)" that would show one scenario's numbers under another's name."""
    used: set[str] = set()
    out = []
    for name, vals in items:
        base = clean_name(name)
        label, n = base, 2
        while label in used:
            label, n = f"{base} ({n})", n + 1
        used.add(label)
        out.append((label, vals))
    return out


def _upload_ui(tr: Translator) -> None:
    files = st.file_uploader(tr("compare.upload"), type=["toml"], accept_multiple_files=True,
                             key=PREFIX + "upload", help=tr("compare.upload_help"))
    if not files:
        return
    from ui.actions import parse_upload

    seen = st.session_state.setdefault(K_UPLOAD_SEEN, [])
    uploads = st.session_state.setdefault(K_UPLOADS, [])
    for f in files:
        fid = getattr(f, "file_id", None) or f"{f.name}:{f.size}"
        if fid in seen:
            continue
        seen.append(fid)
        result = parse_upload(f.getvalue())
        if not result.ok:
            st.error(tr("compare.upload_failed", field=state.md_escape(result.field, 80),
                        value=state.md_escape(result.value, 80), allowed=state.md_escape(result.allowed, 160)),
                     icon=":material/error:")
            continue
        if len(uploads) >= MAX_UPLOADS:
            st.warning(tr("compare.upload_limit", n=MAX_UPLOADS), icon=":material/warning:")
            continue
        sc = result.scenario
        uploads.append((sc.name, dict(sc.parameters)))
        picked = list(st.session_state.get(K_PICK, []))
        if len(picked) < model_compare().MAX_SCENARIOS:
            st.session_state[K_PICK] = picked + [f"upload:{len(uploads) - 1}"]


def model_compare():
    from scenarios import compare

    return compare


# ----------------------------------------------------------------------------- tables
def outcome_table(tr: Translator, comp, base: str) -> pd.DataFrame:
    """Rows = outcomes; per scenario its value with the p5-p95 range, then the difference
    against the first scenario (``base == "reference"``) or against no agreement."""
    import pandas as pd

    names = comp.names
    ref = names[0]
    rows = []
    for o in TABLE_OUTCOMES:
        row = {tr("compare.col.outcome"): tr(f"outcome.{o}.label")}
        for n in names:
            r = comp.outcomes[n][o]
            text = charts.fmt_outcome(tr, o, r.value)
            if comp.draws:
                text = tr("compare.value_range", value=text, lo=charts.fmt_outcome(tr, o, r.p5),
                          hi=charts.fmt_outcome(tr, o, r.p95))
            row[n] = text
        for n in names:
            r = comp.outcomes[n][o]
            if base == "reference":
                if n == ref:
                    continue
                d = r.value - comp.outcomes[ref][o].value
                row[tr("compare.col.delta_ref", name=n)] = charts.fmt_outcome(tr, o, d, signed=True)
            else:
                row[tr("compare.col.delta_none", name=n)] = charts.fmt_outcome(tr, o, r.delta, signed=True)
        rows.append(row)
    return pd.DataFrame(rows)


def param_table(tr: Translator, comp) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for d in comp.param_diff:
        p = P.BY_NAME[d.name]
        row = {tr("compare.col.parameter"): tr(f"param.{d.name}.label"),
               tr("compare.col.kind"): tr(f"kind.{p.kind}")}
        for n, v in zip(comp.names, d.values):
            row[n] = fmt_value(p, v, tr)
        row[tr("compare.col.unit")] = tr(f"param.{d.name}.unit")
        rows.append(row)
    return pd.DataFrame(rows)


def lens_table(tr: Translator, result) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([
        {tr("compare.col.rank"): r.rank, tr("compare.col.scenario"): r.name,
         tr("compare.col.score"): round(r.total),
         **{tr(f"compare.lens.{c}"): round(100 * v) for c, v in r.criteria.items()}}
        for r in result.rows
    ])


def lens_inputs(comp) -> list[tuple[str, dict[str, float]]]:
    return [(n, {o: r.value for o, r in comp.outcomes[n].items()}) for n in comp.names]


# ----------------------------------------------------------------------------- page sections
def _outcomes_section(tr: Translator, comp) -> None:
    st.subheader(tr("compare.outcomes_title"))
    base = st.radio(tr("compare.delta_base"), ("reference", "none"), key=K_DELTA, horizontal=True,
                    format_func=lambda b: tr(f"compare.delta_{b}", name=comp.names[0]))
    st.dataframe(outcome_table(tr, comp, base), hide_index=True, width="stretch")
    if comp.draws:
        st.caption(tr("compare.ranges_note", draws=comp.draws))
    st.plotly_chart(charts.compare_outcomes(comp, tr), key=PREFIX + "chart_outcomes", theme=None,
                    config=screen.plotly_config(tr.lang))


def _series_section(tr: Translator, comp) -> None:
    st.subheader(tr("compare.series_title"))
    series = st.selectbox(tr("compare.series_pick"), SERIES_CHOICES, key=K_SERIES,
                          format_func=lambda s: tr(f"charts.series.{s}"))
    named = [(n, comp.results[n]) for n in comp.names]
    st.plotly_chart(charts.compare_series(named, series, tr), key=PREFIX + "chart_series", theme=None,
                    config=screen.plotly_config(tr.lang))
    with st.expander(tr("compare.table")):
        st.dataframe(charts.compare_series_table(named, series, tr), hide_index=True, width="stretch")


def _params_section(tr: Translator, comp) -> None:
    st.subheader(tr("compare.params_title"))
    if not comp.param_diff:
        st.info(tr("compare.params_none"))
        return
    st.caption(tr("compare.params_count", n=len(comp.param_diff)))
    st.dataframe(param_table(tr, comp), hide_index=True, width="stretch")


def _attribution_section(tr: Translator, comp, items: list[tuple[str, dict]]) -> None:
    st.subheader(tr("compare.attribution_title"))
    st.caption(tr("compare.attribution_intro"))
    c1, c2 = st.columns(2)
    outcome = c1.selectbox(tr("compare.outcome_pick"), TABLE_OUTCOMES, key=K_OUTCOME,
                           index=TABLE_OUTCOMES.index("net_crime_change"),
                           format_func=lambda o: tr(f"outcome.{o}.label"), help=tr("compare.outcome_pick_help"))
    others = comp.names[1:]
    pick = c2.selectbox(tr("compare.attribution_pair"), list(range(len(others))), key=K_PAIR,
                        format_func=lambda i: tr("compare.pair_label", name=others[i], reference=comp.names[0]))
    pick = min(int(pick or 0), len(others) - 1)
    with st.spinner(tr("compare.running_attribution")):
        a = results.attribution_for(items, pick + 1, outcome, comp.years)
    if not a.contributions:
        st.info(tr("compare.attribution_none"))
        return
    st.plotly_chart(charts.attribution(a, tr), key=PREFIX + "chart_attribution", theme=None,
                    config=screen.plotly_config(tr.lang))
    top, share = next(iter(a.contributions.items()))
    st.caption(tr("compare.attribution_caption", outcome=tr(f"outcome.{a.outcome}.label"),
                  reference=state.md_escape(a.reference, 80), scenario=state.md_escape(a.scenario, 80),
                  ref_value=charts.fmt_outcome(tr, a.outcome, a.reference_value),
                  value=charts.fmt_outcome(tr, a.outcome, a.value),
                  gap=charts.fmt_outcome(tr, a.outcome, a.gap, signed=True),
                  top=tr(f"param.{top}.label"),
                  top_share=tr.pct(share / a.gap, 0) if a.gap else "–"))
    st.caption(tr("compare.method_exact" if a.stderr is None else "compare.method_sampled",
                  n=len(a.contributions), runs=tr.number(a.evaluations)))
    with st.expander(tr("compare.table")):
        st.dataframe(charts.attribution_table(a, tr), hide_index=True)


@st.fragment
def _lens_section(tr: Translator, comp) -> None:
    """The user's values, apart from the model: sliders rerun only this fragment."""
    with st.container(border=True):
        st.subheader(tr("compare.lens.title"))
        st.warning(tr("compare.lens.disclaimer"), icon=":material/balance:")
        cols = st.columns(len(values_lens.CRITERIA))
        weights = {}
        for col, c in zip(cols, values_lens.CRITERIA):
            weights[c] = col.slider(tr(f"compare.lens.{c}"), 0, values_lens.WEIGHT_MAX,
                                    values_lens.DEFAULT_WEIGHTS[c], 1, key=f"{PREFIX}w_{c}",
                                    help=tr(f"compare.lens.{c}_help"))
        result = values_lens.score(lens_inputs(comp), weights)
        if result.no_weights:
            st.info(tr("compare.lens.no_weights"))
            return
        best = result.rows[0]
        st.markdown(tr("compare.lens.result", name=state.md_escape(best.name, 80), score=tr.number(best.total)))
        st.plotly_chart(charts.lens(result, tr, list(comp.names)), key=PREFIX + "chart_lens", theme=None,
                        config=screen.plotly_config(tr.lang))
        st.dataframe(lens_table(tr, result), hide_index=True, width="stretch")
        with st.expander(tr("compare.lens.how_title")):
            st.markdown(tr("compare.lens.how"))


# ----------------------------------------------------------------------------- the page
def render() -> None:
    state.init()
    tr = state.translator()
    st.title(tr("compare.title"))
    st.caption(tr("compare.intro"))

    _upload_ui(tr)
    opts = options(tr)
    if K_PICK not in st.session_state:
        st.session_state[K_PICK] = [o for o in DEFAULT_PICK if o in opts][:6]
    else:  # drop options that disappeared (a deleted saved scenario)
        st.session_state[K_PICK] = [o for o in st.session_state[K_PICK] if o in opts]
    cmp = model_compare()
    picked = st.multiselect(tr("compare.pick"), list(opts), key=K_PICK, format_func=lambda o: opts.get(o, o),
                            max_selections=cmp.MAX_SCENARIOS, help=tr("compare.pick_help"),
                            placeholder=tr("compare.pick_placeholder"))
    if len(picked) < cmp.MIN_SCENARIOS:
        st.info(tr("compare.pick_more", n=cmp.MIN_SCENARIOS))
        return

    items, failed = [], []
    for o in picked:
        try:
            items.append(scenario_values(o, tr))
        except Exception as err:  # noqa: BLE001 - one unreadable scenario must not break the page
            failed.append((opts.get(o, o), getattr(err, "field", type(err).__name__)))
    for name, field in failed:
        st.error(tr("compare.scenario_failed", name=state.md_escape(name, 80), field=state.md_escape(field, 80)),
                 icon=":material/error:")
    items = unique_names(items)
    if len(items) < cmp.MIN_SCENARIOS:
        return

    years = state.years()
    try:
        with st.spinner(tr("compare.running", n=len(items))):
            comp = results.build_comparison(items, years)
    except model.ParamError as err:  # a scenario outside the registry's ranges
        st.error(tr("compare.scenario_failed", name=state.md_escape(err.field, 80),
                    field=state.md_escape(err.allowed, 120)), icon=":material/error:")
        return

    st.caption(tr("compare.reference_note", name=state.md_escape(comp.names[0], 80), years=years))
    _outcomes_section(tr, comp)
    _series_section(tr, comp)
    _params_section(tr, comp)
    _attribution_section(tr, comp, list(zip(comp.names, (comp.results[n].params for n in comp.names))))
    st.divider()
    _lens_section(tr, comp)


if __name__ == "__main__":  # pragma: no cover
    render()
