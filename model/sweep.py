"""The trade-off frontier: enforcement reach against community reporting as program intensity varies.

Program intensity is a multiplier ``k`` on the designated officers of every *active* program
model (WSO, JEM, TFM): ``k = 0`` is the agreement on paper with nobody designated (the same
outcomes as no agreement), ``k = 1`` is the current setting, and the sweep runs to ``k_max``, the
largest multiplier that keeps every active model's officers within the registry's bounds, at
most ``MAX_MULTIPLIER``. Officers are treated
as a continuous quantity along the curve (a smooth approximation of whole officers).

If no active model has any officer (or no model is active), the sweep varies the officers of
the active models from 0 to their registry maximum instead (``basis == "range"``); with no model
active at all there is no reach to vary and every point equals no agreement.

Preset points: the caller passes the points to mark as ``(key, name, values)`` triples (the
program presets come from ``scenarios.files.frontier_presets()``; the math never reads a file).
Each point's levers and assumptions are combined with the current *context* (the jurisdiction),
as ``scenarios.files.combine`` does: "what that preset gives in your jurisdiction". Everything
(sweep, current, presets) runs in ONE vectorised engine batch, deterministic (central values, no
draws).

``param_curve(values, param, outcome)`` gives one outcome along one numeric parameter's whole
range (one batch, for the break-even chart on the drivers page).

Pure numpy; no UI imports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np

from .params import BY_NAME, PROGRAM_FLAGS, REGISTRY, resolve
from .simulate import check_run_options, run_columns, sample

OFFICERS = {"wso_active": "officers_wso", "jem_active": "officers_jem", "tfm_active": "officers_tfm"}
POINTS = 41  # points along the curve
MAX_MULTIPLIER = 4.0  # furthest the sweep goes beyond the current setting
REACH = ("removals", "removals_additional")
REPORTING = "reporting_rate_immigrant_end"
EXTRA = ("trust_immigrant_end", "net_crime_change", "cost_net_usd")


@dataclass
class Point:
    """One marked scenario on the frontier."""

    key: str  # "current" or a preset stem
    name: str  # display name (the preset's name; "current" for the current setting)
    removals: float
    removals_additional: float
    reporting: float
    values: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Frontier:
    """Arrays along the sweep (one entry per intensity step) and the marked points."""

    multiplier: np.ndarray  # k, 0..k_max (basis "current") or share of max officers (basis "range")
    basis: str  # "current" or "range"
    officers: dict[str, np.ndarray]  # officers of each active model along the sweep
    removals: np.ndarray
    removals_additional: np.ndarray
    reporting: np.ndarray  # reporting_rate_immigrant_end
    reporting_no_agreement: float
    extra: dict[str, np.ndarray]  # trust_immigrant_end, net_crime_change, cost_net_usd (deltas)
    current: Point
    presets: list[Point]
    years: int
    params: dict[str, Any] = field(default_factory=dict, repr=False)

    def rows(self) -> list[dict[str, float]]:
        out = []
        for i in range(self.multiplier.shape[0]):
            row = {"multiplier": float(self.multiplier[i])}
            row.update({k: float(v[i]) for k, v in self.officers.items()})
            row.update(removals=float(self.removals[i]), removals_additional=float(self.removals_additional[i]),
                       reporting_rate_immigrant_end=float(self.reporting[i]))
            out.append(row)
        return out


def _active(values: dict[str, Any]) -> list[str]:
    return [f for f in PROGRAM_FLAGS if bool(values[f])]


def _multipliers(values: dict[str, Any], points: int) -> tuple[np.ndarray, str, dict[str, np.ndarray]]:
    active = _active(values)
    staffed = [f for f in active if values[OFFICERS[f]] > 0]
    if staffed:
        k_max = float(min(MAX_MULTIPLIER, *(BY_NAME[OFFICERS[f]].max / values[OFFICERS[f]] for f in staffed)))
        k = np.linspace(0.0, k_max, points)
        if not np.any(np.isclose(k, 1.0)) and k_max >= 1.0:
            k = np.sort(np.append(k, 1.0))
        officers = {OFFICERS[f]: k * values[OFFICERS[f]] for f in active}
        return k, "current", officers
    k = np.linspace(0.0, 1.0, points)
    officers = {OFFICERS[f]: k * BY_NAME[OFFICERS[f]].max for f in active}
    return k, "range", officers


Marks = Iterable[tuple[str, str, Mapping[str, Any]]]


def _preset_levers(presets: Marks) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, name, non-context values) for each point to mark, in the order given."""
    levers = [p.name for p in REGISTRY if p.kind != "context"]
    return [(key, name, {k: vals[k] for k in levers if k in vals}) for key, name, vals in presets]


