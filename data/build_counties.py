"""Build the county tables the app ships with, from the raw public files (run by hand).

    python3 data/build_counties.py [--raw ../shared/data/counties] [--out data]

Reads the unmodified files in ``--raw`` (see its README.md), checks them against its
SHA256SUMS first, and writes, in ``--out``:

* ``counties.csv``   one row per county of the Census 2024 estimates (3,144): FIPS, name,
  state, population 2024, foreign-born share (ACS 2019-2023), Hispanic share (Census 2020),
  sworn officers (FBI roster), and per 287(g) model the number of agencies, the first signing
  date and that agreement's MOA link;
* ``agreements.csv`` one row per row of ICE's sheet (1,843), with the county it was placed in
  and how (``name``, ``roster``, ``fix``), or ``state`` for a state agency (statewide, no
  county), or ``unplaced``;
* ``unplaced.csv``   the agreement rows that could not be placed, with the reason;
* ``county_shapes.json`` simplified county boundaries for the map (``build_shapes.py``).

Placing an agreement, in this order: a row of the reviewed ``fixes.csv`` (state + agency ->
FIPS, each with its reason); the sheet's COUNTY column matched to a county name of the state;
a county named in the agency's own name ("Autauga County Sheriff's Office"); the agency found
in the FBI roster of the state (a city police department -> the roster's county). A state
agency (TYPE "State Agency") is kept statewide. Nothing is dropped.

Output is deterministic: rows sorted, numbers written with fixed precision, no timestamps.
Needs openpyxl (data/requirements.txt); the app never imports this file.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_RAW = ROOT.parent / "shared" / "data" / "counties"

ICE_FILE = "ice_participatingAgencies05182026am.xlsx"
ICE_AS_OF = "2026-05-18"
CENSUS_FILE = "co-est2024-alldata.csv"
ACS_FILE = "acs5_2023_county_profile_extended.json"
ERS_FILE = "ers_atlas_people_2023update.csv"
FBI_FILE = "fbi_lee_latest.csv"
ATLAS_FILE = "us-atlas_counties-10m.topojson.json"
VINTAGE = "2024"  # the county list and its FIPS codes: Census Vintage 2024 estimates

MODELS = {"warrant service officer": "WSO", "jail enforcement model": "JEM",
          "task force model": "TFM"}
MODEL_ORDER = ("JEM", "TFM", "WSO")
# Local agencies whose sworn officers count toward a county's (state police, other state
# agencies and federal agencies serve more than one county).
LOCAL_FBI_TYPES = {"City", "County", "University or College", "Other", "Tribal"}
# The FBI roster writes Nebraska as "NB" (its old code); "FS" marks federal agencies.
FBI_STATE_ALIASES = {"NB": "NE"}

STATES = {  # name -> (postal code, FIPS)
    "ALABAMA": ("AL", "01"), "ALASKA": ("AK", "02"), "ARIZONA": ("AZ", "04"),
    "ARKANSAS": ("AR", "05"), "CALIFORNIA": ("CA", "06"), "COLORADO": ("CO", "08"),
    "CONNECTICUT": ("CT", "09"), "DELAWARE": ("DE", "10"), "DISTRICT OF COLUMBIA": ("DC", "11"),
    "FLORIDA": ("FL", "12"), "GEORGIA": ("GA", "13"), "HAWAII": ("HI", "15"),
    "IDAHO": ("ID", "16"), "ILLINOIS": ("IL", "17"), "INDIANA": ("IN", "18"),
    "IOWA": ("IA", "19"), "KANSAS": ("KS", "20"), "KENTUCKY": ("KY", "21"),
    "LOUISIANA": ("LA", "22"), "MAINE": ("ME", "23"), "MARYLAND": ("MD", "24"),
    "MASSACHUSETTS": ("MA", "25"), "MICHIGAN": ("MI", "26"), "MINNESOTA": ("MN", "27"),
    "MISSISSIPPI": ("MS", "28"), "MISSOURI": ("MO", "29"), "MONTANA": ("MT", "30"),
    "NEBRASKA": ("NE", "31"), "NEVADA": ("NV", "32"), "NEW HAMPSHIRE": ("NH", "33"),
    "NEW JERSEY": ("NJ", "34"), "NEW MEXICO": ("NM", "35"), "NEW YORK": ("NY", "36"),
    "NORTH CAROLINA": ("NC", "37"), "NORTH DAKOTA": ("ND", "38"), "OHIO": ("OH", "39"),
    "OKLAHOMA": ("OK", "40"), "OREGON": ("OR", "41"), "PENNSYLVANIA": ("PA", "42"),
    "RHODE ISLAND": ("RI", "44"), "SOUTH CAROLINA": ("SC", "45"), "SOUTH DAKOTA": ("SD", "46"),
    "TENNESSEE": ("TN", "47"), "TEXAS": ("TX", "48"), "UTAH": ("UT", "49"),
    "VERMONT": ("VT", "50"), "VIRGINIA": ("VA", "51"), "WASHINGTON": ("WA", "53"),
    "WEST VIRGINIA": ("WV", "54"), "WISCONSIN": ("WI", "55"), "WYOMING": ("WY", "56"),
    "GUAM": ("GU", "66"), "NORTHERN MARIANA ISLANDS": ("MP", "69"), "PUERTO RICO": ("PR", "72"),
}
ABBR_BY_FIPS = {fips: abbr for abbr, fips in STATES.values()}

COUNTY_COLUMNS = (
    "fips", "name", "state", "population_2024", "foreign_born_share", "hispanic_share",
    "latin_america_born_share", "sworn_officers", "sworn_agencies",
    *(f"{m.lower()}_{what}" for m in MODEL_ORDER for what in ("agencies", "first_signed", "moa")),
)
AGREEMENT_COLUMNS = ("row", "state", "agency", "type", "county_listed", "model", "signed",
                     "moa", "addendum", "fips", "placed_by", "note")
UNPLACED_COLUMNS = ("row", "state", "agency", "type", "county_listed", "model", "reason")


class BuildError(Exception):
    """A raw file is missing, changed, or not what the build expects (one line)."""


# ----------------------------------------------------------------------------- checksums
def verify_checksums(raw: Path) -> list[str]:
    """Check every file listed in ``raw/SHA256SUMS``; returns the names checked."""
    sums = raw / "SHA256SUMS"
    if not sums.is_file():
        raise BuildError(f"{sums}: missing (the raw folder must carry its SHA256SUMS)")
    checked = []
    for line in sums.read_text(encoding="ascii").splitlines():
        if not line.strip():
            continue
        want, name = line.split(None, 1)
        name = name.strip().lstrip("*")
        path = raw / name
        if not path.is_file():
            raise BuildError(f"{path}: listed in SHA256SUMS but missing")
        got = hashlib.sha256(path.read_bytes()).hexdigest()
        if got != want:
            raise BuildError(f"{path}: SHA256 {got} differs from SHA256SUMS ({want}); "
                             "the build only reads the files the README describes")
        checked.append(name)
    return checked


# ----------------------------------------------------------------------------- names
def fold(text: str) -> str:
    """Lower-case ASCII with accents removed, '&' and 'saint' spelled alike, no punctuation."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    s = s.replace("&", " and ").replace("'", "")
    s = re.sub(r"\bsaint\b", "st", s)
    s = re.sub(r"\bste\b", "ste", s)
    return re.sub(r"[^a-z0-9]+", "", s)


