"""Placeholder until the app issue lands: shows one model result."""
import streamlit as st

from model import simulate

st.title("287(g) policy trade-off simulator")
r = simulate()
st.metric("Reporting rate, immigrant residents (end)", f"{r['reporting_rate_immigrant_end'].value:.1%}")
