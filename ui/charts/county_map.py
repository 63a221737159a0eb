"""The national county map: a pure figure factory (no Streamlit), like the rest of ``ui/charts``.

``county_map(table, shapes, tr, color_by)`` colours every county by the 287(g) models in force
(``"models"``) or by one fact (``COLOR_FACTS``). The boundaries are the simplified GeoJSON of
``data/county_shapes.json`` (Plotly's choropleth draws GeoJSON, id = FIPS); a county's hover
shows its facts and agreements. Counties of the map with no row in the table (Connecticut's
legacy counties, Valdez-Cordova) are drawn grey with a note.

Plotly's geo subplots fetch a base-map TopoJSON from Plotly's CDN whenever a trace has a
``locationmode``, which a GeoJSON choropleth always has; the app runs on closed networks, and
nothing of that base map is drawn here (land, coasts, lakes and frame are all off). So
``CONFIG["topojsonURL"]`` points at an empty topology in a data URL; the file name Plotly
appends lands in the URL's fragment, which is not part of a data URL's content.
"""
from __future__ import annotations

import html
import math
from urllib.parse import quote

from scenarios import counties as cdata
from ui.charts.layout import Figure
from ui.charts.theme import CONFIG as _CHART_CONFIG

# ``tr`` is a ``ui.i18n.Translator`` (not imported: chart builders import nothing from the UI kit).
Translator = "ui.i18n.Translator"

# Categories of the "models in force" colouring, in legend order, with their colours
# (Paul Tol's colour-blind-safe "Safe" palette, as in ui/charts/theme.py).
CATEGORIES = ("none", "wso", "jem", "tfm", "tfm_jail")
CATEGORY_COLORS = ("#eef1f5", "#88CCEE", "#DDCC77", "#CC6677", "#882255")
NO_DATA_COLOR = "#c8c8c8"
COLOR_FACTS = ("population", "foreign_born_share", "hispanic_share", "officers_per_1000")
COLOR_BY = ("models", *COLOR_FACTS)
HEIGHT = 440
# The legend below the map, across: beside it, it would take a third of a phone's width.
COLORBAR = dict(orientation="h", x=0.5, xanchor="center", y=0, yanchor="top", thickness=12,
                len=0.95)
_EMPTY_TOPOLOGY = '{"type":"Topology","objects":{},"arcs":[]}'
CONFIG = {**_CHART_CONFIG, "scrollZoom": False,
          "topojsonURL": "data:application/json," + quote(_EMPTY_TOPOLOGY) + "#"}


def category(c: cdata.County) -> int:
    have = set(c.models)
    if "TFM" in have:
        return 4 if have & {"JEM", "WSO"} else 3
    if "JEM" in have:
        return 2
    if "WSO" in have:
        return 1
    return 0


def fact_value(c: cdata.County, name: str) -> float | None:
    if name == "population":
        return math.log10(max(c.population, 1))
    if name == "officers_per_1000":
        if c.sworn_officers is None or c.population <= 0:
            return None
        return 1000 * c.sworn_officers / c.population
    return getattr(c, name)


def _models_text(tr: Translator, c: cdata.County) -> str:
    if not c.models:
        return tr("map.hover_none")
    return "; ".join(tr("map.hover_model", model=m, n=info.agencies,
                        date=info.first_signed or tr("county.no_date"))
                     for m, info in c.models.items())


def _share(tr: Translator, x: float | None) -> str:
    return tr.pct(x, 1) if x is not None else tr("map.na")


def hover_rows(table: cdata.Counties, tr: Translator) -> list[list[str]]:
    """Per county (table order): population, foreign-born, Hispanic, sworn officers, models."""
    return [[tr.number(c.population), _share(tr, c.foreign_born_share),
             _share(tr, c.hispanic_share),
             tr.number(c.sworn_officers) if c.sworn_officers is not None else tr("map.na"),
             _models_text(tr, c)] for c in table]


