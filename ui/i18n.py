"""Message catalogs: every user-facing string of the UI, in English and Spanish.

Catalogs are TOML files under ``ui/locales/<lang>/``; all files of a language are merged and
nested tables flattened to dotted keys (``[explore] title = "..."`` -> ``explore.title``). Each UI
module owns its own file, so modules can grow without editing a shared catalog.

Parameter and outcome texts: English comes from the model's registry (one source of truth);
Spanish from ``ui/locales/es/params.toml`` under ``param.<name>.label|unit|description`` and
``outcome.<name>.label|unit|description``.

Numbers use the US convention in both languages (1,234.5; $1,234): it is what US Spanish
readers see in US media and government documents. One rule for each kind of number, used by
every page, the report and the exports (``Translator.number``, ``signed``, ``pct``, ``usd``,
``param_value``):

* money: whole dollars below $1,000, else three significant figures with a unit ($850; $45.2K;
  $400K; $1.3M; in Spanish US$850; US$45.2 mil; US$400 mil; US$1.3 M), so "$399,758" and
  "$1.3M" never sit side by side;
* shares (a unit that starts with "share"): percent, as every card and chart shows them;
* a count of years or months agrees with its number ("over 1 year", not "over 1 years"):
  ``t`` mends "1 years" / "1 años" / "1 months" / "1 meses" after formatting, so no catalog
  needs a singular form of its own.

A missing key renders as ``⟦key⟧`` so tests can find it; nothing ever raises for a missing string.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

LANGS = ("en", "es")
DEFAULT_LANG = "en"
MISSING = "⟦{}⟧"
_ROOT = Path(__file__).parent / "locales"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((_ROOT / lang).glob("*.toml")):
        with path.open("rb") as f:
            merged.update(_flatten(tomllib.load(f)))
    return merged


def _registry_text(key: str) -> str | None:
    """English parameter / outcome texts straight from the model's registry."""
    from model import BY_NAME, OUTCOMES

    parts = key.split(".")
    if len(parts) != 3:
        return None
    kind, name, attr = parts
    if kind == "param" and name in BY_NAME and attr in ("label", "unit", "description", "source"):
        return getattr(BY_NAME[name], attr)
    if kind == "outcome" and attr in ("label", "unit", "description"):
        for o in OUTCOMES:
            if o.name == name:
                return getattr(o, attr)
    return None


def normalize_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The string for ``key`` in ``lang``, formatted with ``kwargs``."""
    lang = normalize_lang(lang)
    text = catalog(lang).get(key)
    if text is None and lang == "en":
        text = _registry_text(key)
    if text is None:
        return MISSING.format(key)
    return _singular(text.format(**kwargs), lang) if kwargs else text


_ONE = {"en": (re.compile(r"(?<![\d.,])1 (year|month)s\b"), r"1 \1"),
        "es": (re.compile(r"(?<![\d.,])1 (año|mes)(?:s|es)\b"), r"1 \1")}


def _singular(text: str, lang: str) -> str:
    """"1 years" -> "1 year" (and "1 años" -> "1 año", "1 meses" -> "1 mes")."""
    pattern, repl = _ONE[lang]
    return pattern.sub(repl, text) if "1 " in text else text


class Translator:
    """``tr = Translator("es"); tr("explore.title")`` - a catalog bound to one language."""

    def __init__(self, lang: str | None = None):
        self.lang = normalize_lang(lang)

    def __call__(self, key: str, **kwargs) -> str:
        return t(key, self.lang, **kwargs)

    # Number formatting: US convention in both languages (see module docstring).
    def number(self, x: float, digits: int = 0) -> str:
        return f"{x:,.{digits}f}"

    def signed(self, x: float, digits: int = 0) -> str:
        return f"{x:+,.{digits}f}"

    def pct(self, x: float, digits: int = 0) -> str:
        return f"{x * 100:.{digits}f}%"

    _UNITS = {"en": ((1e9, "B"), (1e6, "M"), (1e3, "K")),
              "es": ((1e9, " mil M"), (1e6, " M"), (1e3, " mil"))}

    def usd(self, x: float) -> str:
        """Money, one rule everywhere (see the module docstring)."""
        sign = "-" if x < 0 else ""
        a = abs(float(x))
        prefix = "$" if self.lang == "en" else "US$"
        for div, suffix in self._UNITS[self.lang]:
            v = a / div
            digits = 0 if v >= 99.95 else 1  # three significant figures, at most one decimal
            if round(v, digits) >= 1 and (div == 1e9 or round(v, digits) < 1000):
                text = f"{v:,.{digits}f}"
                if digits and text.endswith(".0"):
                    text = text[:-2]
                return f"{sign}{prefix}{text}{suffix}"
        return f"{sign}{prefix}{a:,.0f}"

    def param_value(self, v: float, unit: str = "", integer: bool = False) -> str:
        """A setting's number as a reader writes it: shares in percent, dollars by ``usd``'s
        rule for large sums, whole numbers with separators, others without trailing zeros."""
        if unit.startswith("share"):
            return self.pct(v, 0 if round(v * 100, 1) == round(v * 100) else 1)
        if integer or (float(v).is_integer() and abs(v) >= 1000):
            return self.number(v)
        return f"{float(v):,.4g}"
