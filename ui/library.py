"""Whose library: private to each browser by default, one shared team library by choice.

By default a visitor sees, opens, replaces and compares only the scenarios saved from their own
browser. The first save gives the browser an owner token (32 random hex digits) kept in a
cookie (``COOKIE``; first-party, ``SameSite=Lax``, a year) and never in the address bar, so a
share link does not carry it. The visitor's scenarios live in their own folder of the library,
``<library>/private/<digest of the token>/``: an ordinary ``store.Library`` there, so every rule
of the library (generated file names, atomic writes, locks, validation) holds unchanged, and a
token never appears on disk. A browser without the cookie (a new browser, a private window,
cookies cleared) starts an empty library; its scenarios can still be downloaded as files.

Bounded: each browser's library holds at most ``PRIVATE_MAX`` scenarios (or the library's own
cap, ``$SIM287G_LIBRARY_MAX``, if lower), and at most ``$SIM287G_MAX_OWNERS`` browsers (default
``DEFAULT_MAX_OWNERS``) get a library of their own; past either, a save is refused with the
library's "full" message, and nothing already saved is touched.

A deployment for one team can opt into a shared library: ``SIM287G_SHARED_LIBRARY=1`` makes
every visitor use the library folder itself, as before (anyone can then see and replace anyone's
scenarios). See the README's "Hosting it for a room".

The cookie is read from the browser's request (``st.context.cookies``, sent when the session
opens) and written by a line of script (``st.html(..., unsafe_allow_javascript=True)``), the only
way Streamlit 1.67 offers to set one.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import uuid

import streamlit as st

from scenarios import library as store

COOKIE = "sim287g_owner"
SHARED_ENV = "SIM287G_SHARED_LIBRARY"
PRIVATE_DIR = "private"
MAX_AGE = 365 * 24 * 3600  # seconds
PRIVATE_MAX = 200  # scenarios per browser (a workshop participant saves a handful)
OWNERS_ENV = "SIM287G_MAX_OWNERS"
DEFAULT_MAX_OWNERS = 5000
K_OWNER = "sim_owner"  # session: this browser's token
K_OWNER_NEW = "sim_owner_new"  # session: a new token the browser has not stored yet
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def shared() -> bool:
    """Whether this deployment uses one shared library (``SIM287G_SHARED_LIBRARY``)."""
    return os.environ.get(SHARED_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser request (AppTest, scripts)
        return None
    return value if isinstance(value, str) and _TOKEN.match(value) else None


def owner(create: bool = False) -> str | None:
    """This browser's owner token (None until the first save, unless ``create``)."""
    ss = st.session_state
    token = ss.get(K_OWNER) or _cookie()
    if token is None and create:
        token = uuid.uuid4().hex
        ss[K_OWNER_NEW] = True
    if token is not None:
        ss[K_OWNER] = token
    return token


def folder(token: str) -> str:
    """The token's folder name: a digest, so the token itself is never written to disk."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _max_owners() -> int:
    try:
        return max(1, int(os.environ.get(OWNERS_ENV, "") or DEFAULT_MAX_OWNERS))
    except ValueError:
        return DEFAULT_MAX_OWNERS


def _owners(root) -> int:
    try:
        with os.scandir(root) as it:
            return sum(1 for e in it if e.is_dir(follow_symlinks=False))
    except FileNotFoundError:
        return 0


def current(create: bool = False) -> store.Library | None:
    """The library this visitor uses: the shared one, or their own (None while they have none:
    nothing saved from this browser yet). ``create`` (a save) gives this browser a library;
    ``store.FullError`` when every place for a new one is taken."""
    base = store.Library()
    if shared():
        return base
    token = owner(create=create)
    if token is None:
        return None
    mine = base.root / PRIVATE_DIR / folder(token)
    if create and not mine.exists():
        count, limit = _owners(base.root / PRIVATE_DIR), _max_owners()
        if count >= limit:
            raise store.FullError(count, limit)
    try:
        cap = min(PRIVATE_MAX, base.max_entries)
    except store.ScenarioError:  # a bad $SIM287G_LIBRARY_MAX: the save reports it
        cap = None
    return store.Library(mine, max_entries=cap)


def remember() -> None:
    """Store a new token in the browser (once, on the run after it was made)."""
    ss = st.session_state
    if not ss.pop(K_OWNER_NEW, False) or not ss.get(K_OWNER):
        return
    cookie = f"{COOKIE}={ss[K_OWNER]}; path=/; max-age={MAX_AGE}; SameSite=Lax"
    st.html(f"<script>document.cookie = {json.dumps(cookie)};</script>",
            unsafe_allow_javascript=True)
