"""Message catalogs: every user-facing string of the UI, in English and Spanish.

Catalogs are TOML files under ``ui/locales/<lang>/``; all files of a language are merged and
nested tables flattened to dotted keys (``[explore] title = "..."`` -> ``explore.title``). Each UI
module owns its own file, so modules can grow without editing a shared catalog.

Parameter and outcome texts: English comes from the model's registry (one source of truth);
Spanish from ``ui/locales/es/params.toml`` under ``param.<name>.label|unit|description`` and
``outcome.<name>.label|unit|description``.

Numbers use the US convention in both languages (1,234.5; $1,234): it is what US Spanish
readers see in US media and government documents.

A missing key renders as ``⟦key⟧`` so tests can find it; nothing ever raises for a missing string.
"""
from __future__ import annotations

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
    return text.format(**kwargs) if kwargs else text


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

    def usd(self, x: float) -> str:
        sign = "-" if x < 0 else ""
        x = abs(x)
        if x >= 1e6:
            return f"{sign}${x / 1e6:,.1f}M" if self.lang == "en" else f"{sign}US${x / 1e6:,.1f} M"
        return f"{sign}${x:,.0f}" if self.lang == "en" else f"{sign}US${x:,.0f}"
