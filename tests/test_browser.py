"""The HTML page in Chromium: every chart drawn, no console error, nothing requested off the machine,
readable on a phone."""

from __future__ import annotations

import pytest
from browser import LOCAL_SCHEMES, open_page
from report_fixture import rendered_fixture


@pytest.mark.slow
def test_page_draws_every_chart_offline_without_errors():
    page_path = rendered_fixture() / "index.html"
    seen = {}

    def check(page):
        seen["charts"] = page.locator("div.vega-chart").count()
        seen["drawn"] = page.locator("div.vega-chart svg, div.vega-chart canvas").count()
        seen["csp"] = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        seen["font"] = page.evaluate("document.fonts.check('16px \"Source Sans Pro\"')")
        page.locator("a[href='#claim-killed_total']").first.click()
        seen["target"] = page.evaluate("location.hash")

    visit = open_page(page_path, check)
    assert seen["charts"] == 7 and seen["drawn"] >= 7
    assert "default-src 'none'" in seen["csp"]
    assert seen["font"] is True
    assert seen["target"] == "#claim-killed_total"
    assert visit.errors == []
    assert [url for url in visit.requests if not url.startswith(LOCAL_SCHEMES)] == []


@pytest.mark.slow
def test_tooltips_show_on_hover():
    def check(page):
        # The mouse goes to the middle of the toll chart's first mark (a bar, in the fixture and the real chart).
        mark = page.locator("#chart-toll div.vega-chart g.role-mark path[role='graphics-symbol']").first
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)

    assert open_page(rendered_fixture() / "index.html", check).errors == []


@pytest.mark.slow
def test_page_fits_a_phone_screen():
    widths = {}

    def check(page):
        widths["page"] = page.evaluate("document.documentElement.scrollWidth")
        widths["viewport"] = page.evaluate("window.innerWidth")

    visit = open_page(rendered_fixture() / "index.html", check, viewport=(390, 844))
    assert widths["page"] <= widths["viewport"]
    assert visit.errors == []
