"""The saved-scenario library: a folder of TOML scenario files.

Why a folder and not SQLite: every saved scenario is an ordinary file a user can read, diff in
git, attach to an e-mail or copy to a USB stick; there is nothing to install, start or migrate,
and one corrupt file costs one scenario, not the library. The price is that listing reads every
file; a library holds tens or hundreds of scenarios of a few KB each, which takes milliseconds.

Saving does not read the library: a small index in ``.index/`` holds, for each name, a *claim*
file (named by a hash of the name, holding the entry's id), one more for the name's look-alike
skeleton (``scenarios.names``), and the number of entries. A save opens the claims of its name and
the entries they point to (to confirm them), never the other entries, so it costs the same at
10 or 10,000 entries (benchmarks/bench_library.py). The index is rebuilt from the files when it
is missing (an older library) or when ``list()`` finds the count wrong (a file copied in by
hand): the files are the truth, the index only a shortcut.

Size: at most ``max_entries`` entries (``$SIM287G_LIBRARY_MAX``, default 10,000); a save past
it raises ``FullError``. Temporary files live in ``.tmp/`` (same file system, so the final move
stays atomic); each writer holds a lock on its temporary file, and a save removes the ones
whose lock is free - their writer died - at once, never a live writer's.

Location: ``Library(root)``, else ``$SIM287G_LIBRARY``, else ``./library``.

Safety rules:

* File names are generated (``<32 hex digits>.toml``, a random UUID); the name a user types is
  free text stored *inside* the file, so ``../../x``, ``CON``, ``/etc/passwd`` or NUL are just
  text. Ids passed in from outside must match the id pattern, so they cannot point elsewhere.
* Every write goes to a temporary file in the same folder, is flushed and fsynced, then moved
  over the target with ``os.replace``: after a crash the file is the old one or the new one.
* Operations that look at names (save, rename, duplicate, import) hold an exclusive lock on
  ``.lock`` (``fcntl.flock``) while they check and write, so concurrent sessions cannot both
  claim one name; distinct scenarios get distinct random ids, so concurrent saves lose nothing.
* ``list()`` validates every file; a corrupt or hostile one is reported in ``problems`` and
  skipped, never fatal. Only regular files are read: a FIFO, device or link named like an entry
  is reported (opened without blocking, checked with ``fstat``), so it cannot hang the library.
* Names are NFC and have no invisible characters (the scenario's own check), and a name that
  looks like another entry's ('Critics' / 'Сritics' with a Cyrillic 'С') raises
  ``LookalikeError``.
* Saving under a name that already exists raises ``ExistsError`` unless ``overwrite=True``, so
  the UI can ask first.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from scenarios import names
from scenarios.files import (MAX_BYTES, MAX_NAME, Scenario, ScenarioError, atomic_write_text, dumps, loads,
                             show, temp_is_abandoned)

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: single-user desktop use, no cross-process lock
    fcntl = None  # type: ignore[assignment]

ENV_VAR = "SIM287G_LIBRARY"
MAX_ENV_VAR = "SIM287G_LIBRARY_MAX"
DEFAULT_ROOT = "library"
DEFAULT_MAX_ENTRIES = 10_000  # assumption: far more than a workshop or an office keeps
SUFFIX = ".toml"
LOCK_NAME = ".lock"
INDEX_DIR = ".index"
TEMP_DIR = ".tmp"
INDEX_VERSION = "1"
_ID_RE = re.compile(r"^[0-9a-f]{32}$")
# Every writer of the library's temp files holds the library's lock, and so does the sweep: a temp
# file the sweep sees has no live writer. Its own lock being free is checked as well (belt and
# braces), so no minimum age is needed and a dead writer's file goes at the next save.
STALE_TEMP_SECONDS = 0.0


class ExistsError(ScenarioError):
    """A scenario with this name is already in the library (pass overwrite=True to replace it)."""

    def __init__(self, name: str, existing_id: str):
        super().__init__("name", name, "a name not already in the library (or confirm overwriting it)")
        self.existing_id = existing_id


class LookalikeError(ScenarioError):
    """The name looks like another entry's (it differs only in look-alike characters)."""

    def __init__(self, name: str, existing_id: str, existing_name: str):
        super().__init__("name", name, f"a name that does not look like the saved {show(existing_name)} (it differs "
                                       "from it only in look-alike characters)")
        self.existing_id, self.existing_name = existing_id, existing_name


