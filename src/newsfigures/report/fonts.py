"""The report's one font, Source Sans Pro, from the font-source-sans-pro package: copied beside the
sources for Typst (font-paths) and written as data: URIs for the HTML page, which must load nothing."""

from __future__ import annotations

import base64
from pathlib import Path

FAMILY = "Source Sans Pro"
# (file, CSS weight, CSS style): the faces the report uses (body, emphasis, headings, table heads).
FACES = [
    ("SourceSansPro-Regular.ttf", 400, "normal"),
    ("SourceSansPro-It.ttf", 400, "italic"),
    ("SourceSansPro-Semibold.ttf", 600, "normal"),
    ("SourceSansPro-Bold.ttf", 700, "normal"),
    ("SourceSansPro-BoldIt.ttf", 700, "italic"),
]


def font_files() -> list[Path]:
    import font_source_sans_pro

    folder = Path(font_source_sans_pro.__file__).parent / "files"
    return [folder / name for name, _, _ in FACES]


def font_css() -> str:
    rules = []
    for path, (_, weight, style) in zip(font_files(), FACES):
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: {style}; '
                     f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}')
    return "\n".join(rules) + "\n"
