"""Table schemas: one place for each field's name, type, checks and description.

Every table read (the reference CSVs, claims.csv) and every table written by steps 20 and 30 has a
pandera ``DataFrameModel`` here. The same models feed ``newsfigures.tables.datapackage``, so the data
dictionary in datapackage.json cannot drift from what the code checks.

Text columns that may be blank hold ``""`` (CSV files are read with ``keep_default_na=False``);
whole-number columns that may be blank use pandas' nullable ``Int64``. A field whose CSV text is a
date or another frictionless type is marked with ``metadata={"frictionless_type": ...}``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from newsfigures.errors import NewsfiguresError
from newsfigures.figures.annotation import REVIEW_STATES, VALUE_KINDS
from newsfigures.figures.numbers import QUALIFIERS
from newsfigures.vocabulary import ABOUT, ABOUT_KINDS, ATTRIBUTION_VERDICTS, VERDICTS  # noqa: F401 (re-exported)

REFERENCE_QUALIFIERS = ("exact", "approximate", "lower_bound")
_REVIEW = "reviewed, or draft: drafted by `newsfigures annotate` and not yet reviewed (its entry says draft: true)."
PRECISIONS = ("day", "month", "year")
# events.csv: whether a date is given (or follows with certainty from the text and the publication date)
# or is only the likeliest reading, which the report must flag as such.
DATE_BASES = ("stated", "inferred")

_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
_WHOLE = re.compile(r"[0-9]+")
_DATE_FORMS = {4: ("%Y", "year"), 7: ("%Y-%m", "month"), 10: ("%Y-%m-%d", "day")}
_DATE_SHAPE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def date_precision(text: str) -> str | None:
    """``day``, ``month`` or ``year`` for a valid ISO 8601 date of that precision; None otherwise
    (so "2022-13-01" and "2022-02-30" are not dates)."""
    if not _DATE_SHAPE.fullmatch(text):
        return None
    form, precision = _DATE_FORMS[len(text)]
    try:
        dt.datetime.strptime(text, form)
    except ValueError:
        return None
    return precision


def is_whole_number(text: str) -> bool:
    return bool(_WHOLE.fullmatch(text))


def _is_url_or_blank(text: str) -> bool:
    return text == "" or text.startswith(("https://", "http://"))


# --- raw inputs, as read (every column text) -------------------------------------------------


class ReferenceFiguresFile(pa.DataFrameModel):
    """data/raw/reference/reference_figures.csv as stored: one row per source figure."""

    indicator: Series[str] = pa.Field(description="What is counted (snake_case); rows sharing it form a series.")
    value: Series[str] = pa.Field(description="The figure, a whole number without separators.")
    qualifier: Series[str] = pa.Field(
        isin=REFERENCE_QUALIFIERS, description="exact, approximate ('about') or lower_bound ('at least', 'more than')."
    )
    unit: Series[str] = pa.Field(str_length={"min_value": 1}, description="What the value counts (people, events).")
    as_of: Series[str] = pa.Field(description="Date the figure refers to: YYYY-MM-DD, YYYY-MM or YYYY.")
    scope: Series[str] = pa.Field(description="Where and since when the figure counts.")
    source_org: Series[str] = pa.Field(str_length={"min_value": 1}, description="Who produced the figure.")
    document: Series[str] = pa.Field(description="The publication the figure appeared in.")
    url: Series[str] = pa.Field(description="Primary page where the figure was seen; blank if only a copy was read.")
    via: Series[str] = pa.Field(description="Secondary copy (site) the figure was read in, where that applies.")
    excerpt: Series[str] = pa.Field(description="Abridged wording of the source, thousands separators removed.")

    @pa.check("indicator", element_wise=True, error="is not a snake_case indicator name")
    def _indicator_is_snake_case(cls, text: str) -> bool:
        return bool(_SNAKE.fullmatch(text))

    @pa.check("value", element_wise=True, error="is not a whole number")
    def _value_is_whole(cls, text: str) -> bool:
        return is_whole_number(text) and int(text) < 2**63  # int64, as the table stores it

    @pa.check("as_of", element_wise=True, error="is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    def _as_of_is_date(cls, text: str) -> bool:
        return date_precision(text) is not None

    @pa.check("url", element_wise=True, error="is not an http(s) URL")
    def _url_is_url(cls, text: str) -> bool:
        return _is_url_or_blank(text)

    class Config:
        strict = True
        ordered = True
        # The same figure from the same source on the same date twice would be counted twice.
        unique = ["indicator", "as_of", "source_org", "value"]


class CountryReferenceFile(pa.DataFrameModel):
    """A reference table naming countries (story.yaml, country_lists: reference), as stored: one row per
    country, with its name and ISO code; its other columns are the story's own and kept as text."""

    country: Series[str] = pa.Field(str_length={"min_value": 1}, description="Country name as the reference gives it.")
    iso3: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}\Z", unique=True, description="ISO 3166-1 alpha-3 code.")


