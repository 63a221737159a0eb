"""Parts shared by the room's facilitator view (Workshop page) and the participants' /join page:
the store, messages for refused actions, links and the QR code, and cached model summaries."""
from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

import model
from rooms import RoomError, RoomStore, rounds as R, rules
from ui import state

SUMMARY_DRAWS = 100  # Monte Carlo draws behind a submission's range (light: ~10 ms a scenario)


@st.cache_resource(show_spinner=False)
def store() -> RoomStore:
    """The process's room store (``$SIM287G_ROOMS_URL`` or the SQLite file, see rooms.db)."""
    from rooms import default_store

    return default_store()


def error_text(tr, err: RoomError) -> str:
    """A refused action as one line in the reader's language."""
    from ui import i18n, widgets

    raw = dict(err.args_)
    field = str(raw.get("field", ""))
    name = field.split(".", 1)[1] if field.startswith("parameters.") else field
    if "allowed" in raw and name in model.BY_NAME:
        raw["allowed"] = widgets.localize_allowed(tr, name, raw["allowed"])
    if name in model.BY_NAME:
        raw["field"] = tr(f"param.{name}.label")
    elif f"rooms.field.{name}" in i18n.catalog(tr.lang):
        raw["field"] = tr(f"rooms.field.{name}")
    args = {k: state.md_escape(v, 120) for k, v in raw.items()}
    key = f"rooms.error.{err.code}"
    text = tr(key, **args)
    return text if not text.startswith("⟦") else tr("rooms.error.other", code=err.code)


def client_key() -> str:
    """The client's address as Streamlit saw it (a proxy's address behind one), for rate limits."""
    try:
        return str(st.context.ip_address or "local")
    except Exception:  # noqa: BLE001 - AppTest has no browser context
        return "local"


def session_key() -> str:
    ss = st.session_state
    if "room_client" not in ss:
        ss["room_client"] = rules.new_id()
    return ss["room_client"]


def app_base() -> str:
    """The app's address without page or query ('http://host:port/prefix')."""
    from ui.nav import HIDDEN_PAGES, PAGE_NAMES

    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001
        url = ""
    parts = urlsplit(url or "http://localhost:8501/")
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in PAGE_NAMES or last in {name for name, _ in HIDDEN_PAGES}:
        path = path[: -len(last)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def join_link(code: str, lang: str) -> str:
    query = {"code": rules.show_code(code)}
    if lang != "en":
        query["lang"] = lang
    return f"{app_base()}/join?{urlencode(query)}"


def facilitator_link(room_id: str, secret: str, lang: str) -> str:
    query = {"room": room_id, "key": secret}
    if lang != "en":
        query["lang"] = lang
    return f"{app_base()}/workshop?{urlencode(query)}"


@lru_cache(maxsize=64)
def qr_png(text: str) -> bytes:
    """The QR code of ``text`` as a PNG (segno, pure Python), large enough for a projector."""
    import segno

    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=12, border=2)
    return buf.getvalue()


# ----------------------------------------------------------------------------- outcomes
def is_share(outcome: str) -> bool:
    return R.in_display_units(outcome, 1.0) != 1.0


def fmt(tr, outcome: str, x: float, change: bool = False) -> str:
    """A value in display units: a share as a percentage (a change of one in points)."""
    if is_share(outcome):
        return tr("rooms.points", x=f"{x:+.1f}") if change else f"{x:.1f}%"
    if abs(x) >= 100:
        return f"{x:+,.0f}" if change else f"{x:,.0f}"
    return f"{x:+,.2f}" if change else f"{x:,.2f}"


def unit_text(tr, outcome: str) -> str:
    return tr("rooms.unit_points") if is_share(outcome) else tr(f"outcome.{outcome}.unit")


@lru_cache(maxsize=1024)
def _summary(key: str, outcome: str, years: int, frozen: tuple) -> tuple[float, float, float]:
    res = model.simulate(dict(frozen), draws=SUMMARY_DRAWS, seed=R.SEED, years=years)
    o = res.outcomes[outcome]
    u = lambda v: float(R.in_display_units(outcome, v))  # noqa: E731
    return u(o.value), u(o.p5), u(o.p95)


def summary(values: dict[str, Any], outcome: str, years: int) -> dict[str, float]:
    """The outcome's value and p5-p95 range (display units) for a parameter set, cached."""
    frozen = state.freeze(values)
    key = hashlib.blake2b(repr(frozen).encode(), digest_size=16).hexdigest()
    v, lo, hi = _summary(key, outcome, int(years), frozen)
    return {"value": v, "lo": lo, "hi": hi}


def setup_text(tr, spec: dict[str, Any], preset_name) -> str:
    """'A versus B' of a prediction round, or the starting preset of a build round."""
    if "params" in spec:
        return tr("rooms.setup_build", base=preset_name(spec["base"]))
    if spec["mode"] == "pair":
        return tr("rooms.setup_pair", a=preset_name(spec["a"]), b=preset_name(spec["b"]))
    return tr("rooms.setup_change", base=preset_name(spec["base"]),
              param=tr(f"param.{spec['param']}.label"), value=str(spec["value"]))


def preset_name(tr, stem: str) -> str:
    """A preset's name in the reader's language (``preset.<stem>.name``), else its stem."""
    from ui import i18n

    key = f"preset.{stem}.name"
    return tr(key) if key in i18n.catalog(tr.lang) else stem


def question_text(tr, spec: dict[str, Any]) -> str:
    """A round's question: an exercise's title in the reader's language, else the facilitator's
    own words (escaped for Markdown)."""
    from ui import i18n

    ex = spec.get("exercise")
    key = f"workshop.exercises.{ex}.title"
    if ex and key in i18n.catalog(tr.lang):
        return tr(key)
    return state.md_escape(spec.get("question", ""), 240)
