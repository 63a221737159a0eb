"""The saved-scenario library: operations, hostile names, corrupt files, concurrency, crashes."""
from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import model
from scenarios import files as sc
from scenarios.library import ENV_VAR, ExistsError, Library, NotFoundError

from test_scenario import parameter_sets

ROOT = Path(__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.name != ".lock" and p.is_file()}


@pytest.fixture
def lib(tmp_path):
    return Library(tmp_path / "lib")


def test_save_list_open_roundtrip(lib):
    s = sc.from_values("Our county", {"trust_erosion": 0.1}, description="d", tags=["x"])
    sid = lib.save(s)
    entries, problems = lib.list()
    assert problems == []
    assert [(e.id, e.name) for e in entries] == [(sid, "Our county")]
    assert entries[0].updated.endswith("+00:00") and entries[0].tags == ("x",)
    assert lib.open(sid) == s
    assert (lib.root / f"{sid}.toml").exists()


def test_list_of_missing_folder_is_empty_and_creates_nothing(tmp_path):
    lib = Library(tmp_path / "nowhere")
    assert lib.list() == ([], [])
    assert not (tmp_path / "nowhere").exists()


def test_root_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env-lib"))
    assert Library().root == tmp_path / "env-lib"
    monkeypatch.delenv(ENV_VAR)
    assert Library().root == Path("library")


def test_same_name_requires_overwrite(lib):
    first = lib.save(sc.from_values("A", {}))
    with pytest.raises(ExistsError) as e:
        lib.save(sc.from_values("A", {"trust_erosion": 0.2}))
    assert e.value.existing_id == first and e.value.field == "name"
    assert isinstance(e.value, model.ParamError)
    assert lib.open(first).parameters == {}
    again = lib.save(sc.from_values("A", {"trust_erosion": 0.2}), overwrite=True)
    assert again == first
    assert lib.open(first).parameters == {"trust_erosion": 0.2}
    assert len(lib.list()[0]) == 1


def test_names_compare_after_unicode_normalisation(lib):
    lib.save(sc.from_values("Condado Nin\u0303o", {}))  # n + combining tilde
    with pytest.raises(ExistsError):
        lib.save(sc.from_values("Condado Niño ", {}))  # precomposed, trailing space
    lib.save(sc.from_values("condado niño", {}))  # case differs: a different name
    assert len(lib.list()[0]) == 2


def test_rename_duplicate_delete(lib):
    a = lib.save(sc.from_values("A", {"trust_erosion": 0.1}))
    b = lib.save(sc.from_values("B", {}))
    lib.rename(a, "A2")
    assert lib.open(a).name == "A2" and lib.open(a).parameters == {"trust_erosion": 0.1}
    with pytest.raises(ExistsError):
        lib.rename(a, "B")
    c = lib.duplicate(a)
    assert lib.open(c).name == "A2 (copy)" and lib.open(c).parameters == lib.open(a).parameters
    d = lib.duplicate(a)
    assert lib.open(d).name == "A2 (copy 2)"
    with pytest.raises(ExistsError):
        lib.duplicate(a, "B")
    e = lib.duplicate(b, "B again")
    assert len({a, b, c, d, e}) == 5
    lib.delete(c)
    with pytest.raises(NotFoundError):
        lib.open(c)
    with pytest.raises(NotFoundError):
        lib.delete(c)
    assert sorted(x.name for x in lib.list()[0]) == ["A2", "A2 (copy 2)", "B", "B again"]


def test_rename_rejects_bad_names(lib):
    a = lib.save(sc.from_values("A", {}))
    for bad in ("", "   ", "x" * (sc.MAX_NAME + 1), None):
        with pytest.raises(sc.ScenarioError):
            lib.rename(a, bad)
    assert lib.open(a).name == "A"


def test_import_and_export(lib):
    text = sc.dumps(sc.presets()["critics-case"])
    sid = lib.import_bytes(text.encode())
    assert lib.open(sid).parameters == sc.presets()["critics-case"].parameters
    exported = lib.export(sid)
    assert sc.loads(exported) == lib.open(sid)
    with pytest.raises(ExistsError):
        lib.import_bytes(text)
    # the v1 fixture imports and is stored in the current format
    sid1 = lib.import_bytes((Path(__file__).parent / "fixtures" / "scenario_v1.toml").read_bytes())
    assert "schema_version = 2" in (lib.root / f"{sid1}.toml").read_text()


@pytest.mark.parametrize("name", [
    "../../x", "/etc/passwd", "C:\\Windows\\system32", "CON", "NUL", "aux.txt",
    ".", "..", "~", "trust_er\u043esion", "x" * sc.MAX_NAME,
])
def test_hostile_names_are_just_text_inside_the_folder(tmp_path, name):
    lib = Library(tmp_path / "lib")
    before_outside = sorted(p.name for p in tmp_path.iterdir())
    sid = lib.save(sc.from_values(name, {}))
    files = sorted(p.name for p in lib.root.iterdir())
    assert files == [".index", ".lock", ".tmp", f"{sid}.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before_outside + (["lib"] if "lib" not in before_outside else [])
    assert lib.open(sid).name == name
    assert [e.name for e in lib.list()[0]] == [name]
    renamed = name[: sc.MAX_NAME - 1] + "2"
    lib.rename(sid, renamed)
    assert lib.open(sid).name == renamed


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "/etc/passwd", "CON", "", "A" * 32,
                                    "0" * 31, "0" * 33, "0" * 32 + "\x00", None, 5])
