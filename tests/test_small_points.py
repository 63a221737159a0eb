"""The issue's smaller points: an empty key is named, repeated link parameters are refused in the
app as in the CLI, notices are whole, and HTML entities in names stay as typed."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import model
from scenarios import files as sc
from scenarios import share
from ui import state

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.mark.parametrize("text, field", [
    ('schema_version = 2\nname = "x"\n"" = 1\n', '""'),
    ('schema_version = 2\nname = "x"\n[parameters]\n"" = 1\n', 'parameters.""'),
])
def test_an_empty_key_is_named(text, field):
    err = pytest.raises(sc.ScenarioError, sc.loads, text).value
    assert str(err).startswith(field) and "empty key" in str(err)


def test_md_escape_cuts_at_a_word_boundary_and_keeps_entities():
    text = "alpha beta gamma delta epsilon"
    cut = state.md_escape(text, 14)
    assert cut.endswith("…") and cut[:-1].rstrip() in ("alpha beta", "alpha beta gamma"[:13])
    assert not cut[:-1].endswith("gam")
    assert state.md_escape("R&amp;D &lt;b&gt;") == "R\\&amp;D \\&lt;b\\&gt;"


@pytest.fixture(autouse=True)
def _library(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM287G_LIBRARY", str(tmp_path / "library"))


def _values(at: AppTest) -> dict:
    return dict(at.session_state[state.K_VALUES])


def test_the_app_refuses_a_repeated_s_parameter_like_the_cli():
    a = share.to_query(model.resolve({"trust_erosion": 0.045}))["s"]
    b = share.to_query(model.resolve({"trust_erosion": 0.08}))["s"]
    with pytest.raises(sc.ScenarioError):
        share.from_query({"s": [a, b]})  # the CLI's rule
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["s"] = [a, b]
    at.run()
    assert not at.exception
    assert _values(at)["trust_erosion"] not in (0.045, 0.08)  # neither: the link is refused
    assert any("could not be opened" in w.value for w in at.warning), [w.value for w in at.warning]


def test_an_old_links_notice_lists_every_change_whole():
    q = {"s": share.encode({"screening_targeted": True, "trust_erosion": 0.05}), "v": "0.9.0"}
    note = share.from_query(q).notices[0]
    assert len(note) > 120  # longer than the old cut
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in q.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    shown = " ".join(i.value for i in at.info)
    assert "instead of an on/off flag" in shown  # the end of the list, where the point is
    assert "…" not in shown
