"""The explore page's figures, one per chart in ``EXPLORE_CHARTS`` (trust and reporting,
crimes, removals, the safety ledger, the trade-off frontier, costs) and the stop-disparity chart."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.charts.theme import (
    AXIS_WRAP,
    COLORS,
    COST_SERIES,
    ERROR_COLOR,
    FMT_INT,
    FMT_PCT,
    HEIGHT,
    INK,
    LABEL_WRAP,
    LINE_WIDTH,
    NO_AGREEMENT_DASH,
    TICK_SIZE,
    _fig,
    _layout,
    rgba,
    wrap,
)

# A left margin for a y axis title on two lines (the frontier's, wrapped at AXIS_WRAP).
TITLE_LINES_MARGIN = 95
from ui.charts.layout import (
    _add_band,
    _add_line,
    _add_without,
    _axis_id,
    _err,
    _finish,
    _grid_fig,
    _has_bands,
    _hline,
    _r,
    _vline,
)

# --------------------------------------------------------------------------- 1 trust and reporting
def trust_reporting(res, tr) -> go.Figure:
    """Trust (top) and the reporting rate (bottom) over time, with vs without the agreement."""
    bands = _has_bands(res)
    fig = _grid_fig(tr("charts.trust_reporting.title"),
                    [tr("charts.trust_reporting.trust_panel"), tr("charts.trust_reporting.reporting_panel")],
                    rows=2, vgap=0.12, share_x=True, height=HEIGHT + 200, hovermode="x unified")
    for row, (imm, lat, fmt) in enumerate((("trust_immigrant", "trust_latino_citizen", ".2f"),
                                           ("reporting_rate_immigrant", "reporting_rate_latino_citizen", FMT_PCT)),
                                          start=1):
        first = row == 1
        if bands:
            _add_band(fig, res.series[imm], "with", tr, group="with", show_legend=first, row=row, col=1)
            _add_band(fig, res.series[lat], "latino", tr, group="latino", show_legend=False, row=row, col=1)
        _add_line(fig, res.series[imm].value, "with", tr("charts.legend.immigrant_with"), fmt=fmt,
                  group="with", show_legend=first, row=row, col=1)
        _add_line(fig, res.series[lat].value, "latino", tr("charts.legend.latino_with"), fmt=fmt,
                  group="latino", show_legend=first, row=row, col=1)
        # Each group against its own no-agreement line (the citizens' baseline is higher than
        # the immigrants'): both grey and dotted, each labelled at its right end.
        for series, who in ((imm, "immigrant"), (lat, "latino")):
            _add_without(fig, res.baseline[series].value, tr(f"charts.legend.{who}_without"), fmt=fmt,
                         show_legend=first, row=row, col=1)
            _end_label(fig, res.baseline[series].value, tr(f"charts.trust_reporting.{who}_baseline"),
                       who, row)
    _layout(fig, yaxis=dict(title=dict(text=tr("charts.trust_reporting.trust_axis")), rangemode="tozero"),
            yaxis2=dict(title=dict(text=tr("charts.trust_reporting.reporting_axis")), tickformat=".0%",
                        rangemode="tozero"),
            xaxis2=dict(title=dict(text=tr("charts.axis.years"))))
    return _finish(fig, "trust_reporting")


BASELINE_LABEL_SHIFT = {"immigrant": -9, "latino": 9}  # px: the two labels apart (citizens' above)


def _end_label(fig, y, text: str, who: str, row: int) -> None:
    """A no-agreement line's label at its right end, in the theme's ink (4.5:1 on white), set
    above or below the line so the two groups' labels do not overlap."""
    sid = _axis_id(row)
    fig["layout"].setdefault("annotations", []).append(dict(
        x=1, xref="x" + sid + " domain", y=float(y[-1]), yref="y" + sid, text=text, showarrow=False,
        xanchor="right", yanchor="middle", yshift=BASELINE_LABEL_SHIFT[who],
        font=dict(size=TICK_SIZE - 2, color=INK), bgcolor="rgba(255, 255, 255, 0.85)"))


# --------------------------------------------------------------------------- 2 crimes
CRIME_SERIES = (("crimes_reported", "reported"), ("crimes_unreported", "unreported"), ("crimes_cleared", "cleared"))


