"""The human annotation of the article (data/raw/figures.yaml), loaded and checked field by field.

Three lists: ``figures`` (each number the article states as a fact), ``not_figures`` (number-like
words that are not figures: "one thing", "COVID-19") and ``unquantified`` (things the article
counts without a number). This module checks shape and types only; whether each quote is in the
article and says what the annotation claims is checked in ``newsfigures.figures.claims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsfigures.project.yamlfile import parse_yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.figures.numbers import QUALIFIERS, normalise_value

# percent and money are read from digits or words; rank from ordinals ("the third protest"); time is a
# clock time ("YYYY-MM-DDTHH:MM"), always inferred, since the day comes from the publication date.
VALUE_KINDS = ("count", "date", "year", "age", "duration", "percent", "money", "time", "rank")
# numeral: the number the quote writes; list_count: how many items the quote lists; inferred: resolved
# from words against the publication date ("on Tuesday", "last week", "tens of thousands"), with a note.
VALUE_SOURCES = ("numeral", "list_count", "inferred")
# An entry not yet reviewed carries `draft: true`; reviewing it is deleting that line.
REVIEW_STATES = ("draft", "reviewed")
_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Field:
    """One annotation field: its type, whether it must be present, whether it may be empty."""

    kind: str  # "text", "value", "count" (whole number >= 1), "flag" (true or false)
    required: bool = True
    may_be_empty: bool = False
    choices: tuple[str, ...] = ()


# Locating fields shared by every entry: ``occurrence`` (1 = first) or ``context`` (longer exact
# words holding the quote once) tell which of several identical quotes is meant.
_LOCATE = {
    "id": Field("text"),
    "draft": Field("flag", required=False),
    "quote": Field("text"),
    "occurrence": Field("count", required=False),
    "context": Field("text", required=False),
}
SCHEMAS: dict[str, dict[str, Field]] = {
    "figures": {
        **_LOCATE,
        "value": Field("value"),
        "value_to": Field("value", required=False),
        "value_from": Field("text", required=False, choices=VALUE_SOURCES),
        "value_kind": Field("text", choices=VALUE_KINDS),
        "qualifier": Field("text", choices=QUALIFIERS),
        "unit": Field("text"),
        "measure": Field("text"),
        "subject": Field("text"),
        "period": Field("text", may_be_empty=True),
        "place": Field("text", may_be_empty=True),
        "attributed_to": Field("text", may_be_empty=True),
        "note": Field("text", may_be_empty=True),
    },
    "not_figures": {**_LOCATE, "reason": Field("text")},
    "unquantified": {
        **_LOCATE,
        "measure": Field("text"),
        "subject": Field("text"),
        "attributed_to": Field("text", may_be_empty=True),
        "note": Field("text", may_be_empty=True),
    },
}


@dataclass(frozen=True)
class Annotation:
    """The checked annotation: each entry a dict holding every field of its section's schema
    (absent optional fields as None; ``value`` normalised to text, e.g. "1500" or "2021-02-01"; ``draft``
    True or False)."""

    figures: list[dict]
    not_figures: list[dict]
    unquantified: list[dict]


def load_annotation(path: str | Path, shown: str | None = None) -> Annotation:
    """Read and check the annotation; any problem raises NewsfiguresError naming the file and id/field."""
    name = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NewsfiguresError(f"{name}: annotation not found") from None
    except UnicodeDecodeError as exc:
        raise NewsfiguresError(f"{name}: annotation is not UTF-8 text (offset {exc.start})") from None
    except OSError as exc:
        raise NewsfiguresError(f"{name}: cannot read the annotation ({exc.strerror or exc})") from exc
    data = parse_yaml(text.removeprefix("\ufeff"), name)
    return check_annotation(data, name)


def check_annotation(data: object, name: str) -> Annotation:
    """Check parsed YAML against the schema (``name`` is the file as error messages show it)."""
    if not isinstance(data, dict):
        raise NewsfiguresError(f"{name}: expected a mapping with keys {', '.join(SCHEMAS)}")
    unknown = sorted(set(map(str, data)) - set(SCHEMAS))
    if unknown:
        raise NewsfiguresError(f"{name}: unknown top-level key {unknown[0]!r} (expected {', '.join(SCHEMAS)})")
    sections = {}
    seen: dict[str, str] = {}
    for section, schema in SCHEMAS.items():
        entries = data.get(section)
        if entries is None:
            if section == "figures":
                raise NewsfiguresError(f"{name}: missing top-level key 'figures'")
            entries = []
        if not isinstance(entries, list):
            raise NewsfiguresError(f"{name}: {section} must be a list of entries")
        checked = []
        for position, entry in enumerate(entries, start=1):
            record = _check_entry(entry, schema, f"{name}: {section}", position)
            if record["id"] in seen:
                raise NewsfiguresError(
                    f"{name}: {section}[{record['id']}]: duplicate id (also in {seen[record['id']]})"
                )
            seen[record["id"]] = section
            checked.append(record)
        sections[section] = checked
    return Annotation(**sections)


def _check_entry(entry: object, schema: dict[str, Field], where: str, position: int) -> dict:
    if not isinstance(entry, dict):
        raise NewsfiguresError(f"{where} entry {position}: expected a mapping of fields")
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not _ID.fullmatch(entry_id):
        raise NewsfiguresError(
            f"{where} entry {position}, field id: {entry_id!r} is not an id (lower-case letters, digits, _)"
        )
    label = f"{where}[{entry_id}]"
    unknown = sorted(set(map(str, entry)) - set(schema))
    if unknown:
        raise NewsfiguresError(f"{label}: unknown field {unknown[0]!r}")
    record: dict = {}
    for field_name, field in schema.items():
        if field_name not in entry or entry[field_name] is None:
            if field.required:
                raise NewsfiguresError(f"{label}, field {field_name}: missing")
            record[field_name] = None
            continue
        record[field_name] = _check_field(entry[field_name], field, f"{label}, field {field_name}")
    record["draft"] = bool(record["draft"])
    return record


def drafts(annotation: Annotation) -> list[tuple[str, dict]]:
    """The entries not yet reviewed, as (section, entry), in file order."""
    return [(section, entry) for section in SCHEMAS for entry in getattr(annotation, section) if entry["draft"]]


def _check_field(raw: object, field: Field, label: str) -> object:
    if field.kind == "value":
        value = normalise_value(raw)
        if value is None:
            raise NewsfiguresError(f"{label}: {raw!r} is not a number, an ISO 8601 date or a date and time")
        return value
    if field.kind == "flag":
        if not isinstance(raw, bool):
            raise NewsfiguresError(f"{label}: {raw!r} is not true or false")
        return raw
    if field.kind == "count":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise NewsfiguresError(f"{label}: {raw!r} is not a whole number of at least 1")
        return raw
    if not isinstance(raw, str):
        raise NewsfiguresError(f"{label}: expected text, got {type(raw).__name__} {raw!r}")
    if not raw.strip() and not field.may_be_empty:
        raise NewsfiguresError(f"{label}: empty")
    if field.choices and raw not in field.choices:
        raise NewsfiguresError(f"{label}: {raw!r} is not one of {', '.join(field.choices)}")
    return raw
