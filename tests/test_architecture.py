"""The layers point one way (docs/ARCHITECTURE.md): app.py -> ui/pages -> (UI kit, ui/charts)
-> scenarios -> model, with the command line (cli/) on top of scenarios and model.

Every module's imports are read with ``ast`` (those inside functions too: a lazy import is
still an arrow), resolved to the project's modules, and checked against the rules below; the
graph of project modules must have no circle. ``ROOT`` may point at another checkout (the
environment variable ``ARCH_ROOT``), so the test can be run against an older commit.
"""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("ARCH_ROOT") or Path(__file__).resolve().parents[1])
PACKAGES = ("model", "scenarios", "rooms", "cli", "ui")  # the project's code, besides app.py
MAX_LINES = 600
# Entry-point shims allowed one upward import: ``python -m model`` runs the command line.
# Nothing imports them (checked below).
ENTRY_SHIMS = {"model.__main__": {"cli.main"}}
# Drawing libraries. (pandas is not among them: ``Results.to_frame`` builds a DataFrame for
# analysts, importing pandas only when called.)
THIRD_PARTY_UI = ("streamlit", "plotly")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    """Project modules (model, scenarios, cli, ui, app) and the benchmarks, by dotted name."""
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            out[_module_name(path)] = path
    if (ROOT / "app.py").exists():
        out["app"] = ROOT / "app.py"
    for path in sorted((ROOT / "benchmarks").glob("*.py")):
        out[_module_name(path)] = path
    return out


SOURCES = _sources()
PROJECT = {name for name in SOURCES if not name.startswith("benchmarks")}


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (absolute dotted names), anywhere in the file. ``from X
    import Y`` counts as importing ``X.Y`` when that is a module, else ``X``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_pkg = path.name == "__init__.py"
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.add(sub if sub in SOURCES else base)
    return out


IMPORTS = {name: _imports(name, path) for name, path in SOURCES.items()}


def _under(mod: str, *prefixes: str) -> bool:
    return any(mod == p or mod.startswith(p + ".") for p in prefixes)


def _violations(rule) -> list[str]:
    bad = []
    for name, imported in sorted(IMPORTS.items()):
        for mod in sorted(imported):
            if mod in ENTRY_SHIMS.get(name, ()):
                continue
            why = rule(name, mod)
            if why:
                bad.append(f"{name} imports {mod}: {why}")
    return bad


def _model(name: str, mod: str) -> str | None:
    if _under(name, "model") and _under(mod, "scenarios", "rooms", "cli", "ui", "app", "benchmarks",
                                        "tests", *THIRD_PARTY_UI):
        return "the math in model/ knows no scenario files, command line, UI, Streamlit or Plotly"
    return None


# What reading and writing scenario files, and a command line, take: none of it belongs to the math.
FILE_AND_CLI_LIBRARIES = ("pydantic", "tomllib", "tomli_w", "argparse")


def _model_libraries(name: str, mod: str) -> str | None:
    if _under(name, "model") and _under(mod, *FILE_AND_CLI_LIBRARIES):
        return "the math in model/ parses no scenario files and no command line"
    return None


def _scenarios(name: str, mod: str) -> str | None:
    if _under(name, "scenarios") and _under(mod, "ui", "rooms", "cli", "app", "benchmarks", "tests",
                                            *THIRD_PARTY_UI):
        return "scenario files sit under the UI and the command line"
    return None


def _rooms(name: str, mod: str) -> str | None:
    if _under(name, "rooms") and _under(mod, "ui", "cli", "app", "benchmarks", "tests", *THIRD_PARTY_UI):
        return "the workshop-room store stands on the model and the scenario files, not on the UI"
    return None


def _cli(name: str, mod: str) -> str | None:
    if _under(name, "cli") and _under(mod, "ui", "app", "benchmarks", "streamlit", "plotly"):
        return "the command line stands on the model and the scenario files, not on the UI"
    return None


def _charts(name: str, mod: str) -> str | None:
    if _under(name, "ui.charts") and (_under(mod, "streamlit", "app") or
                                      (_under(mod, "ui") and not _under(mod, "ui.charts"))):
        return "chart builders are pure: results in, figures out (no Streamlit, state, widgets or pages)"
    return None


