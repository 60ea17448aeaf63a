"""Step 30: the article's figures checked against the reference series, and its attributions checked.

Source check
------------
``data/raw/source_map.yaml`` names, for each article figure a reference series covers, the series
(indicators) to compare and the organisation the article credits.

Verdicts are about the article as published. They are judged against the reference figures whose period
ends on or before the *judging date*: the article's publication date (its ``date`` in
``data/raw/sources.yaml``), or the check date ``as_of`` when that is earlier. A check date after publication
never changes a verdict: the article cannot be blamed for figures published after it. It adds, in the
column ``since_publication``, the latest figure the sources published after the article up to that date.

A reference figure r *matches* the article's value a when the article's wording allows it. The
article's rounding step g is 10 to the power of a's trailing zeros (1,500 -> 100; 300,000 -> 100,000):

- exact ("8,800"): a is r rounded, |r - a| <= g/2;
- approximate ("about 160"): |r - a| <= max(g/2, 5% of a);
- lower_bound ("over 1,500"): a <= r < a + g, the next step up would have been written otherwise;
- upper_bound ("up to 500"): a - g < r <= a.

The *best match* is the matching figure from the source the article credits, if any, else the
matching figure nearest in value (ties: the later one). The *latest* figure is the one with the
latest period end on or before the judging date. Verdicts, in order of precedence:

- ``unverified``: no series is mapped (no source found) or none has a figure by the judging date;
- ``contradicted``: series exist but no figure by the judging date matches the article's value;
- ``misattributed``: a figure matches, but none from the source the article credits does;
- ``consistent``: the latest figure matches (whether or not an older one matches better);
- ``outdated``: an older figure matches but the latest does not: the article repeated a figure
  the source had since superseded.

Every note says, in plain words, which figure matched and which was latest, keeps the source's
"at least"/"about", and says when a figure was read only in a secondary copy.

The attributions are checked by ``newsfigures.checks.attribution_check``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsfigures.figures.article import load_article
from newsfigures.project.atomic import write_csv
from newsfigures.errors import NewsfiguresError
from newsfigures.project.paths import project_root, resolve
from newsfigures.project.paths import shown as shown_path
from newsfigures.project.story import load_story
from newsfigures.schemas import (
    CountryListTable,
    ReferenceSeriesTable,
    SourceCheckTable,
    date_precision,
    read_csv,
    validate,
)
from newsfigures.checks.attribution_check import ATTRIBUTION_CHECK_FILE, check_attributions
from newsfigures.tables.tidy import TABLE_FILES, load_claims
from newsfigures.vocabulary import display_date
from newsfigures.project.yamlfile import load_yaml

APPROXIMATE_TOLERANCE = 0.05
SOURCE_CHECK_FILE = "source_check.csv"
_QUALIFIER_WORDS = {"exact": "", "approximate": "about ", "lower_bound": "at least ", "upper_bound": "at most "}


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceMapEntry:
    claim_id: str
    indicators: tuple[str, ...]
    attributed_source: str
    why: str
    caveat: str


def _load_yaml(path: Path, shown: str) -> object:
    return load_yaml(Path(path), shown)


def load_source_map(path: Path, shown: str, claim_ids: set[str], indicators: set[str]) -> list[SourceMapEntry]:
    """The mapping, each claim id and indicator checked to exist."""
    document = _load_yaml(path, shown)
    claims = document.get("claims") if isinstance(document, dict) else None
    if not isinstance(claims, dict):  # an empty mapping is a story with no reference data yet
        raise NewsfiguresError(f"{shown}: expected a top-level 'claims' mapping")
    entries = []
    for claim_id, spec in claims.items():
        if claim_id not in claim_ids:
            raise NewsfiguresError(f"{shown}: claim {claim_id}: not a claim_id in claims.csv")
        if not isinstance(spec, dict):
            raise NewsfiguresError(f"{shown}: claim {claim_id}: expected a mapping")
        listed = spec.get("indicators")
        if not isinstance(listed, list):
            raise NewsfiguresError(f"{shown}: claim {claim_id}, field indicators: expected a list")
        for indicator in listed:
            if indicator not in indicators:
                raise NewsfiguresError(f"{shown}: claim {claim_id}, field indicators: {indicator!r} is not a reference indicator")
        why = str(spec.get("why") or "").strip()
        if not why:
            raise NewsfiguresError(f"{shown}: claim {claim_id}, field why: missing (say why these series)")
        entries.append(
            SourceMapEntry(
                claim_id=claim_id,
                indicators=tuple(listed),
                attributed_source=str(spec.get("attributed_source") or "").strip(),
                why=" ".join(why.split()),
                caveat=" ".join(str(spec.get("caveat") or "").split()),
            )
        )
    return entries


# --- matching ---------------------------------------------------------------------------------


def rounding_step(value: int) -> int:
    """10 ** (trailing zeros of value): the precision the article's number is written to."""
    step = 1
    while value and value % (step * 10) == 0:
        step *= 10
    return step


