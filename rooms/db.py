"""The room store's two databases behind one small interface, and the schema's migrations.

* **SQLite** (default): one file, created on first use, in WAL mode (readers never wait for the
  writer, and several processes on one machine can share the file). The path comes from
  ``$SIM287G_ROOMS_DB`` (default ``./rooms.sqlite3``).
* **PostgreSQL**, when ``$SIM287G_ROOMS_URL`` holds a connection URL (``postgresql://...``):
  several app processes, on one machine or several, then serve one room. Driver: psycopg 3.

SQL is written once with ``?`` placeholders and portable types (TEXT, INTEGER, BIGINT, DOUBLE
PRECISION); the PostgreSQL connection turns ``?`` into ``%s``. Each process holds one connection
per store behind a lock: every statement here takes well under a millisecond, so a queue of
sessions waiting for the lock is shorter than a pool's bookkeeping.

The schema is created and migrated by the app: ``schema_version`` holds the version reached and
``MIGRATIONS`` lists the steps in order; opening a store runs the missing ones in one
transaction (under an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite, so two
processes starting at once do not both migrate). A database written by a newer app is refused.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

ENV_URL = "SIM287G_ROOMS_URL"
ENV_PATH = "SIM287G_ROOMS_DB"
DEFAULT_PATH = "rooms.sqlite3"
_PG_LOCK_ID = 287_017  # advisory lock id held while migrating (any constant shared by all processes)

# Ordered migrations: MIGRATIONS[i] takes the schema from version i to version i + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the tables
        """CREATE TABLE rooms (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            admin_hash TEXT NOT NULL,
            lang TEXT NOT NULL,
            created DOUBLE PRECISION NOT NULL,
            expires DOUBLE PRECISION NOT NULL,
            settings TEXT NOT NULL,
            rev BIGINT NOT NULL DEFAULT 0,
            stage BIGINT NOT NULL DEFAULT 0)""",
        """CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            nickname TEXT NOT NULL,
            nick_key TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            joined DOUBLE PRECISION NOT NULL,
            UNIQUE (room_id, nick_key))""",
        """CREATE TABLE rounds (
            id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            phase TEXT NOT NULL,
            spec TEXT NOT NULL,
            answer TEXT,
            created DOUBLE PRECISION NOT NULL,
            UNIQUE (room_id, seq))""",
        """CREATE TABLE predictions (
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            value DOUBLE PRECISION NOT NULL,
            created DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (round_id, participant_id))""",
        """CREATE TABLE submissions (
            id TEXT PRIMARY KEY,
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            scenario TEXT NOT NULL,
            created DOUBLE PRECISION NOT NULL,
            UNIQUE (round_id, participant_id))""",
        """CREATE TABLE votes (
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
            room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            created DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (round_id, participant_id))""",
    ),
    (  # 2: indexes for the projector's polling and for the expiry sweep
        "CREATE INDEX rooms_expires ON rooms (expires)",
        "CREATE INDEX participants_room ON participants (room_id)",
        "CREATE INDEX rounds_room ON rounds (room_id, seq)",
        "CREATE INDEX predictions_room ON predictions (room_id)",
        "CREATE INDEX submissions_room ON submissions (room_id)",
        "CREATE INDEX votes_room ON votes (room_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
# Every table holding a room's data (children first): closing a room deletes from each.
ROOM_TABLES = ("votes", "submissions", "predictions", "rounds", "participants")


class SchemaError(RuntimeError):
    """The database was written by a newer version of the app."""


class Database:
    """One connection, a lock, and ``tx()`` for a transaction. Subclasses set ``dialect``."""

    dialect = ""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn: Any = None

    # -- to implement
    def _connect(self) -> Any:
        raise NotImplementedError

    def _begin(self, cur, exclusive: bool) -> None:
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql

    def _healthy(self) -> bool:
        return self._conn is not None

    # -- shared
    @contextmanager
    def tx(self, exclusive: bool = False) -> Iterator["Cursor"]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._lock:
            if not self._healthy():
                self._conn = self._connect()
            cur = self._conn.cursor()
            try:
                self._begin(cur, exclusive)
                yield Cursor(cur, self._sql)
                self._conn.commit()
            except BaseException:
                try:
                    self._conn.rollback()
                except Exception:  # noqa: BLE001 - a broken connection: reconnect next time
                    self._drop()
                raise
            finally:
                try:
                    cur.close()
                except Exception:  # noqa: BLE001
                    pass

    def _drop(self) -> None:
        try:
            self._conn.close()
        except Exception:  # noqa: BLE001
            pass
        self._conn = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._drop()

    def migrate(self) -> int:
        """Create or update the schema; return the version reached."""
        with self.tx(exclusive=True) as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = cur.one("SELECT MAX(version) FROM schema_version")
            have = int(row[0]) if row and row[0] is not None else 0
            if have > SCHEMA_VERSION:
                raise SchemaError(
                    f"the room database is at schema version {have}; this app knows up to "
                    f"{SCHEMA_VERSION}: update the app")
            for version in range(have, SCHEMA_VERSION):
                for statement in MIGRATIONS[version]:
                    cur.execute(statement)
                cur.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))
            return SCHEMA_VERSION


class Cursor:
    """A thin wrapper: the dialect's placeholders, and one-row / all-rows helpers."""

    def __init__(self, cur, sql) -> None:
        self._cur, self._sql = cur, sql

    def execute(self, sql: str, params: tuple = ()) -> int:
        self._cur.execute(self._sql(sql), params)
        return self._cur.rowcount

    def one(self, sql: str, params: tuple = ()) -> tuple | None:
        self._cur.execute(self._sql(sql), params)
        return self._cur.fetchone()

    def all(self, sql: str, params: tuple = ()) -> list[tuple]:
        self._cur.execute(self._sql(sql), params)
        return list(self._cur.fetchall())


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: str | os.PathLike) -> None:
        super().__init__()
        self.path = Path(path)

    def _connect(self):
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(self.path), timeout=10, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        return _SQLiteConn(conn)

    def _begin(self, cur, exclusive: bool) -> None:
        cur.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")


class _SQLiteConn:
    """sqlite3 in autocommit mode (isolation_level=None) with explicit BEGIN/COMMIT."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.raw = conn

    def cursor(self):
        return self.raw.cursor()

    def commit(self) -> None:
        if self.raw.in_transaction:
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.raw.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def _connect(self):
        import psycopg

        return psycopg.connect(self.url, connect_timeout=10, autocommit=False)

    def _healthy(self) -> bool:
        return self._conn is not None and not self._conn.closed and not self._conn.broken

    def _begin(self, cur, exclusive: bool) -> None:
        if exclusive:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_ID,))

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")


def open_database(url: str | None = None, path: str | os.PathLike | None = None) -> Database:
    """PostgreSQL when a URL is given (or ``$SIM287G_ROOMS_URL`` is set), else SQLite at
    ``path`` (or ``$SIM287G_ROOMS_DB``, or ``./rooms.sqlite3``); migrated before it is returned."""
    url = url if url is not None else os.environ.get(ENV_URL, "").strip()
    if url:
        db: Database = PostgresDatabase(url)
    else:
        db = SQLiteDatabase(path or os.environ.get(ENV_PATH, "").strip() or DEFAULT_PATH)
    db.migrate()
    return db
