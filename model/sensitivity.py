"""Which assumption decides the answer: a one-at-a-time tornado, a global (Sobol or Morris)
analysis with SALib, and a break-even finder.

Every analysis reads one outcome through one *measure*:

* ``"delta"`` (the default) - the outcome with the agreement minus the same jurisdiction
  without it, i.e. the agreement's effect. For outcomes that are already differences
  (``net_crime_change``, ``crimes_unreported_added``, ...) this is the outcome itself;
* ``"value"`` - the outcome's level with the agreement (e.g. trust at the end, 0..1).

Each analysis builds the columns of all its variants at once and runs them through the engine in
one batch (``simulate.run_columns``, which splits very large batches into memory-bounded chunks);
the break-even finder does this once for its scan and once per refinement round.

The ranges are the registry's uncertainty ranges (low, high) of ``params.uncertain()``, widened
to include the value given when a scenario sets an assumption outside them - the same rule the
Monte Carlo draws use. The break-even finder scans a parameter's whole declared [min, max].
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from . import outcomes as oc
from .params import BY_NAME, ParamError, Param, resolve, uncertain
from .simulate import check_run_options, run_columns, sample

MEASURES = ("delta", "value")
GLOBAL_METHODS = ("sobol", "morris")
SOBOL_BASE_SAMPLES = 256  # Saltelli base sample N (a power of 2): N * (D + 2) model runs
MORRIS_TRAJECTORIES = 64
MORRIS_LEVELS = 4
BREAKEVEN_POINTS = 65  # grid points over [min, max] for the first scan
BREAKEVEN_SUBDIVISIONS = 16  # points per bracket in each refinement round
BREAKEVEN_ROUNDS = 6  # refinement rounds: each splits a bracket into 17, so 17**6 (2.4e7) in all


# ------------------------------------------------------------------------------ validation
def check_outcome(outcome: str) -> oc.OutcomeDef:
    od = oc.BY_NAME.get(outcome)
    if od is None:
        import difflib

        close = difflib.get_close_matches(str(outcome), oc.BY_NAME, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParamError("outcome", outcome, "one of " + ", ".join(oc.BY_NAME) + hint)
    return od


def check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ParamError("measure", measure, "one of " + ", ".join(MEASURES))
    return measure


def _check_years(years: int) -> None:
    check_run_options(0, years, 0)


def _range(p: Param, value: float) -> tuple[float, float]:
    """An uncertain parameter's (low, high), widened to include the value given."""
    lo, _, hi = p.uncertainty
    return max(min(lo, value), p.min), min(max(hi, value), p.max)


# ------------------------------------------------------------------------------ evaluation
def _columns(params: dict[str, Any], n: int) -> dict[str, np.ndarray]:
    """Engine columns for ``n`` copies of one resolved parameter set (to be varied in place)."""
    return {k: np.repeat(v, n) for k, v in sample(params, 0, 0).items()}


def _evaluate(cols: dict[str, np.ndarray], months: int, outcome: str, measure: str) -> np.ndarray:
    """The outcome's measure for every column, with one engine run over all of them."""
    with_, without = run_columns(cols, months)
    value, cf = oc.pair(outcome, with_[outcome], without[outcome])
    return value - cf if measure == "delta" else value


# ------------------------------------------------------------------------------ tornado
@dataclass
class TornadoBar:
    """One assumption's bar: the outcome with the assumption at its low and at its high end."""

    name: str
    label: str
    unit: str
    low: float  # the assumption's value at the low end
    high: float
    given: float  # the value in the scenario (every other bar holds this one here)
    outcome_low: float  # the outcome's measure with the assumption at ``low``
    outcome_high: float

    @property
    def swing(self) -> float:
        return abs(self.outcome_high - self.outcome_low)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "swing": self.swing}


