"""`newsfigures new`: a complete story project from an article, which builds a draft report and passes its own
tests; `newsfigures annotate`; `newsfigures build --final` refusing drafts."""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.figures.annotation import drafts, load_annotation
from newsfigures.project.sources import check_sources, load_sources
from newsfigures.scaffold.new_project import TEMPLATES, ArticleFacts, build_engine_wheel, new_project
from newsfigures.scaffold.shared_files import SHARED_FILES

ROOT = Path(__file__).resolve().parents[1]
CLINIC = ROOT / "tests/fixtures/drafting/clinic/article.txt"  # a short article of our own writing
# A title no ASCII-only slug would take as it is.
FACTS = ArticleFacts("Rural clinics of the Höhe valley struggle as winter cases climb", "The Valley Courier",
                     dt.date(2024, 2, 7), "https://example.org/clinics")
NEWSFIGURES = Path(sys.executable).parent / "newsfigures"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_engine_wheel(tmp_path_factory.mktemp("engine"))


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    """The clinic story as it might arrive: a byte-order mark and Windows line endings."""
    path = tmp_path_factory.mktemp("inbox") / "clinics.txt"
    path.write_bytes(b"\xef\xbb\xbf" + CLINIC.read_bytes().replace(b"\n", b"\r\n"))
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory, wheel, article) -> Path:
    return new_project(tmp_path_factory.mktemp("desk") / "clinics", article, FACTS, wheel)


def test_the_project_has_the_engines_layout_and_the_article_byte_for_byte(project, article):
    for relative in (*SHARED_FILES, *TEMPLATES.values(), "story.yaml", "data/raw/figures.yaml",
                     "data/raw/sources.yaml"):
        assert (project / relative).is_file(), relative
    for relative in SHARED_FILES:
        assert (project / relative).read_bytes() == (ROOT / relative).read_bytes(), relative
    assert (project / "data/raw/article.txt").read_bytes() == article.read_bytes()
    assert yaml.safe_load((project / "story.yaml").read_text(encoding="utf-8"))["data_package"]["name"] == (
        "newsfigures-rural-clinics-of-the-hohe-valley-struggle-as")
    assert os.access(project / ".ci/run", os.X_OK)
    assert [p.name for p in (project / "vendor").iterdir()] == ["newsfigures-0.1.0-py3-none-any.whl"]
    assert 'dependencies = ["newsfigures==0.1.0"]' in (project / "pyproject.toml").read_text(encoding="utf-8")
    # No template placeholder is left unfilled.
    for relative in TEMPLATES.values():
        assert not re.search(r"\{\{[a-z_]+\}\}", (project / relative).read_text(encoding="utf-8")), relative
    assert "$$fresh" in (project / "Makefile").read_text(encoding="utf-8")  # make's own $ kept as written


def test_every_raw_file_is_recorded_with_the_articles_date_and_the_annotation_in_review(project):
    assert [str(p) for p in check_sources(project)] == []
    entries = {e["path"]: e for e in load_sources(project)}
    assert entries["data/raw/article.txt"]["date"] == "2024-02-07"
    assert "The Valley Courier" in entries["data/raw/article.txt"]["origin"]
    assert entries["data/raw/figures.yaml"]["in_review"] is True
    story = yaml.safe_load((project / "story.yaml").read_text(encoding="utf-8"))
    assert story["article"] == {"file": "data/raw/article.txt", "title": FACTS.title, "publisher": FACTS.publisher,
                                "url": FACTS.url}


def test_every_drafted_entry_is_marked_draft(project):
    annotation = load_annotation(project / "data/raw/figures.yaml")
    total = len(annotation.figures) + len(annotation.not_figures) + len(annotation.unquantified)
    assert annotation.figures and len(drafts(annotation)) == total