class ClaimsTable(pa.DataFrameModel):
    """claims.csv (step 10), as read by step 20: one row per figure the article states."""

    claim_id: Series[str] = pa.Field(unique=True, description="Figure id from data/raw/figures.yaml.")
    quote: Series[str] = pa.Field(description="The article's words for the figure; article[start:end] == quote.")
    start: Series[int] = pa.Field(ge=0, description="Character offset of the quote in article.txt (0-based).")
    end: Series[int] = pa.Field(ge=0, description="Character offset just after the quote.")
    value: Series[str] = pa.Field(
        description="The figure as text: a number (1500, 3.5), an ISO 8601 date, or a date and time; a range's low end."
    )
    value_to: Series[str] = pa.Field(description="A range's high end (\"55,000 to 62,000\"); blank if not a range.")
    value_kind: Series[str] = pa.Field(isin=VALUE_KINDS, description=", ".join(VALUE_KINDS) + ".")
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS, description="exact, approximate, lower_bound or upper_bound.")
    unit: Series[str] = pa.Field(description="What the value counts or measures.")
    measure: Series[str] = pa.Field(description="What is measured (killed, detained...).")
    subject: Series[str] = pa.Field(description="Who or what is counted.")
    period: Series[str] = pa.Field(description="The period the figure covers, as the article implies.")
    place: Series[str] = pa.Field(description="Where the figure applies.")
    attributed_to: Series[str] = pa.Field(description="The source the article credits; blank if none.")
    note: Series[str] = pa.Field(description="Annotator's note.")
    review: Series[str] = pa.Field(isin=REVIEW_STATES, description=_REVIEW)

    class Config:
        strict = "filter"


class UnquantifiedTable(pa.DataFrameModel):
    """unquantified.csv (step 10): things the article counts without a number."""

    item_id: Series[str] = pa.Field(unique=True, description="Item id from data/raw/figures.yaml.")
    quote: Series[str] = pa.Field(description="The article's words; article[start:end] == quote.")
    start: Series[int] = pa.Field(ge=0, description="Character offset of the quote in article.txt.")
    end: Series[int] = pa.Field(ge=0, description="Character offset just after the quote.")
    measure: Series[str] = pa.Field(description="What is counted without a number.")
    subject: Series[str] = pa.Field(description="Who is counted.")
    attributed_to: Series[str] = pa.Field(description="The source the article credits; blank if none.")
    note: Series[str] = pa.Field(description="Annotator's note.")
    review: Series[str] = pa.Field(isin=REVIEW_STATES, description=_REVIEW)

    class Config:
        strict = "filter"


class MentionsTable(pa.DataFrameModel):
    """mentions.csv (step 10): every numeric mention in the article (described here for datapackage.json)."""

    mention_id: Series[str] = pa.Field(unique=True, description="Id of the mention.")
    start: Series[int] = pa.Field(ge=0, description="Character offset of the mention in article.txt.")
    end: Series[int] = pa.Field(ge=0, description="Character offset just after the mention.")
    text: Series[str] = pa.Field(description="The mention as written.")
    kind: Series[str] = pa.Field(description="Form of the number: digits, words, ordinal, date, year...")
    value: Series[str] = pa.Field(description="Parsed value as text: integer, decimal or ISO 8601 date.")
    covered_by: Series[str] = pa.Field(description="The figure id or not-a-figure id that accounts for the mention.")
    review: Series[str] = pa.Field(isin=REVIEW_STATES, description="Whether that entry is reviewed or a draft.")


