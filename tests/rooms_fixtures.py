"""Room stores for the tests, one per backend: SQLite in a temporary file, and PostgreSQL in a
fresh schema of the server named by ``$SIM287G_TEST_PG_URL`` (``tests/run.sh`` starts one).

Without that URL the PostgreSQL variant skips, with the reason, when run locally; under CI
(``CI=true``) it fails instead, so a CI run can never pass without having tested PostgreSQL.
"""
from __future__ import annotations

import os
import secrets
from urllib.parse import quote

import pytest

from rooms import RoomStore
from rooms.db import PostgresDatabase, SQLiteDatabase

BACKENDS = ("sqlite", "postgresql")
PG_ENV = "SIM287G_TEST_PG_URL"


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        msg = (f"${PG_ENV} is not set: run the tests with `bash tests/run.sh`, which starts a "
               "throwaway PostgreSQL on loopback")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("under CI the PostgreSQL store tests must run: " + msg)
        pytest.skip(msg)
    return url


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


class PgSchema:
    """A schema of its own on the test server, dropped at the end."""

    def __init__(self) -> None:
        import psycopg

        self.base = pg_url_or_skip()
        self.name = "t_" + secrets.token_hex(6)
        try:
            with psycopg.connect(self.base, autocommit=True, connect_timeout=10) as c:
                c.execute(f"CREATE SCHEMA {self.name}")
        except psycopg.OperationalError as err:
            pytest.fail(f"PostgreSQL at ${PG_ENV} is not reachable: {err}")
        self.url = _with_schema(self.base, self.name)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True, connect_timeout=10) as c:
            c.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


def make_database(backend: str, tmp_path, cleanups: list):
    if backend == "sqlite":
        return SQLiteDatabase(tmp_path / "rooms.sqlite3")
    schema = PgSchema()
    cleanups.append(schema.drop)
    return PostgresDatabase(schema.url)


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def database_factory(backend, tmp_path):
    """Call it to get a new, unmigrated connection to the same test database."""
    cleanups: list = []
    made: list = []
    first: list = []

    def factory():
        if not first:
            first.append(make_database(backend, tmp_path, cleanups))
            db = first[0]
        else:
            src = first[0]
            db = (SQLiteDatabase(src.path) if backend == "sqlite" else PostgresDatabase(src.url))
        made.append(db)
        return db

    yield factory
    for db in made:
        db.close()
    for fn in reversed(cleanups):
        fn()


@pytest.fixture
def store(database_factory):
    db = database_factory()
    db.migrate()
    return RoomStore(db)
