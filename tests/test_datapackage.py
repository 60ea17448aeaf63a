"""datapackage.json describes every processed file and passes Frictionless validation; the notebooks
reproduce the committed outputs byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from frictionless import validate

from newsfigures.project.story import load_story
from newsfigures.tables.datapackage import build_package, story_resources, write_package
from newsfigures.errors import NewsfiguresError
from newsfigures.checks.source_check import build_checks, write_checks
from newsfigures.tables.tidy import build_tables, write_tables

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tables"
ARTICLE = ROOT / "data" / "raw" / "article.txt"
PROCESSED = ROOT / "data" / "processed"
STEP_20_30_FILES = (
    "groups.csv", "lists.csv", "events.csv", "arms_suppliers.csv", "reference_series.csv",
    "source_check.csv", "attribution_check.csv", "datapackage.json",
)


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    """A processed folder built from the step-10 fixtures by steps 20 and 30."""
    folder = tmp_path_factory.mktemp("processed")
    for name in ("mentions.csv", "claims.csv", "unquantified.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    write_tables(build_tables(folder / "claims.csv", folder / "unquantified.csv", ROOT / "data/raw/reference", ARTICLE, ROOT), folder)
    write_checks(*build_checks(folder / "claims.csv", ARTICLE, folder, ROOT / "data/raw/source_map.yaml", ROOT / "data/raw/attribution_checks.yaml", root=ROOT), folder)
    write_package(folder)
    return folder


def test_package_passes_frictionless_validation(processed):
    report = validate(processed / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_cli_accepts_the_package(processed):
    cli = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(cli), "validate", "datapackage.json"], cwd=processed, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_processed_file_is_described(processed):
    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    described = {resource["path"] for resource in package["resources"]}
    on_disk = {p.name for p in processed.glob("*.csv")}
    assert described == on_disk
    for resource in package["resources"]:
        header = (processed / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [field["name"] for field in resource["schema"]["fields"]] == header
        assert all(field["description"] for field in resource["schema"]["fields"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert any("mzemo.com" in source.get("path", "") for source in package["sources"])
    assert str(processed) not in (processed / "datapackage.json").read_text(encoding="utf-8")


def test_a_changed_file_fails_validation(processed, tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(processed, copy)
    groups = copy / "groups.csv"
    groups.write_text(groups.read_text(encoding="utf-8").replace("1500", "1600"), encoding="utf-8")
    assert not validate(copy / "datapackage.json").valid


def test_a_value_of_the_wrong_type_fails_validation(processed, tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(processed, copy)
    events = copy / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace(",day,", ",hour,", 1), encoding="utf-8")
    write_package(copy)  # fresh hashes: only the enum constraint can catch it
    assert not validate(copy / "datapackage.json").valid


def test_package_bytes_are_deterministic(processed):
    first = (processed / "datapackage.json").read_bytes()
    write_package(processed)
    assert (processed / "datapackage.json").read_bytes() == first
    assert json.loads(first) == build_package(processed)


def test_missing_file_is_refused(processed, tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(processed, copy)
    (copy / "mentions.csv").unlink()
    with pytest.raises(NewsfiguresError, match="mentions.csv: missing from the processed folder"):
        build_package(copy)


def test_resources_cover_the_architecture_and_the_storys_country_lists():
    listed = story_resources(load_story(ROOT))
    assert [r.path for r, _ in listed] == [
        "mentions.csv", "claims.csv", "unquantified.csv", "groups.csv", "events.csv", "lists.csv",
        "arms_suppliers.csv", "reference_series.csv", "source_check.csv", "attribution_check.csv",
    ]
    # A country list's own columns are described by the story's headings, so the data dictionary has them all.
    extra = dict(listed)[next(r for r, _ in listed if r.name == "arms_suppliers")]
    assert extra["continued_after_coup"].startswith("Continued after the coup (UN report)")


@pytest.mark.slow
def test_notebooks_reproduce_the_committed_outputs():
    (ROOT / "build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "build", prefix="test-notebooks-20-30-") as scratch:
        folder = Path(scratch)
        out = folder.relative_to(ROOT).as_posix()
        for name in ("mentions.csv", "claims.csv", "unquantified.csv"):
            shutil.copy(PROCESSED / name, folder / name)
        papermill = Path(sys.executable).with_name("papermill")
        runs = [
            ("notebooks/20-tidy-tables.ipynb", ["-p", "claims_path", f"{out}/claims.csv", "-p", "unquantified_path",
                                                f"{out}/unquantified.csv", "-p", "output_dir", out]),
            ("notebooks/30-check-sources.ipynb", ["-p", "claims_path", f"{out}/claims.csv", "-p", "tables_dir", out,
                                                  "-p", "output_dir", out]),
        ]
        for notebook, parameters in runs:
            result = subprocess.run(
                [str(papermill), notebook, str(folder / Path(notebook).name), "--kernel", "python3", *parameters],
                cwd=ROOT, capture_output=True, text=True,
            )
            assert result.returncode == 0, result.stderr[-2000:]
        for name in STEP_20_30_FILES:
            assert (folder / name).read_bytes() == (PROCESSED / name).read_bytes(), name
