"""Workshop rooms: the operations on the store (SQLite or PostgreSQL, see ``rooms.db``).

A room has a join code (for participants) and a facilitator secret (kept only as a digest);
each participant gets their own secret on joining (also kept as a digest), which is what their
browser presents for every action. A participant's secret finds only their own room, and the
facilitator's secret is checked against the room it claims; no call returns another room's rows.

Every write bumps the room's ``rev`` (the projector polls it); facilitator actions that change
what participants see (a new round, a new phase) also bump ``stage`` (the phones poll that).
Rooms expire (``expires``) and are deleted, with all their rows, when closed or found expired.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from . import rounds as R
from .db import ROOM_TABLES, Database, open_database
from .rules import (DEFAULT_HOURS, HOURS_CHOICES, MAX_LIVE_ROOMS, MAX_PARTICIPANTS, MAX_ROUNDS,
                    MAX_SUBMISSIONS, RoomError, clean_nickname, digest, new_code, new_id,
                    new_secret, normalize_code, same_digest)


@dataclass(frozen=True)
class Room:
    id: str
    code: str
    lang: str
    created: float
    expires: float
    rev: int
    stage: int


@dataclass(frozen=True)
class Round:
    id: str
    seq: int
    kind: str
    phase: str
    spec: dict[str, Any]
    answer: dict[str, float] | None


@dataclass(frozen=True)
class Member:
    """A participant as their own browser knows them."""
    id: str
    nickname: str
    room: Room


@dataclass
class Snapshot:
    """What the projector shows: the room, its current round and that round's entries."""
    room: Room
    participants: int
    round: Round | None
    predictions: list[float] = field(default_factory=list)
    submissions: list[dict[str, Any]] = field(default_factory=list)  # id, nickname, scenario, votes
    voters: int = 0


_ROOM_COLS = "id, code, lang, created, expires, rev, stage"


def _room(row) -> Room:
    return Room(row[0], row[1], row[2], float(row[3]), float(row[4]), int(row[5]), int(row[6]))


def _round(row) -> Round:
    return Round(row[0], int(row[1]), row[2], row[3], json.loads(row[4]),
                 json.loads(row[5]) if row[5] else None)


