"""Rendering the report: hostile text in the data comes out literally, and renders are reproducible."""

from __future__ import annotations

import csv
import io

import pytest
from browser import open_page
from pdf_text import pdf_text
from report_fixture import HOSTILE, make_project, render


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
