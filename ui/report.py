"""A self-contained HTML report for handouts: headline outcomes, the charts (static SVG images
drawn by ``ui.export.chart_images``, each with its provenance footer; where no Chromium can draw
them, the charts' data as tables), the inputs with their sources and evidence grades, and the
provenance (scenario, county, model version, date, link, the "not a forecast" notice).

It works offline and stays small (about 0.2-0.4 MB, where inlining Plotly's script made it
4.9 MB); each section starts a printed page (A4 or Letter), and on a phone the tables scroll
sideways inside their box while the text wraps.

Every piece of text that is not markup is passed through ``html.escape``: scenario names and
descriptions are user text, and catalog or registry text is escaped too, so nothing in a report
can inject markup. No Streamlit here.
"""
from __future__ import annotations

import base64
import html
from datetime import datetime, timezone
from typing import Any

import model
from ui import charts, export
from ui.i18n import MISSING, Translator

CSS = """
*{box-sizing:border-box}
body{font-family:Source Sans Pro,Open Sans,Arial,sans-serif;color:#222;max-width:1100px;margin:1.5em auto;
padding:0 1em;line-height:1.45;font-size:17px;overflow-wrap:anywhere}
h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:2px solid #ddd}
.notice{background:#eef4fb;border-left:5px solid #3b6ea5;padding:.6em 1em;margin:1em 0}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top;overflow-wrap:normal}th{background:#f3f3f3}
.num{text-align:right;white-space:nowrap}
.meta{color:#444;font-size:.9em}.chart{break-inside:avoid;margin:1em 0}
.chart img{width:100%;height:auto;display:block}
.caption{color:#333;font-style:italic;margin:.2em 0 1.2em}
dl.prov{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.5em 0}
dl.prov dt{font-weight:bold}dl.prov dd{margin:0}
@media (max-width:600px){body{font-size:16px;padding:0 .6em}h1{font-size:1.45em}
dl.prov{grid-template-columns:1fr}table{font-size:.85em}}
@page{size:auto;margin:14mm}
@media print{body{font-size:10.5pt;max-width:none;margin:0}h2{break-before:page}h2:first-of-type{break-before:auto}
.chart{break-inside:avoid}.chart img{max-height:115mm;width:auto;max-width:100%}
.scroll{overflow:visible}a{color:inherit}table{font-size:8.5pt}}
"""
CHARTS = charts.EXPLORE_CHARTS + ("disparity",)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _param_text(tr: Translator, name: str, attr: str) -> str:
    text = tr(f"param.{name}.{attr}")
    if text == MISSING.format(f"param.{name}.{attr}"):
        text = str(getattr(model.BY_NAME[name], attr))
    return text


def _value(tr: Translator, p: model.Param, v: Any) -> str:
    if p.is_bool:
        return tr("choice.flag.on") if v else tr("choice.flag.off")
    if p.is_choice:
        return tr(f"choice.{p.name}.{v}")
    return tr.param_value(v, p.unit, p.integer)  # the app's one rule (shares in %)


def _outcome_rows(tr: Translator, res: model.Results) -> str:
    from ui.format import fmt

    rows = []
    for o in model.OUTCOMES:
        r = res.outcomes[o.name]
        signed = o.kind == "difference"
        rng = (f"{fmt(tr, o.name, r.p5, signed=signed)} – {fmt(tr, o.name, r.p95, signed=signed)}"
               if res.draws else "")
        cf = "" if signed else fmt(tr, o.name, r.counterfactual)
        rows.append(
            f"<tr><td>{_e(tr(f'outcome.{o.name}.label'))}</td>"
            f"<td class=num>{_e(fmt(tr, o.name, r.value, signed=signed))}</td>"
            f"<td class=num>{_e(cf)}</td><td class=num>{_e(rng)}</td>"
            f"<td>{_e(tr(f'outcome.{o.name}.unit'))}</td></tr>"
        )
    return "".join(rows)


def _input_rows(tr: Translator, values: dict[str, Any]) -> str:
    defaults = model.defaults()
    rows = []
    for p in model.REGISTRY:
        v = values[p.name]
        changed = v != defaults[p.name]
        rows.append(
            f"<tr><td>{'<b>' if changed else ''}{_e(_param_text(tr, p.name, 'label'))}"
            f"{'</b>' if changed else ''}</td>"
            f"<td class=num>{_e(_value(tr, p, v))}</td>"
            f"<td>{_e(_param_text(tr, p.name, 'unit'))}</td>"
            f"<td>{_e(tr(f'kind.{p.kind}'))}</td>"
            f"<td>{_e(tr(f'grade.{p.grade}'))}</td>"
            f"<td>{_e(_param_text(tr, p.name, 'source'))}</td></tr>"
        )
    return "".join(rows)


