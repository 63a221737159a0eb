"""Comparison: parameter diff, outcomes table, Shapley attribution that adds up to the gap."""
from __future__ import annotations

import json

import pytest

import model
from scenarios import compare as cp
from scenarios import files as sc
from model.params import defaults


def preset(stem):
    return sc.presets()[stem].values()


def test_param_diff_and_outcomes_table():
    c = cp.compare([("universal", preset("jem-universal")), ("targeted", preset("jem-targeted")),
                    ("safeguards", preset("jem-targeted-safeguards"))], "reporting_rate_immigrant_end")
    assert c.names == ["universal", "targeted", "safeguards"]
    diff = {d.name: d.values for d in c.param_diff}
    assert diff == {"screening": ["universal", "targeted", "targeted"],
                    "victim_protection": [False, False, True],
                    "community_liaison": [False, False, True],
                    "oversight": [0.2, 0.2, 0.8]}
    for name in c.names:
        r = c.outcomes[name]["removals"]
        assert r.delta == pytest.approx(r.value - r.counterfactual)
        assert r.value == model.simulate(dict(zip(c.names, [preset("jem-universal"), preset("jem-targeted"),
                                                            preset("jem-targeted-safeguards")]))[name],
                                         bands=False)["removals"].value
    assert [a.scenario for a in c.attribution] == ["targeted", "safeguards"]
    assert all(a.reference == "universal" for a in c.attribution)


def test_draws_give_bands():
    c = cp.compare([("a", preset("jem-universal")), ("b", preset("tfm-2025"))], "cost_net_usd", draws=100, seed=3)
    r = c.outcomes["a"]["cost_net_usd"]
    assert r.p5 <= r.p50 <= r.p95 and r.p5 < r.p95


@pytest.mark.parametrize("outcome", ["net_crime_change", "reporting_rate_immigrant_end", "cost_net_usd",
                                     "removals_additional", "stop_disparity_ratio"])
def test_exact_shapley_sums_to_the_gap(outcome):
    ref = preset("jem-universal")
    other = dict(ref, screening="targeted", trust_erosion=0.05, hold_days=8.0, victim_protection=True,
                 officers_jem=20, additionality=0.4, reporting_trust_elasticity=1.4)
    a = cp.attribute(("ref", ref), ("other", other), outcome)
    assert a.method.startswith("exact Shapley over 7 parameters")
    assert a.evaluations == 2 ** 7
    assert sum(a.contributions.values()) == pytest.approx(a.gap, rel=1e-12, abs=1e-9)
    # the end points are the scenarios' own central values
    assert a.reference_value == pytest.approx(model.simulate(ref, bands=False)[outcome].value, rel=1e-12)
    assert a.value == pytest.approx(model.simulate(other, bands=False)[outcome].value, rel=1e-12)
    # ordered by size
    sizes = [abs(v) for v in a.contributions.values()]
    assert sizes == sorted(sizes, reverse=True)


def test_single_parameter_gets_the_whole_gap():
    ref = defaults()
    a = cp.attribute(("a", ref), ("b", dict(ref, trust_erosion=1.5)), "reporting_rate_immigrant_end")
    assert list(a.contributions) == ["trust_erosion"]
    assert a.contributions["trust_erosion"] == pytest.approx(a.gap, rel=1e-12)
    assert a.gap < 0


def test_parameter_without_effect_gets_zero():
    ref = defaults()  # no task force: task-force parameters cannot matter
    a = cp.attribute(("a", ref), ("b", dict(ref, trust_erosion=1.5, tfm_serious_share=0.5)),
                     "reporting_rate_immigrant_end")
    assert a.contributions["tfm_serious_share"] == pytest.approx(0.0, abs=1e-15)


def test_identical_scenarios_have_no_diff_and_no_gap():
    c = cp.compare([("a", defaults()), ("b", defaults())], "net_crime_change")
    assert c.param_diff == [] and c.attribution[0].gap == 0 and c.attribution[0].contributions == {}


def test_sampled_shapley_sums_to_gap_and_agrees_with_exact():
    ref = preset("jem-universal")
    other = dict(ref, trust_erosion=0.05, reporting_trust_elasticity=1.4, trust_recovery_months=50.0,
                 hold_days=8.0, victimization_response=0.9, latino_spillover=0.6)
    exact = cp.attribute(("r", ref), ("o", other), "net_crime_change")
    sampled = cp.attribute(("r", ref), ("o", other), "net_crime_change", exact_max=0)
    assert sampled.method.startswith("sampled Shapley") and sampled.stderr is not None
    assert sum(sampled.contributions.values()) == pytest.approx(sampled.gap, rel=1e-9)
    assert sampled.gap == pytest.approx(exact.gap, rel=1e-12)
    for name, v in exact.contributions.items():
        tol = 4 * sampled.stderr[name] + 1e-6 * abs(exact.gap)
        assert abs(sampled.contributions[name] - v) <= tol, name


