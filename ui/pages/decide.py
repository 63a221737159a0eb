"""Decide: the values lens applied to policies, under one set of assumptions.

The options are the program presets that are policies (they set only levers: program designs
and safeguards; ``values_lens.is_policy``), plus the user's own program design when it is none
of them. Every option runs with the assumptions and jurisdiction figures currently set (the
sidebar on Explore), so the ranking compares decisions, not beliefs about the world; comparing
sets of assumptions stays on the compare page, labelled as such. The weights live in a fragment,
so moving them re-scores without rerunning the page; every run is cached (``ui.results``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

import model
from model import params as P
from ui import charts, results, state, values_lens
from ui.format import fmt_value, preset_name
from ui.i18n import Translator

if TYPE_CHECKING:
    import pandas as pd

PREFIX = "decide_"
K_OPTIONS = PREFIX + "options"  # session: the (name, values) last scored, for tests and the report
CURRENT = "current"
SHOWN_OUTCOMES = ("net_crime_change", "trust_immigrant_end", "reporting_rate_immigrant_end", "cost_net_usd",
                  "stop_disparity_ratio", "removals_no_record_share", "removals_additional")


def _kinds() -> dict[str, str]:
    return {p.name: p.kind for p in model.REGISTRY}


def lever_defaults() -> dict[str, Any]:
    return {p.name: p.default for p in model.REGISTRY if p.kind == "lever"}


def policy_presets() -> list[str]:
    """Program presets that set only levers, in display order."""
    found = state.presets()
    kinds = _kinds()
    return [stem for stem in state.program_presets()
            if stem in found and values_lens.is_policy(found[stem].parameters, kinds)]


def options(tr: Translator, current: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, full values) of every policy under the current assumptions, and the user's own
    design (current levers) when it matches none of them."""
    found = state.presets()
    stems = policy_presets()
    out = values_lens.policy_options(current, [(preset_name(tr, s), dict(found[s].parameters)) for s in stems],
                                     lever_defaults())
    levers = [p.name for p in model.REGISTRY if p.kind == "lever"]
    mine = {k: current[k] for k in levers}
    if all(any(v[k] != mine[k] for k in levers) for _, v in out):
        out.append((tr("decide.current"), dict(current)))
    return out


def assumptions_differing(current: dict[str, Any]) -> list[P.Param]:
    """Assumptions and context set away from the registry's defaults (what the ranking rests on)."""
    return [p for p in model.REGISTRY if p.kind != "lever" and current.get(p.name, p.default) != p.default]


def lens_table(tr: Translator, result, runs: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for r in result.rows:
        row = {tr("decide.col.rank"): r.rank, tr("decide.col.policy"): r.name,
               tr("decide.col.score"): round(r.total)}
        row.update({tr(f"compare.lens.{c}"): round(100 * v) for c, v in r.criteria.items()})
        for o in SHOWN_OUTCOMES:
            row[tr(f"outcome.{o}.label")] = charts.fmt_outcome(tr, o, runs[r.name].outcomes[o].value)
        rows.append(row)
    return pd.DataFrame(rows)


@st.fragment
def _lens(tr: Translator, runs: dict[str, Any], names: list[str]) -> None:
    cols = st.columns(len(values_lens.CRITERIA))
    weights = {}
    for col, c in zip(cols, values_lens.CRITERIA):
        weights[c] = col.slider(tr(f"compare.lens.{c}"), 0, values_lens.WEIGHT_MAX, values_lens.DEFAULT_WEIGHTS[c],
                                1, key=f"{PREFIX}w_{c}", help=tr(f"compare.lens.{c}_help"))
    inputs = [(n, {o: r.value for o, r in runs[n].outcomes.items()}) for n in names]
    result = values_lens.score(inputs, weights)
    if result.no_weights:
        st.info(tr("compare.lens.no_weights"))
        return
    best = result.rows[0]
    st.markdown(tr("decide.result", name=state.md_escape(best.name, 80), score=tr.number(best.total)))
    st.plotly_chart(charts.lens(result, tr, names, title=tr("decide.chart_title")), key=PREFIX + "chart", theme=None, config=charts.CONFIG)
    st.dataframe(lens_table(tr, result, runs), hide_index=True, width="stretch")
    with st.expander(tr("compare.lens.how_title")):
        st.markdown(tr("compare.lens.how"))


def render() -> None:
    state.init()
    tr = state.translator()
    st.title(tr("decide.title"))
    st.caption(tr("decide.notice"))
    st.markdown(tr("decide.intro"))
    current = dict(state.values())
    years = state.years()
    changed = assumptions_differing(current)
    if changed:
        st.markdown(tr("decide.assumptions_changed", n=len(changed), names=", ".join(
            f"{tr(f'param.{p.name}.label')} = {fmt_value(p, current[p.name], tr)}" for p in changed[:8])
            + (" …" if len(changed) > 8 else "")))
    else:
        st.markdown(tr("decide.assumptions_central"))
    opts = options(tr, current)
    st.session_state[K_OPTIONS] = opts
    with st.spinner(tr("decide.running", n=len(opts))):
        runs = {name: results.cached_simulate(values, years=years) for name, values in opts}
    st.warning(tr("decide.disclaimer"), icon=":material/balance:")
    _lens(tr, runs, [n for n, _ in opts])


if __name__ == "__main__":  # pragma: no cover
    render()