class RoomStore:
    PURGE_EVERY = 60.0  # seconds between sweeps of expired rooms (run on opening and joining)

    def __init__(self, db: Database, clock=time.time) -> None:
        self.db = db
        self.clock = clock
        self._swept = -1e18

    def _sweep(self) -> None:
        if self.clock() - self._swept >= self.PURGE_EVERY:
            self._swept = self.clock()
            self.purge_expired()

    @classmethod
    def open(cls, url: str | None = None, path: Any = None) -> "RoomStore":
        return cls(open_database(url=url, path=path))

    def close(self) -> None:
        self.db.close()

    # ----------------------------------------------------------------- rooms
    def create_room(self, lang: str = "en", hours: int = DEFAULT_HOURS) -> tuple[Room, str]:
        """A new room and its facilitator secret (shown once; the store keeps its digest)."""
        if hours not in HOURS_CHOICES:
            raise RoomError("bad_hours", allowed=", ".join(map(str, HOURS_CHOICES)))
        now = self.clock()
        self._sweep()
        secret = new_secret()
        with self.db.tx() as cur:
            live = cur.one("SELECT COUNT(*) FROM rooms")[0]
            if live >= MAX_LIVE_ROOMS:
                raise RoomError("too_many_rooms", max=MAX_LIVE_ROOMS)
            for _ in range(8):  # a clash among 8.5e11 codes is rare; retry a few times anyway
                code = new_code()
                if cur.one("SELECT 1 FROM rooms WHERE code = ?", (code,)) is None:
                    break
            else:  # pragma: no cover
                raise RoomError("too_many_rooms", max=MAX_LIVE_ROOMS)
            rid = new_id()
            cur.execute("INSERT INTO rooms (id, code, admin_hash, lang, created, expires, settings,"
                        " rev, stage) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
                        (rid, code, digest(secret), lang if lang in ("en", "es") else "en", now,
                         now + hours * 3600.0, "{}"))
        return Room(rid, code, lang, now, now + hours * 3600.0, 0, 0), secret

    def _live_room(self, cur, room_id: str) -> Room | None:
        row = cur.one(f"SELECT {_ROOM_COLS} FROM rooms WHERE id = ?", (room_id,))
        if row is None:
            return None
        room = _room(row)
        return room if room.expires > self.clock() else None

    def room(self, room_id: str) -> Room | None:
        """The room if it is open (not closed, not expired)."""
        with self.db.tx() as cur:
            return self._live_room(cur, room_id)

    def room_by_code(self, code: Any) -> Room | None:
        c = normalize_code(code)
        if c is None:
            return None
        with self.db.tx() as cur:
            row = cur.one(f"SELECT {_ROOM_COLS} FROM rooms WHERE code = ?", (c,))
        if row is None:
            return None
        room = _room(row)
        return room if room.expires > self.clock() else None

    def facilitator(self, room_id: Any, secret: Any) -> Room:
        """The room, if ``secret`` is its facilitator secret; else ``RoomError('not_facilitator')``."""
        if not isinstance(room_id, str) or not isinstance(secret, str):
            raise RoomError("not_facilitator")
        with self.db.tx() as cur:
            row = cur.one(f"SELECT {_ROOM_COLS}, admin_hash FROM rooms WHERE id = ?", (room_id,))
        if row is None or not same_digest(secret, row[7]):
            raise RoomError("not_facilitator")
        room = _room(row)
        if room.expires <= self.clock():
            raise RoomError("no_room")
        return room

    def versions(self, room_id: str) -> tuple[int, int] | None:
        """(rev, stage) of an open room: one indexed read, for polling."""
        with self.db.tx() as cur:
            row = cur.one("SELECT rev, stage, expires FROM rooms WHERE id = ?", (room_id,))
        if row is None or float(row[2]) <= self.clock():
            return None
        return int(row[0]), int(row[1])

    def _bump(self, cur, room_id: str, stage: bool = False) -> None:
        cur.execute("UPDATE rooms SET rev = rev + 1" + (", stage = stage + 1" if stage else "")
                    + " WHERE id = ?", (room_id,))

    def close_room(self, room_id: str, secret: str) -> None:
        """Delete the room and every row that belongs to it (facilitator only)."""
        self.facilitator(room_id, secret)
        with self.db.tx() as cur:
            self._delete(cur, room_id)

    def _delete(self, cur, room_id: str) -> None:
        for table in ROOM_TABLES:
            cur.execute(f"DELETE FROM {table} WHERE room_id = ?", (room_id,))
        cur.execute("DELETE FROM rooms WHERE id = ?", (room_id,))

    def purge_expired(self) -> int:
        """Delete every expired room with its rows; return how many."""
        now = self.clock()
        with self.db.tx() as cur:
            ids = [r[0] for r in cur.all("SELECT id FROM rooms WHERE expires <= ?", (now,))]
            for rid in ids:
                self._delete(cur, rid)
        return len(ids)

    def row_counts(self, room_id: str) -> dict[str, int]:
        """Rows held for a room in each table (for the record and for tests)."""
        with self.db.tx() as cur:
            out = {t: int(cur.one(f"SELECT COUNT(*) FROM {t} WHERE room_id = ?", (room_id,))[0])
                   for t in ROOM_TABLES}
            out["rooms"] = int(cur.one("SELECT COUNT(*) FROM rooms WHERE id = ?", (room_id,))[0])
        return out

    # ----------------------------------------------------------------- participants
    def join(self, code: Any, nickname: Any) -> tuple[Member, str]:
        """Join the room with ``code`` as ``nickname``; return the member and their secret."""
        nick, key = clean_nickname(nickname)
        self._sweep()
        room = self.room_by_code(code)
        if room is None:
            raise RoomError("no_room")
        secret = new_secret()
        pid = new_id()
        with self.db.tx() as cur:
            n = cur.one("SELECT COUNT(*) FROM participants WHERE room_id = ?", (room.id,))[0]
            if n >= MAX_PARTICIPANTS:
                raise RoomError("full", max=MAX_PARTICIPANTS)
            if cur.one("SELECT 1 FROM participants WHERE room_id = ? AND nick_key = ?",
                       (room.id, key)) is not None:
                raise RoomError("nickname_taken", nickname=nick)
            cur.execute("INSERT INTO participants (id, room_id, nickname, nick_key, secret_hash,"
                        " joined) VALUES (?, ?, ?, ?, ?, ?)",
                        (pid, room.id, nick, key, digest(secret), self.clock()))
            self._bump(cur, room.id)
        return Member(pid, nick, room), secret

    def member(self, secret: Any) -> Member | None:
        """The participant holding ``secret``, in their open room; None otherwise."""
        if not isinstance(secret, str) or not secret:
            return None
        with self.db.tx() as cur:
            row = cur.one("SELECT id, nickname, room_id FROM participants WHERE secret_hash = ?",
                          (digest(secret),))
            if row is None:
                return None
            room = self._live_room(cur, row[2])
        return Member(row[0], row[1], room) if room is not None else None

    def _member(self, secret: Any) -> Member:
        m = self.member(secret)
        if m is None:
            raise RoomError("not_member")
        return m

    # ----------------------------------------------------------------- rounds
    def start_round(self, room_id: str, secret: str, kind: str, spec: Any) -> Round:
        """A new round (facilitator only); it becomes the room's current round."""
        self.facilitator(room_id, secret)
        clean = R.check_spec(kind, spec)
        with self.db.tx() as cur:
            row = cur.one("SELECT COUNT(*), MAX(seq) FROM rounds WHERE room_id = ?", (room_id,))
            if int(row[0]) >= MAX_ROUNDS:
                raise RoomError("too_many_rounds", max=MAX_ROUNDS)
            seq = int(row[1] or 0) + 1
            rnd = Round(new_id(), seq, kind, "open", clean, None)
            cur.execute("INSERT INTO rounds (id, room_id, seq, kind, phase, spec, answer, created)"
                        " VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                        (rnd.id, room_id, seq, kind, "open", json.dumps(clean), self.clock()))
            self._bump(cur, room_id, stage=True)
        return rnd

    def set_phase(self, room_id: str, secret: str, round_id: str, phase: str) -> Round:
        """Move a round on (facilitator only): a prediction round to ``revealed`` (the model's
        answer is computed once and stored), a build round to ``vote`` or ``closed``."""
        self.facilitator(room_id, secret)
        rnd = self._round(room_id, round_id)
        if phase not in R.PHASES[rnd.kind]:
            raise RoomError("bad_phase", phase=str(phase)[:20])
        ans = rnd.answer
        if rnd.kind == "predict" and phase == "revealed" and ans is None:
            ans = R.answer(rnd.spec)
        with self.db.tx() as cur:
            cur.execute("UPDATE rounds SET phase = ?, answer = ? WHERE id = ? AND room_id = ?",
                        (phase, json.dumps(ans) if ans else None, round_id, room_id))
            self._bump(cur, room_id, stage=True)
        return Round(rnd.id, rnd.seq, rnd.kind, phase, rnd.spec, ans)

    def _round(self, room_id: str, round_id: Any) -> Round:
        with self.db.tx() as cur:
            row = cur.one("SELECT id, seq, kind, phase, spec, answer FROM rounds"
                          " WHERE id = ? AND room_id = ?", (str(round_id), room_id))
        if row is None:
            raise RoomError("no_round")
        return _round(row)

    def current_round(self, room_id: str) -> Round | None:
        with self.db.tx() as cur:
            row = cur.one("SELECT id, seq, kind, phase, spec, answer FROM rounds WHERE room_id = ?"
                          " ORDER BY seq DESC LIMIT 1", (room_id,))
        return _round(row) if row else None

    def _open_round(self, member: Member, round_id: Any, kind: str, phase: str) -> Round:
        rnd = self.current_round(member.room.id)
        if rnd is None or rnd.id != round_id or rnd.kind != kind or rnd.phase != phase:
            raise RoomError("round_closed")
        return rnd

    # ----------------------------------------------------------------- participants' entries
    def predict(self, secret: Any, round_id: Any, value: Any) -> float:
        """Record (or replace) a participant's prediction in the open prediction round."""
        m = self._member(secret)
        self._open_round(m, round_id, "predict", "open")
        x = R.check_prediction(value)
        with self.db.tx() as cur:
            cur.execute("DELETE FROM predictions WHERE round_id = ? AND participant_id = ?",
                        (round_id, m.id))
            cur.execute("INSERT INTO predictions (round_id, participant_id, room_id, value, created)"
                        " VALUES (?, ?, ?, ?, ?)", (round_id, m.id, m.room.id, x, self.clock()))
            self._bump(cur, m.room.id)
        return x

    def submit(self, secret: Any, round_id: Any, values: Any) -> str:
        """Submit (or replace) a participant's scenario in the open build round; return its id."""
        m = self._member(secret)
        rnd = self._open_round(m, round_id, "build", "open")
        text = R.build_scenario(rnd.spec, m.nickname, values)
        with self.db.tx() as cur:
            row = cur.one("SELECT id FROM submissions WHERE round_id = ? AND participant_id = ?",
                          (round_id, m.id))
            if row is not None:
                sid = row[0]
                # the same id and place in the gallery; a vote for it stays with it
                cur.execute("UPDATE submissions SET scenario = ? WHERE id = ?", (text, sid))
            else:
                n = cur.one("SELECT COUNT(*) FROM submissions WHERE room_id = ?", (m.room.id,))[0]
                if n >= MAX_SUBMISSIONS:
                    raise RoomError("too_many_submissions", max=MAX_SUBMISSIONS)
                sid = new_id()
                cur.execute("INSERT INTO submissions (id, round_id, participant_id, room_id,"
                            " scenario, created) VALUES (?, ?, ?, ?, ?, ?)",
                            (sid, round_id, m.id, m.room.id, text, self.clock()))
            self._bump(cur, m.room.id)
        return sid

    def vote(self, secret: Any, round_id: Any, submission_id: Any) -> None:
        """A participant's one vote in a build round's vote (a second vote moves the first)."""
        m = self._member(secret)
        self._open_round(m, round_id, "build", "vote")
        with self.db.tx() as cur:
            row = cur.one("SELECT participant_id FROM submissions WHERE id = ? AND round_id = ?",
                          (str(submission_id), round_id))
            if row is None:
                raise RoomError("no_submission")
            if row[0] == m.id:
                raise RoomError("own_submission")
            cur.execute("DELETE FROM votes WHERE round_id = ? AND participant_id = ?",
                        (round_id, m.id))
            cur.execute("INSERT INTO votes (round_id, participant_id, submission_id, room_id,"
                        " created) VALUES (?, ?, ?, ?, ?)",
                        (round_id, m.id, str(submission_id), m.room.id, self.clock()))
            self._bump(cur, m.room.id)

    def my_entry(self, secret: Any, round_id: Any) -> dict[str, Any]:
        """What this participant has entered in a round: prediction, submission id, vote."""
        m = self.member(secret)
        if m is None:
            return {}
        with self.db.tx() as cur:
            p = cur.one("SELECT value FROM predictions WHERE round_id = ? AND participant_id = ?",
                        (round_id, m.id))
            s = cur.one("SELECT id, scenario FROM submissions WHERE round_id = ? AND"
                        " participant_id = ?", (round_id, m.id))
            v = cur.one("SELECT submission_id FROM votes WHERE round_id = ? AND participant_id = ?",
                        (round_id, m.id))
        return {"prediction": float(p[0]) if p else None, "submission": s[0] if s else None,
                "scenario": s[1] if s else None, "vote": v[0] if v else None}

    # ----------------------------------------------------------------- the projector
    def snapshot(self, room_id: str) -> Snapshot | None:
        """The room's current round with its entries, in one transaction."""
        with self.db.tx() as cur:
            room = self._live_room(cur, room_id)
            if room is None:
                return None
            n = int(cur.one("SELECT COUNT(*) FROM participants WHERE room_id = ?", (room_id,))[0])
            row = cur.one("SELECT id, seq, kind, phase, spec, answer FROM rounds WHERE room_id = ?"
                          " ORDER BY seq DESC LIMIT 1", (room_id,))
            snap = Snapshot(room, n, _round(row) if row else None)
            if snap.round is None:
                return snap
            rid = snap.round.id
            if snap.round.kind == "predict":
                snap.predictions = [float(r[0]) for r in cur.all(
                    "SELECT value FROM predictions WHERE round_id = ? ORDER BY created", (rid,))]
            else:
                votes = dict(cur.all("SELECT submission_id, COUNT(*) FROM votes WHERE round_id = ?"
                                     " GROUP BY submission_id", (rid,)))
                snap.voters = sum(int(v) for v in votes.values())
                snap.submissions = [
                    {"id": r[0], "nickname": r[1], "scenario": r[2], "votes": int(votes.get(r[0], 0))}
                    for r in cur.all("SELECT s.id, p.nickname, s.scenario FROM submissions s JOIN"
                                     " participants p ON p.id = s.participant_id WHERE s.round_id = ?"
                                     " ORDER BY s.created, s.id", (rid,))]
        return snap

    def record(self, room_id: str, secret: str) -> dict[str, list[dict[str, Any]]]:
        """Everything the room holds, for the facilitator's download (facilitator only)."""
        self.facilitator(room_id, secret)
        with self.db.tx() as cur:
            rounds = cur.all("SELECT id, seq, kind, phase, spec, answer, created FROM rounds"
                             " WHERE room_id = ? ORDER BY seq", (room_id,))
            seq = {r[0]: int(r[1]) for r in rounds}
            nick = dict(cur.all("SELECT id, nickname FROM participants WHERE room_id = ?", (room_id,)))
            preds = cur.all("SELECT round_id, participant_id, value, created FROM predictions"
                            " WHERE room_id = ? ORDER BY created", (room_id,))
            subs = cur.all("SELECT id, round_id, participant_id, scenario, created FROM submissions"
                           " WHERE room_id = ? ORDER BY created", (room_id,))
            votes = cur.all("SELECT round_id, participant_id, submission_id, created FROM votes"
                            " WHERE room_id = ? ORDER BY created", (room_id,))
        return {
            "rounds": [{"round": int(r[1]), "kind": r[2], "phase": r[3], **json.loads(r[4]),
                        "answer": json.loads(r[5]) if r[5] else None, "created": float(r[6])}
                       for r in rounds],
            "predictions": [{"round": seq.get(r[0]), "nickname": nick.get(r[1], ""),
                             "prediction": float(r[2]), "created": float(r[3])} for r in preds],
            "submissions": [{"id": r[0], "round": seq.get(r[1]), "nickname": nick.get(r[2], ""),
                             "scenario": r[3], "created": float(r[4])} for r in subs],
            "votes": [{"round": seq.get(r[0]), "nickname": nick.get(r[1], ""), "submission": r[2],
                       "created": float(r[3])} for r in votes],
        }


_STORE: RoomStore | None = None
_STORE_LOCK = threading.Lock()


def default_store() -> RoomStore:
    """The process's store, opened from the environment on first use (see ``rooms.db``)."""
    global _STORE
    with _STORE_LOCK:
        if _STORE is None:
            _STORE = RoomStore.open()
        return _STORE
