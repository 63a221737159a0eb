"""Broken and hostile scenario files: each is refused with exit code 2 and a one-line message
naming the field, and none of them changes the library.

The stored corpus is tests/fixtures/hostile/ (manifest.json maps each file to the field its
message must name); large cases (oversize files, very long strings, deep nesting) are generated
here so the repository stays small.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import scenario_commands as cli
from scenarios import files as sc
from scenarios.files import _field_text
from scenarios.library import Library

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
MANIFEST: dict[str, str] = json.loads((HOSTILE / "manifest.json").read_text(encoding="utf-8"))

HEAD = b'schema_version = 2\nname = "x"\n'
GENERATED: dict[str, tuple[bytes, str]] = {
    "oversize.toml": (HEAD + b"# " + b"x" * (sc.MAX_BYTES + 1) + b"\n", "file"),
    "oversize-valid-looking.toml": (HEAD + b'description = "' + b"d" * (sc.MAX_BYTES) + b'"\n', "file"),
    "very-long-name.toml": (b'schema_version = 2\nname = "' + b"n" * 200_000 + b'"\n', "name"),
    "very-long-description.toml": (HEAD + b'description = "' + b"d" * 100_000 + b'"\n', "description"),
    "very-long-parameter-name.toml": (HEAD + b"[parameters]\n" + b"p" * 100_000 + b" = 1\n", "parameters." + "p" * 100_000),
    "very-long-string-value.toml": (HEAD + b'[parameters]\nscreening = "' + b"u" * 100_000 + b'"\n', "parameters.screening"),
    "deep-array-nesting.toml": (HEAD + b"[parameters]\ntrust_erosion = " + b"[" * 20_000 + b"]" * 20_000 + b"\n", "syntax"),
    "deep-inline-table-nesting.toml": (HEAD + b"[parameters]\ntrust_erosion = " + b"{a=" * 10_000 + b"1" + b"}" * 10_000 + b"\n", "syntax"),
    "integer-with-5000-digits.toml": (HEAD + b"[parameters]\npopulation = " + b"1" * 5000 + b"\n", "syntax"),
    "many-unknown-keys.toml": (HEAD + b"[parameters]\n" + b"".join(b"k%d = 1\n" % i for i in range(20_000)), "parameters"),
}


def corpus(tmp_path: Path) -> list[tuple[Path, str]]:
    out = [(HOSTILE / name, field) for name, field in MANIFEST.items()]
    gen = tmp_path / "generated"
    gen.mkdir(exist_ok=True)
    for name, (data, field) in GENERATED.items():
        (gen / name).write_bytes(data)
        out.append((gen / name, field))
    return out


def all_cases():
    return [pytest.param(HOSTILE / n, f, id=n) for n, f in MANIFEST.items()] + \
           [pytest.param(n, f, id=n) for n, (_, f) in GENERATED.items()]


def _path(tmp_path, p) -> Path:
    if isinstance(p, Path):
        return p
    data, _ = GENERATED[p]
    out = tmp_path / p
    out.write_bytes(data)
    return out


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.name != ".lock" and p.is_file()}


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "lib")
    lib.save(sc.from_values("Existing one", {"trust_erosion": 0.1}))
    lib.save(sc.presets()["critics-case"])
    return lib


def test_manifest_lists_every_stored_file():
    stored = {p.name for p in HOSTILE.iterdir() if p.name != "manifest.json"}
    assert stored == set(MANIFEST)
    assert len(MANIFEST) + len(GENERATED) >= 50


@pytest.mark.parametrize("path, field", all_cases())
def test_hostile_file_is_refused_naming_the_field(tmp_path, path, field):
    path = _path(tmp_path, path)
    with pytest.raises(sc.ScenarioError) as e:
        sc.load_file(path)
    err = e.value
    assert err.field == field
    msg = str(err)
    assert "\n" not in msg and "\r" not in msg and "\x00" not in msg and "\x1b" not in msg
    assert len(msg) < 600
    assert _field_text(field) in msg and str(path) in msg and "expected" in msg


@pytest.mark.parametrize("path, field", all_cases())
def test_cli_validate_exits_2_with_one_line(tmp_path, capsys, path, field):
    path = _path(tmp_path, path)
    rc = cli.main(["validate", str(path)])
    out, errtext = capsys.readouterr()
    assert rc == 2 and out == ""
    lines = errtext.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(str(path)) and _field_text(field) in lines[0]


@pytest.mark.parametrize("path, field", all_cases())
def test_hostile_import_leaves_the_library_as_it_was(tmp_path, library, path, field):
    path = _path(tmp_path, path)
    before = snapshot(library.root)
    with pytest.raises(sc.ScenarioError) as e:
        library.import_bytes(path.read_bytes())
    assert e.value.field == field
    assert snapshot(library.root) == before
    entries, problems = library.list()
    assert len(entries) == 2 and problems == []


def test_cli_library_import_of_hostile_files_changes_nothing(tmp_path, library, capsys):
    before = snapshot(library.root)
    for path, field in corpus(tmp_path):
        rc = cli.main(["library", "--library", str(library.root), "import", str(path)])
        assert rc == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and _field_text(field) in err[0]
    assert snapshot(library.root) == before


@pytest.mark.parametrize("bad_path", ["../../x", "/definitely/not/here.toml", "/", "a\x00b", "CON", ""])
def test_cli_validate_bad_paths(bad_path, capsys):
    rc = cli.main(["validate", bad_path])
    err = capsys.readouterr().err.splitlines()
    assert rc == 2 and len(err) == 1 and "file" in err[0]


def test_cli_validate_mixed_files_reports_each_bad_one(tmp_path, capsys):
    files = [str(p) for p, _ in corpus(tmp_path)]
    good = [str(sc.SCENARIOS_DIR / "critics-case.toml"), str(sc.SCENARIOS_DIR / "county-small.toml")]
    rc = cli.main(["validate"] + good + files)
    out, err = capsys.readouterr()
    assert rc == 2
    assert len(err.splitlines()) == len(files)
    assert len(out.splitlines()) == 2


def _subprocess_validate(module: str, files: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, "validate", *files], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_subprocess_validate_whole_corpus(tmp_path):
    files = [str(p) for p, _ in corpus(tmp_path)]
    res = _subprocess_validate("cli.scenario_commands", files)
    assert res.returncode == 2 and res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == len(files)
    for line, (path, field) in zip(lines, corpus(tmp_path)):
        assert line.startswith(str(path)) and _field_text(field) in line
    ok = _subprocess_validate("cli.scenario_commands", [str(sc.SCENARIOS_DIR / "no-agreement.toml")])
    assert ok.returncode == 0


def _model_cli_has_validate() -> bool:
    if not (ROOT / "model" / "__main__.py").exists() and not (ROOT / "model" / "cli.py").exists():
        return False
    res = subprocess.run([sys.executable, "-m", "model", "validate", "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    return res.returncode == 0


@pytest.mark.skipif(not _model_cli_has_validate(), reason="python -m model validate not wired yet (cli/main.py)")
def test_python_m_model_validate_exits_2_naming_field(tmp_path):
    files = [str(p) for p, _ in corpus(tmp_path)]
    res = _subprocess_validate("model", files)
    assert res.returncode == 2
    lines = res.stderr.splitlines()
    assert len(lines) == len(files)
    for line, (path, field) in zip(lines, corpus(tmp_path)):
        assert str(path) in line and _field_text(field) in line
    assert _subprocess_validate("model", [str(sc.SCENARIOS_DIR / "tfm-2025.toml")]).returncode == 0


# ----------------------------------------------------------------------------- fuzzing
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scenarios import share  # noqa: E402

_VALID = sc.dumps(sc.presets()["critics-case"]).encode()


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(str.encode),
    # mutations of a valid file: a byte replaced, a slice removed, a slice duplicated
    st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)).map(
        lambda t: _VALID[:t[0]] + bytes([t[1]]) + _VALID[t[0] + 1:]),
    st.tuples(st.integers(0, len(_VALID)), st.integers(0, 200)).map(
        lambda t: _VALID[:t[0]] + _VALID[t[0] + t[1]:]),
    st.tuples(st.integers(0, len(_VALID)), st.integers(0, 200)).map(
        lambda t: _VALID[:t[0]] + _VALID[t[0]:t[0] + t[1]] * 2 + _VALID[t[0] + t[1]:]),
))
def test_fuzz_loads_never_raises_anything_but_scenario_error(data):
    try:
        s = sc.loads(data)
    except sc.ScenarioError as exc:
        assert "\n" not in str(exc)
    else:
        assert sc.loads(sc.dumps(s)).values() == s.values()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["s", "v", "lang", "page", "x"]),
                       st.one_of(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3)),
                       max_size=5))
def test_fuzz_from_query_never_raises_anything_but_scenario_error(query):
    try:
        share.from_query(query)
    except sc.ScenarioError as exc:
        assert "\n" not in str(exc)
