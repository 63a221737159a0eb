"""The room store, run against SQLite and against PostgreSQL (``tests/rooms_fixtures.py``)."""
from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import pytest

from rooms import RoomError, RoomStore, record, rules
from rooms import store as store_mod
from rooms.db import MIGRATIONS, SCHEMA_VERSION, SchemaError, SQLiteDatabase, open_database

from rooms_fixtures import backend, database_factory, store  # noqa: F401 - fixtures

PREDICT = {"question": "Will recorded crime go up?", "outcome": "recorded_crime_change",
           "jurisdiction": "county-mid", "mode": "pair", "a": "no-agreement", "b": "jem-universal"}
BUILD = {"question": "Build a program you would defend", "outcome": "net_crime_change",
         "jurisdiction": "county-mid", "base": "jem-universal",
         "params": ["screening", "victim_protection", "officers_jem"]}


def _room(store, n=3):
    room, secret = store.create_room("en", 3)
    members = [store.join(room.code, f"P{i}") for i in range(n)]
    return room, secret, members


# ----------------------------------------------------------------------------- schema
def test_migrate_creates_the_schema_once(database_factory):
    db = database_factory()
    assert db.migrate() == SCHEMA_VERSION
    assert db.migrate() == SCHEMA_VERSION  # a second process starting later: nothing to do
    other = database_factory()  # another connection (another app process)
    assert other.migrate() == SCHEMA_VERSION
    with db.tx() as cur:
        versions = [r[0] for r in cur.all("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_migrate_runs_the_missing_steps_in_order(database_factory):
    db = database_factory()
    with db.tx(exclusive=True) as cur:  # a database left at version 1 by an older app
        cur.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for statement in MIGRATIONS[0]:
            cur.execute(statement)
        cur.execute("INSERT INTO schema_version (version) VALUES (1)")
        cur.execute("INSERT INTO rooms (id, code, admin_hash, lang, created, expires, settings)"
                    " VALUES ('old', 'ABCDEFGH', 'x', 'en', 0, 1e12, '{}')")
    assert db.migrate() == SCHEMA_VERSION == 2
    with db.tx() as cur:
        assert cur.one("SELECT MAX(version) FROM schema_version")[0] == 2
        assert cur.one("SELECT code FROM rooms WHERE id = 'old'")[0] == "ABCDEFGH"  # data kept
        # the index of step 2 exists: creating it again fails
        with pytest.raises(Exception):
            cur.execute("CREATE INDEX rooms_expires ON rooms (expires)")


def test_a_newer_schema_is_refused(database_factory):
    db = database_factory()
    db.migrate()
    with db.tx() as cur:
        cur.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaError, match="update the app"):
        database_factory().migrate()


def test_sqlite_file_is_created_on_first_use_in_wal_mode(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "rooms.db"
    monkeypatch.setenv("SIM287G_ROOMS_DB", str(path))
    monkeypatch.delenv("SIM287G_ROOMS_URL", raising=False)
    assert not path.exists()
    db = open_database()
    try:
        assert isinstance(db, SQLiteDatabase) and path.exists()
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


# ----------------------------------------------------------------------------- rooms and secrets
def test_room_codes_and_secrets(store):
    room, secret = store.create_room("es", 2)
    assert len(room.code) == rules.CODE_LENGTH and set(room.code) <= set(rules.CODE_ALPHABET)
    assert room.expires - room.created == pytest.approx(2 * 3600)
    assert store.room_by_code(rules.show_code(room.code).lower()).id == room.id  # typed loosely
    with store.db.tx() as cur:
        stored = cur.one("SELECT admin_hash FROM rooms WHERE id = ?", (room.id,))[0]
    assert secret not in stored and stored == rules.digest(secret)
    assert store.facilitator(room.id, secret).id == room.id
    for wrong in ("", "x", secret[:-1], room.code, None):
        with pytest.raises(RoomError) as e:
            store.facilitator(room.id, wrong)
        assert e.value.code == "not_facilitator"


def test_a_participant_secret_grants_no_facilitator_action(store):
    room, secret, [(m, psecret), *_] = _room(store, 1)
    for action in (lambda s: store.start_round(room.id, s, "predict", PREDICT),
                   lambda s: store.close_room(room.id, s),
                   lambda s: store.record(room.id, s)):
        for wrong in (psecret, room.code):
            with pytest.raises(RoomError, match="not_facilitator"):
                action(wrong)
    assert store.row_counts(room.id)["rooms"] == 1


def test_hours_must_be_a_listed_choice(store):
    with pytest.raises(RoomError, match="bad_hours"):
        store.create_room("en", 100)


# ----------------------------------------------------------------------------- joining
def test_join_checks_nicknames(store):
    room, _ = store.create_room()
    m, secret = store.join(room.code, "  Ana\u200b  María ")
    assert m.nickname == "Ana María" and store.member(secret).id == m.id
    for bad, code in (("", "empty_nickname"), ("   ", "empty_nickname"), ("x" * 25, "too_long"),
                      ("<b>hi</b>", "bad_nickname"), ("a`b", "bad_nickname"), (42, "bad_text")):
        with pytest.raises(RoomError) as e:
            store.join(room.code, bad)
        assert e.value.code == code, bad
    with pytest.raises(RoomError, match="nickname_taken"):
        store.join(room.code, "ANA MARÍA")  # same nickname in another case
    with pytest.raises(RoomError, match="no_room"):
        store.join("ZZZZZZZZ", "Bo")


def test_participant_cap(store, monkeypatch):
    monkeypatch.setattr(store_mod, "MAX_PARTICIPANTS", 2)
    room, _ = store.create_room()
    store.join(room.code, "a")
    store.join(room.code, "b")
    with pytest.raises(RoomError, match="full"):
        store.join(room.code, "c")


# ----------------------------------------------------------------------------- predict, reveal
def test_predict_then_reveal(store):
    room, secret, members = _room(store, 3)
    rnd = store.start_round(room.id, secret, "predict", PREDICT)
    for (m, ps), x in zip(members, (1.0, 5.0, 9.0)):
        store.predict(ps, rnd.id, x)
    store.predict(members[0][1], rnd.id, 2.0)  # a participant changes their mind: still 3 answers
    snap = store.snapshot(room.id)
    assert snap.participants == 3 and sorted(snap.predictions) == [2.0, 5.0, 9.0]
    assert snap.round.phase == "open" and snap.round.answer is None
    shown = store.set_phase(room.id, secret, rnd.id, "revealed")
    ans = shown.answer
    assert ans["lo"] <= ans["diff"] <= ans["hi"]
    assert ans["diff"] == pytest.approx(ans["b"] - ans["a"])
    assert store.current_round(room.id).answer == ans  # stored: every process shows the same
    with pytest.raises(RoomError, match="round_closed"):
        store.predict(members[1][1], rnd.id, 3.0)
    for bad in (float("nan"), float("inf"), 1e13, "3", True, None):
        with pytest.raises(RoomError):
            store.predict(members[1][1], store.start_round(room.id, secret, "predict", PREDICT).id, bad)


def test_round_setups_are_checked(store):
    room, secret = store.create_room()
    for bad in ({**PREDICT, "a": "../../etc/passwd"}, {**PREDICT, "outcome": "nope"},
                {**PREDICT, "mode": "x"}, {**PREDICT, "question": "q" * 300},
                {**BUILD, "params": []}, {**BUILD, "params": ["population"]}):
        kind = "build" if "params" in bad else "predict"
        with pytest.raises(RoomError):
            store.start_round(room.id, secret, kind, bad)
    change = {**PREDICT, "mode": "change", "base": "jem-universal", "param": "additionality",
              "value": 0.0}
    assert store.start_round(room.id, secret, "predict", change).spec["param"] == "additionality"


# ----------------------------------------------------------------------------- build, vote
def test_build_submit_and_vote(store):
    room, secret, members = _room(store, 3)
    rnd = store.start_round(room.id, secret, "build", BUILD)
    (m0, s0), (m1, s1), (m2, s2) = members
    a = store.submit(s0, rnd.id, {"screening": "targeted"})
    b = store.submit(s1, rnd.id, {"victim_protection": True, "officers_jem": 4})
    assert store.submit(s0, rnd.id, {"officers_jem": 20}) == a  # resubmitting replaces
    for bad, code in (({"trust_erosion": 0.5}, "not_allowed"), ({"officers_jem": -3}, "bad_value"),
                      ({"screening": "everyone"}, "bad_value"), ("x", "bad_values")):
        with pytest.raises(RoomError) as e:
            store.submit(s2, rnd.id, bad)
        assert e.value.code == code
    snap = store.snapshot(room.id)
    assert [s["nickname"] for s in snap.submissions] == ["P0", "P1"]
    first = snap.submissions[0]["scenario"]
    assert "officers_jem = 20" in first and "screening" not in first  # the second version
    with pytest.raises(RoomError, match="round_closed"):
        store.vote(s2, rnd.id, a)  # voting opens later
    store.set_phase(room.id, secret, rnd.id, "vote")
    with pytest.raises(RoomError, match="round_closed"):
        store.submit(s2, rnd.id, {"screening": "targeted"})
    with pytest.raises(RoomError, match="own_submission"):
        store.vote(s0, rnd.id, a)
    store.vote(s2, rnd.id, a)
    store.vote(s2, rnd.id, a)
    store.vote(s0, rnd.id, b)
    store.vote(s1, rnd.id, a)
    snap = store.snapshot(room.id)
    assert {s["nickname"]: s["votes"] for s in snap.submissions} == {"P0": 2, "P1": 1}
    store.vote(s2, rnd.id, b)  # a second vote moves the first: still one per participant
    snap = store.snapshot(room.id)
    assert {s["nickname"]: s["votes"] for s in snap.submissions} == {"P0": 1, "P1": 2}
    assert snap.voters == 3
    with pytest.raises(RoomError, match="no_submission"):
        store.vote(s2, rnd.id, "nope")


def test_submission_cap(store, monkeypatch):
    monkeypatch.setattr(store_mod, "MAX_SUBMISSIONS", 1)
    room, secret, members = _room(store, 2)
    rnd = store.start_round(room.id, secret, "build", BUILD)
    store.submit(members[0][1], rnd.id, {})
    with pytest.raises(RoomError, match="too_many_submissions"):
        store.submit(members[1][1], rnd.id, {})


# ----------------------------------------------------------------------------- isolation
def test_one_room_reveals_nothing_of_another(store):
    ra, sa, [(ma, pa)] = _room(store, 1)
    rb, sb = store.create_room()
    mb, pb = store.join(rb.code, "P0")  # the same nickname in another room is fine
    rnd_a = store.start_round(ra.id, sa, "predict", PREDICT)
    store.predict(pa, rnd_a.id, 4.0)
    with pytest.raises(RoomError, match="round_closed"):
        store.predict(pb, rnd_a.id, 1.0)  # B's participant, A's round
    with pytest.raises(RoomError, match="not_facilitator"):
        store.start_round(ra.id, sb, "predict", PREDICT)  # B's facilitator, A's room
    snap_b = store.snapshot(rb.id)
    assert snap_b.round is None and snap_b.participants == 1 and snap_b.predictions == []
    assert store.member(pb).room.id == rb.id and store.room_by_code(rb.code).id == rb.id
    assert store.row_counts(ra.id)["predictions"] == 1


def test_two_app_processes_share_one_room(database_factory):
    one, two = RoomStore(database_factory()), RoomStore(database_factory())
    one.db.migrate()
    two.db.migrate()
    room, secret = one.create_room()
    m, ps = two.join(room.code, "Ana")  # joined through the other process
    rnd = one.start_round(room.id, secret, "predict", PREDICT)
    two.predict(ps, rnd.id, 3.0)
    assert one.snapshot(room.id).predictions == [3.0]
    assert one.versions(room.id) == two.versions(room.id)


# ----------------------------------------------------------------------------- expiry, closing
def test_rooms_expire_and_are_purged(store):
    now = [1_000_000.0]
    store.clock = lambda: now[0]
    room, secret, [(m, ps)] = _room(store, 1)
    assert store.room_by_code(room.code) is not None
    now[0] += 3 * 3600 + 1
    assert store.room_by_code(room.code) is None and store.member(ps) is None
    assert store.snapshot(room.id) is None and store.versions(room.id) is None
    with pytest.raises(RoomError, match="no_room"):
        store.facilitator(room.id, secret)
    assert store.row_counts(room.id)["participants"] == 1  # still there until the sweep
    assert store.purge_expired() == 1
    assert set(store.row_counts(room.id).values()) == {0}


def test_expired_rooms_are_swept_when_someone_joins(store):
    now = [1_000_000.0]
    store.clock = lambda: now[0]
    old, _, _ = _room(store, 2)
    now[0] += 3 * 3600 + 1
    live, _ = store.create_room()  # sweeps: the first sweep of this store
    assert store.row_counts(old.id)["participants"] == 0
    stale, _, _ = _room(store, 1)
    now[0] += 3 * 3600 + store.PURGE_EVERY
    with pytest.raises(RoomError, match="no_room"):
        store.join(stale.code, "late")  # the sweep ran first: the stale room is gone
    assert store.row_counts(stale.id)["rooms"] == 0


def test_closing_deletes_every_row(store):
    room, secret, members = _room(store, 2)
    keep, keep_secret, _ = _room(store, 1)
    rnd = store.start_round(room.id, secret, "build", BUILD)
    sid = store.submit(members[0][1], rnd.id, {"screening": "targeted"})
    store.set_phase(room.id, secret, rnd.id, "vote")
    store.vote(members[1][1], rnd.id, sid)
    p = store.start_round(room.id, secret, "predict", PREDICT)
    store.predict(members[1][1], p.id, 1.5)
    counts = store.row_counts(room.id)
    assert counts == {"votes": 1, "submissions": 1, "predictions": 1, "rounds": 2,
                      "participants": 2, "rooms": 1}
    store.close_room(room.id, secret)
    assert set(store.row_counts(room.id).values()) == {0}
    assert store.member(members[0][1]) is None
    assert store.row_counts(keep.id)["participants"] == 1  # the other room is untouched


# ----------------------------------------------------------------------------- the record
def test_record_zip(store):
    room, secret = store.create_room()
    m, ps = store.join(room.code, "=cmd")  # a spreadsheet formula as a nickname
    rnd = store.start_round(room.id, secret, "predict", PREDICT)
    store.predict(ps, rnd.id, 2.5)
    store.set_phase(room.id, secret, rnd.id, "revealed")
    b = store.start_round(room.id, secret, "build", BUILD)
    store.submit(ps, b.id, {"victim_protection": True})
    data = record.zip_bytes(store.record(room.id, secret))
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    assert {"rounds.csv", "predictions.csv", "submissions.csv", "votes.csv", "record.json"} <= names
    preds = list(csv.DictReader(io.StringIO(z.read("predictions.csv").decode())))
    assert preds == [{"round": "1", "nickname": "'=cmd", "prediction": "2.5",
                      "created": preds[0]["created"]}]
    rounds = list(csv.DictReader(io.StringIO(z.read("rounds.csv").decode())))
    assert [r["kind"] for r in rounds] == ["predict", "build"] and rounds[0]["answer_diff"]
    tomls = [n for n in names if n.endswith(".toml")]
    assert len(tomls) == 1
    from rooms.rounds import scn

    assert scn.loads(z.read(tomls[0])).values()["victim_protection"] is True  # a valid scenario file


# ----------------------------------------------------------------------------- rules (no database)
def test_codes_normalise_and_reject():
    assert rules.normalize_code(" abcd-efgh ") == "ABCDEFGH"
    for bad in ("ABCDEFG", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGI", None, 12345678, "x" * 100):
        assert rules.normalize_code(bad) is None
    codes = {rules.new_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_rate_limiter():
    lim = rules.RateLimiter(3, 60.0, max_keys=2)
    assert [lim.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert lim.wait("a", now=3) == 57
    assert lim.blocked("a", now=3) and not lim.blocked("a", now=61)
    assert lim.allow("a", now=61) is True  # the first attempt left the window
    lim.allow("b", now=0)
    lim.allow("c", now=0)  # past max_keys the oldest key is forgotten
    assert len(lim._hits) == 2
