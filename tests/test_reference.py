"""The reference compilation is read strictly: each bad cell stops the load with a one-line message."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from newsfigures.errors import NewsfiguresError
from newsfigures.project.story import load_story
from newsfigures.tables.reference import load_country_reference, load_reference_figures, period_end

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "raw" / "reference"
SHOWN = "data/raw/reference/reference_figures.csv"


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    """A writable copy of the reference folder at the same place inside a scratch root."""
    target = tmp_path / "data" / "raw" / "reference"
    shutil.copytree(REFERENCE, target)
    return target


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _set_cell(path: Path, row: int, field: str, value: str) -> None:
    """Set a cell by spreadsheet row number (header = row 1)."""
    rows = _rows(path)
    rows[row - 1][rows[0].index(field)] = value
    _write(path, rows)


def _load_error(reference_dir: Path) -> str:
    with pytest.raises(NewsfiguresError) as caught:
        load_reference_figures(reference_dir, reference_dir.parents[2])
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_real_files_load_with_typed_values():
    figures = load_reference_figures(REFERENCE, ROOT)
    assert len(figures) == len(_rows(REFERENCE / "reference_figures.csv")) - 1
    assert figures["value"].dtype == "int64"
    assert set(figures["qualifier"]) <= {"exact", "approximate", "lower_bound"}
    arms = load_country_reference(REFERENCE / "arms_transfers_2022_report.csv", ROOT)
    assert "PAK" in set(arms["iso3"])


def test_malformed_number_names_file_row_and_field(reference_copy):
    _set_cell(reference_copy / "reference_figures.csv", 7, "value", "1,8x0")
    assert _load_error(reference_copy) == f"{SHOWN}: row 7, field value: '1,8x0' is not a whole number"


@pytest.mark.parametrize("bad_date", ["2022-13-01", "2022-02-30", "22-05-01", "2022/05/01"])
def test_impossible_or_malformed_date_is_refused(reference_copy, bad_date):
    _set_cell(reference_copy / "reference_figures.csv", 7, "as_of", bad_date)
    assert _load_error(reference_copy) == (
        f"{SHOWN}: row 7, field as_of: '{bad_date}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    )


def test_missing_column_is_named(reference_copy):
    path = reference_copy / "reference_figures.csv"
    rows = _rows(path)
    column = rows[0].index("as_of")
    _write(path, [row[:column] + row[column + 1 :] for row in rows])
    assert _load_error(reference_copy) == f"{SHOWN}: row 1, field as_of: column is missing"


def test_duplicate_row_names_both_rows(reference_copy):
    path = reference_copy / "reference_figures.csv"
    rows = _rows(path)
    _write(path, rows + [rows[2]])
    assert _load_error(reference_copy) == (
        f"{SHOWN}: row {len(rows) + 1}, field indicator, as_of, source_org, value: duplicate of row 3"
    )


def test_unknown_qualifier_is_refused(reference_copy):
    _set_cell(reference_copy / "reference_figures.csv", 4, "qualifier", "roughly")
    assert _load_error(reference_copy) == (
        f"{SHOWN}: row 4, field qualifier: 'roughly' is not one of exact, approximate, lower_bound"
    )


def test_first_problem_in_file_order_is_reported(reference_copy):
    path = reference_copy / "reference_figures.csv"
    _set_cell(path, 9, "value", "12a")
    _set_cell(path, 5, "as_of", "2021-00")
    assert _load_error(reference_copy).startswith(f"{SHOWN}: row 5, field as_of:")


def test_a_country_reference_refuses_a_value_the_story_does_not_allow(reference_copy):
    allowed = dict(load_story(ROOT).declared.country_lists["arms_suppliers"].allowed)
    _set_cell(reference_copy / "arms_transfers_2022_report.csv", 3, "continued_after_coup", "maybe")
    _set_cell(reference_copy / "arms_transfers_2022_report.csv", 5, "named_in_article", "Yes")
    with pytest.raises(NewsfiguresError, match=r"arms_transfers_2022_report.csv: row 3, field continued_after_coup: "
                       r"'maybe' is not one of yes, no, once; row 5, field named_in_article: 'Yes' is not one of yes, no$"):
        load_country_reference(reference_copy / "arms_transfers_2022_report.csv", reference_copy.parents[2], allowed)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(NewsfiguresError, match="reference_figures.csv: file not found"):
        load_reference_figures(tmp_path, tmp_path)


@pytest.mark.parametrize(
    ("date", "end"),
    [("2022-05-02", "2022-05-02"), ("2022-02", "2022-02-28"), ("2024-02", "2024-02-29"), ("2022", "2022-12-31")],
)
def test_period_end_is_last_day_of_the_period(date, end):
    assert period_end(date) == end
