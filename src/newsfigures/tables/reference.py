"""The reference compilation (data/raw/reference/), loaded strictly.

Every cell is read as text and checked against the schemas in ``newsfigures.schemas`` before any
conversion, so a malformed number ("1,8x0"), an impossible date ("2022-13-01"), a missing column,
a duplicate row or an unknown qualifier stops the step with one line naming the file, the row
(header = row 1) and the field.
"""

from __future__ import annotations

import calendar
import csv
from pathlib import Path

import pandas as pd

from newsfigures.errors import NewsfiguresError
from newsfigures.project.paths import shown as shown_path
from newsfigures.schemas import CountryReferenceFile, ReferenceFiguresFile, date_precision, validate

FIGURES_FILE = "reference_figures.csv"


def read_text_table(path: Path, shown: str) -> pd.DataFrame:
    """A CSV with every cell as text and blanks kept as "" (never NaN), rows in file order.

    A byte-order mark (as spreadsheet programs save) is accepted, and blank lines at the end are ignored;
    a blank line between rows, or a row whose fields do not match the header, is an error, every such row
    named in one message.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle, strict=True))
    except FileNotFoundError:
        raise NewsfiguresError(f"{shown}: file not found") from None
    except IsADirectoryError:
        raise NewsfiguresError(f"{shown}: is a folder, not a file") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise NewsfiguresError(f"{shown}: not a readable CSV file ({exc})") from None
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise NewsfiguresError(f"{shown}: not a readable CSV file (it is empty)")
    header = rows[0]
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            problems.append(f"row {number}: blank line between rows")
        elif len(row) != len(header):
            problems.append(f"row {number}: {len(row)} fields, but the header has {len(header)}")
    if problems:
        raise NewsfiguresError(f"{shown}: {'; '.join(problems)}")
    return pd.DataFrame(rows[1:], columns=header, dtype=str)


def load_reference_figures(reference_dir: str | Path, root: Path | None = None) -> pd.DataFrame:
    """reference_figures.csv checked cell by cell; ``value`` as int, the rest as text."""
    path = Path(reference_dir) / FIGURES_FILE
    shown = shown_path(path, root)
    frame = validate(read_text_table(path, shown), ReferenceFiguresFile, shown)
    return frame.assign(value=frame["value"].astype("int64"))


def load_country_reference(path: Path, root: Path | None = None,
                           allowed: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """A reference table naming countries (story.yaml, country_lists: reference), all text: ``country`` and
    ``iso3`` checked, and every column ``allowed`` names holding only the values listed for it (every
    cell that does not, named at once)."""
    shown = shown_path(Path(path), root)
    frame = validate(read_text_table(Path(path), shown), CountryReferenceFile, shown)
    problems = [f"row 1, field {column}: column is missing" for column in (allowed or {}) if column not in frame]
    for column, values in (allowed or {}).items():
        if column in frame:
            problems += [f"row {number}, field {column}: {cell!r} is not one of {', '.join(values)}"
                         for number, cell in enumerate(frame[column], start=2) if cell not in values]
    if problems:
        raise NewsfiguresError(f"{shown}: {'; '.join(problems)}")
    return frame


def period_end(date: str) -> str:
    """The last day of the period an ISO date names: 2022-02 -> 2022-02-28, 2022 -> 2022-12-31."""
    precision = date_precision(date)
    if precision == "day":
        return date
    if precision == "month":
        year, month = (int(part) for part in date.split("-"))
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    if precision == "year":
        return f"{date}-12-31"
    raise NewsfiguresError(f"{date!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