def matches(article_value: int, article_qualifier: str, reference_value: int) -> bool:
    """Whether the reference figure is what the article's wording allows (rules in the module docstring)."""
    step = rounding_step(article_value)
    difference = reference_value - article_value
    if article_qualifier == "exact":
        return abs(difference) <= step / 2
    if article_qualifier == "approximate":
        return abs(difference) <= max(step / 2, APPROXIMATE_TOLERANCE * article_value)
    if article_qualifier == "lower_bound":
        return 0 <= difference < step
    if article_qualifier == "upper_bound":
        return -step < difference <= 0
    raise NewsfiguresError(f"qualifier {article_qualifier!r}: not one of exact, approximate, lower_bound, upper_bound")


def credits(source_org: str, attributed_source: str) -> bool:
    """Whether a reference row's source_org is the organisation the article credits (whole words)."""
    if not attributed_source:
        return False
    return re.search(rf"(?i)\b{re.escape(attributed_source)}\b", source_org) is not None


def _figure(row: pd.Series) -> str:
    return f"{_QUALIFIER_WORDS[row['qualifier']]}{row['value']:,}"


def _source(row: pd.Series) -> str:
    return f"{row['source_org']}, {row['document']}"


def _evidence(row: pd.Series) -> str:
    if row["evidence"] == "primary":
        return ""
    if row["via"]:
        return f"; read only in a secondary copy: {row['via']}"
    return "; no primary page was seen"


def _cite(row: pd.Series) -> str:
    """A reference figure in words: 'at least 10,300 (Monitor, 27 April 2022; read only in a secondary copy: ...)'."""
    return f"{_figure(row)} ({row['source_org']}, {display_date(row['date'])}{_evidence(row)})"


def _days(later: str, earlier: str) -> int:
    return (dt.date.fromisoformat(later) - dt.date.fromisoformat(earlier)).days


