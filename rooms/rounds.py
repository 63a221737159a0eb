"""A round's setup, checked; the model's answer to a prediction round; a participant's scenario.

Two kinds of round:

* ``predict``: a question about one outcome between two setups (two program presets, or one
  preset and a change to one setting, on one jurisdiction), like the Workshop page's own
  predict-then-reveal. Participants predict the change from setup A to setup B in the outcome's
  own terms (percentage points for shares); the answer is the model's change and the p5-p95
  range of that change over the uncertain assumptions (the same draws and seed as the page).
* ``build``: participants start from one preset, move only the settings the facilitator allowed,
  and submit the result as a scenario file under their nickname; then the room votes.

A setup (``spec``) is a plain dict stored as JSON; ``check_spec`` accepts only known presets,
parameters and outcomes, so nothing a browser sends reaches the model unchecked.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

import model

from .rules import MAX_LEVERS, MAX_SCENARIO_BYTES, QUESTION_MAX, RoomError, clean_text

from scenarios import files as scn

KINDS = ("predict", "build")
PHASES = {"predict": ("open", "revealed"), "build": ("open", "vote", "closed")}
DRAWS, SEED = 300, 287  # as the Workshop page (ui.state.DRAWS, SEED)
YEARS = 10


def program_presets() -> tuple[str, ...]:
    return tuple(scn.PROGRAM_PRESETS)


def jurisdiction_presets() -> tuple[str, ...]:
    return tuple(scn.JURISDICTION_PRESETS)


def _preset(stem: Any, allowed: tuple[str, ...], field: str) -> str:
    if stem not in allowed:
        raise RoomError("bad_setup", field=field)
    return stem


def _outcome(name: Any) -> str:
    if name not in {o.name for o in model.OUTCOMES}:
        raise RoomError("bad_setup", field="outcome")
    return name


def check_spec(kind: str, spec: Any) -> dict[str, Any]:
    """The setup of a new round, validated and in canonical form (a new dict)."""
    if kind not in KINDS or not isinstance(spec, dict):
        raise RoomError("bad_setup", field="kind")
    out: dict[str, Any] = {
        "question": clean_text(spec.get("question", ""), QUESTION_MAX, "question"),
        "outcome": _outcome(spec.get("outcome")),
        "jurisdiction": _preset(spec.get("jurisdiction"), jurisdiction_presets(), "jurisdiction"),
        "exercise": clean_text(spec.get("exercise") or "", 40, "exercise") or None,
    }
    years = spec.get("years", YEARS)
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 10:
        raise RoomError("bad_setup", field="years")
    out["years"] = years
    progs = program_presets()
    if kind == "predict":
        mode = spec.get("mode")
        if mode == "pair":
            out.update(mode="pair", a=_preset(spec.get("a"), progs, "a"),
                       b=_preset(spec.get("b"), progs, "b"))
        elif mode == "change":
            param = spec.get("param")
            if param not in model.BY_NAME or model.BY_NAME[param].kind == "context":
                raise RoomError("bad_setup", field="param")
            try:
                value = model.coerce(param, spec.get("value"))
            except model.ParamError:
                raise RoomError("bad_setup", field="value") from None
            out.update(mode="change", base=_preset(spec.get("base"), progs, "base"), param=param,
                       value=value)
        else:
            raise RoomError("bad_setup", field="mode")
    else:
        out["base"] = _preset(spec.get("base"), progs, "base")
        params = spec.get("params")
        if not isinstance(params, (list, tuple)) or not 1 <= len(params) <= MAX_LEVERS:
            raise RoomError("bad_levers", max=MAX_LEVERS)
        names: list[str] = []
        for name in params:
            if name not in model.BY_NAME or model.BY_NAME[name].kind == "context":
                raise RoomError("bad_setup", field="params")
            if name not in names:
                names.append(name)
        out["params"] = names
    return out


@lru_cache(maxsize=64)
def _combined(program: str, jurisdiction: str) -> tuple:
    return tuple(scn.combine(program, jurisdiction).items())


def base_values(spec: dict[str, Any], which: str = "base") -> dict[str, Any]:
    """The full parameter set of preset ``spec[which]`` ('a', 'b' or 'base') on the round's
    jurisdiction (a new dict; cached per pair of presets, read on every phone's rerun)."""
    return dict(_combined(spec[which], spec["jurisdiction"]))


def setups(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values A, values B) of a prediction round."""
    if spec["mode"] == "pair":
        return base_values(spec, "a"), base_values(spec, "b")
    a = base_values(spec, "base")
    b = dict(a)
    b[spec["param"]] = spec["value"]
    return a, b


def in_display_units(outcome: str, x: float) -> float:
    """A value as participants type it: shares in percentage points, the rest as they are."""
    unit = model.outcomes.BY_NAME[outcome].unit.lower()
    return x * 100 if ("share" in unit or "relative change" in unit) else x


def answer(spec: dict[str, Any]) -> dict[str, float]:
    """The model's answer to a prediction round, in display units: A's and B's values, the
    change B - A, and the p5-p95 range of the change over the same draws."""
    va, vb = setups(spec)
    o = spec["outcome"]
    ra = model.simulate(va, draws=DRAWS, seed=SEED, years=spec["years"])
    rb = model.simulate(vb, draws=DRAWS, seed=SEED, years=spec["years"])
    diff = rb.outcomes[o].value - ra.outcomes[o].value
    lo = hi = diff
    sa, sb = ra.samples.get(o), rb.samples.get(o)
    if sa is not None and sb is not None and np.size(sa) > 1 and np.size(sa) == np.size(sb):
        d = np.asarray(sb, dtype=float) - np.asarray(sa, dtype=float)
        lo, hi = (float(x) for x in np.percentile(d, [5, 95]))
    u = lambda x: float(in_display_units(o, x))  # noqa: E731
    return {"a": u(ra.outcomes[o].value), "b": u(rb.outcomes[o].value), "diff": u(diff),
            "lo": u(lo), "hi": u(hi)}


def check_prediction(value: Any) -> float:
    from .rules import PREDICTION_LIMIT

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RoomError("bad_prediction", limit=f"{PREDICTION_LIMIT:g}")
    x = float(value)
    if not math.isfinite(x) or abs(x) > PREDICTION_LIMIT:
        raise RoomError("bad_prediction", limit=f"{PREDICTION_LIMIT:g}")
    return x


def build_scenario(spec: dict[str, Any], nickname: str, values: Any) -> str:
    """A participant's scenario file (TOML text), validated like any uploaded file: only the
    allowed settings may differ from the round's starting preset, each value within its range,
    and the file must read back through the scenario loader within the size cap."""
    if not isinstance(values, dict):
        raise RoomError("bad_values")
    base = base_values(spec, "base")
    full = dict(base)
    for name, v in values.items():
        if name not in spec["params"]:
            raise RoomError("not_allowed", field=str(name)[:40])
        try:
            full[name] = model.coerce(name, v)
        except model.ParamError as err:
            raise RoomError("bad_value", field=err.field, value=str(err.value)[:40],
                            allowed=str(err.allowed)[:120]) from None
    try:
        sc = scn.from_values(nickname, full, description=spec["question"])
        text = scn.dumps(sc)
        scn.loads(text)  # the same checks as an uploaded file
    except model.ParamError as err:  # ScenarioError is a ParamError
        raise RoomError("bad_value", field=err.field, value=str(err.value)[:40],
                        allowed=str(err.allowed)[:120]) from None
    if len(text.encode()) > MAX_SCENARIO_BYTES:
        raise RoomError("too_big", limit=MAX_SCENARIO_BYTES)
    return text


@lru_cache(maxsize=2048)
def _scenario_values(text: str) -> tuple:
    return tuple(scn.loads(text).values().items())


def scenario_values(text: str) -> dict[str, Any]:
    """The full parameter set of a stored submission (a new dict; parsed once per text)."""
    return dict(_scenario_values(text))


def scenario_name(text: str) -> str:
    return scn.loads(text).name