def crimes(res, tr) -> go.Figure:
    """Crimes reported, unreported and cleared each month, each against the no-agreement line."""
    bands = _has_bands(res)
    fig = _grid_fig(tr("charts.crimes.title"), [tr(f"charts.crimes.{m}") for _, m in CRIME_SERIES],
                    rows=3, vgap=0.09, share_x=True, height=HEIGHT + 260, hovermode="x unified")
    for row, (series, meaning) in enumerate(CRIME_SERIES, start=1):
        if bands:
            _add_band(fig, res.series[series], meaning, tr, group="band", show_legend=row == 1, row=row, col=1)
        _add_line(fig, res.series[series].value, meaning, tr(f"charts.legend.{meaning}"), fmt=FMT_INT,
                  row=row, col=1)
        _add_without(fig, res.baseline[series].value, tr("charts.legend.without"), fmt=FMT_INT,
                     show_legend=row == 1, row=row, col=1)
        fig["layout"]["yaxis" + _axis_id(row)]["tickformat"] = ",.0f"
    _layout(fig, yaxis2=dict(title=dict(text=tr("charts.crimes.axis"))),
            xaxis3=dict(title=dict(text=tr("charts.axis.years"))))
    return _finish(fig, "crimes")


# --------------------------------------------------------------------------- 3 removals
RECORDS = (("removals_serious", "serious"), ("removals_minor", "minor"), ("removals_none", "none"))


def _total(res, series: str) -> float:
    return float(np.sum(res.series[series].value))


def removals(res, tr) -> go.Figure:
    """Transfers over the horizon by record (stacked), beside the additional transfers, as horizontal
    bars with p5-p95 ranges."""
    cats = [wrap(tr("charts.removals.all"), LABEL_WRAP), wrap(tr("charts.removals.additional"), LABEL_WRAP)]
    fig = _fig(tr("charts.removals.title", years=res.years), barmode="stack")
    for series, meaning in RECORDS:
        fig["data"].append(dict(type="bar", y=[cats[0]], x=[_total(res, series)], orientation="h",
                                name=tr(f"charts.legend.{meaning}"), marker=dict(color=COLORS[meaning]), meta=meaning,
                                hovertemplate="%{x:,.0f}"))
    fig["data"].append(dict(type="bar", y=[cats[1]], x=[_total(res, "removals_additional")], orientation="h",
                            name=tr("charts.legend.additional"), marker=dict(color=COLORS["additional"]),
                            meta="additional", hovertemplate="%{x:,.0f}"))
    if _has_bands(res):
        vals, plus, minus = [], [], []
        for name in ("removals", "removals_additional"):
            o = res.outcomes[name]
            p, m = _err(o.value, o.p5, o.p95)
            vals.append(o.value), plus.append(p), minus.append(m)
        fig["data"].append(dict(type="scatter", y=cats, x=vals, mode="markers", name=tr("charts.legend.range"),
                                meta="net", marker=dict(color=COLORS["net"], size=9, symbol="line-ns-open"),
                                error_x=dict(type="data", array=plus, arrayminus=minus, color=COLORS["net"],
                                             thickness=2.5, width=10),
                                hovertemplate="%{x:,.0f}"))
    _layout(fig, yaxis=dict(autorange="reversed"),
            xaxis=dict(title=dict(text=tr("charts.removals.axis", years=res.years)), tickformat=",.0f",
                       rangemode="tozero"),
            legend=dict(traceorder="normal"))
    return _finish(fig, "removals")


# --------------------------------------------------------------------------- 4 safety ledger
def ledger_values(res) -> dict[str, tuple[float, float, float]]:
    """(value, p5, p95) of the ledger's terms, in crimes over the horizon (averted is negative).

    added = net change + averted: the crimes the agreement adds through lower reporting (more
    victimisation of people seen as unlikely to report), before removals avert some.
    """
    av = res.outcomes["crimes_averted"]
    net = res.outcomes["net_crime_change"]
    rec = res.outcomes["recorded_crime_change"]
    added = net.value + av.value
    s_net, s_av = res.samples.get("net_crime_change"), res.samples.get("crimes_averted")
    if _has_bands(res) and s_net is not None and s_av is not None and len(s_net) == len(s_av) > 1:
        a5, a95 = (float(v) for v in np.percentile(s_net + s_av, (5, 95)))
    else:
        a5 = a95 = added
    return {
        "averted": (-av.value, -av.p95, -av.p5),
        "added": (added, a5, a95),
        "net": (net.value, net.p5, net.p95),
        "recorded": (rec.value, rec.p5, rec.p95),
    }


LEDGER = ("averted", "added", "net", "recorded")


