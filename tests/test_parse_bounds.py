"""Parsing a scenario costs bounded time and memory whatever the text (scenarios/tomlguard.py).

The standard library's TOML parser spends memory growing with the square of a dotted key's
depth (a 40 KB ``a.a.a…= 1`` took 2.4 GB); the guard refuses such shapes before parsing. The
limits asserted here are far below what the unguarded parser needs for the same inputs (tens of
MB at a few KB of text) and far above what a real scenario file needs (well under 1 MB).
"""
from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios import files as scenario
from scenarios import tomlguard

HEAD = 'schema_version = 2\nname = "x"\n'
PEAK_LIMIT = 8 * 2**20  # bytes: a preset peaks well under 1 MB; the attack below needs ~60 MB
TIME_LIMIT = 3.0  # seconds of CPU: the parse of any file under the cap takes well under 0.2 s


def cost(text: str) -> tuple[float, int, Exception | None]:
    """CPU seconds and traced peak bytes of ``scenario.loads(text)``, and what it raised."""
    err = None
    tracemalloc.start()
    t = time.process_time()
    try:
        scenario.loads(text)
    except scenario.ScenarioError as exc:
        err = exc
    seconds = time.process_time() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, err


def test_dotted_key_attack_is_refused_before_parsing():
    # 8 KB of 'a.a.a...': the unguarded parser peaks at ~64 MB here (and 2.4 GB at 40 KB)
    text = HEAD + "a" + ".a" * 4000 + " = 1\n"
    seconds, peak, err = cost(text)
    assert isinstance(err, scenario.ScenarioError)
    assert err.field == "a.a" and "line 3" in str(err) and "levels deep" in str(err)
    assert "\n" not in str(err)
    assert peak < 2**20


def test_deep_table_header_is_refused():
    err = pytest.raises(scenario.ScenarioError, scenario.loads, HEAD + "[" + ".".join("t" * 9) + "]\n").value
    assert err.field == "t.t" and "levels deep" in str(err)


def test_every_preset_and_its_saved_form_pass_the_guard():
    for name, sc in scenario.presets().items():
        tomlguard.check((scenario.SCENARIOS_DIR / f"{name}.toml").read_text())
        tomlguard.check(scenario.dumps(sc))


def test_long_description_written_by_dumps_passes_the_guard():
    sc = scenario.from_values("n", {}, description="\u0001é\"'\\" * (scenario.MAX_DESCRIPTION // 5))
    assert scenario.loads(scenario.dumps(sc)).description == sc.description


# ------------------------------------------------------------------ generated hostile shapes
_seg = st.text("ab_-", min_size=1, max_size=8) | st.just('"q.q"')


@st.composite
def hostile_toml(draw) -> str:
    """Deep, long or wide TOML (and mixtures), cut to the file size cap."""
    parts = [HEAD]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["dotted", "header", "nested", "wide", "long", "array", "inline"]))
        n = draw(st.integers(1, 30_000))
        seg = draw(_seg)
        if kind == "dotted":
            parts.append(".".join([seg] * n) + " = 1\n")
        elif kind == "header":
            parts.append("[" + ".".join([seg] * n) + "]\n")
        elif kind == "nested":
            parts.append("v = " + "[" * n + "]" * n + "\n" if draw(st.booleans())
                         else "v = " + "{a=" * n + "1" + "}" * n + "\n")
        elif kind == "wide":
            parts.append("".join(f"{seg}{i} = {i}\n" for i in range(n)))
        elif kind == "long":
            parts.append(f'description = "{"x" * n * 8}"\n')
        elif kind == "array":
            parts.append("tags = [" + "0,\n" * n + "]\n")
        else:
            parts.append("".join(f"t{i} = {{{seg}.{seg} = {{x = [1, 2]}}}}\n" for i in range(n // 10 + 1)))
    return "".join(parts)[: scenario.MAX_BYTES]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_toml())
def test_parse_time_and_memory_are_bounded(text):
    seconds, peak, err = cost(text)
    assert peak < PEAK_LIMIT, f"peak {peak / 2**20:.1f} MB"
    assert seconds < TIME_LIMIT
    if err is not None:
        assert "\n" not in str(err)
