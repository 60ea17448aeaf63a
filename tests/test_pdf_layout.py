"""The PDF's page breaks, as report/assets/typst-styles.typ sets them: short tables whole, long tables started
where there is room and headed on every page, ids broken after underscores, charts never leaving a page
mostly blank except before a new section. The rules are checked on small Typst documents that set each case
up, and on the rendered fixture report."""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader
from pdf_structure import page_fill, section_pages, structure
from report_fixture import ROOT, render, rendered_fixture

STYLES = (ROOT / "report/assets/typst-styles.typ").read_text(encoding="utf-8")
MARGIN_PT = 2 / 2.54 * 72  # report/_quarto.yml: margin 2cm
# A page that is less full than this, and not the last, must be followed by a page where a section begins.
# "Mostly blank" is more than half blank; the margin above a half allows for a chart that floats to the next
# page, which Typst cannot shrink past newsfigures-chart-shrink without making it unreadable.
MOSTLY_BLANK = 0.6


def compile_with_styles(tmp_path: Path, body: str) -> list[str]:
    """The text of each page of `body` set on A4 with the report's margins and styles."""
    source = tmp_path / "doc.typ"
    source.write_text('#set page(paper: "a4", margin: 2cm)\n#set text(size: 10pt)\n' + STYLES + "\n" + body,
                      encoding="utf-8")
    pdf, warnings = typst.compile_with_warnings(str(source))
    assert [w.message for w in warnings if "converge" in w.message] == []
    (tmp_path / "doc.pdf").write_bytes(pdf)
    return [page.extract_text() for page in PdfReader(tmp_path / "doc.pdf").pages]


def table(rows: int, label: str, columns: int = 2, cell: str = "cell") -> str:
    cells = ", ".join(f"[{label} row {n}]" + f", [{cell}]" * (columns - 1) for n in range(1, rows + 1))
    header = ", ".join(f"[Head {c}]" for c in range(1, columns + 1))
    return f"#table(columns: (1fr,) * {columns}, table.header({header}), {cells})\n"


def filler(lines: int) -> str:
    """Paragraphs of one line each: `lines` of them fill that many lines of a page."""
    return "\n\n".join(f"Line {n} of the text before." for n in range(lines)) + "\n\n"


def page_of(pages: list[str], text: str) -> list[int]:
    return [n for n, page in enumerate(pages, start=1) if text in page]


def test_a_short_table_near_the_foot_of_a_page_moves_whole_to_the_next(tmp_path):
    pages = compile_with_styles(tmp_path, filler(35) + table(5, "Short"))
    assert {n for row in range(1, 6) for n in page_of(pages, f"Short row {row}")} == {2}


def test_a_table_of_eight_rows_taking_less_than_half_a_page_stays_whole(tmp_path):
    # Rows 26pt tall: the table takes more than a third of a page, less than half.
    pages = compile_with_styles(tmp_path, filler(25) + table(8, "Eight", cell="#block(height: 26pt)[tall]"))
    assert {n for row in range(1, 9) for n in page_of(pages, f"Eight row {row}")} == {2}


def test_a_long_table_starts_with_its_heading_on_a_new_page_when_little_is_left(tmp_path):
    pages = compile_with_styles(tmp_path, filler(35) + "== The long table\n" + table(60, "Long"))
    assert page_of(pages, "The long table") == [2]
    assert page_of(pages, "Long row 1") == [2]


def test_a_long_table_runs_over_pages_with_its_header_on_each(tmp_path):
    pages = compile_with_styles(tmp_path, filler(5) + table(90, "Long"))
    spanned = sorted({n for row in range(1, 91) for n in page_of(pages, f"Long row {row} ")} |
                     set(page_of(pages, "Long row 90")))
    assert len(spanned) >= 2
    assert all("Head 1" in pages[n - 1] and "Head 2" in pages[n - 1] for n in spanned)
    assert page_of(pages, "Long row 1") == [1]  # room enough on the first page: it starts there


def test_an_id_in_a_narrow_column_breaks_after_an_underscore(tmp_path):
    body = "#table(columns: (2cm, 1fr), table.header([Claim], [Meaning]), [armed_forces_day_killed], [about 160])"
    pages = compile_with_styles(tmp_path, body)
    lines = [line.strip() for line in pages[0].splitlines()]
    assert "armed_forces_day_killed" not in lines
    broken = [line for line in lines if line.startswith("armed_") and line.endswith("_")]
    assert broken, lines