def safety_ledger(res, tr) -> go.Figure:
    """Crimes averted by removals against crimes added through lower reporting, netted."""
    vals = ledger_values(res)
    fig = _fig(tr("charts.safety_ledger.title", years=res.years))
    for key in LEDGER:
        v, lo, hi = vals[key]
        plus, minus = _err(v, lo, hi)
        label = tr(f"charts.safety_ledger.{key}")
        fig["data"].append(dict(
            type="bar", y=[wrap(label, LABEL_WRAP)], x=[v], orientation="h", name=label, meta=key,
            marker=dict(color=COLORS[key]),
            error_x=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR, thickness=3,
                         width=8, visible=_has_bands(res)),
            hovertemplate="%{x:+,.0f}", showlegend=False,
        ))
    _vline(fig, 0, "rgb(120,120,120)")
    _layout(fig, yaxis=dict(autorange="reversed"),
            # ticks in short form (+10k): Model 2's ranges reach +20,000 and more, and signed
            # thousands in full were tilted by Plotly in a half-width chart, below its margin
            xaxis=dict(title=dict(text=wrap(tr("charts.safety_ledger.axis", years=res.years), AXIS_WRAP)),
                       tickformat="+~s"))
    return _finish(fig, "safety_ledger")


# --------------------------------------------------------------------------- 5 frontier
def _frontier_data(data):
    """Accept a ``model.sweep.Frontier`` or a ``Results`` (then the sweep runs on its params)."""
    if hasattr(data, "multiplier"):
        return data
    from model import sweep
    from scenarios.files import frontier_presets

    return sweep.frontier(data.params, years=data.years, presets=frontier_presets())


def _preset_name(tr, point) -> str:
    key = f"preset.{point.key}.name"
    text = tr(key)
    return point.name if text.startswith("⟦") else text


LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")
NEAR = 0.08  # a share of the axis ranges: labels of markers closer than this would overlap


def label_positions(points: list[tuple[float, float]]) -> list[str]:
    """Where each marker's number goes (``textposition``), for points in axis shares (0-1): above
    it, unless a marker placed before it is near, then the first side no near marker uses.
    Markers on the same point share one label, so a point equal to an earlier one keeps its place."""
    out: list[str] = []
    for i, (x, y) in enumerate(points):
        near = [out[k] for k, (a, b) in enumerate(points[:i])
                if abs(a - x) < NEAR and abs(b - y) < NEAR and (a, b) != (x, y)]
        same = next((out[k] for k, q in enumerate(points[:i]) if q == (x, y)), None)
        out.append(same or next((p for p in LABEL_POSITIONS if p not in near), LABEL_POSITIONS[0]))
    return out


def frontier(data, tr) -> go.Figure:
    """Reach (transfers, and additional transfers) against the reporting rate as intensity varies."""
    f = _frontier_data(data)
    fig = _fig(tr("charts.frontier.title"))
    pct = f.multiplier * 100  # a multiplier of the current staffing, or a share of the maximum
    hover = tr("charts.frontier.hover_" + f.basis)
    for series, meaning, dash in ((f.removals, "with", "solid"), (f.removals_additional, "additional", "dash")):
        fig["data"].append(dict(
            type="scatter", x=_r(series), y=_r(f.reporting), mode="lines", name=tr(f"charts.frontier.curve_{meaning}"),
            meta=meaning, line=dict(color=COLORS[meaning], width=LINE_WIDTH, dash=dash), customdata=_r(pct),
            hovertemplate=hover + "<br>%{x:,.0f} · %{y:.1%}<extra></extra>",
        ))
    _hline(fig, f.reporting_no_agreement, COLORS["without"], 2.5, NO_AGREEMENT_DASH)
    fig["data"].append(dict(type="scatter", x=[0], y=[f.reporting_no_agreement], mode="markers", meta="without",
                            name=tr("charts.legend.without"),
                            marker=dict(color=COLORS["without"], size=13, symbol="circle"),
                            hovertemplate="%{y:.1%}<extra></extra>"))
    # numbered markers (names would overlap); the caption maps numbers to names (in the legend,
    # nine names took more height than the plot on a phone); presets on the same point share
    # one label ("3, 7")
    labels: dict[tuple, list[str]] = {}
    for j, p in enumerate(f.presets, start=1):
        labels.setdefault((round(p.removals, 6), round(p.reporting, 9)), []).append(str(j))
    xmax = max([float(f.removals.max()), f.current.removals] + [p.removals for p in f.presets] + [1.0])
    ymax = max([float(f.reporting.max()), f.reporting_no_agreement] + [p.reporting for p in f.presets])
    positions = label_positions([(p.removals / xmax, p.reporting / ymax) for p in f.presets])
    for j, p in enumerate(f.presets, start=1):
        name = _preset_name(tr, p)
        same = labels[(round(p.removals, 6), round(p.reporting, 9))]
        text = ", ".join(same) if same[0] == str(j) else ""
        trace = dict(
            type="scatter", x=[p.removals], y=[p.reporting], mode="markers+text", text=[text],
            textposition=positions[j - 1], textfont=dict(size=TICK_SIZE, color=INK), meta="preset",
            legendgroup="presets", name=tr("charts.frontier.preset_item", n=j, name=name), showlegend=False,
            marker=dict(color=COLORS["preset"], size=13, symbol="diamond", line=dict(color="white", width=1)),
            customdata=[name], hovertemplate="%{customdata}<br>%{x:,.0f} · %{y:.1%}<extra></extra>",
        )
        fig["data"].append(trace)
    c = f.current
    fig["data"].append(dict(
        type="scatter", x=[c.removals, c.removals_additional], y=[c.reporting, c.reporting], mode="markers",
        name=tr("charts.frontier.current"), meta="current",
        marker=dict(color=COLORS["current"], size=20, symbol="star", line=dict(color="white", width=1.5)),
        hovertemplate="%{x:,.0f} · %{y:.1%}<extra></extra>",
    ))
    _layout(fig, xaxis=dict(title=dict(text=tr("charts.frontier.x_axis", years=f.years)), tickformat=",.0f",
                            range=[-0.04 * xmax, 1.06 * xmax]),
            yaxis=dict(title=dict(text=wrap(tr("charts.frontier.y_axis"), AXIS_WRAP)), tickformat=".0%",
                       range=[0, 1.15 * ymax]),
            margin=dict(l=TITLE_LINES_MARGIN), height=HEIGHT + 40)
    return _finish(fig, "frontier")


