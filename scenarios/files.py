"""Scenario files: a named, validated parameter set, stored as TOML.

Why TOML. A scenario is read and edited by people (analysts, workshop leaders) and mailed around,
so the format must be readable, allow comments that explain a choice, and diff cleanly in git.
TOML does all three, Python reads it with the standard library (``tomllib``) and ``tomli-w``
writes it. JSON has no comments; YAML's implicit typing surprises (``NO`` becomes false,
``1e3`` may stay a string, ``010`` may be octal) and its full loader can build objects.

A file looks like this (``[parameters]`` lists only what differs from the registry defaults)::

    schema_version = 2
    name = "Targeted jail screening, our county"
    description = "JEM with targeted screening; trust erosion at the critics' value."
    author = "Analyst name"            # optional
    tags = ["jem", "county-mid"]        # optional, at most MAX_TAGS
    model_version = "1.0.0"             # the model that saved it

    [parameters]
    screening = "targeted"   # Jail screening
    trust_erosion = 0.06     # Trust erosion rate, per month at full fear

Validation is strict and generated from ``model.REGISTRY`` (pydantic v2, ``extra="forbid"``):
unknown keys are refused with a "did you mean" hint, numbers must be finite and inside the
registry range, integers must be integers, choices must be listed, strings and the file have
size caps. Every problem raises ``ScenarioError`` whose ``str()`` is one line naming the field,
the (sanitised) value and what is allowed.

Schema history (one migration step per version, fixtures in tests/fixtures/):

* v1 (model 0.9): ``title`` and ``notes`` instead of ``name`` and ``description``; the parameter
  table was ``[params]``; jail screening was a flag ``screening_targeted = true/false``.
* v2 (current): as above.

``python -m scenarios.files --schema`` prints the JSON Schema published as scenarios/schema.json.
"""
from __future__ import annotations

import json
import math
import os
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from model.params import BY_NAME, REGISTRY, ParamError, defaults, diff_from_defaults, suggest
from scenarios import names, tomlguard
from scenarios.atomic import atomic_write_text, temp_is_abandoned  # noqa: F401 - re-exported

SCHEMA_VERSION = 2
MAX_BYTES = 256 * 1024  # a scenario is a few KB; anything near this is not a scenario
MAX_NAME = 200
MAX_DESCRIPTION = 8000
MAX_AUTHOR = 200
MAX_TAGS = 20
MAX_TAG = 40
MAX_VERSION = 40
MAX_SHOWN = 60  # characters of an offending value shown in an error message

SCENARIOS_DIR = Path(__file__).resolve().parent / "presets"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"

PROGRAM_PRESETS = (
    "no-agreement", "wso-only", "jem-universal", "jem-targeted", "jem-targeted-safeguards",
    "tfm-2025", "evidence-central", "program-case", "critics-case",
)
JURISDICTION_PRESETS = ("county-small", "county-mid", "county-large")


# ----------------------------------------------------------------------------- errors
def show(value: Any, limit: int = MAX_SHOWN) -> str:
    """A short, single-line, printable rendering of any value for an error message."""
    if isinstance(value, (bytes, bytearray)):
        text = repr(bytes(value[: limit]))
        return text + ("..." if len(value) > limit else "")
    if isinstance(value, dict):
        return f"a table with {len(value)} entries"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} items"
    if isinstance(value, str):
        cut = value[:limit]
        text = repr(cut)  # escapes control characters, NUL and newlines
        return text + (f"... ({len(value)} characters)" if len(value) > limit else "")
    try:
        text = repr(value)
    except Exception:  # pragma: no cover - exotic objects
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[:limit] + "..."
    return text


def _source_text(source: str, limit: int = 240) -> str:
    """A file path or label for a message: printable; if long, its end (the file name) is kept."""
    text = "".join(c if c.isprintable() else "?" for c in str(source))
    return text if len(text) <= limit else "..." + text[-(limit - 3):]


def _field_text(field: str) -> str:
    """Field names can come from hostile files: keep them printable, ASCII and short.

    Non-ASCII characters are shown as escapes so that a look-alike (Cyrillic 'а' in a
    parameter name) is visible in the message instead of looking identical to the real name.
    """
    text = "".join(c if c.isprintable() and c not in "\r\n" else "?" for c in str(field))
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    if not text or text.endswith("."):  # an empty key ('"" = 1'): say so instead of naming nothing
        text += '"" (an empty key)'
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "..."


