"""Editions: `newsfigures diff` (figures and tables), `newsfigures publish` and its refusals, the report's
"Updates and corrections" section and edition line."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from e2e import build_env, copy_project, run_build
from newsfigures.editions.changes import compare_revisions, compare_snapshots
from newsfigures.editions.history import Edition, load_editions, write_editions
from newsfigures.editions.revisions import Snapshot
from newsfigures.errors import NewsfiguresError

ROOT = Path(__file__).resolve().parents[1]
NEWSFIGURES = ROOT / ".venv/bin/newsfigures"
CHECK = {"claim_id": "killed", "indicator": "aapp_killed", "reference_value": "1798", "reference_date": "2022-04-27",
         "source": "AAPP", "verdict": "outdated", "best_match_value": "1500", "best_match_date": "2021-12-01",
         "best_match_source": "AAPP"}
CLAIM = {"claim_id": "killed", "subject": "people killed since the coup", "value": "1500"}


def _snapshot(label, checks, claims=(CLAIM,), series=()):
    return Snapshot(label, {"source_check.csv": list(checks), "claims.csv": list(claims),
                            "reference_series.csv": list(series)},
                    {"source_check.csv": ["claim_id"], "claims.csv": ["claim_id"]})


def test_a_newer_source_figure_is_named_with_both_values_and_the_verdict():
    newer = {**CHECK, "reference_value": "1810", "reference_date": "2022-05-01"}
    changes = compare_snapshots(_snapshot("a", [CHECK]), _snapshot("b", [newer]))
    [figure] = changes.figures
    assert figure.words == ("People killed since the coup (killed): latest source figure 1,798 (27 April 2022, AAPP)"
                            " → 1,810 (1 May 2022, AAPP); verdict unchanged: outdated.")
    assert changes.summary().startswith("0 verdicts changed, 1 latest source figure changed")
    [table] = changes.tables
    assert table.table == "source_check.csv" and table.changed == [
        ("killed", {"reference_value": ["1798", "1810"], "reference_date": ["2022-04-27", "2022-05-01"]})]


def test_a_changed_verdict_and_best_match_and_a_figure_newly_checked():
    fixed = {**CHECK, "verdict": "consistent", "best_match_value": "1798", "best_match_date": "2022-04-27"}
    detained = {**CHECK, "claim_id": "detained", "verdict": "unverified", "reference_value": "", "reference_date": ""}
    changes = compare_snapshots(_snapshot("a", [CHECK]), _snapshot("b", [fixed, detained]))
    words = {f.claim_id: f.words for f in changes.figures}
    assert "verdict outdated → consistent" in words["killed"]
    assert "best match 1,500 (1 December 2021, AAPP) → 1,798 (27 April 2022, AAPP)" in words["killed"]
    assert "verdict not checked → unverified" in words["detained"]
    assert changes.tables[0].added == ["detained"]


def test_tables_are_compared_by_their_ids_not_their_lines():
    rows = [{"indicator": "x", "date": f"2022-0{n}-01", "source_org": "AAPP", "document": "d", "value": str(n)}
            for n in range(1, 4)]
    reordered_and_changed = [rows[2], {**rows[0], "value": "10"}, {**rows[1], "date": "2022-02-02"}]
    changes = compare_snapshots(_snapshot("a", [], series=rows), _snapshot("b", [], series=reordered_and_changed))
    [table] = changes.tables
    assert table.changed == [("x / 2022-01-01 / AAPP / d", {"value": ["1", "10"]})]
    assert table.added == ["x / 2022-02-02 / AAPP / d"] and table.removed == ["x / 2022-02-01 / AAPP / d"]
    assert table.words() == ("reference_series.csv: 1 row added (x / 2022-02-02 / AAPP / d); 1 row removed "
                             "(x / 2022-02-01 / AAPP / d); 1 row changed (x / 2022-01-01 / AAPP / d: value)")
    emptied = compare_snapshots(_snapshot("a", [], series=rows), _snapshot("b", []))
    assert emptied.tables[0].removed == sorted(f"x / 2022-0{n}-01 / AAPP / d" for n in range(1, 4))
    assert compare_snapshots(_snapshot("a", [CHECK]), _snapshot("b", [CHECK])).summary() == (
        "no change in the findings or the processed tables")


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=desk@example.org", "-c", "user.name=desk", *args], cwd=folder,
                          check=True, capture_output=True, text=True).stdout


def test_diff_reads_any_revision_and_says_when_there_is_nothing_to_compare(tmp_path):
    processed = tmp_path / "data/processed"
    processed.mkdir(parents=True)
    (tmp_path / "pipeline.yaml").write_text("steps: {}\n", encoding="utf-8")
    (processed / "claims.csv").write_text("claim_id,subject,value\nkilled,people killed,1500\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "--allow-empty", "-qm", "one")
    (processed / "claims.csv").write_text("claim_id,subject,value\nkilled,people killed,1600\n", encoding="utf-8")
    changes = compare_revisions(tmp_path, "HEAD")
    assert changes.sentences() == ["claims.csv: 1 row changed (killed: value)"]
    with pytest.raises(NewsfiguresError, match="no edition published yet"):
        compare_revisions(tmp_path)
    with pytest.raises(NewsfiguresError, match="'nope': not a commit"):
        compare_revisions(tmp_path, "nope")
    done = subprocess.run([str(NEWSFIGURES), "diff", "HEAD", "--json", "--root", str(tmp_path)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["tables"][0]["changed"] == [{"key": "killed", "columns": {"value": ["1500", "1600"]}}]


def test_editions_yaml_is_checked_field_by_field(tmp_path):
    write_editions(tmp_path, [Edition(1, "2026-12-01", "abc1234", "update", "First.")])
    assert load_editions(tmp_path)[0].note == "First."
    (tmp_path / "editions.yaml").write_text("editions:\n- {number: 2, date: 1 Dec, commit: x, kind: fix}\n",
                                            encoding="utf-8")
    with pytest.raises(NewsfiguresError) as error:
        load_editions(tmp_path)
    for field in ("number", "date", "commit", "kind", "note"):
        assert f"field {field}" in str(error.value)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of this project as its own git repository."""
    folder = copy_project(tmp_path_factory.mktemp("editions") / "project")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "--allow-empty", "-qm", "the project")
    return folder


