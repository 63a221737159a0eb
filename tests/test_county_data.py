"""County tables (issue 16): the build from the raw public files, the loader and the mapping
from facts to parameters.

Figures are checked against the raw files themselves, read here independently of the build
(Census CSV, ACS JSON, ICE's sheet); the build is run twice into temporary folders and must give
the same bytes, equal to the committed tables.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RAW = ROOT.parent / "shared" / "data" / "counties"
DATA = ROOT / "data"
BUILD = DATA / "build_counties.py"
OUTPUTS = ("counties.csv", "agreements.csv", "unplaced.csv", "county_shapes.json")

from scenarios import counties  # noqa: E402
from scenarios.counties import mapping  # noqa: E402
from model import params as P  # noqa: E402

needs_raw = pytest.mark.skipif(not (RAW / "SHA256SUMS").is_file(),
                               reason=f"raw county files not at {RAW}")


def _build_module():
    sys.path.insert(0, str(DATA))
    import build_counties  # noqa: E402

    return build_counties


def _raw_census() -> dict[str, dict]:
    with open(RAW / "co-est2024-alldata.csv", encoding="latin-1", newline="") as f:
        return {r["STATE"] + r["COUNTY"]: r for r in csv.DictReader(f) if r["SUMLEV"] == "050"}


def _raw_acs() -> dict[str, str]:
    rows = json.loads((RAW / "acs5_2023_county_profile_extended.json").read_text())
    i, s, c = rows[0].index("DP02_0094PE"), rows[0].index("state"), rows[0].index("county")
    return {r[s] + r[c]: r[i] for r in rows[1:]}


def _raw_ice_rows() -> list[tuple]:
    import openpyxl

    ws = openpyxl.load_workbook(RAW / "ice_participatingAgencies05182026am.xlsx").worksheets[0]
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]]


# ----------------------------------------------------------------------------- raw figures
@needs_raw
@pytest.mark.parametrize("fips", ["48201", "06037", "12086", "48301", "09110", "51610"])
def test_population_and_foreign_born_match_the_raw_files(fips):
    census, acs = _raw_census(), _raw_acs()
    c = counties.load().get(fips)
    assert c is not None
    assert c.population == int(census[fips]["POPESTIMATE2024"])
    assert c.name == census[fips]["CTYNAME"]
    assert c.foreign_born_share == pytest.approx(float(acs[fips]) / 100, abs=5e-5)


@needs_raw
def test_every_census_county_is_in_the_table_once():
    census = _raw_census()
    table = counties.load()
    assert sorted(table.fips_codes()) == sorted(census)
    assert len(table) == len(census) == 3144


def test_connecticut_has_its_planning_regions_not_the_legacy_counties():
    ct = [c for c in counties.load() if c.state == "CT"]
    assert sorted(c.fips for c in ct) == [f"09{n}" for n in range(110, 200, 10)]
    # The Census 2020 Hispanic share exists only by legacy county: left blank, not guessed.
    assert all(c.hispanic_share is None for c in ct)
    assert all(c.foreign_born_share is not None and c.population > 0 for c in ct)
    assert mapping.missing(ct[0]) == ["latino_citizen_share"]


# ----------------------------------------------------------------------------- agreements
@needs_raw
def test_every_agreement_row_is_placed_or_listed_as_unplaced():
    raw = _raw_ice_rows()
    rows = counties.load().all_agreements()
    assert len(rows) == len(raw) == 1843
    table = counties.load()
    with open(DATA / "unplaced.csv", encoding="utf-8", newline="") as f:
        unplaced = {int(r["row"]) for r in csv.DictReader(f)}
    for a in rows:
        if a.placed_by in ("name", "roster", "fix"):
            assert table.get(a.fips) is not None, a
        elif a.placed_by == "state":
            assert a.fips == "" and a.type == "State Agency"
        else:
            assert a.placed_by == "unplaced" and a.row in unplaced, a
    assert unplaced == {a.row for a in rows if a.placed_by == "unplaced"}
    # The same agencies and models as the sheet, row by row.
    for a, r in zip(rows, raw):
        assert a.agency == " ".join(str(r[1]).split())
        assert a.model == {"warrant service officer": "WSO", "jail enforcement model": "JEM",
                           "task force model": "TFM"}[str(r[4]).strip().lower()]


def test_misspelled_counties_and_cities_land_in_the_right_county():
    by_row = {(a.agency, a.county_listed): a for a in counties.load().all_agreements()}
    want = {  # (agency, county as ICE spells it) -> FIPS of the county meant
        ("Franklin County Sheriff's Office", "Frankin County"): "01059",   # Franklin Co., AL
        ("Bunnell Police Department", "Flager County"): "12035",           # Flagler Co., FL
        ("Angola Police Department", "Stueben County"): "18151",           # Steuben Co., IN
        ("Berrian County Sheriff's Office", "Berrian County"): "26021",    # Berrien Co., MI
        ("Mesa Police Department", "#N/A"): "04013",                       # Maricopa Co., AZ
    }
    for key, fips in want.items():
        assert by_row[key].fips == fips, by_row[key]
    doc = by_row[("Arkansas Department of Corrections", "Pulaksi County")]
    assert doc.placed_by == "state" and doc.fips == ""


def test_county_rows_summarise_their_agreements():
    table = counties.load()
    per: dict[tuple[str, str], list] = {}
    for a in table.all_agreements():
        if a.fips:
            per.setdefault((a.fips, a.model), []).append(a)
    for c in table:
        for m in counties.MODELS:
            rows = per.get((c.fips, m), [])
            if not rows:
                assert m not in c.models
                continue
            info = c.models[m]
            assert info.agencies == len({a.agency for a in rows})
            assert info.first_signed == min(a.signed for a in rows if a.signed)
    counts = {m: sum(1 for c in table if m in c.models) for m in counties.MODELS}
    assert counts == {m: len({f for f, mm in per if mm == m}) for m in counties.MODELS}
    assert all(counts[m] > 100 for m in counties.MODELS)


def test_fixes_each_give_a_reason_and_a_real_county():
    table = counties.load()
    with open(DATA / "fixes.csv", encoding="utf-8", newline="") as f:
        fixes = list(csv.DictReader(f))
    assert fixes
    for r in fixes:
        assert len(r["reason"]) > 20
        assert r["fips"] == "" or table.get(r["fips"]) is not None


# ----------------------------------------------------------------------------- the build
@needs_raw
def test_the_build_is_deterministic_and_the_committed_tables_are_current(tmp_path):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        done = subprocess.run([sys.executable, str(BUILD), "--raw", str(RAW), "--out", str(out)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outs.append(out)
    assert "checksums: 12 files match SHA256SUMS" in done.stdout
    for line in ("placed by name", "placed by roster", "placed by fix", "placed by unplaced"):
        assert line in done.stdout
    for f in OUTPUTS:
        a, b = (outs[0] / f).read_bytes(), (outs[1] / f).read_bytes()
        assert a == b, f"{f}: two builds differ"
        assert a == (DATA / f).read_bytes(), f"data/{f} is not what the build gives: rebuild it"


@needs_raw
def test_a_changed_raw_file_stops_the_build(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "fbi_lee_latest.csv"
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[-2] ^= 1
    path.write_bytes(bytes(data))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(BUILD), "--raw", str(raw), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "fbi_lee_latest.csv" in done.stderr and "SHA256" in done.stderr
    assert not out.exists()  # nothing written


@needs_raw
def test_checksums_are_verified_against_the_files():
    b = _build_module()
    names = b.verify_checksums(RAW)
    assert len(names) == 12
    for line in (RAW / "SHA256SUMS").read_text().splitlines():
        want, name = line.split()
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == want


# ----------------------------------------------------------------------------- shapes
def test_map_shapes_are_light_and_cover_the_table():
    path = DATA / "county_shapes.json"
    assert path.stat().st_size < 1_000_000
    shapes = counties.shapes()
    ids = [f["id"] for f in shapes["features"]]
    assert len(ids) == len(set(ids))
    table = set(counties.load().fips_codes())
    no_shape = table - set(ids)
    # Documented in data/README.md: CT planning regions, Alaska's 2019 split, Falls Church.
    assert no_shape == {f"09{n}" for n in range(110, 200, 10)} | {"02063", "02066", "51610"}
    for f in shapes["features"]:
        rings = ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon"
                 else f["geometry"]["coordinates"])
        for poly in rings:
            for ring in poly:
                assert len(ring) >= 4 and ring[0] == ring[-1]


# ----------------------------------------------------------------------------- the mapping
def test_facts_fill_the_jurisdiction_parameters():
    harris = counties.load().get("48201")
    vals = mapping.context_values(harris)
    assert vals["population"] == harris.population
    assert vals["immigrant_share"] == pytest.approx(harris.foreign_born_share)
    assert vals["latino_citizen_share"] == pytest.approx(
        harris.hispanic_share - harris.latin_america_born_share, abs=1e-4)
    assert 0 < vals["latino_citizen_share"] < harris.hispanic_share
    assert set(vals) <= {f.parameter for f in mapping.FACTS}
    P.resolve(vals)  # valid parameter values


def test_a_fact_outside_the_model_range_is_clamped_and_said_so():
    loving = counties.load().get("48301")  # Loving County, TX: the smallest
    fill = mapping.fills(loving)["population"]
    assert loving.population < P.BY_NAME["population"].min
    assert fill.clamped and fill.value == P.BY_NAME["population"].min
    assert fill.raw == loving.population


def test_every_fact_names_its_source_and_approximation():
    for f in mapping.FACTS:
        assert f.source and f.year and f.approximation and f.transformation
    kept = {p.name for p in mapping.national_defaults()}
    assert {"bookings_per_1000", "victimization_rate", "reporting_baseline_other"} <= kept
    assert not kept & {f.parameter for f in mapping.FACTS}


def test_search_by_name_or_fips():
    table = counties.load()
    assert [c.fips for c in table.search("48201")] == ["48201"]
    assert "48201" in [c.fips for c in table.search("Harris")]
    assert [c.fips for c in table.search("harris tx")][:2] == ["48201", "48203"]  # + Harrison
    assert "35013" in [c.fips for c in table.search("dona ana")]  # Doña Ana County, NM


def test_matching_preset_follows_the_models_in_force():
    table = counties.load()
    stems = ("no-agreement", "wso-only", "jem-universal", "tfm-2025")
    assert mapping.matching_preset(table.get("48201"), stems) == "tfm-2025"
    none = next(c for c in table if not c.models)
    assert mapping.matching_preset(none, stems) == "no-agreement"
    wso = next(c for c in table if set(c.models) == {"WSO"})
    assert mapping.matching_preset(wso, stems) == "wso-only"


@needs_raw
def test_the_latin_america_column_includes_mexico():
    """The US-born Hispanic approximation subtracts ERS's Central/South America column plus the
    Caribbean one; it must already hold the Mexican-born (ACS counts Mexico in Central
    America), or Mexican immigrants would be counted as Latino citizens."""
    with open(RAW / "ers_atlas_people_2023update.csv", encoding="latin-1", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not r["FIPS"].endswith("000")]
    checked = 0
    for r in rows:
        try:
            mex, csa = float(r["ForeignBornMexNum"]), float(r["ForeignBornCentralSouthAmNum"])
        except ValueError:
            continue
        assert mex <= csa + 0.5, r["FIPS"]
        checked += 1
    assert checked > 3000


# ----------------------------------------------------------------------------- own bookings file
def test_bookings_from_a_vera_style_file_take_the_latest_year():
    from scenarios.counties.bookings import read_bookings

    text = ("yfips,year,fips,state,county_name,total_pop,total_jail_adm\n"
            "4820101970,1970,48201,TX,Harris County,1700000,\n"
            "4820102017,2017,48201,TX,Harris County,4600000,115000\n"
            "4820102018,2018,48201,TX,Harris County,4700000,117500\n"
            "0100102018,2018,1001,AL,Autauga County,55000,2200\n")
    got = read_bookings(text.encode(), "48201")
    assert got.year == "2018" and got.value == pytest.approx(1000 * 117500 / 4700000)
    assert read_bookings(text.encode(), "01001").value == pytest.approx(40.0)  # FIPS "1001"


@pytest.mark.parametrize("text, field", [
    ("a,b\n1,2\n", "file"),                                   # no FIPS column
    ("fips,year,total_pop\n48201,2018,10\n", "file"),         # no bookings column
    ("fips,bookings_per_1000\n48113,30\n", "fips"),           # no row for the county
    ("fips,bookings_per_1000\n48201,n/a\n", "fips"),          # no usable figure
])
def test_a_bookings_file_that_cannot_be_used_names_the_field(text, field):
    from scenarios.counties.bookings import BookingsError, read_bookings

    with pytest.raises(BookingsError) as err:
        read_bookings(text.encode(), "48201")
    assert err.value.field == field and "expected" in str(err.value)


# ----------------------------------------------------------------------------- share links
def test_share_links_carry_a_county_and_check_its_form():
    from model import defaults
    from scenarios import share
    from scenarios.files import ScenarioError

    q = share.to_query(defaults(), c="48201", cd=counties.DATA_VINTAGE)
    assert q["c"] == "48201" and q["cd"] == counties.DATA_VINTAGE
    assert share.from_query(q).extra == {"c": "48201", "cd": counties.DATA_VINTAGE}
    assert "c" not in share.from_query(share.to_query(defaults())).extra  # optional
    for bad in ("4820", "48201x", "../x"):
        with pytest.raises(ScenarioError) as err:
            share.from_query({**q, "c": bad})
        assert err.value.field == "c" and "FIPS" in str(err.value)