def test_ids_from_outside_cannot_point_elsewhere(lib, bad_id):
    lib.save(sc.from_values("A", {}))
    before = snapshot(lib.root)
    for op in (lib.open, lib.delete, lib.export, lambda i: lib.rename(i, "x"), lib.duplicate):
        with pytest.raises(NotFoundError):
            op(bad_id)
    assert snapshot(lib.root) == before


def test_corrupt_files_are_reported_and_skipped(lib):
    good = lib.save(sc.from_values("Good", {}))
    root = lib.root
    (root / ("1" * 32 + ".toml")).write_text("schema_version = 2\nname = \n")  # syntax
    (root / ("2" * 32 + ".toml")).write_bytes(b"\xff\xfe\x00garbage")  # not UTF-8
    (root / ("3" * 32 + ".toml")).write_text('schema_version = 2\nname = "x"\n[parameters]\ntrust_erosion = nan\n')
    (root / ("4" * 32 + ".toml")).write_bytes(b"# " + b"x" * (sc.MAX_BYTES + 10))
    (root / ("5" * 32 + ".toml")).write_text("")
    (root / "hand-copied.toml").write_text(sc.dumps(sc.from_values("Copied", {})))
    (root / ("6" * 32 + ".toml")).symlink_to("/etc/passwd")
    (root / ".tmp-abc.part").write_text("half a fi")  # a crashed save: ignored
    (root / "notes.txt").write_text("not a scenario")  # other files: ignored
    entries, problems = lib.list()
    assert [e.id for e in entries] == [good]
    files = {p.file for p in problems}
    assert files == {"1" * 32 + ".toml", "2" * 32 + ".toml", "3" * 32 + ".toml", "4" * 32 + ".toml",
                     "5" * 32 + ".toml", "hand-copied.toml", "6" * 32 + ".toml"}
    for p in problems:
        assert "\n" not in p.message and p.message
    assert any("trust_erosion" in p.message for p in problems)
    # saving still works with a corrupt neighbour, and a new name check skips corrupt files
    lib.save(sc.from_values("Another", {}))
    assert len(lib.list()[0]) == 2


# ----------------------------------------------------------------------------- properties
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=parameter_sets())
def test_property_any_valid_set_survives_library_save_open(tmp_path, params):
    lib = Library(tmp_path / "prop")
    sid = lib.save(sc.from_values("p", params), overwrite=True)
    assert lib.open(sid).values() == model.resolve(params)
    assert sc.loads(lib.export(sid)).values() == model.resolve(params)


# ----------------------------------------------------------------------------- concurrency
def _worker(root: str, worker: int, count: int, shared_name: str) -> None:
    lib = Library(root)
    for i in range(count):
        lib.save(sc.from_values(f"w{worker}-{i}", {"trust_erosion": round(0.001 * (i + 1), 3),
                                                  "officers_jem": worker}))
        try:
            lib.save(sc.from_values(shared_name, {"officers_jem": worker}))
        except ExistsError:
            pass


def test_concurrent_saves_from_many_processes_lose_nothing(tmp_path):
    root = str(tmp_path / "lib")
    workers, count = 8, 12
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    procs = [ctx.Process(target=_worker, args=(root, w, count, "shared")) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    entries, problems = Library(root).list()
    assert problems == []
    names = sorted(e.name for e in entries)
    expected = sorted([f"w{w}-{i}" for w in range(workers) for i in range(count)] + ["shared"])
    assert names == expected  # every save present, and the contested name exactly once
    for e in entries:
        s = Library(root).open(e.id)
        if e.name != "shared":
            w, i = map(int, e.name[1:].split("-"))
            assert s.parameters["officers_jem"] == w
    assert not [p for p in Path(root).iterdir() if p.name.startswith(".tmp-")]


# ----------------------------------------------------------------------------- crashes
WRITER = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from scenarios import files as sc
    path = sys.argv[1]
    a = sc.dumps(sc.from_values("old", {{"trust_erosion": 0.01}}, description="o" * 7000))
    b = sc.dumps(sc.from_values("new", {{"trust_erosion": 0.02}}, description="n" * 7000))
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    i = 0
    while True:
        sc.atomic_write_text(path, a if i % 2 else b)
        i += 1
""")


def test_writer_killed_at_random_times_leaves_old_or_new_file(tmp_path):
    path = tmp_path / "lib" / ("a" * 32 + ".toml")
    path.parent.mkdir()
    sc.save_file(path, sc.from_values("old", {"trust_erosion": 0.01}, description="o" * 7000))
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)))
    rng = random.Random(1)
    for _ in range(15):
        proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        s = sc.load_file(path)  # never a broken file
        assert (s.name, s.parameters["trust_erosion"]) in {("old", 0.01), ("new", 0.02)}
    # leftovers of killed writers are temp files, which the library ignores
    lib = Library(path.parent)
    entries, problems = lib.list()
    assert [e.id for e in entries] == ["a" * 32] and problems == []


CRASH_BEFORE_REPLACE = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from scenarios.library import Library
    from scenarios import files as sc
    lib = Library(sys.argv[1])
    os.replace = lambda *a, **k: os._exit(9)   # die after the temp file is written and fsynced
    lib.save(sc.from_values("Mine", {{"trust_erosion": 0.2}}), overwrite=True)
""")


