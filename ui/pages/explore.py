"""Explore (the landing page): presets, controls, headline cards, summary, charts, actions.

Everything shown comes from one cached model run (``results.current_results``) and one cached
frontier sweep; a slider move reruns the page but not the model for a parameter set already
seen. The charts' data tables (their text alternative) sit in one expander below them, built
only while it is open.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

import model
from ui import actions, charts, county_picker, export, results, screen, state, widgets
from ui.cards import Card, cards_html
from ui.format import county_name, fmt, fmt_delta, preset_description, preset_name, summary
from ui.i18n import MISSING, Translator

# Headline cards, in reading order.
CARDS = (
    "removals", "reporting_rate_immigrant_end", "net_crime_change",
    "recorded_crime_change", "cost_net_usd", "stop_disparity_ratio",
)
CHARTS = charts.TABLE_CHARTS  # in reading order
# The charts sit two to a row, and one to a row where two would each be narrower than
# CHART_MIN_WIDTH (a tablet, or a laptop with the sidebar open): a CSS grid over the chart
# container's children (one per chart: the chart and its caption). Not ``st.columns``: those
# only stack on a phone-sized screen (and squeeze each chart to ~200 px on a 900 px one), and
# four rows of two columns are twelve more elements for the browser to restyle on every move.
CHART_MIN_WIDTH = 360  # px
CHART_GAP = "1rem"
CHART_GRID_STYLE = (
    f"<style>.st-key-explore_charts{{display:grid;gap:{CHART_GAP};grid-template-columns:"
    f"repeat(auto-fit,minmax(min(100%,max({CHART_MIN_WIDTH}px,calc(50% - {CHART_GAP} / 2))),"
    "1fr))}</style>"
)
TABLES_KEY = "explore_tables"  # the data tables' expander (True while open)


# ----------------------------------------------------------------------------- sections
def _preset_bar(tr: Translator) -> None:
    progs, jurs = state.program_presets(), state.jurisdiction_presets()
    # The selectors' keys were synced with the state at the start of ``render``. One row (it
    # wraps on a narrow screen): the two presets, then Reset and Undo.
    with st.container(horizontal=True, vertical_alignment="bottom"):
        if progs:
            st.selectbox(tr("explore.program_preset"), options=list(progs), key=state.W_PROGRAM,
                         format_func=lambda s: preset_name(tr, s),
                         on_change=state.on_presets_change, help=tr("explore.program_preset_help"))
        if jurs:
            pop = state.values()["population"]
            st.selectbox(tr("explore.jurisdiction_preset"), options=list(state.jurisdiction_options()),
                         key=state.W_JURISDICTION, format_func=lambda s: county_name(tr, s, pop),
                         on_change=state.on_presets_change,
                         help=tr("explore.jurisdiction_preset_help"))
        st.button(tr("explore.reset"), key="reset", icon=":material/restart_alt:",
                  on_click=state.reset, help=tr("explore.reset_help"))
        st.button(tr("explore.undo"), key="undo", icon=":material/undo:", on_click=state.undo,
                  disabled=not state.can_undo(), help=tr("explore.undo_help"))
    prog = state.program()
    lines = []  # one caption: the program preset in a line, and what was changed from it
    if prog:
        line = tr(f"preset.{prog}.summary")
        if line != MISSING.format(f"preset.{prog}.summary"):
            lines.append(line)
    changed = state.changed_from_preset()
    if changed:
        names = ", ".join(tr(f"param.{n}.label") for n in changed[:6])
        more = len(changed) - 6
        lines.append(tr("explore.changed", n=len(changed), names=names)
                     + (" " + tr("explore.changed_more", n=more) if more > 0 else ""))
    if lines:
        st.caption("  \n".join(lines))
    about = st.expander(tr("explore.about_presets"), icon=":material/menu_book:",
                        key="about_presets", on_change="rerun")
    if about.open:  # drawn only while open, in one Markdown element for both presets
        about.markdown("\n\n".join(
            f"**{preset_name(tr, stem)}**\n\n" + preset_description(tr, stem).replace("$", "\\$")
            for stem in (prog, None if state.county_changed() else state.jurisdiction()) if stem))


def card(tr: Translator, res: model.Results, name: str) -> Card:
    """One headline card's texts: the value, its change against no agreement, and its p5-p95
    range (plus, for removals, how many are additional)."""
    o = res.outcomes[name]
    difference = model.outcomes.BY_NAME[name].kind == "difference"
    # the headline: the median of the draws when there are draws (always inside the range
    # printed under it), else the run with every assumption as set
    head, head_delta = (o.headline, o.headline_delta) if res.draws else (o.value, o.delta)
    if difference:  # already a difference against no agreement
        value, delta = fmt(tr, name, head, signed=True), tr("explore.vs_none")
    else:
        value = fmt(tr, name, head)
        delta = f"{fmt_delta(tr, name, head_delta)} {tr('explore.vs_none')}"
    notes = []
    if name == "removals":
        notes.append(tr("explore.card_additional",
                        n=tr.number(res.outcomes["removals_additional"].value)))
    if name == "cost_net_usd" and o.value < 0:  # a negative cost is money coming in: say so
        notes.append(tr("explore.card_revenue", amount=tr.usd(-o.value)))
    if res.draws:
        notes.append(tr("explore.range", lo=fmt(tr, name, o.p5, signed=difference),
                        hi=fmt(tr, name, o.p95, signed=difference)))
        notes.append(tr("explore.headline_median", n=tr.number(res.draws)))
    return Card(name, tr(f"outcome.{name}.label"), value, delta, tuple(notes),
                tr(f"outcome.{name}.description"), tr("explore.card_about"))


def _cards(tr: Translator, res: model.Results) -> None:
    """The six cards (a grid of three across on a laptop or a projector, fewer across on a
    narrower screen) and the summary below them, in one element (see ui/cards.py). It also
    carries the chart grid's style: one element fewer on every run."""
    text = summary(tr, res, results.top_driver(state.values(), state.years()))
    # the "not a forecast" notice opens the results (and is the skip link's target)
    st.html(CHART_GRID_STYLE + cards_html([card(tr, res, name) for name in CARDS],
                                          summary=(tr("explore.summary.title"), text),
                                          before=screen.notice_html(tr("app.not_a_forecast"))))