def _cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(NEWSFIGURES), *args], cwd=project, capture_output=True, text=True,
                          env=build_env(project))


def test_publish_refuses_with_every_reason_at_once(project, tmp_path):
    annotation = project / "data/raw/figures.yaml"
    reference = project / "data/raw/reference/reference_figures.csv"
    original = annotation.read_bytes(), reference.read_bytes()
    try:
        annotation.write_text(annotation.read_text(encoding="utf-8").replace(
            "  - id: killed_total\n", "  - id: killed_total\n    draft: true\n", 1), encoding="utf-8")
        reference.write_bytes(original[1] + b"x_test,1,exact,people,2022-01-01,,,,,,\n")
        done = _cli(project, "publish", "--note", "")
    finally:
        annotation.write_bytes(original[0])
        reference.write_bytes(original[1])
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    line = done.stderr
    for reason in ("killed_total", "raw files changed without a record", "the build is stale", "--note"):
        assert reason in line, reason
    assert not (project / "editions.yaml").read_text(encoding="utf-8").count("number:")


@pytest.mark.slow
def test_a_newer_source_figure_recorded_built_and_published_shows_in_the_report(project):
    assert run_build(project).returncode == 0
    _git(project, "add", "-A")
    _git(project, "commit", "--allow-empty", "-qm", "built")
    first = _cli(project, "publish", "--note", "First edition.")
    assert first.returncode == 0, first.stderr
    _git(project, "add", "-A")
    _git(project, "commit", "--allow-empty", "-qm", "edition 1")

    reference = project / "data/raw/reference/reference_figures.csv"
    with reference.open("a", encoding="utf-8") as table:
        table.write("aapp_killed_cumulative,1810,exact,people,2022-05-01,Myanmar since 2021-02-01,AAPP,"
                    "AAPP daily briefing of 1 May,https://aappb.org/,,1810 killed\n")
    assert _cli(project, "sources", "--update", "data/raw/reference/reference_figures.csv", "--note",
                "AAPP's count of 1 May").returncode == 0
    built = run_build(project)
    assert built.returncode == 0, built.describe()
    assert "Since edition 1: 0 verdicts changed, 1 latest source figure changed" in built.stderr
    diff = _cli(project, "diff")
    assert diff.returncode == 0, diff.stderr
    assert re.search(r"\(killed_total\): latest source figure 1,798 \(27 April 2022, AAPP[^)]*\) → 1,810 "
                     r"\(1 May 2022, AAPP[^)]*\); verdict unchanged: outdated", diff.stdout), diff.stdout

    refused = _cli(project, "publish", "--note", "AAPP's count of 1 May added.")
    assert refused.returncode == 1 and "not committed" in refused.stderr
    _git(project, "add", "-A")
    _git(project, "commit", "--allow-empty", "-qm", "AAPP 1 May")
    second = _cli(project, "publish", "--correction", "--note", "We gave AAPP's count of 27 April as the latest.")
    assert second.returncode == 0, second.stderr
    html = (project / "report/_output/index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Edition 2, " in text and "(a correction)" in text
    assert "Correction, " in text and "We gave AAPP’s count of 27 April as the latest." in text.replace("'", "’")
    assert "1,798 (27 April 2022" in text and "1,810 (1 May 2022" in text
    from pypdf import PdfReader

    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(project / "report/_output/index.pdf").pages)
    assert "Updates and corrections" in pdf and "We gave AAPP" in pdf and "1,810 (1 May 2022" in pdf
