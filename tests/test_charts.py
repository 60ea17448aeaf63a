"""The charts: valid Vega-Lite, titled, described and sourced, honest about the article's figures, reproducible."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import pytest

from newsfigures.charts import build_charts, load_tables, save_charts, spec_of
from newsfigures.charts.output import save_chart
from newsfigures.errors import NewsfiguresError
from newsfigures.project.story import load_story

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "charts"
GEO = ROOT / "data" / "raw" / "geo" / "countries-110m.json"
STORY = load_story(ROOT)
CHART_NAMES = tuple(STORY.declared.charts)


@pytest.fixture(scope="module")
def charts():
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(FIXTURES, GEO, STORY, ROOT), STORY)
        yield {name: (spec_of(chart), text) for name, (chart, text) in built.items()}


def _strings(node):
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def test_every_chart_is_built(charts):
    assert tuple(charts) == CHART_NAMES


def test_every_spec_validates_against_the_vega_lite_schema(charts):
    import jsonschema

    schema_path = Path(alt.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
    validator = jsonschema.Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    for name, (spec, _) in charts.items():
        errors = list(validator.iter_errors(spec))
        assert not errors, f"{name}: {errors[0].message[:200]}"


def test_every_chart_has_title_description_source_and_tooltips(charts):
    for name, (spec, text) in charts.items():
        assert spec["title"]["text"] == text.title and text.title, name
        assert spec["description"] == text.description and len(text.description) > 40, name
        subtitle = " ".join(spec["title"]["subtitle"])
        assert text.source.startswith("Source: ") and "Source: " in subtitle, name
        assert '"tooltip"' in json.dumps(spec), name


def test_the_theme_names_source_sans_pro_everywhere(charts):
    config = charts["toll"][0]["config"]
    assert config["font"] == "Source Sans Pro"
    assert config["title"]["font"] == config["title"]["subtitleFont"] == "Source Sans Pro"
    assert config["axis"]["labelFont"] == config["legend"]["labelFont"] == "Source Sans Pro"
    assert config["title"]["anchor"] == "start"


def test_specs_carry_their_data_inline(charts):
    for name, (spec, _) in charts.items():
        assert '"url":' not in json.dumps({k: v for k, v in spec.items() if k != "datasets"}), name
        assert spec["datasets"], name


def test_the_toll_draws_no_number_for_the_disappeared(charts):
    spec, text = charts["toll"]
    rows = [row for data in spec["datasets"].values() for row in data if row.get("measure") == "disappeared"]
    assert rows, "the disappeared are not in the toll chart"
    for row in rows:
        assert row.get("value") in (None, ""), row
        assert "count" not in row, "a disappeared row has a position on the number axis"
        assert not re.search(r"\d", row["label"]), row["label"]
    assert "no figure is drawn" in text.description


def test_the_toll_says_over_for_lower_bounds(charts):
    spec, _ = charts["toll"]
    killed = [row for data in spec["datasets"].values() for row in data if row.get("measure") == "killed"][0]
    assert killed["label"] == "over 1,500 killed"
    assert killed["arrow_end"] > killed["count"]


def test_the_time_charts_mark_the_article_and_its_publication(charts):
    for name, value in [("killed_over_time", "over 1,500"), ("displaced_over_time", "300,000")]:
        strings = _strings(charts[name][0])
        assert f"Article: {value}" in strings, name
        assert "Article published 2 May 2022" in strings, name


def test_the_timeline_flags_an_inferred_date(charts):
    spec, text = charts["timeline"]
    rows = {row["event_id"]: row for data in spec["datasets"].values() for row in data}
    assert rows["thura_arrest"]["row"].startswith("Apr 2021 (inferred): ")
    assert rows["thura_arrest"]["dated"] == "inferred, not stated"
    assert rows["coup"]["row"].startswith("1 Feb 2021: ") and rows["coup"]["dated"] == "stated in the article"
    assert "Apr 2021 (inferred), Thura" in text.description
    assert "inferred" in " ".join(_strings(spec["title"]))
    legends = [layer["encoding"]["opacity"] for layer in spec["layer"] if "opacity" in layer.get("encoding", {})]
    assert legends and all(o["scale"]["domain"] == ["stated in the article", "inferred, not stated"] for o in legends)


def test_the_map_marks_myanmar_and_every_supplier(charts):
    spec, text = charts["arms_suppliers_map"]
    rows = [row for name, data in spec["datasets"].items() if name != "world-110m" for row in data]
    countries = {row["country"] for row in rows if "country" in row and "lon" in row}
    assert countries == {"Belarus", "China", "India", "Israel", "Pakistan", "Russia", "Serbia", "South Korea", "Ukraine"}
    assert any(row.get("label") == "Myanmar" and "lon" in row for row in rows)
    assert "datum.id === '104'" in json.dumps(spec)
    assert "Pakistan (not in article)" in {row.get("label") for row in rows}
    assert spec["datasets"]["world-110m"]["type"] == "Topology"


def test_a_missing_claim_is_named(tmp_path):
    for name in ("groups.csv", "events.csv", "arms_suppliers.csv", "reference_series.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    lines = (FIXTURES / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "claims.csv").write_text("".join(l for l in lines if not l.startswith("killed_total,")), "utf-8")
    with pytest.raises(NewsfiguresError, match="killed_total"):
        build_charts(load_tables(tmp_path, GEO, STORY), STORY)


def _fixtures_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The chart fixtures copied into ``tmp_path``, with the first ``old`` in file ``name`` replaced by ``new``."""
    for fixture in FIXTURES.glob("*.csv"):
        shutil.copy(fixture, tmp_path / fixture.name)
    path = tmp_path / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return tmp_path


