"""Loading and checking data/raw/figures.yaml: shape, types, choices, ids."""

from pathlib import Path

import pytest
import yaml

from newsfigures.figures.annotation import load_annotation
from newsfigures.errors import NewsfiguresError

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "figures.yaml"
PROJECT_ANNOTATION = Path(__file__).parent.parent / "data" / "raw" / "figures.yaml"
ARCHITECTURE_CLAIM_IDS = {
    "coup_date", "months_since_coup", "fifteenth_month", "armed_forces_day_killed", "killed_total",
    "detained_total", "displaced_total", "evacuated_total", "protester_age", "rally_size", "stothard_year",
    "sagaing_attacks", "arms_since_year", "arms_supplier_count", "japan_training_since",
}  # fmt: skip


def fixture_data() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "figures.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def figure(data: dict, figure_id: str) -> dict:
    return next(f for f in data["figures"] if f["id"] == figure_id)


def test_fixture_loads_with_values_normalised():
    annotation = load_annotation(FIXTURE)
    values = {f["id"]: f["value"] for f in annotation.figures}
    assert values["signatures"] == "1200" and values["march_date"] == "2022-03-01"
    assert figure({"figures": annotation.figures}, "marchers")["occurrence"] is None
    assert [n["id"] for n in annotation.not_figures] == ["nf_one_of_them", "nf_first_march"]
    assert annotation.unquantified[0]["id"] == "stayed_home"


def test_project_annotation_uses_exactly_the_architecture_ids():
    annotation = load_annotation(PROJECT_ANNOTATION)
    assert {f["id"] for f in annotation.figures} == ARCHITECTURE_CLAIM_IDS
    assert [u["id"] for u in annotation.unquantified] == ["disappeared"]


def test_unquoted_yaml_date_is_accepted_as_iso(tmp_path):
    data = fixture_data()
    path = tmp_path / "figures.yaml"
    text = yaml.safe_dump(data, sort_keys=False).replace("value: '2022-03-01'", "value: 2022-03-01")
    assert "value: 2022-03-01" in text
    path.write_text(text, encoding="utf-8")
    assert figure({"figures": load_annotation(path).figures}, "march_date")["value"] == "2022-03-01"


def test_malformed_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "figures.yaml"
    path.write_text("figures:\n  - id: a\n    quote: [unclosed\n", encoding="utf-8")
    with pytest.raises(NewsfiguresError, match=r"figures\.yaml: line \d+: malformed YAML"):
        load_annotation(path, "figures.yaml")


def test_only_safe_yaml_is_read(tmp_path):
    path = tmp_path / "figures.yaml"
    path.write_text("figures: !!python/object/apply:os.system ['echo unsafe']\n", encoding="utf-8")
    with pytest.raises(NewsfiguresError, match="malformed YAML"):
        load_annotation(path)


def test_missing_file(tmp_path):
    with pytest.raises(NewsfiguresError, match="annotation not found"):
        load_annotation(tmp_path / "nope.yaml", "data/raw/nope.yaml")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: figure(d, "marchers").pop("unit"), r"figures\[marchers\], field unit: missing"),
        (lambda d: figure(d, "marchers").update(value=[40]), r"figures\[marchers\], field value: \[40\] is not"),
        (lambda d: figure(d, "marchers").update(value="forty"), r"figures\[marchers\], field value: 'forty'"),
        (lambda d: figure(d, "marchers").update(unit=7), r"figures\[marchers\], field unit: expected text, got int"),
        (lambda d: figure(d, "marchers").update(measure="  "), r"figures\[marchers\], field measure: empty"),
        (lambda d: figure(d, "marchers").update(qualifier="roughly"), r"field qualifier: 'roughly' is not one of"),
        (lambda d: figure(d, "marchers").update(value_kind="amount"), r"field value_kind: 'amount' is not one of"),
        (lambda d: figure(d, "marchers").update(occurrence=0), r"field occurrence: 0 is not a whole number"),
        (lambda d: figure(d, "marchers").update(valeu=40), r"figures\[marchers\]: unknown field 'valeu'"),
        (lambda d: d["not_figures"][0].pop("reason"), r"not_figures\[nf_one_of_them\], field reason: missing"),
        (lambda d: d["unquantified"][0].update(quote=None), r"unquantified\[stayed_home\], field quote: missing"),
        (lambda d: figure(d, "marchers").update(id="Marchers!"), r"figures entry 2, field id: 'Marchers!'"),
        (lambda d: d.update(extra=[]), r"unknown top-level key 'extra'"),
        (lambda d: d.pop("figures"), r"missing top-level key 'figures'"),
        (lambda d: d.update(not_figures={"a": 1}), r"not_figures must be a list"),
    ],
)
def test_bad_fields_name_the_id_and_field(tmp_path, edit, message):
    data = fixture_data()
    edit(data)
    with pytest.raises(NewsfiguresError, match=message) as caught:
        load_annotation(write(tmp_path, data), "data/raw/figures.yaml")
    assert str(caught.value).startswith("data/raw/figures.yaml: ")
    assert "\n" not in str(caught.value)


def test_duplicate_ids_within_a_section(tmp_path):
    data = fixture_data()
    data["figures"].append(dict(figure(data, "marchers")))
    with pytest.raises(NewsfiguresError, match=r"figures\[marchers\]: duplicate id \(also in figures\)"):
        load_annotation(write(tmp_path, data))


def test_duplicate_ids_across_sections(tmp_path):
    data = fixture_data()
    data["not_figures"][0]["id"] = "marchers"
    with pytest.raises(NewsfiguresError, match=r"not_figures\[marchers\]: duplicate id \(also in figures\)"):
        load_annotation(write(tmp_path, data))
