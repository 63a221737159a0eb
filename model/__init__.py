"""A transparent parametric model of a local 287(g) agreement's enforcement reach and its effect
on community reporting trust, safety, cost and equity. Pure numpy; no UI imports."""
from .outcomes import OUTCOMES
from .params import BY_NAME, REGISTRY, Param, ParamError, coerce, defaults, resolve, uncertain
from .simulate import Results, simulate

MODEL_VERSION = "2.0.0"

__all__ = [
    "BY_NAME", "MODEL_VERSION", "OUTCOMES", "REGISTRY", "Param", "ParamError", "Results",
    "coerce", "defaults", "resolve", "simulate", "uncertain",
]
