"""Compare 2 to 6 parameter sets and explain the difference in one outcome.

``compare([(name, values), ...], outcome)`` returns a ``Comparison`` with

* ``param_diff`` - the parameters whose values differ between any of the scenarios;
* ``outcomes``   - per scenario, every outcome's value, p5/p95 (with draws) and delta against
  no agreement;
* ``attribution`` - for each scenario after the first (the reference), how much of the gap in
  the chosen outcome comes from each differing parameter.

Attribution method: Shapley values over the differing parameters. Moving from the reference to
the other scenario one parameter at a time gives an answer that depends on the order (the
effect of trust erosion depends on whether elasticity has already moved); the Shapley value
averages a parameter's contribution over every order, so it does not depend on one, and the
contributions add up to the whole gap. With k <= ``EXACT_MAX`` differing parameters every one
of the 2^k mixtures of the two scenarios is run, as one vectorised batch through the engine
(exact). With more, random orders are drawn (each with its reverse, to cancel order effects)
and each order's path of k+1 mixtures is run, also as one batch (sampled); every path adds up
to the gap exactly, so the average does too, and a standard error is reported per parameter.

Attribution uses the central run (no Monte Carlo draws): it explains the difference between
the two scenarios' central values. No parameters are grouped: every mixture of two valid
parameter sets is itself valid in this model, so each parameter can move alone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from model import outcomes as oc
from model.params import BY_NAME, REGISTRY, ParamError, resolve
from scenarios.files import ScenarioError
from model.simulate import Results, check_run_options, run_columns, sample, simulate

MIN_SCENARIOS, MAX_SCENARIOS = 2, 6
EXACT_MAX = 10  # 2^10 = 1,024 mixtures: exact Shapley values
SAMPLED_EVALUATIONS = 60_000  # budget of engine columns for sampled orders (about a second)
MIN_PERMUTATIONS = 200


@dataclass
class ParamDiff:
    name: str
    label: str
    unit: str
    kind: str
    values: list[Any]  # one per scenario, in order

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "unit": self.unit, "kind": self.kind,
                "values": list(self.values)}


@dataclass
class Attribution:
    scenario: str
    reference: str
    outcome: str
    reference_value: float
    value: float
    gap: float  # value - reference_value
    contributions: dict[str, float]  # parameter -> share of the gap, largest |value| first
    method: str  # "exact Shapley" or "sampled Shapley (random orders)"
    evaluations: int
    stderr: dict[str, float] | None = None  # sampled method only

    def top(self, n: int = 5) -> list[tuple[str, float]]:
        return list(self.contributions.items())[:n]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "reference": self.reference, "outcome": self.outcome,
            "reference_value": self.reference_value, "value": self.value, "gap": self.gap,
            "method": self.method, "evaluations": self.evaluations,
            "contributions": [
                {"name": k, "label": BY_NAME[k].label, "contribution": v,
                 "share_of_gap": (v / self.gap if self.gap else None),
                 **({"stderr": self.stderr[k]} if self.stderr else {})}
                for k, v in self.contributions.items()
            ],
        }


@dataclass
class Comparison:
    names: list[str]
    outcome: str
    param_diff: list[ParamDiff]
    outcomes: dict[str, dict[str, Any]]  # scenario -> outcome name -> OutcomeResult
    attribution: list[Attribution]
    results: dict[str, Results] = field(repr=False, default_factory=dict)
    years: int = 10
    draws: int = 0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenarios": list(self.names), "outcome": self.outcome, "years": self.years,
            "draws": self.draws, "seed": self.seed,
            "param_diff": [d.to_dict() for d in self.param_diff],
            "outcomes": {n: {k: r.to_dict() for k, r in res.items()} for n, res in self.outcomes.items()},
            "attribution": [a.to_dict() for a in self.attribution],
        }

    def table(self, top: int = 8, outcomes: Sequence[str] | None = None) -> str:
        return format_table(self, top=top, outcomes=outcomes)


# ----------------------------------------------------------------------------- core
def _mixture_columns(ref: dict[str, Any], tgt: dict[str, Any], names: list[str],
                     masks: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """Engine columns for each row of ``masks``: parameter j from ``tgt`` where masks[:, j]."""
    base = sample(ref, 0, seed)
    other = sample(tgt, 0, seed)
    # which engine columns each parameter drives (found, not assumed: choices map to 0/1 columns)
    owner: dict[str, int] = {}
    for j, name in enumerate(names):
        probe = sample({**ref, name: tgt[name]}, 0, seed)
        for key, col in probe.items():
            if col[0] != base[key][0]:
                owner[key] = j
    n = masks.shape[0]
    cols = {}
    for key, col in base.items():
        if key in owner:
            cols[key] = np.where(masks[:, owner[key]], other[key][0], col[0]).astype(float)
        else:
            cols[key] = np.full(n, col[0], dtype=float)
    return cols


def _evaluate(ref, tgt, names, masks, outcome, months, seed) -> np.ndarray:
    cols = _mixture_columns(ref, tgt, names, masks, seed)
    with_, without = run_columns(cols, months)
    value, _ = oc.pair(outcome, with_[outcome], without[outcome])
    return np.asarray(value, dtype=float)


def shapley_exact(ref, tgt, names, outcome, months, seed=0) -> tuple[np.ndarray, float, float, int]:
    k = len(names)
    idx = np.arange(2 ** k)
    masks = ((idx[:, None] >> np.arange(k)[None, :]) & 1).astype(bool)
    v = _evaluate(ref, tgt, names, masks, outcome, months, seed)
    sizes = masks.sum(axis=1)
    weights = np.array([math.factorial(m) * math.factorial(k - m - 1) / math.factorial(k)
                        for m in range(k)]) if k else np.zeros(0)
    phi = np.zeros(k)
    for j in range(k):
        without_j = idx[~masks[:, j]]
        phi[j] = np.sum(weights[sizes[without_j]] * (v[without_j | (1 << j)] - v[without_j]))
    return phi, float(v[0]), float(v[-1]), int(idx.size)


def shapley_sampled(ref, tgt, names, outcome, months, seed=0, budget=SAMPLED_EVALUATIONS
                    ) -> tuple[np.ndarray, np.ndarray, float, float, int]:
    k = len(names)
    pairs = max(MIN_PERMUTATIONS // 2, budget // (2 * (k + 1)))
    rng = np.random.default_rng(seed)
    perms = []
    for _ in range(pairs):
        p = rng.permutation(k)
        perms += [p, p[::-1]]  # antithetic: each order and its reverse
    perms = np.array(perms)
    n_perm = perms.shape[0]
    # mask rows: for each order, steps 0..k (step t: first t parameters of the order switched)
    rank = np.empty_like(perms)
    rank[np.arange(n_perm)[:, None], perms] = np.arange(k)[None, :]
    steps = np.arange(k + 1)
    masks = (rank[:, None, :] < steps[None, :, None]).reshape(n_perm * (k + 1), k)
    v = _evaluate(ref, tgt, names, masks, outcome, months, seed).reshape(n_perm, k + 1)
    marg = np.diff(v, axis=1)  # marginal of perms[:, t] at step t
    contrib = np.zeros((n_perm, k))
    contrib[np.arange(n_perm)[:, None], perms] = marg
    # antithetic pairs are not independent: the standard error uses pair means
    pair_means = contrib.reshape(pairs, 2, k).mean(axis=1)
    phi = pair_means.mean(axis=0)
    se = pair_means.std(axis=0, ddof=1) / math.sqrt(pairs) if pairs > 1 else np.zeros(k)
    return phi, se, float(v[0, 0]), float(v[0, -1]), int(masks.shape[0])


def attribute(reference: tuple[str, dict], other: tuple[str, dict], outcome: str, years: int = 10,
              seed: int = 0, exact_max: int = EXACT_MAX) -> Attribution:
    """Shapley attribution of the gap in ``outcome`` between two full parameter sets."""
    (ref_name, ref), (name, tgt) = reference, other
    names = [p.name for p in REGISTRY if ref[p.name] != tgt[p.name]]
    months = years * 12
    stderr = None
    if len(names) <= exact_max:
        phi, v0, v1, n = shapley_exact(ref, tgt, names, outcome, months, seed)
        method = f"exact Shapley over {len(names)} parameters ({n} runs)"
    else:
        phi, se, v0, v1, n = shapley_sampled(ref, tgt, names, outcome, months, seed)
        method = f"sampled Shapley over {len(names)} parameters ({n // (len(names) + 1)} random orders, {n} runs)"
        stderr = {nm: float(s) for nm, s in zip(names, se)}
    order = sorted(range(len(names)), key=lambda j: -abs(phi[j]))
    contributions = {names[j]: float(phi[j]) for j in order}
    return Attribution(name, ref_name, outcome, v0, v1, v1 - v0, contributions, method, n, stderr)


def _check(named_values, outcome) -> list[tuple[str, dict]]:
    if outcome not in oc.BY_NAME:
        import difflib

        close = difflib.get_close_matches(str(outcome), oc.BY_NAME, n=1)
        raise ScenarioError("outcome", outcome, "one of " + ", ".join(oc.BY_NAME)
                            + (f" (did you mean {close[0]!r}?)" if close else ""))
    items = list(named_values)
    if not MIN_SCENARIOS <= len(items) <= MAX_SCENARIOS:
        raise ScenarioError("scenarios", f"{len(items)} scenarios",
                            f"{MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios")
    out, seen = [], set()
    for item in items:
        try:
            name, values = item
        except (TypeError, ValueError):
            raise ScenarioError("scenarios", item, "(name, values) pairs") from None
        if not isinstance(name, str) or not name:
            raise ScenarioError("scenarios", name, "a non-empty name for each scenario")
        if name in seen:
            raise ScenarioError("scenarios", name, "a different name for each scenario")
        seen.add(name)
        try:
            full = resolve(dict(values))
        except ParamError as exc:
            raise ScenarioError(f"{name}: {exc.field}", exc.value, exc.allowed) from None
        out.append((name, full))
    return out


def compare(named_values: list[tuple[str, dict]], outcome: str, draws: int = 0, seed: int = 0,
            years: int = 10, exact_max: int = EXACT_MAX) -> Comparison:
    """Compare 2-6 named parameter sets (full or sparse); the first is the reference."""
    items = _check(named_values, outcome)
    check_run_options(draws, years, seed)
    names = [n for n, _ in items]
    diff = []
    for p in REGISTRY:
        vals = [v[p.name] for _, v in items]
        if any(x != vals[0] for x in vals[1:]):
            diff.append(ParamDiff(p.name, p.label, p.unit, p.kind, vals))
    results = {n: simulate(v, draws=draws, seed=seed, years=years, bands=False) for n, v in items}
    table = {n: dict(r.outcomes) for n, r in results.items()}
    attribution = [attribute(items[0], item, outcome, years=years, seed=seed, exact_max=exact_max)
                   for item in items[1:]]
    return Comparison(names, outcome, diff, table, attribution, results, years, draws, seed)


# ----------------------------------------------------------------------------- text output
def _fmt(x: Any) -> str:
    if isinstance(x, bool):
        return "on" if x else "off"
    if isinstance(x, float):
        if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
            return f"{x:,.4g}" if abs(x) < 1e5 else f"{x:,.0f}"
        return f"{x:.4g}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def _grid(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_table(c: Comparison, top: int = 8, outcomes: Sequence[str] | None = None) -> str:
    out = []
    short = [n if len(n) <= 28 else n[:27] + "…" for n in c.names]
    if c.param_diff:
        rows = [["parameter"] + short]
        rows += [[d.name] + [_fmt(v) for v in d.values] for d in c.param_diff]
        out += [f"Parameters that differ ({len(c.param_diff)})", _grid(rows), ""]
    else:
        out += ["No parameter differs.", ""]
    names = list(outcomes) if outcomes else [o.name for o in oc.OUTCOMES]
    band = c.draws > 0
    rows = [["outcome"] + short]
    for o in names:
        cells = []
        for n in c.names:
            r = c.outcomes[n][o]
            cell = _fmt(r.value)
            if band:
                cell += f" [{_fmt(r.p5)}, {_fmt(r.p95)}]"
            cells.append(cell)
        rows.append([o] + cells)
        rows.append(["  vs no agreement"] + [f"{c.outcomes[n][o].delta:+.4g}" for n in c.names])
    out += [f"Outcomes over {c.years} years" + (f" ({c.draws} draws, p5-p95 in brackets)" if band else "")
            + "; 'vs no agreement' is the delta against the same jurisdiction without an agreement",
            _grid(rows), ""]
    for a in c.attribution:
        out.append(f"Why '{a.scenario}' differs from '{a.reference}' on {a.outcome}: "
                   f"{_fmt(a.reference_value)} -> {_fmt(a.value)} (gap {a.gap:+.4g}); {a.method}")
        rows = [["parameter", "contribution", "share of gap"]]
        items = list(a.contributions.items())
        for k, v in items[:top]:
            tiny = abs(v) <= 1e-9 * max(abs(a.gap), abs(a.value), 1e-300)
            share = "-" if not a.gap else ("0%" if tiny else f"{100 * v / a.gap:.0f}%")
            se = f" ± {a.stderr[k]:.2g}" if a.stderr and a.stderr[k] > 1e-9 * abs(a.gap) else ""
            v = 0.0 if tiny else v
            rows.append([k, f"{v:+.4g}{se}", share])
        rest = sum(v for _, v in items[top:])
        if abs(rest) <= 1e-9 * max(abs(a.gap), abs(a.value), 1e-300):
            rest = 0.0
        if len(items) > top:
            rows.append([f"{len(items) - top} others", f"{rest:+.4g}",
                         ("0%" if rest == 0 else f"{100 * rest / a.gap:.0f}%") if a.gap else "-"])
        rows.append(["total", f"{sum(a.contributions.values()):+.4g}", "100%" if a.gap else "-"])
        out += [_grid(rows), ""]
    return "\n".join(out).rstrip() + "\n"
