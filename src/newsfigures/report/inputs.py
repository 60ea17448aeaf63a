"""Reads and checks everything the report needs from the pipeline's files, before anything is written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsfigures.project.checksums import sha256_file
from newsfigures.errors import NewsfiguresError
from newsfigures.figures.article import load_article
from newsfigures.project.sources import SOURCES_FILE, entry_for, publication_date
from newsfigures.project.story import Story, load_story
from newsfigures.schemas import ATTRIBUTION_VERDICTS, VERDICTS

RAW = Path("data/raw")
PROCESSED = Path("data/processed")
FIGURES = Path("report/figures")
NOTEBOOKS = Path("build/notebooks")
RUN_PARAMS = Path("build/run-params.json")

# The columns the report reads from each processed table (docs/architecture.md names them all).
COLUMNS = {
    "claims": ["claim_id", "quote", "start", "end", "value", "value_to", "value_kind", "qualifier", "unit",
               "measure", "subject", "period", "place", "attributed_to", "note", "review"],
    "unquantified": ["item_id", "quote", "start", "end", "measure", "subject", "attributed_to", "note", "review"],
    "mentions": ["mention_id", "text", "covered_by", "review"],
    "groups": ["group", "measure", "claim_id", "value", "qualifier", "unit", "quote", "attributed_to"],
    "source_check": ["claim_id", "indicator", "article_value", "reference_value", "reference_date", "source",
                     "verdict", "note", "judged_as_of", "since_publication"],
    "attribution_check": ["check_id", "claim_id", "article_says", "finding", "verdict", "evidence",
                          "evidence_url"],
    "events": ["event_id", "event", "date", "precision", "date_basis", "note"],
    "reference_series": ["indicator", "date", "value", "qualifier", "evidence"],
}
CHART_NAME = re.compile(r"^[a-z0-9_]+$")
FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str
    source: str
    alt: str = ""  # the chart's alt text: "[chart type] of [data], [what it shows]"


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report shows, read from files; tables are lists of dicts of strings."""

    article: str
    tables: dict[str, list[dict[str, str]]]
    charts: list[Chart]
    run_params: dict | None
    notebooks: list[str]  # file names of the executed notebooks (NN-name.html)
    raw_checksums: list[tuple[str, str]]  # (path relative to the root, SHA-256)
    downloads: list[str]  # file names in data/processed to offer for download
    published: str | None = None  # the article's publication date (YYYY-MM-DD), from data/raw/sources.yaml
    story: Story | None = None  # the story's declaration (story.yaml); None for a report built without one
    country_lists: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # by name, as declared
    editions: list = field(default_factory=list)  # the published editions (editions.yaml), oldest first
    article_licence: str = ""  # the terms the article is kept on: its `licence` in data/raw/sources.yaml


def _read_table(root: Path, name: str, columns: list[str] | None = None) -> list[dict[str, str]]:
    import pandas as pd

    path = root / PROCESSED / f"{name}.csv"
    label = path.relative_to(root).as_posix()
    if not path.is_file():
        raise NewsfiguresError(f"{label}: missing (run the steps before the report)")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in (columns or COLUMNS[name]) if c not in frame.columns]
    if missing:
        raise NewsfiguresError(f"{label}: missing column(s) {', '.join(missing)}")
    return frame.to_dict("records")


def _check_offsets(article: str, rows: list[dict[str, str]], table: str, id_field: str) -> None:
    for number, row in enumerate(rows, start=2):
        where = f"data/processed/{table}.csv: row {number} ({row[id_field]})"
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            raise NewsfiguresError(f"{where}, field start/end: not whole numbers") from None
        if not 0 <= start < end <= len(article) or article[start:end] != row["quote"]:
            raise NewsfiguresError(f"{where}, field quote: article[{start}:{end}] is not the quote")


def _check_verdicts(rows: list[dict[str, str]], table: str, known: tuple[str, ...]) -> None:
    for number, row in enumerate(rows, start=2):
        if row["verdict"] not in known:
            raise NewsfiguresError(f"data/processed/{table}.csv: row {number}, field verdict: "
                                   f"{row['verdict']!r} is not one of {', '.join(known)}")


