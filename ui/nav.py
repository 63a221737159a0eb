"""The app's pages, declared once: read by navigation (app.py, ui/pages) and by the state's
URL handling (ui/state.py), so neither has to import the pages to know their names.

``PAGES`` lists them in menu order as (name, icon); the name is the module name in ui/pages/,
the URL path (``/<name>``; the first page is the landing page at ``/``) and the catalog key of
its menu title (``app.page.<name>``).
"""
from __future__ import annotations

PAGES: tuple[tuple[str, str], ...] = (
    ("explore", ":material/tune:"),
    ("map", ":material/map:"),
    ("compare", ":material/compare_arrows:"),
    ("decide", ":material/how_to_vote:"),
    ("drivers", ":material/bar_chart:"),
    ("sources", ":material/menu_book:"),
    ("glossary", ":material/translate:"),
    ("workshop", ":material/groups:"),
    ("present", ":material/slideshow:"),
)
# Pages opened by their address only (no menu entry), drawn bare: no sidebar, and the address is
# not rewritten to the explore state (``/join`` keeps its ``?code=`` and ``?me=``).
HIDDEN_PAGES: tuple[tuple[str, str], ...] = (
    ("join", ":material/login:"),
)
PAGE_NAMES = tuple(name for name, _ in PAGES)
DEFAULT_PAGE = PAGE_NAMES[0]