# --- step 20 ----------------------------------------------------------------------------------


class GroupsTable(pa.DataFrameModel):
    """groups.csv: the figures the article states together, by group (story.yaml, groups)."""

    group: Series[str] = pa.Field(description="The group's name in story.yaml.")
    measure: Series[str] = pa.Field(description="What the member measures, in a reader's words (snake_case).")
    claim_id: Series[str] = pa.Field(description="Figure id (claims.csv) or unquantified item id (unquantified.csv).")
    value: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="The number; blank when the article gives none.")
    qualifier: Series[str] = pa.Field(
        isin=(*QUALIFIERS, "unquantified"), description="How the article qualifies the number; unquantified if none."
    )
    unit: Series[str] = pa.Field(description="What the value counts.")
    quote: Series[str] = pa.Field(description="The article's words.")
    attributed_to: Series[str] = pa.Field(description="The source the article credits.")

    @pa.dataframe_check(error="a group member has a value with qualifier unquantified, or no value without it")
    def _value_iff_quantified(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["value"].isna() == (frame["qualifier"] == "unquantified")

    class Config:
        unique = ["group", "measure"]


class EventsTable(pa.DataFrameModel):
    """events.csv: dated events the article refers to."""

    event_id: Series[str] = pa.Field(unique=True, description="Short id of the event.")
    event: Series[str] = pa.Field(description="What happened.")
    date: Series[str] = pa.Field(description="ISO 8601 date at the precision known (YYYY-MM-DD, YYYY-MM, YYYY).")
    precision: Series[str] = pa.Field(isin=PRECISIONS, description="day, month or year: how precise date is.")
    date_basis: Series[str] = pa.Field(
        isin=DATE_BASES,
        description="stated: the article gives the date, or it follows with certainty from the article's words and its "
        "publication date; inferred: the likeliest reading of a date the article leaves open (note says what is inferred).",
    )
    claim_id: Series[str] = pa.Field(description="The figure (claims.csv) the date comes from or goes with; blank if none.")
    note: Series[str] = pa.Field(description="How the date was established and how certain it is.")

    @pa.dataframe_check(error="date does not have the stated precision")
    def _date_matches_precision(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["date"].map(date_precision) == frame["precision"]


class CountryListTable(pa.DataFrameModel):
    """<name>.csv (story.yaml, country_lists): the countries the article names in one list, joined with a
    reference table naming countries. The columns after these are the reference's, as story.yaml keeps them."""

    iso3: Series[str] = pa.Field(unique=True, str_matches=r"^[A-Z]{3}\Z", description="ISO 3166-1 alpha-3 code.")
    iso_numeric: Series[str] = pa.Field(str_matches=r"^[0-9]{3}\Z", description="ISO 3166-1 numeric code (3 digits, as text).")
    country: Series[str] = pa.Field(description="Country name, as the reference gives it (else as the article does).")
    named_in_article: Series[bool] = pa.Field(description="Whether the article names the country in the list.")
    counted_by_reference: Series[bool] = pa.Field(
        description="Whether the reference counts the country in the list (story.yaml: counted_by_reference)."
    )


class ListsTable(pa.DataFrameModel):
    """lists.csv: the lists the article gives in one run of words (story.yaml, lists), one row per item."""

    list: Series[str] = pa.Field(description="The list's name in story.yaml.")
    item: Series[str] = pa.Field(description="The item, a shared head noun completed ('light artillery').")
    quote: Series[str] = pa.Field(description="The article's words for it; article[start:end] == quote.")
    start: Series[int] = pa.Field(ge=0, description="Character offset of the quote in the article.")
    end: Series[int] = pa.Field(ge=0, description="Character offset just after the quote.")
    attributed_to: Series[str] = pa.Field(description="The source the article credits for the list.")

    class Config:
        unique = ["list", "item"]


class ReferenceSeriesTable(pa.DataFrameModel):
    """reference_series.csv: the reference figures made tidy, one row per source figure."""

    indicator: Series[str] = pa.Field(description="What is counted (snake_case); rows sharing it form a series.")
    date: Series[str] = pa.Field(description="Date the figure refers to, at the precision known (YYYY-MM-DD, YYYY-MM, YYYY).")
    precision: Series[str] = pa.Field(isin=PRECISIONS, description="day, month or year.")
    period_end: Series[str] = pa.Field(
        metadata={"frictionless_type": "date"}, description="Last day of the period date names, for ordering."
    )
    value: Series[int] = pa.Field(ge=0, description="The figure.")
    qualifier: Series[str] = pa.Field(isin=REFERENCE_QUALIFIERS, description="exact, approximate or lower_bound.")
    unit: Series[str] = pa.Field(description="What the value counts.")
    scope: Series[str] = pa.Field(description="Where and since when the figure counts.")
    source_org: Series[str] = pa.Field(description="Who produced the figure.")
    document: Series[str] = pa.Field(description="The publication the figure appeared in.")
    url: Series[str] = pa.Field(description="Primary page where the figure was seen; blank if only a copy was read.")
    via: Series[str] = pa.Field(description="Secondary copy the figure was read in.")
    evidence: Series[str] = pa.Field(
        isin=("primary", "secondary"), description="primary where a primary url was seen, else secondary."
    )
    excerpt: Series[str] = pa.Field(description="Abridged wording of the source; not verbatim.")

    class Config:
        unique = ["indicator", "date", "source_org", "value"]


# --- step 30 ----------------------------------------------------------------------------------


class SourceCheckTable(pa.DataFrameModel):
    """source_check.csv: each article figure a reference series covers, checked against it."""

    claim_id: Series[str] = pa.Field(unique=True, description="Figure id (claims.csv).")
    indicator: Series[str] = pa.Field(description="Reference indicators compared, separated by '; ' (blank if none).")
    article_value: Series[int] = pa.Field(ge=0, description="The article's figure.")
    reference_value: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="Latest reference figure on or before judged_as_of (blank if none)."
    )
    reference_date: Series[str] = pa.Field(description="Date of that figure, at its precision.")
    source: Series[str] = pa.Field(description="Source organisation and document of that figure.")
    verdict: Series[str] = pa.Field(isin=VERDICTS, description="consistent, outdated, misattributed, unverified or contradicted.")
    note: Series[str] = pa.Field(description="The verdict explained in plain words.")
    best_match_value: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="The reference figure the article's value matches best (blank if none)."
    )
    best_match_date: Series[str] = pa.Field(description="Date of the best-matching figure.")
    best_match_source: Series[str] = pa.Field(description="Source organisation and document of the best-matching figure.")
    judged_as_of: Series[str] = pa.Field(
        str_matches=r"^\d{4}-\d{2}-\d{2}$",
        description="The date the verdict is judged at: the article's publication date, or an earlier check date.")
    since_publication: Series[str] = pa.Field(
        description="The latest figure the sources published after the article, up to a later check date (blank if none or not asked).")