def test_charts_that_do_not_fit_float_to_the_next_page_and_the_text_fills_this_one(tmp_path):
    chart = ('#figure(kind: image, supplement: none, numbering: none, [#rect(width: 85%, height: 9cm)\n\n'
             "Chart {n} described.])\n")
    body = filler(30) + chart.format(n=1) + "Text after chart one.\n\n" + filler(3)
    pages = compile_with_styles(tmp_path, body)
    assert page_of(pages, "Text after chart one.") == [1]  # the text moved up into the room the chart left
    assert page_of(pages, "Chart 1 described.") == [2]


def test_a_chart_stays_in_its_section(tmp_path):
    chart = '#figure(kind: image, supplement: none, numbering: none, [#rect(width: 85%, height: 9cm)\n\nChart one.])\n'
    pages = compile_with_styles(tmp_path, filler(30) + chart + "== Next section\n\n" + filler(3))
    assert page_of(pages, "Chart one.") == [2]
    assert page_of(pages, "Next section") == [2]
    assert pages[1].index("Chart one.") < pages[1].index("Next section")


@pytest.mark.slow
def test_the_fixture_reports_short_tables_are_each_on_one_page():
    pdf = rendered_fixture() / "index.pdf"
    tables = [e for e in structure(pdf) if e.role == "Table"]
    assert tables
    short = [t for t in tables
             if sum(1 for body in t.children if body.role == "TBody" for row in body.children if row.role == "TR") <= 5]
    assert short, "the fixture has a short table (the toll)"
    assert [sorted(t.pages) for t in short if len(t.pages) != 1] == []


@pytest.mark.slow
def test_no_page_of_the_fixture_report_is_mostly_blank_except_before_a_section():
    pdf = rendered_fixture() / "index.pdf"
    fills = page_fill(pdf, MARGIN_PT)
    sections = section_pages(pdf)
    blank = [(n, round(fill, 2)) for n, fill in enumerate(fills[:-1], start=1)
             if fill < MOSTLY_BLANK and n + 1 not in sections]
    assert blank == []


@functools.cache
def rendered_project() -> Path:
    """This project's own report, rendered from its committed data and charts in a temporary copy (the real
    charts and tables, which the fixture's are not), once per session; returns the PDF."""
    folder = Path(tempfile.mkdtemp(prefix="newsfigures-pdf-")) / "project"
    for name in ("story.yaml", "editions.yaml", "pyproject.toml", "data", "report/_quarto.yml", "report/index.qmd",
                 "report/assets", "report/figures"):
        source, target = ROOT / name, folder / name
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return render(folder) / "index.pdf"


@pytest.mark.slow
def test_no_page_of_the_report_is_mostly_blank_except_before_a_section():
    pdf = rendered_project()
    fills = page_fill(pdf, MARGIN_PT)
    sections = section_pages(pdf)
    blank = [(n, round(fill, 2)) for n, fill in enumerate(fills[:-1], start=1)
             if fill < MOSTLY_BLANK and n + 1 not in sections]
    assert blank == []


@pytest.mark.slow
def test_the_reports_short_tables_are_each_on_one_page_and_its_charts_have_alt_text():
    elements = structure(rendered_project())
    short = [t for t in elements if t.role == "Table" and sum(
        1 for body in t.children if body.role == "TBody" for row in body.children if row.role == "TR") <= 5]
    assert short and [sorted(t.pages) for t in short if len(t.pages) != 1] == []
    charts = json.loads((ROOT / "report/figures/index.json").read_text(encoding="utf-8"))
    figures = [e for e in elements if e.role == "Figure"]
    assert len(figures) >= len(charts) and all((f.alt or "").strip() for f in figures)


def test_a_tables_heading_and_lead_in_move_with_it_to_the_next_page(tmp_path):
    """report/assets/typst-flow.lua: the paragraph between a heading and a table sticks to the
    table, so a short table that moves whole to the next page takes its heading and lead-in along."""
    import subprocess

    import pypandoc

    rows = "\n".join(f"| Kept row {n} | {'a long cell ' * 30} |" for n in range(1, 5))
    markdown = ("\n\n".join(f"Line {n} of the text before." for n in range(30)) +
                "\n\n### The checks\n\nThe lead-in says what the table holds.\n\n"
                "| Row | Text |\n|---|---|\n" + rows + "\n")
    body = subprocess.run([pypandoc.get_pandoc_path(), "--from=markdown", "--to=typst",
                           f"--lua-filter={ROOT / 'report/assets/typst-flow.lua'}"],
                          input=markdown.encode(), capture_output=True, check=True).stdout.decode()
    assert "#block(sticky: true)[" in body
    pages = compile_with_styles(tmp_path, body)
    assert page_of(pages, "Kept row 1") == [2]
    assert page_of(pages, "The lead-in says") == [2]
    assert page_of(pages, "The checks") == [2]
