"""The HTML page from the expanded Markdown, with pandoc, as Quarto's html format would make it:
one self-contained file (styles, fonts, charts inline) that opens offline.

`embed-resources` is met by writing the style sheets into the page as <style> elements rather than
by pandoc's --embed-resources, which takes seconds to re-encode the fonts and the Vega bundle that are
inline already; the page references no other resource (the charts' SVGs are PDF-only)."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from newsfigures.project.atomic import write_bytes
from newsfigures.errors import NewsfiguresError

CONTENT_VISIBLE_FILTER = Path("assets/content-visible.lua")
# _quarto.yml keys of the html format and how pandoc spells them. `minimal` is Quarto's `theme: none`: no
# theme and no default style sheet, so pandoc's default CSS is left out too (report.css carries what it needs).
_KNOWN = {"minimal", "embed-resources", "toc", "toc-depth", "toc-title", "css", "include-in-header",
          "include-before-body", "include-after-body", "section-divs"}


def project_filters(config: dict, project: Path) -> list[str]:
    """The Lua filters of _quarto.yml's top-level `filters:`, which `quarto render` runs on every format.
    Only paths to .lua files in the project are understood: Quarto's other entries (its `quarto` marker,
    `{path:, at:}` entries, JSON filters) are refused rather than silently skipped, as the two renders would
    then differ."""
    entries = config.get("filters", [])
    if not isinstance(entries, list):
        raise NewsfiguresError("report/_quarto.yml: field filters: must be a list of .lua files")
    for entry in entries:
        if not isinstance(entry, str) or not entry.endswith(".lua"):
            raise NewsfiguresError(f"report/_quarto.yml: field filters: {entry!r} is not a .lua file path, the "
                                   "only kind supported when rendering without Quarto")
        if not (project / entry).is_file():
            raise NewsfiguresError(f"report/_quarto.yml: field filters: {entry} does not exist in report/")
    return list(entries)


def _as_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def pandoc_args(options: dict, lang: str, project: Path, scratch: Path, filters: Sequence[str] = ()) -> list[str]:
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise NewsfiguresError(f"report/_quarto.yml: format html: option(s) {', '.join(unknown)} not supported "
                               "when rendering without Quarto")
    # Quarto runs a project's filters before its own, and content-visible.lua stands in for Quarto's own.
    args = ["--from=markdown", "--to=html5", "--standalone", *(f"--lua-filter={f}" for f in filters),
            f"--lua-filter={CONTENT_VISIBLE_FILTER}", f"--metadata=lang:{lang}"]
    if options.get("section-divs"):
        args.append("--section-divs")
    if options.get("toc"):
        args += ["--toc", f"--toc-depth={options.get('toc-depth', 3)}"]
    if options.get("toc-title"):
        args.append(f"--metadata=toc-title:{options['toc-title']}")
    if options.get("minimal"):
        args.append("--metadata=document-css:false")
    headers = _as_list(options.get("include-in-header", []))
    if options.get("embed-resources"):
        styles = scratch / "styles.html"
        styles.write_text("".join(f"<style>\n{(project / css).read_text(encoding='utf-8')}</style>\n"
                                  for css in _as_list(options.get("css", []))), encoding="utf-8")
        headers.append(str(styles))
    else:
        args += [f"--css={css}" for css in _as_list(options.get("css", []))]
    args += [f"--include-in-header={f}" for f in headers]
    args += [f"--include-before-body={f}" for f in _as_list(options.get("include-before-body", []))]
    args += [f"--include-after-body={f}" for f in _as_list(options.get("include-after-body", []))]
    return args


def render_html(project: Path, markdown: str, options: dict, lang: str, output: Path,
                filters: Sequence[str] = ()) -> None:
    import pypandoc

    with tempfile.TemporaryDirectory() as scratch:
        args = pandoc_args(options, lang, project, Path(scratch), filters)
        result = subprocess.run([pypandoc.get_pandoc_path(), *args], cwd=project,
                                input=markdown.encode("utf-8"), capture_output=True, check=False)
    if result.returncode != 0:
        raise NewsfiguresError(f"report/index.qmd: pandoc (html) failed: {result.stderr.decode(errors='replace')}")
    write_bytes(output, result.stdout)
