"""Share links: a scenario's parameters <-> URL query parameters.

A link carries the parameters that differ from the defaults and the model version that made it::

    /explore?lang=es&s=eJyrVipJzSvJLKlUslIqSy0qzszPU...&v=1.0.0

Encoding of ``s``: compact JSON of the sparse diff -> zlib (level 9) -> URL-safe base64 without
padding. Why not readable ``name=value`` pairs: a scenario that differs in 25 parameters (the
debate presets do) makes a 900-character query of long names, which mail clients wrap and chat
apps cut; compressed it is a few hundred characters, and the value is opaque so nobody edits a
link by hand into an invalid state. Readability lives in the scenario file instead.

Safety: ``s`` is capped at MAX_QUERY_CHARS before decoding, decompression stops at
MAX_JSON_BYTES of output (a zip bomb cannot expand in memory), and the decoded parameters pass
through exactly the same validation as a scenario file (``scenarios.files``). Every problem
raises ``ScenarioError`` naming the field.

Version notices: a link made by an older model version is migrated through ``CHANGELOG``
(parameters renamed or re-expressed, defaults changed) and opens with a notice naming each change
that touches it.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

from model.params import BY_NAME, ParamError, defaults, diff_from_defaults, resolve
from scenarios.files import ScenarioError, _check_parameters

MAX_QUERY_CHARS = 4000  # of the encoded ``s`` value; browsers and servers accept ~8 KB URLs
MAX_JSON_BYTES = 64 * 1024  # decompressed payload cap (zip-bomb guard)
MAX_VERSION_CHARS = 40

LANGS = ("en", "es")
# The app's pages (ui/pages PAGE_NAMES; a test keeps the two lists equal: the model cannot import the UI)
PAGES = ("explore", "map", "compare", "decide", "drivers", "sources", "glossary", "workshop")
EXTRA_KEYS = {"lang": LANGS, "page": PAGES}
# A real county whose facts filled the jurisdiction: its FIPS code and the county tables'
# vintage (the app checks that the county exists; the parameters themselves are in ``s``).
COUNTY_KEYS = {"c": (re.compile(r"[0-9]{5}"), "a 5-digit county FIPS code"),
               "cd": (re.compile(r"[0-9A-Za-z.+-]{1,40}"), "a data vintage such as "
                                                           "'census2024-ice20260518'")}
RESERVED = ("s", "v")

_VERSION_RE = re.compile(r"(\d{1,4})\.(\d{1,4})\.(\d{1,4})")  # used with fullmatch: '$' passes '1.0.0\n'


def _screening_from_flag(value: Any) -> tuple[str, Any]:
    if not isinstance(value, bool):
        raise ScenarioError("s.screening_targeted", value, "true or false (model 0.9 links)")
    return "screening", "targeted" if value else "universal"


# Model versions, oldest first, with what changed in each relative to the previous one.
#   renamed:  old name -> (new name, converter(value) -> (new name, new value)) or new name
#   defaults: name -> (old default, new default) so a notice can say that values a link did not
#             set now take a different default
#   removed:  names that no longer exist (dropped with a notice)
CHANGELOG: dict[str, dict[str, Any]] = {
    "0.9.0": {},  # first shared links (scenario schema v1)
    "1.0.0": {
        "renamed": {"screening_targeted": _screening_from_flag},
        "defaults": {},
        "removed": (),
        "note": "jail screening became a choice (universal / targeted) instead of an on/off flag",
    },
}


def _current_version() -> str:
    from model import MODEL_VERSION

    return MODEL_VERSION


def _parse_version(text: str) -> tuple[int, int, int]:
    m = _VERSION_RE.fullmatch(text)
    if not m:
        raise ScenarioError("v", text, "a model version such as '1.0.0'")
    return tuple(int(x) for x in m.groups())  # type: ignore[return-value]


@dataclass
class ShareResult:
    values: dict[str, Any]  # the full, resolved parameter set
    notices: list[str] = field(default_factory=list)  # plain-English notes for the user
    extra: dict[str, str] = field(default_factory=dict)  # lang, page
    version: str = ""  # the model version that made the link


def encode(diff: dict[str, Any]) -> str:
    raw = json.dumps(diff, separators=(",", ":"), sort_keys=True, ensure_ascii=True, allow_nan=False)
    return base64.urlsafe_b64encode(zlib.compress(raw.encode("ascii"), 9)).decode("ascii").rstrip("=")


def decode(text: Any) -> dict[str, Any]:
    """The parameter dict inside an ``s`` value (not yet validated against the registry)."""
    if not isinstance(text, str):
        raise ScenarioError("s", text, "text")
    if len(text) > MAX_QUERY_CHARS:
        raise ScenarioError("s", f"{len(text):,} characters", f"at most {MAX_QUERY_CHARS:,} characters")
    if not re.fullmatch(r"[A-Za-z0-9_-]*={0,2}", text):
        raise ScenarioError("s", text, "URL-safe base64 (letters, digits, '-' and '_')")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ScenarioError("s", text, "URL-safe base64 of a compressed scenario") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_JSON_BYTES)
    except zlib.error:
        raise ScenarioError("s", text, "a compressed scenario made by this simulator") from None
    if inflater.unconsumed_tail:
        raise ScenarioError("s", text, f"a scenario of at most {MAX_JSON_BYTES:,} bytes when expanded")
    if not inflater.eof:
        raise ScenarioError("s", text, "a complete compressed scenario (the link looks cut short)")
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except ScenarioError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ScenarioError("s", raw[:60], "a JSON object of parameter values") from None
    if not isinstance(doc, dict):
        raise ScenarioError("s", doc, "a JSON object of parameter values")
    return doc


def _reject_constant(name: str) -> Any:
    raise ScenarioError("s", name, "finite numbers only")


def to_query(values: dict[str, Any], **extra: str) -> dict[str, str]:
    """Query parameters for a share link: ``s`` (the diff), ``v`` (model version), and extras.

    ``values`` may be full or sparse; ``extra`` accepts ``lang`` (en/es) and ``page``.
    """
    if not hasattr(values, "items"):
        raise ScenarioError("values", values, "a dict of parameter values")
    try:
        full = resolve(dict(values))
    except ScenarioError:
        raise
    except ParamError as exc:
        raise ScenarioError(exc.field, exc.value, exc.allowed) from None
    diff = _check_parameters(diff_from_defaults(full))
    query = {"s": encode(diff), "v": _current_version()}
    if len(query["s"]) > MAX_QUERY_CHARS:  # pragma: no cover - 60 parameters never get near it
        raise ScenarioError("s", f"{len(query['s'])} characters", f"at most {MAX_QUERY_CHARS}")
    query.update(_check_extra(extra))
    return query


def _check_extra(extra: dict[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in extra.items():
        if key in COUNTY_KEYS:
            pattern, allowed = COUNTY_KEYS[key]
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise ScenarioError(key, value, allowed)
            out[key] = value
            continue
        if key not in EXTRA_KEYS:
            raise ScenarioError(key, value, "one of the link options "
                                + ", ".join((*EXTRA_KEYS, *COUNTY_KEYS)))
        if value not in EXTRA_KEYS[key]:
            raise ScenarioError(key, value, "one of " + ", ".join(EXTRA_KEYS[key]))
        out[key] = value
    return out


def _first(key: str, value: Any) -> Any:
    # Streamlit and urllib.parse.parse_qs may give lists for repeated keys: take one, but only one.
    if isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise ScenarioError(key, f"{len(value)} values", "the option given once")
        return value[0]
    return value


def _migrate(doc: dict[str, Any], version: str) -> tuple[dict[str, Any], list[str]]:
    """Apply CHANGELOG entries newer than ``version``; return the doc and notices."""
    notices: list[str] = []
    made = _parse_version(version)
    current = _parse_version(_current_version())
    if made > current:
        notices.append(f"This link was made with a newer model version ({version}) than this one "
                       f"({_current_version()}); its values were checked against this version.")
        return doc, notices
    if made == current:
        return doc, notices
    changed = []
    for ver in sorted(CHANGELOG, key=_parse_version):
        if not made < _parse_version(ver) <= current:
            continue
        entry = CHANGELOG[ver]
        for old, rule in entry.get("renamed", {}).items():
            if old in doc:
                value = doc.pop(old)
                new, new_value = rule(value) if callable(rule) else (rule, value)
                doc[new] = new_value
                changed.append(f"'{old}' is now '{new}' ({new_value!r})")
        for name in entry.get("removed", ()):
            if name in doc:
                doc.pop(name)
                changed.append(f"'{name}' no longer exists and was ignored")
        for name, (old_default, new_default) in entry.get("defaults", {}).items():
            if name not in doc and name in BY_NAME:
                changed.append(f"the default of '{name}' changed from {old_default!r} to {new_default!r}")
        if entry.get("note") and changed:
            changed.append(f"in {ver}: {entry['note']}")
    notices.append(f"This link was made with model version {version}; this is {_current_version()}."
                   + (" Changes that affect it: " + "; ".join(changed) + "." if changed else
                      " No change affects its values."))
    return doc, notices


def from_query(query: dict[str, Any]) -> ShareResult:
    """Parse query parameters from a share link. Raises ScenarioError on any invalid input.

    Keys other than ``s``, ``v``, ``lang``, ``page``, ``c`` and ``cd`` are ignored (links collect
    tracking keys).
    A link without ``s`` opens the defaults.
    """
    if not hasattr(query, "items"):
        raise ScenarioError("query", query, "query parameters")
    known = (*RESERVED, *EXTRA_KEYS, *COUNTY_KEYS)
    q = {k: _first(k, v) for k, v in query.items() if k in known}
    extra = _check_extra({k: q[k] for k in (*EXTRA_KEYS, *COUNTY_KEYS) if k in q})
    version = q.get("v", _current_version())
    if not isinstance(version, str) or len(version) > MAX_VERSION_CHARS:
        raise ScenarioError("v", version, "a model version such as '1.0.0'")
    doc = decode(q["s"]) if "s" in q else {}
    doc, notices = _migrate(doc, version)
    try:
        params = _check_parameters(doc)
    except ScenarioError as exc:
        exc.field = exc.field.replace("parameters.", "s.", 1)
        raise exc.with_source("share link") from None
    values = defaults()
    values.update(params)
    return ShareResult(values=values, notices=notices, extra=extra, version=version)


def to_url(values: dict[str, Any], base: str = "", **extra: str) -> str:
    """A full link: ``base`` (e.g. ``https://host/explore``) plus the encoded query."""
    from urllib.parse import urlencode

    return f"{base}?{urlencode(to_query(values, **extra))}"
