"""The framework's floor: a bare Streamlit app with one slider drawing N Plotly figures from
constant data. No model, no state, no translation: what any Streamlit app with this many charts
costs per rerun. ``benchmarks/bench_app.py`` compares the real app against it.

Shape (set by the benchmark through the environment, so the floor matches the real page):
``FLOOR_FIGURES`` charts, each with ``FLOOR_TRACES`` line traces of ``FLOOR_POINTS`` points.
The slider shifts the first chart's data by its value, so a move visibly changes a chart the
same way a lever does in the real app (and the browser benchmark can see the update).
"""
import os

import numpy as np
import plotly.graph_objects as go
import streamlit as st

FIGURES = int(os.environ.get("FLOOR_FIGURES", "6"))
TRACES = int(os.environ.get("FLOOR_TRACES", "4"))
POINTS = int(os.environ.get("FLOOR_POINTS", "121"))


@st.cache_data
def constant_data(traces: int, points: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.cumsum(rng.normal(size=(traces, points)), axis=1)


st.title("Floor")
shift = st.slider("Shift", min_value=0.0, max_value=1.0, value=0.5, step=0.01, key="shift")
data = constant_data(TRACES, POINTS)
x = np.arange(POINTS)
for i in range(FIGURES):
    fig = go.Figure()
    for j in range(TRACES):
        y = data[j] + (shift if i == 0 else 0.0)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=f"series {j}"))
    fig.update_layout(title=f"Chart {i + 1}", height=320, margin=dict(l=40, r=10, t=40, b=30))
    st.plotly_chart(fig, key=f"chart_{i}")
