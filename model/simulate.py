"""The model's one entry point: ``simulate(values, draws=0, seed=0, years=10)``.

Column 0 of every batch is the central run (the values as given); with ``draws > 0`` the
uncertain assumptions are then drawn ``draws`` times from triangular distributions over their
(low, central, high) ranges, re-centred on the value given. Each column runs twice, with the
agreement and without it (every program model off), and outcomes are paired per draw.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import outcomes as oc
from .engine import Engine
from .params import BY_NAME, PROGRAM_FLAGS, REGISTRY, ParamError, resolve

MIN_YEARS, MAX_YEARS = 1, 10
MAX_DRAWS = 100_000
CHUNK_DRAWS = 4096  # draws per engine batch: bounds memory (10,000 draws stay well under 300 MB)
BAND_DRAWS = 1000  # draws used for the monthly p5/p50/p95 bands (outcomes use every draw)
PERCENTILES = (5.0, 50.0, 95.0)
BAND_BLOCK_ELEMENTS = 32_768  # (month, column) cells per block when computing bands


@dataclass
class Band:
    """A monthly series: the central run and, when drawn, its p5 / p50 / p95."""

    value: np.ndarray
    p5: np.ndarray
    p50: np.ndarray
    p95: np.ndarray


@dataclass
class OutcomeResult:
    name: str
    label: str
    unit: str
    value: float
    p5: float
    p50: float
    p95: float
    counterfactual: float
    delta: float
    delta_p5: float
    delta_p95: float
    # the number to print as the headline: the median of the draws when there are draws (it
    # always lies inside p5..p95), else the run with every assumption as set
    delta_p50: float = float("nan")
    headline: float = float("nan")
    headline_delta: float = float("nan")
    headline_kind: str = "as_set"  # "median" (of the draws) or "as_set"

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Results:
    params: dict[str, Any]
    years: int
    draws: int
    seed: int
    outcomes: dict[str, OutcomeResult]
    series: dict[str, Band]  # with the agreement
    baseline: dict[str, Band]  # without it (the counterfactual)
    samples: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # outcome values per draw

    @property
    def months(self) -> int:
        return self.years * 12

    def __getitem__(self, name: str) -> OutcomeResult:
        return self.outcomes[name]

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameters": dict(self.params),
            "years": self.years,
            "draws": self.draws,
            "seed": self.seed,
            "outcomes": {k: v.to_dict() for k, v in self.outcomes.items()},
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per month: every series with the agreement, its band, and without it."""
        out = []
        for m in range(self.months):
            row: dict[str, Any] = {"month": m + 1}
            for name, band in self.series.items():
                row[name] = float(band.value[m])
                if self.draws:
                    row[f"{name}_p5"] = float(band.p5[m])
                    row[f"{name}_p95"] = float(band.p95[m])
                row[f"{name}_no_agreement"] = float(self.baseline[name].value[m])
            out.append(row)
        return out

    def to_csv(self) -> str:
        rows = self.rows()
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()

    def to_frame(self):
        import pandas as pd  # only here: the model itself needs numpy alone

        return pd.DataFrame(self.rows())


