"""Views of a room's round drawn on the projector and, smaller, on the phones: the predictions
and the model's answer, the gallery of submitted scenarios, and two of them compared."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import streamlit as st

import model
from rooms import rounds as R
from ui import state
from ui.charts import rooms as room_charts
from ui import room_common as rc

CONFIG = {"displaylogo": False, "responsive": True}


def answer_lines(tr, outcome: str, ans: dict[str, float]) -> list[str]:
    return [
        tr("rooms.answer", value=rc.fmt(tr, outcome, ans["diff"], change=True)),
        tr("rooms.answer_range", lo=rc.fmt(tr, outcome, ans["lo"], change=True),
           hi=rc.fmt(tr, outcome, ans["hi"], change=True)),
    ]


def predictions(tr, snap, key: str, height: int | None = None) -> None:
    """How many answered; once revealed, their distribution against the model's answer."""
    rnd = snap.round
    outcome = rnd.spec["outcome"]
    n = len(snap.predictions)
    st.metric(tr("rooms.answered"), tr("rooms.answered_of", n=n, total=snap.participants))
    if rnd.phase != "revealed":
        st.caption(tr("rooms.hidden_until_reveal"))
        return
    ans = rnd.answer
    for line in answer_lines(tr, outcome, ans):
        st.markdown(line)
    if not n:
        st.caption(tr("rooms.no_predictions"))
        return
    inside = sum(1 for x in snap.predictions if ans["lo"] <= x <= ans["hi"])
    st.caption(tr("rooms.inside_range", n=inside, total=n))
    fig = room_charts.predictions_chart(
        snap.predictions, ans, title=tr("rooms.chart_predictions"),
        x_title=tr("rooms.axis_change", unit=rc.unit_text(tr, outcome)),
        y_title=tr("rooms.axis_count"), answer_text=tr("rooms.chart_model"),
        range_text=tr("rooms.chart_range"), height=height or 380)
    st.plotly_chart(fig, key=key, config=CONFIG, width="stretch")


def sub_values(sub: dict[str, Any]) -> dict[str, Any]:
    return R.scenario_values(sub["scenario"])


_FIGURES: OrderedDict = OrderedDict()  # (lang, round, rev, highlight) -> figure, newest last


def gallery_chart(tr, rnd, subs: list[dict[str, Any]], key: str, highlight=(),
                  rev: int | None = None) -> None:
    """Every submission on one chart: its outcome value and range, the starting preset's value.
    With ``rev`` (the room's revision) the figure is built once per revision: the projector
    redraws its panel every second, and the room changes far less often."""
    cache = (tr.lang, rnd.id, rnd.phase, rev, tuple(highlight)) if rev is not None else None
    fig = _FIGURES.get(cache) if cache else None
    if fig is None:
        fig = _gallery_figure(tr, rnd, subs, highlight)
        if cache:
            _FIGURES[cache] = fig
            while len(_FIGURES) > 32:
                _FIGURES.popitem(last=False)
    st.plotly_chart(fig, key=key, config=CONFIG, width="stretch")


def _gallery_figure(tr, rnd, subs, highlight):
    spec = rnd.spec
    outcome, years = spec["outcome"], spec["years"]
    rows = []
    for s in subs:
        summ = rc.summary(sub_values(s), outcome, years)
        rows.append({"name": s["nickname"], **summ})
    base = rc.summary(R.base_values(spec), outcome, years)
    return room_charts.scenarios_chart(
        rows, title=tr("rooms.chart_gallery", outcome=tr(f"outcome.{outcome}.label")),
        x_title=rc.unit_text(tr, outcome) if rc.is_share(outcome) else tr(f"outcome.{outcome}.unit"),
        baseline=base["value"], baseline_text=tr("rooms.chart_start"), highlight=highlight)


def _value_text(tr, name: str, v: Any) -> str:
    p = model.BY_NAME[name]
    if p.is_bool:
        return tr("choice.flag.on") if v else tr("choice.flag.off")
    if p.is_choice:
        return tr(f"choice.{name}.{v}")
    return f"{v:,}" if p.integer else f"{v:g}"


def compare_two(tr, rnd, a: dict[str, Any], b: dict[str, Any]) -> None:
    """The settings in which two submissions differ, and the outcome for each."""
    va, vb = sub_values(a), sub_values(b)
    outcome, years = rnd.spec["outcome"], rnd.spec["years"]
    sa, sb = rc.summary(va, outcome, years), rc.summary(vb, outcome, years)
    col_a, col_b = state.md_escape(a["nickname"], 30), state.md_escape(b["nickname"], 30)
    if col_a == col_b:  # two columns need two names
        col_b += " (2)"
    rows = [{tr("rooms.col_setting"): tr(f"outcome.{outcome}.label"),
             col_a: rc.fmt(tr, outcome, sa["value"]), col_b: rc.fmt(tr, outcome, sb["value"])}]
    for name in model.BY_NAME:
        if va.get(name) != vb.get(name):
            rows.append({tr("rooms.col_setting"): tr(f"param.{name}.label"),
                         col_a: _value_text(tr, name, va[name]), col_b: _value_text(tr, name, vb[name])})
    st.table(rows, hide_index=True)
    if len(rows) == 1:
        st.caption(tr("rooms.same_settings"))
