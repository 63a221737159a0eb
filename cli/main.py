"""Command line: ``python -m model {params,run,sensitivity,breakeven,validate,compare,...}``.

Thin: parses arguments, calls the model, prints. Exit 0 on success; 2 on bad input, with exactly
one line on stderr naming the field, the value and what is allowed (``ParamError``'s ``str``),
never a traceback. Scenario files (and the ``validate``/``compare``/``library``/``share``
sub-commands) come from ``cli.scenario_commands``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Sequence

from model import outcomes as oc
from model.params import REGISTRY, ParamError, coerce
from model.simulate import MAX_DRAWS, MAX_YEARS, MIN_YEARS

EXIT_OK, EXIT_INVALID = 0, 2


class UsageError(Exception):
    """An argument argparse refused; its message becomes the one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage and exit: one line instead
        raise UsageError(f"{self.prog}: {message}")


# ----------------------------------------------------------------------------- formatting
def num(x: Any) -> str:
    """A number for a table: thousands separators for counts and money, a few digits else."""
    if x is None:
        return "-"
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[bool] | None = None) -> str:
    cells = [[str(h) for h in headers]] + [[c if isinstance(c, str) else num(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    right = right or [False] * len(headers)
    lines = []
    for j, r in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if right[i] else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(x: Any) -> Any:
    import numpy as np

    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    raise TypeError(type(x).__name__)


# ----------------------------------------------------------------------------- inputs
def _int_option(field: str, raw: Any, lo: int, hi: int) -> int:
    try:
        value = int(str(raw).strip().replace("_", ""), 10)
    except ValueError:
        raise ParamError(field, raw, f"an integer from {lo} to {hi}") from None
    if not lo <= value <= hi:
        raise ParamError(field, raw, f"an integer from {lo} to {hi}")
    return value


def _float_option(field: str, raw: Any) -> float:
    import math

    try:
        value = float(str(raw).strip().replace("_", ""))
    except ValueError:
        raise ParamError(field, raw, "a finite number") from None
    if not math.isfinite(value):
        raise ParamError(field, raw, "a finite number")
    return value


def load_inputs(args) -> dict[str, Any]:
    """Parameter values from the optional scenario file (or preset), then every ``--set``."""
    values: dict[str, Any] = {}
    if getattr(args, "scenario", None):
        from cli.scenario_commands import load_values

        try:
            values = dict(load_values(args.scenario))
        except OSError as exc:  # the scenarios module reports its own problems as ParamError
            raise ParamError("scenario_file", args.scenario, f"a readable scenario file or preset name ({exc.strerror})") from None
    for item in getattr(args, "set", None) or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParamError("--set", item, "NAME=VALUE with a parameter name (the scenario file goes before --set)")
        values[name] = coerce(name, value)
    return values


def _required(args, option: str, allowed: str) -> str:
    value = getattr(args, option)
    if value is None:
        raise UsageError(f"--{option}: missing; expected {allowed}")
    return value


def _outcome(args) -> str:
    from model.sensitivity import check_outcome

    check_outcome(_required(args, "outcome", "one of " + ", ".join(oc.BY_NAME)))
    return args.outcome


def _years(args) -> int:
    return _int_option("years", args.years, MIN_YEARS, MAX_YEARS)


# ----------------------------------------------------------------------------- commands
def cmd_params(args) -> int:
    if args.format == "json":
        sys.stdout.write(_json([p.to_dict() for p in REGISTRY]))
        return EXIT_OK
    rows = []
    for p in REGISTRY:
        if p.choices is not None:
            allowed = " / ".join(str(c).lower() if isinstance(c, bool) else str(c) for c in p.choices)
        else:
            allowed = f"{num(p.min)} .. {num(p.max)}"
        default = str(p.default).lower() if isinstance(p.default, bool) else p.default
        unc = "" if p.uncertainty is None else f"{num(p.uncertainty[0])} .. {num(p.uncertainty[2])}"
        rows.append((p.name, p.kind, p.group, default, allowed, unc, p.unit, p.grade))
    sys.stdout.write(table(("name", "kind", "group", "default", "allowed", "uncertain range", "unit", "grade"), rows))
    return EXIT_OK


def cmd_run(args) -> int:
    from model.simulate import simulate

    draws = _int_option("draws", args.draws, 0, MAX_DRAWS)
    seed = _int_option("seed", args.seed, 0, 2**32 - 1)
    years = _years(args)
    values = load_inputs(args)
    res = simulate(values, draws=draws, seed=seed, years=years, bands=args.format == "csv")
    if args.format == "json":
        from model import MODEL_VERSION

        sys.stdout.write(_json({"model_version": MODEL_VERSION, **res.to_dict()}))
    elif args.format == "csv":
        sys.stdout.write(res.to_csv())
    else:
        headers = ["outcome", "with agreement"] + (["p5", "p95"] if draws else []) + ["without", "difference", "unit"]
        rows = []
        for o in res.outcomes.values():
            rows.append([o.name, o.value] + ([o.p5, o.p95] if draws else []) + [o.counterfactual, o.delta, o.unit])
        right = [False] + [True] * (len(headers) - 2) + [False]
        sys.stdout.write(f"{years} years, {draws} draws" + (f", seed {seed}" if draws else "") + "\n")
        sys.stdout.write(table(headers, rows, right))
    return EXIT_OK


def cmd_sensitivity(args) -> int:
    from model import sensitivity as sens

    years = _years(args)
    top = _int_option("top", args.top, 0, 10_000)
    _outcome(args)
    sens.check_measure(args.measure)
    values = load_inputs(args)
    if args.method == "tornado":
        result = sens.tornado(values, args.outcome, measure=args.measure, years=years)
        if args.format == "json":
            sys.stdout.write(_json(result.to_dict()))
            return EXIT_OK
        bars = result.bars[:top] if top else result.bars
        sys.stdout.write(f"{result.outcome} ({result.measure}, {result.outcome_unit}) over {years} years: "
                         f"{num(result.base)} with every assumption as given\n")
        rows = [(i + 1, b.name, b.low, b.high, b.outcome_low, b.outcome_high, b.swing) for i, b in enumerate(bars)]
        sys.stdout.write(table(("rank", "assumption", "low", "high", "outcome at low", "outcome at high", "swing"),
                               rows, (True, False, True, True, True, True, True)))
        return EXIT_OK
    samples = None if args.samples is None else _int_option("samples", args.samples, 2, 65_536)
    seed = _int_option("seed", args.seed, 0, 2**32 - 1)
    result = sens.global_sensitivity(values, args.outcome, method=args.method, measure=args.measure,
                                     years=years, samples=samples, seed=seed)
    if args.format == "json":
        sys.stdout.write(_json(result.to_dict()))
        return EXIT_OK
    idx = result.indices[:top] if top else result.indices
    sys.stdout.write(f"{result.method} for {result.outcome} ({result.measure}) over {years} years: "
                     f"{result.evaluations} runs, mean {num(result.mean)}, sd {num(result.std)}"
                     + (f"; {result.note}" if result.note else "") + "\n")
    if result.method == "sobol":
        rows = [(i + 1, g.name, g.s1, g.s1_conf, g.st, g.st_conf) for i, g in enumerate(idx)]
        sys.stdout.write(table(("rank", "assumption", "S1", "S1 ±", "ST", "ST ±"), rows,
                               (True, False, True, True, True, True)))
    else:
        rows = [(i + 1, g.name, g.mu_star, g.mu_star_conf, g.sigma) for i, g in enumerate(idx)]
        sys.stdout.write(table(("rank", "assumption", "mu*", "mu* ±", "sigma"), rows, (True, False, True, True, True)))
    return EXIT_OK


def cmd_breakeven(args) -> int:
    from model import sensitivity as sens

    years = _years(args)
    _required(args, "param", "a numeric parameter name (see: python -m model params)")
    _outcome(args)
    sens.check_measure(args.measure)
    threshold = _float_option("threshold", args.threshold)
    values = load_inputs(args)
    result = sens.breakeven(values, args.param, args.outcome, measure=args.measure, years=years,
                            threshold=threshold)
    if args.format == "json":
        sys.stdout.write(_json(result.to_dict()))
        return EXIT_OK
    sys.stdout.write(result.message() + "\n")
    rows = [(f"{result.param} = {num(result.min)} (min)", result.at_min),
            (f"{result.param} = {num(result.given)} (as given)", result.at_given),
            (f"{result.param} = {num(result.max)} (max)", result.at_max)]
    sys.stdout.write(table(("at", f"{result.outcome} ({result.measure})"), rows, (False, True)))
    return EXIT_OK


# ----------------------------------------------------------------------------- wiring
def _add_inputs(p: argparse.ArgumentParser, years: bool = True) -> None:
    p.add_argument("scenario", nargs="?", metavar="SCENARIO_FILE",
                   help="scenario file (TOML) or preset name; parameters not in it keep their defaults")
    p.add_argument("--set", nargs="+", action="extend", metavar="NAME=VALUE", default=[],
                   help="set a parameter (repeatable), applied after the scenario file")
    if years:
        p.add_argument("--years", default="10", help=f"horizon in years, {MIN_YEARS}-{MAX_YEARS} (default 10)")


def build_parser() -> argparse.ArgumentParser:
    from model import MODEL_VERSION

    ap = _Parser(prog="python -m model",
                 description="287(g) policy trade-off simulator: enforcement reach vs community reporting trust.")
    ap.add_argument("--version", action="version", version=f"model {MODEL_VERSION}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    outcome_names = ", ".join(o.name for o in oc.OUTCOMES)

    p = sub.add_parser("params", help="list every parameter with its range, unit, source and grade")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.set_defaults(func=cmd_params)

    p = sub.add_parser("run", help="run the model and its no-agreement counterfactual",
                       description="Run the model. JSON: every resolved parameter and each outcome's value, "
                                   "p5, p95 (equal to value with --draws 0), counterfactual and delta; "
                                   "csv: the monthly series.")
    _add_inputs(p)
    p.add_argument("--draws", default="0", help=f"Monte Carlo draws, 0-{MAX_DRAWS} (default 0)")
    p.add_argument("--seed", default="0", help="random seed (default 0)")
    p.add_argument("--format", choices=("json", "csv", "table"), default="table")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sensitivity", help="which assumption decides an outcome (tornado, Sobol, Morris)",
                       description="Rank the uncertain assumptions by their effect on one outcome. "
                                   "tornado: each assumption alone at the low and high end of its range; "
                                   "sobol / morris: all at once (SALib). Outcomes: " + outcome_names)
    _add_inputs(p)
    p.add_argument("--outcome", default=None, metavar="NAME", help="outcome to explain (required)")
    p.add_argument("--measure", default="delta", metavar="delta|value",
                   help="delta: with minus without the agreement (default); value: with the agreement")
    p.add_argument("--method", choices=("tornado", "sobol", "morris"), default="tornado")
    p.add_argument("--samples", default=None, help="Sobol base sample N (default 256) or Morris trajectories (64)")
    p.add_argument("--seed", default="0", help="random seed for sobol / morris (default 0)")
    p.add_argument("--top", default="0", help="show only the first N rows of the table (0: all)")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.set_defaults(func=cmd_sensitivity)

    p = sub.add_parser("breakeven", help="where an outcome changes sign as one parameter moves",
                       description="The value of --param within its declared range at which --outcome "
                                   "(by default its delta: with minus without the agreement) crosses "
                                   "--threshold (default 0), or 'no crossing in range'.")
    _add_inputs(p)
    p.add_argument("--param", default=None, metavar="NAME", help="numeric parameter to move (required)")
    p.add_argument("--outcome", default=None, metavar="NAME", help="outcome to watch (required)")
    p.add_argument("--measure", default="delta", metavar="delta|value")
    p.add_argument("--threshold", default="0", help="value to cross (default 0)")
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.set_defaults(func=cmd_breakeven)

    from cli.scenario_commands import register

    register(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except (ParamError, UsageError) as exc:
        sys.stdout.flush()
        sys.stderr.write(" ".join(str(exc).split()) + "\n")
        return EXIT_INVALID
    except BrokenPipeError:  # e.g. `python -m model run --format csv | head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