# --------------------------------------------------------------------------- 6 costs, disparity
def cost_totals(res) -> dict[str, float]:
    """USD over the horizon by component; reimbursement negative (money coming back)."""
    out = {name: _total(res, name) for name in COST_SERIES}
    out["reimbursement"] = -out["reimbursement"]
    return out


def costs(res, tr) -> go.Figure:
    """Local cost by component over the horizon (horizontal bars), reimbursement negative, the net."""
    totals = cost_totals(res)
    fig = _fig(tr("charts.costs.title", years=res.years))
    for name in COST_SERIES:
        label = tr(f"charts.costs.{name}")
        fig["data"].append(dict(type="bar", y=[wrap(label, LABEL_WRAP)], x=[totals[name]], orientation="h",
                                name=label, meta=name, marker=dict(color=COLORS[name]),
                                hovertemplate="%{x:$,.0f}<extra></extra>", showlegend=False))
    net = res.outcomes["cost_net_usd"]
    plus, minus = _err(net.value, net.p5, net.p95)
    label = tr("charts.costs.net")
    fig["data"].append(dict(type="bar", y=[wrap(label, LABEL_WRAP)], x=[net.value], orientation="h", name=label,
                            meta="net", marker=dict(color=COLORS["net"]),
                            error_x=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR,
                                         thickness=3, width=10, visible=_has_bands(res)),
                            hovertemplate="%{x:$,.0f}<extra></extra>", showlegend=False))
    _vline(fig, 0, "rgb(120,120,120)")
    _layout(fig, yaxis=dict(autorange="reversed"),
            xaxis=dict(title=dict(text=wrap(tr("charts.costs.axis", years=res.years), AXIS_WRAP)),
                       tickformat="$,.2s"))
    return _finish(fig, "costs")


def disparity(res, tr) -> go.Figure:
    """Latino / non-Latino stop-rate ratio with and without the agreement (1 = no disparity)."""
    o = res.outcomes["stop_disparity_ratio"]
    fig = _fig(tr("charts.disparity.title"))
    lw, lwo = tr("charts.legend.with"), tr("charts.legend.without")
    fig["data"].append(dict(type="bar", x=[lwo], y=[o.counterfactual], name=lwo, meta="without",
                            marker=dict(color=rgba(COLORS["without"], 0.55), pattern=dict(shape="."),
                                        line=dict(color=COLORS["without"], width=2)),
                            hovertemplate="%{y:.2f}×", showlegend=False))
    plus, minus = _err(o.value, o.p5, o.p95)
    fig["data"].append(dict(type="bar", x=[lw], y=[o.value], name=lw, meta="with", marker=dict(color=COLORS["with"]),
                            error_y=dict(type="data", array=[plus], arrayminus=[minus], color=ERROR_COLOR,
                                         thickness=3, width=10, visible=_has_bands(res)),
                            hovertemplate="%{y:.2f}×", showlegend=False))
    _hline(fig, 1.0, COLORS["parity"], 2, "dash")  # parity; the axis title says "1 = no disparity"
    _layout(fig, yaxis=dict(title=dict(text=tr("charts.disparity.axis")), rangemode="tozero"))
    return _finish(fig, "disparity")


