"""The saved-scenario library: a folder of TOML scenario files.

Why a folder and not SQLite: every saved scenario is an ordinary file a user can read, diff in
git, attach to an e-mail or copy to a USB stick; there is nothing to install, start or migrate,
and one corrupt file costs one scenario, not the library. The price is that listing reads every
file; a library holds tens or hundreds of scenarios of a few KB each, which takes milliseconds.

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
  skipped, never fatal.
* Saving under a name that already exists raises ``ExistsError`` unless ``overwrite=True``, so
  the UI can ask first.
"""
from __future__ import annotations

import contextlib
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from scenarios.files import MAX_BYTES, MAX_NAME, Scenario, ScenarioError, atomic_write_text, dumps, loads

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: single-user desktop use, no cross-process lock
    fcntl = None  # type: ignore[assignment]

ENV_VAR = "SIM287G_LIBRARY"
DEFAULT_ROOT = "library"
SUFFIX = ".toml"
LOCK_NAME = ".lock"
_ID_RE = re.compile(r"^[0-9a-f]{32}$")
STALE_TEMP_SECONDS = 3600  # temp files of writers that died (a live save takes milliseconds)


class ExistsError(ScenarioError):
    """A scenario with this name is already in the library (pass overwrite=True to replace it)."""

    def __init__(self, name: str, existing_id: str):
        super().__init__("name", name, "a name not already in the library (or confirm overwriting it)")
        self.existing_id = existing_id


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


def new_id() -> str:
    return uuid.uuid4().hex


class Library:
    def __init__(self, root: str | os.PathLike | None = None):
        if root is None:
            root = os.environ.get(ENV_VAR) or DEFAULT_ROOT
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Library({str(self.root)!r})"

    # ------------------------------------------------------------------ helpers
    def _path(self, scenario_id: str) -> Path:
        if not isinstance(scenario_id, str) or not _ID_RE.match(scenario_id):
            raise NotFoundError(scenario_id)
        return self.root / f"{scenario_id}{SUFFIX}"

    def _ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure()
        fd = os.open(self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _read(self, path: Path) -> Scenario:
        if path.is_symlink():
            raise ScenarioError("file", path.name, "a regular file in the library (not a link)")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        return loads(data)

    def _files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir()
                      if p.suffix == SUFFIX and not p.name.startswith("."))

    def _scan(self) -> tuple[list[tuple[Entry, Scenario]], list[Problem]]:
        found, problems = [], []
        for path in self._files():
            stem = path.stem
            try:
                sc = self._read(path)
                mtime = path.stat().st_mtime
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

    def _find_name(self, name: str, exclude: str | None = None) -> str | None:
        key = _key(name)
        for entry, _ in self._scan()[0]:
            if entry.id != exclude and _key(entry.name) == key:
                return entry.id
        return None

    @staticmethod
    def _check_name(name: object) -> str:
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise ScenarioError("name", name, f"text of 1 to {MAX_NAME} characters")
        return name

    # ------------------------------------------------------------------ public API
    def list(self) -> tuple[list[Entry], list[Problem]]:
        """Entries sorted by name, and the files that could not be used (never raises for them)."""
        found, problems = self._scan()
        entries = sorted((e for e, _ in found), key=lambda e: (_key(e.name).casefold(), e.id))
        return entries, problems

    def save(self, scenario: Scenario, overwrite: bool = False) -> str:
        """Save a scenario; returns its id. Raises ExistsError if the name is taken."""
        if not isinstance(scenario, Scenario):
            raise ScenarioError("scenario", scenario, "a Scenario")
        text = dumps(scenario)
        loads(text)  # never write what we could not read back
        with self._locked():
            existing = self._find_name(scenario.name)
            if existing is not None and not overwrite:
                raise ExistsError(scenario.name, existing)
            scenario_id = existing or new_id()
            atomic_write_text(self._path(scenario_id), text)
            self._sweep_temp()
        return scenario_id

    def _sweep_temp(self) -> None:
        """Remove temp files left by writers killed mid-save (only old ones: never a live save's)."""
        import time

        now = time.time()
        for p in self.root.glob(".tmp-*.part"):
            try:
                if now - p.lstat().st_mtime > STALE_TEMP_SECONDS:
                    p.unlink()
            except OSError:
                pass

    def open(self, scenario_id: str) -> Scenario:
        path = self._path(scenario_id)
        if not path.exists():
            raise NotFoundError(scenario_id)
        try:
            return self._read(path)
        except ScenarioError as exc:
            raise exc.with_source(path.name) from None

    def rename(self, scenario_id: str, name: str, overwrite: bool = False) -> None:
        """Give a saved scenario a new name (its id and file stay the same)."""
        self._check_name(name)
        with self._locked():
            sc = self.open(scenario_id)
            other = self._find_name(name, exclude=scenario_id)
            if other is not None:
                if not overwrite:
                    raise ExistsError(name, other)
                self._path(other).unlink(missing_ok=True)
            sc = sc.model_copy(update={"name": name})
            atomic_write_text(self._path(scenario_id), dumps(Scenario.model_validate(sc.model_dump())))

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
                self._check_name(name)
                other = self._find_name(name)
                if other is not None:
                    raise ExistsError(name, other)
            copy = Scenario.model_validate({**sc.model_dump(), "name": name})
            new = new_id()
            atomic_write_text(self._path(new), dumps(copy))
        return new

    def delete(self, scenario_id: str) -> None:
        path = self._path(scenario_id)
        with self._locked():
            if not path.exists():
                raise NotFoundError(scenario_id)
            path.unlink()

    def import_bytes(self, data: bytes | str, overwrite: bool = False) -> str:
        """Validate a scenario file's content and save it; returns the new id."""
        sc = loads(data)  # raises ScenarioError before anything touches the library
        return self.save(sc, overwrite=overwrite)

    def export(self, scenario_id: str) -> str:
        """The scenario as TOML text, ready to download or e-mail."""
        return dumps(self.open(scenario_id))