LIVE = ("removals", "reporting_rate_immigrant_end", "net_crime_change")  # the live box's results


def _live(tr: Translator, res: model.Results) -> None:
    """The headline results, small, at the top of the sidebar (shown on a phone or a tablet,
    where the open sidebar covers the page): they change as a control is moved."""
    items = []
    for name in LIVE:
        c = card(tr, res, name)
        items.append((c.label, c.value))
    st.html(screen.live_html(tr("explore.live_title"), items))


class SharedFigure(charts.Figure):
    """A figure shared, unchanged, by every session (see ``_figure``). Streamlit asks for its
    dict form (``to_dict``, a deep copy) on every rerun that draws it; this one computes it
    once. Nothing may change the figure after it is made (``update_*`` or attribute writes
    would not show): it lives only in the page's figure cache."""

    _sent: dict | None = None

    @classmethod
    def adopt(cls, fig: charts.Figure) -> SharedFigure:
        """``fig`` itself, turned into a SharedFigure (no copy: building a second figure from
        its dict would cost about as much as the chart factory did)."""
        fig.__class__ = cls
        return fig

    def to_dict(self) -> dict:
        if self._sent is None:
            self._sent = super().to_dict()
        return self._sent


_FIGURES: OrderedDict = OrderedDict()  # (name, key, years, draws, lang) -> (figure, caption)
_FIGURES_MAX = 128
_FIGURES_LOCK = threading.Lock()