def check_claim(claim: pd.Series, entry: SourceMapEntry, series: pd.DataFrame, as_of: str) -> dict:
    """One row of source_check.csv: the verdict for one article figure."""
    article_value = int(claim["value"])
    qualifier = claim["qualifier"]
    quote = claim["quote"]
    row = {
        "claim_id": entry.claim_id,
        "indicator": "; ".join(entry.indicators),
        "article_value": article_value,
        "reference_value": None,
        "reference_date": "",
        "source": "",
        "best_match_value": None,
        "best_match_date": "",
        "best_match_source": "",
    }
    known = series[series["indicator"].isin(entry.indicators) & (series["period_end"] <= as_of)].copy()
    by = display_date(as_of)  # the notes are prose: dates in words
    if known.empty:
        reason = "No source was found" if not entry.indicators else f"No reference figure on or before {by} was found"
        return {**row, "verdict": "unverified", "note": _join(f"{reason} for the article's '{quote}'.", entry.why)}

    known["credited"] = known["source_org"].map(lambda org: credits(org, entry.attributed_source))
    known["matches"] = known["value"].map(lambda value: matches(article_value, qualifier, int(value)))
    known["distance"] = (known["value"] - article_value).abs()
    latest = known.sort_values(["period_end", "credited", "value"], kind="stable").iloc[-1]
    # Ranking: a match first, then the credited source, then nearest in value, then the later figure.
    ranked = known.assign(later=known["period_end"].map(lambda d: -dt.date.fromisoformat(d).toordinal()))
    best = ranked.sort_values(["matches", "credited", "distance", "later"], ascending=[False, False, True, True], kind="stable").iloc[0]
    row.update(
        reference_value=int(latest["value"]),
        reference_date=latest["date"],
        source=_source(latest),
        best_match_value=int(best["value"]),
        best_match_date=best["date"],
        best_match_source=_source(best),
    )
    if not best["matches"]:
        note = f"No reference figure on or before {by} matches the article's '{quote}'; the nearest is {_cite(best)}."
        latest_words = f"The latest figure on or before {by} was {_cite(latest)}."
        return {**row, "verdict": "contradicted", "note": _join(note, latest_words, entry.caveat)}
    credited_match = bool(best["credited"])
    if entry.attributed_source and not credited_match:
        note = (
            f"The article credits {entry.attributed_source}, but its '{quote}' matches {_cite(best)}; "
            f"no {entry.attributed_source} figure matches."
        )
        if not latest["matches"]:
            note = _join(note, f"It was also out of date: the latest figure on or before {by} was {_cite(latest)}.")
        return {**row, "verdict": "misattributed", "note": _join(note, entry.caveat)}
    if latest["matches"]:
        note = f"The article's '{quote}' matches {_cite(latest)}, the latest figure on or before {by}."
        if best["period_end"] != latest["period_end"] or best["value"] != latest["value"]:
            note = _join(note, f"It also matches {_cite(best)}.")
        return {**row, "verdict": "consistent", "note": _join(note, entry.caveat)}
    age = _days(latest["period_end"], best["period_end"])
    note = (
        f"The article's '{quote}' matches {_cite(best)}, but that figure was {age} days older than "
        f"the latest on or before {by}: {_cite(latest)}."
    )
    return {**row, "verdict": "outdated", "note": _join(note, entry.caveat)}


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def judging_date(as_of: str, published: str | None) -> str:
    """The date verdicts are judged at: publication, or an earlier check date (see the module docstring)."""
    for name, value in (("as_of", as_of), ("publication date", published)):
        if value and date_precision(value) != "day":
            raise NewsfiguresError(f"{name}: {value!r} is not a date YYYY-MM-DD")
    if not as_of and not published:
        raise NewsfiguresError("as_of: no check date given and no publication date known for the article")
    if not published:
        return as_of
    return min(as_of, published) if as_of else published


def since_publication(entry: SourceMapEntry, series: pd.DataFrame, published: str, as_of: str) -> str:
    """The latest figure a mapped series published after the article, up to the check date, in words."""
    later = series[series["indicator"].isin(entry.indicators) & (series["period_end"] > published)
                   & (series["period_end"] <= as_of)].copy()
    if later.empty:
        return ""
    later["credited"] = later["source_org"].map(lambda org: credits(org, entry.attributed_source))
    latest = later.sort_values(["period_end", "credited", "value"], kind="stable").iloc[-1]
    return f"Since the article was published, and up to {display_date(as_of)}, the latest figure is {_cite(latest)}."


