"""Read-only access to the county tables built by ``data/build_counties.py``.

Pure Python (csv, json): no Streamlit, no plotly, nothing from ``ui``; ``model/`` never
imports this. The tables are read once per process (``load()``, ``shapes()``), then shared.

    from scenarios.counties import load
    table = load()
    harris = table.get("48201")
    table.search("harris")          # name, "name, state" or a FIPS code
    table.agreements("48201")       # ICE's rows placed in the county
    table.statewide("TX")           # state agencies' agreements (no county)

How facts become model parameters: ``counties.mapping``.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# What a scenario or a link records beside a county's FIPS: the data it was filled from.
DATA_VINTAGE = "census2024-ice20260518"
ICE_AS_OF = "2026-05-18"
MODELS = ("JEM", "TFM", "WSO")  # the table's column prefixes, lower-cased
FIPS_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class ModelInfo:
    """One 287(g) model in one county: how many agencies, the first signing, its MOA link."""
    agencies: int
    first_signed: str  # ISO date
    moa: str  # "" where ICE lists the link as pending


@dataclass(frozen=True)
class County:
    fips: str
    name: str
    state: str  # postal code
    population: int
    foreign_born_share: float | None
    hispanic_share: float | None
    latin_america_born_share: float | None
    sworn_officers: int | None
    sworn_agencies: int | None
    models: dict[str, ModelInfo] = field(default_factory=dict)  # only models in force

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


@dataclass(frozen=True)
class Agreement:
    row: int
    state: str
    agency: str
    type: str
    county_listed: str
    model: str
    signed: str
    moa: str
    addendum: str
    fips: str
    placed_by: str
    note: str


def _float(s: str) -> float | None:
    return float(s) if s else None


def _int(s: str) -> int | None:
    return int(s) if s else None


def fold(text: str) -> str:
    """Lower-case ASCII words: how names are compared in a search."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s.replace("saint", "st")).split())


class Counties:
    """The county table (ordered by FIPS) and, on first use, the agreements."""

    def __init__(self, rows: list[County], data_dir: Path):
        self._rows = tuple(rows)
        self._by_fips = {c.fips: c for c in rows}
        self._dir = data_dir
        self._folded = tuple(fold(c.label) for c in rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        return iter(self._rows)

    def fips_codes(self) -> tuple[str, ...]:
        return tuple(c.fips for c in self._rows)

    def get(self, fips: str | None) -> County | None:
        return self._by_fips.get(str(fips)) if fips is not None else None

    def search(self, text: str, limit: int = 20) -> list[County]:
        """Counties whose FIPS starts with ``text`` or whose "name, state" contains its words."""
        q = str(text).strip()
        if FIPS_RE.match(q) or q.isdigit():
            return [c for c in self._rows if c.fips.startswith(q)][:limit]
        words = fold(q).split()
        if not words:
            return []
        hits = [c for c, f in zip(self._rows, self._folded) if all(w in f for w in words)]
        # Names that start with the first word come first ("harris" -> Harris County, TX).
        hits.sort(key=lambda c: (not fold(c.name).startswith(words[0]), c.fips))
        return hits[:limit]

    @lru_cache(maxsize=1)
    def _agreements(self) -> tuple[Agreement, ...]:
        with open(self._dir / "agreements.csv", encoding="utf-8", newline="") as f:
            return tuple(Agreement(**{**r, "row": int(r["row"])}) for r in csv.DictReader(f))

    def all_agreements(self) -> tuple[Agreement, ...]:
        return self._agreements()

    def agreements(self, fips: str) -> list[Agreement]:
        """ICE's rows placed in the county, in signing order."""
        return sorted((a for a in self._agreements() if a.fips == fips),
                      key=lambda a: (a.signed, a.model, a.agency))

    def statewide(self, state: str) -> list[Agreement]:
        """Agreements of the state's own agencies (statewide, in no county)."""
        return sorted((a for a in self._agreements()
                       if a.placed_by == "state" and _state_code(a.state) == state),
                      key=lambda a: (a.signed, a.model, a.agency))


def _state_code(name: str) -> str:
    return _STATE_CODES.get(name, "")


def read_counties(data_dir: Path = DATA_DIR) -> Counties:
    rows = []
    with open(data_dir / "counties.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            models = {m: ModelInfo(int(r[f"{m.lower()}_agencies"]), r[f"{m.lower()}_first_signed"],
                                   r[f"{m.lower()}_moa"])
                      for m in MODELS if r[f"{m.lower()}_agencies"]}
            rows.append(County(
                fips=r["fips"], name=r["name"], state=r["state"],
                population=int(r["population_2024"]),
                foreign_born_share=_float(r["foreign_born_share"]),
                hispanic_share=_float(r["hispanic_share"]),
                latin_america_born_share=_float(r["latin_america_born_share"]),
                sworn_officers=_int(r["sworn_officers"]), sworn_agencies=_int(r["sworn_agencies"]),
                models=models))
    return Counties(rows, data_dir)


@lru_cache(maxsize=1)
def load() -> Counties:
    """The shipped table, read once per process (about 30 ms)."""
    return read_counties(DATA_DIR)


@lru_cache(maxsize=1)
def shapes() -> dict:
    """The simplified county boundaries (GeoJSON, id = FIPS), read once per process."""
    return json.loads((DATA_DIR / "county_shapes.json").read_text(encoding="utf-8"))


_STATE_CODES = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA",
    "COLORADO": "CO", "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC",
    "FLORIDA": "FL", "GEORGIA": "GA", "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL",
    "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS", "KENTUCKY": "KY", "LOUISIANA": "LA",
    "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI", "MINNESOTA": "MN",
    "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV",
    "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY",
    "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK", "OREGON": "OR",
    "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
    "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA",
    "WASHINGTON": "WA", "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY",
}