def _shared_ui(name: str, mod: str) -> str | None:
    if _under(name, "ui") and not _under(name, "ui.pages") and _under(mod, "ui.pages", "app"):
        return "a shared UI part never imports a page"
    return None


def _pages(name: str, mod: str) -> str | None:
    if _under(name, "ui.pages") and name != "ui.pages" and _under(mod, "ui.pages") and mod != name:
        return "a page never imports another page (shared parts live in the UI kit)"
    return None


def _app(name: str, mod: str) -> str | None:
    if mod == "app" or (mod in ENTRY_SHIMS and name not in ENTRY_SHIMS):
        return "entry points are imported by nothing"
    return None


def _benchmarks(name: str, mod: str) -> str | None:
    if _under(name, "benchmarks") and _under(mod, "ui", "app"):
        return "benchmarks drive the app through its server and the model through its API, not UI internals"
    return None


RULES = {"model": _model, "model_libraries": _model_libraries, "scenarios": _scenarios, "rooms": _rooms,
         "cli": _cli, "charts": _charts,
         "shared_ui": _shared_ui, "pages": _pages, "entry_points": _app, "benchmarks": _benchmarks}


def test_the_layout_is_there():
    """The test reads the real tree (a wrong ROOT would pass every rule vacuously)."""
    for name in ("model.engine", "model.sweep", "app"):
        assert name in SOURCES, f"{name} not found under {ROOT}"
    assert sum(len(v) for v in IMPORTS.values()) > 100


@pytest.mark.parametrize("rule", sorted(RULES))
def test_no_arrow_points_up(rule):
    bad = _violations(RULES[rule])
    assert not bad, "\n".join(bad)


def test_the_math_reaches_no_file_format_or_ui_through_its_imports():
    """Followed through every project module it imports (lazily or not), no math module in
    model/ reaches a scenario-file, command-line or drawing library, or the UI."""
    bad = []
    for name in sorted(n for n in PROJECT if _under(n, "model") and n not in ENTRY_SHIMS):
        seen, todo = set(), [name]
        while todo:
            cur = todo.pop()
            for mod in IMPORTS.get(cur, ()):
                if _under(mod, *FILE_AND_CLI_LIBRARIES, *THIRD_PARTY_UI, "ui", "app"):
                    bad.append(f"{name} reaches {mod} through {cur}")
                if mod in PROJECT and mod not in seen:
                    seen.add(mod)
                    todo.append(mod)
    assert not bad, "\n".join(sorted(set(bad)))


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one project module (Tarjan), each as one
    circle through it."""
    graph = {n: sorted(m for m in IMPORTS[n] if m in PROJECT and m != n) for n in sorted(PROJECT)}
    index, low, on, stack, groups = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    circles = []
    for group in groups:  # one concrete circle per group, for the message
        start, members = group[0], set(group)
        path, seen = [start], {start}
        while True:
            nxt = next(w for w in graph[path[-1]] if w in members and (w == start or w not in seen))
            path.append(nxt)
            if nxt == start:
                break
            seen.add(nxt)
        circles.append(path)
    return circles


def test_no_import_circle():
    circles = _cycles()
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_benchmark_constants_match_the_app():
    """benchmarks/driving.py writes out the sidebar switch's key and options rather than
    importing the UI (see the rule above): they must still be the app's."""
    from ui import widgets

    tree = ast.parse((ROOT / "benchmarks" / "driving.py").read_text(encoding="utf-8"))
    consts = {t.id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
              for t in n.targets if isinstance(t, ast.Name) and t.id in ("SECTION_KEY", "KIND_ORDER")}
    assert consts == {"SECTION_KEY": widgets.SECTION_KEY, "KIND_ORDER": widgets.KIND_ORDER}


def test_no_source_file_is_over_600_lines():
    files = [p for p in ROOT.rglob("*.py") if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)]
    assert len(files) > 50
    long = {str(p.relative_to(ROOT)): n for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_pages_a_share_link_may_name_are_the_apps():
    """The page names are declared once, in ui/nav.py; scenarios/share.py (below the UI, so it
    cannot read them) lists the pages a share link may name, which must be among them."""
    from scenarios import share
    from ui import nav

    assert set(share.PAGES) <= set(nav.PAGE_NAMES)