def test_crash_between_temp_write_and_replace_keeps_the_old_file(tmp_path):
    lib = Library(tmp_path / "lib")
    sid = lib.save(sc.from_values("Mine", {"trust_erosion": 0.1}))
    before = (lib.root / f"{sid}.toml").read_bytes()
    script = tmp_path / "crash.py"
    script.write_text(CRASH_BEFORE_REPLACE.format(root=str(ROOT)))
    rc = subprocess.run([sys.executable, str(script), str(lib.root)]).returncode
    assert rc == 9
    assert (lib.root / f"{sid}.toml").read_bytes() == before
    assert [p for p in (lib.root / ".tmp").iterdir() if p.name.startswith(".tmp-")]  # the orphan is there...
    entries, problems = lib.list()  # ...and ignored
    assert [e.id for e in entries] == [sid] and problems == []
    assert lib.open(sid).parameters == {"trust_erosion": 0.1}


# ----------------------------------------------------------------------------- CLI
def test_cli_library_commands(tmp_path, capsys):
    from cli import scenario_commands as cli

    root = str(tmp_path / "cli-lib")
    L = ["library", "--library", root]
    assert cli.main(L + ["save", "critics-case", "--name", "../../Critics"]) == 0
    sid = capsys.readouterr().out.strip()
    assert cli.main(L + ["save", "critics-case", "--name", "../../Critics"]) == 2
    assert "name" in capsys.readouterr().err
    assert cli.main(L + ["save", "program-case", "--name", "../../Critics", "--overwrite"]) == 0
    assert capsys.readouterr().out.strip() == sid
    assert cli.main(L + ["list"]) == 0
    assert capsys.readouterr().out.split()[0] == sid
    out = tmp_path / "exported.toml"
    assert cli.main(L + ["export", sid, "-o", str(out)]) == 0
    assert sc.load_file(out).parameters == sc.presets()["program-case"].parameters
    assert cli.main(L + ["rename", sid, "Renamed"]) == 0
    assert cli.main(L + ["duplicate", sid]) == 0
    dup = capsys.readouterr().out.strip()
    assert Library(root).open(dup).name == "Renamed (copy)"
    assert cli.main(L + ["delete", dup]) == 0
    assert cli.main(L + ["delete", dup]) == 2
    assert cli.main(L + ["import", str(out)]) == 0  # its name, "../../Critics", is free again
    assert cli.main(L + ["import", str(out)]) == 2  # now it is taken
    assert "name" in capsys.readouterr().err
    assert [e.name for e in Library(root).list()[0]] == ["../../Critics", "Renamed"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cli-lib", "exported.toml"]


def test_old_temp_files_of_dead_writers_are_swept_on_save(lib):
    """Temp files left in the folder itself by earlier versions go when the index is built."""
    old = lib.root / ".tmp-dead.part"
    lib.root.mkdir(parents=True)
    old.write_text("half")
    lib.save(sc.from_values("B", {}))
    assert not old.exists()


KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from scenarios import atomic as files
    real = os.fsync
    def stall(fd):  # the temp file is written and locked: stop here until killed
        sys.stdout.write("writing\\n"); sys.stdout.flush(); time.sleep(60)
    os.fsync = stall
    files.atomic_write_text(sys.argv[1], "half a scenario", temp_dir=sys.argv[2])
""")


def test_a_killed_writers_temp_file_goes_at_the_next_save_and_a_live_ones_stays(tmp_path, lib):
    lib.save(sc.from_values("A", {}))
    temp = lib.root / ".tmp"
    script = tmp_path / "killed.py"
    script.write_text(KILLED_WRITER.format(root=str(ROOT)))
    target = str(lib.root / ("e" * 32 + ".toml"))
    live = subprocess.Popen([sys.executable, str(script), target, str(temp)], stdout=subprocess.PIPE)
    dead = subprocess.Popen([sys.executable, str(script), target, str(temp)], stdout=subprocess.PIPE)
    try:
        assert live.stdout.readline() == b"writing\n" and dead.stdout.readline() == b"writing\n"
        dead.kill()
        dead.wait()
        assert len(list(temp.iterdir())) == 2
        lib.save(sc.from_values("B", {}))  # at once, not an hour later
        left = list(temp.iterdir())
        assert len(left) == 1  # the live writer's (it holds its lock) is left alone
    finally:
        live.kill()
        live.wait()
    lib.save(sc.from_values("C", {}))
    assert list(temp.iterdir()) == []
