"""Scenario names: normalised, visible, and compared by how they look.

A name is free text shown to people, so three things matter beyond its length:

* one spelling: names are stored in Unicode NFC, so 'é' typed as one character or as 'e' plus a
  combining accent is the same name;
* nothing invisible: control characters (NUL, escape, newline), format characters (zero-width
  space and joiners, the byte-order mark, left-to-right and right-to-left marks and overrides,
  which reorder what is shown), separators other than the ordinary space, surrogates and
  unassigned code points are refused;
* no look-alikes: 'Critics' and 'Сritics' (with a Cyrillic 'С') look the same on screen. The
  library refuses a name whose *skeleton* equals another entry's. The skeleton follows Unicode's
  confusable-detection idea (UTS #39): NFKC folds compatibility forms (full-width, mathematical
  letters), then every character becomes the lowest code point among itself and the characters
  Unicode lists as confusable with it (data: the ``confusable-homoglyphs`` package's copy of
  Unicode's confusables.txt).
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

# Categories refused anywhere in a name: Cc control, Cf format (zero-width, bidi marks and
# overrides, BOM), Cs surrogate, Co private use, Cn unassigned, Zl/Zp line/paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
ALLOWED_SPACE = " "


def normalise(name: str) -> str:
    """The stored form of a name: NFC, other spaces (no-break, thin...) as plain spaces, trimmed."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(ALLOWED_SPACE if unicodedata.category(ch) == "Zs" else ch for ch in text)
    return text.strip()


def invisible(name: str) -> str | None:
    """The first character that must not be in a name, as 'U+XXXX NAME', or None."""
    for ch in name:
        cat = unicodedata.category(ch)
        if cat in REFUSED_CATEGORIES or (cat == "Zs" and ch != ALLOWED_SPACE):
            label = unicodedata.name(ch, "unnamed character")
            return f"U+{ord(ch):04X} {label}"
    return None


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    import confusable_homoglyphs

    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for ch, glyphs in data.items():
        group = [ch] + [g["c"].strip("\u200e") for g in glyphs]
        group = [c for c in group if len(c) == 1]
        if group:
            out[ch] = min(group)
    return out


def skeleton(name: str) -> str:
    """What a name looks like: equal skeletons mean names a reader cannot tell apart."""
    table = _table()
    folded = unicodedata.normalize("NFKC", normalise(name))
    return "".join(table.get(ch, ch) for ch in folded)


def escape(text: object, limit: int | None = None) -> str:
    """Text safe to print to a terminal or put in a one-line message: every character that is not
    printable (escape codes, NUL, newlines, bidi overrides, zero-width characters) is shown as a
    visible escape such as ``\\x1b`` or ``\\u202e``."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    out = []
    for ch in s:
        if ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)
