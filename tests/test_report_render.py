"""Rendering the report: hostile text in the data comes out literally, renders are reproducible, and the HTML
page's landmarks hold all of its content, its tables in named regions (table-regions.lua)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from browser import open_page
from pdf_text import pdf_text
from report_fixture import HOSTILE, make_project, render, rendered_fixture


def hostile_project(folder):
    """The fixture project with HOSTILE text appended to the article, quoted by a claim, and in notes."""
    project = make_project(folder)
    article_path = project / "data/raw/article.txt"
    article = article_path.read_text(encoding="utf-8") + "\n\nHostile: " + HOSTILE + "\n"
    article_path.write_text(article, encoding="utf-8")
    start = article.index(HOSTILE)
    for name, edit in (("claims", lambda r: r.update(quote=HOSTILE, start=str(start), end=str(start + len(HOSTILE)),
                                                     note=HOSTILE) if r["claim_id"] == "protester_age" else None),
                       ("source_check", lambda r: r.update(note=HOSTILE))):
        path = project / f"data/processed/{name}.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            edit(row)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return project


@pytest.mark.slow
def test_hostile_text_appears_literally_and_runs_nothing(tmp_path):
    output = render(hostile_project(tmp_path / "project"))

    flat = pdf_text(output / "index.pdf")
    for piece in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '#read("/etc/passwd")',
                  "*_[]#$\\", "{{< var count.claims >}}", "<!-- c -->", "&amp;"]:
        assert piece in flat, piece
    assert "root:x:" not in flat  # #read was not run

    def check(page):
        text = page.evaluate("document.body.innerText")
        assert " ".join(text.split()).count(" ".join(HOSTILE.split())) >= 3  # the article, the claim note, the check note
        assert page.locator("img[src=x]").count() == 0
        assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('alert(1)')).length") == 0
        marked = page.locator("a[href='#claim-protester_age'] mark").first.inner_text()
        assert " ".join(marked.split()) == " ".join(HOSTILE.split())

    visit = open_page(output / "index.html", check)
    assert visit.dialogs == [] and visit.errors == []


@pytest.mark.slow
def test_two_renders_in_different_folders_are_byte_identical(tmp_path):
    first = render(make_project(tmp_path / "one"))
    second = render(make_project(tmp_path / "elsewhere" / "two"))
    for name in ["index.html", "index.pdf"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert str(tmp_path).encode() not in (first / "index.html").read_bytes()


def _pandoc(markdown: str, to: str, filters: list[Path]) -> str:
    import subprocess

    import pypandoc

    args = [pypandoc.get_pandoc_path(), "--from=markdown", f"--to={to}", "--section-divs",
            *(f"--lua-filter={f}" for f in filters)]
    return subprocess.run(args, input=markdown, capture_output=True, text=True, check=True).stdout


TABLE_REGIONS = Path(__file__).resolve().parents[1] / "report/assets/table-regions.lua"
TABLES = """| a | b |
|---|---|
| 1 | 2 |

: Before any heading, captioned

## The toll

| a | b |
|---|---|
| 1 | 2 |

::: {.note}
| a | b |
|---|---|
| 1 | 2 |
:::

## Checksums

| a | b |
|---|---|
| 1 | 2 |

: Input checksums
"""


def test_table_regions_filter_names_each_table_after_its_caption_or_heading():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_pandoc(TABLES, "html5", [TABLE_REGIONS]), "html.parser")
    regions = soup.select("div.table-region")
    assert [r.get("aria-label") for r in regions] == [
        "Before any heading, captioned", "The toll", "The toll (table 2)", "Input checksums"]
    assert all(r.get("role") == "region" and r.get("tabindex") == "0" and r.find("table") for r in regions)
    assert len(soup.find_all("table")) == len(regions)


def test_table_regions_filter_changes_nothing_outside_html():
    assert _pandoc(TABLES, "typst", [TABLE_REGIONS]) == _pandoc(TABLES, "typst", [])


@pytest.mark.slow
def test_rendered_report_puts_all_content_in_one_main_landmark():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((rendered_fixture() / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("main, [role=main]")) == 1
    # Nothing shown outside it: the body holds the main landmark and scripts only.
    shown = [child for child in soup.body.find_all(recursive=False) if child.name not in ("script", "style")]
    assert [child.name for child in shown] == ["main"]
    main = shown[0]
    assert main.select("header#title-block-header h1") and main.select("nav#TOC li a[href^='#']")
    assert main.select("section > h2")  # section-divs, as in Quarto's Bootstrap pages
    labels = [table.parent.get("aria-label") for table in soup.find_all("table")]
    assert labels and all(labels) and len(set(labels)) == len(labels), labels
    assert all("table-region" in table.parent.get("class", []) for table in soup.find_all("table"))


def test_project_filters_are_lua_files_of_the_project(tmp_path):
    from newsfigures.errors import NewsfiguresError
    from newsfigures.report.html import pandoc_args, project_filters

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/a.lua").write_text("", encoding="utf-8")
    assert project_filters({}, tmp_path) == []
    assert project_filters({"filters": ["assets/a.lua"]}, tmp_path) == ["assets/a.lua"]
    for filters, message in ((["quarto", "assets/a.lua"], "'quarto' is not a .lua file path"),
                             ([{"path": "assets/a.lua", "at": "post-render"}], "is not a .lua file path"),
                             (["assets/missing.lua"], "assets/missing.lua does not exist"),
                             ("assets/a.lua", "must be a list")):
        with pytest.raises(NewsfiguresError, match="report/_quarto.yml: field filters: ") as raised:
            project_filters({"filters": filters}, tmp_path)
        assert message in str(raised.value)
    args = pandoc_args({"section-divs": True}, "en", tmp_path, tmp_path, ["assets/a.lua"])
    assert "--section-divs" in args
    assert args.index("--lua-filter=assets/a.lua") < args.index("--lua-filter=assets/content-visible.lua")
    with pytest.raises(NewsfiguresError, match="format html: option\\(s\\) theme not supported"):
        pandoc_args({"theme": "cosmo"}, "en", tmp_path, tmp_path)