def legend_html(tr: Translator) -> str:
    """The categories of the "models in force" colouring as a legend that wraps on a phone
    (escaped HTML, one element)."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:.35rem;margin-right:1rem">'
        f'<span style="width:.9rem;height:.9rem;border:1px solid #8a8a8a;background:{color}">'
        f'</span>{html.escape(tr(f"map.category.{key}"))}</span>'
        for key, color in zip(CATEGORIES, CATEGORY_COLORS))
    return (f'<div style="font-size:.9rem;line-height:1.8"><strong>'
            f'{html.escape(tr("map.legend_models"))}:</strong> {items}</div>')


def _subset(shapes: dict, features: list) -> dict:
    return {"type": "FeatureCollection", "features": features}


def county_map(table: cdata.Counties, shapes: dict, tr: Translator,
               color_by: str = "models") -> Figure:
    """The map figure. It does not depend on the chosen county: Streamlit sends a message it
    already sent (at least 10 KB, within two runs) as a reference to the browser's copy, so a
    click, which reruns the page with the same figure, does not send the map again. Plotly's
    own selection styling shows the clicked county."""
    if color_by not in COLOR_BY:
        raise ValueError(f"color_by: {color_by!r} is not one of {', '.join(COLOR_BY)}")
    rows = list(table)
    fips = [c.fips for c in rows]
    facts = tr("map.hover_facts", pop="%{customdata[0]}", fb="%{customdata[1]}",
               hisp="%{customdata[2]}", sworn="%{customdata[3]}")
    hover = "<b>%{text}</b><br>" + facts + " %{customdata[4]}<extra></extra>"
    base = dict(type="choropleth", geojson=shapes, locations=fips, text=[c.label for c in rows],
                customdata=hover_rows(table, tr), hovertemplate=hover,
                marker=dict(line=dict(width=0.2, color="#ffffff")))
    if color_by == "models":
        n = len(CATEGORIES)
        scale = []
        for i, color in enumerate(CATEGORY_COLORS):
            scale += [[i / n, color], [(i + 1) / n, color]]
        # No colour bar: its five labels do not fit across a phone; ``legend_html`` instead.
        trace = dict(base, z=[category(c) for c in rows], zmin=-0.5, zmax=n - 0.5,
                     colorscale=scale, showscale=False)
    else:
        vals = [fact_value(c, color_by) for c in rows]
        keep = [i for i, v in enumerate(vals) if v is not None]
        trace = dict(base, locations=[fips[i] for i in keep], z=[round(vals[i], 4) for i in keep],
                     text=[base["text"][i] for i in keep],
                     customdata=[base["customdata"][i] for i in keep], colorscale="Cividis",
                     reversescale=True, colorbar=dict(title=dict(text=tr(f"map.fact.{color_by}"), side="top"),
                                                      **COLORBAR))
        if color_by == "population":
            ticks = [v for v in (3, 4, 5, 6, 7)]
            trace["colorbar"].update(tickvals=ticks, ticktext=[tr.number(10 ** t) for t in ticks])
        elif color_by != "officers_per_1000":
            trace["colorbar"].update(tickformat=".0%")
    table_ids = set(fips)
    missing = [f for f in shapes["features"] if f["id"] not in table_ids]
    data = [trace]
    if missing:  # their own small GeoJSON: a trace sends the whole of its ``geojson``
        data.append(dict(type="choropleth", geojson=_subset(shapes, missing),
                         locations=[f["id"] for f in missing], z=[0] * len(missing),
                         colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]], showscale=False,
                         hovertemplate=tr("map.hover_no_data") + "<extra></extra>",
                         marker=dict(line=dict(width=0.2, color="#ffffff"))))
    layout = dict(
        height=HEIGHT, margin=dict(l=0, r=0, t=10, b=70 if color_by != "models" else 0),
        dragmode=False,
        geo=dict(scope="usa", projection=dict(type="albers usa"), showland=False,
                 showlakes=False, showcoastlines=False, showframe=False, showsubunits=False,
                 showcountries=False, bgcolor="rgba(0,0,0,0)"),
        clickmode="event+select", hoverlabel=dict(align="left"),
    )
    return Figure({"data": data, "layout": layout}, _validate=False)
