"""Share links: round trips, validation like a file, zip-bomb guard, old-version notices."""
from __future__ import annotations

import base64
import json
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings

import model
from scenarios import files as sc
from scenarios import share
from model.params import defaults

from test_scenario import parameter_sets


def _blob(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


@pytest.mark.parametrize("stem", sc.PROGRAM_PRESETS + sc.JURISDICTION_PRESETS)
def test_every_preset_round_trips_and_links_are_short(stem):
    values = sc.presets()[stem].values()
    q = share.to_query(values)
    assert set(q) == {"s", "v"} and q["v"] == model.MODEL_VERSION
    assert len(q["s"]) < 800
    res = share.from_query(q)
    assert res.values == values and res.notices == [] and res.extra == {}


@settings(max_examples=200, deadline=None)
@given(params=parameter_sets())
def test_property_any_valid_set_survives_url_and_parse(params):
    values = model.resolve(params)
    url = share.to_url(values, base="https://example.org/explore", lang="es", page="compare")
    parsed = parse_qs(urlsplit(url).query)  # what a browser/Streamlit hands back: lists of str
    res = share.from_query(parsed)
    assert res.values == values
    assert res.extra == {"lang": "es", "page": "compare"}
    # and the same values survive as a file, so link -> file -> link is lossless too
    assert sc.loads(sc.dumps(sc.from_values("x", res.values))).values() == values


def test_sparse_values_and_defaults():
    assert share.from_query(share.to_query({})).values == defaults()
    assert share.from_query({}).values == defaults()
    q = share.to_query({"trust_erosion": 0.1})
    assert share.from_query(q).values["trust_erosion"] == 0.1


def test_extras_are_validated_both_ways():
    with pytest.raises(sc.ScenarioError) as e:
        share.to_query({}, lang="fr")
    assert e.value.field == "lang"
    with pytest.raises(sc.ScenarioError) as e:
        share.to_query({}, colour="red")
    assert e.value.field == "colour"
    with pytest.raises(sc.ScenarioError) as e:
        share.from_query({"lang": "fr"})
    assert e.value.field == "lang"
    with pytest.raises(sc.ScenarioError) as e:
        share.from_query({"page": "../../admin"})
    assert e.value.field == "page"
    # unrelated keys (tracking, Streamlit's own) are ignored
    assert share.from_query({"utm_source": "mail", "embed": "true"}).values == defaults()


def test_to_query_rejects_invalid_values():
    with pytest.raises(sc.ScenarioError) as e:
        share.to_query({"trust_erosion": 1.0})
    assert e.value.field == "trust_erosion"
    with pytest.raises(sc.ScenarioError):
        share.to_query({"nope": 1})


BAD = [
    ({"s": "!!!"}, "s", "base64"),
    ({"s": "abc"}, "s", "compressed"),
    ({"s": _blob(b"not json")}, "s", "JSON"),
    ({"s": _blob(b"[1, 2]")}, "s", "JSON object"),
    ({"s": _blob(b'{"trust_erosion": NaN}')}, "s", "finite"),
    ({"s": _blob(b'{"trust_erosion": Infinity}')}, "s", "finite"),
    ({"s": _blob(b'{"trust_erosion": 1e999}')}, "s.trust_erosion", "a number from 0 to 0.3"),
    ({"s": _blob(b'{"trust_erosion": 5}')}, "s.trust_erosion", "a number from 0 to 0.3"),
    ({"s": _blob(b'{"trust_erosion": "0.1"}')}, "s.trust_erosion", "a number"),
    ({"s": _blob(b'{"officers_jem": -1}')}, "s.officers_jem", "an integer"),
    ({"s": _blob(b'{"trust_erosoin": 0.1}')}, "s.trust_erosoin", "did you mean 'trust_erosion'"),
    ({"s": _blob('{"trust_er\u043esion": 0.1}'.encode())}, "s.trust_er\u043esion", "did you mean"),
    ({"s": _blob(b'{"../../x": 1}')}, "s.../../x", "a known parameter name"),
    ({"s": _blob(b'{"jem_active": null}')}, "s.jem_active", "true or false"),
    ({"s": _blob(b'{"jem_active": {"a": [1]}}')}, "s.jem_active", "true or false"),
    ({"s": _blob(b"[" * 30_000 + b"]" * 30_000)}, "s", "JSON"),
    ({"s": _blob(b'{"a": 1}')[:-6]}, "s", ""),
    ({"s": "A" * (share.MAX_QUERY_CHARS + 1)}, "s", "at most"),
    ({"s": ["a", "b"]}, "s", "once"),
    ({"s": _blob(b"{}"), "v": ["1.0.0", "1.0.0"]}, "v", "once"),
    ({"s": _blob(b"{}"), "v": "1.0.0\n"}, "v", "version"),
    ({"s": _blob(b"{}"), "v": "one"}, "v", "version"),
    ({"s": _blob(b"{}"), "v": "9" * 50}, "v", "version"),
]


@pytest.mark.parametrize("query, field, allowed", BAD)
def test_invalid_links_raise_scenario_error_naming_the_field(query, field, allowed):
    with pytest.raises(sc.ScenarioError) as e:
        share.from_query(query)
    assert e.value.field == field
    assert allowed in e.value.allowed
    assert "\n" not in str(e.value) and len(str(e.value)) < 400


def test_look_alike_parameter_names_are_visible_in_the_message():
    with pytest.raises(sc.ScenarioError) as e:
        share.from_query({"s": _blob('{"trust_er\u043esion": 0.1}'.encode())})
    assert "s.trust_er\\u043esion" in str(e.value) and "did you mean 'trust_erosion'" in str(e.value)


def test_zip_bomb_is_stopped_without_expanding():
    # 1 GB of spaces compresses to ~1 MB; 2 MB compresses under the length cap
    raw = b'{"a": "' + b" " * 2_000_000 + b'"}'
    blob = _blob(raw)
    assert len(blob) <= share.MAX_QUERY_CHARS
    with pytest.raises(sc.ScenarioError) as e:
        share.from_query({"s": blob})
    assert e.value.field == "s" and "expanded" in e.value.allowed


def test_link_from_an_older_model_version_opens_with_a_notice():
    q = {"s": share.encode({"screening_targeted": True, "trust_erosion": 0.05}), "v": "0.9.0"}
    res = share.from_query(q)
    assert res.values["screening"] == "targeted" and res.values["trust_erosion"] == 0.05
    assert len(res.notices) == 1
    note = res.notices[0]
    assert "0.9.0" in note and model.MODEL_VERSION in note
    assert "screening_targeted" in note and "screening" in note
    # an old link the change does not touch says so
    res = share.from_query({"s": share.encode({"trust_erosion": 0.05}), "v": "0.9.0"})
    assert "No change affects" in res.notices[0]


def test_old_link_values_are_still_validated():
    q = {"s": share.encode({"screening_targeted": "yes"}), "v": "0.9.0"}
    with pytest.raises(sc.ScenarioError) as e:
        share.from_query(q)
    assert e.value.field == "s.screening_targeted"


def test_link_from_a_newer_model_version_is_checked_and_flagged():
    res = share.from_query({"s": share.encode({"trust_erosion": 0.05}), "v": "99.0.0"})
    assert "newer" in res.notices[0] and res.values["trust_erosion"] == 0.05
    with pytest.raises(sc.ScenarioError):
        share.from_query({"s": share.encode({"brand_new_param": 1}), "v": "99.0.0"})


def test_changelog_covers_the_current_version():
    assert model.MODEL_VERSION in share.CHANGELOG
    for version in share.CHANGELOG:
        share._parse_version(version)


def test_encoding_is_compact_json():
    s = share.encode({"trust_erosion": 0.1})
    raw = zlib.decompress(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
    assert json.loads(raw) == {"trust_erosion": 0.1}


def test_cli_share_and_open(tmp_path, capsys):
    from cli import scenario_commands as cli

    assert cli.main(["share", "critics-case", "--base", "https://example.org/explore", "--lang", "es"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://example.org/explore?s=") and "lang=es" in url
    out = tmp_path / "opened.toml"
    assert cli.main(["share", "--open", url, "-o", str(out), "--name", "From a link"]) == 0
    opened = sc.load_file(out)
    assert opened.values() == sc.presets()["critics-case"].values() and opened.name == "From a link"
    assert cli.main(["share", "--open", "s=!!!"]) == 2
    assert "s:" in capsys.readouterr().err
