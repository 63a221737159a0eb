"""The app's pages: one module per page in this package, each exposing ``render()``.

Their names, icons and order are declared in ``ui/nav.py`` (``PAGES``, re-exported here); a
page whose module is not there yet is left out of the menu.
"""
from __future__ import annotations

import importlib
from typing import Callable

from ui.nav import DEFAULT_PAGE, HIDDEN_PAGES, PAGE_NAMES, PAGES  # noqa: F401  (the one declaration)


def load(name: str) -> Callable[[], None] | None:
    """The ``render`` function of page ``name``, or None while its module does not exist."""
    modname = f"{__name__}.{name}"
    try:
        module = importlib.import_module(modname)
    except ModuleNotFoundError as err:
        if err.name == modname:
            return None
        raise
    return getattr(module, "render", None)
