"""The build on a tiny fixture project: what reruns after each kind of change, failures, the run record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from newsfigures.build.pipeline import Pipeline, Step, expand, load_pipeline
from newsfigures.errors import NewsfiguresError
from pipeline_helpers import cli, error_lines, make_project, states

ALL = ["10-scale", "20-total", "30-figures", "report"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One fresh build of the fixture project, shared by the tests that only read it."""
    monkeypatch = pytest.MonkeyPatch()
    project = make_project(tmp_path_factory.mktemp("built"), monkeypatch)
    result = cli(project, "build", "--jobs", "2")
    assert result.exit_code == 0, result.output
    yield project
    monkeypatch.undo()


def status_lines(project: Path) -> dict[str, str]:
    result = cli(project, "status")
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.splitlines())


@pytest.mark.slow
def test_what_reruns_after_each_kind_of_change(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    assert cli(project, "build").exit_code == 0
    assert states(project) == dict.fromkeys(ALL, "ran")

    # Nothing changed: nothing runs.
    assert cli(project, "build").exit_code == 0
    assert states(project) == dict.fromkeys(ALL, "cached")
    assert set(status_lines(project).values()) == {"up to date"}

    # Report text: only the report is rendered again.
    with (project / "report/index.qmd").open("a") as handle:
        handle.write("\nAnother sentence.\n")
    assert cli(project, "build").exit_code == 0
    assert states(project) == {"10-scale": "cached", "20-total": "cached", "30-figures": "cached", "report": "ran"}
    assert "Another sentence." in (project / "report/_output/index.html").read_text()

    # A notebook's narrative: that step reruns; its outputs are byte-identical, so 20 and 30 stay cached
    # (the report reads the executed notebooks' HTML, which did change).
    notebook = project / "notebooks/10-scale.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source += "\n\nMore narrative."
    nbformat.write(nb, notebook)
    assert "notebook changed" in status_lines(project)["10-scale"]
    assert cli(project, "build").exit_code == 0
    assert states(project) == {"10-scale": "ran", "20-total": "cached", "30-figures": "cached", "report": "ran"}

    # A parameter, an input, the package code, a missing output: status names each reason.
    assert "parameter scale changed (2 -> 3)" in cli(project, "status", "-p", "scale=3").output
    (project / "data/raw/numbers.txt").write_text("1\n2\n3\n4\n")
    lines = status_lines(project)
    assert lines["10-scale"] == "stale: input data/raw/numbers.txt changed"
    assert lines["20-total"].startswith("up to date, reruns if the outputs of 10-scale change")
    with (project / "src/newsfigures/code.py").open("a") as handle:
        handle.write("OTHER = 2\n")
    lines = status_lines(project)
    assert all("package code changed (src/newsfigures/code.py)" in lines[step] for step in ALL)
    for figure in expand(project, "report/figures/*"):
        (project / figure).unlink()
    assert "outputs missing: report/figures/*" in status_lines(project)["30-figures"]

    # Input and code changed: everything reruns; the new row reaches the figures and the total.
    assert cli(project, "build").exit_code == 0
    assert states(project) == dict.fromkeys(ALL, "ran")
    assert len(expand(project, "report/figures/*")) == 4
    assert (project / "data/processed/total.txt").read_text() == "20\n"

    # A new parameter value reruns the step and, as its output changes, the steps after it.
    result = cli(project, "build", "-p", "scale=3")
    assert result.exit_code == 0, result.output
    assert states(project) == dict.fromkeys(ALL, "ran")
    assert (project / "data/processed/total.txt").read_text() == "30\n"

    # --force reruns everything even when nothing changed.
    assert cli(project, "build", "--force", "-p", "scale=3").exit_code == 0
    assert states(project) == dict.fromkeys(ALL, "ran")


@pytest.mark.slow
def test_failing_cell_stops_the_build_and_keeps_committed_outputs(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    committed = b"label,value\ncommitted,1\n"
    (project / "data/processed").mkdir(parents=True)
    (project / "data/processed/scaled.csv").write_bytes(committed)

    assert cli(project, "status").exit_code == 0  # inspects the notebooks (papermill chdirs there, unthreaded)

    here, real_chdir = os.getcwd(), os.chdir

    def no_chdir(path):  # steps run in threads of one process: none may move the process's working folder
        if os.path.realpath(path) != os.path.realpath(here):  # papermill "changes" to the current one
            raise AssertionError(f"os.chdir({path}) during a build")
        real_chdir(path)

    monkeypatch.setattr(os, "chdir", no_chdir)
    # The fixture's cell 2 writes scaled.csv, cell 3 then raises a NewsfiguresError.
    result = cli(project, "build", "-p", "fail_at=2", "-p", "label=007")
    assert result.exit_code == 1
    assert error_lines(result) == [
        "error: notebooks/10-scale.ipynb, cell 3: NewsfiguresError: data/raw/numbers.txt: 2 is not allowed "
        "(executed notebook kept in build/notebooks/10-scale.ipynb)"]
    assert "Traceback" not in result.output
    assert (project / "data/processed/scaled.csv").read_bytes() == committed
    assert not (project / "data/processed/total.txt").exists()
    executed = nbformat.read(project / "build/notebooks/10-scale.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'label = "007"' in injected[0].source  # typed by the declaration: text stays text
    assert any(o.get("ename") == "NewsfiguresError" for c in executed.cells for o in c.get("outputs", []))
    assert states(project) == {"10-scale": "failed", "20-total": "not run", "30-figures": "not run",
                               "report": "not run"}


@pytest.mark.slow
def test_run_record_has_parameters_hashes_durations_versions_and_commit(built):
    record = json.loads((built / "report/_output/run.json").read_text())
    assert set(record) >= {"git", "versions", "steps", "jobs", "forced", "total_seconds"}
    assert set(record["git"]) == {"commit", "dirty"}
    for package in ("python", "pandas", "altair", "papermill", "vl-convert", "typst", "pandoc"):
        assert record["versions"][package], package
    scale = record["steps"]["10-scale"]
    assert scale["state"] == "ran"
    assert scale["parameters"] == {"numbers_path": "data/raw/numbers.txt", "scale": 2, "label": "x", "fail_at": 0}
    assert scale["duration_seconds"] > 0
    from newsfigures.project.checksums import sha256_file

    assert scale["inputs"]["data/raw/numbers.txt"] == sha256_file(built / "data/raw/numbers.txt")
    assert scale["outputs"]["data/processed/scaled.csv"] == sha256_file(built / "data/processed/scaled.csv")
    assert set(record["steps"]["30-figures"]["outputs"]) >= {f"report/figures/figure-{i}.txt" for i in range(3)}
    assert "build/notebooks/10-scale.html" in record["steps"]["report"]["inputs"]
    assert str(built) not in json.dumps(record)  # no absolute paths


@pytest.mark.slow
def test_run_params_and_executed_notebooks(built):
    params = json.loads((built / "build/run-params.json").read_text())
    # The report step's date (SOURCE_DATE_EPOCH): outside git, the latest modification time of the inputs.
    assert isinstance(params.pop("report")["SOURCE_DATE_EPOCH"], int)
    assert params == {"10-scale": {"fail_at": 0, "label": "x", "numbers_path": "data/raw/numbers.txt", "scale": 2},
                      "20-total": {"scaled_path": "data/processed/scaled.csv"},
                      "30-figures": {"scaled_path": "data/processed/scaled.csv"}}
    for name in ("10-scale", "20-total", "30-figures"):
        html = (built / f"build/notebooks/{name}.html").read_text()
        assert "<html" in html
        assert "cdnjs" not in html and "cdn.jsdelivr" not in html and "unpkg.com" not in html


@pytest.mark.slow
def test_rebuild_with_nothing_to_do_imports_no_heavy_library(built):
    code = (
        "import sys\n"
        "from newsfigures.cli import app\n"
        f"sys.argv = ['newsfigures', 'build', '--root', {str(built)!r}]\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print(sorted(m for m in ('pandas', 'altair', 'papermill', 'nbconvert') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=built,
                         env={"PYTHONPATH": str(built), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_steps_are_ordered_by_their_inputs_and_outputs(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    pipeline = load_pipeline(project)
    assert [s.name for s in pipeline.steps] == ALL
    assert pipeline.upstream(pipeline.step("20-total")) == ["10-scale"]
    assert pipeline.upstream(pipeline.step("30-figures")) == ["10-scale"]
    assert pipeline.upstream(pipeline.step("report")) == ["10-scale", "20-total", "30-figures"]
    text = (project / "pipeline.yaml").read_text()
    # Declaring the report before the steps it reads is refused.
    report_block = text[text.index("  report:"):]
    (project / "pipeline.yaml").write_text(text.replace(report_block, "").replace(
        "steps:\n", "steps:\n" + report_block))
    with pytest.raises(NewsfiguresError, match="step report reads outputs of 10-scale, 20-total, 30-figures"):
        load_pipeline(project)


def test_glob_outputs_and_hidden_temporaries(tmp_path):
    (tmp_path / "report/figures").mkdir(parents=True)
    (tmp_path / "report/figures/a.svg").write_text("x")
    (tmp_path / "report/figures/.a.svg.123.tmp").write_text("half")
    assert expand(tmp_path, "report/figures/*") == ["report/figures/a.svg"]
    step = Step(name="charts", inputs=(), outputs=("report/figures/*",), notebook="notebooks/40-charts.ipynb")
    assert step.all_outputs == ("report/figures/*", "build/notebooks/40-charts.ipynb",
                                "build/notebooks/40-charts.html")
    other = Step(name="report", inputs=("build/notebooks/*.html",), outputs=(), function="m:f")
    assert Pipeline(tmp_path, [step, other], (), "", "", "").upstream(other) == ["charts"]


def test_executed_notebook_html_is_offline_and_runs_no_input_markup(tmp_path):
    """Notes and quotes from the input reach notebook outputs; the exported page must show them, not run them."""
    import re

    import nbformat

    from newsfigures.build.notebook_export import export_html

    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"> **bold**'
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("Markdown(note)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": hostile, "text/plain": "x"}),
                    nbformat.v4.new_output("execute_result", data={"text/html": hostile, "text/plain": "x"},
                                           execution_count=1)]
    notebook.cells.append(cell)
    executed = tmp_path / "10-x.ipynb"
    nbformat.write(notebook, executed)
    export_html(executed, tmp_path / "10-x.html")
    page = (tmp_path / "10-x.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    assert "Content-Security-Policy" in head and "default-src 'none'" in head
    assert "<script>alert(1)" not in page and re.search(r"<img[^>]*onerror", page) is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    assert re.findall(r'(?:src|href)="(https?:[^"]+)"', page) == []


def test_kernel_stderr_goes_to_a_log_not_the_terminal(tmp_path, capfd):
    """Noise a kernel writes on its own stderr (a zmq traceback at teardown) must not bury the one-line error."""
    import nbformat

    from newsfigures.build.pipeline import Step, run_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell('import os\nos.write(2, b"kernel noise on fd 2\\n")'))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "notebooks").mkdir()
    nbformat.write(notebook, tmp_path / "notebooks" / "10-noise.ipynb")
    run_notebook(tmp_path, Step(name="10-noise", inputs=(), outputs=(), notebook="notebooks/10-noise.ipynb"), {})
    assert "kernel noise" not in capfd.readouterr().err
    assert "kernel noise on fd 2" in (tmp_path / "build/notebooks/10-noise.kernel.log").read_text(encoding="utf-8")


def test_a_build_sweeps_temporaries_a_killed_write_left(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    assert cli(project, "build").exit_code == 0
    stale = project / "data/processed/.scaled.csv.k1ll3d.tmp"
    stale.write_text("half a row")
    assert cli(project, "build").exit_code == 0
    assert not stale.exists()


def _chain(tmp_path: Path) -> Pipeline:
    """a -> b -> (c, d) -> report: c and d both read b's output, the report reads both."""
    steps = [Step(name="a", inputs=(), outputs=("x/a.csv",), notebook="notebooks/a.ipynb"),
             Step(name="b", inputs=("x/a.csv",), outputs=("x/b.csv",), notebook="notebooks/b.ipynb"),
             Step(name="c", inputs=("x/b.csv",), outputs=("x/c.csv",), notebook="notebooks/c.ipynb"),
             Step(name="d", inputs=("x/b.csv",), outputs=("x/d.csv",), notebook="notebooks/d.ipynb"),
             Step(name="report", inputs=("x/c.csv", "x/d.csv"), outputs=(), function="m:f")]
    return Pipeline(tmp_path, steps, (), "", "", "")


def test_kernels_on_the_longest_path_are_warmed_first_and_the_others_yield(tmp_path, monkeypatch):
    from newsfigures.build.pipeline import Build

    build = Build(_chain(tmp_path), {})
    # No durations yet (no build has run): pipeline order, and no step is told to yield.
    assert [s.name for s in build.warm_order()] == ["a", "b", "c", "d"]
    assert build.off_longest_path() == set()
    monkeypatch.setattr(Build, "_last_durations", lambda self: {"a": 1.0, "b": 1.0, "c": 1.0, "d": 5.0, "report": 1.0})
    assert [s.name for s in build.warm_order()] == ["a", "b", "d", "c"]
    assert build.off_longest_path() == {"c"}


@pytest.mark.slow
def test_a_build_keeps_each_steps_duration_for_the_next(built):
    from newsfigures.build.pipeline import Build, load_pipeline

    durations = Build(load_pipeline(built), {})._last_durations()
    assert set(durations) == {"10-scale", "20-total", "30-figures", "report"}
    assert all(seconds > 0 for seconds in durations.values())
