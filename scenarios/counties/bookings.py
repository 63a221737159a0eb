"""Jail bookings per 1,000 residents from a user's own file (never shipped: the open sources
of county jail data, Vera's Incarceration Trends and BJS's, forbid redistribution).

Reads a CSV such as Vera's ``incarceration_trends.csv`` (one row per county and year, with
``fips``, ``year``, ``total_jail_adm`` and ``total_pop``), or any CSV with a FIPS column and
either a ``bookings_per_1000`` column or admissions and population columns; takes the latest
year that has both figures for the county. Pure Python (csv); the upload itself is capped by
the widget (``MAX_MB``), and rows are read one at a time.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

MAX_MB = 80  # Vera's county file is about 40 MB
FIPS_COLUMNS = ("fips", "county_fips", "fips_code", "geoid")
YEAR_COLUMNS = ("year",)
RATE_COLUMNS = ("bookings_per_1000",)
ADMISSION_COLUMNS = ("total_jail_adm", "jail_admissions", "admissions", "bookings")
POPULATION_COLUMNS = ("total_pop", "population", "resident_population")


class BookingsError(ValueError):
    """One line naming the field, the value and what is allowed (like ``model.ParamError``)."""

    def __init__(self, field: str, value: object, allowed: str):
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{field}: {value!r} is not allowed; expected {allowed}")


@dataclass(frozen=True)
class Bookings:
    value: float       # bookings per 1,000 residents per year
    year: str          # "" when the file has no year column
    admissions: float | None
    population: float | None


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    low = {h.strip().lower(): h for h in header}
    return next((low[n] for n in names if n in low), None)


def _num(text: str | None) -> float | None:
    try:
        x = float(str(text).replace(",", ""))
    except (TypeError, ValueError):
        return None
    return x if x == x and abs(x) != float("inf") else None


def read_bookings(data: bytes, fips: str) -> Bookings:
    """The county's bookings per 1,000 residents, from the latest year the file has."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    fcol = _pick(header, FIPS_COLUMNS)
    if fcol is None:
        raise BookingsError("file", ", ".join(header[:6]) or "no header",
                            "a CSV with a column named " + " or ".join(FIPS_COLUMNS))
    ycol, rcol = _pick(header, YEAR_COLUMNS), _pick(header, RATE_COLUMNS)
    acol, pcol = _pick(header, ADMISSION_COLUMNS), _pick(header, POPULATION_COLUMNS)
    if rcol is None and (acol is None or pcol is None):
        raise BookingsError("file", ", ".join(header[:6]),
                            "a bookings_per_1000 column, or admissions (" + " or ".join(
                                ADMISSION_COLUMNS) + ") and population (" + " or ".join(
                                POPULATION_COLUMNS) + ") columns")
    best: tuple | None = None
    for row in reader:
        code = str(row.get(fcol) or "").strip().split(".")[0]
        if code.zfill(5) != fips:
            continue
        year = str(row.get(ycol) or "").strip() if ycol else ""
        adm, pop = (_num(row.get(acol)) if acol else None), (_num(row.get(pcol)) if pcol else None)
        rate = _num(row.get(rcol)) if rcol else None
        if rate is None and adm is not None and pop:
            rate = 1000 * adm / pop
        if rate is None or rate < 0:
            continue
        key = (_num(year) or 0, year)
        if best is None or key > best[0]:
            best = (key, Bookings(rate, year, adm, pop))
    if best is None:
        raise BookingsError("fips", fips, "a row of the file for this county with bookings "
                                          "(or admissions and population) filled")
    return best[1]
