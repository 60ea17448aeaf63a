"""A PDF's text and fonts read with pypdf (a Python dependency), so the tests need no poppler."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """Every page's text, whitespace collapsed to single spaces. Typst's fonts map the hyphen glyph to U+00AD:
    one before a line break is a word hyphenated at the line's end, joined again; any other is a hyphen. An
    underscore before a line break is an id broken after it (typst-styles.typ), joined again too."""
    reader = PdfReader(path)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = re.sub("_\n", "_", text)
    return " ".join(re.sub("\u00ad\n", "", text).replace("\u00ad", "-").split())


def pdf_fonts(path: Path) -> set[str]:
    """The base names of the fonts the pages use, subset prefixes ("ABCDEF+") removed."""
    names = set()
    for page in PdfReader(path).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            name = str(font.get_object().get("/BaseFont", ""))
            names.add(name.lstrip("/").split("+", 1)[-1])
    return names