def frontier(values: dict[str, Any] | None = None, years: int = 10, points: int = POINTS,
             presets: Marks = ()) -> Frontier:
    """Sweep program intensity for ``values`` (sparse or full) in one vectorised batch, marking
    the current setting and every ``(key, name, values)`` point in ``presets`` (their context
    replaced by the current one)."""
    check_run_options(0, years, 0)
    params = resolve(values)
    k, basis, officers = _multipliers(params, points)
    marks = [("current", "current", {})]
    marks += _preset_levers(presets)
    n_sweep, n = k.shape[0], k.shape[0] + len(marks)

    base = sample(params, 0, 0)  # one column, central values
    cols = {name: np.repeat(col, n) for name, col in base.items()}
    for name, arr in officers.items():
        cols[name][:n_sweep] = arr
    for j, (_, _, levers) in enumerate(marks):
        point = sample(resolve({**params, **levers}), 0, 0)
        for name, col in point.items():
            cols[name][n_sweep + j] = col[0]

    with_, without = run_columns(cols, years * 12)
    rep = with_[REPORTING]
    sweep = slice(0, n_sweep)
    extra = {
        "trust_immigrant_end": with_["trust_immigrant_end"][sweep] - without["trust_immigrant_end"][sweep],
        "net_crime_change": with_["net_crime_change"][sweep] - without["net_crime_change"][sweep],
        "cost_net_usd": with_["cost_net_usd"][sweep] - without["cost_net_usd"][sweep],
    }
    pts = []
    for j, (stem, name, levers) in enumerate(marks):
        i = n_sweep + j
        pts.append(Point(stem, name, float(with_["removals"][i]), float(with_["removals_additional"][i]),
                         float(rep[i]), {**params, **levers}))
    return Frontier(
        multiplier=k, basis=basis, officers=officers,
        removals=with_["removals"][sweep], removals_additional=with_["removals_additional"][sweep],
        reporting=rep[sweep], reporting_no_agreement=float(without[REPORTING][0]), extra=extra,
        current=pts[0], presets=pts[1:], years=years, params=params,
    )


@dataclass
class Curve:
    """An outcome's measure along one numeric parameter's declared range (for the break-even chart)."""

    param: str
    outcome: str
    measure: str  # "delta" (agreement minus no agreement) or "value"
    x: np.ndarray
    y: np.ndarray
    given: float
    at_given: float
    years: int


def param_curve(values: dict[str, Any] | None, param: str, outcome: str, measure: str = "delta",
                years: int = 10, points: int = 81, lo: float | None = None, hi: float | None = None) -> Curve:
    """``outcome`` as ``param`` runs over [lo, hi] (default its [min, max]), everything else as
    given: one batch."""
    from . import outcomes as oc

    p = BY_NAME.get(param)
    if p is None or not p.is_numeric:
        from .params import ParamError

        raise ParamError("param", param, "a numeric parameter name")
    if outcome not in oc.BY_NAME:
        from .params import ParamError

        raise ParamError("outcome", outcome, "one of " + ", ".join(oc.BY_NAME))
    check_run_options(0, years, 0)
    params = resolve(values)
    xs = np.linspace(float(p.min) if lo is None else float(lo), float(p.max) if hi is None else float(hi), points)
    xs = np.append(xs, float(params[param]))
    base = sample(params, 0, 0)
    cols = {k: np.repeat(v, xs.shape[0]) for k, v in base.items()}
    cols[param] = xs
    with_, without = run_columns(cols, years * 12)
    value, cf = oc.pair(outcome, with_[outcome], without[outcome])
    y = value - cf if measure == "delta" else value
    return Curve(param, outcome, measure, xs[:-1], y[:-1], float(xs[-1]), float(y[-1]), years)
