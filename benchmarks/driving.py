"""How the benchmarks drive the app as a user does, without importing its UI modules: the
sidebar shows one section of controls at a time, so a parameter's control is reached by switching
that section (in AppTest through the switch's widget, in the browser by clicking it).

The switch's key and the order of its options (ui/widgets.py: SECTION_KEY, KIND_ORDER) are
written out here; tests/test_architecture.py checks they still match the app's.
"""
from __future__ import annotations

import model
from tests.browser.helpers import key_container, run_count, wait_for_rerun

SECTION_KEY = "controls_section"
KIND_ORDER = ("lever", "assumption", "context")


def show_section(at, key: str) -> None:
    """The real app's sidebar shows one section of controls at a time: switch it to the one
    holding parameter ``key`` (nothing to do for the floor)."""
    p = model.BY_NAME.get(key)
    if p is not None and SECTION_KEY in at.session_state:
        at.session_state[SECTION_KEY] = p.kind
        at.run()


def show_control(page, name: str, timeout: float = 30_000) -> None:
    """In the browser: click the sidebar's section switch (by position, whatever the language)
    until parameter ``name``'s control is on the page (nothing to do for the floor)."""
    p = model.BY_NAME.get(name)
    if key_container(page, name).count() or p is None or not key_container(page, SECTION_KEY).count():
        return
    n = run_count(page)
    # the radio input itself is visually hidden: click the label holding it
    key_container(page, SECTION_KEY).locator("label:has(input[type=radio])").nth(KIND_ORDER.index(p.kind)).click()
    wait_for_rerun(page, n, timeout=timeout)
    key_container(page, name).wait_for(state="visible", timeout=timeout)
