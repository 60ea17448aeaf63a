"""Step 20: the tidy tables the story declares (groups, lists, country lists, events) and the reference series.

Each table is built from files only (claims.csv, unquantified.csv, the reference data, the article and
story.yaml), validated against its schema in ``newsfigures.schemas``, and only when every table is valid
are they written; a failure leaves data/processed/ as it was. A declaration naming a figure the article
does not have, or words it does not contain, is reported with every other such problem in one line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsfigures.errors import NewsfiguresError
from newsfigures.figures.article import load_article
from newsfigures.project.atomic import write_csv
from newsfigures.project.paths import project_root, resolve
from newsfigures.project.paths import shown as shown_path
from newsfigures.project.story import STORY_FILE, Story, load_story
from newsfigures.schemas import (
    ClaimsTable,
    CountryListTable,
    EventsTable,
    GroupsTable,
    ListsTable,
    ReferenceSeriesTable,
    UnquantifiedTable,
    date_precision,
    read_csv,
    validate,
)
from newsfigures.tables import countries, events, groups, lists
from newsfigures.tables.reference import load_reference_figures, period_end

# The tables every story has; a country list is written as <its name>.csv beside them.
TABLE_FILES = {
    "groups": "groups.csv",
    "lists": "lists.csv",
    "events": "events.csv",
    "reference_series": "reference_series.csv",
}


def table_files(story: Story) -> dict[str, str]:
    """Table name -> file name of every step-20 table of ``story``."""
    return {**TABLE_FILES, **{name: f"{name}.csv" for name in story.declared.country_lists}}


def _check_quotes(frame: pd.DataFrame, article: str, shown: str, id_column: str) -> None:
    """Offsets must still point at the quotes: a stale claims file would otherwise pass silently."""
    for row, item in enumerate(frame.itertuples(index=False), start=2):
        if article[item.start : item.end] != item.quote:
            raise NewsfiguresError(
                f"{shown}: row {row}, field quote: {getattr(item, id_column)} quote {item.quote!r} "
                f"is not at article[{item.start}:{item.end}]"
            )


def load_claims(path: Path, article: str, root: Path | None = None) -> pd.DataFrame:
    shown = shown_path(path, root)
    claims = read_csv(path, ClaimsTable, shown)
    _check_quotes(claims, article, shown, "claim_id")
    return claims


def load_unquantified(path: Path, article: str, root: Path | None = None) -> pd.DataFrame:
    shown = shown_path(path, root)
    items = read_csv(path, UnquantifiedTable, shown)
    _check_quotes(items, article, shown, "item_id")
    return items


def build_reference_series(figures: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "indicator": figures["indicator"],
            "date": figures["as_of"],
            "precision": figures["as_of"].map(date_precision),
            "period_end": figures["as_of"].map(period_end),
            "value": figures["value"].astype("int64"),
            "qualifier": figures["qualifier"],
            "unit": figures["unit"],
            "scope": figures["scope"],
            "source_org": figures["source_org"],
            "document": figures["document"],
            "url": figures["url"],
            "via": figures["via"],
            "evidence": figures["url"].map(lambda url: "primary" if url else "secondary"),
            "excerpt": figures["excerpt"],
        }
    )
    return frame.sort_values(["indicator", "period_end", "date", "source_org", "value"]).reset_index(drop=True)


def build_tables(
    claims_path: Path,
    unquantified_path: Path,
    reference_dir: Path,
    article_path: Path,
    root: Path | None = None,
) -> dict[str, pd.DataFrame]:
    """All step-20 tables, each validated against its schema; nothing is written. The declaration comes
    from story.yaml of the project at ``root`` (default: the one holding the working folder)."""
    root = root or project_root()
    story = load_story(root)
    article = load_article(article_path, shown_path(Path(article_path), root))
    claims = load_claims(Path(claims_path), article, root)
    unquantified = load_unquantified(Path(unquantified_path), article, root)
    figures = load_reference_figures(reference_dir, root)
    problems: list[str] = []
    built = {
        "groups": (groups.build_groups(story.declared.groups, claims, unquantified, problems), GroupsTable),
        "lists": (lists.build_lists(story.declared.lists, article, claims, problems), ListsTable),
        "events": (events.build_events(story.declared.events, story.article, article, claims, problems), EventsTable),
        "reference_series": (build_reference_series(figures), ReferenceSeriesTable),
    }
    for name, declared in story.declared.country_lists.items():
        built[name] = (countries.build_country_list(name, declared, article, claims, root, problems), CountryListTable)
    if problems:
        raise NewsfiguresError(f"{STORY_FILE}: " + "; ".join(problems))
    files = table_files(story)
    return {name: validate(frame, model, files[name]) for name, (frame, model) in built.items()}


def write_tables(tables: dict[str, pd.DataFrame], output_dir: Path) -> list[Path]:
    """Write the (already validated) tables; call only once every table has been built."""
    return [write_csv(frame, Path(output_dir) / f"{name}.csv") for name, frame in tables.items()]


def run_tidy(
    claims_path: str,
    unquantified_path: str,
    reference_dir: str,
    article_path: str,
    output_dir: str,
) -> dict[str, pd.DataFrame]:
    """Step 20 from parameter paths (relative to the project root): build, validate all, then write."""
    root = project_root()
    tables = build_tables(
        resolve(claims_path, root),
        resolve(unquantified_path, root),
        resolve(reference_dir, root),
        resolve(article_path, root),
        root,
    )
    write_tables(tables, resolve(output_dir, root))
    return tables