def _figures(tr: Translator, res: model.Results, frontier, prov: export.Provenance) -> str:
    """Each chart as an SVG image with its caption (its data as a table where no image could
    be drawn)."""
    objs = [frontier if name == "frontier" else res for name in CHARTS]
    figs = [getattr(charts, name)(obj, tr) for name, obj in zip(CHARTS, objs)]
    images = export.chart_images(figs, tr, prov, fmt="svg")
    parts = []
    for i, (name, obj) in enumerate(zip(CHARTS, objs)):
        cap = charts.caption(name, obj, tr)
        if images:
            data = base64.b64encode(images[i]).decode("ascii")
            body = f"<img src='data:image/svg+xml;base64,{data}' alt='{_e(cap)}'>"
        else:
            title = tr(f"charts.{name}.title", years=res.years)
            body = (f"<h3>{_e(title)}</h3><div class=scroll>"
                    + charts.table(name, obj, tr).to_html(index=False, border=0) + "</div>")
        parts.append(f"<div class=chart>{body}<p class=caption>{_e(cap)}</p></div>")
    return "".join(parts)


def _provenance(tr: Translator, prov: export.Provenance) -> str:
    rows = []
    for label, value in prov.rows(tr):
        if value.startswith(("http://", "https://")):
            value_html = f"<a href=\"{_e(value)}\">{_e(value)}</a>"
        else:
            value_html = _e(value)
        rows.append(f"<dt>{_e(label)}</dt><dd>{value_html}</dd>")
    return f"<dl class=prov>{''.join(rows)}</dl>"


def build(tr: Translator, res: model.Results, *, name: str, frontier=None, link: str = "",
          description: str = "", now: datetime | None = None,
          prov: export.Provenance | None = None) -> str:
    """The whole report as one HTML document (no script: the charts are images)."""
    if frontier is None:
        from model import sweep
        from scenarios.files import frontier_presets

        frontier = sweep.frontier(res.params, years=res.years, presets=frontier_presets())
    now = now or datetime.now(timezone.utc)
    prov = prov or export.Provenance(scenario=name, county="", link=link,
                                     description=description, date=now.strftime("%Y-%m-%d"))
    th = lambda key: f"<th>{_e(tr(key))}</th>"  # noqa: E731
    from ui.format import summary
    from ui.results import top_driver

    parts = [
        f"<!DOCTYPE html><html lang={_e(tr.lang)}><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width, initial-scale=1'>",
        f"<title>{_e(tr('report.title'))}: {_e(name)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(tr('report.title'))}</h1>",
        _provenance(tr, prov),
    ]
    parts += [
        f"<p class=meta>{_e(tr('report.meta', date=now.strftime('%Y-%m-%d %H:%M UTC'), version=model.MODEL_VERSION, years=res.years, draws=res.draws, seed=res.seed))}</p>",
        f"<div class=notice><b>{_e(tr('app.not_a_forecast'))}</b> {_e(tr('report.notice'))}</div>",
        f"<h2>{_e(tr('report.summary'))}</h2><p>{_e(summary(tr, res, top_driver(res.params, res.years)))}</p>",
        f"<h2>{_e(tr('report.outcomes'))}</h2><div class=scroll><table><thead><tr>",
        th("report.col_outcome"), th("report.col_value"), th("report.col_none"), th("report.col_range"),
        th("report.col_unit"), "</tr></thead><tbody>", _outcome_rows(tr, res), "</tbody></table></div>",
        f"<h2>{_e(tr('report.charts'))}</h2>", _figures(tr, res, frontier, prov),
        f"<h2>{_e(tr('report.inputs'))}</h2><p class=meta>{_e(tr('report.inputs_note'))}</p>",
        "<div class=scroll><table><thead><tr>", th("report.col_param"), th("report.col_value"), th("report.col_unit"),
        th("report.col_kind"), th("report.col_grade"), th("report.col_source"), "</tr></thead><tbody>",
        _input_rows(tr, res.params), "</tbody></table></div>",
        f"<h2>{_e(tr('report.sources'))}</h2><p>{_e(tr('report.sources_note'))}</p>",
    ]
    if link.startswith(("http://", "https://")):
        parts.append(f"<p class=meta>{_e(tr('report.link'))}: <a href=\"{_e(link)}\">{_e(link)}</a></p>")
    parts.append("</body></html>")
    return "".join(parts)
