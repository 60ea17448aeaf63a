"""What a story declares it wants, beside its article and data package (`story.yaml`): its groups of
figures, its lists, its lists of countries joined with a reference table, its timeline, its charts and the
limitations of its sources. `docs/story.md` documents every key, with the first story as the worked example.

Only the declaration's own shape is checked here (keys, types, one declared thing naming another). Whether
a figure id is one of the article's figures is checked by the step that reads both, with a line naming the
key in `story.yaml`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValueError("is empty")
    return text


Text = Annotated[str, AfterValidator(_one_line)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]  # also a file name: lower case, digits, _


class _Declared(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Group(_Declared):
    """Figures the article states together; each member a measure and the figure (or unquantified item)."""

    title: Text
    unit: Text
    members: Annotated[dict[Name, Id], Field(min_length=1)]


class _Words(_Declared):
    """Words of the article, given as they stand or as the quote of a figure."""

    words: Text | None = None
    figure: Id | None = None

    @model_validator(mode="after")
    def _one_source_of_words(self):
        if (self.words is None) == (self.figure is None):
            raise ValueError("give either words (the article's words) or figure (a figure whose words they are)")
        return self


class ArticleList(_Words):
    item: Text  # what one item is: "crop", "weapon type"
    credited_to: str = ""  # the article's words naming the list's source; blank when it names none


class CountryList(_Words):
    reference: Text  # project-relative path of a CSV with columns country and iso3
    reference_name: Text  # how the report names the reference: "the UN Special Rapporteur's report"
    counted_by_reference: dict[Text, Text] = {}  # column -> value: the reference rows it counts in the list
    columns: dict[Text, Text] = {}  # reference column kept -> its heading in the report
    allowed: dict[Text, Annotated[list[Text], Field(min_length=1)]] = {}  # column -> the only values it may hold


class Event(_Declared):
    id: Name
    event: Text
    figure: Id | None = None
    date: str | None = None
    basis: Literal["stated", "inferred"] | None = None
    words: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _dated_once(self):
        if self.figure is not None:
            if self.date is not None or self.basis is not None:
                raise ValueError("an event tied to a figure takes its date from it: drop date and basis")
            return self
        missing = [key for key in ("date", "basis", "words", "note") if getattr(self, key) is None]
        if missing:
            raise ValueError(f"an event without a figure needs {', '.join(missing)}")
        if not _ISO_DATE.match(self.date):
            raise ValueError(f"date {self.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD (quote it in YAML)")
        return self


class _Chart(_Declared):
    title: Text
    shows: Text | None = None  # completes "Line chart of ..." in the description
    dek: Text | None = None  # opens the subtitle, before what the marks mean


class GroupChart(_Chart):
    kind: Literal["group"]
    group: Name


class ReferenceSeriesChart(_Chart):
    kind: Literal["reference_series"]
    figure: Id
    series: Annotated[dict[Id, Text], Field(min_length=1)]  # indicator -> legend label, the first one the main
    axis: Text


class EstimatesChart(_Chart):
    kind: Literal["estimates"]
    figure: Id
    series: Annotated[dict[Id, Text], Field(min_length=1)]  # indicator -> what it counts


class TimelineChart(_Chart):
    kind: Literal["timeline"]


class CountryMapChart(_Chart):
    kind: Literal["country_map"]
    country_list: Name
    colour_by: Text  # a column of the country list
    colours: Annotated[dict[Text, Text], Field(min_length=1)]  # value of that column -> legend words
    legend: Text
    focus: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None  # ISO3 of a country to mark


Chart = Annotated[Union[GroupChart, ReferenceSeriesChart, EstimatesChart, TimelineChart, CountryMapChart],
                  Field(discriminator="kind")]
CHART_KINDS = ("group", "reference_series", "estimates", "timeline", "country_map")


class Declaration(_Declared):
    groups: dict[Name, Group] = {}
    lists: dict[Name, ArticleList] = {}
    country_lists: dict[Name, CountryList] = {}
    events: list[Event] = []
    charts: dict[Name, Chart] = {}
    limitations: list[Text] = []



KEYS = tuple(Declaration.model_fields)


def _where(loc: tuple, document: dict) -> str:
    """('charts', 'totals', 'group', 'title') -> 'charts.totals, field title' (the chart kind's tag dropped);
    ('events', 2, 'note') -> 'events entry 3 (thura_arrest), field note'."""
    loc = list(loc)
    if len(loc) > 2 and loc[0] == "charts" and loc[2] in CHART_KINDS:
        del loc[2]
    key = loc[-1] == "[key]"
    if key:
        loc = loc[:-1]
    parts = []
    for number, part in enumerate(loc):
        if isinstance(part, int) and number == 1 and loc[0] == "events":
            entry = document.get("events")[part]
            name = entry.get("id") if isinstance(entry, dict) else None
            parts[-1] += f" entry {part + 1}" + (f" ({name})" if name else "")
        else:
            parts.append(str(part))
    if key:
        return ".".join(parts[:-1]) + f", key {parts[-1]!r}"
    if len(parts) == 1:
        return parts[0]
    return ".".join(parts[:-1]) + ", field " + parts[-1]


def _cross_references(document: dict) -> list[str]:
    """Declared things naming each other: read leniently, so that these are found beside any other problem."""
    def section(name: str) -> dict:
        value = document.get(name)
        return value if isinstance(value, dict) else {}

    problems = []
    events = document.get("events") if isinstance(document.get("events"), list) else []
    ids = [e.get("id") for e in events if isinstance(e, dict)]
    problems += [f"events: id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1}, key=str)]
    tables = set(section("groups")) | set(section("lists"))
    problems += [f"country_lists.{name}: the name is also a group's or a list's" for name in section("country_lists")
                 if name in tables]
    for name, chart in section("charts").items():
        chart = chart if isinstance(chart, dict) else {}
        kind = chart.get("kind")
        if kind == "group" and chart.get("group") not in section("groups"):
            problems.append(f"charts.{name}, field group: {chart.get('group')!r} is not declared under groups")
        if kind == "country_map" and chart.get("country_list") not in section("country_lists"):
            problems.append(f"charts.{name}, field country_list: {chart.get('country_list')!r} is not declared "
                            "under country_lists")
        if kind == "timeline" and not events:
            problems.append(f"charts.{name}: a timeline needs events")
    return problems


def _problem(error: dict, document: dict) -> str:
    kind, value = error["type"], error.get("input")
    where = _where(error["loc"], document)
    if kind == "missing":
        return f"{where}: missing"
    if kind == "extra_forbidden":
        return f"{where}: unknown key"
    if kind == "value_error" and not error["loc"]:
        return error["msg"].removeprefix("Value error, ")
    message = error["msg"].removeprefix("Value error, ")
    if isinstance(value, bool):
        message += " (YAML reads yes, no, on and off unquoted as true or false: quote them)"
    if kind == "union_tag_invalid":
        message = f"kind {value if not isinstance(value, dict) else value.get('kind')!r} is not one of " \
                  + ", ".join(CHART_KINDS)
    elif kind == "union_tag_not_found":
        message = "kind: missing (one of " + ", ".join(CHART_KINDS) + ")"
    elif kind == "string_pattern_mismatch":
        message = f"{value!r} must be lower-case letters, digits and _ (ISO3 codes: three capitals)"
    elif not isinstance(value, (dict, list)):
        message += f" (got {value!r})"
    return f"{where}: {message}" if where else message


def parse_declaration(document: dict) -> tuple[Declaration | None, list[str]]:
    """The declaration from the parsed story.yaml (its keys besides article and data_package), and every
    problem in it."""
    given = {key: document[key] for key in KEYS if key in document and document[key] is not None}
    references = _cross_references(given)
    try:
        declaration = Declaration.model_validate(given)
    except ValidationError as exc:
        return None, [_problem(error, given) for error in exc.errors(include_url=False)] + references
    return (None if references else declaration), references
