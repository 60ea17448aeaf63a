"""A newcomer's `make report`: the Python version is checked before .venv is made, and a failed install
leaves no half-made .venv behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _make(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", str(folder), *args], capture_output=True,
                          text=True, timeout=600)


def test_a_too_old_python_is_refused_in_one_line_before_anything_is_made(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ROOT / "requirements.lock", tmp_path / "requirements.lock")
    old = tmp_path / "python3.9"
    old.write_text('#!/bin/sh\ncase "$1" in -V) echo "Python 3.9.18";; -c) exit 1;; *) exit 1;; esac\n')
    old.chmod(0o755)
    result = _make(tmp_path, "report", f"PYTHON={old}")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: Python 3.11 or newer is needed; '{old}' is Python 3.9.18 "
                      "(run: make PYTHON=python3.11 report)"]
    assert not (tmp_path / ".venv").exists()


@pytest.mark.slow
def test_a_failed_install_removes_the_half_made_venv(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "requirements.lock").write_text("this-package-does-not-exist-newsfigures==0.0.1\n")
    result = _make(tmp_path, ".venv/.installed", f"PYTHON={sys.executable}")
    assert result.returncode != 0
    assert "error: installing requirements.lock failed; removed the half-made .venv" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_lab_opens_jupyterlab_with_outputs_kept_out_of_commits(tmp_path):
    locked = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    assert "jupyterlab==" in locked and "nbstripout==" in locked
    plan = _make(ROOT, "-n", "lab").stdout
    assert "nbstripout --install" in plan and "jupyter lab notebooks/" in plan

    # What `nbstripout --install` sets up: a notebook committed with outputs is stored without them.
    import nbformat

    bin_dir = Path(sys.executable).parent
    git = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **git)
    subprocess.run([str(bin_dir / "nbstripout"), "--install"], **git)
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)]
    notebook.cells.append(cell)
    nbformat.write(notebook, tmp_path / "n.ipynb")
    subprocess.run(["git", "add", "n.ipynb"], **git)
    stored = subprocess.run(["git", "show", ":n.ipynb"], **git).stdout.decode("utf-8")
    committed = nbformat.reads(stored, as_version=4)
    assert committed.cells[0].outputs == [] and committed.cells[0].execution_count is None