def test_debate_presets_use_sampled_method_and_sum_to_gap():
    c = cp.compare([("program", preset("program-case")), ("critics", preset("critics-case"))],
                   "reporting_rate_immigrant_end")
    a = c.attribution[0]
    assert "sampled Shapley over 30 parameters" in a.method
    assert sum(a.contributions.values()) == pytest.approx(a.gap, rel=1e-9)
    # what makes fear explains the reporting gap: the trust parameters and, in Model 2, how much
    # of the enforcement is additional (only additional enforcement is felt); costs cannot move it
    top3 = set(list(a.contributions)[:3])
    assert top3 <= {"fear_persistence", "trust_erosion", "additionality", "announcement_effect",
                    "serious_share", "additionality_serious_ratio"}
    assert "fear_persistence" in top3 and "trust_erosion" in top3
    assert a.contributions["hold_days"] == pytest.approx(0.0, abs=1e-12)


def test_validation():
    v = defaults()
    with pytest.raises(sc.ScenarioError) as e:
        cp.compare([("a", v)], "net_crime_change")
    assert e.value.field == "scenarios"
    with pytest.raises(sc.ScenarioError):
        cp.compare([(str(i), v) for i in range(7)], "net_crime_change")
    with pytest.raises(sc.ScenarioError) as e:
        cp.compare([("a", v), ("a", v)], "net_crime_change")
    assert "different name" in str(e.value)
    with pytest.raises(sc.ScenarioError) as e:
        cp.compare([("a", v), ("b", v)], "net_crime_chnage")
    assert e.value.field == "outcome" and "did you mean 'net_crime_change'" in str(e.value)
    with pytest.raises(sc.ScenarioError) as e:
        cp.compare([("a", v), ("b", {"trust_erosion": 4})], "net_crime_change")
    assert "trust_erosion" in str(e.value)
    with pytest.raises(model.ParamError):
        cp.compare([("a", v), ("b", v)], "net_crime_change", years=50)


def test_six_scenarios_and_sparse_values():
    items = [(stem, sc.presets()[stem].parameters) for stem in sc.PROGRAM_PRESETS[:6]]
    c = cp.compare(items, "removals")
    assert len(c.attribution) == 5
    for a in c.attribution:
        assert sum(a.contributions.values()) == pytest.approx(a.gap, rel=1e-9, abs=1e-9)


def test_to_dict_is_json_and_table_is_text():
    c = cp.compare([("a", preset("jem-universal")), ("b", preset("jem-targeted-safeguards"))], "net_crime_change")
    d = json.loads(json.dumps(c.to_dict()))
    assert d["attribution"][0]["method"].startswith("exact Shapley")
    assert {x["name"] for x in d["attribution"][0]["contributions"]} == {"screening", "victim_protection",
                                                                         "community_liaison", "oversight"}
    text = c.table()
    assert "Parameters that differ (4)" in text and "Why 'b' differs from 'a'" in text and "total" in text


# ----------------------------------------------------------------------------- CLI
def test_cli_compare_table_and_json(capsys):
    from cli import scenario_commands as cli

    rc = cli.main(["compare", "program-case", "critics-case", "--outcome", "reporting_rate_immigrant_end"])
    out = capsys.readouterr().out
    assert rc == 0 and "Why 'The critics' case' differs from 'The program's case'" in out
    assert "trust_erosion" in out and "sampled Shapley" in out
    rc = cli.main(["compare", str(sc.SCENARIOS_DIR / "jem-universal.toml"), "jem-targeted",
                   "--format", "json", "--jurisdiction", "county-small"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 0 and data["outcome"] == "net_crime_change"
    assert [d["name"] for d in data["param_diff"]] == ["screening"]
    assert data["outcomes"]["Jail Enforcement Model, universal screening"]["removals"]["value"] == \
        model.simulate(sc.combine("jem-universal", "county-small"), bands=False)["removals"].value


def test_cli_compare_same_names_get_distinct_labels(capsys):
    from cli import scenario_commands as cli

    assert cli.main(["compare", "critics-case", "critics-case", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(set(data["scenarios"])) == 2


@pytest.mark.parametrize("args", [["critics-case"], ["a", "b", "c", "d", "e", "f", "g"],
                                  ["critics-case", "/no/such/file.toml"]])
def test_cli_compare_bad_input_exits_2(args, capsys):
    from cli import scenario_commands as cli

    assert cli.main(["compare", *args]) == 2
    err = capsys.readouterr().err
    assert err.strip() and len(err.strip().splitlines()) >= 1


def test_cli_load_values_accepts_files_and_preset_stems():
    from cli import scenario_commands as cli

    assert cli.load_values("critics-case") == preset("critics-case")
    assert cli.load_values(str(sc.SCENARIOS_DIR / "tfm-2025.toml")) == preset("tfm-2025")
    with pytest.raises(model.ParamError) as e:
        cli.load_values("critcs-case")
    assert e.value.field == "file"
