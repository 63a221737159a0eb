"""Writing files so that a crash leaves the old content or the new, never a mix, and never a
temporary file that nobody can tell from a live writer's.

``atomic_write_text`` writes a temporary file (``.tmp-*.part``), flushes and fsyncs it, moves it
over the target with ``os.replace`` (atomic on POSIX and Windows) and fsyncs the directory.
While it writes, it holds an exclusive ``flock`` on the temporary file, released only after the
move (when the temporary name is gone): the kernel drops the lock when a writer dies, so
``temp_is_abandoned`` can tell a dead writer's leftover (lock free) from a live one (lock held)
at once, without waiting an hour. A short minimum age covers the microseconds between creating
the file and locking it.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _target_error(path: Path) -> OSError | None:
    """Why ``path`` cannot be written as a file, found before any temporary file is made."""
    if path.is_dir():
        return IsADirectoryError(21, "Is a directory", str(path))
    parent = path.parent
    if not parent.is_dir():
        return FileNotFoundError(2, "No such directory", str(parent))
    return None


def atomic_write_text(path: str | os.PathLike, text: str, temp_dir: str | os.PathLike | None = None) -> None:
    """Write ``text`` so that ``path`` holds either its old content or the new, never a mix.

    ``temp_dir`` (default: the target's folder) must be on the same file system as the target.
    Raises ``OSError`` (before writing anything) if the target is a folder or its folder is missing.
    """
    path = Path(path)
    err = _target_error(path)
    if err is not None:
        raise err
    directory = path.parent
    fd, tmp = tempfile.mkstemp(dir=temp_dir or directory, prefix=".tmp-", suffix=".part")
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        if hasattr(os, "fchmod"):  # mkstemp makes 0600; scenario files are meant to be shared
            os.fchmod(fd, 0o644)
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        os.close(fd)  # after the move: the lock is held for as long as the temporary name exists
    _fsync_dir(directory)


def temp_is_abandoned(path: Path, min_age: float) -> bool:
    """True if ``path`` is a temporary file whose writer is gone (its lock is free) and that is at
    least ``min_age`` seconds old. Never blocks (a FIFO planted under such a name is not opened
    for reading by a writer, and the lock is only tried)."""
    st = path.lstat()
    if time.time() - st.st_mtime < min_age:
        return False
    if fcntl is None:  # pragma: no cover - Windows: age alone
        return True
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live writer holds it
    finally:
        os.close(fd)
    return True


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
