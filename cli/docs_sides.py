"""Generated parts of docs/MODEL.md for Model 2 (issue 13): the design table (does program
design decide the size of the effects?) and "what each side needs to believe" (break-even runs
of the assumptions that decide the sign of the change in crimes committed)."""
from __future__ import annotations

from model import simulate, sensitivity
from model.params import BY_NAME

DESIGN_RUNS = (
    ("`wso-only`, 1 officer, warrant share 0.1", "wso-only", {"officers_wso": 1, "wso_warrant_share": 0.1}),
    ("`jem-universal`", "jem-universal", {}),
    ("`jem-universal`, additionality 0 (jail and street)", "jem-universal",
     {"additionality": 0.0, "tfm_additionality": 0.0}),
    ("... and announcement effect 0", "jem-universal",
     {"additionality": 0.0, "tfm_additionality": 0.0, "announcement_effect": 0.0}),
    ("`jem-targeted`", "jem-targeted", {}),
    ("`tfm-2025`", "tfm-2025", {}),
    ("`tfm-2025`, no arrests and no hours", "tfm-2025",
     {"tfm_arrests_per_officer_month": 0.0, "tfm_hours_per_officer_month": 0.0}),
)
SIDE_PARAMS = ("offending_rate_serious", "offending_rate_minor", "additionality", "transfer_to_removal",
               "reentry_share", "trust_erosion", "fear_persistence", "victimization_response")
SIDE_OUTCOME = "net_crime_change"


def _preset(stem: str) -> dict:
    from scenarios import files

    return files.presets()[stem].values()


def _n(x: float) -> str:
    return f"{x:+,.0f}" if abs(x) >= 10 else f"{x:+.3g}"


def design_table() -> str:
    rows = ["| run (mid county, 10 years, as set) | transfers | additional | trust change | "
            "share of universal JEM's trust harm | crimes committed | police-recorded | net local cost |",
            "|---|---|---|---|---|---|---|---|"]
    jem = simulate(_preset("jem-universal"), bands=False)["trust_immigrant_end"].delta
    for label, stem, extra in DESIGN_RUNS:
        r = simulate({**_preset(stem), **extra}, bands=False)
        t = r["trust_immigrant_end"].delta
        rows.append("| " + " | ".join((
            label, f"{r['removals'].value:,.0f}", f"{r['removals_additional'].value:,.0f}", f"{t:+.3f}",
            f"{t / jem:.2f}" if jem else "-", _n(r["net_crime_change"].value),
            _n(r["recorded_crime_change"].value), f"${r['cost_net_usd'].value:,.0f}")) + " |")
    return "\n".join(rows)


def _crossing(values: dict, param: str) -> str:
    be = sensitivity.breakeven(values, param, SIDE_OUTCOME)
    if be.everywhere:
        return "zero everywhere"
    if not be.crossings:
        return "none: always " + ("a harm" if be.at_min > 0 else "a benefit")
    parts = []
    for c in be.crossings:
        way = {"rises": "harm above", "falls": "benefit above", "touches": "touches"}[c.direction]
        parts.append(f"{c.value:.3g} ({way})")
    return ", ".join(parts)


def sides_table() -> str:
    starts = (("central case", _preset("evidence-central")), ("program's case", _preset("program-case")),
              ("critics' case", _preset("critics-case")))
    head = "| assumption (range) | " + " | ".join(
        f"{name}: value; where crimes committed change sign" for name, _ in starts) + " |"
    rows = [f"Each row moves one assumption over its whole declared range with everything else as "
            f"in that column's scenario (mid county, universal JEM, 10 years) and reports where "
            f"the agreement's effect on crimes committed (`{SIDE_OUTCOME}`) changes sign.", "",
            head, "|---|" + "---|" * len(starts)]
    for param in SIDE_PARAMS:
        p = BY_NAME[param]
        cells = [f"`{param}` ({p.min:g}-{p.max:g})"]
        for _, values in starts:
            cells.append(f"{values[param]:g}; {_crossing(values, param)}")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
