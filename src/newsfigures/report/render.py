"""The report step: writes the data-driven parts of the Quarto project in `report/` (`_variables.yml`,
`_generated/`), renders it to `index.html` and `index.pdf`, and copies the executed notebooks and the
downloadable data beside them.

With `quarto` on PATH the project is rendered by `quarto render`; without it, the same sources are
rendered with the engines Quarto drives: pandoc for HTML, pandoc and Typst for the PDF.
"""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from newsfigures.project.atomic import write_bytes, write_text
from newsfigures.errors import NewsfiguresError

if TYPE_CHECKING:
    from newsfigures.report.inputs import ReportInputs

REPORT = Path("report")
SOURCE = "index.qmd"
GENERATED = "_generated"
VARIABLES = "_variables.yml"


def write_sources(root: Path, inputs: ReportInputs) -> None:
    """Everything under report/ that comes from the data; stale generated files are removed."""
    from newsfigures.report.article_markup import annotated_article
    from newsfigures.report.charts import chart_markdown, vega_html
    from newsfigures.report.generated import generated_markdown, variables
    from newsfigures.report.sections import sections
    from newsfigures.report.fonts import font_css, font_files

    project = root / REPORT
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in generated_markdown(inputs).items()}
    article = annotated_article(inputs)
    files["article.md"] = article.encode("utf-8")
    files.update({name: text.encode("utf-8") for name, text in sections(inputs, article).items()})
    for chart in inputs.charts:
        files[f"chart-{chart.name}.md"] = chart_markdown(chart).encode("utf-8")
    files["vega.html"] = vega_html(root, inputs.charts).encode("utf-8")
    files["fonts.css"] = font_css().encode("utf-8")
    for font in font_files():
        files[f"fonts/{font.name}"] = font.read_bytes()

    generated = project / GENERATED
    if generated.is_dir():
        for old in sorted(generated.rglob("*"), reverse=True):
            relative = old.relative_to(generated).as_posix()
            if old.is_file() and relative not in files:
                old.unlink()
    for name, data in sorted(files.items()):
        write_bytes(generated / name, data)
    write_text(project / VARIABLES, yaml.safe_dump(variables(inputs), sort_keys=True, allow_unicode=True,
                                                   width=1000))


def quarto_config(project: Path) -> dict:
    path = project / "_quarto.yml"
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise NewsfiguresError(f"report/_quarto.yml: cannot read ({exc})") from exc
    if not isinstance(config, dict) or not isinstance(config.get("format"), dict):
        raise NewsfiguresError("report/_quarto.yml: field format: missing")
    return config


def render_without_quarto(project: Path, output_dir: Path, timestamp: int) -> None:
    from newsfigures.report.html import project_filters, render_html
    from newsfigures.report.pdf import render_pdf
    from newsfigures.report.shortcodes import expand

    config = quarto_config(project)
    variables = yaml.safe_load((project / VARIABLES).read_text(encoding="utf-8"))
    markdown = expand(project / SOURCE, project, variables)
    lang = str(config.get("lang", "en"))
    formats = config["format"]
    filters = project_filters(config, project)
    # pandoc runs as a subprocess and Typst releases the GIL, so the two formats render side by side.
    with ThreadPoolExecutor(max_workers=2) as renderers:
        html = renderers.submit(render_html, project, markdown, formats.get("html") or {}, lang,
                                output_dir / "index.html", filters)
        pdf = renderers.submit(render_pdf, project, markdown, formats.get("typst") or {}, lang,
                               output_dir / "index.pdf", timestamp, filters)
        html.result()
        pdf.result()


def render_with_quarto(quarto: str, project: Path, output_dir: Path, timestamp: int) -> None:
    import os

    from newsfigures.project.source_date import VARIABLE

    result = subprocess.run([quarto, "render", str(project), "--output-dir", str(output_dir)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, VARIABLE: str(timestamp)})
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise NewsfiguresError(f"report/: quarto render failed: {last}")


def copy_companions(root: Path, output_dir: Path, inputs: ReportInputs) -> None:
    """The executed notebooks and the downloadable data, linked relatively from the page."""
    from newsfigures.report.inputs import NOTEBOOKS, PROCESSED

    for folder, names, source in (("notebooks", inputs.notebooks, NOTEBOOKS),
                                  ("data", inputs.downloads, PROCESSED)):
        target = output_dir / folder
        if target.is_dir():
            for old in target.iterdir():
                if old.is_file() and old.name not in names:
                    old.unlink()
        for name in names:
            write_bytes(target / name, (root / source / name).read_bytes())


def warm_up() -> None:
    """Import what rendering needs (pandas and the schemas among it, most of a second), so that a build can
    do it ahead while the last notebook steps still run. Reads no input."""
    import pypandoc  # noqa: F401
    import typst  # noqa: F401

    import newsfigures.report.article_markup  # noqa: F401
    import newsfigures.report.html  # noqa: F401
    import newsfigures.report.pdf  # noqa: F401
    import newsfigures.report.charts  # noqa: F401
    import newsfigures.report.generated  # noqa: F401
    import newsfigures.report.fonts  # noqa: F401
    import newsfigures.report.inputs  # noqa: F401
    import newsfigures.report.shortcodes  # noqa: F401


def report_timestamp(root: Path, inputs: ReportInputs) -> int:
    """The report's date: the SOURCE_DATE_EPOCH the build recorded for it in build/run-params.json, or, for
    a render outside the build, the one newsfigures.project.source_date gives now."""
    from newsfigures.build.pipeline import DECLARATION, load_pipeline
    from newsfigures.project.source_date import VARIABLE, source_date_epoch

    for params in (inputs.run_params or {}).values():
        if isinstance(params, dict) and isinstance(params.get(VARIABLE), int):
            return params[VARIABLE]
    if (root / DECLARATION).is_file():
        return source_date_epoch(root, load_pipeline(root).source_patterns())
    return source_date_epoch(root, ["data/raw/**/*", "report/*.qmd", "report/_quarto.yml", "report/assets/**/*"])


def build_report(root: Path, output_dir: Path) -> None:
    """Render the report of the project at `root` into `output_dir` (normally report/_output)."""
    root = Path(root)
    output_dir = Path(output_dir)
    from newsfigures.report.inputs import read_inputs

    inputs = read_inputs(root)  # checks every input before anything is written; read once for both uses
    write_sources(root, inputs)
    project = root / REPORT
    quarto = shutil.which("quarto")
    timestamp = report_timestamp(root, inputs)
    if quarto:
        render_with_quarto(quarto, project, output_dir, timestamp)
    else:
        render_without_quarto(project, output_dir, timestamp)
    copy_companions(root, output_dir, inputs)
