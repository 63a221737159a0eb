"""The national map's figure factory (ui/charts/county_map.py): a pure function, checked as data."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from scenarios import counties
from ui.charts import county_map as map_chart
from ui.i18n import Translator


@pytest.fixture(scope="module")
def table():
    return counties.load()


@pytest.mark.parametrize("color_by", map_chart.COLOR_BY)
def test_the_map_is_a_valid_figure_with_the_boundaries_sent_once(table, color_by):
    fig = map_chart.county_map(table, counties.shapes(), Translator("es"), color_by)
    d = fig.to_dict()
    go.Figure(d)  # plotly's own validation
    main, *rest = d["data"]
    assert main["geojson"] is counties.shapes() or len(main["geojson"]["features"]) > 3000
    assert [len(t["geojson"]["features"]) for t in rest] == [9]  # the grey shapes only
    if color_by == "models":
        assert len(main["locations"]) == len(table)
    else:
        assert 3000 < len(main["locations"]) <= len(table)
    assert "customdata" in main and "%{customdata[4]}" in main["hovertemplate"]
    assert "Población 2024" in main["hovertemplate"]


def test_categories_follow_the_models_in_force(table):
    for c in table:
        k = map_chart.CATEGORIES[map_chart.category(c)]
        have = set(c.models)
        assert (k == "none") == (not have)
        assert (k in ("tfm", "tfm_jail")) == ("TFM" in have)
    assert map_chart.category(table.get("48201")) == map_chart.CATEGORIES.index("tfm")


def test_the_offline_topojson_url_is_an_empty_topology():
    url = map_chart.CONFIG["topojsonURL"]
    assert url.startswith("data:application/json,") and url.endswith("#")
    from urllib.parse import unquote

    assert json.loads(unquote(url[len("data:application/json,"):-1]))["type"] == "Topology"


def test_legend_is_escaped_html():
    text = map_chart.legend_html(Translator("en"))
    assert "Task force and a jail model" in text and "<script" not in text
    with pytest.raises(ValueError):
        map_chart.county_map(counties.load(), counties.shapes(), Translator("en"), "nope")
