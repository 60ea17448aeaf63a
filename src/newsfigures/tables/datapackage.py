"""data/processed/datapackage.json: a Frictionless data package describing every processed file.

Field names, types, constraints and descriptions come from the pandera models in
``newsfigures.schemas`` (one place for the data dictionary). Each resource records the file's
size and SHA-256, so a validator notices a file changed after the package was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandera.pandas as pa

from newsfigures.project.checksums import sha256_file
from newsfigures.project.atomic import write_json
from newsfigures.errors import NewsfiguresError
from newsfigures.schemas import (
    AttributionCheckTable,
    ClaimsTable,
    EventsTable,
    MentionsTable,
    ReferenceSeriesTable,
    SourceCheckTable,
    GroupsTable,
    ListsTable,
    UnquantifiedTable,
    CountryListTable,
)

PACKAGE_FILE = "datapackage.json"


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    model: type[pa.DataFrameModel]
    notebook: str
    description: str


RESOURCES = (
    Resource("mentions", "mentions.csv", MentionsTable, "notebooks/10-extract-figures.ipynb",
             "Every numeric mention in the article, with offsets, parsed value and the annotation entry that accounts for it."),
    Resource("claims", "claims.csv", ClaimsTable, "notebooks/10-extract-figures.ipynb",
             "One row per figure the article states, with the article's exact words and offsets."),
    Resource("unquantified", "unquantified.csv", UnquantifiedTable, "notebooks/10-extract-figures.ipynb",
             "Things the article counts without a number."),
    Resource("groups", "groups.csv", GroupsTable, "notebooks/20-tidy-tables.ipynb",
             "The figures the article states together, by group (story.yaml: groups), as the article states them."),
    Resource("events", "events.csv", EventsTable, "notebooks/20-tidy-tables.ipynb",
             "Dated events the article refers to, with the precision the text supports."),
    Resource("lists", "lists.csv", ListsTable, "notebooks/20-tidy-tables.ipynb",
             "The lists the article gives in one run of words (story.yaml: lists), one row per item, with offsets."),
    Resource("reference_series", "reference_series.csv", ReferenceSeriesTable, "notebooks/20-tidy-tables.ipynb",
             "Reference figures from primary and reputable sources, tidy, one row per figure."),
    Resource("source_check", "source_check.csv", SourceCheckTable, "notebooks/30-check-sources.ipynb",
             "Each article figure a reference series covers, with the latest source figure, the best match and a verdict."),
    Resource("attribution_check", "attribution_check.csv", AttributionCheckTable, "notebooks/30-check-sources.ipynb",
             "How the article names and credits its sources, checked against the evidence."),
)

_TYPES = {"string[python]": "string", "str": "string", "string": "string", "int64": "integer", "Int64": "integer", "bool": "boolean"}


def table_schema(model: type[pa.DataFrameModel]) -> dict:
    """A Frictionless Table Schema from a pandera model: names, types, descriptions, constraints."""
    fields = []
    primary_key = []
    for name, column in model.to_schema().columns.items():
        metadata = column.metadata or {}
        kind = metadata.get("frictionless_type") or _TYPES.get(str(column.dtype))
        if kind is None:
            raise NewsfiguresError(f"schema {model.__name__}, field {name}: no Frictionless type for {column.dtype}")
        field = {"name": name, "type": kind, "description": column.description or ""}
        constraints = {}
        for check in column.checks:
            stats = check.statistics or {}
            if check.name == "isin":
                # A blank cell is a missing value to Frictionless, not an enum member.
                constraints["enum"] = [value for value in stats["allowed_values"] if value != ""]
            elif check.name == "greater_than_or_equal_to":
                constraints["minimum"] = stats["min_value"]
            elif check.name == "str_matches":
                constraints["pattern"] = stats["pattern"].removeprefix("^").removesuffix("$").removesuffix(r"\Z")  # Table Schema patterns are anchored
        if column.unique:
            constraints["unique"] = True
            primary_key.append(name)
        if kind == "boolean":
            field.update(trueValues=["True"], falseValues=["False"])
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if len(primary_key) == 1:
        schema["primaryKey"] = primary_key
    return schema


def _with_fields(schema: dict, extra: dict[str, str]) -> dict:
    schema["fields"] += [{"name": name, "type": "string", "description": text} for name, text in extra.items()]
    return schema


def story_resources(story) -> list[tuple[Resource, dict[str, str]]]:
    """Every processed file of ``story``, each with the fields it has beyond its model's (name ->
    description): a country list keeps columns of its reference, described by story.yaml's headings."""
    listed = [(resource, {}) for resource in RESOURCES]
    at = next(i for i, (resource, _) in enumerate(listed) if resource.name == "lists") + 1
    for name, declared in story.declared.country_lists.items():
        resource = Resource(name, f"{name}.csv", CountryListTable, "notebooks/20-tidy-tables.ipynb",
                            f"The countries the article names in one list (story.yaml: country_lists.{name}), "
                            f"joined with {declared.reference_name} ({declared.reference}).")
        extra = {column: f"{heading} (column {column} of {declared.reference})"
                 for column, heading in declared.columns.items()}
        listed.insert(at, (resource, extra))
        at += 1
    return listed


def build_package(processed_dir: Path, root: Path | None = None) -> dict:
    """The package descriptor for the files in ``processed_dir``; every file must exist. Its own metadata
    (name, title, description, sources) is the story's, from story.yaml of the project at ``root``."""
    from newsfigures.project.paths import project_root
    from newsfigures.project.story import article_citation, load_story

    story = load_story(root or project_root())
    resources = []
    for resource, extra in story_resources(story):
        file = Path(processed_dir) / resource.path
        if not file.is_file():
            raise NewsfiguresError(f"{resource.path}: missing from the processed folder (run {resource.notebook} first)")
        resources.append(
            {
                "name": resource.name,
                "path": resource.path,
                "title": resource.path,
                "description": f"{resource.description} Produced by {resource.notebook}.",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": file.stat().st_size,
                "hash": f"sha256:{sha256_file(file)}",
                "schema": _with_fields(table_schema(resource.model), extra),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": story.package_name,
        "title": story.package_title,
        "description": story.package_description,
        "version": "0.1.0",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0 International",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "sources": [{"title": article_citation(story.article), **({"path": story.article.url} if story.article.url else {})},
                    *story.package_sources],
        "contributors": [{"title": "newsfigures data desk", "role": "author"}],
        "resources": resources,
    }


def write_package(processed_dir: Path, root: Path | None = None) -> Path:
    return write_json(Path(processed_dir) / PACKAGE_FILE, build_package(processed_dir, root))
