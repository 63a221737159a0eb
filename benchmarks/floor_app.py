"""The framework's floor: a bare Streamlit app with one slider drawing N Plotly figures from
constant data. No model, no state, no translation: what any Streamlit app with this many charts
costs per rerun. ``benchmarks/bench_app.py`` compares the real app against it.

Shape (set by the benchmark through the environment, so the floor matches the real page):
``FLOOR_FIGURES`` charts, each with ``FLOOR_TRACES`` line traces of ``FLOOR_POINTS`` points.
The slider shifts the first chart's data by its value (``FLOOR_MOVING=n``: the first n charts),
so a move visibly changes a chart the same way a lever does in the real app (and the browser
benchmark can see the update). With one moving chart, the browser redraws one chart per move;
a lever in the real app moves all seven, which the browser redraws one by one: the
``FLOOR_MOVING=99`` variant shows what that costs the bare framework. Figures
are built once per slider value (``st.cache_resource``): a move to a new value is the floor's
cold rerun, a move back to a seen value its warm one. ``FLOOR_CACHE=0`` rebuilds every figure
on every run instead (a higher floor: what an app pays that does not cache its figures).

``FLOOR_SHELL=n`` (n > 0) adds what the issue asks of every page of the real app, and nothing
else: a language switch and the "not a forecast" notice at the top of the sidebar, an
``st.navigation`` router over n pages, and a one-line caption under each chart. It is context
for the benchmark (what the required shell alone costs the browser), never the targets'
reference.
"""
import os

import numpy as np
import plotly.graph_objects as go
import streamlit as st

CACHE = os.environ.get("FLOOR_CACHE", "1") == "1"  # 0: rebuild every figure on every run
FIGURES = int(os.environ.get("FLOOR_FIGURES", "6"))
TRACES = int(os.environ.get("FLOOR_TRACES", "4"))
POINTS = int(os.environ.get("FLOOR_POINTS", "121"))
MOVING = int(os.environ.get("FLOOR_MOVING", "1"))  # how many charts the slider moves
SHELL = int(os.environ.get("FLOOR_SHELL", "0"))  # pages of the real app's shell (0: none)


@st.cache_data
def constant_data(traces: int, points: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.cumsum(rng.normal(size=(traces, points)), axis=1)


def build_figures(shift: float, moving: int = MOVING, shell: int = SHELL) -> list[go.Figure]:
    """The figures for one slider value. Cached (the default), what is left per rerun is the
    framework's own work (serialise, send, draw): the floor any app with these charts pays.
    ``shell`` changes nothing drawn; it keeps each variant's cache entries apart (the benchmark
    runs the variants in one process, where a variant would otherwise find another's figures
    already built)."""
    data = constant_data(TRACES, POINTS)
    x = np.arange(POINTS)
    out = []
    for i in range(FIGURES):
        fig = go.Figure()
        for j in range(TRACES):
            y = data[j] + (shift if i < moving else 0.0)
            fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=f"series {j}"))
        fig.update_layout(title=f"Chart {i + 1}", height=320, margin=dict(l=40, r=10, t=40, b=30))
        out.append(fig)
    return out


cached_figures = st.cache_resource(max_entries=64)(build_figures)


def floor_page() -> None:
    st.title("Floor")
    shift = st.slider("Shift", min_value=0.0, max_value=1.0, value=0.5, step=0.01, key="shift")
    figures = (cached_figures if CACHE else build_figures)(shift, MOVING, SHELL)
    for i, fig in enumerate(figures):
        st.plotly_chart(fig, key=f"chart_{i}")
        if SHELL:
            st.caption(f"Chart {i + 1}: a one-line caption of about the length of the app's.")


if not SHELL:
    floor_page()
else:
    with st.sidebar:
        st.segmented_control("Language", ["en", "es"], key="lang", default="en", required=True)
        st.info("A notice of about the length of the app's, at the top of the sidebar.")
    other = [st.Page(lambda: st.write("Another page"), title=f"Page {i + 2}", url_path=f"page{i + 2}")
             for i in range(SHELL - 1)]
    st.navigation([st.Page(floor_page, title="Floor", url_path="floor", default=True), *other],
                  position="top").run()
