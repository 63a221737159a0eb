"""Keeping Python's garbage collector out of the way of a slider move.

A full collection walks every tracked object: with numpy, plotly and Streamlit loaded that is
about 100,000 objects (92,000 after the imports alone, 114,000 after the app's first run) and
46-68 ms in the running app, during which the GIL is held, so the server cannot send the
messages the script has already produced. Two settings keep it short:

- ``.streamlit/config.toml`` turns off Streamlit's forced full collection after every run
  (``runner.postScriptGC``), which delayed the end of every run by about that much;
- ``freeze_once`` moves the objects alive after the process's first run (modules, registries,
  catalogs) to the collector's permanent generation, so the full collections Python still runs
  on its own scan only what was made since (measured: 12 ms instead of 46-68 ms).

Frozen objects are still freed when nothing refers to them; only reference cycles among them
would never be collected, and the objects of a first run are long-lived by nature.
"""
from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_once() -> None:
    """``gc.freeze()``, once per process (call at the end of a script run)."""
    global _frozen
    if _frozen:
        return
    with _lock:
        if not _frozen:
            gc.freeze()
            _frozen = True
