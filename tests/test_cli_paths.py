"""CLI path errors are one line and exit 2, and nothing printed to a terminal carries escape
codes (cli/scenario_commands.py)."""
from __future__ import annotations

import tempfile

import pytest

from cli import scenario_commands as cli
from scenarios import files as sc
from scenarios import share
from scenarios.library import Entry, Library


@pytest.fixture
def saved(tmp_path):
    lib = Library(tmp_path / "lib")
    return str(lib.root), lib.save(sc.presets()["critics-case"])


def _one_line_exit_2(capsys, argv, *words):
    rc = cli.main(argv)
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert rc == 2 and len(lines) == 1, (rc, err)
    assert "Traceback" not in err
    for w in words:
        assert w in lines[0]
    return lines[0]


@pytest.mark.parametrize("root", ["/etc/passwd", "/proc/self/x"])
@pytest.mark.parametrize("action", [["save", "critics-case"], ["delete", "0" * 32]])
def test_a_library_path_that_is_not_a_folder(capsys, root, action):
    _one_line_exit_2(capsys, ["library", "--library", root] + action, "library", root)


def test_list_of_a_file_as_library(capsys):
    _one_line_exit_2(capsys, ["library", "--library", "/etc/passwd", "list"], "folder")


@pytest.mark.parametrize("target", ["/nonexistent/x.toml", "/tmp"])
def test_export_to_a_bad_output_path(capsys, saved, target, monkeypatch):
    root, sid = saved
    dirs = []
    real = tempfile.mkstemp

    def spy(*a, **k):
        dirs.append(k.get("dir"))
        return real(*a, **k)

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    _one_line_exit_2(capsys, ["library", "--library", root, "export", sid, "-o", target], "--output", target)
    assert dirs == []  # refused before any temporary file (never one in /)


@pytest.mark.parametrize("target", ["/nonexistent/x.toml", "/tmp"])
def test_share_open_to_a_bad_output_path(capsys, target):
    link = share.to_url(sc.presets()["critics-case"].values())
    _one_line_exit_2(capsys, ["share", "--open", link, "-o", target], "--output")


def test_share_accepts_every_page_of_the_app(capsys):
    from ui.pages import PAGE_NAMES

    # every page that shows the shared state; the presentation page is opened by its own link
    # (its sequence and levers: ?seq=...&levers=...), not by a scenario's share link
    assert share.PAGES == tuple(p for p in PAGE_NAMES if p != "present")
    assert cli.main(["share", "critics-case", "--page", "workshop"]) == 0
    assert "page=workshop" in capsys.readouterr().out


def test_library_list_escapes_names(capsys, monkeypatch, saved):
    root, sid = saved
    hostile = "Fake\x1b[2J\nffffffffffffffffffffffffffffffff  2026-01-01  Injected\u202e"
    monkeypatch.setattr(Library, "list", lambda self: ([Entry(sid, hostile, "2026-01-01T00:00:00+00:00")], []))
    assert cli.main(["library", "--library", root, "list"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x0affff" in out


def test_validate_escapes_the_path_it_echoes(tmp_path, capsys):
    path = tmp_path / "x\x1b[31mred\u202e.toml"
    sc.save_file(path, sc.from_values("ok", {}))
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\\x1b[31mred\\u202e.toml" in out
