"""Compare keys its scenarios by label, so labels must be distinct whatever the names are."""
from __future__ import annotations

import pytest

import model
from ui import results
from ui.pages import compare


def test_colliding_names_get_distinct_labels():
    items = [("A", {"trust_erosion": 0.01}), ("A (2)", {"trust_erosion": 0.02}), ("A", {"trust_erosion": 0.03})]
    labels = [n for n, _ in compare.unique_names(items)]
    assert len(set(labels)) == 3
    assert labels[:2] == ["A", "A (2)"]


def test_each_column_holds_its_own_scenarios_values():
    items = [("A", {"trust_erosion": 0.01}), ("A (2)", {"trust_erosion": 0.02}), ("A", {"trust_erosion": 0.03}),
             ("A (2)", {"trust_erosion": 0.04})]
    comp = results.build_comparison(compare.unique_names(items), years=2)
    assert len(comp.names) == 4
    got = [comp.results[n].params["trust_erosion"] for n in comp.names]
    assert got == [0.01, 0.02, 0.03, 0.04]


def test_duplicate_labels_are_refused_not_merged():
    with pytest.raises(ValueError):
        results.build_comparison([("A", {}), ("A", {"trust_erosion": 0.02})], years=2)
    with pytest.raises(model.ParamError):
        from scenarios.compare import compare as run

        run([("A", {}), ("A", {})], "net_crime_change")