class AttributionCheckTable(pa.DataFrameModel):
    """attribution_check.csv: how the article names and credits its sources, checked."""

    check_id: Series[str] = pa.Field(unique=True, description="Id of the finding.")
    claim_id: Series[str] = pa.Field(description="Figure id the finding concerns; blank if it concerns no figure.")
    about: Series[str] = pa.Field(
        isin=ABOUT_KINDS, description="What the finding is about: " + "; ".join(
            f"{kind}, {about.meaning}" for kind, about in ABOUT.items()) + "."
    )
    article_says: Series[str] = pa.Field(description="The article's words, verbatim.")
    finding: Series[str] = pa.Field(description="What is right or wrong about them.")
    verdict: Series[str] = pa.Field(isin=ATTRIBUTION_VERDICTS, description="correct, incorrect, misleading or incomplete.")
    evidence: Series[str] = pa.Field(description="The evidence for the finding.")
    evidence_url: Series[str] = pa.Field(description="Where the evidence can be read, where known.")


# --- validation with one-line errors ----------------------------------------------------------


def _problem(check: str, failure: object) -> str:
    if check.startswith("isin("):
        allowed = re.findall(r"'([^']*)'", check)
        return f"{failure!r} is not one of {', '.join(a for a in allowed if a) or 'the allowed values'}"
    if check.startswith("str_matches("):
        return f"{failure!r} does not have the expected form {check[len('str_matches('):-1]}"
    if check.startswith("str_length("):
        return "is empty"
    if check.startswith("dtype("):
        return f"{failure!r} is not of type {check[len('dtype('):-1]}"
    if check == "not_nullable":
        return "is empty"
    if check.startswith(("greater_than", "less_than", "in_range")):
        return f"{failure!r} fails {check}"
    return f"{failure!r} {check}"


