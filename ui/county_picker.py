""""Pick your county": a searchable choice of every US county, whose real facts fill
"Your jurisdiction", with the county's 287(g) agreements and the matching program preset.

The facts come from the tables in ``data/`` (built by ``data/build_counties.py``) through
``counties``; how each fact becomes a parameter is ``counties.mapping``. Choosing a county
changes only the jurisdiction's parameters (``state.choose_county``): levers and assumptions
stay. The chosen FIPS goes into the share link (``c``, with the data vintage ``cd``) and into
saved and downloaded scenario files (``[county]``).

Cheap on a slider move: the panel is an expander whose content (the 3,144-option list, the
facts and the agreements) is drawn only while it is open; closed, it is one line.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from scenarios import counties
import model
from scenarios.counties import mapping
from ui import state
from ui.i18n import Translator

PANEL_KEY = "county_panel"  # the expander (True while open)
PICK_KEY = "county_pick"    # the selectbox (a FIPS code or None)
_TITLE_KEY = "county_panel_title"  # the panel's title while it is open
BOOKINGS_KEY = "county_bookings"    # the user's own jail-bookings file (never stored)
_BOOKINGS_MSG = "county_bookings_msg"


# ----------------------------------------------------------------------------- texts
def option_label(fips: str) -> str:
    """"Harris County, TX · 48201": typing a name or a FIPS code finds it."""
    c = counties.load().get(fips)
    return f"{c.label} · {fips}" if c else fips


def fmt_fact(tr: Translator, name: str, value: Any) -> str:
    if name == "population" or name == "sworn_officers":
        return tr.number(value)
    return tr.pct(value, 1)


def model_name(tr: Translator, code: str) -> str:
    return tr(f"county.model.{code}")


def _date(tr: Translator, iso: str) -> str:
    return iso or tr("county.no_date")


def summary_line(tr: Translator, c: counties.County) -> str:
    """The county and its models in force, for the panel's title."""
    if not c.models:
        return tr("county.title_none", county=c.label)
    models = ", ".join(model_name(tr, m) for m in c.models)
    return tr("county.title_models", county=c.label, models=models)


# ----------------------------------------------------------------------------- callbacks
def _on_pick() -> None:
    fips = st.session_state.get(PICK_KEY)
    if fips != state.county():
        state.choose_county(fips)


def _on_clear() -> None:
    state.choose_county(None)


def _on_preset(stem: str) -> None:
    state.apply_presets(stem, state.jurisdiction())


# ----------------------------------------------------------------------------- drawing
def render(tr: Translator) -> None:
    """The panel (call where the page wants it; Explore puts it above its preset bar)."""
    c = counties.load().get(state.county())
    # The title names the chosen county; it stays the same while the panel is open (a new
    # title would make a new expander, closed, just after a county is chosen).
    kept = st.session_state.get(_TITLE_KEY)
    if st.session_state.get(PANEL_KEY) and kept and kept[0] == tr.lang:
        title = kept[1]
    else:
        title = summary_line(tr, c) if c else tr("county.panel")
        st.session_state[_TITLE_KEY] = (tr.lang, title)
    panel = st.expander(title, key=PANEL_KEY, on_change="rerun", icon=":material/location_on:")
    if not panel.open:
        return
    with panel:
        if st.session_state.get(PICK_KEY, None) != state.county():
            st.session_state[PICK_KEY] = state.county()
        st.selectbox(tr("county.pick"), options=counties.load().fips_codes(), index=None,
                     key=PICK_KEY, format_func=option_label, on_change=_on_pick,
                     placeholder=tr("county.placeholder"), filter_mode="contains",
                     help=tr("county.pick_help"))
        if c is None:
            st.caption(tr("county.none_chosen"))
            return
        _facts(tr, c)
        _bookings(tr, c)
        _agreements(tr, c)
        st.button(tr("county.clear"), key="county_clear", on_click=_on_clear,
                  icon=":material/close:")


