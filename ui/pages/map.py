"""The national map: every county coloured by its 287(g) models in force (or a fact), its
facts and agreements on hover; a click chooses the county (``state.choose_county``, as the
picker on Explore does) and a button opens it there.

Light on a phone: the boundaries are simplified once at build time (``data/build_shapes.py``,
835 KB); each figure (per language and colouring) is built once per process and its dict form
kept (``SharedFigure``). The figure does not change with the chosen county, so a click reruns
the page without sending the map again (Streamlit sends a repeated large message as a
reference). The map lives on this page only, so a slider move on Explore never sends it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from scenarios import counties
from ui import state
from ui.nav import DEFAULT_PAGE
from ui.charts import county_map as map_chart
from ui.charts import Figure
from ui.i18n import Translator

CHART_KEY = "county_map"


def _landing() -> None:  # pragma: no cover - never run: st.switch_page runs the registered page
    return None


class SharedFigure(Figure):
    """A map figure shared, unchanged, by every session; its dict form (what Streamlit sends,
    about 1 MB) is computed once. Like the explore page's figures, nothing changes it after
    it is made."""

    _sent: dict | None = None

    @classmethod
    def adopt(cls, fig: Figure) -> "SharedFigure":
        fig.__class__ = cls
        return fig

    def to_dict(self) -> dict:
        if self._sent is None:
            self._sent = super().to_dict()
        return self._sent

COLOR_KEY = "map_color"
_FIGS: OrderedDict = OrderedDict()  # (lang, color_by) -> SharedFigure
_FIGS_MAX = 10
_LOCK = threading.Lock()


def figure(lang: str, color_by: str) -> SharedFigure:
    key = (lang, color_by)
    with _LOCK:
        hit = _FIGS.get(key)
        if hit is not None:
            _FIGS.move_to_end(key)
            return hit
    fig = SharedFigure.adopt(map_chart.county_map(counties.load(), counties.shapes(),
                                                  Translator(lang), color_by))
    fig.to_dict()  # computed once, here, rather than on the first run that draws it
    with _LOCK:
        _FIGS[key] = fig
        while len(_FIGS) > _FIGS_MAX:
            _FIGS.popitem(last=False)
    return fig


def clicked_fips(event) -> str | None:
    """The FIPS code of the county a click selected (None for none or a grey shape)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for p in points or ():
        fips = p.get("location")
        if fips and counties.load().get(fips) is not None:
            return fips
    return None


def _on_click() -> None:
    fips = clicked_fips(st.session_state.get(CHART_KEY))
    if fips and fips != state.county():
        state.choose_county(fips)


def _counts(tr) -> str:
    table = counties.load()
    with_any = sum(1 for c in table if c.models)
    by = {m: sum(1 for c in table if m in c.models) for m in counties.MODELS}
    return tr("map.counts", n=tr.number(with_any), total=tr.number(len(table)),
              jem=tr.number(by["JEM"]), tfm=tr.number(by["TFM"]), wso=tr.number(by["WSO"]))


def render() -> None:
    tr = state.translator()
    st.title(tr("map.title"))
    st.caption(tr("map.intro", date=counties.ICE_AS_OF))
    if st.session_state.get(COLOR_KEY) not in map_chart.COLOR_BY:
        st.session_state[COLOR_KEY] = "models"
    color_by = st.selectbox(tr("map.color_by"), options=list(map_chart.COLOR_BY), key=COLOR_KEY,
                            format_func=lambda k: tr(f"map.fact.{k}"))
    fips = state.county()
    st.plotly_chart(figure(tr.lang, color_by), key=CHART_KEY, on_select=_on_click,
                    selection_mode="points", theme=None, config=map_chart.CONFIG,
                    alt=tr("map.title"))
    if color_by == "models":
        st.html(map_chart.legend_html(tr))
    c = counties.load().get(fips)
    if c is None:
        st.caption(tr("map.none_chosen"))
    else:
        st.markdown(tr("map.chosen", county=state.md_escape(c.label)))
        if st.button(tr("map.open_explore", county=c.label), key="map_open_explore",
                     icon=":material/tune:", type="primary"):
            # A page is known by its URL path alone (Streamlit hashes it): this stands for the
            # registered landing page without importing it (a page imports no other page).
            st.switch_page(st.Page(_landing, url_path=DEFAULT_PAGE, default=True),
                           query_params=state.current_query())
    st.caption(_counts(tr))
    st.caption(tr("map.not_drawn"))
    st.caption(tr("map.credit", date=counties.ICE_AS_OF))
