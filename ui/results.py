"""How a page gets its results: every cached model call the pages, the report and the actions use.

Each call is cached on a digest of the frozen parameter set (``state.freeze``/``state.digest``).
``cached_simulate`` and ``cached_frontier`` are shared by every session (``st.cache_resource``,
read-only arrays); results never go into the session.

* ``cached_simulate`` / ``current_results`` - ``model.simulate`` (the current state's run);
* ``cached_frontier``  - the trade-off frontier (``model.sweep.frontier``) with the program presets
  marked (``scenarios.files.frontier_presets``);
* ``top_driver``       - the assumption that moves an outcome most (the summary's last sentence);
* ``cached_tornado`` / ``cached_breakeven`` - the drivers page's sensitivity and break-even;
* ``build_comparison`` / ``attribution_for`` - the compare page's comparison and its Shapley
  attribution of one pair (``scenarios.compare``).

The drivers page's global (Sobol/Morris) runs are long: they run as background jobs owned by that
page (``ui/pages/drivers.py``).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

import model
from model import sensitivity, sweep
from scenarios import compare
from scenarios import files as scn
from ui import state
from ui.state import DEFAULT_YEARS, DRAWS, SEED


# ----------------------------------------------------------------------------- model runs
def _read_only(obj):
    """Make every numpy array reachable from ``obj`` (a dataclass, dict, list or array)
    read-only: a result shared by every session must not be changed in place by any of them."""
    if isinstance(obj, np.ndarray):
        obj.flags.writeable = False
    elif isinstance(obj, dict):
        for v in obj.values():
            _read_only(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _read_only(v)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            _read_only(getattr(obj, name))
    return obj


# Shared, not copied: ``st.cache_resource`` hands every session the same object, where
# ``st.cache_data`` would unpickle a fresh copy of the results on every hit (~0.5 ms a rerun).
# The arrays are made read-only, and nothing in the app writes to a result.
@st.cache_resource(max_entries=64, show_spinner=False)
def _simulate_keyed(key: str, draws: int, seed: int, years: int, _frozen: tuple) -> model.Results:
    return _read_only(model.simulate(dict(_frozen), draws=draws, seed=seed, years=years))


def cached_simulate(values: dict[str, Any], draws: int = DRAWS, seed: int = SEED,
                    years: int = DEFAULT_YEARS) -> model.Results:
    """``model.simulate`` cached on the frozen parameter set (64 entries at most), shared by
    every session: treat the result as read-only."""
    frozen = state.freeze(values)
    return _simulate_keyed(state.digest(frozen), int(draws), int(seed), int(years), frozen)


@st.cache_resource(max_entries=32, show_spinner=False)
def _frontier_keyed(key: str, years: int, _frozen: tuple):
    return _read_only(sweep.frontier(dict(_frozen), years=years, presets=scn.frontier_presets()))


def cached_frontier(values: dict[str, Any], years: int = DEFAULT_YEARS):
    """The trade-off frontier sweep (``model.sweep.frontier``), cached on the parameter set and
    shared like ``cached_simulate``."""
    frozen = state.freeze(values)
    return _frontier_keyed(state.digest(frozen), int(years), frozen)


def current_results(draws: int = DRAWS) -> model.Results:
    return cached_simulate(state.values(), draws=draws, years=state.years())


# ----------------------------------------------------------------------------- summary
def top_driver(values: dict[str, Any], years: int, outcome: str = "net_crime_change") -> str | None:
    """The assumption whose range moves ``outcome`` most (None when sensitivity is unavailable)."""
    frozen = state.freeze(values)
    return _top_driver(state.digest(frozen), years, outcome, frozen)


@st.cache_data(max_entries=64, show_spinner=False)
def _top_driver(key: str, years: int, outcome: str, _frozen: tuple) -> str | None:
    try:
        bars = sensitivity.tornado(dict(_frozen), outcome=outcome, years=years).bars
    except model.ParamError:  # the summary must not fail because of the ranking
        return None
    return bars[0].name if bars and bars[0].swing > 0 else None


# ----------------------------------------------------------------------------- drivers
@st.cache_data(max_entries=64, show_spinner=False)
def cached_tornado(frozen: tuple, outcome: str, measure: str, years: int):
    return sensitivity.tornado(dict(frozen), outcome, measure=measure, years=years)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_breakeven(frozen: tuple, param: str, outcome: str, measure: str, years: int, threshold: float,
                     lo: float | None = None, hi: float | None = None):
    b = sensitivity.breakeven(dict(frozen), param, outcome, measure=measure, years=years, threshold=threshold,
                              lo=lo, hi=hi)
    curve = sweep.param_curve(dict(frozen), param, outcome, measure=measure, years=years, lo=b.min, hi=b.max)
    return b, curve


@st.cache_data(max_entries=64, show_spinner=False)
def cached_movers(frozen: tuple, outcome: str, measure: str, years: int) -> dict[str, float]:
    """How far each numeric parameter moves ``outcome`` over its break-even search range."""
    return sensitivity.movers(dict(frozen), outcome, measure=measure, years=years)


# ----------------------------------------------------------------------------- compare
@st.cache_data(max_entries=32, show_spinner=False)
def _attribute(ref: tuple, other: tuple, outcome: str, years: int, seed: int):
    """Shapley attribution of one pair (reference, other), each (name, frozen values)."""
    return compare.attribute((ref[0], dict(ref[1])), (other[0], dict(other[1])), outcome,
                              years=years, seed=seed)


def build_comparison(items: list[tuple[str, dict]], years: int):
    """A ``scenarios.compare.Comparison`` without attribution: every scenario's results with ranges
    (the same cached runs the series chart uses) and the settings that differ. The attribution
    of one pair is computed only when that pair is shown (``attribution_for``): with many
    differing settings each pair takes about half a second, so computing all of them up front
    would slow the page for pairs nobody looks at."""
    cmp = compare
    resolved = [(n, model.resolve(v)) for n, v in items]  # raises ParamError on a bad value
    names = [n for n, _ in resolved]
    if len(set(names)) != len(names):  # results are keyed by label: see compare.unique_names
        raise ValueError("scenario labels must be distinct")
    diff = []
    for p in model.REGISTRY:
        vals = [v[p.name] for _, v in resolved]
        if any(x != vals[0] for x in vals[1:]):
            diff.append(cmp.ParamDiff(p.name, p.label, p.unit, p.kind, vals))
    results = {n: cached_simulate(v, years=years) for n, v in resolved}
    outcomes = {n: dict(r.outcomes) for n, r in results.items()}
    return cmp.Comparison(names, "", diff, outcomes, [], results, years, DRAWS, SEED)


def attribution_for(items: list[tuple[str, dict]], index: int, outcome: str, years: int):
    ref, other = items[0], items[index]
    return _attribute((ref[0], state.freeze(model.resolve(ref[1]))),
                      (other[0], state.freeze(model.resolve(other[1]))), outcome, years, SEED)
