"""Saving from the app: look-alike and invisible names and a full library get a clear message
in the visitor's language (ui/actions.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scenarios import files as sc
from scenarios.library import Library
from ui import actions
from ui.i18n import Translator

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def lib(tmp_path, monkeypatch):
    monkeypatch.setenv("SIM287G_LIBRARY", str(tmp_path / "library"))
    return Library(tmp_path / "library")


def _save_as(lang: str, name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.session_state[actions.panel_key("act_explore")] = True
    at.run()
    at.text_input(key="act_explore_save_name").input(name).run()
    at.button(key="act_explore_save").click().run()
    assert not at.exception
    return at


def _first_words(text: str) -> str:
    return text.split("{")[0].strip()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_lookalike_name_is_refused_in_the_visitors_language(lib, lang):
    lib.save(sc.from_values("Critics", {}))
    at = _save_as(lang, "\u0421ritics")
    errors = " ".join(e.value for e in at.error)
    assert _first_words(Translator(lang)("actions.name_lookalike", name="{", other="{")) in errors
    assert len(lib.list()[0]) == 1


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_invisible_character_is_refused_in_the_visitors_language(lib, lang):
    at = _save_as(lang, "Critics\u200b")
    errors = " ".join(e.value for e in at.error)
    assert _first_words(Translator(lang)("actions.name_invisible", char="{")) in errors and "U+200B" in errors
    assert lib.list()[0] == []


def test_a_full_library_says_so(lib, monkeypatch):
    monkeypatch.setenv("SIM287G_LIBRARY_MAX", "1")
    Library(lib.root).save(sc.from_values("Only one", {}))
    at = _save_as("en", "Another")
    assert any("library is full" in e.value for e in at.error)
