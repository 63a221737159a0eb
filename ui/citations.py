"""Citations in the app: a parameter's sources as numbered links to the sources registry.

The entries and the matching live in ``model.sources`` (``model/sources_data.py``); this module only
writes them for the screen (Markdown for help texts and the sources page) and for the report
(escaped HTML). Numbers are the bibliography's (docs/BIBLIOGRAPHY.md and the sources page's list).
"""
from __future__ import annotations

import html
from typing import Iterable

from model import sources
from model.params import Param

MD_SPECIAL = ("\\", "$", "~", "*", "_", "[", "]", "<", ">", "`")


def _md(text: str) -> str:
    for ch in MD_SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text


def source_text(text: str) -> str:
    """A (translated) source text without the internal "[evidence B]" labels."""
    return sources.clean(text)


def numbered(text: str, p: Param) -> str:
    """A (translated) source text without internal labels, followed by the numbers of the
    bibliography entries the parameter cites: "Hausman 2020: ... [37]"."""
    nums = [str(s.number) for s in sources.for_param(p)]
    text = source_text(text)
    return f"{text} [{', '.join(nums)}]" if nums else text


def links_md(entries: Iterable[sources.Source]) -> str:
    """"[1] Hausman 2020, [12] Coon 2017": each number a link to the entry's address where it has
    one (opens in a new tab), plain text otherwise; the numbers are the sources page's list."""
    parts = []
    for s in entries:
        label = f"\\[{s.number}\\] {_md(s.short())}"
        parts.append(f"[{label}]({s.url})" if s.url else label)
    return ", ".join(parts)


def param_links_md(p: Param) -> str:
    """The Markdown links of the entries a parameter cites ("" when it cites none)."""
    return links_md(sources.for_param(p))


def report_html(params: Iterable[Param], title: str = "Sources") -> str:
    """A small, self-contained HTML section for the report: the entries the given parameters
    cite, numbered as in the bibliography, each with its address as a link. Everything escaped."""
    rows = sources.report_sources(params)
    if not rows:
        return ""
    items = []
    for r in rows:
        text = (f"[{r['number']}] {html.escape(r['authors'])} ({html.escape(r['year'])}). "
                f"<em>{html.escape(r['title'])}</em>. {html.escape(r['venue'])}.")
        if r["url"]:
            url = html.escape(r["url"], quote=True)
            text += f' <a href="{url}">{html.escape(r["url"])}</a>'
        items.append(f"<li>{text}</li>")
    return (f'<section class="sources"><h2>{html.escape(title)}</h2>'
            f'<ol style="list-style:none;padding-left:0">{"".join(items)}</ol></section>')
