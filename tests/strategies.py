"""Hypothesis strategies shared by the test modules."""
from hypothesis import strategies as st


def value_strategy(p):
    """Any value the registry accepts for ``p``: its whole declared range."""
    if p.is_bool:
        return st.booleans()
    if p.is_choice:
        return st.sampled_from(p.choices)
    if p.integer:
        return st.integers(int(p.min), int(p.max))
    return st.floats(p.min, p.max, allow_nan=False, allow_infinity=False)
