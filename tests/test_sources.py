"""Raw inputs are immutable snapshots: every one is listed with its origin and a checksum that matches."""

import shutil
from pathlib import Path

import pytest

from newsfigures.errors import NewsfiguresError
from newsfigures.sources import check_sources, load_sources, update_checksums

ROOT = Path(__file__).resolve().parents[1]


def test_article_is_the_seed_byte_for_byte():
    seed = ROOT.parent / "shared" / "seed" / "000_14819026d0b4b285.txt"
    if not seed.exists():
        pytest.fail(f"the shared seed is missing at {seed}")
    assert (ROOT / "data/raw/article.txt").read_bytes() == seed.read_bytes()


def test_every_raw_file_is_listed_and_its_checksum_matches():
    assert [str(p) for p in check_sources(ROOT)] == []


def _copy_raw(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    return tmp_path


def test_a_changed_raw_file_is_reported(tmp_path):
    root = _copy_raw(tmp_path)
    with open(root / "data/raw/article.txt", "a", encoding="utf-8") as handle:
        handle.write("\nAnother 2,345 people fled.")
    problems = [str(p) for p in check_sources(root)]
    assert len(problems) == 1 and problems[0].startswith("data/raw/article.txt: SHA-256")


def test_an_unlisted_and_a_missing_raw_file_are_reported(tmp_path):
    root = _copy_raw(tmp_path)
    (root / "data/raw/extra.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "data/raw/geo/LICENSE").unlink()
    problems = {str(p) for p in check_sources(root)}
    assert "data/raw/extra.csv: raw file with no entry in data/raw/sources.yaml" in problems
    assert "data/raw/geo/LICENSE: listed in data/raw/sources.yaml but missing" in problems


def test_update_records_a_deliberate_change_and_nothing_else(tmp_path):
    root = _copy_raw(tmp_path)
    before = (root / "data/raw/sources.yaml").read_text(encoding="utf-8")
    with open(root / "data/raw/figures.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n# reviewed again\n")
    assert update_checksums(root) == ["data/raw/figures.yaml"]
    assert check_sources(root) == []
    after = (root / "data/raw/sources.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and "sha256:" in changed[0][0]


def test_an_entry_without_origin_is_a_one_line_error(tmp_path):
    root = _copy_raw(tmp_path)
    path = root / "data/raw/sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    origin: \"npm package world-atlas 2.0.2, its LICENSE file\"\n", ""), encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=r"data/raw/geo/LICENSE\), field origin: missing"):
        load_sources(root)