COUNTY_SUFFIXES = (" county", " parish", " borough", " census area", " city and borough",
                   " municipality", " planning region")


def county_keys(name: str) -> set[str]:
    """Keys under which a county's name may appear ("Bethel Census Area" -> bethel too).
    "city" is never stripped: Virginia has Fairfax County and Fairfax city."""
    low = name.lower().strip()
    keys = {fold(low)}
    for suf in COUNTY_SUFFIXES:
        if low.endswith(suf):
            keys.add(fold(low[: -len(suf)]))
    return keys


AGENCY_WORDS = re.compile(
    r"\b(police|department|dept|sheriffs?|office|of|public|safety|marshals?|the|city|town|"
    r"village|township|borough|county|constables?|precinct|division|bureau|services?|"
    r"law|enforcement|agency|corrections?|correctional|detention|center|facility|jail|pd|so)\b")


def agency_key(name: str) -> str:
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    s = s.replace("'", "").replace("’", "")
    s = re.sub(r"\bsaint\b", "st", s)
    s = re.sub(r"\bmt\b", "mount", s)
    s = re.sub(r"\bft\b", "fort", s)
    s = AGENCY_WORDS.sub(" ", s)
    return re.sub(r"[^a-z0-9]+", "", s)


# ----------------------------------------------------------------------------- readers
def read_census(raw: Path) -> dict[str, dict]:
    out = {}
    with open(raw / CENSUS_FILE, encoding="latin-1", newline="") as f:
        for r in csv.DictReader(f):
            if r["SUMLEV"] != "050":
                continue
            fips = r["STATE"] + r["COUNTY"]
            out[fips] = {"fips": fips, "name": r["CTYNAME"], "state": ABBR_BY_FIPS[r["STATE"]],
                         "population_2024": int(r["POPESTIMATE2024"])}
    return out


