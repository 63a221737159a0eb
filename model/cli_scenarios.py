"""Scenario sub-commands of ``python -m model`` (validate, compare) and scenario-file loading.

Contract used by model/cli.py (owned by the CLI work):
* ``register(subparsers)`` adds the ``validate`` and ``compare`` sub-commands;
* ``load_values(path) -> dict`` reads a scenario file and returns its resolved parameter values,
  raising ``ParamError`` (field, value, allowed) on any problem.

This stub is replaced by the scenarios work.
"""
from __future__ import annotations

from .params import ParamError


def register(subparsers) -> None:  # pragma: no cover - replaced by the scenarios work
    pass


def load_values(path: str) -> dict:
    raise ParamError("scenario_file", path, "scenario files arrive with the scenarios issue; use --set")
