"""The command line: one-line errors that write nothing, clean, status on the real project."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline_helpers import cli, error_lines, make_project

ROOT = Path(__file__).resolve().parents[1]


def files_under(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.rglob("*") if "__pycache__" not in p.parts}


@pytest.mark.parametrize("args, message", [
    (["-p", "scael=3"], "error: -p scael=3: no step has a parameter 'scael'; valid parameters: 10-scale: "
                        "fail_at: int, label: str, numbers_path: str, scale: int; 20-total: scaled_path: str; "
                        "30-figures: scaled_path: str"),
    (["-p", "scale=many"], "error: -p scale=many: parameter 'scale' of step 10-scale must be int, got 'many' "
                           "(expected a whole number); valid parameters: fail_at: int, label: str, "
                           "numbers_path: str, scale: int"),
    (["-p", "numbers_path=../../etc/passwd"], "error: -p numbers_path=../../etc/passwd: parameter "
                                              "'numbers_path' of step 10-scale: '../../etc/passwd' leads outside "
                                              "the project"),
    (["-p", "scale"], "error: -p scale: expected name=value or step.name=value"),
])
def test_parameter_errors_are_one_line_and_write_nothing(tmp_path, monkeypatch, args, message):
    project = make_project(tmp_path, monkeypatch)
    before = files_under(project)
    result = cli(project, "build", *args)
    assert result.exit_code == 1
    assert error_lines(result) == [message]
    assert len(result.output.strip().splitlines()) == 1
    assert files_under(project) == before


def test_missing_raw_input_is_an_error_before_anything_runs(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    (project / "data/raw/numbers.txt").unlink()
    result = cli(project, "build")
    assert result.exit_code == 1
    assert error_lines(result) == ["error: data/raw/numbers.txt: input of step 10-scale is missing"]
    assert not (project / "build").exists()


def test_status_before_any_build(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    result = cli(project, "status")
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"{s}: stale: never built" for s in
                                          ("10-scale", "20-total", "30-figures", "report")]


def test_clean_removes_build_state_and_rendered_report_only(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    for rel in ("build/doit.db", "build/notebooks/10-scale.html", "report/_output/index.html",
                "data/processed/scaled.csv", "report/figures/figure-0.txt"):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text("x")
    result = cli(project, "clean")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "removed build/, report/_output/"
    assert not (project / "build").exists() and not (project / "report/_output").exists()
    for kept in ("data/raw/numbers.txt", "data/processed/scaled.csv", "report/figures/figure-0.txt",
                 "report/index.qmd", "notebooks/10-scale.ipynb"):
        assert (project / kept).is_file(), kept
    assert cli(project, "clean").output.strip() == "nothing to remove"


def test_defaults_command_writes_the_notebooks_defaults(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    committed = (project / "params/default.yaml").read_text()
    (project / "params/default.yaml").write_text("10-scale:\n  scale: 9\n")
    result = cli(project, "defaults")
    assert result.exit_code == 0, result.output
    assert (project / "params/default.yaml").read_text() == committed


@pytest.mark.slow
def test_status_of_the_real_pipeline():
    """Reads the real declaration, inspects the real notebooks and explains each step (runs nothing)."""
    result = cli(ROOT, "status")
    assert result.exit_code == 0, result.output
    names = [line.split(":", 1)[0] for line in result.output.splitlines()]
    assert names == ["10-extract-figures", "20-tidy-tables", "30-check-sources", "40-charts", "report"]