def check_sources(claims: pd.DataFrame, series: pd.DataFrame, entries: list[SourceMapEntry], as_of: str = "",
                  published: str | None = None) -> pd.DataFrame:
    """source_check.csv as a validated frame, one row per mapped claim, sorted by claim_id.

    ``published``: the article's publication date; ``as_of``: the check date (empty: publication)."""
    judged = judging_date(as_of, published)
    by_id = claims.set_index("claim_id")
    rows = []
    for entry in entries:
        claim = by_id.loc[entry.claim_id]
        if claim["value_kind"] != "count":
            raise NewsfiguresError(f"source map: claim {entry.claim_id}: only counts can be checked, not a {claim['value_kind']}")
        since = since_publication(entry, series, published, as_of) if published and as_of > published else ""
        rows.append({**check_claim(claim, entry, series, judged), "judged_as_of": judged, "since_publication": since})
    frame = pd.DataFrame(rows, columns=list(SourceCheckTable.to_schema().columns))
    for column in ("reference_value", "best_match_value"):
        frame[column] = frame[column].astype("Int64")
    frame["article_value"] = frame["article_value"].astype("int64")
    frame = frame.sort_values("claim_id").reset_index(drop=True)
    return validate(frame, SourceCheckTable, SOURCE_CHECK_FILE)


def write_checks(source_check: pd.DataFrame, attribution_check: pd.DataFrame, output_dir: Path) -> list[Path]:
    """Write both (already validated) tables."""
    return [
        write_csv(source_check, Path(output_dir) / SOURCE_CHECK_FILE),
        write_csv(attribution_check, Path(output_dir) / ATTRIBUTION_CHECK_FILE),
    ]


def build_checks(
    claims_path: Path,
    article_path: Path,
    tables_dir: Path,
    source_map_path: Path,
    attribution_path: Path,
    as_of: str = "",
    root: Path | None = None,
    published: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both step-30 tables from files, validated; nothing is written. ``published`` defaults to the
    article's publication date as data/raw/sources.yaml under ``root`` records it."""
    from newsfigures.project.sources import SOURCES_FILE, publication_date

    if published is None and root is not None and (Path(root) / SOURCES_FILE).is_file():
        try:
            relative = Path(article_path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            relative = None
        published = publication_date(Path(root), relative) if relative else None
    article = load_article(article_path, shown_path(Path(article_path), root))
    claims = load_claims(Path(claims_path), article, root)
    tables_dir = Path(tables_dir)
    series = read_csv(tables_dir / TABLE_FILES["reference_series"], ReferenceSeriesTable, shown_path(tables_dir / TABLE_FILES["reference_series"], root))
    country_lists = {name: read_csv(tables_dir / f"{name}.csv", CountryListTable, shown_path(tables_dir / f"{name}.csv", root))
                     for name in load_story(Path(root) if root is not None else project_root()).declared.country_lists}
    claim_ids = set(claims["claim_id"])
    entries = load_source_map(Path(source_map_path), shown_path(Path(source_map_path), root), claim_ids, set(series["indicator"]))
    source_check = check_sources(claims, series, entries, as_of, published)
    attribution_check = check_attributions(
        Path(attribution_path), shown_path(Path(attribution_path), root), article, claim_ids, country_lists
    )
    return source_check, attribution_check


def run_checks(
    claims_path: str,
    article_path: str,
    tables_dir: str,
    source_map_path: str,
    attribution_path: str,
    output_dir: str,
    as_of: str = "",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step 30 from parameter paths (relative to the project root): check everything, then write
    source_check.csv, attribution_check.csv and datapackage.json into ``output_dir``. The article's
    publication date comes from its entry in data/raw/sources.yaml."""
    from newsfigures.tables.datapackage import write_package

    root = project_root()
    source_check, attribution_check = build_checks(
        resolve(claims_path, root),
        resolve(article_path, root),
        resolve(tables_dir, root),
        resolve(source_map_path, root),
        resolve(attribution_path, root),
        as_of,
        root,
    )
    output = resolve(output_dir, root)
    write_checks(source_check, attribution_check, output)
    write_package(output, root)
    return source_check, attribution_check
