"""The app's pages: one module per page in this package, each exposing ``render()``.

``PAGES`` lists them in menu order as (name, icon); the name is the module name, the URL path
(``/<name>``; the first page is the landing page at ``/``) and the catalog key of its menu title
(``app.page.<name>``). A page whose module is not there yet is left out of the menu.
"""
from __future__ import annotations

import importlib
from typing import Callable

PAGES: tuple[tuple[str, str], ...] = (
    ("explore", ":material/tune:"),
    ("compare", ":material/compare_arrows:"),
    ("drivers", ":material/bar_chart:"),
    ("sources", ":material/menu_book:"),
    ("glossary", ":material/translate:"),
    ("workshop", ":material/groups:"),
)
# Pages opened by their address only (no menu entry), drawn bare: no sidebar, and the address is
# not rewritten to the explore state (``/join`` keeps its ``?code=`` and ``?p=``).
HIDDEN_PAGES: tuple[tuple[str, str], ...] = (
    ("join", ":material/login:"),
)
PAGE_NAMES = tuple(name for name, _ in PAGES)
DEFAULT_PAGE = PAGE_NAMES[0]


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
