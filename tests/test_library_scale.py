"""The library at scale and against odd files: a save opens the same files at 100 or 5,000
entries, the library has a cap, only regular files are read, and names are checked for
invisible characters and look-alikes (scenarios/library.py, scenarios/names.py)."""
from __future__ import annotations

import os
import sys
import threading
import uuid

import pytest

from scenarios import files as sc
from scenarios.library import ExistsError, FullError, Library, LookalikeError

_events: list | None = None


def _hook(event, args):
    if _events is not None and event in ("open", "os.scandir", "os.listdir"):
        _events.append((event, str(args[0]) if args else ""))


sys.addaudithook(_hook)


def _fill(root, n: int) -> Library:
    """n entries written directly (saving 5,000 one by one would take minutes), then indexed."""
    root.mkdir(parents=True, exist_ok=True)
    template = sc.dumps(sc.from_values("@NAME@", {"trust_erosion": 0.01}))
    for i in range(n):
        (root / f"{uuid.uuid4().hex}.toml").write_text(template.replace("@NAME@", f"Entry {i}"))
    lib = Library(root)
    lib.reindex()
    return lib


def _opened_during_save(lib: Library, name: str) -> list[tuple[str, str]]:
    """(event, path relative to the library) of every file opened or folder listed in it."""
    global _events
    scenario = sc.from_values(name, {"trust_erosion": 0.02})
    _events = []
    try:
        lib.save(scenario)
    finally:
        seen, _events = _events, None
    root = str(lib.root.resolve())
    return [(e, os.path.relpath(p, root)) for e, p in seen if os.path.abspath(p).startswith(root)]


def test_a_save_opens_the_same_files_at_100_and_5000_entries(tmp_path):
    small = _fill(tmp_path / "small", 100)
    large = _fill(tmp_path / "large", 5000)
    a = _opened_during_save(small, "New one")
    b = _opened_during_save(large, "New one")
    scans = [p for e, p in b if e != "open" and p != ".tmp"]
    assert scans == [], scans  # no listing of the library's folder (only of its temp folder)
    entry_reads = [p for _, p in b if p.endswith(".toml")]
    assert entry_reads == [], entry_reads  # no entry read (the new file is written via .tmp)
    assert len(a) == len(b) and len(b) <= 16, (a, b)  # lock, index claims, count, temp, dir syncs
    # an existing name is found through the index, not by reading every entry
    with pytest.raises(ExistsError):
        large.save(sc.from_values("Entry 4321", {}))


def test_the_index_is_rebuilt_for_a_file_copied_in_by_hand(tmp_path):
    lib = _fill(tmp_path / "lib", 3)
    copied = sc.from_values("Copied in", {})
    (lib.root / f"{uuid.uuid4().hex}.toml").write_text(sc.dumps(copied))
    assert len(lib.list()[0]) == 4  # list() sees the count is off and rebuilds the index
    with pytest.raises(ExistsError):
        lib.save(copied)


def test_the_library_has_a_cap_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM287G_LIBRARY_MAX", "3")
    lib = Library(tmp_path / "lib")
    ids = [lib.save(sc.from_values(f"S{i}", {})) for i in range(3)]
    with pytest.raises(FullError) as e:
        lib.save(sc.from_values("S3", {}))
    assert "at most 3 scenarios" in str(e.value) and "\n" not in str(e.value)
    lib.save(sc.from_values("S0", {"trust_erosion": 0.02}), overwrite=True)  # replacing is fine
    with pytest.raises(FullError):
        lib.duplicate(ids[0])
    lib.delete(ids[1])
    lib.save(sc.from_values("S3", {}))
    assert len(lib.list()[0]) == 3


def test_a_fifo_named_like_an_entry_does_not_hang_list_or_save(tmp_path):
    lib = Library(tmp_path / "lib")
    sid = lib.save(sc.from_values("Real", {}))
    fifo = lib.root / ("f" * 32 + ".toml")
    os.mkfifo(fifo)
    done = {}

    def work():
        done["list"] = lib.list()
        done["save"] = lib.save(sc.from_values("After", {}))
        done["open"] = pytest.raises(sc.ScenarioError, lib.open, "f" * 32)

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(20)
    if t.is_alive():  # unblock the reader so the test process can finish
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("the library blocked on a FIFO")
    entries, problems = done["list"]
    assert [e.id for e in entries] == [sid]
    assert [p.file for p in problems] == [fifo.name] and "regular file" in problems[0].message


@pytest.mark.parametrize("name", ["\x00", "a\x00b", "\u200b", "Critics\u200b", "\u202eCritics", "a\nb", "x\x1b[31m"])
def test_invisible_characters_in_names_are_refused(tmp_path, name):
    with pytest.raises(sc.ScenarioError) as e:
        Library(tmp_path / "lib").save(sc.from_values(name, {}))
    assert e.value.field == "name" and "invisible" in str(e.value) and "\n" not in str(e.value)


def test_names_are_stored_in_nfc(tmp_path):
    lib = Library(tmp_path / "lib")
    sid = lib.save(sc.from_values("Poli\u0301tica", {}))
    assert lib.open(sid).name == "Pol\u00edtica"
    with pytest.raises(ExistsError):
        lib.save(sc.from_values("Pol\u00edtica", {}))


def test_a_lookalike_of_an_existing_name_is_refused(tmp_path):
    lib = Library(tmp_path / "lib")
    sid = lib.save(sc.from_values("Critics", {}))
    for fake in ("\u0421ritics", "\uff23ritics", "Cr\u0456tics"):  # Cyrillic C, full-width C, Ukrainian i
        with pytest.raises(LookalikeError) as e:
            lib.save(sc.from_values(fake, {}))
        assert e.value.existing_id == sid and "look-alike" in str(e.value)
    lib.save(sc.from_values("critics", {}))  # another case is another name, and looks different
    other = lib.save(sc.from_values("Other", {}))
    with pytest.raises(LookalikeError):
        lib.rename(other, "\u0421ritics")
    assert len(lib.list()[0]) == 3
