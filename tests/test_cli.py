"""The command line, run as users run it (``python -m model ...`` in a subprocess): exit codes,
exactly one line on stderr for bad input (field, value, what is allowed; never a traceback),
the JSON keys and CSV header the issue specifies, and that the numbers printed are the model's."""
import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

from model import REGISTRY, simulate, uncertain
from model.outcomes import OUTCOMES

ROOT = pathlib.Path(__file__).resolve().parents[1]
PARAM_KEYS = ["name", "label", "group", "kind", "unit", "default", "min", "max", "step", "choices",
              "description", "source", "grade", "uncertainty"]
OUTCOME_KEYS = {"value", "p5", "p95", "counterfactual", "delta", "unit", "label"}


def cli(*args, ok=True):
    proc = subprocess.run([sys.executable, "-m", "model", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    if ok:
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
    return proc


def cli_json(*args):
    return json.loads(cli(*args).stdout)


# ----------------------------------------------------------------------------- params
def test_params_json_lists_every_parameter_with_exact_keys():
    data = cli_json("params", "--format", "json")
    assert [d["name"] for d in data] == [p.name for p in REGISTRY]
    for d, p in zip(data, REGISTRY):
        assert list(d) == PARAM_KEYS
        assert d == json.loads(json.dumps(p.to_dict()))
    unc = {d["name"]: d["uncertainty"] for d in data}
    assert set(k for k, v in unc.items() if v) == {p.name for p in uncertain()}
    assert unc["trust_erosion"] == {"low": 0.75, "central": 1.1, "high": 1.5}
    assert unc["population"] is None


def test_params_table_has_a_row_per_parameter():
    out = cli("params").stdout.splitlines()
    assert out[0].split()[:3] == ["name", "kind", "group"]
    rows = out[2:]
    assert [r.split()[0] for r in rows] == [p.name for p in REGISTRY]


# ----------------------------------------------------------------------------- run
def test_run_json_has_parameters_and_outcomes_matching_the_model():
    data = cli_json("run", "--format", "json")
    assert set(data["parameters"]) == {p.name for p in REGISTRY}
    assert list(data["outcomes"]) == [o.name for o in OUTCOMES]
    expected = simulate()
    for name, o in data["outcomes"].items():
        assert OUTCOME_KEYS <= set(o)
        assert o["p5"] == o["value"] == o["p95"]  # draws = 0
        assert o["value"] == expected[name].value and o["delta"] == expected[name].delta
        assert o["delta"] == pytest.approx(o["value"] - o["counterfactual"])


def test_run_set_seed_draws_and_years_reach_the_model():
    args = ("run", "--set", "trust_erosion=0.05", "tfm_active=true", "--draws", "40", "--seed", "3",
            "--years", "4", "--format", "json")
    data = cli_json(*args)
    assert data["parameters"]["trust_erosion"] == 0.05 and data["parameters"]["tfm_active"] is True
    assert (data["years"], data["draws"], data["seed"]) == (4, 40, 3)
    expected = simulate({"trust_erosion": 0.05, "tfm_active": True}, draws=40, seed=3, years=4)
    for name, o in data["outcomes"].items():
        assert o["p5"] == expected[name].p5 and o["p95"] == expected[name].p95, name
    trust = data["outcomes"]["trust_immigrant_end"]
    assert trust["p5"] < trust["p95"]
    assert cli_json(*args) == data  # same seed, same output


def test_run_repeated_set_options_accumulate():
    data = cli_json("run", "--set", "trust_erosion=0.05", "--set", "oversight=0.9", "--format", "json")
    assert data["parameters"]["trust_erosion"] == 0.05 and data["parameters"]["oversight"] == 0.9


def test_run_csv_is_the_monthly_series():
    text = cli("run", "--years", "2", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 24 and [r["month"] for r in rows[:3]] == ["1", "2", "3"]
    header = text.splitlines()[0].split(",")
    assert header[0] == "month"
    assert {"trust_immigrant", "trust_immigrant_no_agreement", "crimes_reported", "cost_net"} <= set(header)
    series = simulate(years=2).series["trust_immigrant"].value
    assert [float(r["trust_immigrant"]) for r in rows] == pytest.approx(series, rel=1e-12)
    drawn = cli("run", "--years", "1", "--draws", "20", "--format", "csv").stdout.splitlines()[0].split(",")
    assert "trust_immigrant_p5" in drawn and "trust_immigrant_p95" in drawn


def test_run_table_lists_every_outcome():
    out = cli("run", "--draws", "30").stdout
    lines = out.splitlines()
    assert "30 draws" in lines[0]
    assert lines[1].split()[:2] == ["outcome", "with"] and "p5" in lines[1] and "p95" in lines[1]
    assert [line.split()[0] for line in lines[3:]] == [o.name for o in OUTCOMES]


def test_run_scenario_file_then_set():
    from cli.scenario_commands import load_values

    path = "scenarios/presets/tfm-2025.toml"
    data = cli_json("run", path, "--set", "officers_tfm=7", "--format", "json")
    expected = dict(load_values(str(ROOT / path)))
    expected["officers_tfm"] = 7
    assert data["parameters"] == json.loads(json.dumps(expected))


# ----------------------------------------------------------------------------- sensitivity
def test_sensitivity_json_is_a_tornado_ranked_by_swing():
    data = cli_json("sensitivity", "--outcome", "net_crime_change", "--format", "json")
    assert data["outcome"] == "net_crime_change" and data["measure"] == "delta"
    swings = [b["swing"] for b in data["bars"]]
    assert len(swings) == len(uncertain()) and swings == sorted(swings, reverse=True) and swings[0] > 0
    assert data["base"] == simulate()["net_crime_change"].delta


def test_sensitivity_table_rows_follow_the_ranking():
    data = cli_json("sensitivity", "--outcome", "trust_immigrant_end", "--measure", "value", "--format", "json")
    lines = cli("sensitivity", "--outcome", "trust_immigrant_end", "--measure", "value", "--top", "5").stdout.splitlines()
    assert "trust_immigrant_end (value" in lines[0]
    rows = [line.split() for line in lines[3:]]
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [r[1] for r in rows] == [b["name"] for b in data["bars"][:5]]


def test_sensitivity_sobol_json_ranked_by_total_index():
    data = cli_json("sensitivity", "--outcome", "trust_immigrant_end", "--method", "sobol",
                    "--samples", "32", "--format", "json")
    assert data["analysis"] == "sobol" and data["evaluations"] == 32 * (len(uncertain()) + 2)
    st = [i["st"] for i in data["indices"]]
    assert st == sorted(st, reverse=True)
    assert data["indices"][0]["name"] in ("trust_erosion", "trust_recovery_months", "fear_persistence",
                                             "habituation_months", "fear_half_saturation")
    assert {"s1", "s1_conf", "st", "st_conf"} <= set(data["indices"][0])


def test_breakeven_found_and_not_found():
    data = cli_json("breakeven", "--param", "trust_erosion", "--outcome", "net_crime_change", "--format", "json")
    assert data["found"] is True and len(data["crossings"]) == 1
    x = data["crossings"][0]["value"]
    assert 0 < x < 0.025
    assert simulate({"trust_erosion": 0.0})["net_crime_change"].delta < 0 < simulate()["net_crime_change"].delta
    none = cli_json("breakeven", "--param", "offending_rate_serious", "--outcome", "net_crime_change",
                    "--format", "json")
    assert none["found"] is False and none["message"].startswith("no crossing in range")
    text = cli("breakeven", "--param", "offending_rate_serious", "--outcome", "net_crime_change").stdout
    assert text.startswith("no crossing in range")


# ----------------------------------------------------------------------------- bad input
BAD = [
    (("run", "--set", "trust_erosion=5"), ["trust_erosion", "5", "0 to 3"]),
    (("run", "--set", "trust_erosin=0.1"), ["trust_erosin", "did you mean 'trust_erosion'"]),
    (("run", "--set", "jem_active=maybe"), ["jem_active", "maybe", "true or false"]),
    (("run", "--set", "screening=some"), ["screening", "some", "'universal'"]),
    (("run", "--set", "officers_jem=2.5"), ["officers_jem", "2.5", "an integer"]),
    (("run", "--set", "trust_erosion"), ["--set", "trust_erosion", "NAME=VALUE"]),
    (("run", "--draws", "abc"), ["draws", "abc", "an integer from 0 to 100000"]),
    (("run", "--draws", "-1"), ["draws", "-1", "an integer from 0"]),
    (("run", "--draws", "100001"), ["draws", "100001", "to 100000"]),
    (("run", "--years", "0"), ["years", "0", "an integer from 1 to 10"]),
    (("run", "--years", "11"), ["years", "11", "1 to 10"]),
    (("run", "--years", "2.5"), ["years", "2.5", "an integer"]),
    (("run", "--seed", "-3"), ["seed", "-3", "an integer from 0"]),
    (("run", "no/such/file.toml"), ["no/such/file.toml"]),
    (("run", "--format", "xml"), ["--format", "xml", "json", "csv", "table"]),
    (("params", "--format", "yaml"), ["--format", "yaml", "json"]),
    (("sensitivity",), ["--outcome", "net_crime_change"]),
    (("sensitivity", "--outcome", "net_crime"), ["outcome", "net_crime", "did you mean 'net_crime_change'"]),
    (("sensitivity", "--outcome", "removals", "--measure", "level"), ["measure", "level", "delta, value"]),
    (("sensitivity", "--outcome", "removals", "--method", "fast"), ["--method", "fast", "sobol"]),
    (("sensitivity", "--outcome", "removals", "--method", "sobol", "--samples", "1"), ["samples", "1", "from 2"]),
    (("breakeven", "--outcome", "removals"), ["--param", "numeric parameter"]),
    (("breakeven", "--param", "screening", "--outcome", "removals"), ["param", "screening", "numeric"]),
    (("breakeven", "--param", "trust_erosion", "--outcome", "removals", "--threshold", "x"),
     ["threshold", "x", "a finite number"]),
    (("frobnicate",), ["frobnicate", "run"]),
]


@pytest.mark.parametrize("args,words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(args, words):
    proc = cli(*args, ok=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.endswith("\n") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for w in words:
        assert w in proc.stderr, (w, proc.stderr)


def test_help_exits_0():
    proc = subprocess.run([sys.executable, "-m", "model", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0
    for command in ("params", "run", "sensitivity", "breakeven"):
        assert command in proc.stdout


def test_cli_package_and_model_shim_give_the_same_output():
    """``python -m cli`` is the command line's own package; ``python -m model`` (the entry-point
    shim in model/__main__.py) delegates to it and prints the same."""
    args = ["run", "critics-case", "--draws", "0", "--years", "2", "--format", "json"]
    new = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    old = cli(*args)
    assert new.returncode == 0, new.stderr
    assert new.stdout == old.stdout and json.loads(new.stdout)
