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
CHUNK_DRAWS = 2048  # draws per engine batch: bounds memory (10,000 draws stay well under 300 MB)
BAND_DRAWS = 1000  # draws used for the monthly p5/p50/p95 bands (outcomes use every draw)
PERCENTILES = (5.0, 50.0, 95.0)


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
    return cols


def _stack(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Agreement columns then counterfactual columns (same draws, every program model off)."""
    out = {}
    for k, v in cols.items():
        other = np.zeros_like(v) if k in PROGRAM_FLAGS else v
        out[k] = np.concatenate([v, other])
    return out


def _take(cols: dict[str, np.ndarray], idx) -> dict[str, np.ndarray]:
    return {k: v[idx] for k, v in cols.items()}


def run_columns(cols: dict[str, np.ndarray], months: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Raw outcome values per column, with and without the agreement, in bounded-memory chunks."""
    n = next(iter(cols.values())).shape[0]
    with_parts, without_parts = [], []
    for start in range(0, n, CHUNK_DRAWS):
        chunk = _take(cols, slice(start, start + CHUNK_DRAWS))
        k = next(iter(chunk.values())).shape[0]
        raw = oc.compute(Engine(_stack(chunk), months))
        with_parts.append({name: v[:k] for name, v in raw.items()})
        without_parts.append({name: v[k:] for name, v in raw.items()})
    join = lambda parts: {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    return join(with_parts), join(without_parts)


def _bands(cols: dict[str, np.ndarray], months: int, draws: int) -> tuple[dict[str, Band], dict[str, Band]]:
    n = draws + 1
    idx = np.arange(min(n, BAND_DRAWS + 1))
    engine = Engine(_stack(_take(cols, idx)), months)
    k = idx.shape[0]
    series, baseline = {}, {}
    for name, arr in engine.series().items():
        for target, part in ((series, arr[:, :k]), (baseline, arr[:, k:])):
            central = np.array(part[:, 0], dtype=float)
            if k > 1:
                p5, p50, p95 = np.percentile(part[:, 1:], PERCENTILES, axis=1)
            else:
                p5 = p50 = p95 = central
            target[name] = Band(central, p5, p50, p95)
    return series, baseline


def simulate(values: dict[str, Any] | None = None, draws: int = 0, seed: int = 0, years: int = 10,
             bands: bool = True) -> Results:
    """Run the model. ``values`` may be sparse: missing parameters take registry defaults."""
    check_run_options(draws, years, seed)
    params = resolve(values)
    months = years * 12
    cols = sample(params, draws, seed)
    with_, without = run_columns(cols, months)
    results: dict[str, OutcomeResult] = {}
    samples: dict[str, np.ndarray] = {}
    for od in oc.OUTCOMES:
        value, cf = oc.pair(od.name, with_[od.name], without[od.name])
        delta = value - cf
        if draws:
            p5, p50, p95 = np.percentile(value[1:], PERCENTILES)
            d5, d95 = np.percentile(delta[1:], (PERCENTILES[0], PERCENTILES[2]))
        else:
            p5 = p50 = p95 = value[0]
            d5 = d95 = delta[0]
        samples[od.name] = value[1:] if draws else value
        results[od.name] = OutcomeResult(
            od.name, od.label, od.unit, float(value[0]), float(p5), float(p50), float(p95),
            float(cf[0]), float(delta[0]), float(d5), float(d95),
        )
    series, baseline = _bands(cols, months, draws) if bands else ({}, {})
    return Results(params, years, draws, seed, results, series, baseline, samples)


def program_active(values: dict[str, Any]) -> bool:
    return any(bool(values.get(f, BY_NAME[f].default)) for f in PROGRAM_FLAGS)
