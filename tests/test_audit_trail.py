"""The audit trail holds as people use the project: outputs changed behind the build's back, two builds at
once, a step run alone with other parameters, inputs saved by spreadsheets, every problem named at once."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from pathlib import Path

import nbformat
import pytest

from newsfigures.build.lock import HOLDER_FILE, build_lock
from newsfigures.errors import NewsfiguresError
from pipeline_helpers import cli, error_lines, make_project, states

ROOT = Path(__file__).resolve().parents[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def status_of(project: Path) -> dict[str, str]:
    result = cli(project, "status")
    assert result.exit_code == 0, result.output
    return dict(line.split(": ", 1) for line in result.output.splitlines())


# ---------------------------------------------------------------------------------------------------------
# 1. Executed notebooks readable (the browser test is in test_notebook_pages.py).

def test_the_executed_notebook_page_renders_headings_lists_code_and_tables(tmp_path):
    import pandas as pd

    from newsfigures.build.notebook_export import export_html

    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell(
        "# 20 · Tidy tables\n\nA paragraph with `code`.\n\n- one\n- two\n\n## A section"))
    cell = nbformat.v4.new_code_cell("frame")
    frame = pd.DataFrame({"claim_id": ["killed"], "value": [1500]})
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/html": frame.to_html(),
                                                                  "text/plain": "x"}, execution_count=1)]
    notebook.cells.append(cell)
    executed = tmp_path / "20-tidy-tables.ipynb"
    nbformat.write(notebook, executed)
    export_html(executed, tmp_path / "page.html")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")

    assert re.search(r"<title>20 · Tidy tables \(executed notebook 20-tidy-tables\.ipynb\)</title>", page)
    assert re.search(r"<h1[^>]*>20 · Tidy tables", page) and "<h2" in page
    assert "<li>one</li>" in page and "<p>A paragraph" in page
    # pandas' empty corner cell is a data cell, not an empty header (axe-core's empty-table-header).
    assert re.search(r"<thead>\s*<tr[^>]*>\s*<td>\s*</td>\s*<th>claim_id</th>", page)
    assert "<main>" in page and 'href="../index.html"' in page
    for escaped in ("&lt;h1", "&lt;p&gt;", "&lt;th", "&lt;thead", "&lt;style", ".dataframe tbody"):
        assert escaped not in page, escaped


def test_a_notebook_without_a_heading_gets_one_from_its_file_name(tmp_path):
    from newsfigures.build.notebook_export import export_html

    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    nbformat.write(notebook, tmp_path / "50-extra.ipynb")
    export_html(tmp_path / "50-extra.ipynb", tmp_path / "page.html")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<h1\b", page)) == 1 and "50-extra</h1>" in page


# ---------------------------------------------------------------------------------------------------------
# 2. Outputs are part of what the build checks.

@pytest.mark.slow
def test_an_output_changed_outside_the_build_makes_its_step_stale_and_the_build_restores_it(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    assert cli(project, "build").exit_code == 0
    output = project / "data/processed/scaled.csv"
    good = output.read_bytes()

    output.write_text("label,value\nx,999\n", encoding="utf-8")  # as a step run by hand would leave it
    assert status_of(project)["10-scale"] == "stale: output data/processed/scaled.csv was changed outside the build"
    assert cli(project, "build").exit_code == 0
    assert states(project)["10-scale"] == "ran"
    assert output.read_bytes() == good
    assert set(status_of(project).values()) == {"up to date"}

    figure = sorted((project / "report/figures").iterdir())[0]
    figure.unlink()
    assert "was changed outside the build" in status_of(project)["30-figures"] or \
        "missing" in status_of(project)["30-figures"]
    assert cli(project, "build").exit_code == 0
    assert figure.is_file()


# ---------------------------------------------------------------------------------------------------------
# 3. One build at a time.

def test_a_second_build_stops_at_once_naming_the_process_that_holds_the_lock(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    with build_lock(project, "newsfigures build"):
        holder = (project / HOLDER_FILE).read_text(encoding="utf-8")
        result = cli(project, "build")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith("error: build/build.lock: held by process ") and holder.strip() in line
    assert "--wait" in line
    assert not (project / "report/_output").exists()  # nothing was built
    assert not (project / HOLDER_FILE).exists()


def test_with_wait_a_second_lock_waits_for_the_first(tmp_path):
    order = []
    with build_lock(tmp_path, "first"):
        def second():
            with build_lock(tmp_path, "second", wait=True):
                order.append("second")
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.3)
        order.append("first")
    waiter.join(timeout=10)
    assert order == ["first", "second"]


# ---------------------------------------------------------------------------------------------------------
# 4. A step run alone is safe.

@pytest.mark.slow
def test_a_step_run_alone_writes_to_scratch_and_leaves_the_published_outputs(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    assert cli(project, "build").exit_code == 0
    published = {p: digest(p) for p in (project / "data/processed").iterdir()}

    result = cli(project, "run", "10-scale", "-p", "scale=5")
    assert result.exit_code == 0, result.output
    scratch = project / "build/scratch/10-scale"
    assert (scratch / "data/processed/scaled.csv").read_text().splitlines()[1].endswith(",5") or \
        "5" in (scratch / "data/processed/scaled.csv").read_text()
    assert "differs from the published: build/scratch/10-scale/data/processed/scaled.csv" in result.output
    assert (scratch / "build/notebooks/10-scale.ipynb").is_file()
    assert {p: digest(p) for p in (project / "data/processed").iterdir()} == published
    assert set(status_of(project).values()) == {"up to date"}


def test_a_step_run_alone_refuses_unknown_parameters_and_values_out_of_range(tmp_path, monkeypatch):
    project = make_project(tmp_path, monkeypatch)
    result = cli(project, "run", "10-scale", "-p", "scael=5")
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "has no parameter 'scael'" in line and "valid parameters" in line
    assert not (project / "build/scratch").exists()
    [line] = error_lines(cli(project, "run", "99-nothing"))
    assert "no notebook step '99-nothing'" in line


def test_numeric_parameters_declare_their_range_and_are_checked():
    from newsfigures.build.params import check_value, inspect_notebooks
    from newsfigures.build.pipeline import load_pipeline

    pipeline = load_pipeline(ROOT)
    declared, _ = inspect_notebooks(ROOT, list(pipeline.notebook_steps.values()))
    numeric = [(nb, p) for nb, params in declared.items() for p in params.values() if p.type in ("int", "float")]
    assert numeric, "the project's notebooks have numeric parameters"
    for notebook, parameter in numeric:
        assert parameter.range is not None, f"{notebook}: {parameter.name} declares no range in its help text"
    charts = declared["notebooks/40-charts.ipynb"]
    with pytest.raises(NewsfiguresError, match=r"^-p width=0: parameter 'width' of step 40-charts must be from "
                                               r"200 to 1200, got 0"):
        check_value("40-charts", "notebooks/40-charts.ipynb", charts, "width", "0", "-p width=0", True, ROOT)
    assert check_value("40-charts", "notebooks/40-charts.ipynb", charts, "width", "1200", "-p", True, ROOT) == 1200


# ---------------------------------------------------------------------------------------------------------
# 6. Raw inputs are immutable unless a change is recorded.

def test_a_build_refuses_an_unrecorded_raw_change_naming_the_command_that_records_it(tmp_path):
    import shutil

    from newsfigures.build.pipeline import check_raw_inputs, load_pipeline

    for name in ("pipeline.yaml", "pyproject.toml", "story.yaml", "editions.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "data/raw", tmp_path / "data/raw")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(ROOT / "report", tmp_path / "report", ignore=shutil.ignore_patterns("_output", "_generated"))
    reference = tmp_path / "data/raw/reference/reference_figures.csv"
    with reference.open("a", encoding="utf-8") as handle:
        handle.write("aapp_killed_cumulative,1851,lower_bound,people,2022-05-20,Myanmar,AAPP,briefing,,,\n")
    with pytest.raises(NewsfiguresError) as caught:
        check_raw_inputs(load_pipeline(tmp_path))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("data/raw/reference/reference_figures.csv: changed since it was recorded")
    assert ('newsfigures sources --update data/raw/reference/reference_figures.csv --note "' in message)

    result = cli(tmp_path, "sources", "--update", str(reference), "--note", "AAPP 20 May briefing")
    assert result.exit_code == 0, result.output
    assert "recorded a new revision of data/raw/reference/reference_figures.csv: AAPP 20 May briefing" in result.output
    check_raw_inputs(load_pipeline(tmp_path))


# ---------------------------------------------------------------------------------------------------------
# 7. Every problem at once, precisely.

def test_a_yaml_error_names_the_line_where_the_mistake_is(tmp_path):
    from newsfigures.project.yamlfile import load_yaml

    path = tmp_path / "figures.yaml"
    path.write_text('figures:\n  - id: a\n    quote: "over 1,500 killings\n  - id: b\n    value: 3\n'
                    "  - id: c\n    value: 4\n  - id: d\n    value: 5\n", encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=r"^figures\.yaml: line 3: malformed YAML \(while scanning a quoted "
                                               r"scalar: found unexpected end of stream at line 10\)$"):
        load_yaml(path, "figures.yaml")


def test_the_annotation_reports_the_line_of_an_unclosed_quote(tmp_path):
    from newsfigures.figures.annotation import load_annotation

    text = (ROOT / "data/raw/figures.yaml").read_text(encoding="utf-8")
    broken = text.replace('quote: "over 1,500 killings"', 'quote: "over 1,500 killings', 1)
    line = text[: text.index('quote: "over 1,500 killings"')].count("\n") + 1
    (tmp_path / "figures.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=rf"^figures\.yaml: line {line}: malformed YAML \(a quoted value "
                                               r"starts here and runs on to line \d+: is its closing quote missing\?\)$"):
        load_annotation(tmp_path / "figures.yaml", "figures.yaml")


def _reference_copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "reference"
    shutil.copytree(ROOT / "data/raw/reference", target)
    return target


def test_a_reference_csv_with_a_byte_order_mark_and_a_trailing_blank_line_loads_the_same(tmp_path):
    from newsfigures.tables.reference import load_reference_figures

    expected = load_reference_figures(ROOT / "data/raw/reference")
    folder = _reference_copy(tmp_path)
    path = folder / "reference_figures.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() + b"\n\n")
    assert load_reference_figures(folder).equals(expected)


def test_every_ragged_row_is_named_in_one_message(tmp_path):
    from newsfigures.tables.reference import read_text_table

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3\n\n4,5,6\n7,8\n", encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=r"^t\.csv: row 3: 1 fields, but the header has 2; row 4: blank line "
                                               r"between rows; row 5: 3 fields, but the header has 2$"):
        read_text_table(path, "t.csv")
