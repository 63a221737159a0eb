"""Scenario files: format, validation, migration, presets, JSON Schema."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model
from scenarios import files as sc
from model.params import BY_NAME, REGISTRY, defaults

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
STEMS = {"no-agreement", "wso-only", "jem-universal", "jem-targeted", "jem-targeted-safeguards",
         "tfm-2025", "program-case", "critics-case", "evidence-central"}


# ----------------------------------------------------------------------------- strategies
from strategies import value_strategy  # noqa: E402  (shared with other suites)


@st.composite
def parameter_sets(draw):
    """Any valid sparse parameter set: a random subset of the registry with valid values."""
    chosen = draw(st.lists(st.sampled_from([p.name for p in REGISTRY]), unique=True, max_size=len(REGISTRY)))
    return {name: draw(value_strategy(BY_NAME[name])) for name in chosen}


text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60)
# names: any visible text, stored in NFC with plain spaces and no edge spaces (scenarios/names.py)
names_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp", "Zs")),
                     min_size=1, max_size=60).map(lambda t: __import__("unicodedata").normalize("NFC", t))


# ----------------------------------------------------------------------------- presets
def test_preset_stems_are_exactly_the_required_ones():
    files = {p.stem for p in sc.SCENARIOS_DIR.glob("*.toml")}
    assert STEMS <= files
    assert set(sc.PROGRAM_PRESETS) == STEMS
    assert files == set(sc.PROGRAM_PRESETS) | set(sc.JURISDICTION_PRESETS)
    assert len(sc.JURISDICTION_PRESETS) == 3


def test_every_preset_is_valid_described_and_cites_evidence():
    for stem, s in sc.presets().items():
        assert s.name and len(s.description) > 150, stem
        # it cites entries of the sources registry (the bibliography), not a file outside the repo
        from model import sources

        assert sources.cited(s.description), stem
        assert "evidence.md" not in s.description, stem
        assert s.model_version == model.MODEL_VERSION
        model.resolve(s.parameters)


def test_jurisdiction_presets_set_only_context_and_programs_set_none():
    ps = sc.presets()
    pops = []
    for stem in sc.JURISDICTION_PRESETS:
        assert ps[stem].parameters, stem
        assert all(BY_NAME[k].kind == "context" for k in ps[stem].parameters), stem
        pops.append(ps[stem].parameters["population"])
    assert pops == [50_000, 400_000, 2_000_000]
    for stem in sc.PROGRAM_PRESETS:
        assert not [k for k in ps[stem].parameters if BY_NAME[k].kind == "context"], stem


def test_program_and_critics_cases_are_symmetric():
    ps = sc.presets()
    pro, crit = ps["program-case"].parameters, ps["critics-case"].parameters
    assert set(pro) == set(crit) and len(pro) >= 15
    for name in pro:
        p = BY_NAME[name]
        assert p.kind == "assumption", name
        lo, _, hi = p.uncertainty
        # each side takes one end of the plausible (uncertainty) range, the other side the other
        assert {pro[name], crit[name]} == {lo, hi}, name
    # the same structure of description, for both sides
    for s in (ps["program-case"], ps["critics-case"]):
        assert "In this view" in s.description and "Evidence this side relies on" in s.description
    assert abs(len(ps["program-case"].description) - len(ps["critics-case"].description)) < 400


def test_evidence_central_is_the_registry_defaults():
    assert sc.presets()["evidence-central"].values() == defaults()


def test_program_presets_state_their_program_levers():
    ps = sc.presets()
    assert ps["no-agreement"].values()["jem_active"] is False
    assert not any(ps["no-agreement"].values()[f] for f in ("wso_active", "jem_active", "tfm_active"))
    assert ps["wso-only"].values()["wso_active"] and not ps["wso-only"].values()["jem_active"]
    assert ps["jem-targeted"].values()["screening"] == "targeted"
    assert ps["jem-universal"].values()["screening"] == "universal"
    safe = ps["jem-targeted-safeguards"].values()
    assert safe["victim_protection"] and safe["community_liaison"] and safe["oversight"] >= 0.5
    tfm = ps["tfm-2025"].values()
    assert tfm["tfm_active"] and tfm["federal_terms"] == "2025"


@pytest.mark.parametrize("jurisdiction", sc.JURISDICTION_PRESETS)
@pytest.mark.parametrize("program", sc.PROGRAM_PRESETS)
def test_combine_takes_context_from_jurisdiction_and_rest_from_program(program, jurisdiction):
    ps = sc.presets()
    values = sc.combine(program, jurisdiction)
    for name, v in ps[jurisdiction].parameters.items():
        assert values[name] == v
    for name, v in ps[program].parameters.items():
        assert values[name] == v
    assert values == model.resolve(values)


def test_combine_rejects_unknown_preset():
    with pytest.raises(sc.ScenarioError) as e:
        sc.combine("nope", "county-mid")
    assert "program" in str(e.value) and "critics-case" in str(e.value)


def test_presets_returns_copies():
    a = sc.presets()
    a["critics-case"].parameters["trust_erosion"] = 0.0
    assert sc.presets()["critics-case"].parameters["trust_erosion"] == 0.06


# ----------------------------------------------------------------------------- round trips
def test_dumps_loads_roundtrip_and_comments():
    s = sc.from_values("Test ñ", {"trust_erosion": 0.05, "screening": "targeted", "population": 50_000},
                       description="multi\nline", author="Ana", tags=["a", "b"])
    text = sc.dumps(s)
    assert "# Trust erosion rate" in text and "[parameters]" in text
    back = sc.loads(text)
    assert back == s
    assert back.values()["trust_erosion"] == 0.05
    assert back.values()["clearance_rate"] == defaults()["clearance_rate"]


def test_from_values_keeps_only_the_diff():
    full = defaults()
    full["trust_erosion"] = 0.1
    s = sc.from_values("x", full)
    assert s.parameters == {"trust_erosion": 0.1}
    assert s.model_version == model.MODEL_VERSION


def test_from_values_rejects_bad_values_with_field():
    with pytest.raises(sc.ScenarioError) as e:
        sc.from_values("x", {"trust_erosion": 9})
    assert e.value.field == "parameters.trust_erosion"
    assert isinstance(e.value, model.ParamError)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=parameter_sets(), name=names_text.filter(lambda t: t.strip()), desc=text,
       tags=st.lists(st.text(min_size=1, max_size=10), max_size=5))
def test_property_any_valid_set_survives_dumps_loads(params, name, desc, tags):
    s = sc.from_values(name, params, description=desc, tags=tags)
    back = sc.loads(sc.dumps(s))
    assert back == s
    assert back.values() == model.resolve(params)
    assert back.name == name and back.description == desc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=parameter_sets())
def test_property_save_file_load_file(tmp_path, params):
    path = tmp_path / "s.toml"
    s = sc.from_values("p", params)
    sc.save_file(path, s)
    assert sc.load_file(path).values() == model.resolve(params)


def test_save_file_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a.toml"
    sc.save_file(path, sc.from_values("one", {}))
    sc.save_file(path, sc.from_values("two", {"trust_erosion": 0.1}))
    assert sc.load_file(path).name == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


def test_save_file_failure_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.toml"
    sc.save_file(path, sc.from_values("old", {}))

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        sc.save_file(path, sc.from_values("new", {}))
    assert sc.load_file(path).name == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


# ----------------------------------------------------------------------------- validation
def _doc(params: str = "", head: str = 'schema_version = 2\nname = "x"\n') -> str:
    return head + "[parameters]\n" + params


@pytest.mark.parametrize("body, field, allowed", [
    ("trust_erosoin = 0.1", "parameters.trust_erosoin", "did you mean 'trust_erosion'"),
    ("trust_erosion = 0.5", "parameters.trust_erosion", "a number from 0 to 0.3"),
    ("trust_erosion = nan", "parameters.trust_erosion", "a number from 0 to 0.3"),
    ("trust_erosion = inf", "parameters.trust_erosion", "a number"),
    ("trust_erosion = '0.1'", "parameters.trust_erosion", "a number"),
    ("trust_erosion = true", "parameters.trust_erosion", "a number"),
    ("officers_jem = 2.5", "parameters.officers_jem", "an integer from 0 to 100"),
    ("officers_jem = -1", "parameters.officers_jem", "an integer"),
    ("jem_active = 1", "parameters.jem_active", "true or false"),
    ("screening = 'all'", "parameters.screening", "'universal', 'targeted'"),
])
def test_invalid_parameters_name_field_value_allowed(body, field, allowed):
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads(_doc(body))
    err = e.value
    assert err.field == field
    assert allowed in err.allowed
    msg = str(err)
    assert "\n" not in msg and field in msg and allowed in msg


def test_float_parameters_accept_integers():
    assert sc.loads(_doc("bed_day_cost = 85")).parameters["bed_day_cost"] == 85.0


def test_error_values_are_truncated_and_sanitised():
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads(_doc(head='schema_version = 2\nname = "' + "\\u0007x" * 5000 + '"\n'))
    msg = str(e.value)
    assert len(msg) < 300 and "\x07" not in msg and "\n" not in msg and "name" in msg


@pytest.mark.parametrize("head, field", [
    ('name = "x"\n', "schema_version"),
    ('schema_version = "2"\nname = "x"\n', "schema_version"),
    ('schema_version = 0\nname = "x"\n', "schema_version"),
    ('schema_version = 2\n', "name"),
    ('schema_version = 2\nname = ""\n', "name"),
    ('schema_version = 2\nname = "x"\nnmae = "y"\n', "nmae"),
    ('schema_version = 2\nname = "x"\ntags = ' + str(["t"] * 21).replace("'", '"') + "\n", "tags"),
    ('schema_version = 2\nname = "x"\ntags = ["' + "t" * 41 + '"]\n', "tags.0"),
    ('schema_version = 2\nname = "x"\nauthor = 5\n', "author"),
    ('schema_version = 2\nname = "x"\ndescription = "' + "d" * 9000 + '"\n', "description"),
    ('schema_version = 2\nname = "x"\nmodel_version = "1; rm -rf /"\n', "model_version"),
])
def test_invalid_top_level_fields(head, field):
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads(head)
    assert e.value.field == field


def test_newer_schema_version_is_refused_clearly():
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads('schema_version = 3\nname = "x"\n')
    assert e.value.field == "schema_version"
    assert "newer version" in str(e.value) and "update" in str(e.value)


def test_size_cap():
    big = _doc() + "# " + "x" * sc.MAX_BYTES + "\n"
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads(big)
    assert e.value.field == "file"
    with pytest.raises(sc.ScenarioError):
        sc.loads(big.encode())


def test_load_file_errors_name_the_file(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text(_doc("trust_erosion = 1"))
    with pytest.raises(sc.ScenarioError) as e:
        sc.load_file(p)
    assert str(e.value).startswith(str(p)) and "parameters.trust_erosion" in str(e.value)
    with pytest.raises(sc.ScenarioError) as e:
        sc.load_file(tmp_path / "missing.toml")
    assert e.value.field == "file"


def test_constructing_scenario_directly_is_validated_too():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        sc.Scenario(name="x", parameters={"trust_erosion": 3.0})
    s = sc.Scenario(name="x", parameters={"trust_erosion": 0.1})
    assert s.values()["trust_erosion"] == 0.1


# ----------------------------------------------------------------------------- migration
def test_every_old_schema_version_has_a_fixture_that_migrates():
    for version in range(1, sc.SCHEMA_VERSION):
        assert version in sc.MIGRATIONS
        path = FIXTURES / f"scenario_v{version}.toml"
        assert path.exists(), path
        s = sc.load_file(path)
        assert s.schema_version == sc.SCHEMA_VERSION


def test_v1_fixture_migrates_fields_and_screening_flag():
    s = sc.load_file(FIXTURES / "scenario_v1.toml")
    assert s.name == "Targeted jail screening (saved by model 0.9)"
    assert s.description == "Written in the version 1 format."
    assert s.parameters == {"officers_jem": 6, "screening": "targeted", "trust_erosion": 0.04}
    assert s.model_version == "0.9.0"
    # saving writes the current version
    assert "schema_version = 2" in sc.dumps(s) and "screening_targeted" not in sc.dumps(s)


def test_v1_migration_rejects_ambiguous_and_bad_values():
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads('schema_version = 1\ntitle = "a"\nname = "b"\n')
    assert e.value.field == "title"
    with pytest.raises(sc.ScenarioError) as e:
        sc.loads('schema_version = 1\ntitle = "a"\n[params]\nscreening_targeted = "yes"\n')
    assert e.value.field == "params.screening_targeted"
    assert sc.loads('schema_version = 1\ntitle = "a"\n[params]\nscreening_targeted = false\n'
                    ).parameters == {"screening": "universal"}


# ----------------------------------------------------------------------------- JSON Schema
def test_committed_schema_matches_generated():
    assert sc.SCHEMA_PATH.read_text(encoding="utf-8") == sc.json_schema_text(), \
        "run: python -m scenarios.files --write-schema"


def test_schema_cli_prints_the_schema():
    out = subprocess.run([sys.executable, "-m", "scenarios.files", "--schema"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == sc.json_schema()


def test_schema_covers_every_parameter_with_ranges():
    schema = sc.json_schema()
    props = schema["$defs"]["Parameters"]["properties"]
    assert set(props) == {p.name for p in REGISTRY}
    assert schema["$defs"]["Parameters"]["additionalProperties"] is False
    assert schema["additionalProperties"] is False
    assert props["trust_erosion"]["maximum"] == BY_NAME["trust_erosion"].max
    assert props["officers_jem"]["type"] == "integer"
    assert props["screening"]["enum"] == ["universal", "targeted"]
    assert set(schema["required"]) == {"schema_version", "name"}


def test_errors_pickle_across_processes():
    import pickle

    from scenarios.library import ExistsError

    e = pickle.loads(pickle.dumps(sc.ScenarioError("parameters.x", 1, "y", source="f.toml")))
    assert (e.field, e.value, e.allowed, str(e)) == ("parameters.x", 1, "y", "f.toml: parameters.x: 1 is not allowed; expected y")
    x = pickle.loads(pickle.dumps(ExistsError("n", "abc")))
    assert isinstance(x, ExistsError) and x.existing_id == "abc"


def test_saving_stamps_the_current_model_version():
    old = sc.load_file(FIXTURES / "scenario_v1.toml")
    assert old.model_version == "0.9.0"
    assert sc.loads(sc.dumps(old)).model_version == model.MODEL_VERSION