def read_acs(raw: Path) -> dict[str, float]:
    """FIPS -> foreign-born share (DP02_0094PE / 100); missing or suppressed values skipped."""
    rows = json.loads((raw / ACS_FILE).read_text(encoding="utf-8"))
    head = rows[0]
    i_fb, i_st, i_co = head.index("DP02_0094PE"), head.index("state"), head.index("county")
    out = {}
    for r in rows[1:]:
        try:
            v = float(r[i_fb])
        except (TypeError, ValueError):
            continue
        if 0 <= v <= 100:
            out[r[i_st] + r[i_co]] = v / 100
    return out


def read_ers(raw: Path) -> tuple[dict[str, float], dict[str, float]]:
    """FIPS -> Hispanic share, Census 2020 (HispanicNum2020 / TotalPop2020), and FIPS ->
    share born in Latin America (Central America with Mexico, South America, the Caribbean;
    ACS 5-year, ForeignBornCentralSouthAmNum + ForeignBornCaribNum over TotalPopACS)."""
    out, latam = {}, {}
    with open(raw / ERS_FILE, encoding="latin-1", newline="") as f:
        for r in csv.DictReader(f):
            fips = r["FIPS"].zfill(5)
            if fips.endswith("000"):
                continue
            try:
                num, pop = float(r["HispanicNum2020"]), float(r["TotalPop2020"])
            except (TypeError, ValueError):
                continue
            if pop > 0 and 0 <= num <= pop:
                out[fips] = num / pop
            try:
                born = float(r["ForeignBornCentralSouthAmNum"]) + float(r["ForeignBornCaribNum"])
                acs_pop = float(r["TotalPopACS"])
            except (TypeError, ValueError):
                continue
            if acs_pop > 0 and 0 <= born <= acs_pop:
                latam[fips] = born / acs_pop
    return out, latam


@dataclass
class Roster:
    """The FBI roster: sworn officers per county, and agency name -> counties per state."""
    officers: dict[str, int] = field(default_factory=dict)
    agencies: dict[str, int] = field(default_factory=dict)
    by_name: dict[tuple[str, str], list[tuple[str, str, str]]] = field(
        default_factory=lambda: defaultdict(list))  # (state, key) -> [(fips, type, name)]
    unmatched_counties: Counter = field(default_factory=Counter)


