"""The PDF from the expanded Markdown, as Quarto's typst format would make it: pandoc writes Typst
markup, the typst package compiles it with the report's font and the build's SOURCE_DATE_EPOCH as its
timestamp (newsfigures.project.source_date), so that the same sources give the same bytes."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import yaml

from newsfigures.project.atomic import write_bytes
from newsfigures.errors import NewsfiguresError
from newsfigures.report.html import CONTENT_VISIBLE_FILTER

# _quarto.yml keys of the typst format: pandoc template variables, pandoc options, or Typst's own.
_VARIABLES = {"papersize", "mainfont", "fontsize", "margin", "section-numbering"}
_KNOWN = _VARIABLES | {"toc", "toc-depth", "toc-title", "shift-heading-level-by", "include-in-header",
                       "include-before-body", "font-paths"}
# A fixed name, inside the project so that Typst finds the figures by their relative paths.
_TYPST_SOURCE = ".index-render.typ"


def pandoc_args(options: dict, lang: str, metadata_file: Path) -> list[str]:
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise NewsfiguresError(f"report/_quarto.yml: format typst: option(s) {', '.join(unknown)} not supported "
                               "when rendering without Quarto")
    args = ["--from=markdown", "--to=typst", "--standalone", f"--lua-filter={CONTENT_VISIBLE_FILTER}",
            f"--metadata-file={metadata_file}", f"--metadata=lang:{lang}"]
    if options.get("toc"):
        args += ["--toc", f"--toc-depth={options.get('toc-depth', 3)}"]
    if options.get("toc-title"):
        args.append(f"--metadata=toc-title:{options['toc-title']}")
    if "shift-heading-level-by" in options:
        args.append(f"--shift-heading-level-by={int(options['shift-heading-level-by'])}")
    for key in ("include-in-header", "include-before-body"):
        files = options.get(key, [])
        args += [f"--{key}={f}" for f in (files if isinstance(files, list) else [files])]
    return args


def render_pdf(project: Path, markdown: str, options: dict, lang: str, output: Path, timestamp: int) -> None:
    import pypandoc
    import typst

    with tempfile.TemporaryDirectory() as tmp:
        metadata_file = Path(tmp) / "typst-options.yaml"
        metadata_file.write_text(yaml.safe_dump({k: v for k, v in options.items() if k in _VARIABLES}),
                                 encoding="utf-8")
        result = subprocess.run([pypandoc.get_pandoc_path(), *pandoc_args(options, lang, metadata_file)],
                                cwd=project, input=markdown.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0:
        raise NewsfiguresError(f"report/index.qmd: pandoc (typst) failed: {result.stderr.decode(errors='replace')}")
    source = project / _TYPST_SOURCE
    source.write_bytes(result.stdout)
    try:
        pdf = typst.compile(str(source), root=str(project), ignore_system_fonts=True,
                            font_paths=[str(project / p) for p in options.get("font-paths", [])],
                            timestamp=timestamp)
    except Exception as exc:  # typst.TypstError carries the compiler's diagnostics
        raise NewsfiguresError(f"report/index.qmd: typst failed: {exc}") from exc
    finally:
        source.unlink(missing_ok=True)
    write_bytes(output, pdf)
