"""The command line, on top of the model and the scenario files.

``main``               ``python -m cli ...`` (also ``python -m model ...``): params, run,
                       sensitivity, breakeven; parses arguments, calls the model, prints
``scenario_commands``  the validate, compare, library and share sub-commands
``docs``               ``python -m cli.docs [--check]`` regenerates the tables in docs/MODEL.md

Imports ``model`` and ``scenarios``; nothing in them imports it.
"""
