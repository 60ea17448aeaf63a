"""Shared by the pipeline, parameter and CLI tests: a throwaway copy of the fixture project and a runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from newsfigures.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "pipeline"


def make_project(tmp: Path, monkeypatch) -> Path:
    """A copy of the fixture project; its report function is importable as `fixture_report`."""
    project = tmp / "project"
    shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(project))
    return project


def cli(project: Path, *args: str):
    command, *rest = args
    return CliRunner().invoke(app, [command, "--root", str(project), *rest])


def states(project: Path) -> dict[str, str]:
    record = json.loads((project / "report/_output/run.json").read_text(encoding="utf-8"))
    return {name: step["state"] for name, step in record["steps"].items()}


def error_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error:")]
