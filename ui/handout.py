"""Printable handouts for workshops: role cards, exercises and the glossary as one HTML page.

No Streamlit here: text in (a Translator), a self-contained HTML string out, every catalog text
escaped (``html.escape``), so the page is safe to open anywhere and prints on paper one card per
block. The workshop and glossary pages offer it through ``st.download_button``.
"""
from __future__ import annotations

import html
import re

from ui.i18n import Translator

CSS = """
body{font-family:Source Sans Pro,Open Sans,Arial,sans-serif;color:#222;max-width:900px;margin:2em auto;
line-height:1.45;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #ccc}
.card{border:1px solid #999;border-radius:6px;padding:.6em 1em;margin:.8em 0;break-inside:avoid}
.card h3{margin:.2em 0}.muted{color:#555;font-size:.92em}dt{font-weight:bold;margin-top:.6em}
@media print{body{margin:0}a{color:#222}}
"""
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _text(s: str) -> str:
    """Catalog text (which may use **bold** and "- " / "1. " lines) as escaped HTML."""
    lines = [ln.strip() for ln in s.strip().splitlines() if ln.strip()]
    out, items, ordered = [], [], False

    def flush():
        nonlocal items
        if items:
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>")
            items = []

    for ln in lines:
        esc = _BOLD.sub(r"<strong>\1</strong>", html.escape(ln))
        m = re.match(r"^(?:- |\d+\. )(.*)$", esc)
        if m:
            ordered = not ln.startswith("- ")
            items.append(m.group(1))
        else:
            flush()
            out.append(f"<p>{esc}</p>")
    flush()
    return "".join(out)


def workshop_html(tr: Translator, roles, exercises, page_names: dict[str, str]) -> str:
    """Role cards and exercises (ids from ui.pages.workshop) as one printable page."""
    e = html.escape
    parts = [f"<h1>{e(tr('app.title'))} · {e(tr('workshop.title'))}</h1>",
             _text(tr("workshop.intro")),
             f"<h2>{e(tr('workshop.tab.roles'))}</h2>", _text(tr("workshop.roles.intro", **page_names))]
    for rid, (adjust, watch) in roles.items():
        parts.append('<div class="card">')
        parts.append(f"<h3>{e(tr(f'workshop.roles.{rid}.name'))}</h3>")
        parts.append(f'<p class="muted">{e(tr(f"workshop.roles.{rid}.who"))}</p>')
        parts.append(_text(tr("workshop.roles.question", question=tr(f"workshop.roles.{rid}.question"))))
        parts.append(_text(tr("workshop.roles.adjust")))
        parts.append("<ul>" + "".join(f"<li>{e(tr(f'param.{n}.label'))}</li>" for n in adjust) + "</ul>")
        parts.append(_text(tr("workshop.roles.watch")))
        parts.append("<ul>" + "".join(f"<li>{e(tr(f'outcome.{n}.label'))}</li>" for n in watch) + "</ul>")
        parts.append(f'<p class="muted">{e(tr(f"workshop.roles.{rid}.tip", **page_names))}</p>')
        parts.append("</div>")
    parts.append(f"<h2>{e(tr('workshop.tab.exercises'))}</h2>")
    for ex_id in exercises:
        parts.append('<div class="card">')
        parts.append(f"<h3>{e(tr(f'workshop.exercises.{ex_id}.title'))}</h3>")
        parts.append(f'<p class="muted">{e(tr("workshop.exercises.minutes", n=tr(f"workshop.exercises.{ex_id}.minutes")))}</p>')
        parts.append(_text(tr(f"workshop.exercises.{ex_id}.goal")))
        parts.append(_text(tr("workshop.exercises.steps")))
        parts.append(_text(tr(f"workshop.exercises.{ex_id}.steps", **page_names)))
        parts.append(_text(tr("workshop.exercises.questions")))
        parts.append(_text(tr(f"workshop.exercises.{ex_id}.questions")))
        parts.append("</div>")
    parts.append(f'<p class="muted">{e(tr("app.not_a_forecast"))}</p>')
    return _page(tr, tr("workshop.title"), "".join(parts))


def glossary_html(tr: Translator, entries: list[dict[str, str]]) -> str:
    """The glossary entries (from ui.pages.glossary.entries) as one printable page."""
    e = html.escape
    parts = [f"<h1>{e(tr('app.title'))} · {e(tr('glossary.ui.title'))}</h1>", "<dl>"]
    for entry in entries:
        parts.append(f"<dt>{e(entry['term'])}</dt>")
        notes = [tr("glossary.ui.also", names=entry["also"])] if entry["also"] else []
        if entry.get("other") and entry["other"] != entry["term"]:
            notes.append(tr("glossary.ui.other", term=entry["other"]))
        extra = f' <span class="muted">({e(" · ".join(notes))})</span>' if notes else ""
        parts.append(f"<dd>{e(entry['definition'])}{extra}</dd>")
    parts.append("</dl>")
    return _page(tr, tr("glossary.ui.title"), "".join(parts))


def _page(tr: Translator, title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="{tr.lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>")
