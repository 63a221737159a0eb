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
K_RESTORED = PREFIX + "restored"  # the session's link was read (once)
MAX_UPLOADS = 6
# The comparison in the URL (beside the current scenario's own keys, see ui.state): the compared
# scenarios, the difference explained, its outcome, the table's base and the lens weights.
Q_PICK, Q_PAIR, Q_OUTCOME, Q_DELTA, Q_WEIGHTS = "cs", "cp", "co", "cb", "cw"
DELTA_BASES = ("reference", "none")
CURRENT = "current"
DEFAULT_PICK = ("current", "preset:program-case", "preset:critics-case")
TABLE_OUTCOMES = tuple(o.name for o in model.OUTCOMES)
SERIES_CHOICES = ("reporting_rate_immigrant", "trust_immigrant", "victimizations", "crimes_reported",
                  "crimes_unreported", "crimes_cleared", "removals", "removals_additional", "cost_net",
                  "stop_disparity")


# ----------------------------------------------------------------------------- scenario sources
def _library_entries() -> dict[str, Any]:
    try:
        from ui import library

        lib = library.current()
        entries, _ = lib.list() if lib is not None else ([], [])
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
        return preset_name(tr, ref), state.program_here(ref)
    if kind == "upload":
        name, vals = st.session_state.get(K_UPLOADS, [])[int(ref)]
        return name, model.resolve(vals)
    if kind == "saved":
        from scenarios import library as store
        from ui import library

        lib = library.current()
        if lib is None:
            raise store.NotFoundError(ref)
        sc = lib.open(ref)
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
        result = parse_upload(f.getvalue(), tr)
        if not result.ok:
            from ui import errors

            errors.show(tr, *errors.explain(tr, result.field, result.value, result.allowed,
                                            "compare.upload_failed"))
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
            row[n] = fmt_value(p, v, tr)  # shares in percent, as everywhere
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


# ----------------------------------------------------------------------------- the link
def weight_key(criterion: str) -> str:
    return f"{PREFIX}w_{criterion}"


def _weights_text() -> str:
    ss = st.session_state
    return "-".join(str(int(ss.get(weight_key(c), values_lens.DEFAULT_WEIGHTS[c])))
                    for c in values_lens.CRITERIA)


def restore_from_link(tr: Translator, opts: dict[str, str]) -> list[str]:
    """Once per session: the comparison in the link the session opened with (``cs``, ``cp``,
    ``co``, ``cb``, ``cw``) goes into the page's widget keys. Returns plain-language problems
    (what could not be restored, and what is allowed); whatever is valid is kept."""
    ss = st.session_state
    if ss.get(K_RESTORED):
        return []
    ss[K_RESTORED] = True
    q = state.boot_query()
    problems: list[str] = []
    if q.get(Q_PICK):
        ids = [i for i in q[Q_PICK].split(",") if i][: model_compare().MAX_SCENARIOS]
        known = [i for i in ids if i in opts]
        missing = [i for i in ids if i not in opts]
        if missing:
            key = ("compare.link.saved_missing" if any(i.startswith("saved:") for i in missing)
                   else "compare.link.unknown")
            problems.append(tr(key, n=len(missing)))
        if known:
            ss[K_PICK] = known
    if q.get(Q_PAIR):
        ss[K_PAIR] = q[Q_PAIR]  # checked against the compared scenarios where it is drawn
    if q.get(Q_OUTCOME):
        if q[Q_OUTCOME] in TABLE_OUTCOMES:
            ss[K_OUTCOME] = q[Q_OUTCOME]
        else:
            problems.append(tr("compare.link.bad_outcome", label=tr("compare.outcome_pick")))
    if q.get(Q_DELTA) in DELTA_BASES:
        ss[K_DELTA] = q[Q_DELTA]
    if q.get(Q_WEIGHTS):
        parts = q[Q_WEIGHTS].split("-")
        try:
            nums = [int(x) for x in parts]
        except ValueError:
            nums = []
        if len(nums) == len(values_lens.CRITERIA) and all(0 <= n <= values_lens.WEIGHT_MAX for n in nums):
            for c, n in zip(values_lens.CRITERIA, nums):
                ss[weight_key(c)] = n
        else:
            problems.append(tr("compare.link.bad_weights", label=tr("compare.lens.title"),
                               n=len(values_lens.CRITERIA), max=values_lens.WEIGHT_MAX))
    return problems


