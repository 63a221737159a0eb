"""Canonical app state in ``st.session_state``: parameter values, presets, undo, language, URL.

What lives in the session (all small):

* ``sim_values``   - the current full parameter set (dict name -> value, validated);
* ``sim_program`` / ``sim_jurisdiction`` - the chosen preset stems (reset goes back to them);
* ``sim_years``    - the horizon in years;
* ``sim_county``   - the FIPS code of the real county whose facts fill "Your jurisdiction"
  (None: the example county preset's figures); see ``ui/county_picker.py``;
* ``sim_undo``     - up to ``UNDO_LIMIT`` earlier snapshots (values, presets, years);
* ``sim_notices``  - messages to show once (e.g. a share link that could not be opened);
* ``lang``         - the language (also the key of the language switch widget).

Widgets are keyed by parameter name; ``sync_widgets`` copies the canonical values into their
keys before they are drawn (so values survive page switches, reset, undo and opened files), and
``on_param_change`` copies a moved widget back, pushing an undo snapshot first.

The model calls (``ui/results.py``) and the share query are cached on a digest of the frozen
parameter set (``freeze``, ``digest``); results never go into the session.

The URL carries the state, so copying it restores it exactly: the path is the page
(``/compare``), ``s`` and ``v`` the scenario (``scenarios.share``), ``lang`` the language (absent for
English), ``p`` and ``j`` the chosen presets, ``y`` the horizon (absent for 10 years). The URL is
read once, on a session's first run (``init``), and rewritten at the end of every run
(``sync_url``). A link that cannot be used opens the presets' values with a message naming the
field, the value and what is allowed.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

import streamlit as st

import model
from model import params as P
from scenarios import files as scn
from scenarios import share
from ui.i18n import DEFAULT_LANG, LANGS, Translator, normalize_lang
from ui.nav import PAGE_NAMES

UNDO_LIMIT = 20
DRAWS = 300  # Monte Carlo draws behind every range on the explore page (~20-40 ms)
SEED = 287
DEFAULT_YEARS = 10
MIN_YEARS, MAX_YEARS = 1, 10

K_VALUES = "sim_values"
K_PROGRAM = "sim_program"
K_JURISDICTION = "sim_jurisdiction"
K_YEARS = "sim_years"
K_UNDO = "sim_undo"
K_NOTICES = "sim_notices"
K_BOOTED = "sim_booted"
K_BOOT_QUERY = "sim_boot_query"  # the URL's query as the session opened it (pages read their keys)
K_COUNTY = "sim_county"
LANG_KEY = "lang"
# Widget keys of the preset selectors and the horizon (parameter widgets use the parameter name).
W_PROGRAM = "program_preset"
W_JURISDICTION = "jurisdiction_preset"
W_YEARS = "years"
OWN_COUNTY = "own"  # the county box's entry for the user's own figures (not a preset stem)

# Extra query keys beside the scenario itself (scenarios.share owns "s" and "v").
Q_LANG, Q_PROGRAM, Q_JURISDICTION, Q_YEARS = "lang", "p", "j", "y"
Q_COUNTY, Q_COUNTY_DATA = "c", "cd"  # the chosen county's FIPS and the data it was filled from


# ----------------------------------------------------------------------------- presets
@st.cache_resource(show_spinner=False)
def _presets() -> dict[str, Any]:
    return dict(scn.presets())


def presets() -> dict[str, Any]:
    """stem -> Scenario, loaded once per process."""
    return _presets()


def program_presets() -> tuple[str, ...]:
    return tuple(scn.PROGRAM_PRESETS)


def jurisdiction_presets() -> tuple[str, ...]:
    return tuple(scn.JURISDICTION_PRESETS)


@lru_cache(maxsize=128)
def _preset_values(program: str | None, jurisdiction: str | None) -> tuple:
    if program is None:
        return freeze(model.defaults())
    if jurisdiction is None:
        return freeze(model.resolve(presets()[program].parameters))
    return freeze(model.resolve(scn.combine(program, jurisdiction)))


def preset_values(program: str | None, jurisdiction: str | None) -> dict[str, Any]:
    """The full parameter set of a program preset combined with a jurisdiction preset (a new
    dict each call). Cached per process on the two stems: read several times a run, and a plain
    ``lru_cache`` costs microseconds where ``st.cache_data`` hashes its arguments and unpickles
    the dict on every call."""
    return dict(_preset_values(program, jurisdiction))


def default_presets() -> tuple[str | None, str | None]:
    """The presets the app opens with: those matching the registry defaults when any do
    (the mid-sized county; the program preset equal to the defaults), else sensible picks."""
    progs, jurs = program_presets(), jurisdiction_presets()
    if not progs:
        return None, None
    defaults = model.defaults()
    jur = next((j for j in jurs if model.resolve(presets()[j].parameters).get("population")
                == defaults["population"]), jurs[len(jurs) // 2] if jurs else None)
    prog = next((p for p in progs if preset_values(p, jur) == defaults), None)
    if prog is None:
        prog = "evidence-central" if "evidence-central" in progs else progs[0]
    return prog, jur


# ----------------------------------------------------------------------------- accessors
def translator() -> Translator:
    return Translator(lang())


def lang() -> str:
    return normalize_lang(st.session_state.get(LANG_KEY, DEFAULT_LANG))


def values() -> dict[str, Any]:
    return st.session_state[K_VALUES]


def program() -> str | None:
    return st.session_state.get(K_PROGRAM)


def jurisdiction() -> str | None:
    return st.session_state.get(K_JURISDICTION)


def years() -> int:
    return st.session_state.get(K_YEARS, DEFAULT_YEARS)


def _is_context(name: str) -> bool:
    return model.BY_NAME[name].kind == "context"


def county_changed() -> bool:
    """Whether the user changed a figure of the county (a ``context`` parameter) from the chosen
    county preset: the county box then says "your own figures" instead of naming the example."""
    base = preset_values(program(), jurisdiction())
    cur = values()
    return any(cur[n] != base.get(n) for n in cur if _is_context(n))


def jurisdiction_choice() -> str | None:
    """The county box's value: the preset, or ``OWN_COUNTY`` once a county figure was changed."""
    return OWN_COUNTY if county_changed() else jurisdiction()


