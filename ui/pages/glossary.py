"""Glossary page: plain-language definitions in the current language, filtered by a search box.

Terms live in ``ui/locales/<lang>/glossary.toml`` under ``glossary.terms.<id>.term|definition``
(optional ``also``: other names). The list is read from the catalog, so a term added there
appears here with no code change. Sorted alphabetically in the reader's language; the search
ignores case and accents ("retencion" finds "retención").
"""
from __future__ import annotations

import unicodedata

import streamlit as st

from ui import i18n, state

PREFIX = "glossary.terms."
SEARCH_KEY = "glossary_search"


def fold(text: str) -> str:
    """Lower-case, accents removed: the form used for searching and sorting."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def term_ids(lang: str) -> list[str]:
    """Ids of every glossary term in ``lang``'s catalog, in catalog order."""
    ids: list[str] = []
    for key in i18n.catalog(lang):
        if key.startswith(PREFIX) and key.endswith(".term"):
            ids.append(key[len(PREFIX):-len(".term")])
    return ids


def other_lang(lang: str) -> str:
    return next(code for code in i18n.LANGS if code != lang)


def entries(tr) -> list[dict[str, str]]:
    """Every term as a dict (id, term, also, definition, other), sorted by the folded term.
    ``other`` is the same term in the other language: bilingual groups can search either."""
    cat = i18n.catalog(tr.lang)
    other = i18n.catalog(other_lang(tr.lang))
    out = []
    for tid in term_ids(tr.lang):
        also_key = f"{PREFIX}{tid}.also"
        out.append({
            "id": tid,
            "term": tr(f"{PREFIX}{tid}.term"),
            "also": tr(also_key) if also_key in cat else "",
            "definition": tr(f"{PREFIX}{tid}.definition"),
            "other": other.get(f"{PREFIX}{tid}.term", ""),
        })
    out.sort(key=lambda e: fold(e["term"]))
    return out


def matches(entry: dict[str, str], query: str) -> bool:
    q = fold(query.strip())
    if not q:
        return True
    hay = fold(" ".join((entry["term"], entry["also"], entry["definition"], entry.get("other", ""))))
    return all(word in hay for word in q.split())


def render() -> None:
    tr = state.translator()
    st.title(tr("glossary.ui.title"))
    st.caption(tr("glossary.ui.intro"))
    query = st.text_input(tr("glossary.ui.search"), key=SEARCH_KEY,
                          placeholder=tr("glossary.ui.search_placeholder"),
                          help=tr("glossary.ui.search_help"))
    all_entries = entries(tr)
    from ui import handout

    st.download_button(tr("glossary.ui.handout"), key="glossary_handout",
                       data=lambda: handout.glossary_html(tr, all_entries),
                       file_name=tr("glossary.ui.handout_file"), mime="text/html",
                       on_click="ignore", icon=":material/print:", help=tr("glossary.ui.handout_help"))
    shown = [e for e in all_entries if matches(e, query or "")]
    st.caption(tr("glossary.ui.count", shown=len(shown), total=len(all_entries)))
    if not shown:
        # The query is the user's text: shown through st.text-like escaping, never as HTML.
        st.info(tr("glossary.ui.none", query=state.md_escape(query, limit=60)))
        return
    for e in shown:
        with st.container(border=True):
            st.markdown(f"**{e['term']}**")
            notes = [tr("glossary.ui.also", names=e["also"])] if e["also"] else []
            if e["other"] and fold(e["other"]) != fold(e["term"]):
                notes.append(tr("glossary.ui.other", term=e["other"]))
            if notes:
                st.caption(" · ".join(notes))
            st.write(e["definition"])
