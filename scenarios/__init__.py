"""Scenario files and what is built on them, on top of the math in ``model/``.

``files``    the scenario file format (TOML, pydantic schema, migration) and the presets
``library``  the saved-scenario library (a folder of TOML files)
``share``    share links (scenario <-> URL query)
``compare``  comparison of scenarios and attribution of their differences

This package imports ``model``; ``model`` never imports it. Preset files live in ``presets/``;
``schema.json`` is the published JSON Schema of the file format.
"""