def jurisdiction_options() -> tuple[str, ...]:
    return ((OWN_COUNTY,) if county_changed() else ()) + jurisdiction_presets()


def program_here(stem: str | None) -> dict[str, Any]:
    """Program preset ``stem`` applied to the user's county: its decisions and assumptions, the
    current county figures (the context parameters), as choosing it on the explore page does."""
    vals = preset_values(stem, jurisdiction())
    cur = values()
    vals.update({n: cur[n] for n in cur if _is_context(n)})
    return vals


def county() -> str | None:
    """FIPS of the chosen real county (its facts fill the jurisdiction), or None."""
    return st.session_state.get(K_COUNTY)


def county_ref() -> dict[str, str] | None:
    """What a scenario file records of the chosen county (FIPS, name, data vintage)."""
    fips = county()
    if not fips:
        return None
    from scenarios.counties import DATA_VINTAGE, load

    c = load().get(fips)
    return {"fips": fips, "name": c.label if c else "", "data": DATA_VINTAGE}


def _with_county(vals: dict[str, Any], fips: str | None) -> dict[str, Any]:
    """``vals`` with the county's facts in place of the jurisdiction preset's."""
    if fips:
        from scenarios.counties import load, mapping

        c = load().get(fips)
        if c is not None:
            vals = {**vals, **mapping.context_values(c)}
    return vals


def base_values() -> dict[str, Any]:
    """What Reset goes back to: the presets, with the chosen county's facts."""
    return _with_county(preset_values(program(), jurisdiction()), county())


def changed_from_preset() -> list[str]:
    """Names of the parameters that differ from the chosen presets (and county)."""
    base = base_values()
    cur = values()
    return [name for name in cur if cur[name] != base.get(name)]


def can_undo() -> bool:
    return bool(st.session_state.get(K_UNDO))


# ----------------------------------------------------------------------------- cache keys
def freeze(vals: dict[str, Any]) -> tuple:
    """A hashable, order-independent form of a parameter set."""
    return tuple(sorted(vals.items()))


def digest(frozen: tuple) -> str:
    """A short cache key for a frozen parameter set. Streamlit's own argument hashing walks a
    56-item tuple on every call (~2 ms each, a dozen calls a rerun); a digest of its repr (exact
    for floats, bools and strings) is hashed in microseconds. The frozen set itself is passed
    to the cached functions as an unhashed ``_frozen`` argument."""
    return hashlib.blake2b(repr(frozen).encode(), digest_size=16).hexdigest()


