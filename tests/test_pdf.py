"""The PDF: A4, the article's key figures and the verdicts in searchable text, in the report's font."""

from __future__ import annotations


import pytest
from pypdf import PdfReader
from pdf_text import pdf_fonts, pdf_text
from report_fixture import rendered_fixture

A4_POINTS = (595.28, 841.89)


@pytest.mark.slow
def test_pdf_is_a4_searchable_and_holds_the_figures_and_verdicts():
    pdf = rendered_fixture() / "index.pdf"
    reader = PdfReader(pdf)
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - A4_POINTS[0]) < 1
        assert abs(float(page.mediabox.height) - A4_POINTS[1]) < 1
    text = pdf_text(pdf)
    for figure in ["1,500", "8,800", "300,000", "8,000", "160"]:
        assert figure in text, figure
    for verdict in ["consistent", "outdated", "misattributed", "unverified", "not checked"]:
        assert verdict in text, verdict
    assert "over 1,500 [outdated]" in text  # the annotated article: the figure and its verdict in context
    assert "SourceSansPro-Regular" in pdf_fonts(pdf)
