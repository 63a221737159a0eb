"""Generated parts of docs/MODEL.md, so the documentation cannot drift from the code.

``python -m cli.docs`` rewrites every block between ``<!-- BEGIN NAME -->`` and
``<!-- END NAME -->`` in docs/MODEL.md; ``python -m cli.docs --check`` only reports (exit 1)
whether the file is out of date. Blocks:

* ``PARAMS``       - every parameter from the registry (unit, default, range, Monte Carlo range,
                     grade, source), one table per group;
* ``OUTCOMES``     - every outcome (unit, how its counterfactual is read, description);
* ``REPRODUCTION`` - the evidence cases of tests/test_evidence.py with the model's current
                     output beside each target;
* ``MONOTONIC``    - the monotonic relations tested in tests/test_properties.py;
* ``DRIVERS``      - which assumptions decide the answer in the central case (tornado swings
                     and break-even points from model/sensitivity.py).

The last two read the test modules (they are the single statement of those cases) and are
left unchanged when the tests are not present, e.g. in an installed copy of the package.
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import re
import sys
from pathlib import Path
from typing import Any, Callable

from model.outcomes import OUTCOMES
from model.params import GROUPS, REGISTRY, Param

ROOT = Path(__file__).resolve().parents[1]
MODEL_MD = ROOT / "docs" / "MODEL.md"
TESTS = ROOT / "tests"

KIND_WORDS = {"lever": "lever", "assumption": "assumption", "context": "context"}
OUTCOME_KIND_WORDS = {
    "level": "level (with minus without)",
    "difference": "difference (already with minus without)",
}


# ----------------------------------------------------------------------------- formatting
def cell(text: Any) -> str:
    """One markdown table cell: no pipes or line breaks."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def number(x: Any, integer: bool = False) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return "on" if x else "off"
    if isinstance(x, str):
        return x
    if integer or (isinstance(x, int)) or (float(x).is_integer() and abs(x) >= 1000):
        return f"{int(round(x)):,}"
    return f"{x:g}"


def value_text(p: Param, v: Any) -> str:
    if p.is_bool:
        return "on" if v else "off"
    if p.is_choice:
        return f"`{v}`"
    return number(v, p.integer)


def range_text(p: Param) -> str:
    if p.is_bool:
        return "off / on"
    if p.is_choice:
        return " / ".join(f"`{c}`" for c in p.choices)
    return f"{number(p.min, p.integer)} to {number(p.max, p.integer)}"


def uncertainty_text(p: Param) -> str:
    if not p.uncertainty:
        return "-"
    lo, mid, hi = p.uncertainty
    return f"{number(lo)} / {number(mid)} / {number(hi)}"


# ----------------------------------------------------------------------------- tables
def params_table(registry: tuple[Param, ...] = REGISTRY) -> str:
    """Every parameter, grouped as in the app: one markdown table per group."""
    out: list[str] = []
    for group, title in GROUPS.items():
        params = [p for p in registry if p.group == group]
        if not params:
            continue
        out.append(f"#### {title}\n")
        out.append("| parameter | kind | unit | default | allowed range | low / central / high | grade | source |")
        out.append("|---|---|---|---|---|---|---|---|")
        for p in params:
            out.append("| " + " | ".join(cell(x) for x in (
                f"`{p.name}`: **{p.label}**. {p.description}",
                KIND_WORDS.get(p.kind, p.kind),
                p.unit,
                value_text(p, p.default),
                range_text(p),
                uncertainty_text(p),
                p.grade,
                p.source,
            )) + " |")
        out.append("")
    unknown = [p.name for p in registry if p.group not in GROUPS]
    if unknown:  # never silently drop a parameter from the documentation
        raise ValueError(f"parameters with an unknown group: {unknown}")
    counts = {k: sum(p.kind == k for p in registry) for k in KIND_WORDS}
    n_unc = sum(p.uncertainty is not None for p in registry)
    out.append(
        f"{len(registry)} parameters: {counts['lever']} levers, {counts['assumption']} assumptions, "
        f"{counts['context']} context; {n_unc} carry a low / central / high range used for Monte Carlo "
        "draws (triangular) and the tornado."
    )
    return "\n".join(out)


def outcomes_table() -> str:
    out = ["| outcome | unit | read as | description |", "|---|---|---|---|"]
    for o in OUTCOMES:
        out.append("| " + " | ".join(cell(x) for x in (
            f"`{o.name}`: **{o.label}**", o.unit, OUTCOME_KIND_WORDS.get(o.kind, o.kind), o.description,
        )) + " |")
    return "\n".join(out)


def _load_test_module(name: str):
    path = TESTS / f"{name}.py"
    if not path.exists():
        return None
    if str(TESTS) not in sys.path:  # the test modules import their shared helpers (strategies.py)
        sys.path.insert(0, str(TESTS))
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def reproduction_table(cases=None) -> str | None:
    """The evidence cases with the model's current output. None when the tests are absent."""
    if cases is None:
        module = _load_test_module("test_evidence")
        if module is None:
            return None
        cases = module.CASES
    out = ["| case | published finding | source | inputs | target (accepted) | model | within |",
           "|---|---|---|---|---|---|---|"]
    n_ok = 0
    for c in cases:
        v = c.value()
        ok = c.lo <= v <= c.hi
        n_ok += ok
        out.append("| " + " | ".join(cell(x) for x in (
            f"`{c.id}`", c.claim, c.source, c.inputs, c.target, c.fmt.format(v), "yes" if ok else "**no**",
        )) + " |")
    out.append("")
    out.append(f"{len(cases)} cases; {n_ok} within their accepted range.")
    return "\n".join(out)


