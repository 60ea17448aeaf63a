"""The tests every story project runs (its tests/test_story.py imports them), on the project they run in.

They need the build to have run (`make test` runs `make report` first) and no browser. Each fails with the
file and what is wrong.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path.cwd()


def _root() -> Path:
    from newsfigures.project.paths import project_root

    return project_root(ROOT)


def test_every_path_the_readme_names_exists():
    root = _root()
    readme = (root / "README.md").read_text(encoding="utf-8")
    named = {p.rstrip("/") for p in re.findall(r"`([\w./-]+/[\w./-]*)`", readme) if "<" not in p and "*" not in p}
    missing = sorted(p for p in named if not (root / p).exists() and not p.startswith(("report/_output", ".venv")))
    assert missing == [], f"README.md names paths that do not exist: {missing}"


def test_every_raw_file_is_recorded():
    from newsfigures.project.sources import check_sources

    assert [str(p) for p in check_sources(_root(), strict=False)] == []


def test_the_annotation_accounts_for_every_number_of_the_article():
    from newsfigures.figures.annotation import load_annotation
    from newsfigures.figures.article import load_article
    from newsfigures.figures.claims import build_tables

    root = _root()
    article = load_article(root / "data/raw/article.txt", "data/raw/article.txt")
    annotation = load_annotation(root / "data/raw/figures.yaml", "data/raw/figures.yaml")
    tables = build_tables(article, annotation, "data/raw/article.txt", "data/raw/figures.yaml")
    assert (tables["mentions"]["covered_by"] != "").all()


def test_the_story_declaration_loads():
    from newsfigures.project.story import load_story

    assert load_story(_root()).article.title


def test_the_report_is_built_self_contained_and_says_what_is_left_to_review():
    from newsfigures.figures.annotation import drafts, load_annotation

    root = _root()
    html = (root / "report/_output/index.html").read_text(encoding="utf-8")
    pdf = (root / "report/_output/index.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    # Offline: no script, style sheet or image is loaded from another machine.
    remote = re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]+", html)
    assert remote == [], f"report/_output/index.html loads from the network: {remote[:3]}"
    annotation = load_annotation(root / "data/raw/figures.yaml", "data/raw/figures.yaml")
    unreviewed = [entry for section, entry in drafts(annotation) if section == "figures"]
    label = f"{len(unreviewed):,} of {len(annotation.figures):,} figures not yet reviewed"
    assert (label in html) == bool(unreviewed), f"the draft label {label!r} is wrong in index.html"


def test_every_step_has_its_executed_notebook():
    root = _root()
    notebooks = sorted(p.stem for p in (root / "notebooks").glob("*.ipynb"))
    executed = sorted(p.stem for p in (root / "report/_output/notebooks").glob("*.html"))
    assert notebooks and executed == notebooks


@pytest.mark.skipif(sys.platform == "win32", reason="the build runs on POSIX")
def test_a_rebuild_from_the_raw_files_reproduces_the_processed_data_and_charts(tmp_path):
    root = _root()
    copy = tmp_path / "story"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".venv", "build", "_output", ".pytest_cache",
                                                               "__pycache__", "processed", "figures"))
    newsfigures = Path(sys.executable).parent / "newsfigures"
    done = subprocess.run([str(newsfigures), "build", "--root", str(copy)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    for folder in ("data/processed", "report/figures"):
        ours = {p.relative_to(root / folder): p.read_bytes() for p in (root / folder).rglob("*") if p.is_file()}
        theirs = {p.relative_to(copy / folder): p.read_bytes() for p in (copy / folder).rglob("*") if p.is_file()}
        assert sorted(map(str, theirs)) == sorted(map(str, ours)), folder
        differ = [str(name) for name in ours if ours[name] != theirs[name]]
        assert differ == [], f"{folder}: a rebuild differs in {differ}"
