"""Scenario actions, reusable on any page: save to the library (asking before overwriting), open
from the library, upload a scenario file, download the scenario (TOML), the results (CSV) and a
self-contained HTML report, and a share link (in a text box, ``share_key(prefix)``).

``panel(tr, res, page=..., key_prefix=...)`` draws them all in an expander, drawn only while
open, and inside it a fragment, so typing a name or picking a library entry reruns only the
panel; opening or uploading a scenario reruns the app.
The pure helpers (``parse_upload``, ``scenario_toml``, ``results_csv``, ``report_html``,
``save_scenario``) do the work and are tested without a browser.

Downloads pass a callable to ``st.download_button`` so files are built only when clicked, and
``on_click="ignore"`` so a download never reruns the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import streamlit as st

import model
from scenarios import files as scn
from scenarios import library as store
from scenarios import names
from ui import results, state, widgets
from ui.i18n import Translator

UPLOAD_MAX_BYTES = scn.MAX_BYTES  # the file format's own cap (the server caps uploads at 1 MB)
MIME_TOML = "application/toml"
MIME_CSV = "text/csv"
MIME_HTML = "text/html"


# ----------------------------------------------------------------------------- pure helpers
@dataclass
class UploadResult:
    scenario: scn.Scenario | None = None
    field: str = ""
    value: str = ""
    allowed: str = ""

    @property
    def ok(self) -> bool:
        return self.scenario is not None


def parse_upload(data: bytes | None, tr: Translator | None = None) -> UploadResult:
    """Validate an uploaded scenario file. Never raises; the result names the field, the value
    and what is allowed, in ``tr``'s language where the field is a parameter (other checks of the
    model word "what is allowed" in English)."""
    tr = tr or Translator("en")
    if data is None:
        return UploadResult(field="file", value="", allowed=tr("actions.allowed_file"))
    if len(data) > UPLOAD_MAX_BYTES:
        return UploadResult(field="file", value=tr("actions.bytes", n=tr.number(len(data))),
                            allowed=tr("actions.allowed_size", n=tr.number(UPLOAD_MAX_BYTES)))
    try:
        sc = scn.loads(data)
    except model.ParamError as err:
        return UploadResult(field=str(err.field), value=scn.show(err.value),
                            allowed=str(widgets.localize_allowed(tr, err.field, err.allowed)))
    except Exception as err:  # noqa: BLE001 - a hostile file must never crash the page
        return UploadResult(field="file", value=type(err).__name__, allowed=tr("actions.allowed_file"))
    return UploadResult(scenario=sc)


def slug(name: str) -> str:
    """A safe file name stem from free text (the user's name never touches the file system)."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return (s or "scenario")[:60]


def scenario_toml(values: dict[str, Any], name: str, description: str = "",
                  county: dict[str, str] | None = None) -> str:
    """The scenario file's text. A name the format refuses falls back to a plain one (a
    download is built on its own thread, where an error could not be shown)."""
    try:
        sc = scn.from_values(name, values, description=description, county=county)
    except scn.ScenarioError as err:
        if not str(err.field).startswith(("name", "description")):
            raise
        sc = scn.from_values(slug(name), values, county=county)
    return scn.dumps(sc)


def results_csv(values: dict[str, Any], years: int) -> str:
    return results.cached_simulate(values, years=years).to_csv()


def report_html(values: dict[str, Any], years: int, lang: str, name: str, link: str = "") -> str:
    from ui import report

    tr = Translator(lang)
    res = results.cached_simulate(values, years=years)
    frontier = results.cached_frontier(values, years)
    return report.build(tr, res, name=name, frontier=frontier, link=link)


def save_scenario(values: dict[str, Any], name: str, description: str = "",
                  overwrite: bool = False, library: store.Library | None = None,
                  county: dict[str, str] | None = None) -> str:
    """Save to the library; raises ``store.ExistsError`` if the name is taken (ask, then retry
    with ``overwrite=True``) and ``ScenarioError`` for a bad name."""
    lib = library or store.Library()
    return lib.save(scn.from_values(name, values, description=description, county=county),
                    overwrite=overwrite)


def default_name(tr: Translator) -> str:
    from ui.format import preset_name

    base = preset_name(tr, state.program())
    if state.changed_from_preset():
        return tr("actions.modified_name", name=base)
    return base


# ----------------------------------------------------------------------------- UI pieces
def _k(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def _error(tr: Translator, key: str, field: str, value: Any, allowed: str) -> None:
    st.error(tr(key, field=state.md_escape(field, 80), value=state.md_escape(value, 80),
                allowed=state.md_escape(allowed, 160)), icon=":material/error:")


def _flash(prefix: str, kind: str, key: str, **kwargs) -> None:
    st.session_state[_k(prefix, "flash")] = (kind, key, kwargs)


def _show_flash(tr: Translator, prefix: str) -> None:
    flash = st.session_state.pop(_k(prefix, "flash"), None)
    if not flash:
        return
    kind, key, kwargs = flash
    if "field" in kwargs and "allowed" in kwargs:
        kwargs = {**kwargs, "allowed": widgets.localize_allowed(tr, kwargs["field"], kwargs["allowed"])}
    safe = {k: state.md_escape(v, 160) for k, v in kwargs.items()}
    if kind == "success":
        st.success(tr(key, **safe), icon=":material/check:")
    else:
        st.error(tr(key, **safe), icon=":material/error:")


def _save_cb(prefix: str, name: str, overwrite: bool) -> None:
    pending_key = _k(prefix, "overwrite")
    bad = names.invisible(names.normalise(name))
    if bad:  # said in the visitor's language (the model's message is English)
        st.session_state[pending_key] = None
        _flash(prefix, "error", "actions.name_invisible", char=bad)
        return
    try:
        save_scenario(state.values(), name, overwrite=overwrite, county=state.county_ref())
    except store.ExistsError:
        st.session_state[pending_key] = name
        return
    except store.LookalikeError as err:
        st.session_state[pending_key] = None
        _flash(prefix, "error", "actions.name_lookalike", name=name, other=err.existing_name)
        return
    except store.FullError as err:
        st.session_state[pending_key] = None
        _flash(prefix, "error", "actions.library_full", n=state.translator().number(err.limit))
        return
    except model.ParamError as err:
        st.session_state[pending_key] = None
        _flash(prefix, "error", "actions.save_failed", field=err.field, value=err.value,
               allowed=err.allowed)
        return
    except OSError as err:
        st.session_state[pending_key] = None
        _flash(prefix, "error", "actions.save_failed", field="library", value=type(err).__name__,
               allowed=state.translator()("actions.writable"))
        return
    st.session_state[pending_key] = None
    _flash(prefix, "success", "actions.saved", name=name)


def _cancel_cb(prefix: str) -> None:
    st.session_state[_k(prefix, "overwrite")] = None


def save_ui(tr: Translator, prefix: str) -> None:
    name_key, pending_key = _k(prefix, "save_name"), _k(prefix, "overwrite")
    st.text_input(tr("actions.save_name"), key=name_key, max_chars=scn.MAX_NAME,
                  placeholder=default_name(tr), help=tr("actions.save_name_help"))
    name = (st.session_state.get(name_key) or "").strip() or default_name(tr)
    pending = st.session_state.get(pending_key)
    if pending:
        st.warning(tr("actions.exists", name=state.md_escape(pending, 80)), icon=":material/warning:")
        with st.container(horizontal=True):
            st.button(tr("actions.overwrite"), key=_k(prefix, "overwrite_yes"), type="primary",
                      on_click=_save_cb, args=(prefix, pending, True))
            st.button(tr("actions.cancel"), key=_k(prefix, "overwrite_no"),
                      on_click=_cancel_cb, args=(prefix,))
    else:
        st.button(tr("actions.save"), key=_k(prefix, "save"), icon=":material/save:",
                  on_click=_save_cb, args=(prefix, name, False))
    _show_flash(tr, prefix)


def _open_cb(prefix: str) -> None:
    pick = st.session_state.get(_k(prefix, "open_pick"))
    try:
        sc = store.Library().open(pick)
        state.set_values(sc.values(), county_=sc.county.fips if sc.county else None)
    except model.ParamError as err:
        _flash(prefix, "error", "actions.open_failed", field=err.field, value=err.value,
               allowed=err.allowed)
        return
    state.add_notice("info", "actions.opened", name=sc.name)
    st.session_state[_k(prefix, "rerun_app")] = True


@st.cache_data(max_entries=16, ttl=60, show_spinner=False)
def _listing(root: str, stamp: int) -> tuple[list, list]:
    return store.Library(root).list()


def library_listing() -> tuple[list, list]:
    """``store.Library().list()``, re-read only when the library folder changes (every library
    write replaces a file, which changes the folder's modification time)."""
    lib = store.Library()
    try:
        stamp = lib.root.stat().st_mtime_ns
    except FileNotFoundError:
        return [], []
    return _listing(str(lib.root.resolve()), stamp)


def open_ui(tr: Translator, prefix: str) -> None:
    try:
        entries, problems = library_listing()
    except OSError as err:
        _error(tr, "actions.library_unreadable", "library", type(err).__name__, tr("actions.writable"))
        return
    if problems:
        st.caption(tr("actions.skipped", n=len(problems)))
    if not entries:
        st.caption(tr("actions.library_empty"))
        return
    by_id = {e.id: e for e in entries}
    st.selectbox(tr("actions.open_pick"), options=list(by_id), key=_k(prefix, "open_pick"),
                 format_func=lambda i: f"{by_id[i].name} · {by_id[i].updated[:10]}")
    st.button(tr("actions.open"), key=_k(prefix, "open"), icon=":material/folder_open:",
              on_click=_open_cb, args=(prefix,))


def apply_upload(data: bytes | None, tr: Translator | None = None) -> UploadResult:
    """Validate uploaded bytes and, only if valid, make them the current scenario."""
    result = parse_upload(data, tr)
    if result.ok:
        sc = result.scenario
        state.set_values(sc.values(), county_=sc.county.fips if sc.county else None)
        state.add_notice("info", "actions.uploaded", name=result.scenario.name)
    return result


def upload_ui(tr: Translator, prefix: str) -> None:
    key, done_key = _k(prefix, "upload"), _k(prefix, "upload_done")
    up = st.file_uploader(tr("actions.upload"), type=["toml"], key=key,
                          help=tr("actions.upload_help"))
    if up is None:
        return
    file_id = getattr(up, "file_id", None) or f"{up.name}:{up.size}"
    if st.session_state.get(done_key) == file_id:
        return
    result = apply_upload(up.getvalue(), tr)
    if result.ok:
        st.session_state[done_key] = file_id
        st.rerun()
    _error(tr, "actions.upload_failed", result.field, result.value, result.allowed)


def download_ui(tr: Translator, prefix: str, page: str) -> None:
    vals, yrs, lang_ = dict(state.values()), state.years(), state.lang()
    ref = state.county_ref()
    name = (st.session_state.get(_k(prefix, "save_name")) or "").strip() or default_name(tr)
    stem = slug(name)
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    link = state.share_url("" if page == "explore" else page)
    with st.container(horizontal=True):
        st.download_button(tr("actions.download_scenario"),
                           data=lambda: scenario_toml(vals, name, county=ref),
                           file_name=f"{stem}.toml", mime=MIME_TOML, key=_k(prefix, "dl_toml"),
                           on_click="ignore", icon=":material/description:",
                           help=tr("actions.download_scenario_help"))
        st.download_button(tr("actions.download_csv"), data=lambda: results_csv(vals, yrs),
                           file_name=f"{stem}-results.csv", mime=MIME_CSV, key=_k(prefix, "dl_csv"),
                           on_click="ignore", icon=":material/table:",
                           help=tr("actions.download_csv_help"))
        st.download_button(tr("actions.download_report"),
                           data=lambda: report_html(vals, yrs, lang_, name, link),
                           file_name=f"{stem}-report-{date}.html", mime=MIME_HTML,
                           key=_k(prefix, "dl_report"), on_click="ignore", icon=":material/print:",
                           help=tr("actions.download_report_help"))


def share_key(prefix: str) -> str:
    """Widget key of the share box (its value is the link)."""
    return _k(prefix, "share")


def share_ui(tr: Translator, page: str, prefix: str) -> None:
    """The share link in a text box the user can select and copy. A text box rather than
    ``st.code``: a code block makes the browser load a syntax highlighter (about 1.5 MB of
    script) and a monospace font on the first visit, for one line of text. The box shows the
    current link on every run (an edit there changes nothing: the next run puts the link back)."""
    key = share_key(prefix)
    st.session_state[key] = state.share_url("" if page == "explore" else page)
    st.text_input(tr("actions.share"), key=key, help=tr("actions.share_box_help"))


@st.fragment
def _panel(page: str, prefix: str) -> None:
    if st.session_state.pop(_k(prefix, "rerun_app"), False):
        st.rerun()  # a scenario was opened from inside the panel: redraw the whole page
    tr = state.translator()
    c1, c2 = st.columns(2, gap="large")
    with c1:
        st.markdown(f"**{tr('actions.save_title')}**")
        save_ui(tr, prefix)
        st.markdown(f"**{tr('actions.open_title')}**")
        open_ui(tr, prefix)
    with c2:
        st.markdown(f"**{tr('actions.upload_title')}**")
        upload_ui(tr, prefix)
        st.markdown(f"**{tr('actions.download_title')}**")
        download_ui(tr, prefix, page)
    share_ui(tr, page, prefix)


def panel_key(prefix: str) -> str:
    """Widget key of the panel's expander (``True`` while it is open)."""
    return _k(prefix, "panel")


def panel(tr: Translator, res: model.Results | None = None, *, page: str = "explore",
          key_prefix: str | None = None) -> None:
    """Every scenario action for the current scenario (``page`` = where the share link opens),
    in an expander whose content is drawn only while it is open: its twenty-odd widgets are
    then not re-sent on every slider move. (The address bar carries the state all the time, so
    the page's own URL is a share link even with the panel closed.)"""
    prefix = key_prefix or f"act_{page}"
    exp = st.expander(tr("actions.title"), key=panel_key(prefix), on_change="rerun",
                      icon=":material/ios_share:")
    with exp:
        if exp.open:
            _panel(page, prefix)