def page_query() -> dict[str, str]:
    """The comparison's own query keys (uploaded files cannot travel in a link)."""
    ss = st.session_state
    picked = [o for o in ss.get(K_PICK, []) if not o.startswith("upload:")]
    out = {Q_PICK: ",".join(picked), Q_WEIGHTS: _weights_text()}
    for q, k in ((Q_PAIR, K_PAIR), (Q_OUTCOME, K_OUTCOME), (Q_DELTA, K_DELTA)):
        if ss.get(k):
            out[q] = str(ss[k])
    return out


# ----------------------------------------------------------------------------- page sections
def _outcomes_section(tr: Translator, comp) -> None:
    st.subheader(tr("compare.outcomes_title"))
    base = st.radio(tr("compare.delta_base"), DELTA_BASES, key=K_DELTA, horizontal=True,
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


def _attribution_section(tr: Translator, comp, items: list[tuple[str, dict]], ids: list[str]) -> None:
    st.subheader(tr("compare.attribution_title"))
    st.caption(tr("compare.attribution_intro"))
    c1, c2 = st.columns(2)
    if st.session_state.get(K_OUTCOME) not in TABLE_OUTCOMES:
        st.session_state[K_OUTCOME] = "net_crime_change"
    outcome = c1.selectbox(tr("compare.outcome_pick"), TABLE_OUTCOMES, key=K_OUTCOME,
                           format_func=lambda o: tr(f"outcome.{o}.label"), help=tr("compare.outcome_pick_help"))
    # The choice is the other scenario's option id, not its place in the list: after a
    # scenario is removed, a stale choice falls back to the first difference instead of
    # silently pointing at whichever scenario moved into its place.
    others = dict(zip(ids[1:], comp.names[1:]))
    if st.session_state.get(K_PAIR) not in others:
        st.session_state[K_PAIR] = ids[1]
    pick = c2.selectbox(tr("compare.attribution_pair"), list(others), key=K_PAIR,
                        format_func=lambda i: tr("compare.pair_label", name=others.get(i, i),
                                                 reference=comp.names[0]))
    with st.spinner(tr("compare.running_attribution")):
        a = results.attribution_for(items, ids.index(pick), outcome, comp.years)
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
            st.session_state.setdefault(weight_key(c), values_lens.DEFAULT_WEIGHTS[c])
            weights[c] = col.slider(tr(f"compare.lens.{c}"), 0, values_lens.WEIGHT_MAX,
                                    step=1, key=weight_key(c), help=tr(f"compare.lens.{c}_help"))
        # This fragment reruns alone (the page's end-of-run URL sync does not run): keep the
        # weights in the address bar here, so a reload or a copied link keeps them.
        if st.query_params.get(Q_WEIGHTS) != _weights_text():
            st.query_params[Q_WEIGHTS] = _weights_text()
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
    for problem in restore_from_link(tr, opts):
        st.warning(problem, icon=":material/link_off:")
    if K_PICK not in st.session_state:
        st.session_state[K_PICK] = [o for o in DEFAULT_PICK if o in opts][:6]
    else:  # drop options that disappeared (a deleted saved scenario)
        st.session_state[K_PICK] = [o for o in st.session_state[K_PICK] if o in opts]
    cmp = model_compare()
    picked = st.multiselect(tr("compare.pick"), list(opts), key=K_PICK, format_func=lambda o: opts.get(o, o),
                            max_selections=cmp.MAX_SCENARIOS, help=tr("compare.pick_help"),
                            placeholder=tr("compare.pick_placeholder"))
    state.set_page_query(page_query())  # again at the end, with the choices drawn below
    if len(picked) < cmp.MIN_SCENARIOS:
        st.info(tr("compare.pick_more", n=cmp.MIN_SCENARIOS))
        return

    items, ids, failed = [], [], []
    for o in picked:
        try:
            items.append(scenario_values(o, tr))
            ids.append(o)
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
    _attribution_section(tr, comp, list(zip(comp.names, (comp.results[n].params for n in comp.names))),
                         ids)
    state.set_page_query(page_query())
    st.divider()
    _lens_section(tr, comp)


if __name__ == "__main__":  # pragma: no cover
    render()