@dataclass
class Tornado:
    outcome: str
    outcome_label: str
    outcome_unit: str
    measure: str
    years: int
    base: float  # the outcome's measure with every assumption as given
    bars: list[TornadoBar]  # sorted by swing, largest first

    def to_dict(self) -> dict[str, Any]:
        return {
            "analysis": "tornado", "outcome": self.outcome, "outcome_label": self.outcome_label,
            "outcome_unit": self.outcome_unit, "measure": self.measure, "years": self.years,
            "base": self.base, "bars": [b.to_dict() for b in self.bars],
        }


def tornado(values: dict[str, Any] | None, outcome: str, measure: str = "delta", years: int = 10) -> Tornado:
    """One-at-a-time sensitivity of ``outcome`` to every uncertain assumption, ranked by swing.

    Column 0 holds every parameter as given; columns 2i+1 and 2i+2 set assumption i to its low
    and high end, everything else as given. All 1 + 2D columns run in one engine batch.
    """
    od = check_outcome(outcome)
    check_measure(measure)
    _check_years(years)
    params = resolve(values)
    ps = uncertain()
    cols = _columns(params, 1 + 2 * len(ps))
    ranges = []
    for i, p in enumerate(ps):
        lo, hi = _range(p, float(params[p.name]))
        cols[p.name][2 * i + 1] = lo
        cols[p.name][2 * i + 2] = hi
        ranges.append((lo, hi))
    y = _evaluate(cols, years * 12, outcome, measure)
    bars = [
        TornadoBar(p.name, p.label, p.unit, lo, hi, float(params[p.name]),
                   float(y[2 * i + 1]), float(y[2 * i + 2]))
        for i, (p, (lo, hi)) in enumerate(zip(ps, ranges))
    ]
    bars.sort(key=lambda b: (-b.swing, b.name))
    return Tornado(outcome, od.label, od.unit, measure, years, float(y[0]), bars)


# ------------------------------------------------------------------------------ global (SALib)
@dataclass
class GlobalIndex:
    """One assumption's global sensitivity indices (None where the method has no such index).

    Sobol: ``s1`` first-order (share of the outcome's variance due to this assumption alone),
    ``st`` total-order (including its interactions), each with a 95 % bootstrap half-width.
    Morris: ``mu_star`` mean absolute elementary effect (outcome units over the assumption's
    range), with its 95 % half-width, and ``sigma`` (spread: non-linearity or interactions).
    """

    name: str
    label: str
    low: float
    high: float
    s1: float | None = None
    s1_conf: float | None = None
    st: float | None = None
    st_conf: float | None = None
    mu_star: float | None = None
    mu_star_conf: float | None = None
    sigma: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class GlobalSensitivity:
    outcome: str
    outcome_label: str
    outcome_unit: str
    measure: str
    method: str
    years: int
    evaluations: int  # model runs (each with its counterfactual)
    seed: int
    mean: float  # of the outcome's measure over the sample
    std: float
    indices: list[GlobalIndex]  # ranked: by ST (Sobol) or mu* (Morris), largest first
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "indices"}
        return {"analysis": self.method, **d, "indices": [i.to_dict() for i in self.indices]}


