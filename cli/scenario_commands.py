"""Scenario sub-commands of ``python -m model`` and scenario-file loading.

Contract used by cli/main.py:

* ``register(subparsers)`` adds ``validate``, ``compare``, ``library`` and ``share``; each sets
  ``func`` (``args.func(args) -> int`` exit code) on its parser;
* ``load_values(path) -> dict`` reads a scenario file, or a preset stem such as
  ``critics-case``, and returns its resolved parameter values, raising ``ScenarioError`` (a
  ``ParamError``: field, value, allowed) on any problem.

Exit codes: 0 success, 2 invalid input (one line per problem on stderr: file, field, value,
what is allowed). The module also runs alone: ``python -m cli.scenario_commands validate FILE``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from model import outcomes as oc
from model.params import ParamError
from scenarios.files import (JURISDICTION_PRESETS, PROGRAM_PRESETS, ScenarioError, combine, dumps,
                             from_values, load_file, resolve_ref, show)
from scenarios.names import escape

EXIT_OK, EXIT_INVALID = 0, 2


def load_values(path: str) -> dict:
    """Resolved values of a scenario file or preset stem (e.g. ``critics-case``)."""
    return resolve_ref(path).values()


def _err(message: str) -> None:
    sys.stderr.write(escape(message) + "\n")  # one line, no escape codes reach the terminal


def _write_output(path: str, text: str) -> None:
    """Write an -o/--output file atomically; any problem is a one-line ScenarioError."""
    from scenarios.files import atomic_write_text

    try:
        atomic_write_text(path, text)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise ScenarioError("--output", path, f"a file path in an existing, writable folder ({why})") from None
    except ValueError as exc:  # e.g. NUL in the path
        raise ScenarioError("--output", path, f"a valid file path ({exc})") from None


def _problem(exc: Exception, source: str | None = None) -> str:
    if isinstance(exc, ScenarioError):
        if source and not exc.source:
            exc.with_source(source)
        return str(exc)
    if isinstance(exc, ParamError):
        return (f"{source}: " if source else "") + str(exc)
    return (f"{source}: " if source else "") + f"{exc.__class__.__name__}: {exc}"


# ----------------------------------------------------------------------------- validate
def cmd_validate(args) -> int:
    bad = 0
    for path in args.files:
        try:
            sc = load_file(path)
        except ScenarioError as exc:
            _err(_problem(exc, path))
            bad += 1
            continue
        if not args.quiet:
            print(f"ok  {escape(path)}  ({escape(repr(sc.name))}, {len(sc.parameters)} parameters set)")
    return EXIT_INVALID if bad else EXIT_OK


# ----------------------------------------------------------------------------- compare
def cmd_compare(args) -> int:
    from scenarios.compare import MAX_SCENARIOS, MIN_SCENARIOS, compare

    refs = args.scenarios
    if not MIN_SCENARIOS <= len(refs) <= MAX_SCENARIOS:
        _err(f"scenarios: {len(refs)} given is not allowed; expected {MIN_SCENARIOS} to {MAX_SCENARIOS} files or presets")
        return EXIT_INVALID
    items, used, bad = [], set(), 0
    for ref in refs:
        try:
            sc = resolve_ref(ref)
            values = combine(sc, args.jurisdiction) if args.jurisdiction else sc.values()
        except ScenarioError as exc:
            _err(_problem(exc, ref))
            bad += 1
            continue
        label = sc.name
        if label in used:
            label = f"{sc.name} ({os.path.basename(ref)})"
        n = 2
        while label in used:
            label, n = f"{sc.name} ({n})", n + 1
        used.add(label)
        items.append((label, values))
    if bad:
        return EXIT_INVALID
    try:
        result = compare(items, args.outcome, draws=args.draws, seed=args.seed, years=args.years)
    except ParamError as exc:
        _err(_problem(exc))
        return EXIT_INVALID
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, default=_json_default))
    else:
        shown = None if args.all_outcomes else _key_outcomes(args.outcome)
        sys.stdout.write(result.table(top=args.top, outcomes=shown))
    return EXIT_OK


def _key_outcomes(chosen: str) -> list[str]:
    keys = ["removals", "removals_additional", "reporting_rate_immigrant_end", "net_crime_change",
            "recorded_crime_change", "cost_net_usd", "stop_disparity_ratio"]
    return keys if chosen in keys else keys + [chosen]


def _json_default(x: Any) -> Any:
    import numpy as np

    if isinstance(x, np.generic):
        return x.item()
    raise TypeError(type(x).__name__)


# ----------------------------------------------------------------------------- library
def cmd_library(args) -> int:
    from scenarios.library import Library

    try:
        lib = Library(args.library)
        if lib.root.exists() and not lib.root.is_dir():
            raise ScenarioError("library", str(lib.root), "a folder (this path is a file)")
        if args.action == "list":
            entries, problems = lib.list()
            for e in entries:
                print(f"{e.id}  {e.updated}  {escape(e.name)}")
            for p in problems:
                _err(f"{lib.root / p.file}: {p.message}")
            return EXIT_OK
        if args.action == "save":
            sc = resolve_ref(args.file)
            if args.name:
                sc = sc.model_copy(update={"name": args.name})
                sc = type(sc).model_validate(sc.model_dump())
            print(lib.save(sc, overwrite=args.overwrite))
            return EXIT_OK
        if args.action == "import":
            try:
                with open(args.file, "rb") as fh:
                    data = fh.read(1 << 20)
            except OSError as exc:
                raise ScenarioError("file", args.file, f"a readable file ({exc.strerror})") from None
            try:
                print(lib.import_bytes(data, overwrite=args.overwrite))
            except ScenarioError as exc:
                raise exc.with_source(args.file) from None
            return EXIT_OK
        if args.action in ("show", "export"):
            text = lib.export(args.id)
            if getattr(args, "output", None):
                _write_output(args.output, text)
            else:
                sys.stdout.write(text)
            return EXIT_OK
        if args.action == "rename":
            lib.rename(args.id, args.name, overwrite=args.overwrite)
            return EXIT_OK
        if args.action == "duplicate":
            print(lib.duplicate(args.id, args.name))
            return EXIT_OK
        if args.action == "delete":
            lib.delete(args.id)
            return EXIT_OK
    except ScenarioError as exc:
        _err(_problem(exc))
        return EXIT_INVALID
    except OSError as exc:  # the library folder itself: unreadable, not writable, ...
        _err(f"library: {show(str(lib_root(args)))} is not allowed; expected a readable, writable folder "
             f"({exc.strerror or type(exc).__name__})")
        return EXIT_INVALID
    return EXIT_INVALID  # pragma: no cover


def lib_root(args) -> str:
    return args.library or os.environ.get("SIM287G_LIBRARY") or "library"


# ----------------------------------------------------------------------------- share
def cmd_share(args) -> int:
    from urllib.parse import parse_qs, urlsplit

    from scenarios import share

    try:
        if args.open:
            text = args.scenario
            query = urlsplit(text).query if ("?" in text or "://" in text) else text
            parsed = {k: v for k, v in parse_qs(query, keep_blank_values=True).items()}
            res = share.from_query(parsed)
            for note in res.notices:
                _err(f"notice: {note}")
            sc = from_values(args.name or "Shared scenario", res.values,
                             description="Opened from a share link.")
            text = dumps(sc)
            if args.output:
                _write_output(args.output, text)
            else:
                sys.stdout.write(text)
            return EXIT_OK
        values = load_values(args.scenario)
        extra = {k: v for k, v in (("lang", args.lang), ("page", args.page)) if v}
        print(share.to_url(values, base=args.base, **extra))
        return EXIT_OK
    except ScenarioError as exc:
        _err(_problem(exc, None if args.open else args.scenario))
        return EXIT_INVALID


# ----------------------------------------------------------------------------- wiring
def register(subparsers) -> None:
    """Add validate, compare, library and share; a name the main CLI already defines is skipped."""
    taken = set(getattr(subparsers, "choices", {}) or {})

    class _Sub:  # add_parser that leaves existing commands alone
        def add_parser(self, name, **kw):
            if name in taken:
                return argparse.ArgumentParser(prog=name, add_help=False)  # detached, unused
            return subparsers.add_parser(name, **kw)

    _register(_Sub())


def _register(subparsers) -> None:
    presets = ", ".join(PROGRAM_PRESETS)
    p = subparsers.add_parser("validate", help="check scenario files",
                              description="Check scenario files; exit 0 if all are valid, 2 otherwise "
                                          "(one line per bad file on stderr: file, field, value, allowed).")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("compare", help="compare 2-6 scenarios and explain the difference",
                              description="Compare 2 to 6 scenario files or presets (" + presets +
                                          "); the first is the reference. Shows the parameters that "
                                          "differ, the outcomes, and which parameters explain the gap "
                                          "in --outcome (Shapley values).")
    p.add_argument("scenarios", nargs="+", metavar="FILE")
    p.add_argument("--outcome", default="net_crime_change", choices=[o.name for o in oc.OUTCOMES],
                   metavar="NAME", help="outcome to explain (default net_crime_change)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--jurisdiction", choices=JURISDICTION_PRESETS, default=None,
                   help="apply a jurisdiction preset's context to every scenario")
    p.add_argument("--draws", type=int, default=0, help="Monte Carlo draws for p5/p95 (default 0)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--top", type=int, default=8, help="parameters shown in the attribution")
    p.add_argument("--all-outcomes", action="store_true", help="show every outcome in the table")
    p.set_defaults(func=cmd_compare)

    p = subparsers.add_parser("library", help="the saved-scenario library",
                              description="Saved scenarios in $SIM287G_LIBRARY (default ./library).")
    p.add_argument("--library", default=None, metavar="DIR", help="library folder")
    acts = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    acts.add_parser("list", help="list saved scenarios (problems on stderr)")
    a = acts.add_parser("save", help="save a scenario file or preset")
    a.add_argument("file", metavar="FILE")
    a.add_argument("--name", default=None, help="save under this name")
    a.add_argument("--overwrite", action="store_true", help="replace a scenario with the same name")
    a = acts.add_parser("import", help="import a scenario file")
    a.add_argument("file", metavar="FILE")
    a.add_argument("--overwrite", action="store_true")
    for name in ("show", "export"):
        a = acts.add_parser(name, help="print (or write) a saved scenario as TOML")
        a.add_argument("id")
        a.add_argument("-o", "--output", default=None)
    a = acts.add_parser("rename", help="rename a saved scenario")
    a.add_argument("id")
    a.add_argument("name")
    a.add_argument("--overwrite", action="store_true")
    a = acts.add_parser("duplicate", help="copy a saved scenario")
    a.add_argument("id")
    a.add_argument("name", nargs="?", default=None)
    a = acts.add_parser("delete", help="delete a saved scenario")
    a.add_argument("id")
    p.set_defaults(func=cmd_library)

    p = subparsers.add_parser("share", help="make or open a share link",
                              description="Print a share link for a scenario file or preset, or with "
                                          "--open turn a link (or its query string) back into a scenario file.")
    p.add_argument("scenario", metavar="FILE_OR_LINK")
    p.add_argument("--open", action="store_true", help="the argument is a link to open")
    p.add_argument("--base", default="", help="URL to put before the query, e.g. https://host/explore")
    p.add_argument("--lang", choices=("en", "es"), default=None)
    from scenarios.share import PAGES

    p.add_argument("--page", default=None, help="page the link opens (" + ", ".join(PAGES) + ")")
    p.add_argument("--name", default=None, help="name for the opened scenario")
    p.add_argument("-o", "--output", default=None, help="write the opened scenario here")
    p.set_defaults(func=cmd_share)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cli.scenario_commands")
    sub = ap.add_subparsers(dest="command", required=True)
    register(sub)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