class ScenarioError(ParamError):
    """A scenario (file, link or library entry) that cannot be used. ``str()`` is one line."""

    def __init__(self, field: str, value: Any, allowed: str, *, source: str | None = None):
        self.field, self.value, self.allowed, self.source = field, value, allowed, source
        ValueError.__init__(self, self._message())

    def _message(self) -> str:
        where = f"{_source_text(self.source)}: " if self.source else ""
        return f"{where}{_field_text(self.field)}: {show(self.value)} is not allowed; expected {self.allowed}"

    def __reduce__(self):  # picklable across processes despite the keyword-only argument
        return (_rebuild_error, (type(self), self.field, self.value, self.allowed, self.source, self.__dict__))

    def with_source(self, source: str) -> "ScenarioError":
        self.source = source
        self.args = (self._message(),)
        return self

    def __str__(self) -> str:
        return self._message()


def _rebuild_error(cls, field, value, allowed, source, state):
    err = ScenarioError.__new__(cls)
    err.__dict__.update(state)
    ScenarioError.__init__(err, field, value, allowed, source=source)
    return err


# ----------------------------------------------------------------------------- schema
def _param_type(p) -> Any:
    doc = f"{p.description} Unit: {p.unit}. Source: {p.source}"
    if p.is_bool:
        return Annotated[bool, Field(title=p.label, description=doc, strict=True)]
    if p.is_choice:
        return Annotated[Literal[p.choices], Field(title=p.label, description=doc)]  # type: ignore[valid-type]
    if p.integer:
        return Annotated[int, Field(title=p.label, description=doc, ge=int(p.min), le=int(p.max), strict=True)]
    return Annotated[float, Field(title=p.label, description=doc, ge=p.min, le=p.max,
                                  allow_inf_nan=False, strict=True)]


def _build_parameters_model() -> type[BaseModel]:
    fields = {p.name: (_param_type(p), Field(default=None)) for p in REGISTRY}
    return create_model(
        "Parameters",
        __config__=ConfigDict(extra="forbid", strict=True,
                              json_schema_extra=lambda s: _drop_null_defaults(s)),
        **fields,
    )


def _drop_null_defaults(schema: dict) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("default", 0) is None:
            del prop["default"]


Parameters = _build_parameters_model()


def _check_parameters(raw: Any) -> dict[str, Any]:
    """Validate a parameters table; returns canonical values in registry order."""
    if not isinstance(raw, dict):
        raise ScenarioError("parameters", raw, "a table of parameter = value lines")
    for key in raw:
        if not isinstance(key, str) or key not in BY_NAME:
            hint = suggest(key) if isinstance(key, str) else None
            raise ScenarioError(f"parameters.{key}", raw[key], "a known parameter name"
                                + (f" (did you mean {hint!r}?)" if hint else ""))
    try:
        model = Parameters.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        name = str(err["loc"][0]) if err["loc"] else "parameters"
        p = BY_NAME.get(name)
        raise ScenarioError(f"parameters.{name}", err.get("input"),
                            p.allowed() if p else err["msg"]) from None
    got = model.model_dump(exclude_unset=True)
    return {p.name: got[p.name] for p in REGISTRY if p.name in got}


_Text = Annotated[str, Field(strict=True)]


class CountyRef(BaseModel):
    """The real county whose facts filled the jurisdiction (``data``: the tables' vintage)."""
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    fips: Annotated[str, Field(pattern=r"^[0-9]{5}$", strict=True,
                               description="5-digit county FIPS code (Census Vintage 2024).")]
    name: Annotated[str, Field(max_length=MAX_NAME, strict=True)] = ""
    data: Annotated[str, Field(max_length=MAX_VERSION, pattern=r"^[0-9A-Za-z.+-]*$",
                               strict=True, description="Vintage of the county tables.")] = ""


