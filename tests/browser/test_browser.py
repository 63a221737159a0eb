"""Real-browser tests: the app in headless Chromium (Debian's package) through Playwright.

Few and end-to-end, the top layer of the three (model, AppTest wiring, browser). Every test
also fails on any browser console error or uncaught page error (the ``page`` fixture).
"""
from __future__ import annotations

from .helpers import wait_for_app


def test_app_loads_without_console_errors(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "⟦" not in page.locator("body").inner_text()  # no missing catalog key