def check_run_options(draws: int, years: int, seed: int) -> None:
    for field_, value, lo, hi in (("draws", draws, 0, MAX_DRAWS), ("years", years, MIN_YEARS, MAX_YEARS),
                                  ("seed", seed, 0, 2**32 - 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
            raise ParamError(field_, value, f"an integer from {lo} to {hi}")


def sample(values: dict[str, Any], draws: int, seed: int) -> dict[str, np.ndarray]:
    """Column arrays for every parameter: column 0 central, then ``draws`` random draws."""
    rng = np.random.default_rng(seed)
    n = draws + 1
    cols: dict[str, np.ndarray] = {}
    for p in REGISTRY:
        v = values[p.name]
        if p.is_bool:
            cols[p.name] = np.full(n, float(v))
        elif p.name == "screening":
            cols["screening_targeted"] = np.full(n, float(v == "targeted"))
        elif p.name == "federal_terms":
            cols["terms_2025"] = np.full(n, float(v == "2025"))
        else:
            col = np.full(n, float(v))
            if draws and p.uncertainty is not None:
                lo, _, hi = p.uncertainty
                lo, hi = min(lo, v), max(hi, v)
                if hi > lo:
                    col[1:] = np.clip(rng.triangular(lo, v, hi, size=draws), p.min, p.max)
            cols[p.name] = col
    if draws:
        _joint(cols, values)
    return cols


def _joint(cols: dict[str, np.ndarray], values: dict[str, Any]) -> None:
    """Assumptions calibrated to the same figure are drawn jointly, not independently.

    The erosion rate, the reporting elasticity and the half-saturation point are calibrated
    together to one figure: the fall in reporting under a broad jail program (Gonçalves et al.).
    That response is proportional to ``trust_erosion * elasticity * F(REFERENCE_DOSE)``, so a
    draw of the elasticity or the half-saturation point is paired with an erosion rate that keeps
    the response where the erosion rate's own draw puts it (its own range is the study's
    interval); extremes of the three then do not compound."""
    from .params import REFERENCE_DOSE

    el_set = float(values["reporting_trust_elasticity"])
    h_set = float(values["fear_half_saturation"])
    el, h = cols["reporting_trust_elasticity"][1:], cols["fear_half_saturation"][1:]
    factor = np.divide(el_set, el, out=np.zeros_like(el), where=el > 1e-9) * ((REFERENCE_DOSE + h) / (REFERENCE_DOSE + h_set))
    if el_set == 0.0:
        factor = np.ones_like(el)
    p = BY_NAME["trust_erosion"]
    cols["trust_erosion"][1:] = np.clip(cols["trust_erosion"][1:] * factor, p.min, p.max)


def _without(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The counterfactual columns: the same draws with every program model off."""
    return {k: np.zeros_like(v) if k in PROGRAM_FLAGS else v for k, v in cols.items()}


def _take(cols: dict[str, np.ndarray], idx) -> dict[str, np.ndarray]:
    return {k: v[idx] for k, v in cols.items()}


def _chunks(n: int, first: int = 0):
    """Column slices of at most CHUNK_DRAWS columns; the first one ``first`` wide if given."""
    start = 0
    if first:
        yield slice(0, first)
        start = first
    while start < n:
        yield slice(start, min(start + CHUNK_DRAWS, n))
        start += CHUNK_DRAWS


def _run(cols: dict[str, np.ndarray], months: int, band_cols: int = 0):
    """Outcome values per column with and without the agreement, in bounded-memory chunks; and
    the monthly bands of the first ``band_cols`` columns (computed from the same engine run).
    The counterfactual runs as its own batch: with every program model off nothing changes over
    time, which the engine detects and then computes one month instead of every month."""
    n = next(iter(cols.values())).shape[0]
    with_parts, without_parts = [], []
    bands = ({}, {})
    for part in _chunks(n, min(band_cols, n)):
        chunk = _take(cols, part)
        keep = bool(band_cols) and part.start == 0
        with_engine = Engine(chunk, months, keep_series=keep)
        without_engine = Engine(_without(chunk), months, keep_series=keep)
        if keep:
            bands = _engine_bands(with_engine), _engine_bands(without_engine)
        with_parts.append(oc.compute(with_engine))
        without_parts.append(oc.compute(without_engine))
    if len(with_parts) == 1:
        return with_parts[0], without_parts[0], bands
    join = lambda parts: {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    return join(with_parts), join(without_parts), bands


def run_columns(cols: dict[str, np.ndarray], months: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Raw outcome values per column, with and without the agreement, in bounded-memory chunks."""
    with_, without, _ = _run(cols, months)
    return with_, without


def percentiles(arr: np.ndarray, q=PERCENTILES) -> np.ndarray:
    """``np.percentile(arr, q, axis=-1)`` (method "linear"), bit for bit, for finite data.

    numpy partitions along the first axis after moving it there, which is slow for many rows;
    sorting each row along the contiguous last axis (SIMD sort) and interpolating exactly as
    numpy does is several times faster. Shape: ``(len(q),) + arr.shape[:-1]``.
    """
    n = arr.shape[-1]
    virtual = (n - 1) * np.true_divide(np.asarray(q, dtype=float), 100)
    kth = np.unique(np.concatenate([np.floor(virtual), np.minimum(np.floor(virtual) + 1, n - 1)]).astype(np.intp))
    if n > 64 and kth.size < n // 8:  # only the order statistics needed (exact, so the same result)
        return percentiles_sorted(np.partition(arr, kth, axis=-1), q)
    return percentiles_sorted(np.sort(arr, axis=-1), q)


def percentiles_sorted(s: np.ndarray, q=PERCENTILES) -> np.ndarray:
    """``percentiles`` of data already sorted along its last axis."""
    n = s.shape[-1]
    qs = np.true_divide(np.asarray(q, dtype=float), 100)
    virtual = (n - 1) * qs
    prev = np.floor(virtual).astype(np.intp)
    nxt = prev + 1
    above = virtual >= n - 1
    prev[above] = -1
    nxt[above] = -1
    gamma = (virtual - prev).reshape((-1,) + (1,) * (s.ndim - 1))
    a = np.moveaxis(s[..., prev], -1, 0)
    b = np.moveaxis(s[..., nxt], -1, 0)
    diff = b - a
    out = a + diff * gamma
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)
    return out


def _engine_bands(engine: Engine) -> dict[str, Band]:
    """Monthly bands of every series of one engine: column 0 is the central run, p5/p50/p95
    come from the other columns (all of a series' months sorted in one call)."""
    series = engine.series()
    out: dict[str, Band] = {}
    months = engine.months
    for name, arr in series.items():
        central = arr[:, 0].copy()
        if engine.columns > 1 and engine.static:  # every month is the first: one set of percentiles
            q = np.repeat(percentiles(arr[:1, 1:]), months, axis=1)
            out[name] = Band(central, q[0], q[1], q[2])
        elif engine.columns > 1:
            q = percentiles(arr[:, 1:])
            out[name] = Band(central, q[0], q[1], q[2])
        else:
            out[name] = Band(central, central, central, central)
    return out


def simulate(values: dict[str, Any] | None = None, draws: int = 0, seed: int = 0, years: int = 10,
             bands: bool = True) -> Results:
    """Run the model. ``values`` may be sparse: missing parameters take registry defaults."""
    check_run_options(draws, years, seed)
    params = resolve(values)
    months = years * 12
    cols = sample(params, draws, seed)
    band_cols = min(draws + 1, BAND_DRAWS + 1) if bands else 0
    with_, without, (series, baseline) = _run(cols, months, band_cols)
    names = [od.name for od in oc.OUTCOMES]
    pairs = [oc.pair(name, with_[name], without[name]) for name in names]
    values_ = np.stack([v for v, _ in pairs])
    deltas = values_ - np.stack([cf for _, cf in pairs])
    if draws:
        q = percentiles(values_[:, 1:])
        dq = percentiles(deltas[:, 1:])
    else:
        q = np.repeat(values_[None, :, 0], 3, axis=0)
        dq = np.repeat(deltas[None, :, 0], 3, axis=0)
    results: dict[str, OutcomeResult] = {}
    samples: dict[str, np.ndarray] = {}
    for i, od in enumerate(oc.OUTCOMES):
        value, cf = pairs[i]
        samples[od.name] = value[1:] if draws else value
        results[od.name] = OutcomeResult(
            od.name, od.label, od.unit, float(value[0]), float(q[0, i]), float(q[1, i]), float(q[2, i]),
            float(cf[0]), float(deltas[i, 0]), float(dq[0, i]), float(dq[2, i]),
            float(dq[1, i]),
            float(q[1, i]) if draws else float(value[0]),
            float(dq[1, i]) if draws else float(deltas[i, 0]),
            "median" if draws else "as_set",
        )
    return Results(params, years, draws, seed, results, series, baseline, samples)


def program_active(values: dict[str, Any]) -> bool:
    return any(bool(values.get(f, BY_NAME[f].default)) for f in PROGRAM_FLAGS)