class Scenario(BaseModel):
    """A named parameter set. ``parameters`` is the sparse diff from the registry defaults."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False,
                              json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"})

    schema_version: Literal[2] = Field(SCHEMA_VERSION, description="Version of this file format.")
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME, strict=True,
                               description="Free text shown to users; never used as a file name.")]
    description: Annotated[str, Field(max_length=MAX_DESCRIPTION, strict=True)] = ""
    author: Annotated[str, Field(max_length=MAX_AUTHOR, strict=True)] | None = None
    tags: Annotated[list[Annotated[str, Field(min_length=1, max_length=MAX_TAG, strict=True)]],
                    Field(max_length=MAX_TAGS)] = Field(default_factory=list)
    model_version: Annotated[str, Field(max_length=MAX_VERSION, pattern=r"^[0-9A-Za-z.+-]*$",
                                        strict=True)] = ""
    parameters: Annotated[dict[str, Any], Field(
        default_factory=dict,
        description="Only the parameters that differ from the registry defaults.",
    )]
    county: CountyRef | None = Field(
        None, description="Optional: the real county whose facts filled the jurisdiction.")

    @field_validator("parameters", mode="before")
    @classmethod
    def _parameters(cls, v: Any) -> dict[str, Any]:
        try:
            return _check_parameters(v)
        except ScenarioError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("name", mode="after")
    @classmethod
    def _name(cls, v: str) -> str:
        v = names.normalise(v)  # NFC, plain spaces, trimmed
        if not v:
            raise ValueError("a name with at least one visible character")
        bad = names.invisible(v)
        if bad:
            raise ValueError(f"a name without invisible or control characters (found {bad})")
        return v

    def values(self) -> dict[str, Any]:
        """The full, resolved parameter set (defaults with this scenario's values applied)."""
        out = defaults()
        out.update(self.parameters)
        return out


# ----------------------------------------------------------------------------- migration
def _v1_to_v2(doc: dict) -> dict:
    """v1 -> v2: ``title``/``notes``/``[params]`` renamed; ``screening_targeted`` became ``screening``."""
    doc = dict(doc)
    for old, new in (("title", "name"), ("notes", "description"), ("params", "parameters")):
        if old in doc:
            if new in doc:
                raise ScenarioError(old, doc[old], f"either {old!r} (version 1) or {new!r}, not both")
            doc[new] = doc.pop(old)
    params = doc.get("parameters")
    if isinstance(params, dict) and "screening_targeted" in params:
        params = dict(params)
        flag = params.pop("screening_targeted")
        if not isinstance(flag, bool):
            raise ScenarioError("params.screening_targeted", flag, "true or false (schema version 1)")
        if "screening" in params:
            raise ScenarioError("params.screening_targeted", flag, "either screening_targeted or screening, not both")
        params["screening"] = "targeted" if flag else "universal"
        doc["parameters"] = params
    doc["schema_version"] = 2
    return doc


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(doc: dict) -> dict:
    """Bring a parsed document to the current schema version, one step at a time."""
    version = doc.get("schema_version")
    allowed = f"an integer from 1 to {SCHEMA_VERSION}"
    if "schema_version" not in doc:
        raise ScenarioError("schema_version", None, allowed + " (the field is missing)")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioError("schema_version", version, allowed)
    if version > SCHEMA_VERSION:
        raise ScenarioError("schema_version", version,
                            f"at most {SCHEMA_VERSION}: this file was written by a newer version of the "
                            "simulator; update the simulator to open it")
    if version < 1:
        raise ScenarioError("schema_version", version, allowed)
    while doc["schema_version"] < SCHEMA_VERSION:
        doc = MIGRATIONS[doc["schema_version"]](doc)
    return doc


# ----------------------------------------------------------------------------- load / dump
def _translate(exc: ValidationError, doc: dict) -> ScenarioError:
    err = exc.errors(include_url=False)[0]
    loc = err["loc"]
    field = ".".join(str(x) for x in loc) if loc else "scenario"
    top = str(loc[0]) if loc else ""
    if top == "parameters":  # rerun our own check to get its field, value and allowed
        try:
            _check_parameters(doc.get("parameters"))
        except ScenarioError as inner:
            return inner
    if err["type"] == "extra_forbidden":
        known = [f for f in Scenario.model_fields]
        import difflib

        close = difflib.get_close_matches(top, known, n=1, cutoff=0.6)
        return ScenarioError(field, err.get("input"), "one of the fields " + ", ".join(known)
                             + (f" (did you mean {close[0]!r}?)" if close else ""))
    if err["type"] == "string_unicode":
        return ScenarioError(field, err.get("input"), "valid Unicode text (no lone surrogates)")
    if err["type"] == "value_error":  # our own validators say what is allowed
        return ScenarioError(field, err.get("input"), err["msg"].removeprefix("Value error, "))
    if err["type"] == "missing":
        return ScenarioError(field, None, _ALLOWED.get(top, "a value") + " (the field is missing)")
    return ScenarioError(field, err.get("input"), _ALLOWED.get(top, err["msg"]))


_ALLOWED = {
    "schema_version": f"{SCHEMA_VERSION}",
    "name": f"text of 1 to {MAX_NAME} characters",
    "description": f"text of at most {MAX_DESCRIPTION} characters",
    "author": f"text of at most {MAX_AUTHOR} characters",
    "tags": f"a list of at most {MAX_TAGS} tags, each text of 1 to {MAX_TAG} characters",
    "model_version": f"a version such as '1.0.0' (at most {MAX_VERSION} characters)",
}


def from_document(doc: Any) -> Scenario:
    """Validate a parsed document (a dict from TOML or JSON) and return a Scenario."""
    if not isinstance(doc, dict):
        raise ScenarioError("scenario", doc, "a table of fields")
    doc = migrate(doc)
    params = _check_parameters(doc.get("parameters", {}))
    doc = {**doc, "parameters": params}
    try:
        return Scenario.model_validate(doc)
    except ValidationError as exc:
        raise _translate(exc, doc) from None


def _decode(data: str | bytes) -> str:
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_BYTES:
            raise ScenarioError("file", f"{len(data):,} bytes", f"at most {MAX_BYTES:,} bytes")
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError("file", bytes(data[max(0, exc.start - 8): exc.start + 8]),
                                f"UTF-8 text (invalid byte at offset {exc.start})") from None
    elif isinstance(data, str):
        text = data
        if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise ScenarioError("file", f"{len(text):,} characters", f"at most {MAX_BYTES:,} bytes")
    else:
        raise ScenarioError("file", data, "TOML text or bytes")
    return text.removeprefix("\ufeff")


def loads(data: str | bytes) -> Scenario:
    """Parse and validate scenario TOML (text or bytes). Raises ScenarioError."""
    text = _decode(data)
    try:
        tomlguard.check(text)  # bounded parse time and memory whatever the text (see the module)
    except tomlguard.GuardError as exc:
        raise ScenarioError(exc.field, f"line {exc.line}: {exc.what}", exc.allowed) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError("syntax", str(exc), "valid TOML (see docs/SCENARIOS.md for an example)") from None
    except RecursionError:
        raise ScenarioError("syntax", "nesting too deep", "a flat TOML file") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise ScenarioError("syntax", str(exc), "valid TOML with numbers of ordinary size") from None
    return from_document(doc)


def _toml_value(v: Any) -> str:
    return tomli_w.dumps({"v": v}).strip()[len("v = "):]


def _comment(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def dumps(scenario: Scenario) -> str:
    """TOML text for a scenario, with each parameter's label and unit as a comment.

    ``model_version`` is written as the current model version: it records which model saved the
    file (a scenario loaded from an older file keeps the old version until it is saved again).
    """
    head: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "name": scenario.name,
                            "description": scenario.description}
    if scenario.author is not None:
        head["author"] = scenario.author
    if scenario.tags:
        head["tags"] = list(scenario.tags)
    head["model_version"] = _model_version()  # the model version that saves it
    lines = ["# Scenario for the 287(g) tradeoff simulator (format: docs/SCENARIOS.md).",
             "# [parameters] lists only what differs from the model's defaults.",
             tomli_w.dumps(head, multiline_strings=False).rstrip("\n"), ""]
    if scenario.county is not None:
        lines += ["[county]  # the real county whose facts filled the jurisdiction",
                  tomli_w.dumps(scenario.county.model_dump()).rstrip("\n"), ""]
    lines.append("[parameters]")
    for name, value in scenario.parameters.items():
        p = BY_NAME[name]
        lines.append(f"{name} = {_toml_value(value)}  # {_comment(p.label)} ({_comment(p.unit)})")
    return "\n".join(lines) + "\n"


def _model_version() -> str:
    from model import MODEL_VERSION

    return MODEL_VERSION


def from_values(name: str, values: dict[str, Any], description: str = "", author: str | None = None,
                tags: Iterable[str] = (), county: dict[str, str] | None = None) -> Scenario:
    """A Scenario from a (full or sparse) parameter set; only the diff from defaults is kept."""
    from model.params import resolve

    try:
        full = resolve(values)
    except ScenarioError:
        raise
    except ParamError as exc:
        raise ScenarioError(f"parameters.{exc.field}", exc.value, exc.allowed) from None
    doc = {"schema_version": SCHEMA_VERSION, "name": name, "description": description,
           "author": author, "tags": list(tags), "model_version": _model_version(),
           "parameters": diff_from_defaults(full)}
    if author is None:
        del doc["author"]
    if county:
        doc["county"] = dict(county)
    return from_document(doc)


def load_file(path: str | os.PathLike) -> Scenario:
    """Read and validate a scenario file. Errors name the file."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError("file", str(path), f"a readable file ({exc.strerror or exc})",
                            source=str(path)) from None
    except ValueError as exc:  # e.g. NUL in the path
        raise ScenarioError("file", str(path), f"a valid path ({exc})") from None
    try:
        return loads(data)
    except ScenarioError as exc:
        raise exc.with_source(str(path)) from None


def save_file(path: str | os.PathLike, scenario: Scenario) -> None:
    """Write a scenario atomically (old file or new file, never half of one)."""
    atomic_write_text(path, dumps(scenario))


# ----------------------------------------------------------------------------- presets
_PRESET_CACHE: dict[str, Scenario] | None = None


def presets() -> dict[str, Scenario]:
    """Every preset in scenarios/, program presets then jurisdiction presets, in display order."""
    global _PRESET_CACHE
    if _PRESET_CACHE is None:
        out = {}
        for stem in PROGRAM_PRESETS + JURISDICTION_PRESETS:
            out[stem] = load_file(SCENARIOS_DIR / f"{stem}.toml")
        _PRESET_CACHE = out
    return {k: v.model_copy(deep=True) for k, v in _PRESET_CACHE.items()}


def frontier_presets() -> list[tuple[str, str, dict[str, Any]]]:
    """``(stem, name, values)`` of every program preset, in display order: the points the
    trade-off frontier marks (``model.sweep.frontier(..., presets=frontier_presets())``). Empty if
    a preset cannot be read: a broken preset must not break the frontier."""
    try:
        found = presets()
    except Exception:  # pragma: no cover - a broken preset file is reported where it is loaded
        return []
    return [(stem, found[stem].name, found[stem].values()) for stem in PROGRAM_PRESETS if stem in found]


def _as_parameters(x: str | Scenario | dict, kind: str) -> dict[str, Any]:
    if isinstance(x, Scenario):
        return dict(x.parameters)
    if isinstance(x, str):
        table = presets()
        if x not in table:
            stems = PROGRAM_PRESETS if kind == "program" else JURISDICTION_PRESETS
            raise ScenarioError(kind, x, "one of " + ", ".join(stems))
        return dict(table[x].parameters)
    if isinstance(x, dict):
        return dict(x)
    raise ScenarioError(kind, x, "a preset name, a Scenario or a dict of values")


def combine(program: str | Scenario | dict, jurisdiction: str | Scenario | dict) -> dict[str, Any]:
    """Full values: the program preset's levers and assumptions, the jurisdiction's context.

    Context parameters come from the jurisdiction (its unset ones take defaults); every other
    parameter comes from the program (its unset ones take defaults).
    """
    from model.params import resolve

    prog = {k: v for k, v in _as_parameters(program, "program").items()
            if k in BY_NAME and BY_NAME[k].kind != "context"}
    juris = {k: v for k, v in _as_parameters(jurisdiction, "jurisdiction").items()
             if k in BY_NAME and BY_NAME[k].kind == "context"}
    try:
        return resolve({**prog, **juris})
    except ParamError as exc:
        raise ScenarioError(f"parameters.{exc.field}", exc.value, exc.allowed) from None


def resolve_ref(ref: str | os.PathLike) -> Scenario:
    """A preset stem (e.g. ``critics-case``) or a path to a scenario file."""
    text = os.fspath(ref)
    if text in PROGRAM_PRESETS or text in JURISDICTION_PRESETS:
        return presets()[text]
    return load_file(text)


# ----------------------------------------------------------------------------- JSON Schema
def json_schema() -> dict:
    """The JSON Schema of a (current-version) scenario document, generated from the models."""
    schema = Scenario.model_json_schema()
    params = Parameters.model_json_schema()
    schema.setdefault("$defs", {})["Parameters"] = params
    schema["properties"]["parameters"] = {
        "$ref": "#/$defs/Parameters",
        "description": "Only the parameters that differ from the registry defaults.",
    }
    schema["required"] = ["schema_version", "name"]
    schema["properties"]["author"] = {"type": "string", "maxLength": MAX_AUTHOR, "title": "Author",
                                      "description": "Optional."}
    schema["title"] = "287(g) tradeoff simulator scenario"
    schema["description"] = (f"Scenario file, schema version {SCHEMA_VERSION}. Generated by "
                             "`python -m scenarios.files --schema` from scenarios/files.py and the "
                             "parameter registry; do not edit by hand.")
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m scenarios.files",
                                 description="Scenario schema tools.")
    ap.add_argument("--schema", action="store_true", help="print the JSON Schema")
    ap.add_argument("--write-schema", action="store_true", help=f"write it to {SCHEMA_PATH}")
    args = ap.parse_args(argv)
    if args.write_schema:
        atomic_write_text(SCHEMA_PATH, json_schema_text())
        return 0
    if args.schema:
        sys.stdout.write(json_schema_text())
        return 0
    ap.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
