"""Executed notebooks as self-contained HTML pages for reviewers, and a worker process that exports them.

The build exports each notebook while later steps run. The export (template, sanitiser) is pure Python and
takes a third of a second or more per notebook, so it runs in a worker process of its own, at a lower
scheduling priority: it uses the cores the steps leave idle instead of slowing the steps the report waits
for, and it never holds the build's GIL. The worker is this module run as ``python -m
newsfigures.build.notebook_export``: it reads one JSON line per job, ``[executed_ipynb, html]``, and answers each
with one line, ``ok`` or ``error: <message>``, in order.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from pathlib import Path

NOTEBOOK_CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:\">")
WORKER_NICENESS = 10  # below the steps: exports are needed only by the report, at the end


# What notebook outputs and Markdown cells may contain as HTML: text structure and pandas tables, nothing that
# runs, loads or styles. nbconvert's own `clean_html` allow-list (bleach's defaults) drops headings,
# paragraphs and table headers, which then show as raw markup. Anything outside this list is escaped and
# shown as text; the Content-Security-Policy stops whatever might still slip through from running.
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
SAFE_ATTRIBUTES = {
    "*": ["class", "id", "title", "lang"],
    "a": ["href", "title"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start"],
    "table": ["border"],
}
SAFE_PROTOCOLS = ["http", "https", "mailto"]
# pandas writes a <style scoped> block before each table; its rules are layout only, and style elements from
# outputs are not allowed, so it is removed whole rather than shown as text.
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_FIRST_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)

PAGE_CSS = """
<style>
  .nf-nav { max-width: 1100px; margin: 0 auto; padding: 0.75rem 1rem; font-family: system-ui, sans-serif; }
  .nf-nav a { color: #0b4f8a; }
  .jp-RenderedHTMLCommon table { border-collapse: collapse; }
  .jp-RenderedHTMLCommon th { font-weight: 600; }
</style>
"""
# The theme's style sheets, whose colours legible_css measures, and the background code is drawn on.
THEME_CSS = ("static/index.css", "static/theme-light.css")
CODE_BACKGROUND = "--jp-cell-editor-background"
_TEXT_COLOURS = re.compile(r"^--jp-(?:mirror-editor-[\w-]+-color|cell-(?:in|out)prompt-font-color|"
                           r"cell-prompt-not-active-font-color)$")
# An empty header cell (pandas' top-left corner, the gaps of a MultiIndex) names nothing: a screen reader
# would announce a header with no text. It is a data cell with nothing in it.
_EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>(?:\s|&nbsp;|&#160;)*</th>", re.IGNORECASE)
_SCOPE = re.compile(r"\s+scope=(?:\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)


def clean_html(html) -> str:
    """Untrusted HTML reduced to the structure above: it renders, but nothing in it can run."""
    import bleach

    text = html.decode() if isinstance(html, bytes) else str(html)
    cleaned = bleach.clean(_STYLE_ELEMENT.sub("", text), tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES,
                           protocols=SAFE_PROTOCOLS, strip=False, strip_comments=True)
    return _EMPTY_HEADER.sub(lambda m: f"<td{_SCOPE.sub('', m.group(1) or '')}></td>", cleaned)


def legible_css(stylesheets: list[str]) -> str:
    """The theme's text colours that fall short of WCAG's contrast minimum on code cells, darkened, and the
    prompts of inactive cells at full opacity (half-transparent grey on white reads at about 2:1); links
    underlined, as colour alone does not set them apart from the text around them."""
    from newsfigures.build.legible_colours import custom_properties, legible_overrides

    properties = custom_properties(*stylesheets)
    overrides = legible_overrides(properties, sorted(p for p in properties if _TEXT_COLOURS.match(p)),
                                  CODE_BACKGROUND)
    declarations = "".join(f" {name}: {value};" for name, value in sorted(overrides.items()))
    return ("<style>\n"
            f"  :root {{ --jp-cell-prompt-not-active-opacity: 1;{declarations} }}\n"
            "  .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited, .nf-nav a {"
            " text-decoration: underline; }\n"
            "</style>\n")


def notebook_title(notebook) -> str | None:
    """The notebook's first level-one Markdown heading, as plain text (None without one)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = _FIRST_HEADING.search(cell.source)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return None


@functools.cache
def _html_exporter():
    """One exporter for every notebook: compiling its templates costs more than an export."""
    import jinja2
    import markupsafe
    from nbconvert import HTMLExporter

    # The lab template fetches require.js, MathJax and mermaid from CDNs; these notebooks need none of them.
    # In their place, a Content-Security-Policy that forbids loading anything off the machine. Each page
    # links back to the report it is published with (report/_output/notebooks/ beside index.html) and has
    # a level-one heading: the notebook's own, or its file name when it has none.
    offline = jinja2.DictLoader({"offline.html.j2": (
        "{%- extends 'lab/index.html.j2' -%}\n"
        "{%- block html_head_js_requirejs -%}" + NOTEBOOK_CSP + PAGE_CSS + "{%- endblock html_head_js_requirejs -%}\n"
        "{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}\n"
        "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
        "{%- block notebook_css -%}{{ super() }}{{ nf_legible_css }}{%- endblock notebook_css -%}\n"
        "{%- block body_header -%}\n"
        '<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">\n'
        '<nav class="nf-nav" aria-label="Report"><a href="../index.html">Back to the report</a>'
        ' · <a href="../index.html#executed-notebooks">all executed notebooks</a>'
        ' · executed notebook <code>{{ resources.notebook_file | e }}</code></nav>\n'
        "<main>\n"
        "{%- if resources.page_heading %}<h1 class=\"nf-heading\">{{ resources.page_heading | e }}</h1>{% endif -%}\n"
        "{%- endblock body_header -%}\n")})
    # sanitize_html: notes and quotes from the input reach Markdown and HTML outputs; they must not run as markup.
    exporter = HTMLExporter(template_name="lab", extra_loaders=[offline], template_file="offline.html.j2",
                            embed_images=True, sanitize_html=True, filters={"clean_html": clean_html})
    environment = exporter.environment
    theme = [environment.loader.get_source(environment, name)[0] for name in THEME_CSS]
    # After the theme's own style sheets (the notebook_css block), so that its colours are the ones replaced.
    environment.globals["nf_legible_css"] = markupsafe.Markup(legible_css(theme))
    return exporter


_EXPORTER_LOCK = threading.Lock()


def export_html(executed: Path, html: Path) -> None:
    """The executed notebook as a self-contained HTML page for reviewers: nothing loads from a CDN."""
    import nbformat

    from newsfigures.project.atomic import write_text

    notebook = nbformat.read(str(executed), as_version=4)
    heading = notebook_title(notebook)
    resources = {"metadata": {"name": f"{heading or executed.stem} (executed notebook {executed.name})"},
                 "notebook_file": executed.name, "page_heading": None if heading else executed.stem}
    with _EXPORTER_LOCK:  # one exporter, shared: it keeps state while it converts
        body, _ = _html_exporter().from_notebook_node(notebook, resources=resources)
    write_text(html, body)


class ExportWorker:
    """The worker process; ``submit`` returns a Future that ends when the page is written (or failed)."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "newsfigures.build.notebook_export"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self._pending: deque[Future] = deque()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_answers, name="export-answers", daemon=True)
        self._reader.start()

    def submit(self, executed: Path, html: Path) -> Future:
        future: Future = Future()
        with self._lock:
            self._pending.append(future)
            try:
                assert self._process.stdin is not None
                self._process.stdin.write(json.dumps([str(executed), str(html)]) + "\n")
                self._process.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass  # the worker has stopped: the reader fails every pending export, saying why
        return future

    def _read_answers(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            with self._lock:
                future = self._pending.popleft() if self._pending else None
            if future is None:
                continue
            answer = line.rstrip("\n")
            if answer == "ok":
                future.set_result(None)
            else:
                future.set_exception(RuntimeError(answer.removeprefix("error: ")))
        self._process.wait()
        errors = self._process.stderr.read() if self._process.stderr else ""
        last = ([line for line in errors.splitlines() if line.strip()] or [""])[-1]
        with self._lock:
            left, self._pending = list(self._pending), deque()
        for future in left:
            future.set_exception(RuntimeError(f"the export worker stopped (exit code {self._process.returncode})"
                                              + (f": {last}" if last else "")))

    def close(self) -> None:
        """Let the worker finish the exports it has, then end it."""
        with self._lock:
            if self._process.stdin is not None and not self._process.stdin.closed:
                try:
                    self._process.stdin.close()
                except BrokenPipeError:
                    pass
        self._reader.join()


def _work(jobs, answers) -> int:
    os.nice(WORKER_NICENESS)
    _html_exporter()  # the templates compile while the first notebook still runs
    for line in jobs:
        executed, html = json.loads(line)
        try:
            export_html(Path(executed), Path(html))
            answers.write("ok\n")
        except Exception as exc:
            answers.write(f"error: {type(exc).__name__}: {' '.join(str(exc).split())}\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_work(sys.stdin, sys.stdout))