def read_fbi(raw: Path, county_index: dict[tuple[str, str], str]) -> Roster:
    roster = Roster()
    with open(raw / FBI_FILE, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            st = FBI_STATE_ALIASES.get(r["state_abbr"], r["state_abbr"])
            names = [c.strip() for c in r["county_name"].split(",")]
            fips = [county_index.get((st, fold(n))) for n in names if n]
            first = fips[0] if fips else None
            if first is None and names and names[0] not in ("NOT SPECIFIED", "UNMAPPED COUNTY"):
                roster.unmatched_counties[(st, names[0])] += 1
            if first is not None:
                roster.by_name[(st, agency_key(r["pub_agency_name"]))].append(
                    (first, r["agency_type_name"], r["pub_agency_name"]))
                if r["agency_type_name"] in LOCAL_FBI_TYPES:
                    try:
                        n = int(r["officer_ct"])
                    except ValueError:
                        n = 0
                    roster.officers[first] = roster.officers.get(first, 0) + n
                    roster.agencies[first] = roster.agencies.get(first, 0) + 1
    return roster


def read_ice(raw: Path) -> list[dict]:
    import openpyxl  # only the build needs it (data/requirements.txt)

    wb = openpyxl.load_workbook(raw / ICE_FILE, read_only=False)
    ws = wb.worksheets[0]
    it = ws.iter_rows()
    head = [str(c.value or "").strip().upper() for c in next(it)]
    col = {name: head.index(name) for name in ("STATE", "LAW ENFORCEMENT AGENCY", "TYPE",
                                               "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA",
                                               "ADDENDUM")}
    out = []
    for cells in it:
        def val(name):
            v = cells[col[name]].value
            return v.strip() if isinstance(v, str) else v

        def link(name):
            h = cells[col[name]].hyperlink
            return (h.target or "").strip() if h is not None else ""

        if val("LAW ENFORCEMENT AGENCY") in (None, ""):
            continue
        signed = val("SIGNED")
        model_raw = (val("SUPPORT TYPE") or "").lower()
        out.append({
            "row": cells[0].row,
            "state": re.sub(r"\s+", " ", (val("STATE") or "").upper()),
            "agency": re.sub(r"\s+", " ", val("LAW ENFORCEMENT AGENCY")),
            "type": (val("TYPE") or "").title(),
            "county_listed": re.sub(r"\s+", " ", str(val("COUNTY") or "")),
            "model": MODELS.get(model_raw, model_raw),
            "signed": signed.date().isoformat() if hasattr(signed, "date") else str(signed or ""),
            "moa": link("MOA"),
            "addendum": link("ADDENDUM"),
        })
    return out


def read_fixes(path: Path) -> dict[tuple[str, str], dict]:
    """(STATE, agency) -> {fips, reason}; every row must give a reason."""
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        for i, r in enumerate(csv.DictReader(f), start=2):
            key = (r["state"].strip().upper(), r["agency"].strip())
            if not r.get("reason", "").strip():
                raise BuildError(f"{path.name} line {i}: a fix needs a reason")
            if key in out:
                raise BuildError(f"{path.name} line {i}: {key} is listed twice")
            out[key] = {"fips": r["fips"].strip(), "reason": r["reason"].strip()}
    return out


# ----------------------------------------------------------------------------- placing
def county_index(census: dict[str, dict]) -> dict[tuple[str, str], str]:
    """(state code, name key) -> FIPS, for every key that names a single county of its state."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in census.values():
        for k in county_keys(c["name"]):
            seen[(c["state"], k)].add(c["fips"])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


NAMED_COUNTY = re.compile(r"^(.+?)\s+(county|parish)\b", re.I)


def place(row: dict, index, roster: Roster, fixes) -> tuple[str, str, str]:
    """(fips, placed_by, note) for one agreement row; fips is "" unless placed in a county."""
    state = STATES.get(row["state"])
    fix = fixes.get((row["state"], row["agency"]))
    if fix is not None:
        return fix["fips"], ("fix" if fix["fips"] else "unplaced"), fix["reason"]
    if state is None:
        return "", "unplaced", f"{row['state'] or 'no state'}: not a state in the county tables"
    st = state[0]
    if row["type"] == "State Agency":
        return "", "state", "state agency: statewide, not one county"
    listed = row["county_listed"]
    if listed and not listed.startswith("#"):
        fips = next((index[(st, k)] for k in sorted(county_keys(listed)) if (st, k) in index), None)
        if fips:
            return fips, "name", ""
    m = NAMED_COUNTY.match(row["agency"])
    if m:
        fips = index.get((st, fold(m.group(1))))
        if fips:
            return fips, "name", "county named in the agency's name"
    cands = roster.by_name.get((st, agency_key(row["agency"])), [])
    want = {"Municipality": {"City"}, "County": {"County"}}.get(row["type"], set())
    typed = [c for c in cands if c[1] in want] or cands
    found = sorted({c[0] for c in typed})
    if len(found) == 1:
        return found[0], "roster", f"FBI roster: {typed[0][2]} ({typed[0][1]})"
    if len(found) > 1:
        return "", "unplaced", "FBI roster: the name matches agencies in " + ", ".join(found)
    return "", "unplaced", f"county listed as {listed or 'blank'!r}; agency not found in the FBI roster"


# ----------------------------------------------------------------------------- tables
def fmt_share(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def csv_text(columns, rows) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


@dataclass
class Build:
    counties: list[dict]
    agreements: list[dict]
    unplaced: list[dict]
    how: Counter  # placed_by -> agreement rows
    notes: list[str]


def build_tables(raw: Path, fixes_path: Path) -> Build:
    census = read_census(raw)
    index = county_index(census)
    acs, (ers, latam) = read_acs(raw), read_ers(raw)
    roster = read_fbi(raw, index)
    fixes = read_fixes(fixes_path)
    agreements = []
    for row in read_ice(raw):
        fips, how, note = place(row, index, roster, fixes)
        if fips and fips not in census:
            raise BuildError(f"{fixes_path.name}: {row['agency']} placed in {fips}, "
                             "which is not a county of the Census 2024 estimates")
        agreements.append({**row, "fips": fips, "placed_by": how, "note": note})
    agreements.sort(key=lambda a: a["row"])
    conflicts = []  # placed by the sheet's county, where the roster names another county
    for a in agreements:
        if a["placed_by"] == "name" and a["type"] == "Municipality":
            cands = roster.by_name.get((STATES[a["state"]][0], agency_key(a["agency"])), [])
            found = sorted({c[0] for c in cands if c[1] == "City"})
            if len(found) == 1 and found[0] != a["fips"]:
                conflicts.append(f"row {a['row']} {a['agency']}: sheet {a['fips']}, roster {found[0]}")
    used = {(a["state"], a["agency"]) for a in agreements}
    stale = sorted(k for k in fixes if k not in used)
    if stale:
        raise BuildError(f"{fixes_path.name}: no agreement row for {stale[0]} (remove the fix)")

    per: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for a in agreements:
        if a["fips"] and a["model"] in MODEL_ORDER:
            per[(a["fips"], a["model"])].append(a)
    counties = []
    for fips in sorted(census):
        c = census[fips]
        row = {**c, "foreign_born_share": fmt_share(acs.get(fips)),
               "hispanic_share": fmt_share(ers.get(fips)),
               "latin_america_born_share": fmt_share(latam.get(fips)),
               "sworn_officers": roster.officers.get(fips, ""),
               "sworn_agencies": roster.agencies.get(fips, "")}
        for m in MODEL_ORDER:
            rows = sorted(per.get((fips, m), []), key=lambda a: (a["signed"] or "9999", a["row"]))
            row[f"{m.lower()}_agencies"] = len({a["agency"] for a in rows}) or ""
            row[f"{m.lower()}_first_signed"] = rows[0]["signed"] if rows else ""
            row[f"{m.lower()}_moa"] = rows[0]["moa"] if rows else ""
        counties.append(row)
    unplaced = [{**a, "reason": a["note"]} for a in agreements if a["placed_by"] == "unplaced"]
    notes = [
        f"placed by the sheet's county where the FBI roster names another ({len(conflicts)}; "
        "a city can span counties, the sheet is kept): " + ("; ".join(conflicts) or "none"),
        f"foreign-born share missing for {sum(1 for f in census if f not in acs)} counties",
        f"Hispanic share missing for {sum(1 for f in census if f not in ers)} counties: "
        + ", ".join(sorted(f for f in census if f not in ers)),
        f"sworn officers missing for {sum(1 for f in census if f not in roster.officers)} counties",
        "FBI roster county names not matched: "
        + (", ".join(f"{s}:{n} ({k})" for (s, n), k in sorted(roster.unmatched_counties.items()))
           or "none"),
    ]
    return Build(counties, agreements, unplaced, Counter(a["placed_by"] for a in agreements), notes)


def write_outputs(b: Build, out: Path, raw: Path) -> dict[str, int]:
    """Write the tables (and the map shapes); returns file name -> bytes."""
    from build_shapes import build_shapes  # same folder

    out.mkdir(parents=True, exist_ok=True)
    files = {
        "counties.csv": csv_text(COUNTY_COLUMNS, b.counties),
        "agreements.csv": csv_text(AGREEMENT_COLUMNS, b.agreements),
        "unplaced.csv": csv_text(UNPLACED_COLUMNS, b.unplaced),
        "county_shapes.json": build_shapes(raw / ATLAS_FILE, {c["fips"] for c in b.counties}),
    }
    sizes = {}
    for name, text in files.items():
        data = text.encode("utf-8")
        tmp = out / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out / name)  # atomic: never a half-written table
        sizes[name] = len(data)
    return sizes


def report(b: Build, sizes: dict[str, int]) -> str:
    lines = [f"counties: {len(b.counties)} (Census Vintage {VINTAGE})",
             f"agreement rows: {len(b.agreements)} (ICE sheet of {ICE_AS_OF})"]
    for how in ("name", "roster", "fix", "state", "unplaced"):
        lines.append(f"  placed by {how:<8} {b.how.get(how, 0):>5}")
    models = Counter()
    for c in b.counties:
        for m in MODEL_ORDER:
            if c[f"{m.lower()}_agencies"]:
                models[m] += 1
    lines.append("counties with each model: "
                 + ", ".join(f"{m} {models[m]}" for m in MODEL_ORDER))
    lines.append("unplaced:")
    for u in b.unplaced:
        lines.append(f"  row {u['row']}: {u['state']} / {u['agency']} / {u['model']}: {u['reason']}")
    lines.extend(b.notes)
    lines.append("files: " + ", ".join(f"{n} {s:,} bytes" for n, s in sizes.items()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of the raw files")
    ap.add_argument("--out", type=Path, default=HERE, help="where the tables are written")
    ap.add_argument("--fixes", type=Path, default=HERE / "fixes.csv",
                    help="reviewed placements (state, agency, fips, reason)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    try:
        checked = verify_checksums(args.raw)
        print(f"checksums: {len(checked)} files match SHA256SUMS")
        b = build_tables(args.raw, args.fixes)
        sizes = write_outputs(b, args.out, args.raw)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(report(b, sizes))
    shapes = {f["id"] for f in json.loads((args.out / "county_shapes.json").read_text())["features"]}
    table = {c["fips"] for c in b.counties}
    print("map: counties without a shape (choose them from the list): "
          + ", ".join(sorted(table - shapes)))
    print("map: shapes of no county in the table (drawn grey): " + ", ".join(sorted(shapes - table)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
