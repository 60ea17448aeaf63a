"""The PDF from the expanded Markdown, as Quarto's typst format would make it: pandoc writes Typst
markup, the typst package compiles it with the report's font and the build's SOURCE_DATE_EPOCH as its
timestamp (newsfigures.project.source_date), so that the same sources give the same bytes, and to the PDF
standards the format asks for (`pdf-standard`, as Quarto passes it to `typst compile --pdf-standard`)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from newsfigures.project.atomic import write_bytes
from newsfigures.errors import NewsfiguresError
from newsfigures.report.html import CONTENT_VISIBLE_FILTER

CONFIG = "report/_quarto.yml"
# _quarto.yml keys of the typst format: pandoc template variables, pandoc options, or Typst's own; and
# published-url, read by the PDF's own filter (report/assets/pdf-links.lua) as Quarto gives it a format's
# unknown keys: as metadata.
_VARIABLES = {"papersize", "mainfont", "fontsize", "margin", "section-numbering"}
_METADATA = {"published-url"}
_KNOWN = _VARIABLES | _METADATA | {"toc", "toc-depth", "toc-title", "shift-heading-level-by",
                                   "include-in-header", "include-before-body", "font-paths", "filters",
                                   "pdf-standard"}
# The standards Typst (and so Quarto's typst format) can write, as Quarto 1.10 lists them.
TYPST_STANDARDS = ("1.4", "1.5", "1.6", "1.7", "2.0", "a-1b", "a-1a", "a-2b", "a-2u", "a-2a", "a-3b", "a-3u",
                   "a-3a", "a-4", "a-4f", "a-4e", "ua-1")
# A fixed name, inside the project so that Typst finds the figures by their relative paths.
_TYPST_SOURCE = ".index-render.typ"


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def pdf_standards(options: dict) -> list[str]:
    """The format's `pdf-standard` (one value or a list), normalised as Quarto does: YAML's number 2 is
    "2.0", case and a "pdf" prefix are ignored ("PDF/UA-1" is "ua-1"). Quarto drops an unknown standard with a
    warning; here it stops the build, since a PDF that silently misses its standard is the worse fault."""
    standards = []
    for value in _as_list(options.get("pdf-standard")):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise NewsfiguresError(f"{CONFIG}: format typst, field pdf-standard: {value!r} is not a standard")
        text = f"{value}.0" if isinstance(value, int) else str(value)
        name = re.sub(r"^pdf[/-]?", "", text.strip().lower())
        if name not in TYPST_STANDARDS:
            raise NewsfiguresError(f"{CONFIG}: format typst, field pdf-standard: {value!r} is not one Typst can "
                                   f"write ({', '.join(TYPST_STANDARDS)})")
        if name not in standards:
            standards.append(name)
    return standards


def published_url(options: dict) -> str:
    """The address where the report's HTML page is served with notebooks/ and data/ beside it, ending in a
    slash; "" when not given."""
    value = options.get("published-url")
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s/?#]+[^\s?#]*", value.strip()):
        raise NewsfiguresError(f"{CONFIG}: format typst, field published-url: {value!r} is not an http(s) "
                               "address such as https://example.org/report/")
    value = value.strip()
    return value if value.endswith("/") else value + "/"


def pandoc_args(options: dict, lang: str, metadata_file: Path, filters: Sequence[str] = ()) -> list[str]:
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise NewsfiguresError(f"{CONFIG}: format typst: option(s) {', '.join(unknown)} not supported "
                               "when rendering without Quarto")
    # The project's filters (_quarto.yml's top-level `filters:`) and the format's own run first, as Quarto runs
    # a project's filters before its own; content-visible.lua stands in for Quarto's own.
    own = [*filters, *_as_list(options.get("filters"))]
    args = ["--from=markdown", "--to=typst", "--standalone", *(f"--lua-filter={f}" for f in own),
            f"--lua-filter={CONTENT_VISIBLE_FILTER}", f"--metadata-file={metadata_file}", f"--metadata=lang:{lang}"]
    if options.get("toc"):
        args += ["--toc", f"--toc-depth={options.get('toc-depth', 3)}"]
    if options.get("toc-title"):
        args.append(f"--metadata=toc-title:{options['toc-title']}")
    if "shift-heading-level-by" in options:
        args.append(f"--shift-heading-level-by={int(options['shift-heading-level-by'])}")
    for key in ("include-in-header", "include-before-body"):
        args += [f"--{key}={f}" for f in _as_list(options.get(key))]
    return args


def metadata(options: dict) -> dict:
    """What pandoc is given as metadata: the template's variables, and the PDF filter's address."""
    values = {k: v for k, v in options.items() if k in _VARIABLES}
    if "published-url" in options:
        values["published-url"] = published_url(options)
    return values


def render_pdf(project: Path, markdown: str, options: dict, lang: str, output: Path, timestamp: int,
               filters: Sequence[str] = ()) -> None:
    import pypandoc
    import typst

    standards = pdf_standards(options)  # checked before pandoc runs, as the address is by metadata()
    with tempfile.TemporaryDirectory() as tmp:
        metadata_file = Path(tmp) / "typst-options.yaml"
        metadata_file.write_text(yaml.safe_dump(metadata(options)), encoding="utf-8")
        result = subprocess.run([pypandoc.get_pandoc_path(), *pandoc_args(options, lang, metadata_file, filters)],
                                cwd=project, input=markdown.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0:
        raise NewsfiguresError(f"report/index.qmd: pandoc (typst) failed: {result.stderr.decode(errors='replace')}")
    source = project / _TYPST_SOURCE
    source.write_bytes(result.stdout)
    try:
        pdf, warnings = typst.compile_with_warnings(
            str(source), root=str(project), ignore_system_fonts=True,
            font_paths=[str(project / p) for p in options.get("font-paths", [])],
            timestamp=timestamp, pdf_standards=standards)
    except Exception as exc:  # typst.TypstError carries the compiler's diagnostics
        # Typst names the standard in its message ("PDF/UA-1 error: missing alt text"); where it was asked for:
        wanted = f" ({CONFIG}: format typst, pdf-standard {', '.join(standards)})" if "PDF/" in str(exc) else ""
        raise NewsfiguresError(f"report/index.qmd: typst failed: {exc}{wanted}") from exc
    finally:
        source.unlink(missing_ok=True)
    # The page-break rules of typst-styles.typ read positions; a layout that did not settle may place a table
    # or a chart where no rule would, so it is an error, not a warning.
    unsettled = [w.message for w in warnings if "converge" in w.message]
    if unsettled:
        raise NewsfiguresError(f"report/index.qmd: typst: {unsettled[0]} (see report/assets/typst-styles.typ)")
    write_bytes(output, pdf)