def monotonic_list(relations=None, conditions=None, examples=None) -> str | None:
    if relations is None:
        module = _load_test_module("test_properties")
        if module is None:
            return None
        relations, conditions = module.MONOTONIC, module.CONDITION_TEXT
        examples = module.MONO.max_examples
    conditions = conditions or {}
    labels = {p.name: p.label for p in REGISTRY}
    outcome_labels = {o.name: o.label for o in OUTCOMES}
    out = ["| moving this parameter | never | this outcome | condition |", "|---|---|---|---|"]
    for param, outcome, sign, condition in relations:
        p = next(p for p in REGISTRY if p.name == param)
        if p.is_bool:
            move = f"`{param}` off -> on"
        elif p.is_choice:
            order = {"screening": "universal -> targeted", "federal_terms": "pre2025 -> 2025"}
            move = f"`{param}` {order.get(param, '')}".strip()
        else:
            move = f"`{param}` up"
        out.append("| " + " | ".join(cell(x) for x in (
            f"{move} ({labels[param]})",
            "lowers" if sign > 0 else "raises",
            f"`{outcome}` ({outcome_labels[outcome]})",
            conditions.get(condition, condition or ""),
        )) + " |")
    out.append("")
    each = f"on {examples} random parameter sets" if examples else "on random parameter sets"
    out.append(f"{len(relations)} relations, each checked {each} drawn over the whole declared range of "
               "every parameter (hypothesis), with a random horizon of 1-10 years, moving one parameter "
               "at a time (both values of a switch, two random values of a number).")
    return "\n".join(out)


DRIVER_OUTCOMES = ("net_crime_change", "recorded_crime_change", "reporting_rate_immigrant_end",
                   "removals_additional", "cost_net_usd", "stop_disparity_ratio")
DRIVER_BARS = 5
BREAKEVENS = (("trust_erosion", "net_crime_change"), ("victimization_response", "net_crime_change"),
              ("offending_rate_serious", "net_crime_change"), ("reporting_trust_elasticity", "recorded_crime_change"))


def drivers_table() -> str | None:
    """Which assumptions decide the answer in the central case: the largest tornado swings of a
    few outcomes, and where some outcomes change sign. None if the sensitivity module is absent."""
    try:
        from model import sensitivity
    except ImportError:
        return None
    labels = {o.name: o.label for o in OUTCOMES}
    out = [f"Central case (registry defaults, 10 years), effect of the agreement (with minus without). "
           f"Each assumption moved alone from the low to the high end of its range; the {DRIVER_BARS} "
           "largest swings per outcome.", "",
           "| outcome | central | assumption (low -> high) | outcome at low | outcome at high |",
           "|---|---|---|---|---|"]
    for name in DRIVER_OUTCOMES:
        t = sensitivity.tornado({}, name)
        for i, b in enumerate(t.bars[:DRIVER_BARS]):
            out.append("| " + " | ".join(cell(x) for x in (
                f"`{name}` ({labels[name]})" if i == 0 else "",
                _sig(t.base) if i == 0 else "",
                f"`{b.name}` ({number(b.low)} -> {number(b.high)})",
                _sig(b.outcome_low), _sig(b.outcome_high),
            )) + " |")
    out += ["", "| outcome | assumption | its declared range | the effect changes sign at |",
            "|---|---|---|---|"]
    for param, name in BREAKEVENS:
        be = sensitivity.breakeven({}, param, name)
        where = ", ".join(f"{c.value:.3g} ({c.direction})" for c in be.crossings) or "no crossing in range"
        if be.everywhere:
            where = "zero everywhere"
        out.append("| " + " | ".join(cell(x) for x in (
            f"`{name}`", f"`{param}`", f"{number(be.min)} to {number(be.max)}", where)) + " |")
    return "\n".join(out)


def _sig(x: float) -> str:
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


BLOCKS: dict[str, Callable[[], str | None]] = {
    "PARAMS": params_table,
    "OUTCOMES": outcomes_table,
    "REPRODUCTION": reproduction_table,
    "MONOTONIC": monotonic_list,
    "DRIVERS": drivers_table,
}


# ----------------------------------------------------------------------------- the file
def render(text: str, blocks: dict[str, Callable[[], str | None]] = BLOCKS) -> str:
    """``text`` with every known generated block replaced by its current content."""
    for name, make in blocks.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n)(.*?)(<!-- END {name} -->)", re.S)
        if not pattern.search(text):
            continue
        body = make()
        if body is None:
            continue
        text = pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(3), text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cli.docs", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report whether docs/MODEL.md is up to date")
    ap.add_argument("--file", type=Path, default=MODEL_MD)
    args = ap.parse_args(argv)
    old = args.file.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        if new != old:
            print(f"{args.file} is out of date: run python -m cli.docs", file=sys.stderr)
            return 1
        return 0
    if new != old:
        args.file.write_text(new, encoding="utf-8")
        print(f"updated {args.file}")
    else:
        print(f"{args.file} is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
