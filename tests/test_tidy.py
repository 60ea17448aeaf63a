"""Step 20's tidy tables, built from the story's declaration: invariants, the unquantified disappeared, every
declaration problem at once, and nothing written on failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.project.story import load_story
from newsfigures.schemas import GroupsTable, read_csv
from newsfigures.tables.splitting import split_items
from newsfigures.tables.tidy import TABLE_FILES, build_tables, run_tidy

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "tables"
ARTICLE = ROOT / "data" / "raw" / "article.txt"
REFERENCE = ROOT / "data" / "raw" / "reference"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build_tables(FIXTURES / "claims.csv", FIXTURES / "unquantified.csv", REFERENCE, ARTICLE, ROOT)


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A scratch project root holding copies of the inputs, with the working folder set to it."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "newsfigures"\n', encoding="utf-8")
    shutil.copytree(REFERENCE, tmp_path / "data" / "raw" / "reference")
    shutil.copy(ARTICLE, tmp_path / "data" / "raw" / "article.txt")
    for name in ("story.yaml", "data/raw/sources.yaml"):  # the story's declaration and the publication date
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "data" / "processed").mkdir(parents=True)
    for name in ("claims.csv", "unquantified.csv"):
        shutil.copy(FIXTURES / name, tmp_path / "data" / "processed" / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(project: Path) -> dict[str, pd.DataFrame]:
    return run_tidy(
        "data/processed/claims.csv", "data/processed/unquantified.csv", "data/raw/reference",
        "data/raw/article.txt", "data/processed",
    )


def _toll(tables) -> pd.DataFrame:
    return tables["groups"][tables["groups"]["group"] == "toll"]


def _declare(project: Path, change) -> None:
    path = project / "story.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def test_toll_has_one_row_per_measure_in_people(tables):
    toll = _toll(tables)
    assert toll["measure"].is_unique
    assert set(toll["measure"]) == {"killed", "detained", "displaced", "defected_or_evacuated", "disappeared"}
    assert set(toll["unit"]) == {"people"}


def test_disappeared_keep_no_number(tables, project):
    disappeared = _toll(tables).set_index("measure").loc["disappeared"]
    assert pd.isna(disappeared["value"])
    assert disappeared["qualifier"] == "unquantified"
    assert "numerable" in disappeared["quote"]
    _run(project)
    written = (project / "data" / "processed" / "groups.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in written if line.startswith("toll,disappeared,"))
    assert row.split(",")[3] == ""  # the value cell is empty, not 0 or NaN
    reread = read_csv(project / "data" / "processed" / "groups.csv", GroupsTable)
    assert reread["value"].isna().sum() == 1


def test_toll_values_come_from_claims(tables):
    claims = pd.read_csv(FIXTURES / "claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    for row in _toll(tables).dropna(subset=["value"]).itertuples():
        assert str(row.value) == claims.loc[row.claim_id, "value"]
        assert row.qualifier == claims.loc[row.claim_id, "qualifier"]


def test_events_dates_and_precision(tables):
    events = tables["events"].set_index("event_id")
    assert events.index.is_unique
    assert events.loc["coup", ["date", "precision"]].tolist() == ["2021-02-01", "day"]
    assert events.loc["armed_forces_day", ["date", "precision"]].tolist() == ["2021-03-27", "day"]
    assert events.loc["article_published", ["date", "precision"]].tolist() == ["2022-05-02", "day"]
    arrest = events.loc["thura_arrest"]
    assert arrest["precision"] == "month" and len(arrest["date"]) == 7
    assert "no year" in arrest["note"]
    # The arrest's year is a reading of the story, not the article's word; the others are stated.
    assert arrest["date_basis"] == "inferred"
    assert set(events.drop(index="thura_arrest")["date_basis"]) == {"stated"}
    assert list(tables["events"]["date"]) == sorted(tables["events"]["date"])


def test_arms_suppliers_join_article_and_report(tables):
    arms = tables["arms_suppliers"].set_index("iso3")
    assert arms.index.is_unique
    named = set(arms.index[arms["named_in_article"]])
    assert named == {"RUS", "CHN", "BLR", "KOR", "UKR", "ISR", "IND", "SRB"}
    assert not arms.loc["PAK", "named_in_article"] and arms.loc["PAK", "counted_by_reference"]
    assert arms.loc["PAK", "transfers_since_2018"] == "yes"
    assert arms.loc["RUS", "iso_numeric"] == "643" and arms.loc["KOR", "iso_numeric"] == "410"
    declared = load_story(ROOT).declared.country_lists["arms_suppliers"]
    assert list(tables["arms_suppliers"].columns[5:]) == list(declared.columns)


def test_weapon_types_point_into_the_article(tables):
    article = ARTICLE.read_text(encoding="utf-8")
    words = load_story(ROOT).declared.lists["weapon_types"].words
    weapons = tables["lists"][tables["lists"]["list"] == "weapon_types"]
    assert weapons["item"].is_unique
    assert list(weapons["item"]) == [
        "jet planes", "attack helicopters", "light artillery", "heavy artillery", "armored vehicles", "missiles", "rockets",
    ]
    list_start = article.index(words)
    for row in weapons.itertuples():
        assert article[row.start : row.end] == row.quote
        assert list_start <= row.start < row.end <= list_start + len(words)


@pytest.mark.parametrize(("words", "items"), [
    ("Russia, China, and Serbia", ["Russia", "China", "Serbia"]),
    ("tanks and rockets", ["tanks", "rockets"]),
    ("light, and heavy artillery", ["light artillery", "heavy artillery"]),
    ("rice or wheat", ["rice", "wheat"]),
    ("one item", ["one item"]),
])
def test_a_list_splits_into_items_with_offsets(words, items):
    text = "He said " + words + "."
    found = split_items(words, 8)
    assert [item for item, _, _ in found] == items
    assert all(text[start:end].endswith(item.split()[-1]) for item, start, end in found)


def test_a_country_only_the_article_names_gets_its_iso_code(project):
    # The reference loses India: the article still names it, so it stays, coded by ISO 3166, uncounted.
    path = project / "data" / "raw" / "reference" / "arms_transfers_2022_report.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("India,")), encoding="utf-8")
    arms = _run(project)["arms_suppliers"].set_index("iso3")
    assert arms.loc["IND", ["iso_numeric", "named_in_article", "counted_by_reference", "status_note"]].tolist() == [
        "356", True, False, ""]


def test_every_declaration_problem_is_named_at_once(project):
    def break_it(document):
        document["groups"]["toll"]["members"]["killed"] = "killed_totl"
        document["groups"]["toll"]["members"]["when"] = "coup_date"
        document["lists"]["weapon_types"]["words"] = "tanks, planes"
        document["events"][0]["figure"] = "coup_day"
        document["country_lists"]["arms_suppliers"]["columns"]["colour"] = "Colour"

    _declare(project, break_it)
    with pytest.raises(NewsfiguresError) as caught:
        _run(project)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("story.yaml: ")
    for part in ("groups.toll.members, field killed: 'killed_totl' is not a figure",
                 "groups.toll.members, field when: coup_date is a date in 'day', but the group counts people",
                 "lists.weapon_types, field words: 'tanks, planes' is in the article 0 times",
                 "events entry 1 (coup), field figure: 'coup_day' is not a figure",
                 "country_lists.arms_suppliers: data/raw/reference/arms_transfers_2022_report.csv has no column colour"):
        assert part in message, part
    assert not any((project / "data" / "processed" / name).exists() for name in TABLE_FILES.values())


def test_reference_series_is_tidy(tables):
    series = tables["reference_series"]
    assert not series.duplicated(["indicator", "date", "source_org", "value"]).any()
    assert (series["period_end"].str.len() == 10).all()
    by_date = series.set_index(["indicator", "date"])
    assert by_date.loc[("defectors_soldiers_estimate_high", "2022"), "period_end"] == "2022-12-31"
    assert by_date.loc[("defectors_soldiers_and_police", "2021-12"), "period_end"] == "2021-12-31"
    assert set(series.loc[series["url"] == "", "evidence"]) == {"secondary"}
    assert set(series.loc[series["url"] != "", "evidence"]) == {"primary"}
    for indicator, group in series.groupby("indicator"):
        assert group["unit"].nunique() == 1, indicator


def test_bad_reference_leaves_processed_data_unchanged(project):
    _run(project)
    processed = project / "data" / "processed"
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    path = project / "data" / "raw" / "reference" / "reference_figures.csv"
    text = path.read_text(encoding="utf-8").replace(",1798,", ",1,8x0,")
    path.write_text(text.replace(",1,8x0,", ',"1,8x0",'), encoding="utf-8")
    # Make the other tables differ too, so a partial write would show.
    (project / "data" / "processed" / "claims.csv").write_text(
        (FIXTURES / "claims.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(NewsfiguresError, match=r"reference_figures.csv: row \d+, field value: '1,8x0' is not a whole number"):
        _run(project)
    after = {p.name: p.read_bytes() for p in processed.iterdir()}
    assert after == before


def test_stale_claim_offsets_are_refused(project):
    path = project / "data" / "processed" / "claims.csv"
    claims = pd.read_csv(path, dtype=str, keep_default_na=False)
    claims.loc[claims["claim_id"] == "killed_total", "start"] = "10"
    claims.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(NewsfiguresError, match="data/processed/claims.csv: row 6, field quote: killed_total"):
        _run(project)
    assert not any((project / "data" / "processed" / name).exists() for name in TABLE_FILES.values())


def test_arms_file_must_agree_with_the_article(project):
    path = project / "data" / "raw" / "reference" / "arms_transfers_2022_report.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("transfers before the coup but not after,no,", "transfers before the coup but not after,yes,"), encoding="utf-8")
    with pytest.raises(NewsfiguresError, match="field named_in_article: 'yes' but the article's list does not name Pakistan"):
        _run(project)


def test_output_is_deterministic(project):
    _run(project)
    first = {name: (project / "data" / "processed" / name).read_bytes() for name in TABLE_FILES.values()}
    _run(project)
    assert first == {name: (project / "data" / "processed" / name).read_bytes() for name in TABLE_FILES.values()}
    assert all(b"\r\n" not in data and str(project).encode() not in data for data in first.values())
