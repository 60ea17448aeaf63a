"""A throw-away project for the report tests: the report sources from report/ and the fixture data from
tests/fixtures/report/project/, copied into a temporary folder and rendered there."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests/fixtures/report/project"
SOURCES = ["_quarto.yml", "index.qmd", "assets"]


def make_project(target: Path) -> Path:
    shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for name in SOURCES:
        source = ROOT / "report" / name
        if source.is_dir():
            shutil.copytree(source, target / "report" / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, target / "report" / name)
    return target


def render(project: Path) -> Path:
    from newsfigures.report.render import build_report

    output = project / "report/_output"
    build_report(project, output)
    return output


@functools.cache
def rendered_fixture() -> Path:
    """The fixture project, rendered once per test session; returns its report/_output folder."""
    folder = Path(tempfile.mkdtemp(prefix="newsfigures-report-"))
    return render(make_project(folder / "project"))


HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(1)> #read("/etc/passwd") '
           '*_[]#$\\ {{< var count.claims >}} `code` @label <!-- c --> &amp;')