def test_a_bad_reference_value_names_file_row_and_field(tmp_path):
    _fixtures_with(tmp_path, "reference_series.csv", ",6060,", ",6O60,")
    with pytest.raises(NewsfiguresError, match=r"reference_series.csv: row 2, field value"):
        load_tables(tmp_path, GEO, STORY)


def test_another_story_declares_other_charts_of_the_same_kinds():
    # A story wanting only two charts, under its own names, with its own words: the engine draws just those.
    charts = {
        "events_of_the_story": {"kind": "timeline", "title": "When it happened", "shows": "the story's events"},
        "how_many_died": {"kind": "estimates", "figure": "armed_forces_day_killed", "title": "Deaths, by source",
                          "series": {"armed_forces_day_2021_killed": "killed"}, "dek": "Sources disagree"},
    }
    story = STORY.__class__(**{**STORY.__dict__, "declared": STORY.declared.model_validate(
        {**STORY.declared.model_dump(), "charts": charts})})
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(FIXTURES, GEO, story, ROOT), story)
    assert list(built) == ["events_of_the_story", "how_many_died"]
    _, text = built["how_many_died"]
    assert text.title == "Deaths, by source"
    assert text.description.startswith("Dot chart of killed by source and date of report: ")
    assert "Sources disagree; arrows mark figures given as a lower bound" in " ".join(
        spec_of(built["how_many_died"][0])["title"]["subtitle"])
    assert built["events_of_the_story"][1].description.startswith("Timeline of the story's events: ")


def test_a_map_value_without_words_is_named(tmp_path):
    _fixtures_with(tmp_path, "arms_suppliers.csv", ",yes,once,", ",yes,maybe,")
    with pytest.raises(NewsfiguresError, match=r"story.yaml: charts, field colours: no words for 'maybe'"):
        build_charts(load_tables(tmp_path, GEO, STORY), STORY)


@pytest.mark.slow
def test_saving_twice_gives_identical_bytes_and_the_svg_names_the_font(tmp_path):
    with alt.theme.enable("newsroom"):
        built = build_charts(load_tables(FIXTURES, GEO, STORY, ROOT), STORY)
        chart = built["toll"][0]
        first = [p.read_bytes() for p in save_chart(chart, "toll", tmp_path / "a")]
        second = [p.read_bytes() for p in save_chart(chart, "toll", tmp_path / "b")]
    assert first == second
    svg = first[1].decode("utf-8")
    families = set(re.findall(r'font-family="([^"]+)"', svg))
    assert families == {"Source Sans Pro"}, families
    assert first[2].startswith(b"\x89PNG")


@pytest.mark.slow
def test_the_notebook_reproduces_the_committed_figures():
    committed = ROOT / "report" / "figures"
    if not (committed / "index.json").exists():
        pytest.fail("report/figures has not been written: run notebooks/40-charts.ipynb")
    (ROOT / "build").mkdir(exist_ok=True)
    import tempfile

    with tempfile.TemporaryDirectory(dir=ROOT / "build", prefix="test-charts-") as scratch:
        out = Path(scratch)
        subprocess.run(
            [sys.executable, "-m", "papermill", "notebooks/40-charts.ipynb", str(out / "40-charts.ipynb"),
             "-p", "figures_dir", str(out.relative_to(ROOT) / "figures"), "--no-progress-bar"],
            cwd=ROOT, check=True, capture_output=True,
        )
        written = sorted(p.name for p in (out / "figures").iterdir())
        assert written == sorted(p.name for p in committed.iterdir() if not p.name.startswith("."))
        index = json.loads((out / "figures" / "index.json").read_text(encoding="utf-8"))
        assert [entry["name"] for entry in index] == list(CHART_NAMES)
        for name in written:
            assert (out / "figures" / name).read_bytes() == (committed / name).read_bytes(), name
