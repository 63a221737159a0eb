"""``ui/heap.py``: the heap is frozen once per process, at the end of a run."""
from __future__ import annotations

import gc
from pathlib import Path

from ui import heap


def test_freeze_once_freezes_exactly_once(monkeypatch):
    calls = []
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(heap.gc, "freeze", lambda: calls.append(1))
    heap.freeze_once()
    heap.freeze_once()
    assert calls == [1]


def test_a_run_of_the_app_freezes_the_heap(monkeypatch):
    from streamlit.testing.v1 import AppTest

    gc.unfreeze()
    monkeypatch.setattr(heap, "_frozen", False)
    assert gc.get_freeze_count() == 0
    app = Path(__file__).resolve().parents[1] / "app.py"
    at = AppTest.from_file(str(app), default_timeout=60).run()
    assert not at.exception
    assert heap._frozen and gc.get_freeze_count() > 10_000
