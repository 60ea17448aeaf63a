"""The build as a journalist meets it: the real `newsfigures build`, run in a copy of the project.

Bad input of every kind stops the build with one line naming what is wrong and where, and leaves the last good
processed data, charts and report untouched; a build killed midway leaves nothing half-written and the next
build completes; two clean builds give the same bytes, and those are the committed outputs.
The unit tests check each rule inside its module; these check that the rule reaches the command line.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from e2e import (
    GUARDED_FILES,
    GUARDED_FOLDERS,
    copy_built,
    copy_project,
    differences,
    end_processes_in,
    finish_build,
    guarded_digests,
    kill_group,
    processes_in,
    run_build,
    start_build,
    wait_for_exit,
)

pytestmark = pytest.mark.slow

ARTICLE = "data/raw/article.txt"
ANNOTATION = "data/raw/figures.yaml"
REFERENCE = "data/raw/reference/reference_figures.csv"


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """The tracked files as they are when the session starts: every clean build copies this snapshot."""
    return copy_project(tmp_path_factory.mktemp("pristine") / "project")


@dataclass
class CleanBuilds:
    good: Path  # built: the last good state every case starts from
    good_digests: dict[str, str]
    second: Path  # a second clean build, running in the background meanwhile
    second_process: subprocess.Popen
    second_started: float

    def second_result(self):
        return finish_build(self.second, self.second_process, self.second_started)


@pytest.fixture(scope="session")
def clean_builds(pristine, tmp_path_factory):
    """Two clean builds of the snapshot, each in a copy of its own with no build state. The first is waited
    for; the second runs while the cases do (they mostly wait for kernels to start) and is compared at the end."""
    good = copy_built(pristine, tmp_path_factory.mktemp("good") / "project")
    result = run_build(good)
    assert result.returncode == 0, result.describe()
    second = copy_built(pristine, tmp_path_factory.mktemp("second") / "project")
    builds = CleanBuilds(good, guarded_digests(good), second, start_build(second), time.perf_counter())
    yield builds
    kill_group(builds.second_process)
    end_processes_in(second)


@pytest.fixture(scope="session")
def good_build(clean_builds) -> Path:
    return clean_builds.good


@pytest.fixture(scope="session")
def good_digests(clean_builds) -> dict[str, str]:
    return clean_builds.good_digests


def assert_same(expected: dict[str, str], actual: dict[str, str], what: str) -> None:
    changed = differences(expected, actual)
    assert not changed, f"{what}:\n" + "\n".join(changed)


# ---------------------------------------------------------------------------------------------------------
# One broken thing at a time.

def replace_text(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def breaks(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{rel} no longer holds {old!r} once; update this case"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return breaks


def write_bytes(rel: str, data: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def breaks(project: Path) -> None:
        path = project / rel
        path.write_bytes(data(path.read_bytes()))
    return breaks


def remove(rel: str) -> Callable[[Path], None]:
    def breaks(project: Path) -> None:
        (project / rel).unlink()
    return breaks


def rewrite_rows(rel: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    """Rewrite a CSV through the csv module, so the only change is the one meant."""
    def breaks(project: Path) -> None:
        path = project / rel
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(change(rows))
        path.write_text(out.getvalue(), encoding="utf-8")
    return breaks


def without_column(name: str):
    def change(rows):
        at = rows[0].index(name)
        return [row[:at] + row[at + 1:] for row in rows]
    return change


def with_row_repeated(row: int, at: int):
    """Spreadsheet row ``row`` (header = 1) repeated so the copy becomes row ``at``."""
    def change(rows):
        return rows[:at - 1] + [rows[row - 1]] + rows[at - 1:]
    return change


def edit_then_raise(rel: str, edit: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    """A valid edit that changes the step's outputs, and a last cell that raises after the step has written
    them: the build must put the last good outputs back."""
    def breaks(project: Path) -> list[str]:
        import nbformat

        edit(project)
        path = project / rel
        notebook = nbformat.read(path, as_version=4)
        index = len(notebook.cells)
        notebook.cells.append(nbformat.v4.new_code_cell('raise ValueError("boom")'))
        nbformat.write(notebook, path)
        return [f"cell {index}"]
    return breaks


def folder_made_a_file(rel: str) -> Callable[[Path], None]:
    """The output folder replaced by a regular file: nothing can be written in it, even by root
    (CI runs as root, where a read-only mode bit stops nothing)."""
    def breaks(project: Path) -> None:
        shutil.rmtree(project / rel)
        (project / rel).write_text("a file where the build expects a folder\n", encoding="utf-8")
    return breaks


def nothing(project: Path) -> None:
    pass


@dataclass
class Case:
    id: str
    breaks: Callable[[Path], list[str] | None]
    expected: tuple[str, ...]  # words the one-line error must hold
    args: tuple[str, ...] = ()
    not_a_folder: str | None = None  # a guarded folder the case itself replaces with a file
    record: bool = True  # record a changed raw file in sources.yaml first, so the build reaches the fault itself


CASES = [
    Case("article-missing", remove(ARTICLE), (ARTICLE, "missing")),
    Case("article-empty", write_bytes(ARTICLE, lambda _: b""), (ARTICLE, "empty")),
    Case("article-not-utf8", write_bytes(ARTICLE, lambda text: b"\xff\xfe" + text),
         (ARTICLE, "not UTF-8", "0xff", "offset 0")),
    Case("figure-changed-without-annotation", replace_text(ARTICLE, "over 1,500", "over 1,600"),
         (ANNOTATION, "killed_total", "'over 1,500 killings'", "not found verbatim in the article")),
    Case("new-unannotated-figure",
         replace_text(ARTICLE, "leftover 300,000 displaced.", "leftover 300,000 displaced. Another 2,345 people fled."),
         (ARTICLE, "'2,345'", "Another 2,345 people fled", "covered by no figure", ANNOTATION)),
    Case("annotation-malformed-yaml",
         replace_text(ANNOTATION, 'quote: "over 1,500 killings"', 'quote: "over 1,500 killings'),
         (ANNOTATION, "line ", "malformed YAML")),
    Case("annotation-duplicate-id", replace_text(ANNOTATION, "- id: detained_total", "- id: killed_total"),
         (ANNOTATION, "killed_total", "duplicate id")),
    Case("annotation-value-disagrees-with-quote", replace_text(ANNOTATION, "value: 1500\n", "value: 1600\n"),
         (ANNOTATION, "killed_total", "value 1600", "disagrees with the quote", "1500")),
    Case("reference-malformed-number", replace_text(REFERENCE, ",6060,", ',"1,8x0",'),
         (REFERENCE, "row 2", "field value", "'1,8x0'", "not a whole number")),
    # A thousands separator typed into a CSV without quotes splits the number into two fields.
    Case("reference-unquoted-thousands-comma", replace_text(REFERENCE, ",6060,", ",6,060,"),
         (REFERENCE, "row 2", "12 fields", "the header has 11")),
    Case("reference-malformed-date", replace_text(REFERENCE, ",6060,exact,people,2021-06-15,", ",6060,exact,people,2022-13-01,"),
         (REFERENCE, "row 2", "field as_of", "'2022-13-01'", "not a date")),
    Case("reference-missing-column", rewrite_rows(REFERENCE, without_column("unit")),
         (REFERENCE, "row 1", "field unit", "column is missing")),
    Case("reference-duplicate-row", rewrite_rows(REFERENCE, with_row_repeated(3, at=5)),
         (REFERENCE, "row 5", "field indicator", "duplicate of row 3")),
    Case("parameter-unknown", nothing, ("-p nonsense=1", "no step has a parameter 'nonsense'", "valid parameters"),
         args=("-p", "nonsense=1")),
    Case("parameter-wrong-type", nothing,
         ("-p 40-charts.width=wide", "'width'", "40-charts", "must be int", "'wide'"),
         args=("-p", "40-charts.width=wide")),
    Case("parameter-path-outside-project", nothing,
         ("'article_path'", "10-extract-figures", "'../../etc/passwd'", "leads outside the project"),
         args=("-p", "10-extract-figures.article_path=../../etc/passwd")),
    Case("notebook-cell-raises",
         edit_then_raise("notebooks/10-extract-figures.ipynb",
                         replace_text(ANNOTATION, 'note: "Attributed by the parenthesis closing the paragraph."',
                                      'note: "Attributed by the closing parenthesis of the paragraph."')),
         ("notebooks/10-extract-figures.ipynb", "ValueError: boom")),
    Case("output-folder-not-writable", folder_made_a_file("report/figures"),
         ("report/figures", "cannot write"), not_a_folder="report/figures"),
    Case("raw-change-unrecorded",
         rewrite_rows(REFERENCE, lambda rows: rows + [[rows[-1][0], "1851", *rows[-1][2:4], "2022-05-20", *rows[-1][5:]]]),
         (REFERENCE, "changed since it was recorded in data/raw/sources.yaml",
          f'newsfigures sources --update {REFERENCE} --note "'), record=False),
    Case("parameter-out-of-range", nothing, ("-p width=0", "'width'", "40-charts", "from 200 to 1200", "got 0"),
         args=("-p", "width=0")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_stops_the_build_with_one_line_and_keeps_the_last_good_outputs(
        case, good_build, good_digests, tmp_path):
    project = copy_built(good_build, tmp_path / "project")
    expected = case.expected + tuple(case.breaks(project) or ())
    if case.record:
        from newsfigures.project.sources import update_checksums

        update_checksums(project, note=f"test case {case.id}")
    kept = (project / case.not_a_folder).read_bytes() if case.not_a_folder else None

    result = run_build(project, *case.args)

    assert result.returncode != 0, result.describe()
    line = result.last_line
    assert line.startswith("error: "), result.describe()
    missing = [words for words in expected if words not in line]
    assert not missing, f"the error line lacks {missing}:\n{line}"
    assert sum(text.startswith("error:") for text in result.stderr.splitlines()) == 1, result.describe()

    before = good_digests
    if case.not_a_folder:
        assert (project / case.not_a_folder).read_bytes() == kept
        before = {name: digest for name, digest in before.items() if not name.startswith(case.not_a_folder + "/")}
    assert_same(before, guarded_digests(project), "the last good outputs were touched")


# ---------------------------------------------------------------------------------------------------------
# Killed midway.

def wait_until_rewritten(path: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    """Until the build rewrites ``path`` (a step's executed notebook, written when the step has run)."""
    before = path.stat().st_mtime_ns
    deadline = time.monotonic() + timeout
    while path.stat().st_mtime_ns == before:
        assert process.poll() is None, f"the build ended (exit {process.returncode}) before {path.name} started"
        assert time.monotonic() < deadline, f"{path.name} did not start within {timeout} s"
        time.sleep(0.02)


def hidden_files(project: Path) -> list[str]:
    return sorted(p.relative_to(project).as_posix() for folder in GUARDED_FOLDERS
                  for p in (project / folder).rglob(".*"))


def test_a_killed_build_leaves_nothing_half_written_and_the_next_build_completes(good_build, good_digests,
                                                                                   tmp_path):
    """SIGKILL to the whole build while 30 and 40 run in parallel, 10 and 20 having rewritten their outputs."""
    project = copy_built(good_build, tmp_path / "project")
    process = start_build(project, "--force", output=subprocess.DEVNULL)
    try:
        # Step 20's notebook is written as it ends; 30 and 40 start then, and the charts take seconds.
        wait_until_rewritten(project / "build/notebooks/20-tidy-tables.ipynb", process)
        time.sleep(1.5)
        assert process.poll() is None, "the build ended before it could be killed"
        kernels = {pid: command for pid, command in processes_in(project).items() if "ipykernel" in command}
        assert kernels, "no notebook kernel was running when the build was killed"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        # Kernels run in sessions of their own; they watch their parent and must end with it.
        left = wait_for_exit(project, seconds=10)
        assert not left, f"processes of the killed build still running: {left}"
    finally:
        kill_group(process)
        end_processes_in(project)
    assert not processes_in(project)

    assert hidden_files(project) == [], "a temporary file was left behind"
    assert_same(good_digests, guarded_digests(project), "a killed build changed the last good outputs")

    result = run_build(project)
    assert result.returncode == 0, result.describe()
    assert hidden_files(project) == []
    assert_same(good_digests, guarded_digests(project), "the build after a killed one does not reproduce the outputs")


# ---------------------------------------------------------------------------------------------------------
# Same input, same bytes.

def test_two_clean_builds_are_byte_identical_and_equal_the_committed_outputs(clean_builds, pristine):
    result = clean_builds.second_result()
    assert result.returncode == 0, result.describe()
    assert all(clean_builds.good_digests[name] != "missing" for name in GUARDED_FILES)
    assert_same(clean_builds.good_digests, guarded_digests(clean_builds.second), "two clean builds differ")

    committed = {name: digest for name, digest in guarded_digests(pristine).items() if name not in GUARDED_FILES}
    rebuilt = {name: digest for name, digest in clean_builds.good_digests.items() if name not in GUARDED_FILES}
    assert_same(committed, rebuilt,
                "the committed data/processed/ and report/figures/ are not what a rebuild produces; "
                "run `make report` and commit")
