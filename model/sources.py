"""The sources registry: the studies and records the parameters cite (``sources_data.py``).

A parameter's ``source`` text names its sources in short forms ("Gonçalves et al.", "Harris
Co.", "GAO-21-186"). Each entry of ``sources_data.ENTRIES`` lists the short forms that stand for it
(``match``); ``cited(text)`` finds the entries a text names by looking for them, so the parameter
registry needs no source ids. Entries are numbered in file order (``number``), which is the order
of docs/BIBLIOGRAPHY.md. ``clean(text)`` drops the internal "[evidence B, C]" labels, which point
to a design file that is not part of the repository; the bibliography links replace them.

Pure Python: no files read, no UI.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .sources_data import ENTRIES
BIBLIOGRAPHY = "docs/BIBLIOGRAPHY.md"  # relative to the repository root
# "[evidence B, C]", "[evidence-2 section 2; evidence E]", "(evidence-2 section 0)", "[B]", and the
# Spanish catalog's "[evidencia D, G]"
_LABEL = re.compile(r"\s*[\[(](?:evidenc(?:e|ia)\b[^\])]*|[A-G](?:,\s*[A-G])*)[\])]")
_ASSUMPTION = re.compile(r"^\s*(assumption|jurisdiction input|lever\b|off by default)", re.I)
REQUIRED = ("id", "authors", "year", "title", "venue", "url", "supports", "match")


@dataclass(frozen=True)
class Source:
    id: str
    number: int
    authors: str
    year: str
    title: str
    venue: str
    url: str
    url_note: str
    supports: str
    match: tuple[str, ...]
    short_name: str = ""

    def anchor(self) -> str:
        """The heading anchor of this entry in docs/BIBLIOGRAPHY.md."""
        return f"src-{self.id}"

    def short(self) -> str:
        """"Hausman 2020": the entry's own short name, else the first author's surname and the year."""
        if self.short_name:
            return self.short_name
        first = re.split(r",|&| and |;| \(", self.authors)[0].strip()
        year = self.year if self.year[:1].isdigit() else self.year.split(" (")[0]
        return f"{first} {year}"

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("id", "number", "authors", "year", "title", "venue",
                                              "url", "url_note", "supports")} | {"match": list(self.match)}


class SourcesError(ValueError):
    """An entry of sources_data.py is malformed: one line naming the entry and the field."""


@lru_cache(maxsize=1)
def registry() -> tuple[Source, ...]:
    out, seen = [], set()
    for i, raw in enumerate(ENTRIES, start=1):
        missing = [k for k in REQUIRED if k not in raw]
        if missing:
            raise SourcesError(f"sources_data entry {i} ({raw.get('id', '?')}): missing {', '.join(missing)}")
        if raw["id"] in seen:
            raise SourcesError(f"sources_data entry {i}: id {raw['id']!r} repeated")
        seen.add(raw["id"])
        out.append(Source(id=raw["id"], number=i, authors=raw["authors"], year=str(raw["year"]),
                          title=raw["title"], venue=raw["venue"], url=raw["url"],
                          url_note=raw.get("url_note", ""), supports=raw["supports"],
                          match=tuple(raw["match"]), short_name=raw.get("short", "")))
    return tuple(out)


def by_id() -> dict[str, Source]:
    return {s.id: s for s in registry()}


def cited(text: str) -> tuple[Source, ...]:
    """The entries a source text names (in registry order), found by their short forms."""
    hay = (text or "").casefold()
    return tuple(s for s in registry() if any(m.casefold() in hay for m in s.match))


def is_assumption(text: str) -> bool:
    """The text says the value is an assumption or the user's own input (no study behind it)."""
    return bool(_ASSUMPTION.match(text or ""))


def clean(text: str) -> str:
    """The source text without its internal "[evidence B, C]" labels."""
    return _LABEL.sub("", text or "").strip()


def for_param(param) -> tuple[Source, ...]:
    """The entries a parameter's (English) source text names."""
    return cited(param.source)


def markdown_links(entries, base: str = "") -> str:
    """"[1](url) Hausman 2020, [7](url) ...": each entry's number linked to its address, or to its
    bibliography entry (``base`` + anchor) when it has none."""
    parts = []
    for s in entries:
        target = s.url or f"{base}#{s.anchor()}"
        parts.append(f"[[{s.number}]]({target}) {s.short()}")
    return ", ".join(parts)


def report_sources(params) -> list[dict]:
    """The entries the given parameters cite, once each, in bibliography order, as plain dicts
    (for a report or export): number, id, authors, year, title, venue, url, url_note, supports."""
    wanted: dict[str, Source] = {}
    for p in params:
        for s in for_param(p):
            wanted[s.id] = s
    return [s.to_dict() for s in sorted(wanted.values(), key=lambda s: s.number)]
