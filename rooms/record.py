"""The facilitator's record of a room: a zip of CSV tables and the submitted scenario files."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import Any

COLUMNS = {
    "rounds": ("round", "kind", "phase", "exercise", "question", "outcome", "jurisdiction", "years",
               "mode", "a", "b", "base", "param", "value", "params", "answer_diff", "answer_lo",
               "answer_hi", "created"),
    "predictions": ("round", "nickname", "prediction", "created"),
    "submissions": ("id", "round", "nickname", "file", "created"),
    "votes": ("round", "nickname", "submission", "created"),
}


def _cell(v: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    if isinstance(v, (list, tuple)):
        v = " ".join(map(str, v))
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return "" if v is None else v


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


def file_name(sub: dict[str, Any]) -> str:
    nick = re.sub(r"[^A-Za-z0-9_-]+", "-", str(sub.get("nickname", ""))).strip("-")[:24] or "entry"
    return f"scenarios/round{sub.get('round')}-{nick}-{sub['id']}.toml"


def zip_bytes(record: dict[str, list[dict[str, Any]]]) -> bytes:
    """rounds.csv, predictions.csv, submissions.csv, votes.csv, record.json and scenarios/*.toml."""
    rounds = []
    for r in record["rounds"]:
        ans = r.get("answer") or {}
        rounds.append({**r, "answer_diff": ans.get("diff"), "answer_lo": ans.get("lo"),
                       "answer_hi": ans.get("hi")})
    subs = [{**s, "file": file_name(s)} for s in record["submissions"]]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("rounds.csv", _csv(rounds, COLUMNS["rounds"]))
        z.writestr("predictions.csv", _csv(record["predictions"], COLUMNS["predictions"]))
        z.writestr("submissions.csv", _csv(subs, COLUMNS["submissions"]))
        z.writestr("votes.csv", _csv(record["votes"], COLUMNS["votes"]))
        z.writestr("record.json", json.dumps(record, indent=1, ensure_ascii=False))
        for s in subs:
            z.writestr(s["file"], s["scenario"])
    return buf.getvalue()
