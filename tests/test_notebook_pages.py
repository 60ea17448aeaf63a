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


@pytest.mark.parametrize("name", [p.name for p in sorted(PUBLISHED.glob("*.html"))] or ["(none)"])
def test_code_and_prompt_colours_pass_wcag_contrast_on_each_page(name):
    """Every colour the page's style sheets give code tokens and prompts, the last declaration winning as in
    the cascade, reaches 4.5:1 on the code background: tokens these notebooks do not use yet included, which
    axe-core (measuring what is drawn) cannot see."""
    from newsfigures.build.legible_colours import MIN_CONTRAST, contrast, custom_properties, parse_colour
    from newsfigures.build.notebook_export import _TEXT_COLOURS, CODE_BACKGROUND

    page_path = PUBLISHED / name
    if not page_path.is_file():
        published_pages()
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page_path.read_text(encoding="utf-8"), re.DOTALL)
    properties = custom_properties(*styles)
    background = parse_colour(f"var({CODE_BACKGROUND})", properties)
    colours = {p: parse_colour(f"var({p})", properties) for p in properties if _TEXT_COLOURS.match(p)}
    assert background and len(colours) > 20
    weak = {p: round(contrast(c, background), 2) for p, c in colours.items()
            if c is not None and contrast(c, background) < MIN_CONTRAST}
    assert weak == {}, f"{name}: below {MIN_CONTRAST}:1 on {CODE_BACKGROUND}: {weak}"
    assert properties["--jp-cell-prompt-not-active-opacity"] == "1"


def test_empty_header_cells_become_data_cells():
    from newsfigures.build.notebook_export import clean_html

    html = ('<table><thead><tr><th></th><th>claim_id</th><th colspan="2" scope="col">&nbsp;</th></tr></thead>'
            '<tbody><tr><th>0</th><td></td></tr></tbody></table>')
    assert clean_html(html) == ('<table><thead><tr><td></td><th>claim_id</th><td colspan="2"></td></tr></thead>'
                                '<tbody><tr><th>0</th><td></td></tr></tbody></table>')