# ----------------------------------------------------------------------------- notices
def add_notice(kind: str, key: str, **kwargs) -> None:
    """Queue a message (catalog key + arguments, translated when shown)."""
    st.session_state.setdefault(K_NOTICES, []).append((kind, key, kwargs))


def notices() -> list[tuple[str, str, dict]]:
    return list(st.session_state.get(K_NOTICES, []))


def clear_notices() -> None:
    st.session_state[K_NOTICES] = []


def md_escape(text: Any, limit: int = 120) -> str:
    """User-supplied text made inert for Streamlit's Markdown (and shortened)."""
    s = str(text)
    if len(s) > limit:  # cut at a word boundary, never inside a word
        cut = s[: limit - 1]
        space = cut.rfind(" ")
        s = (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
    s = s.replace("\x00", "").replace("\n", " ").replace("\r", " ")
    out = []
    for ch in s:
        if ch in "\\`*_{}[]<>#|~$!:&":  # '&': an entity such as '&amp;' must stay as typed
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


# ----------------------------------------------------------------------------- changes
def _snapshot() -> tuple:
    return (dict(values()), program(), jurisdiction(), years(), county())


def _push_undo() -> None:
    stack = st.session_state.setdefault(K_UNDO, [])
    stack.append(_snapshot())
    del stack[:-UNDO_LIMIT]


def _set(vals: dict[str, Any], program_: str | None = None, jurisdiction_: str | None = None,
         years_: int | None = None, *, keep_presets: bool = False) -> None:
    st.session_state[K_VALUES] = dict(vals)
    if not keep_presets:
        st.session_state[K_PROGRAM] = program_
        st.session_state[K_JURISDICTION] = jurisdiction_
    if years_ is not None:
        st.session_state[K_YEARS] = int(years_)
    clear_notices()


def set_value(name: str, value: Any) -> None:
    """Change one parameter (validated), keeping an undo snapshot."""
    v = model.coerce(name, value)
    if values().get(name) == v:
        return
    _push_undo()
    new = dict(values())
    new[name] = v
    _set(new, keep_presets=True)


def set_values(vals: dict[str, Any], *, program_: str | None = None,
               jurisdiction_: str | None = None, keep_presets: bool = True,
               county_: str | None = None) -> None:
    """Replace the whole parameter set (an opened or uploaded scenario), keeping an undo
    snapshot. ``county_``: the FIPS the scenario records (kept only if the table has it)."""
    new = model.resolve(vals)
    _push_undo()
    if county_ is not None:
        from scenarios.counties import load

        county_ = county_ if load().get(county_) is not None else None
    st.session_state[K_COUNTY] = county_
    if keep_presets:
        _set(new, keep_presets=True)
    else:
        _set(new, program_, jurisdiction_)


def apply_presets(program_: str | None, jurisdiction_: str | None) -> None:
    """Choose presets: the parameter set becomes their combination (undoable). A chosen county
    keeps its facts unless another example county is chosen."""
    _push_undo()
    if jurisdiction_ != jurisdiction():
        st.session_state[K_COUNTY] = None
    _set(_with_county(preset_values(program_, jurisdiction_), county()), program_, jurisdiction_)


def choose_county(fips: str | None) -> None:
    """Fill the jurisdiction with a county's facts (None: back to the example county's),
    keeping every lever and assumption (undoable)."""
    _push_undo()
    new = dict(values())
    if fips:
        new = _with_county(new, fips)
    else:
        ctx = preset_values(program(), jurisdiction())
        new.update({k: ctx[k] for k in new if model.BY_NAME[k].kind == "context"})
    st.session_state[K_COUNTY] = fips or None
    _set(new, keep_presets=True)


def choose_presets(program_: str | None, jurisdiction_: str | None) -> None:
    """The explore page's preset boxes (undoable). A program preset replaces the decisions and
    assumptions and keeps the county figures as they are (the user's own, if changed); a county
    preset replaces the county figures and keeps the decisions and assumptions."""
    if jurisdiction_ == OWN_COUNTY:
        jurisdiction_ = jurisdiction()
    new = preset_values(program_, jurisdiction_)
    cur = values()
    example = jurisdiction_ != jurisdiction()
    if example:  # an example county chosen: keep the rest
        new.update({n: v for n, v in cur.items() if not _is_context(n)})
        program_ = program()
    else:  # a program chosen: keep the county figures (a chosen real county's included)
        new.update({n: v for n, v in cur.items() if _is_context(n)})
    if new == cur and (program_, jurisdiction_) == (program(), jurisdiction()):
        return
    _push_undo()
    if example:
        st.session_state[K_COUNTY] = None  # its figures replace a chosen real county's too
    _set(model.resolve(new), program_, jurisdiction_)


def set_years(n: int) -> None:
    n = int(n)
    if not MIN_YEARS <= n <= MAX_YEARS or n == years():
        return
    _push_undo()
    st.session_state[K_YEARS] = n
    clear_notices()


def reset() -> None:
    """Back to the chosen presets and county (undoable)."""
    apply_presets(program(), jurisdiction())


def undo() -> bool:
    stack = st.session_state.get(K_UNDO) or []
    if not stack:
        return False
    vals, prog, jur, yrs, fips = stack.pop()
    st.session_state[K_COUNTY] = fips
    _set(vals, prog, jur, yrs)
    return True


# ----------------------------------------------------------------------------- widget wiring
def _round_to_step(p: P.Param, v: Any) -> Any:
    if not p.is_numeric or v is None:
        return v
    if p.integer:
        return int(round(v))
    step = p.step or 0.01
    decimals = max(0, len(f"{step:.10f}".rstrip("0").split(".")[1])) if step < 1 else 0
    return round(float(v), decimals + 2)


def on_param_change(name: str) -> None:
    """Widget callback: copy the moved widget's value into the canonical state."""
    p = model.BY_NAME[name]
    raw = st.session_state.get(name)
    try:
        set_value(name, _round_to_step(p, raw))
    except model.ParamError:
        st.session_state[name] = values()[name]  # out of range: put the widget back


def on_years_change() -> None:
    set_years(st.session_state.get(W_YEARS, years()))


def on_presets_change() -> None:
    choose_presets(st.session_state.get(W_PROGRAM, program()),
                   st.session_state.get(W_JURISDICTION, jurisdiction()))


def sync_widgets(names) -> None:
    """Copy canonical values into widget keys before the widgets are drawn."""
    ss = st.session_state
    have = ss.to_dict()  # one snapshot: each ss.get() would copy the whole state again
    vals = values()
    for name in names:
        if name in vals and have.get(name, _MISSING) != vals[name]:
            ss[name] = vals[name]
    for key, cur in ((W_PROGRAM, program()), (W_JURISDICTION, jurisdiction_choice()),
                     (W_YEARS, years())):
        if cur is not None and have.get(key, _MISSING) != cur:
            ss[key] = cur


_MISSING = object()


# ----------------------------------------------------------------------------- URL sync
def _valid_preset(stem: str | None, allowed: tuple[str, ...]) -> str | None:
    return stem if stem in allowed else None


def init() -> None:
    """Call once per run, before any widget: first run of a session reads the URL."""
    ss = st.session_state
    if ss.get(K_BOOTED):
        return
    ss[K_BOOTED] = True
    ss[K_UNDO] = []
    ss[K_NOTICES] = []
    query = {k: st.query_params.get(k) for k in st.query_params.keys()}
    ss[K_BOOT_QUERY] = dict(query)
    # The scenario's keys keep every value given: a repeated s= or v= is refused, as the CLI does
    # (share.from_query), instead of silently taking the last one.
    scenario_query = {k: st.query_params.get_all(k) for k in ("s", "v") if k in st.query_params}
    ss[LANG_KEY] = normalize_lang(query.get(Q_LANG))
    prog, jur = default_presets()
    prog = _valid_preset(query.get(Q_PROGRAM), program_presets()) or prog
    jur = _valid_preset(query.get(Q_JURISDICTION), jurisdiction_presets()) or jur
    yrs = DEFAULT_YEARS
    try:
        y = int(query.get(Q_YEARS, DEFAULT_YEARS))
        if MIN_YEARS <= y <= MAX_YEARS:
            yrs = y
    except (TypeError, ValueError):
        pass
    fips = query.get(Q_COUNTY)
    if fips is not None:
        from scenarios.counties import DATA_VINTAGE, load

        if load().get(fips) is None:
            ss[K_NOTICES].append(("warning", "county.bad_link", {"value": fips}))
            fips = None
        elif query.get(Q_COUNTY_DATA, DATA_VINTAGE) != DATA_VINTAGE:
            ss[K_NOTICES].append(("info", "county.data_notice", {
                "old": query.get(Q_COUNTY_DATA), "current": DATA_VINTAGE}))
    ss[K_COUNTY] = fips
    vals = _with_county(preset_values(prog, jur), fips)
    if "s" in query:
        try:
            # Only the scenario keys: the language and the presets were handled above (a bad
            # ``lang`` falls back to English instead of rejecting the whole link).
            result = share.from_query(scenario_query)
            vals = model.resolve(result.values)
            for note in getattr(result, "notices", ()) or ():
                ss[K_NOTICES].append(("info", "state.link_notice", {
                    "text": str(note), "version": getattr(result, "version", "") or "?",
                    "current": model.MODEL_VERSION}))
        except model.ParamError as err:  # ScenarioError is a ParamError
            ss[K_NOTICES].append(("warning", "state.bad_link", {
                "field": err.field, "value": err.value, "allowed": err.allowed}))
        except Exception as err:  # noqa: BLE001 - a link must never crash the app
            ss[K_NOTICES].append(("warning", "state.bad_link_other", {"text": str(err)}))
    ss[K_VALUES] = vals
    ss[K_PROGRAM] = prog
    ss[K_JURISDICTION] = jur
    ss[K_YEARS] = yrs
    # Notices raised while booting survive the first run (clear_notices runs only on changes).


@lru_cache(maxsize=256)
def _query_for(key: str, lang_: str, prog: str | None, jur: str | None, yrs: int,
               fips: str | None, _frozen: tuple) -> dict:
    extra: dict[str, str] = {}
    if lang_ != DEFAULT_LANG:
        extra[Q_LANG] = lang_
    if prog:
        extra[Q_PROGRAM] = prog
    if jur:
        extra[Q_JURISDICTION] = jur
    if yrs != DEFAULT_YEARS:
        extra[Q_YEARS] = str(yrs)
    county_: dict[str, str] = {}
    if fips:
        from scenarios.counties import DATA_VINTAGE

        county_ = {Q_COUNTY: fips, Q_COUNTY_DATA: DATA_VINTAGE}
    return {**share.to_query(dict(_frozen), **county_), **extra}


def current_query() -> dict[str, str]:
    """The query string that restores the current state (scenario, presets, horizon, language)."""
    frozen = freeze(values())
    # lru_cache (a few calls a run; st.cache_data would hash and unpickle each time); the
    # digest is the key, the frozen set rides along (equal digests mean equal sets).
    return dict(_query_for(digest(frozen), lang(), program(), jurisdiction(), years(), county(),
                           frozen))


def boot_query() -> dict[str, str]:
    """The query string the session was opened with (a page restores its own keys from it)."""
    return dict(st.session_state.get(K_BOOT_QUERY) or {})


K_PAGE_QUERY = "_page_query"


def keep_query(keys: dict[str, str]) -> None:
    """Query keys the current page owns (the presentation's sequence and levers), kept in the
    URL by this run's ``sync_url`` beside the state's own."""
    st.session_state[K_PAGE_QUERY] = {k: str(v) for k, v in keys.items() if v not in (None, "")}


def set_page_query(extra: dict[str, str]) -> None:
    """A page's own query keys for this run (Compare's comparison): see ``keep_query``."""
    keep_query(extra)


def sync_url() -> None:
    """Keep the browser's URL equal to the current state (only writes when it changed), plus
    any keys the page asked to keep in this run (``keep_query``)."""
    want = {**current_query(), **(st.session_state.pop(K_PAGE_QUERY, None) or {})}
    have = {k: st.query_params.get(k) for k in st.query_params.keys()}
    if have != want:
        st.query_params.from_dict(want)


def share_url(page_path: str = "") -> str:
    """An absolute link that reopens the current state on ``page_path`` ("" = the landing page)."""
    from urllib.parse import urlencode, urlsplit, urlunsplit

    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, scripts)
        base = ""
    if not base:
        base = "http://localhost:8501/"
    parts = urlsplit(base)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in PAGE_NAMES:
        path = path[: -len(last)].rstrip("/")
    path = f"{path}/{page_path}" if page_path else (path + "/")
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(current_query()), ""))


def on_lang_change() -> None:
    st.session_state[LANG_KEY] = normalize_lang(st.session_state.get(LANG_KEY))