def validate(frame: pd.DataFrame, model: type[pa.DataFrameModel], shown: str | Path) -> pd.DataFrame:
    """``frame`` checked against ``model``; the first problem raises NewsfiguresError naming the file
    ``shown``, the spreadsheet row (header = row 1) and the field. ``frame`` must have a RangeIndex."""
    if frame.empty:
        # A table with no rows yet (a story with no reference data) has no values to infer types from: it
        # takes the schema's, so an empty table is valid as what it would hold.
        columns = model.to_schema().columns
        frame = frame.astype({name: columns[name].dtype.type for name in frame.columns if name in columns
                              and columns[name].dtype is not None})
    try:
        return model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise NewsfiguresError(_first_problem(errors.failure_cases, frame, str(shown))) from None


def _first_problem(cases: pd.DataFrame, frame: pd.DataFrame, shown: str) -> str:
    structural = cases[cases["index"].isna()]
    for case in structural.itertuples():
        if case.check == "column_in_dataframe":
            return f"{shown}: row 1, field {case.failure_case}: column is missing"
        if case.check == "column_in_schema":
            return f"{shown}: row 1, field {case.failure_case}: unexpected column"
        if case.check == "column_ordered":
            return f"{shown}: row 1, field {case.failure_case}: column out of order"
    cases = cases.dropna(subset=["index"]).copy()
    if cases.empty and not structural.empty:
        case = structural.iloc[0]
        return f"{shown}: field {case['column']}: {_problem(str(case['check']), case['failure_case'])}"
    cases["row"] = cases["index"].astype(int) + 2
    first = cases.sort_values(["row"], kind="stable").iloc[0]
    row, column, check = int(first["row"]), first["column"], str(first["check"])
    if "uniqueness" in check or check == "field_uniqueness":
        fields = [c for c in cases.loc[cases["check"] == check, "column"].unique() if c in frame.columns]
        if not fields:
            fields = [column]
        duplicated = frame.duplicated(subset=fields, keep=False)
        rows = [i + 2 for i in frame.index[duplicated] if frame.loc[i, fields].equals(frame.loc[row - 2, fields])]
        earlier = [r for r in rows if r != row]
        return (
            f"{shown}: row {max(rows)}, field {', '.join(fields)}: duplicate of row {min(earlier + [row])}"
            if len(rows) > 1
            else f"{shown}: row {row}, field {', '.join(fields)}: duplicate value"
        )
    if column not in frame.columns:
        # A check on the whole frame names no single field.
        return f"{shown}: row {row}: {check}"
    return f"{shown}: row {row}, field {column}: {_problem(check, first['failure_case'])}"


def read_csv(path: str | Path, model: type[pa.DataFrameModel], shown: str | Path | None = None) -> pd.DataFrame:
    """A processed CSV read back with the column types ``model`` declares, then validated."""
    name = str(shown or path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise NewsfiguresError(f"{name}: file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise NewsfiguresError(f"{name}: not a readable CSV file ({exc})") from None
    schema = model.to_schema()
    for column, spec in schema.columns.items():
        if column not in frame.columns:
            continue
        kind = str(spec.dtype)
        text = frame[column]
        if kind in ("int64", "Int64"):
            for position, cell in enumerate(text):
                if not (is_whole_number(cell) or (cell == "" and spec.nullable)):
                    raise NewsfiguresError(f"{name}: row {position + 2}, field {column}: {cell!r} is not a whole number")
            frame[column] = pd.array([None if c == "" else int(c) for c in text], dtype="Int64")
            if kind == "int64":
                frame[column] = frame[column].astype("int64")
        elif kind == "bool":
            mapping = {"True": True, "False": False, "true": True, "false": False}
            for position, cell in enumerate(text):
                if cell not in mapping:
                    raise NewsfiguresError(f"{name}: row {position + 2}, field {column}: {cell!r} is not True or False")
            frame[column] = text.map(mapping).astype(bool)
    return validate(frame, model, name)
