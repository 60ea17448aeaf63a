"""Opens a page in Chromium through Playwright, recording console errors and every request. Which Chromium:
see chromium.py (`make test` finds or installs one first and passes it as $CHROMIUM)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from chromium import WHAT_TO_INSTALL, find_chromium
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@functools.cache
def chromium() -> str:
    """The Chromium to drive; a browser test fails (never skips) without one."""
    import pytest

    found = find_chromium(install=False)
    if not found:
        pytest.fail(WHAT_TO_INSTALL)
    return found


@dataclass
class PageVisit:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(path: Path, check, viewport=(1200, 900), screenshot: Path | None = None) -> PageVisit:
    """Loads `path`, waits until every chart is drawn, then calls check(page); off-machine requests are
    aborted and recorded."""
    from playwright.sync_api import sync_playwright

    visit = PageVisit()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: visit.errors.append(str(e)))
            page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))

            def route(r):
                visit.requests.append(r.request.url)
                if r.request.url.startswith(LOCAL_SCHEMES):
                    r.continue_()
                else:
                    r.abort()

            page.route("**/*", route)
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_function(
                "[...document.querySelectorAll('div.vega-chart')].every(d => d.querySelector('svg, canvas'))",
                timeout=20000)
            check(page)
            if screenshot:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return visit