def _figure(name: str, key: str, years: int, draws: int, lang: str, _obj) -> tuple[SharedFigure, str]:
    """A chart and its caption for one parameter set, built once per process and shared by
    every session (``_obj``, the results or the frontier of exactly that set, is not part of
    the key). Nothing changes a figure after this: each is a ``SharedFigure``, whose dict
    form Streamlit reads (and serialises) on every run that draws it. A plain LRU dict
    rather than ``st.cache_data`` (which would pickle and unpickle the figure on every hit)
    or ``st.cache_resource`` (which hashes its five arguments on every one of the seven
    lookups a run)."""
    k = (name, key, years, draws, lang)
    with _FIGURES_LOCK:
        hit = _FIGURES.get(k)
        if hit is not None:
            _FIGURES.move_to_end(k)
            return hit
    tr = Translator(lang)
    made = SharedFigure.adopt(getattr(charts, name)(_obj, tr)), charts.caption(name, _obj, tr)
    with _FIGURES_LOCK:
        _FIGURES[k] = made
        while len(_FIGURES) > _FIGURES_MAX:
            _FIGURES.popitem(last=False)
    return made


def _data(name: str, res: model.Results):
    """What chart ``name`` draws: the run itself, or for the frontier its own (cached) sweep,
    run only when the chart is drawn."""
    return results.cached_frontier(res.params, res.years) if name == "frontier" else res


def _charts(tr: Translator, res: model.Results) -> None:
    """Each chart with its caption, in the chart grid, then the charts' data tables."""
    key = state.digest(state.freeze(res.params))  # the parameter set's, for the figure cache
    prov = export.Provenance(scenario=actions.default_name(tr), county=county_name(
        tr, state.jurisdiction_choice(), state.values()["population"]))
    with st.container(key="explore_charts"):  # its key names it in CHART_GRID_STYLE
        for name in CHARTS:
            fig, cap = _figure(name, key, res.years, res.draws, tr.lang, _data(name, res))
            # The toolbar's "download as PNG" names its file after the scenario, the county,
            # the chart and the date (the full provenance is in the panel's chart images).
            config = screen.plotly_config(tr.lang, toImageButtonOptions={
                "format": "png", "filename": export.image_filename(prov, name)})
            with st.container():
                st.plotly_chart(fig, key=f"chart_{name}", theme=None, config=config, alt=cap)
                st.caption(cap.replace("$", "\\$"))
    # Every chart's data as a table, under the chart's title, built only while the expander is
    # open (one expander, not one per chart: each is an element restyled on every move).
    # Opening it reruns the page (a fragment would rerun less, but each costs ~0.3 ms on every
    # run: Streamlit copies the session state for it).
    exp = st.expander(tr("explore.tables"), key=TABLES_KEY, on_change="rerun",
                      icon=":material/table:")
    with exp:
        if exp.open:
            for name in CHARTS:
                st.markdown("**" + tr(f"charts.{name}.title", years=res.years).replace("$", "\\$")
                            + "**")
                st.dataframe(charts.text_table(name, _data(name, res), tr), hide_index=True)


# ----------------------------------------------------------------------------- the page
def render() -> None:
    """The layout reads top to bottom (presets, cards, summary, charts, actions; controls in the
    sidebar), but the script fills it in a different order: the script's elements reach the
    browser in the order they are written, so the charts are drawn first into their place,
    then the preset bar, cards and summary into a container laid out above them (the summary
    needs a sensitivity run), and the sidebar's controls last. That needs nothing from the
    controls: a moved widget's callback has already updated the canonical state before this
    run started, and every control shown is still drawn on every run, only later in it."""
    tr = state.translator()
    # The widget keys (the preset selectors here, the controls in the sidebar) get the
    # canonical values before any of them is drawn.
    state.sync_widgets(widgets.PARAM_NAMES)
    st.title(tr("explore.title"))
    st.caption(tr("explore.intro"))
    top = st.container()
    res = results.current_results()
    _charts(tr, res)
    with top:
        county_picker.render(tr)
        _preset_bar(tr)
        _cards(tr, res)
    st.divider()
    actions.panel(tr, res, page="explore")
    with st.sidebar:
        _live(tr, res)
        widgets.controls(tr, sync=False)
