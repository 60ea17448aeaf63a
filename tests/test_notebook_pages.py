"""The executed-notebook pages a reviewer reads first, in Chromium: text, not markup; tables with headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import LOCAL_SCHEMES, open_page

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "report/_output/notebooks"
# An HTML tag shown as text: what a page shows when its sanitiser escaped the markup it should have kept.
MARKUP_AS_TEXT = re.compile(r"</?(?:h[1-6]|p|div|span|table|thead|tbody|tr|th|td|ul|ol|li|pre|code|em|strong|a|"
                            r"style|br|blockquote)\b[^<>]*>", re.IGNORECASE)


def published_pages() -> list[Path]:
    pages = sorted(PUBLISHED.glob("*.html"))
    if not pages:
        pytest.fail(f"no executed-notebook pages in {PUBLISHED.relative_to(ROOT)}: run `make report` first")
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("name", [p.name for p in sorted(PUBLISHED.glob("*.html"))] or ["(none)"])
def test_each_executed_notebook_page_reads_as_text_with_headed_tables(name):
    page_path = PUBLISHED / name
    if not page_path.is_file():
        published_pages()
    seen = {}

    def check(page):
        seen["text"] = page.evaluate("document.body.innerText")
        seen["title"] = page.title()
        seen["h1"] = page.locator("h1").count()
        seen["main"] = page.locator("main").count()
        seen["back"] = page.locator("a[href='../index.html']").count()
        seen["tables"] = page.locator("table").count()
        seen["headless_tables"] = page.evaluate(
            "[...document.querySelectorAll('table')].filter(t => !t.querySelector('thead th')).length")
        seen["csp"] = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")

    visit = open_page(page_path, check)
    shown = MARKUP_AS_TEXT.findall(seen["text"])
    assert not shown, f"{name} shows markup as text: {shown[:5]}"
    assert ".dataframe tbody" not in seen["text"], "pandas' table CSS shown as text"
    assert seen["title"] and seen["h1"] == 1 and seen["main"] == 1 and seen["back"] >= 1
    assert seen["headless_tables"] == 0, f"{name}: {seen['headless_tables']} of {seen['tables']} tables lack headers"
    assert "default-src 'none'" in seen["csp"]
    assert visit.errors == []
    assert [url for url in visit.requests if not url.startswith(LOCAL_SCHEMES)] == []


def test_every_step_has_a_published_page():
    names = {p.stem for p in published_pages()}
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert notebooks <= names
