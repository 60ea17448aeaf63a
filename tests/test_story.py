"""story.yaml: the story's declaration, read and checked key by key, every problem in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.project.story import article_citation, load_story

ROOT = Path(__file__).resolve().parents[1]


def _project(tmp_path: Path, change=None) -> Path:
    shutil.copytree(ROOT / "data/raw", tmp_path / "data/raw")
    document = yaml.safe_load((ROOT / "story.yaml").read_text(encoding="utf-8"))
    if change:
        change(document)
    (tmp_path / "story.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    return tmp_path


def test_the_projects_story_is_read_with_its_publication_date_from_sources():
    story = load_story(ROOT)
    assert story.article.published == "2022-05-02"
    assert article_citation(story.article) == f"{story.article.title} ({story.article.publisher}, 2 May 2022)"
    assert story.package_sources and all("title" in s for s in story.package_sources)


def test_every_problem_is_named_in_one_line(tmp_path):
    def break_it(document):
        document["article"]["url"] = "mzemo.com/2022"
        document["article"]["file"] = "data/raw/missing.txt"
        document["data_package"]["name"] = "Myanmar Coup"
        document["data_package"]["sources"].append({"path": "https://example.org"})
        document["chart"] = []

    with pytest.raises(NewsfiguresError) as caught:
        load_story(_project(tmp_path, break_it))
    message = str(caught.value)
    assert "\n" not in message and message.startswith("story.yaml: ")
    for part in ("unknown key 'chart'", "article, field url: 'mzemo.com/2022' is not a web address",
                 "article, field file: data/raw/missing.txt does not exist",
                 "data_package, field name: 'Myanmar Coup' must be lower-case",
                 "data_package, sources entry 3: expected a title"):
        assert part in message, part


def test_a_missing_section_is_named(tmp_path):
    with pytest.raises(NewsfiguresError, match=r"^story\.yaml: data_package: missing"):
        load_story(_project(tmp_path, lambda d: d.pop("data_package")))


def test_the_declaration_is_checked_key_by_key_every_problem_at_once(tmp_path):
    def break_it(document):
        document["charts"]["toll"]["group"] = "tol"
        document["charts"]["pie"] = {"kind": "pie", "title": "A pie"}
        document["charts"]["arms_suppliers_map"]["colours"] = {True: "continued"}
        document["events"][2].pop("note")
        document["groups"]["toll"]["members"]["Killed"] = "killed_total"
        document["charts"]["timeline"]["colour"] = "red"

    with pytest.raises(NewsfiguresError) as caught:
        load_story(_project(tmp_path, break_it))
    message = str(caught.value)
    assert "\n" not in message and message.startswith("story.yaml: ")
    for part in ("charts.toll, field group: 'tol' is not declared under groups",
                 "charts, field pie: kind 'pie' is not one of group, reference_series, estimates, timeline, country_map",
                 "YAML reads yes, no, on and off unquoted as true or false: quote them",
                 "events entry 3 (thura_arrest): an event without a figure needs note",
                 "groups.toll.members, key 'Killed'",
                 "charts.timeline, field colour: unknown key"):
        assert part in message, part


def test_the_projects_declaration_names_what_the_report_draws():
    declared = load_story(ROOT).declared
    assert [chart.kind for chart in declared.charts.values()] == [
        "group", "reference_series", "reference_series", "estimates", "country_map", "estimates", "timeline"]
    assert set(declared.groups) == {"toll"} and set(declared.country_lists) == {"arms_suppliers"}


def test_pipeline_yaml_lists_every_table_the_declaration_makes():
    # A country list writes <name>.csv: step 20 must declare it, or the build would not track it.
    from newsfigures.tables.tidy import table_files

    pipeline = yaml.safe_load((ROOT / "pipeline.yaml").read_text(encoding="utf-8"))
    outputs = pipeline["steps"]["20-tidy-tables"]["outputs"]
    assert sorted(outputs) == sorted(f"data/processed/{name}" for name in table_files(load_story(ROOT)).values())
