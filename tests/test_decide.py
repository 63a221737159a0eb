"""The values lens ranks policies under one set of assumptions (the decide page), and its
"public safety" score rises when crime falls."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import model
from scenarios import files as scn
from scenarios import share
from ui import values_lens

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from ui.pages import decide as page
page.render()
"""
KINDS = {p.name: p.kind for p in model.REGISTRY}
LEVERS = [p.name for p in model.REGISTRY if p.kind == "lever"]


def test_public_safety_rises_when_crimes_fall():
    """Fewer crimes committed means fewer crimes left to clear: the old score averaged the two
    and gave both scenarios the same safety score (0.5 each), so less crime did not count."""
    base = {o: 1.0 for parts in values_lens.CRITERIA.values() for o, _ in parts}
    result = values_lens.score([
        ("less crime", base | {"net_crime_change": -100.0, "cleared_crime_change": -30.0}),
        ("more crime", base | {"net_crime_change": 0.0, "cleared_crime_change": 0.0}),
    ], {"safety": 1})
    safety = {r.name: r.criteria["safety"] for r in result.rows}
    assert safety["less crime"] > safety["more crime"]
    assert result.order()[0] == "less crime"


def test_policies_are_the_presets_that_set_only_levers():
    found = scn.presets()
    policies = [s for s in scn.PROGRAM_PRESETS if values_lens.is_policy(found[s].parameters, KINDS)]
    assert "no-agreement" in policies and "jem-targeted-safeguards" in policies
    for belief in ("program-case", "critics-case", "evidence-central"):
        assert belief not in policies, belief


def test_policy_options_keep_the_assumptions_and_reset_other_levers():
    current = model.resolve({"trust_erosion": 0.06, "population": 120_000, "victim_protection": True})
    lever_defaults = {n: model.BY_NAME[n].default for n in LEVERS}
    opts = values_lens.policy_options(current, [("A", {"tfm_active": True}), ("B", {})], lever_defaults)
    for _, v in opts:
        assert all(v[k] == current[k] for k in current if KINDS[k] != "lever")
    assert opts[0][1]["tfm_active"] is True and opts[1][1]["victim_protection"] is False


@pytest.mark.parametrize("lang", ["en", "es"])
def test_decide_ranks_policies_under_one_set_of_assumptions(lang):
    changed = {"trust_erosion": 0.06, "offending_rate_serious": 2.0, "population": 120_000}
    at = AppTest.from_string(SCRIPT.format(root=str(ROOT)), default_timeout=120)
    at.query_params.update(share.to_query(changed, lang=lang))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    opts = at.session_state["decide_options"]
    assert len(opts) >= 5
    current = model.resolve(changed)
    for name, values in opts:  # same assumptions and county for every row
        for k, v in values.items():
            if KINDS[k] != "lever":
                assert v == current[k], (name, k)
    lever_sets = {tuple(values[k] for k in LEVERS) for _, values in opts}
    assert len(lever_sets) == len(opts)  # only levers differ, and every option differs
    names = [n for n, _ in opts]
    table = at.dataframe[-1].value
    assert sorted(table.iloc[:, 1]) == sorted(names)  # the lens ranks exactly these policies
    assert list(table.iloc[:, 0]) == sorted(table.iloc[:, 0])  # in rank order
    for belief in ("program-case", "critics-case"):
        assert scn.presets()[belief].name not in names
    # the weights re-rank: enforcement alone puts the policy with most additional transfers first
    for c in values_lens.CRITERIA:
        at.slider(key=f"decide_w_{c}").set_value(10 if c == "enforcement" else 0)
    at.run()
    first = at.dataframe[-1].value.iloc[0, 1]
    runs = {n: model.simulate(v, years=10).outcomes["removals_additional"].value for n, v in opts}
    assert runs[first] == pytest.approx(max(runs.values()))
