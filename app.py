"""Entry point: page configuration, the language switch, the notice, and page navigation.

Pages live in ``ui/pages/<name>.py`` (each exposes ``render()``), declared in ``ui/nav.py``;
state and URL sync in ``ui/state.py``; the sidebar's shared top (language switch, "not a
forecast" notice) in ``ui/widgets.py``.
"""
import streamlit as st

from ui import errors, heap, library, nav, pages, screen, state, widgets

state.init()
tr = state.translator()
# The tab's icon: an emoji, which the browser draws from a data URL. (Without one, Streamlit
# uses the current page's ``:material/...:`` icon, which the browser fetches from Google's CDN:
# a request on every visit, and a console error where the network is closed.)
PAGE_ICON = "⚖️"
st.set_page_config(page_title=tr("app.title"), page_icon=PAGE_ICON, layout="wide",
                   initial_sidebar_state="auto")
menu = [
    st.Page(render, title=tr(f"app.page.{name}"), icon=icon, url_path=name,
            default=(name == nav.DEFAULT_PAGE), visibility=visibility)
    for group, visibility in ((nav.PAGES, "visible"), (nav.HIDDEN_PAGES, "hidden"))
    for name, icon in group
    if (render := pages.load(name)) is not None
]
page = st.navigation(menu, position="top")
bare = page.url_path in {name for name, _ in nav.HIDDEN_PAGES}  # /join, on a phone
if not bare:
    widgets.sidebar_top(tr)
# The page-wide style (focus rings, ...: ui/screen.py), and on the explore page a skip link to
# its results, first in the main column's tab order.
st.html(screen.style(None if tr.lang == "en" else tr("app.skip_to_main")) + screen.MODEBAR_SCRIPT
        + (screen.skip_link(tr("app.skip_to_results"))
           if page.url_path in ("", nav.DEFAULT_PAGE) else ""), unsafe_allow_javascript=True)
errors.show_notices(tr)  # see ui/errors.py
page.run()
widgets.footer(tr)
if not bare:
    state.sync_url()
library.remember()  # a new owner token goes to the browser's cookie (see ui/library.py)
heap.freeze_once()  # see ui/heap.py
