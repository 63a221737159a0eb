"""Workshop rooms: participants join from their phones, predict, build and vote; the projector
shows the room live. The store (``rooms.store``, on ``rooms.db``'s SQLite or PostgreSQL), the
rules and caps (``rooms.rules``), round setups and answers (``rooms.rounds``) and the
facilitator's record (``rooms.record``). Imports the model and the scenario files, never the UI.
"""
from .rules import RoomError  # noqa: F401
from .store import Member, Room, RoomStore, Round, Snapshot, default_store  # noqa: F401
