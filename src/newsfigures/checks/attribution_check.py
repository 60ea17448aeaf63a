"""Step 30, attributions: how the article names and credits its sources, people and places.

Each finding says what it is about (``about``: newsfigures.vocabulary.ABOUT), so the report files a misplaced
region as a place and a wrong title as a title, not every one of them as an attribution.

``data/raw/attribution_checks.yaml`` holds one reviewed finding per entry. Each ``article_says`` must be the
article's exact words and each ``claim_id`` a known figure; an ``omitted_countries`` list must equal the
countries the reference of its ``country_list`` counts and the article leaves out, so a finding cannot drift
from the data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsfigures.errors import NewsfiguresError
from newsfigures.project.yamlfile import load_yaml
from newsfigures.schemas import AttributionCheckTable, validate
from newsfigures.vocabulary import ABOUT_KINDS, ATTRIBUTION_VERDICTS

ATTRIBUTION_CHECK_FILE = "attribution_check.csv"


def _load_yaml(path: Path, shown: str) -> object:
    return load_yaml(Path(path), shown)


_ATTRIBUTION_FIELDS = tuple(AttributionCheckTable.to_schema().columns)


def omitted_countries(country_list: pd.DataFrame) -> list[str]:
    """ISO3 codes of the countries a list's reference counts and the article leaves out."""
    omitted = country_list[~country_list["named_in_article"] & country_list["counted_by_reference"]]
    return sorted(omitted["iso3"])


def check_attributions(path: Path, shown: str, article: str, claim_ids: set[str],
                       country_lists: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """attribution_check.csv as a validated frame, from the reviewed findings in ``path``; ``country_lists``
    are the story's country-list tables by name, which an ``omitted_countries`` finding is checked against."""
    document = _load_yaml(path, shown)
    checks = document.get("checks") if isinstance(document, dict) else None
    if not isinstance(checks, list):  # an empty list: no attribution checked yet
        raise NewsfiguresError(f"{shown}: expected a top-level 'checks' list")
    rows = []
    for number, check in enumerate(checks, start=1):
        if not isinstance(check, dict):
            raise NewsfiguresError(f"{shown}: entry {number}: expected a mapping")
        name = check.get("check_id", f"entry {number}")
        for field in _ATTRIBUTION_FIELDS:
            if field not in check:
                raise NewsfiguresError(f"{shown}: check {name}, field {field}: missing")
        row = {field: " ".join(str(check[field] or "").split()) for field in _ATTRIBUTION_FIELDS}
        if row["article_says"] not in article:
            raise NewsfiguresError(f"{shown}: check {name}, field article_says: {row['article_says']!r} is not in the article")
        if row["claim_id"] and row["claim_id"] not in claim_ids:
            raise NewsfiguresError(f"{shown}: check {name}, field claim_id: {row['claim_id']!r} is not a claim_id in claims.csv")
        for field, known in (("about", ABOUT_KINDS), ("verdict", ATTRIBUTION_VERDICTS)):
            if row[field] not in known:
                raise NewsfiguresError(
                    f"{shown}: check {name}, field {field}: {row[field]!r} is not one of {', '.join(known)}"
                )
        if "omitted_countries" in check or "country_list" in check:
            listed = check.get("country_list")
            if listed not in country_lists:
                raise NewsfiguresError(f"{shown}: check {name}, field country_list: {listed!r} is not a country list "
                                       f"of story.yaml (known: {', '.join(sorted(country_lists)) or 'none'})")
            computed = omitted_countries(country_lists[listed])
            if sorted(check.get("omitted_countries") or []) != computed:
                raise NewsfiguresError(
                    f"{shown}: check {name}, field omitted_countries: {sorted(check.get('omitted_countries') or [])} "
                    f"but {listed}.csv gives {computed}"
                )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(_ATTRIBUTION_FIELDS)).sort_values("check_id").reset_index(drop=True)
    return validate(frame, AttributionCheckTable, ATTRIBUTION_CHECK_FILE)


