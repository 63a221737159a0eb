"""What changed between model versions, and how parameters saved by an older model are carried
forward. Used by share links (``scenarios.share``) and scenario files (``scenarios.files``):
both open with a notice that names every change.

``CHANGELOG`` lists model versions, oldest first, with what changed relative to the previous one:

* ``renamed``:  old name -> new name, or a converter ``value -> (new name, new value)``;
* ``rescaled``: name -> (old central, new central, old min, old max): the parameter's meaning or
  units changed, and a saved value is carried over at the same multiple of the central value
  (clipped to the new range), so a scenario keeps its position relative to the evidence; a value
  the old model did not allow is left as it is, for the check to refuse;
* ``defaults``: name -> (old default, new default), named when a scenario did not set it;
* ``removed``:  names that no longer exist (dropped with a notice);
* ``note``:     what changed, in words; ``always``: name it even when no saved value is touched.
"""
from __future__ import annotations

import re
from typing import Any

from model.params import BY_NAME, ParamError

_VERSION_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})\.(\d{1,4})$")


def _screening_from_flag(value: Any) -> tuple[str, Any]:
    if not isinstance(value, bool):
        raise ParamError("s.screening_targeted", value, "true or false (model 0.9 links)")
    return "screening", "targeted" if value else "universal"


MODEL_2_NOTE = (
    "Model 2 changed the model's structure: only enforcement that ICE would not have done anyway, "
    "and the agreement's own announcement, change trust; fear grows with the amount of visible "
    "enforcement instead of saturating at one officer, fades by habituation (partly, by an "
    "assumption you set), and programs can start, narrow and end during the horizon; removals draw "
    "down the removable population; crimes averted count people with minor and no records and "
    "those who return; task-force reimbursement pays only for hours and arrests made, and awards "
    "only at a 70% success rate; disparity comes from street-level discretion; ranges are drawn "
    "jointly and the headline is the median of the draws. Results differ from version 1")

CHANGELOG: dict[str, dict[str, Any]] = {
    "0.9.0": {},  # first shared links (scenario schema v1)
    "1.0.0": {
        "renamed": {"screening_targeted": _screening_from_flag},
        "note": "jail screening became a choice (universal / targeted) instead of an on/off flag",
    },
    "2.0.0": {
        "rescaled": {
            # (old central, new central, old allowed range)
            "trust_erosion": (0.025, 1.1, 0.0, 0.3),  # now per unit of non-saturating fear
            "fear_half_saturation": (0.01, 0.033, 0.001, 1.0),  # now per 1,000 residents, additional
            "trust_recovery_months": (24.0, 6.0, 3.0, 120.0),  # now beside habituation
            "jail_discretion_weight": (0.5, 0.05, 0.0, 1.0),  # now only pretextual arrests (jail feeding)
        },
        "defaults": {"victimization_response": (0.5, 0.79), "additionality": (0.25, 0.25)},
        "removed": ("award_per_officer_quarter",),
        "note": MODEL_2_NOTE,
        "always": True,
    },
}


def current() -> str:
    from model import MODEL_VERSION

    return MODEL_VERSION


def parse(text: str, field: str = "v") -> tuple[int, int, int]:
    m = _VERSION_RE.fullmatch(text) if isinstance(text, str) else None  # no trailing newline
    if not m:
        raise ParamError(field, text, "a model version such as '1.0.0'")
    return tuple(int(x) for x in m.groups())  # type: ignore[return-value]


def migrate(doc: dict[str, Any], version: str, what: str = "link") -> tuple[dict[str, Any], list[str]]:
    """Apply the CHANGELOG entries newer than ``version`` to the parameters ``doc``; return the
    parameters and the notices (plain English) for a ``what`` ("link" or "file")."""
    notices: list[str] = []
    made, now = parse(version), parse(current())
    if made > now:
        notices.append(f"This {what} was made with a newer model version ({version}) than this one "
                       f"({current()}); its values were checked against this version.")
        return doc, notices
    if made == now:
        return doc, notices
    doc = dict(doc)
    changed: list[str] = []
    for ver in sorted(CHANGELOG, key=parse):
        if not made < parse(ver) <= now:
            continue
        entry, touched = CHANGELOG[ver], []
        for old, rule in entry.get("renamed", {}).items():
            if old in doc:
                value = doc.pop(old)
                new, new_value = rule(value) if callable(rule) else (rule, value)
                doc[new] = new_value
                touched.append(f"'{old}' is now '{new}' ({new_value!r})")
        for name, (old_c, new_c, old_lo, old_hi) in entry.get("rescaled", {}).items():
            v = doc.get(name)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and old_lo <= v <= old_hi:
                p = BY_NAME[name]
                value = min(max(float(doc[name]) * new_c / old_c, p.min), p.max)
                touched.append(f"'{name}' was re-expressed: {doc[name]!r} -> {value:.4g} "
                               f"(the same multiple of the central value, {old_c:g} then, {new_c:g} now)")
                doc[name] = value
        for name in entry.get("removed", ()):
            if name in doc:
                doc.pop(name)
                touched.append(f"'{name}' no longer exists and was ignored")
        for name, (old_default, new_default) in entry.get("defaults", {}).items():
            if name not in doc and name in BY_NAME and old_default != new_default:
                touched.append(f"the default of '{name}' changed from {old_default!r} to {new_default!r}")
        if entry.get("note") and (touched or entry.get("always")):
            touched.append(f"in {ver}: {entry['note']}")
        changed += touched
    notices.append(f"This {what} was made with model version {version}; this is {current()}."
                   + (" Changes that affect it: " + "; ".join(changed) + "." if changed else
                      " No change affects its values."))
    return doc, notices


def migrate_file(doc: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A scenario document's parameters carried forward from the model that saved it (its
    ``model_version``), with the notices; unchanged when the version is missing or unknown (the
    field's own check then reports a malformed one)."""
    made, params = doc.get("model_version"), doc.get("parameters", {})
    if not (isinstance(made, str) and made and isinstance(params, dict)):
        return doc, []
    try:
        params, notices = migrate(params, made, "file")
    except ParamError:
        return doc, []
    return {**doc, "parameters": params}, notices