def _finite(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def global_sensitivity(values: dict[str, Any] | None, outcome: str, method: str = "sobol",
                       measure: str = "delta", years: int = 10, samples: int | None = None,
                       seed: int = 0) -> GlobalSensitivity:
    """Variance-based (Sobol, Saltelli sampling) or screening (Morris) sensitivity of ``outcome``
    over every uncertain assumption at once, each drawn from the triangular distribution the
    Monte Carlo uses (low, given value, high). All model runs go to the engine in one batch.

    ``samples`` is the Sobol base sample N (runs = N * (D + 2); a power of 2 is best) or the
    number of Morris trajectories (runs = r * (D + 1)).
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample
    from scipy.stats import triang

    od = check_outcome(outcome)
    check_measure(measure)
    _check_years(years)
    if method not in GLOBAL_METHODS:
        raise ParamError("method", method, "one of " + ", ".join(GLOBAL_METHODS))
    default = SOBOL_BASE_SAMPLES if method == "sobol" else MORRIS_TRAJECTORIES
    samples = default if samples is None else samples
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or not 2 <= samples <= 65_536:
        raise ParamError("samples", samples, "an integer from 2 to 65536")
    check_run_options(0, years, seed)
    params = resolve(values)
    ps, bounds = [], []
    for p in uncertain():
        v = float(params[p.name])
        lo, hi = _range(p, v)
        if hi > lo:
            ps.append(p)
            bounds.append([lo, hi, (v - lo) / (hi - lo)])
    # SALib samples the unit cube and the triangular quantiles are taken here: SALib's own
    # "triang" refuses a peak at the top of the range (c = 1, a value at or past the range's
    # high end) and any range whose high end is negative, where scipy's triangular is defined.
    problem = {"num_vars": len(ps), "names": [p.name for p in ps], "bounds": [[0.0, 1.0]] * len(ps)}
    if method == "sobol":
        x = sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)
    else:
        x = morris_sample.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
    cols = _columns(params, x.shape[0])
    for j, (p, (lo, hi, c)) in enumerate(zip(ps, bounds)):
        cols[p.name] = np.clip(triang.ppf(x[:, j], c, loc=lo, scale=hi - lo), p.min, p.max)
    y = _evaluate(cols, years * 12, outcome, measure)
    mean, std = float(np.mean(y)), float(np.std(y))
    note = ""
    indices: list[GlobalIndex] = []
    if not std > 1e-12 * max(1.0, abs(mean)):
        note = "the outcome does not vary over these ranges: every index is 0"
        indices = [GlobalIndex(p.name, p.label, b[0], b[1], **(
            {"s1": 0.0, "s1_conf": 0.0, "st": 0.0, "st_conf": 0.0} if method == "sobol"
            else {"mu_star": 0.0, "mu_star_conf": 0.0, "sigma": 0.0})) for p, b in zip(ps, bounds)]
    elif method == "sobol":
        # SALib's Sobol analysis seeds its bootstrap only when ``seed`` is truthy (``if seed:``),
        # so a seed of 0 would give different confidence intervals on every call.
        r = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed + 1)
        indices = [GlobalIndex(p.name, p.label, b[0], b[1], s1=_finite(r["S1"][j]),
                               s1_conf=_finite(r["S1_conf"][j]), st=_finite(r["ST"][j]),
                               st_conf=_finite(r["ST_conf"][j]))
                   for j, (p, b) in enumerate(zip(ps, bounds))]
    else:
        r = morris_analyze.analyze(problem, x, y, num_levels=MORRIS_LEVELS, seed=seed)
        indices = [GlobalIndex(p.name, p.label, b[0], b[1], mu_star=_finite(r["mu_star"][j]),
                               mu_star_conf=_finite(r["mu_star_conf"][j]), sigma=_finite(r["sigma"][j]))
                   for j, (p, b) in enumerate(zip(ps, bounds))]
    key = (lambda i: i.st) if method == "sobol" else (lambda i: i.mu_star)
    indices.sort(key=lambda i: (-(key(i) if key(i) is not None else -math.inf), i.name))
    return GlobalSensitivity(outcome, od.label, od.unit, measure, method, years, int(x.shape[0]), seed,
                             mean, std, indices, note)


# ------------------------------------------------------------------------------ break-even
@dataclass
class Crossing:
    """A value of the parameter at which the outcome's measure equals the threshold."""

    value: float
    bracket_low: float  # the crossing lies in [bracket_low, bracket_high]
    bracket_high: float
    # "rises" or "falls" through the threshold as the parameter increases; "touches" when it
    # reaches the threshold without crossing (same side on both hands, or at an end of the range)
    direction: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BreakEven:
    param: str
    param_label: str
    param_unit: str
    outcome: str
    outcome_label: str
    outcome_unit: str
    measure: str
    threshold: float
    years: int
    min: float
    max: float
    given: float  # the parameter's value in the scenario
    at_given: float  # the outcome's measure there
    at_min: float
    at_max: float
    crossings: list[Crossing] = field(default_factory=list)
    everywhere: bool = False  # the measure equals the threshold across the whole range

    @property
    def found(self) -> bool:
        return bool(self.crossings)

    def message(self) -> str:
        what = f"{self.outcome} ({self.measure})"
        target = "zero" if self.threshold == 0 else f"{self.threshold:g}"
        if self.everywhere:
            return f"{what} is {target} for every {self.param} from {self.min:g} to {self.max:g}"
        if not self.crossings:
            side = "above" if self.at_min > self.threshold else "below"
            return (f"no crossing in range: {what} stays {side} {target} (from {self.at_min:.6g} to "
                    f"{self.at_max:.6g}) for {self.param} from {self.min:g} to {self.max:g}")
        parts = []
        for c in self.crossings:
            how = {"rises": "rising through it", "falls": "falling through it",
                   "touches": "touching it"}[c.direction]
            parts.append(f"{self.param} = {c.value:.6g} ({how} as {self.param} increases)")
        return f"{what} is {target} when " + "; and when ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in asdict(self).items() if k != "crossings"}
        return {"analysis": "breakeven", **d, "found": self.found, "message": self.message(),
                "crossings": [c.to_dict() for c in self.crossings]}


def _direction(before: float, after: float) -> str:
    """How the measure passes the threshold as the parameter increases (0 = no side known)."""
    if before <= 0 <= after and before != after:
        return "rises"
    if before >= 0 >= after and before != after:
        return "falls"
    return "touches"


def breakeven(values: dict[str, Any] | None, param: str, outcome: str, measure: str = "delta",
              years: int = 10, threshold: float = 0.0, points: int = BREAKEVEN_POINTS,
              lo: float | None = None, hi: float | None = None) -> BreakEven:
    """The values of numeric ``param`` within [lo, hi] (default: its declared [min, max]) at
    which ``outcome``'s measure crosses ``threshold`` (0: where the agreement's effect changes
    sign). ``search_range`` gives the range the tornado uses.

    Scans ``points`` evenly spaced values in one engine batch, then narrows every bracket where
    the sign changes: each round evaluates ``BREAKEVEN_SUBDIVISIONS`` points inside every
    bracket (all brackets in one batch), and finally interpolates linearly inside the last
    bracket. A scan cannot see a pair of crossings closer together than one grid step.
    """
    p = BY_NAME.get(param)
    if p is None:
        from .params import suggest

        hint = suggest(param)
        raise ParamError("param", param, "a numeric parameter name" + (f" (did you mean {hint!r}?)" if hint else ""))
    if not p.is_numeric:
        raise ParamError("param", param, "a numeric parameter (not an on/off or choice setting)")
    od = check_outcome(outcome)
    check_measure(measure)
    _check_years(years)
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not math.isfinite(threshold):
        raise ParamError("threshold", threshold, "a finite number")
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 3 <= points <= 10_001:
        raise ParamError("points", points, "an integer from 3 to 10001")
    params = resolve(values)
    months = years * 12
    lo, hi = _check_span(p, lo, hi)
    grid = np.linspace(lo, hi, points)
    xs = np.concatenate([grid, [float(params[param])]])
    cols = _columns(params, xs.shape[0])
    cols[param] = xs
    f = _evaluate(cols, months, outcome, measure) - threshold
    at_given = float(f[-1] + threshold)
    f = f[:-1]
    result = BreakEven(param, p.label, p.unit, outcome, od.label, od.unit, measure, float(threshold), years,
                       lo, hi, float(params[param]), at_given, float(f[0] + threshold), float(f[-1] + threshold))
    if np.all(f == 0):
        result.everywhere = True
        return result
    crossings: list[Crossing] = []
    brackets = []  # (x_left, x_right, f_left, f_right): a strict sign change inside
    i = 0
    while i < points:
        if f[i] == 0:  # a run of grid points exactly at the threshold
            j = i
            while j + 1 < points and f[j + 1] == 0:
                j += 1
            # it crosses only with a side on each hand; at an end of the range it just touches
            direction = _direction(f[i - 1], f[j + 1]) if i > 0 and j + 1 < points else "touches"
            crossings.append(Crossing(float(grid[i]), float(grid[i]), float(grid[j]), direction))
            i = j + 1
            continue
        if i + 1 < points and f[i] * f[i + 1] < 0:
            brackets.append((grid[i], grid[i + 1], f[i], f[i + 1]))
        i += 1
    for _ in range(BREAKEVEN_ROUNDS):
        if not brackets:
            break
        sub = np.array([np.linspace(a, b, BREAKEVEN_SUBDIVISIONS + 2)[1:-1] for a, b, _, _ in brackets])
        cols = _columns(params, sub.size)
        cols[param] = sub.ravel()
        fs = (_evaluate(cols, months, outcome, measure) - threshold).reshape(sub.shape)
        narrowed = []
        for (a, b, fa, fb), x_in, f_in in zip(brackets, sub, fs):
            xs_ = np.concatenate([[a], x_in, [b]])
            fs_ = np.concatenate([[fa], f_in, [fb]])
            zero = np.flatnonzero(fs_ == 0)
            if zero.size:  # landed exactly on it: keep the end values for the direction
                x0 = xs_[zero[0]]
                narrowed.append((x0, x0, fa, fb))
                continue
            j = int(np.flatnonzero(fs_[:-1] * fs_[1:] < 0)[0])
            narrowed.append((xs_[j], xs_[j + 1], fs_[j], fs_[j + 1]))
        brackets = narrowed
    for a, b, fa, fb in brackets:
        x = a if a == b else a + (b - a) * (fa / (fa - fb))
        crossings.append(Crossing(float(x), float(a), float(b), _direction(fa, fb)))
    crossings.sort(key=lambda c: c.value)
    result.crossings = crossings
    return result


# ------------------------------------------------------------------------------ ranges and movers
def _check_span(p: Param, lo: float | None, hi: float | None) -> tuple[float, float]:
    lo = float(p.min) if lo is None else lo
    hi = float(p.max) if hi is None else hi
    for name, x in (("lo", lo), ("hi", hi)):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x) or not p.min <= x <= p.max:
            raise ParamError(name, x, f"a number from {p.min:g} to {p.max:g}")
    if not lo < hi:
        raise ParamError("hi", hi, f"a number above lo ({lo:g})")
    return float(lo), float(hi)