def _facts(tr: Translator, c: counties.County) -> None:
    vals = state.values()
    lines = []
    for name, fill in mapping.fills(c).items():
        line = tr("county.fact", label=tr(f"param.{name}.label"), value=fmt_fact(tr, name, fill.value),
                  source=tr(f"county.source.{name}"), year=fill.fact.year)
        if fill.clamped:
            line += " " + tr("county.clamped", raw=fmt_fact(tr, name, fill.raw))
        if vals.get(name) != fill.value:
            line += " " + tr("county.changed", value=fmt_fact(tr, name, vals.get(name)))
        lines.append("- " + line)
    for name in mapping.missing(c):
        lines.append("- " + tr("county.missing", label=tr(f"param.{name}.label")))
    st.markdown(tr("county.facts_title", county=c.label) + "\n" + "\n".join(lines))
    kept = ", ".join(tr(f"param.{p.name}.label") for p in mapping.national_defaults())
    st.caption(tr("county.defaults", names=kept))
    excess = mapping.officer_excess(c, vals)
    if excess:
        st.warning(tr("county.officers_exceed", designated=tr.number(excess[0]),
                      sworn=tr.number(excess[1])), icon=":material/warning:")


def _on_bookings_file() -> None:
    """Fill bookings per 1,000 from the user's own file (kept in memory for this run only)."""
    from scenarios.counties.bookings import BookingsError, read_bookings

    up, fips = st.session_state.get(BOOKINGS_KEY), state.county()
    if up is None or not fips:
        return
    try:
        found = read_bookings(up.getvalue(), fips)
    except BookingsError as err:
        st.session_state[_BOOKINGS_MSG] = ("error", {"field": err.field, "value": str(err.value),
                                                     "allowed": err.allowed})
        return
    p = model.BY_NAME["bookings_per_1000"]
    value = round(min(max(found.value, p.min), p.max), 1)
    state.set_value("bookings_per_1000", value)
    st.session_state[_BOOKINGS_MSG] = ("ok", {"value": f"{found.value:.1f}", "year": found.year
                                              or "?", "used": f"{value:g}"})


def _bookings(tr: Translator, c: counties.County) -> None:
    """Optional: the user's own jail-bookings file (e.g. Vera's incarceration trends)."""
    from scenarios.counties.bookings import MAX_MB

    st.file_uploader(tr("county.bookings_upload"), type=["csv"], key=BOOKINGS_KEY,
                     on_change=_on_bookings_file, max_upload_size=MAX_MB,
                     help=tr("county.bookings_help", mb=MAX_MB))
    msg = st.session_state.get(_BOOKINGS_MSG)
    if msg:
        kind, kw = msg
        safe = {k: state.md_escape(v) for k, v in kw.items()}
        if kind == "ok":
            st.success(tr("county.bookings_ok", county=c.label, **safe), icon=":material/check:")
        else:
            st.error(tr("county.bookings_bad", **safe), icon=":material/error:")


def _link(tr: Translator, url: str) -> str:
    return f"[{tr('county.moa')}]({url})" if url.startswith("https://") else tr("county.moa_pending")


def _agreements(tr: Translator, c: counties.County) -> None:
    table = counties.load()
    rows = table.agreements(c.fips)
    if rows:
        items = [tr("county.agreement", agency=state.md_escape(a.agency, 90),
                    model=model_name(tr, a.model), date=_date(tr, a.signed), link=_link(tr, a.moa))
                 for a in rows]
        st.markdown(tr("county.agreements_title", n=len(rows), date=counties.ICE_AS_OF) + "\n"
                    + "\n".join("- " + i for i in items))
    else:
        st.markdown(tr("county.no_agreements", date=counties.ICE_AS_OF))
    statewide = table.statewide(c.state)
    if statewide:
        names = "; ".join(sorted({f"{state.md_escape(a.agency, 60)} ({model_name(tr, a.model)})"
                                  for a in statewide}))
        st.caption(tr("county.statewide", n=len(statewide), names=names))
    match = mapping.matching_preset(c, state.program_presets())
    if match and match != state.program():
        from ui.format import preset_name

        st.button(tr("county.use_preset", preset=preset_name(tr, match)), key="county_preset",
                  on_click=_on_preset, args=(match,), icon=":material/auto_fix_high:",
                  help=tr("county.use_preset_help"))


def sidebar_note(tr: Translator) -> None:
    """Under "Your jurisdiction" in the sidebar: where the figures come from."""
    c = counties.load().get(state.county())
    if c is None:
        st.caption(tr("county.sidebar_example"))
        return
    vals = state.values()
    parts = []
    for name, fill in mapping.fills(c).items():
        mark = tr("county.sidebar_changed") if vals.get(name) != fill.value else ""
        parts.append(tr("county.sidebar_fact", label=tr(f"param.{name}.label"),
                        source=tr(f"county.source_short.{name}"), year=fill.fact.year) + mark)
    st.caption(tr("county.sidebar_filled", county=c.label) + " " + "; ".join(parts) + ". "
               + tr("county.sidebar_defaults"))
