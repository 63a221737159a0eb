"""A self-contained HTML report for handouts: headline outcomes, the charts (inline Plotly, which
works offline), the inputs with their sources and evidence grades, the model version, the date,
and the "not a forecast" notice.

Every piece of text that is not markup is passed through ``html.escape``: scenario names and
descriptions are user text, and catalog or registry text is escaped too, so nothing in a report
can inject markup. No Streamlit here.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Any

import model
from ui import charts
from ui.i18n import MISSING, Translator

CSS = """
body{font-family:Source Sans Pro,Open Sans,Arial,sans-serif;color:#222;max-width:1100px;margin:2em auto;
padding:0 1em;line-height:1.45;font-size:17px}
h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:2px solid #ddd}
.notice{background:#eef4fb;border-left:5px solid #3b6ea5;padding:.6em 1em;margin:1em 0}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f3f3f3}.num{text-align:right;white-space:nowrap}
.meta{color:#555;font-size:.9em}.chart{page-break-inside:avoid;margin:1em 0}
.caption{color:#444;font-style:italic;margin:.2em 0 1.2em}
@media print{.chart{page-break-inside:avoid}body{font-size:12pt}}
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
    if p.integer or (float(v).is_integer() and abs(v) >= 1000):
        return tr.number(v)
    return f"{v:g}"


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


def _figures(tr: Translator, res: model.Results, frontier) -> str:
    parts = []
    first = True
    for name in CHARTS:
        obj = frontier if name == "frontier" else res
        fig = getattr(charts, name)(obj, tr)
        div = fig.to_html(full_html=False, include_plotlyjs=first, config={"displaylogo": False},
                          div_id=f"chart-{name}")
        first = False
        parts.append(f"<div class=chart>{div}<p class=caption>{_e(charts.caption(name, obj, tr))}</p></div>")
    return "".join(parts)


def build(tr: Translator, res: model.Results, *, name: str, frontier=None, link: str = "",
          description: str = "", now: datetime | None = None) -> str:
    """The whole report as one HTML document (Plotly's script inlined once)."""
    if frontier is None:
        from model import sweep
        from scenarios.files import frontier_presets

        frontier = sweep.frontier(res.params, years=res.years, presets=frontier_presets())
    now = now or datetime.now(timezone.utc)
    th = lambda key: f"<th>{_e(tr(key))}</th>"  # noqa: E731
    from ui.format import summary
    from ui.results import top_driver

    parts = [
        f"<!DOCTYPE html><html lang={_e(tr.lang)}><head><meta charset=utf-8>",
        "<meta name=viewport content='width=device-width, initial-scale=1'>",
        f"<title>{_e(tr('report.title'))}: {_e(name)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(tr('report.title'))}</h1>",
        f"<p><b>{_e(tr('report.scenario'))}:</b> {_e(name)}</p>",
    ]
    if description:
        parts.append(f"<p>{_e(description)}</p>")
    parts += [
        f"<p class=meta>{_e(tr('report.meta', date=now.strftime('%Y-%m-%d %H:%M UTC'), version=model.MODEL_VERSION, years=res.years, draws=res.draws, seed=res.seed))}</p>",
        f"<div class=notice><b>{_e(tr('app.not_a_forecast'))}</b> {_e(tr('report.notice'))}</div>",
        f"<h2>{_e(tr('report.summary'))}</h2><p>{_e(summary(tr, res, top_driver(res.params, res.years)))}</p>",
        f"<h2>{_e(tr('report.outcomes'))}</h2><table><thead><tr>",
        th("report.col_outcome"), th("report.col_value"), th("report.col_none"), th("report.col_range"),
        th("report.col_unit"), "</tr></thead><tbody>", _outcome_rows(tr, res), "</tbody></table>",
        f"<h2>{_e(tr('report.charts'))}</h2>", _figures(tr, res, frontier),
        f"<h2>{_e(tr('report.inputs'))}</h2><p class=meta>{_e(tr('report.inputs_note'))}</p>",
        "<table><thead><tr>", th("report.col_param"), th("report.col_value"), th("report.col_unit"),
        th("report.col_kind"), th("report.col_grade"), th("report.col_source"), "</tr></thead><tbody>",
        _input_rows(tr, res.params), "</tbody></table>",
        f"<h2>{_e(tr('report.sources'))}</h2><p>{_e(tr('report.sources_note'))}</p>",
    ]
    if link.startswith(("http://", "https://")):
        parts.append(f"<p class=meta>{_e(tr('report.link'))}: <a href=\"{_e(link)}\">{_e(link)}</a></p>")
    parts.append("</body></html>")
    return "".join(parts)