class FullError(ScenarioError):
    def __init__(self, count: int, limit: int):
        self.count, self.limit = count, limit
        super().__init__("library", f"{count:,} scenarios", f"at most {limit:,} scenarios: delete some "
                                                             f"first (limit set by ${MAX_ENV_VAR})")


class NotFoundError(ScenarioError):
    def __init__(self, scenario_id: str):
        super().__init__("id", scenario_id, "the id of a scenario in the library")


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    updated: str  # ISO 8601, UTC, from the file's modification time
    description: str = ""
    tags: tuple[str, ...] = ()
    author: str | None = None


@dataclass(frozen=True)
class Problem:
    file: str  # the file name inside the library
    message: str  # one line: field, value, what is allowed


def _key(name: str) -> str:
    """Names compare after Unicode normalisation and trimming, case-sensitively."""
    return unicodedata.normalize("NFC", name).strip()


def _claim_name(kind: str, text: str) -> str:
    return f"{kind}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:40]}"


def new_id() -> str:
    return uuid.uuid4().hex


def _max_entries() -> int:
    raw = os.environ.get(MAX_ENV_VAR, "")
    try:
        value = int(raw) if raw.strip() else DEFAULT_MAX_ENTRIES
    except ValueError:
        raise ScenarioError(MAX_ENV_VAR, raw, "a whole number of scenarios, at least 1") from None
    if value < 1:
        raise ScenarioError(MAX_ENV_VAR, raw, "a whole number of scenarios, at least 1")
    return value