def search_range(param: str, value: float) -> tuple[float, float]:
    """The range a break-even search scans by default: an uncertain assumption's low-high range
    widened to include ``value`` (the same range as its tornado bar), else the declared range."""
    p = BY_NAME[param]
    if p.uncertainty is not None and p.uncertainty[0] < p.uncertainty[2]:
        return _range(p, float(value))
    return float(p.min), float(p.max)


def movers(values: dict[str, Any] | None, outcome: str, measure: str = "delta", years: int = 10,
           points: int = 5) -> dict[str, float]:
    """How far ``outcome``'s measure moves as each numeric parameter runs over its
    ``search_range`` (``points`` evenly spaced values, everything else as given), in one engine
    batch: name -> max - min. A parameter whose value is 0 here cannot be the outcome's
    break-even driver (its curve is flat)."""
    check_outcome(outcome)
    check_measure(measure)
    _check_years(years)
    params = resolve(values)
    ps = [p for p in BY_NAME.values() if p.is_numeric]
    cols = _columns(params, points * len(ps))
    for i, p in enumerate(ps):
        lo, hi = search_range(p.name, params[p.name])
        cols[p.name][i * points:(i + 1) * points] = np.linspace(lo, hi, points)
    y = _evaluate(cols, years * 12, outcome, measure).reshape(len(ps), points)
    return {p.name: float(np.ptp(row)) for p, row in zip(ps, y)}
