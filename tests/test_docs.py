"""docs/MODEL.md cannot drift from the code: its generated blocks must equal what
``python -m cli.docs`` renders now (parameters, outcomes, evidence cases, monotonic relations)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from model import OUTCOMES, REGISTRY
from cli import docs

TEXT = docs.MODEL_MD.read_text(encoding="utf-8")


def block(name: str, text: str = TEXT) -> str:
    m = re.search(rf"<!-- BEGIN {name} -->\n(.*?)<!-- END {name} -->", text, re.S)
    assert m, f"docs/MODEL.md has no {name} block"
    return m.group(1)


@pytest.mark.parametrize("name", sorted(docs.BLOCKS))
def test_generated_block_is_up_to_date(name):
    rendered = docs.render(TEXT, {name: docs.BLOCKS[name]})
    assert block(name, rendered) == block(name), (
        f"the {name} block of docs/MODEL.md is out of date: run `python -m cli.docs` and commit it")


def test_whole_file_is_up_to_date():
    assert docs.render(TEXT) == TEXT, "docs/MODEL.md is out of date: run `python -m cli.docs`"


def test_check_command_runs_outside_pytest():
    """``python -m cli.docs --check`` as a developer runs it (no pytest path set up): exit 0, no
    traceback. The generator loads test modules, which import their shared helpers."""
    proc = subprocess.run([sys.executable, "-m", "cli.docs", "--check"], cwd=docs.ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]


def test_every_parameter_and_outcome_is_documented():
    params = block("PARAMS")
    for p in REGISTRY:
        assert f"`{p.name}`" in params, p.name
        assert p.grade in params and p.unit in params
    outcomes = block("OUTCOMES")
    for o in OUTCOMES:
        assert f"`{o.name}`" in outcomes, o.name


def test_every_equation_of_the_engine_is_described():
    import inspect

    from model import engine

    numbers = set(re.findall(r"\((\d{1,2})\)", inspect.getsource(engine)))
    for n in sorted(numbers, key=int):
        assert f"**({n})" in TEXT, f"equation ({n}) of model/engine.py is not described in docs/MODEL.md"


def test_check_mode_reports_drift(tmp_path):
    stale = tmp_path / "MODEL.md"
    stale.write_text(TEXT.replace(block("OUTCOMES"), "stale\n"), encoding="utf-8")
    assert docs.main(["--check", "--file", str(stale)]) == 1
    assert docs.main(["--file", str(stale)]) == 0
    assert docs.main(["--check", "--file", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == TEXT


def test_parameter_table_escapes_cells():
    assert docs.cell("a | b\nc") == "a \\| b c"