def test_new_refuses_a_folder_that_is_not_empty_and_leaves_nothing_when_it_fails(tmp_path, wheel, article):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NewsfiguresError, match="exists and is not empty"):
        new_project(taken, article, FACTS, wheel)
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]
    not_a_wheel = tmp_path / "engine.zip"
    not_a_wheel.write_bytes(b"PK")
    with pytest.raises(NewsfiguresError, match="not a newsfigures wheel"):
        new_project(tmp_path / "story", article, FACTS, not_a_wheel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["engine.zip", "taken"]  # no half-made project


def test_new_names_an_article_that_is_not_text(tmp_path, wheel):
    binary = tmp_path / "article.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    done = subprocess.run([str(NEWSFIGURES), "new", str(tmp_path / "story"), "--article", str(binary),
                           "--published", "2024-02-07", "--title", "T", "--engine-wheel", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "article.txt" in done.stderr and "UTF-8" in done.stderr
    assert "--publisher" in done.stderr  # every problem at once
    bad_date = subprocess.run([str(NEWSFIGURES), "new", str(tmp_path / "story"), "--article", str(CLINIC),
                               "--published", "7 Feb 2024"], capture_output=True, text=True)
    assert bad_date.returncode == 2 and "is not a date YYYY-MM-DD" in bad_date.stderr
    assert not (tmp_path / "story").exists()


def test_new_takes_the_title_from_the_first_line_without_its_byte_order_mark(tmp_path, wheel, article):
    command = [str(NEWSFIGURES), "new", str(tmp_path / "story"), "--article", str(article), "--published",
               "2024-02-07", "--engine-wheel", str(wheel)]
    nameless = subprocess.run(command, capture_output=True, text=True)
    assert nameless.returncode == 1 and "--publisher" in nameless.stderr and not (tmp_path / "story").exists()
    done = subprocess.run([*command, "--publisher", "The Valley Courier"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    story = yaml.safe_load((tmp_path / "story" / "story.yaml").read_text(encoding="utf-8"))
    assert story["article"]["title"] == "Rural clinics struggle as winter cases climb"
    assert story["article"]["publisher"] == "The Valley Courier" and "url" not in story["article"]


def test_annotate_drafts_the_annotation_and_never_overwrites_reviewed_entries(tmp_path):
    for relative in ("story.yaml", "pipeline.yaml", "data/raw/article.txt", "data/raw/figures.yaml",
                     "data/raw/sources.yaml"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, tmp_path / relative)
    refused = subprocess.run([str(NEWSFIGURES), "annotate", "--root", str(tmp_path)], capture_output=True, text=True)
    assert refused.returncode == 1 and "reviewed entries" in refused.stderr and "--output" in refused.stderr
    assert (tmp_path / "data/raw/figures.yaml").read_bytes() == (ROOT / "data/raw/figures.yaml").read_bytes()
    out = tmp_path / "draft.yaml"
    done = subprocess.run([str(NEWSFIGURES), "annotate", "--root", str(tmp_path), "--output", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    drafted = load_annotation(out)
    assert len(drafts(drafted)) == len(drafted.figures) + len(drafted.not_figures) + len(drafted.unquantified)
    # Drafted against the publication date of sources.yaml (2 May 2022), the same quotes as the hand annotation.
    hand = load_annotation(ROOT / "data/raw/figures.yaml")
    assert {e["quote"] for e in drafted.figures} >= {e["quote"] for e in hand.figures if e["value_from"] is None}


def _make(project: Path, target: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST", "MAKE"))}
    return subprocess.run(["make", target], cwd=project, capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_a_new_project_builds_a_draft_report_passes_its_tests_and_a_review_makes_it_final(project):
    built = _make(project, "report")
    assert built.returncode == 0, built.stderr[-3000:]
    annotation = load_annotation(project / "data/raw/figures.yaml")
    figures = len(annotation.figures)
    html = (project / "report/_output/index.html").read_text(encoding="utf-8")
    label = f"{figures} of {figures} figures not yet reviewed"
    assert label in html and "No reference data has been added yet" in html
    from pypdf import PdfReader

    first_page = " ".join(PdfReader(project / "report/_output/index.pdf").pages[0].extract_text().split())
    assert "Draft report" in first_page and label in first_page
    tested = _make(project, "test")
    assert tested.returncode == 0, tested.stdout[-3000:]
    assert re.search(r"\d+ passed", tested.stdout) and " failed" not in tested.stdout

    refused = _make(project, "final")
    assert refused.returncode != 0
    line = [l for l in refused.stderr.splitlines() if l.startswith("error:")][-1]
    assert "not yet reviewed" in line and annotation.figures[0]["id"] in line

    # The review: each entry checked, its draft line deleted, the file recorded.
    text = (project / "data/raw/figures.yaml").read_text(encoding="utf-8")
    (project / "data/raw/figures.yaml").write_text(re.sub(r"(?m)^\s+draft: true\n", "", text), encoding="utf-8")
    venv = project / ".venv/bin/newsfigures"
    recorded = subprocess.run([str(venv), "sources", "--root", str(project), "--update", "data/raw/figures.yaml",
                               "--note", "reviewed"], capture_output=True, text=True, cwd=project)
    assert recorded.returncode == 0, recorded.stderr
    final = _make(project, "final")
    assert final.returncode == 0, final.stderr[-3000:]
    html = (project / "report/_output/index.html").read_text(encoding="utf-8")
    assert "not yet reviewed" not in html and "Draft report" not in html


@pytest.mark.slow
def test_adding_reference_data_brings_in_the_check_and_the_chart(project):
    """After the review above: one source figure, its mapping and a chart declared make the next build check the
    figure and draw it."""
    import pandas as pd

    claims = pd.read_csv(project / "data/processed/claims.csv", dtype=str, keep_default_na=False)
    figure = claims[claims["value_kind"] == "count"].iloc[0]
    with (project / "data/raw/reference/reference_figures.csv").open("a", encoding="utf-8") as table:
        table.write(f"board_patients,{figure['value']},exact,{figure['unit']},2024-01-31,Holm valley,"
                    "District health board,Monthly report,https://example.org/board,,patients treated\n")
    (project / "data/raw/source_map.yaml").write_text(yaml.safe_dump({"claims": {figure["claim_id"]: {
        "indicators": ["board_patients"], "attributed_source": "", "why": "the board's own monthly count"}}}),
        encoding="utf-8")
    with (project / "story.yaml").open("a", encoding="utf-8") as story:
        story.write(yaml.safe_dump({"charts": {"patients": {
            "kind": "reference_series", "figure": str(figure["claim_id"]), "series": {"board_patients": "patients"},
            "title": "Patients treated", "shows": "patients treated by the clinics", "axis": "patients"}}}))
    with (project / "report/index.qmd").open("a", encoding="utf-8") as narrative:
        narrative.write("\n{{< include _generated/chart-patients.md >}}\n")
    venv = project / ".venv/bin/newsfigures"
    recorded = subprocess.run([str(venv), "sources", "--update", "data/raw/reference/reference_figures.csv",
                               "data/raw/source_map.yaml", "--note", "the board's count"],
                              capture_output=True, text=True, cwd=project)
    assert recorded.returncode == 0, recorded.stderr
    built = _make(project, "report")
    assert built.returncode == 0, built.stderr[-3000:]
    checks = pd.read_csv(project / "data/processed/source_check.csv", dtype=str, keep_default_na=False)
    assert checks["claim_id"].tolist() == [figure["claim_id"]] and checks["verdict"].iloc[0] != ""
    assert (project / "report/figures/patients.svg").is_file()
    html = (project / "report/_output/index.html").read_text(encoding="utf-8")
    assert "Patients treated" in html and "No reference data has been added yet" not in html
    tested = _make(project, "test")
    assert tested.returncode == 0, tested.stdout[-3000:]