def _read_charts(root: Path) -> list[Chart]:
    index = root / FIGURES / "index.json"
    if not index.is_file():
        raise NewsfiguresError("report/figures/index.json: missing (run the charts step first)")
    charts = []
    for number, entry in enumerate(json.loads(index.read_text(encoding="utf-8")), start=1):
        name = str(entry.get("name", ""))
        if not CHART_NAME.match(name):
            raise NewsfiguresError(f"report/figures/index.json: entry {number}, field name: {name!r} is not "
                                   "a chart name (lower-case letters, digits, underscores)")
        for suffix in (".vl.json", ".svg"):
            if not (root / FIGURES / f"{name}{suffix}").is_file():
                raise NewsfiguresError(f"report/figures/{name}{suffix}: missing (listed in index.json)")
        description = str(entry.get("description", ""))
        # An index written before charts had alt text: its description is the best alt there is.
        charts.append(Chart(name, str(entry.get("title", "")), description, str(entry.get("source", "")),
                            str(entry.get("alt") or description or entry.get("title", ""))))
    return charts


def read_inputs(root: Path) -> ReportInputs:
    """Everything the report shows, checked: offsets match the article, attribution checks quote it,
    verdicts are known, charts exist."""
    story = load_story(root)
    article_file = Path(story.article.file)
    article_path = root / article_file
    if not article_path.is_file():
        raise NewsfiguresError(f"{article_file.as_posix()}: missing")
    # Read as step 10 read it, line endings kept, so the claims' offsets point at the same characters.
    article = load_article(article_path, article_file.as_posix())
    tables = {name: _read_table(root, name) for name in COLUMNS}
    country_lists = {name: _read_table(root, name, ["iso3", "country", "named_in_article", "counted_by_reference",
                                                    *declared.columns])
                     for name, declared in story.declared.country_lists.items()}
    _check_offsets(article, tables["claims"], "claims", "claim_id")
    _check_offsets(article, tables["unquantified"], "unquantified", "item_id")
    _check_verdicts(tables["source_check"], "source_check", VERDICTS)
    _check_verdicts(tables["attribution_check"], "attribution_check", ATTRIBUTION_VERDICTS)
    # The annotated article highlights each attribution check's words where the article has them.
    for number, row in enumerate(tables["attribution_check"], start=2):
        if not row["article_says"] or row["article_says"] not in article:
            raise NewsfiguresError(f"data/processed/attribution_check.csv: row {number} ({row['check_id']}), "
                                   f"field article_says: {row['article_says']!r} is not in the article")
    claim_ids = {row["claim_id"] for row in tables["claims"]}
    item_ids = {row["item_id"] for row in tables["unquantified"]}
    # A group also lists what the article counts without a number (an unquantified item's id).
    for table, known in (("groups", claim_ids | item_ids), ("source_check", claim_ids),
                         ("attribution_check", claim_ids)):
        for number, row in enumerate(tables[table], start=2):
            if row["claim_id"] and row["claim_id"] not in known:
                raise NewsfiguresError(f"data/processed/{table}.csv: row {number}, field claim_id: "
                                       f"{row['claim_id']!r} is not in claims.csv or unquantified.csv")
    run_params_path = root / RUN_PARAMS
    run_params = json.loads(run_params_path.read_text(encoding="utf-8")) if run_params_path.is_file() else None
    notebooks_dir = root / NOTEBOOKS
    notebooks = sorted(p.name for p in notebooks_dir.glob("*.html")) if notebooks_dir.is_dir() else []
    for name in notebooks:
        # The name becomes a link target in the report; a plain name needs no escaping there.
        if not FILE_NAME.match(name):
            raise NewsfiguresError(f"{NOTEBOOKS.as_posix()}/{name}: file name must be letters, digits, '-', '_', '.'")
    raw_files = sorted(p for p in (root / RAW).rglob("*") if p.is_file())
    checksums = [(p.relative_to(root).as_posix(), sha256_file(p)) for p in raw_files]
    downloads = sorted(p.name for p in (root / PROCESSED).iterdir()
                       if p.is_file() and (p.suffix == ".csv" or p.name == "datapackage.json")
                       and FILE_NAME.match(p.name))
    published = publication_date(root, article_file.as_posix()) if (root / SOURCES_FILE).is_file() else None
    licence = str(entry_for(root, article_file.as_posix()).get("licence") or "") if published else ""
    from newsfigures.editions.history import load_editions

    return ReportInputs(article, tables, _read_charts(root), run_params, notebooks, checksums, downloads, published,
                        story, country_lists, load_editions(root), licence)