class Library:
    def __init__(self, root: str | os.PathLike | None = None, max_entries: int | None = None):
        if root is None:
            root = os.environ.get(ENV_VAR) or DEFAULT_ROOT
        self.root = Path(root)
        self._max_entries = max_entries

    @property
    def max_entries(self) -> int:
        """The cap: given, else $SIM287G_LIBRARY_MAX (read when saving, so a bad value is a
        save's one-line error, not a failure to list)."""
        return self._max_entries if self._max_entries is not None else _max_entries()

    def __repr__(self) -> str:
        return f"Library({str(self.root)!r})"

    # ------------------------------------------------------------------ helpers
    def _path(self, scenario_id: str) -> Path:
        if not isinstance(scenario_id, str) or not _ID_RE.match(scenario_id):
            raise NotFoundError(scenario_id)
        return self.root / f"{scenario_id}{SUFFIX}"

    def _ensure(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / TEMP_DIR).mkdir(exist_ok=True)
            (self.root / INDEX_DIR).mkdir(exist_ok=True)
        except FileExistsError:
            raise ScenarioError("library", str(self.root), "a folder (this path is a file)") from None
        except NotADirectoryError:
            raise ScenarioError("library", str(self.root), "a folder path (part of it is a file)") from None
        except OSError as exc:
            raise ScenarioError("library", str(self.root), f"a folder that can be created and written "
                                                           f"({exc.strerror or type(exc).__name__})") from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure()
        try:
            fd = os.open(self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            raise ScenarioError("library", str(self.root), f"a writable folder ({exc.strerror or exc})") from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            if not (self.root / INDEX_DIR / "VERSION").is_file():
                self._reindex()
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _read(self, path: Path) -> Scenario:
        """A regular file's scenario; a FIFO, device or link is refused without blocking."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            if path.is_symlink():
                raise ScenarioError("file", path.name, "a regular file in the library (not a link)") from None
            raise
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ScenarioError("file", path.name, "a regular file in the library (not a pipe, "
                                                       "device or folder)")
            data = fh.read(MAX_BYTES + 1)
        return loads(data)

    def _files(self) -> list[Path]:
        """Candidate entry files (names ending .toml, not hidden), of any type."""
        if not self.root.is_dir():
            return []
        with os.scandir(self.root) as it:
            return sorted(Path(e.path) for e in it if e.name.endswith(SUFFIX) and not e.name.startswith("."))

    def _scan(self) -> tuple[list[tuple[Entry, Scenario]], list[Problem]]:
        found, problems = [], []
        for path in self._files():
            stem = path.stem
            try:
                sc = self._read(path)
                mtime = path.lstat().st_mtime
            except ScenarioError as exc:
                problems.append(Problem(path.name, str(exc)))
                continue
            except (OSError, ValueError) as exc:
                problems.append(Problem(path.name, f"file: cannot be read ({exc.__class__.__name__})"))
                continue
            if not _ID_RE.match(stem):
                problems.append(Problem(path.name, "file: not named by the library (<id>.toml); "
                                        "import it instead of copying it in"))
                continue
            updated = datetime.fromtimestamp(mtime, tz=timezone.utc).isoformat(timespec="seconds")
            found.append((Entry(stem, sc.name, updated, sc.description, tuple(sc.tags), sc.author), sc))
        return found, problems

    # ------------------------------------------------------------------ the index
    def _index(self, name: str) -> Path:
        return self.root / INDEX_DIR / name

    def _write(self, path: Path, text: str) -> None:
        atomic_write_text(path, text, temp_dir=self.root / TEMP_DIR)

    def _claims(self, name: str) -> tuple[Path, Path]:
        return (self._index(_claim_name("n", _key(name))), self._index(_claim_name("s", names.skeleton(name))))

    def _claimed(self, claim: Path, exclude: str | None = None) -> tuple[str, str] | None:
        """(id, name) of the live entry a claim points to, or None (no claim, or a stale one)."""
        try:
            sid = claim.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        if not _ID_RE.match(sid) or sid == exclude:
            return None
        try:
            return sid, self._read(self._path(sid)).name
        except (OSError, ScenarioError):
            return None

    def _find_name(self, name: str, exclude: str | None = None) -> str | None:
        """The id of the entry with this name (None if free); LookalikeError for a look-alike."""
        exact, look = self._claims(name)
        hit = self._claimed(exact, exclude)
        if hit is not None and _key(hit[1]) == _key(name):
            return hit[0]
        like = self._claimed(look, exclude)
        if like is not None and names.skeleton(like[1]) == names.skeleton(name):
            raise LookalikeError(name, *like)
        return None

    def _claim(self, name: str, scenario_id: str) -> None:
        for claim in self._claims(name):
            self._write(claim, scenario_id + "\n")

    def _unclaim(self, name: str, scenario_id: str) -> None:
        for claim in self._claims(name):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if claim.read_text(encoding="ascii").strip() == scenario_id:
                    claim.unlink()

    def _count(self) -> int:
        try:
            return int(self._index("count").read_text(encoding="ascii"))
        except (OSError, ValueError):
            return 0

    def _set_count(self, n: int) -> None:
        self._write(self._index("count"), f"{max(0, n)}\n")

    def _reindex(self) -> None:
        """Rebuild the index from the files (lock held): claims, count, then the version mark."""
        index = self.root / INDEX_DIR
        for p in list(index.iterdir()):
            with contextlib.suppress(OSError):
                p.unlink()
        found, problems = self._scan()
        for entry, _ in sorted(found, key=lambda f: f[0].id):
            exact, look = self._claims(entry.name)
            for claim in (exact, look):
                if not claim.exists():  # plain writes, made durable at once by the sync below
                    claim.write_text(entry.id + "\n", encoding="ascii")
        if hasattr(os, "sync"):
            os.sync()
        self._set_count(len(self._entry_files()))
        for p in self.root.glob(".tmp-*.part"):  # temp files of versions that wrote them here
            with contextlib.suppress(OSError):
                if temp_is_abandoned(p, STALE_TEMP_SECONDS):
                    p.unlink()
        self._write(self._index("VERSION"), INDEX_VERSION + "\n")

    def _entry_files(self) -> list[Path]:
        return [p for p in self._files() if _ID_RE.match(p.stem)]

    def reindex(self) -> None:
        """Rebuild the index from the files (after copying files in or out by hand)."""
        with self._locked():
            self._reindex()

    @staticmethod
    def _check_name(name: object) -> str:
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise ScenarioError("name", name, f"text of 1 to {MAX_NAME} characters")
        name = names.normalise(name)
        bad = names.invisible(name)
        if bad:
            raise ScenarioError("name", name, f"a name without invisible or control characters (found {bad})")
        return name

    # ------------------------------------------------------------------ public API
    def list(self) -> tuple[list[Entry], list[Problem]]:
        """Entries sorted by name, and the files that could not be used (never raises for them)."""
        found, problems = self._scan()
        entries = sorted((e for e, _ in found), key=lambda e: (_key(e.name).casefold(), e.id))
        files = len(found) + sum(1 for p in problems if _ID_RE.match(Path(p.file).stem))
        if (self.root / INDEX_DIR / "VERSION").is_file() and files != self._count():
            with contextlib.suppress(OSError, ScenarioError):  # a file copied in or out by hand
                self.reindex()
        return entries, problems

    def save(self, scenario: Scenario, overwrite: bool = False) -> str:
        """Save a scenario; returns its id. Raises ExistsError if the name is taken, LookalikeError
        if it looks like another entry's, FullError if the library is full."""
        if not isinstance(scenario, Scenario):
            raise ScenarioError("scenario", scenario, "a Scenario")
        text = dumps(scenario)
        loads(text)  # never write what we could not read back
        with self._locked():
            self._sweep_temp()
            existing = self._find_name(scenario.name)
            if existing is not None and not overwrite:
                raise ExistsError(scenario.name, existing)
            if existing is None:
                count = self._count()
                if count >= self.max_entries:
                    raise FullError(count, self.max_entries)
            scenario_id = existing or new_id()
            self._claim(scenario.name, scenario_id)  # first: a crash leaves a stale claim, no lost name
            self._write(self._path(scenario_id), text)
            if existing is None:
                self._set_count(self._count() + 1)
        return scenario_id

    def _sweep_temp(self) -> None:
        """Remove temp files of writers killed mid-save: their lock is free (never a live save's)."""
        temp = self.root / TEMP_DIR
        with contextlib.suppress(OSError), os.scandir(temp) as it:
            for e in it:
                with contextlib.suppress(OSError):
                    if e.name.startswith(".tmp-") and temp_is_abandoned(Path(e.path), STALE_TEMP_SECONDS):
                        os.unlink(e.path)

    def open(self, scenario_id: str) -> Scenario:
        path = self._path(scenario_id)
        if not path.exists() and not path.is_symlink():
            raise NotFoundError(scenario_id)
        try:
            return self._read(path)
        except ScenarioError as exc:
            raise exc.with_source(path.name) from None
        except OSError as exc:
            raise ScenarioError("file", path.name, f"a readable file ({exc.strerror or exc})") from None

    def rename(self, scenario_id: str, name: str, overwrite: bool = False) -> None:
        """Give a saved scenario a new name (its id and file stay the same)."""
        name = self._check_name(name)
        with self._locked():
            sc = self.open(scenario_id)
            other = self._find_name(name, exclude=scenario_id)
            if other is not None:
                if not overwrite:
                    raise ExistsError(name, other)
                self._path(other).unlink(missing_ok=True)
                self._set_count(self._count() - 1)
            old = sc.name
            sc = Scenario.model_validate({**sc.model_dump(), "name": name})
            self._claim(name, scenario_id)
            self._write(self._path(scenario_id), dumps(sc))
            if _key(old) != _key(name):
                self._unclaim(old, scenario_id)

    def duplicate(self, scenario_id: str, name: str | None = None) -> str:
        """Copy a saved scenario under a new name (default: '<name> (copy)', numbered if needed)."""
        with self._locked():
            sc = self.open(scenario_id)
            if name is None:
                base = f"{sc.name} (copy)"[:MAX_NAME]
                name, n = base, 2
                while self._find_name(name) is not None:
                    suffix = f" (copy {n})"
                    name = (sc.name[: MAX_NAME - len(suffix)] + suffix)
                    n += 1
            else:
                name = self._check_name(name)
                other = self._find_name(name)
                if other is not None:
                    raise ExistsError(name, other)
            count = self._count()
            if count >= self.max_entries:
                raise FullError(count, self.max_entries)
            copy = Scenario.model_validate({**sc.model_dump(), "name": name})
            new = new_id()
            self._claim(copy.name, new)
            self._write(self._path(new), dumps(copy))
            self._set_count(count + 1)
        return new

    def delete(self, scenario_id: str) -> None:
        path = self._path(scenario_id)
        with self._locked():
            if not path.exists() and not path.is_symlink():
                raise NotFoundError(scenario_id)
            try:
                name = self._read(path).name
            except (OSError, ScenarioError):
                name = None
            path.unlink()
            if name is not None:
                self._unclaim(name, scenario_id)
            self._set_count(self._count() - 1)

    def import_bytes(self, data: bytes | str, overwrite: bool = False) -> str:
        """Validate a scenario file's content and save it; returns the new id."""
        sc = loads(data)  # raises ScenarioError before anything touches the library
        return self.save(sc, overwrite=overwrite)

    def export(self, scenario_id: str) -> str:
        """The scenario as TOML text, ready to download or e-mail."""
        return dumps(self.open(scenario_id))
