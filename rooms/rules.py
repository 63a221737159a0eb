"""What a room allows: its caps, join codes and secrets, nicknames, and the join rate limit.

Every limit here is a design choice for a workshop (an assumption, not a published figure),
sized for a classroom or a public forum of up to a few dozen phones.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
import unicodedata
from collections import OrderedDict
from typing import Any

# ----------------------------------------------------------------------------- caps
MAX_PARTICIPANTS = 80  # one room; the benchmark drives 60
MAX_ROUNDS = 40  # a 45-minute session uses 4-6
MAX_SUBMISSIONS = 400  # per room (one per participant per round, resubmitting replaces it)
MAX_SCENARIO_BYTES = 6_000  # a submitted scenario file (a full one is ~1.5 kB)
MAX_LEVERS = 6  # levers (and assumptions) a facilitator lets participants move
MAX_LIVE_ROOMS = 500  # rooms open at once on one server
NICK_MAX = 24
QUESTION_MAX = 240
PREDICTION_LIMIT = 1e12  # |prediction|: anything larger is a typo
HOURS_CHOICES = (1, 2, 3, 6, 12)  # a room's lifetime, chosen when it is opened
DEFAULT_HOURS = 3

# ----------------------------------------------------------------------------- codes, secrets
# Join codes: 8 characters from 31 that cannot be confused when read off a projector (no 0/O,
# 1/I/L): 31**8 = 8.5e11 codes. With 500 rooms open (the cap) and 20 wrong guesses a minute per
# client address, one address needs 31**8 / 500 / 20 minutes, about 160 years, on average to hit
# any room; a code expires with its room (12 hours at most), and the room gives a guesser only a
# nickname's view of it, never the facilitator's controls.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


class RoomError(Exception):
    """A refused room action. ``code`` names the catalog message (``rooms.error.<code>``),
    ``args_`` its placeholders; ``str()`` is a plain English line for logs and the CLI."""

    def __init__(self, code: str, **kwargs: Any) -> None:
        self.code = code
        self.args_ = kwargs
        detail = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        super().__init__(f"{code}" + (f" ({detail})" if detail else ""))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: Any) -> str | None:
    """A typed code in canonical form ("abcd-efgh " -> "ABCDEFGH"), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    s = re.sub(r"[\s\-_.]", "", unicodedata.normalize("NFKC", text)).upper()
    if len(s) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in s):
        return None
    return s


def show_code(code: str) -> str:
    """The code as shown on the projector: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def new_secret() -> str:
    """A facilitator's or participant's secret: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def new_id() -> str:
    return secrets.token_hex(8)


def digest(secret: str) -> str:
    """What the store keeps of a secret (a leaked database holds no usable link)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_digest(secret: Any, stored: str) -> bool:
    return isinstance(secret, str) and hmac.compare_digest(digest(secret), stored)


# ----------------------------------------------------------------------------- text
_SPACE = re.compile(r"\s+")


def clean_text(text: Any, limit: int, field: str) -> str:
    """Free text made plain: NFKC, control and format characters dropped, spaces collapsed;
    ``RoomError('too_long')`` past ``limit`` characters (never silently cut)."""
    if not isinstance(text, str):
        raise RoomError("bad_text", field=field)
    s = unicodedata.normalize("NFKC", text)
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    s = _SPACE.sub(" ", s).strip()
    if len(s) > limit:
        raise RoomError("too_long", field=field, limit=limit, length=len(s))
    return s


def clean_nickname(text: Any) -> tuple[str, str]:
    """(nickname as shown, key for uniqueness): 1-24 visible characters, no markup signs."""
    s = clean_text(text, NICK_MAX, "nickname")
    if not s:
        raise RoomError("empty_nickname", limit=NICK_MAX)
    if any(ch in "<>`\\" for ch in s):
        raise RoomError("bad_nickname", chars="< > ` \\")
    return s, s.casefold()


# ----------------------------------------------------------------------------- rate limit
class RateLimiter:
    """At most ``limit`` attempts per ``window`` seconds per key (a session, a client address),
    in this process. Bounded: past ``max_keys`` keys the oldest are forgotten."""

    def __init__(self, limit: int, window: float, max_keys: int = 20_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._hits: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one attempt for ``key``; False when it is over the limit (not counted then)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = [t for t in self._hits.pop(key, []) if now - t < self.window]
            ok = len(hits) < self.limit
            if ok:
                hits.append(now)
            self._hits[key] = hits
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
            return ok

    def blocked(self, key: str, now: float | None = None) -> bool:
        """Whether ``key`` is at its limit now (nothing counted)."""
        return self.wait(key, now) > 0

    def wait(self, key: str, now: float | None = None) -> int:
        """Seconds until ``key`` may try again (0 if it may now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = [t for t in self._hits.get(key, []) if now - t < self.window]
        if len(hits) < self.limit:
            return 0
        return max(1, int(self.window - (now - hits[0]) + 0.999))


# Join attempts: 10 a minute per browser session, and 20 *failed* attempts a minute per client
# address (guessing fails; a classroom behind one router joins 60 phones at once, and those
# succeed, so they never count against the address).
JOIN_PER_SESSION = RateLimiter(10, 60.0)
JOIN_FAILS_PER_ADDRESS = RateLimiter(20, 60.0)
OPEN_PER_ADDRESS = RateLimiter(10, 3600.0)  # rooms opened per client address per hour
