"""Raw inputs are immutable snapshots: every one is listed with its origin and a checksum that matches."""

import shutil
from pathlib import Path

import pytest

from newsfigures.errors import NewsfiguresError
from newsfigures.project.checksums import sha256_file
from newsfigures.project.sources import (
    check_sources,
    load_sources,
    publication_date,
    unrecorded_changes_message,
    update_checksums,
)

ROOT = Path(__file__).resolve().parents[1]


def test_article_is_the_one_received_byte_for_byte():
    """Its SHA-256 is the one recorded when it was received, the first revision of its history."""
    entry = next(e for e in load_sources(ROOT) if e["path"] == "data/raw/article.txt")
    assert entry["revisions"][0]["sha256"] == entry["sha256"] == sha256_file(ROOT / "data/raw/article.txt")
    assert entry["sha256"] == "7320ae9f22a7ece3ab97446d596653342f89af6d468d427ca264ff5ae0cc8043"


def test_the_publication_date_comes_from_the_articles_entry():
    assert publication_date(ROOT, "data/raw/article.txt") == "2022-05-02"


def test_every_raw_file_is_listed_and_its_checksum_matches():
    assert [str(p) for p in check_sources(ROOT)] == []


def _copy_raw(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    return tmp_path


def test_a_changed_raw_file_is_reported(tmp_path):
    root = _copy_raw(tmp_path)
    with open(root / "data/raw/article.txt", "a", encoding="utf-8") as handle:
        handle.write("\nAnother 2,345 people fled.")
    problems = check_sources(root)
    assert [p.path for p in problems] == ["data/raw/article.txt"]
    assert str(problems[0]).startswith("data/raw/article.txt: changed since it was recorded")
    message = unrecorded_changes_message(problems)
    assert "\n" not in message
    assert 'newsfigures sources --update data/raw/article.txt --note "' in message


def test_an_unlisted_and_a_missing_raw_file_are_reported(tmp_path):
    root = _copy_raw(tmp_path)
    (root / "data/raw/extra.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "data/raw/geo/LICENSE").unlink()
    problems = {str(p) for p in check_sources(root)}
    assert "data/raw/extra.csv: raw file with no entry in data/raw/sources.yaml" in problems
    assert "data/raw/geo/LICENSE: listed in data/raw/sources.yaml but missing" in problems


def test_update_records_a_revision_with_its_date_and_note(tmp_path):
    root = _copy_raw(tmp_path)
    before = {e["path"]: e for e in load_sources(root)}
    with open(root / "data/raw/reference/reference_figures.csv", "a", encoding="utf-8") as handle:
        handle.write("aapp_killed_cumulative,killed,2022-05-20,1851,lower_bound,people,AAPP,briefing,,primary,\n")
    changed = update_checksums(root, ["data/raw/reference/reference_figures.csv"], "AAPP 20 May briefing",
                               today="2026-12-02")
    assert changed == ["data/raw/reference/reference_figures.csv"]
    assert check_sources(root) == []
    after = {e["path"]: e for e in load_sources(root)}
    entry = after["data/raw/reference/reference_figures.csv"]
    assert entry["date"] == "2026-12-02"
    assert entry["revisions"][:-1] == before["data/raw/reference/reference_figures.csv"]["revisions"]
    assert entry["revisions"][-1] == {"date": "2026-12-02", "sha256": entry["sha256"], "note": "AAPP 20 May briefing"}
    # Every other entry is as it was; the article keeps its publication date.
    assert {p: e for p, e in after.items() if p != entry["path"]} == {
        p: e for p, e in before.items() if p != entry["path"]}


def test_the_articles_publication_date_stays_and_its_snapshot_moves(tmp_path):
    root = _copy_raw(tmp_path)
    with open(root / "data/raw/article.txt", "a", encoding="utf-8") as handle:
        handle.write("\nCorrection appended by the publisher.")
    update_checksums(root, ["data/raw/article.txt"], "the publisher appended a correction", today="2026-12-02")
    entry = next(e for e in load_sources(root) if e["path"] == "data/raw/article.txt")
    assert (entry["date"], entry["snapshot"]) == ("2022-05-02", "2026-12-02")


def test_a_change_without_a_note_is_refused_and_nothing_is_written(tmp_path):
    root = _copy_raw(tmp_path)
    before = (root / "data/raw/sources.yaml").read_bytes()
    with open(root / "data/raw/figures.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n# reviewed again\n")
    with pytest.raises(NewsfiguresError, match=r"^--note: say what changed in data/raw/figures\.yaml"):
        update_checksums(root, ["data/raw/figures.yaml"], "")
    assert (root / "data/raw/sources.yaml").read_bytes() == before


def test_an_entry_without_origin_is_a_one_line_error(tmp_path):
    root = _copy_raw(tmp_path)
    path = root / "data/raw/sources.yaml"
    text = path.read_text(encoding="utf-8")
    line = "  origin: npm package world-atlas 2.0.2, its LICENSE file\n"
    assert text.count(line) == 1
    path.write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=r"data/raw/geo/LICENSE\), field origin: missing"):
        load_sources(root)



def test_a_file_in_review_may_change_in_a_draft_build_but_not_in_a_final_one(tmp_path):
    from newsfigures.project.sources import in_review_changes

    root = _copy_raw(tmp_path)
    sources = root / "data/raw/sources.yaml"
    text = sources.read_text(encoding="utf-8")
    marked = text.replace("- path: data/raw/figures.yaml\n", "- path: data/raw/figures.yaml\n  in_review: true\n", 1)
    assert marked != text
    sources.write_text(marked, encoding="utf-8")
    annotation = root / "data/raw/figures.yaml"
    annotation.write_text(annotation.read_text(encoding="utf-8") + "\n# reviewed one entry\n", encoding="utf-8")
    assert check_sources(root, strict=False) == []
    assert [p.path for p in check_sources(root)] == ["data/raw/figures.yaml"]
    assert in_review_changes(root) == ["data/raw/figures.yaml"]
    sources.write_text(marked.replace("in_review: true", "in_review: 'yes'"), encoding="utf-8")
    with pytest.raises(NewsfiguresError, match="field in_review: 'yes' is not true or false"):
        check_sources(root)
