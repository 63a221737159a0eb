"""Parse time and peak memory of the worst scenario files we could build under the 256 KB cap.

Each candidate is a hostile shape that gets past the size cap: the guard in scenarios/tomlguard.py
either refuses it before parsing (cheap) or lets it through to ``tomllib`` and validation, which
then cost time and memory in proportion to the file. Printed per candidate: whether it was
refused by the guard, by the parser/validation, seconds (best of 3) and peak memory traced by
``tracemalloc`` during ``scenarios.files.loads``. The baseline measured in the same run is a real
preset (critics-case) and the same dotted-key attack at the depth the guard still admits.

    python3 benchmarks/bench_parse.py
"""
from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenarios import files as scenario  # noqa: E402
from scenarios import tomlguard  # noqa: E402

CAP = scenario.MAX_BYTES
HEAD = 'schema_version = 2\nname = "x"\n'


def fill(unit: str, head: str = HEAD, tail: str = "") -> str:
    n = (CAP - len(head) - len(tail)) // len(unit)
    return head + unit * n + tail


def candidates() -> dict[str, str]:
    seg = "k" * 60
    deep_ok = ".".join([seg] * tomlguard.MAX_KEY_DEPTH)
    out = {
        "critics-case preset (baseline)": (scenario.SCENARIOS_DIR / "critics-case.toml").read_text(),
        "dotted key a.a.a... (the issue's 40 KB attack, 256 KB)": fill(".a", HEAD + "a", " = 1\n"),
        "1,000 keys of 4 long parts (most the guard admits)":
            HEAD + "".join(f"{deep_ok}{i} = 1\n" for i in range(tomlguard.MAX_KEYS - 2)),
        "1,000 table headers of 4 long parts":
            HEAD + "".join(f"[{deep_ok}{i}]\n" for i in range(tomlguard.MAX_KEYS - 2)),
        "multi-line array of 85,000 integers in tags": fill("0,\n", HEAD + "tags = [\n", "]\n"),
        "multi-line array of 64,000 empty strings in tags": fill('"",\n', HEAD + "tags = [\n", "]\n"),
        "array nested 4 deep, 64,000 items": fill("0,", HEAD + "tags = [[[[", "]]]]\n"),
        "multi-line description of 256 KB": fill("x" * 999 + "\n", HEAD + 'description = """', '"""\n'),
        "description of \\u escapes": fill("\\u00e9" * 1000 + "\\\n", HEAD + 'description = """', '"""\n'),
        "250 inline tables nested 4 deep":
            HEAD + "".join(f"t{i} = {{a = {{b = {{c = {{d = [{'0,' * 100}]}}}}}}}}\n" for i in range(250)),
        "1,000 items in one list of 250-character strings":
            HEAD + "tags = [\n" + "".join(f'"{"x" * 250}",\n' for _ in range(tomlguard.MAX_ITEMS - 1)) + "]\n",
        "1,000 keys with 250-character strings":
            HEAD + "".join(f'k{i} = "{"x" * 250}"\n' for i in range(tomlguard.MAX_KEYS - 2)),
        "1,000 keys with 250-character strings of escapes":
            HEAD + "".join(f'k{i} = "{chr(92) + "u00e9" * 40}"\n'.replace("\\u", "\\u") for i in range(tomlguard.MAX_KEYS - 2)),
        "comments only": fill("#" + "x" * 98 + "\n"),
        "many float parameters": fill("0.000000000000000000001e-1,", HEAD + "[parameters]\ntrust_erosion = [", "]\n"),
    }
    return {k: v[: CAP] for k, v in out.items()}


def measure(text: str) -> tuple[str, float, float]:
    """(who refused it, best of 3 seconds of ``loads``, peak MB traced during one more call)."""
    try:
        tomlguard.check(text)
        outcome = "accepted"
    except tomlguard.GuardError:
        outcome = "guard"
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        try:
            scenario.loads(text)
        except scenario.ScenarioError:
            outcome = "refused" if outcome == "accepted" else outcome
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    try:
        scenario.loads(text)
    except scenario.ScenarioError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, best, peak / 2**20


def unguarded(text: str) -> tuple[float, float]:
    """The standard library's parser alone on ``text`` (what loads did before the guard)."""
    import tomllib

    tracemalloc.start()
    t = time.perf_counter()
    tomllib.loads(text)
    secs = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return secs, peak / 2**20


def main() -> None:
    attack = HEAD + "a" + ".a" * 4000 + " = 1\n"
    secs, mb = unguarded(attack)
    print(f"baseline: tomllib alone on {len(attack):,} bytes of the dotted-key attack: {secs:.3f} s, "
          f"peak {mb:.1f} MB (the issue: 40 KB took 2.4 GB)\n")
    print(f"{'candidate':58} {'bytes':>8} {'result':>9} {'seconds':>8} {'peak MB':>8}")
    worst = (0.0, 0.0, "")
    for name, text in candidates().items():
        outcome, secs, mb = measure(text)
        print(f"{name:58} {len(text.encode()):>8,} {outcome:>9} {secs:8.3f} {mb:8.1f}")
        if "baseline" not in name:
            worst = max(worst, (secs, mb, name))
    print(f"\nworst time: {worst[2]}: {worst[0]:.3f} s, peak {worst[1]:.1f} MB")


if __name__ == "__main__":
    main()
