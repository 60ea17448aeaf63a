"""<name>.csv: a list of countries the article names (story.yaml, country_lists), joined with a reference
table that names countries: which the article names, which the reference counts, and the reference's own
columns. ISO codes come from the reference, and for a country only the article names, from ISO 3166
(pycountry); a name neither knows stops the step rather than getting an invented code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from newsfigures.errors import NewsfiguresError
from newsfigures.project.declaration import CountryList
from newsfigures.project.paths import shown as shown_path
from newsfigures.tables.lists import words_of
from newsfigures.tables.reference import load_country_reference
from newsfigures.tables.splitting import split_items

NAMED_COLUMN = "named_in_article"  # a reviewer's own column in a reference: checked against the article


def iso_numeric(iso3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.numeric if country else None


def iso3_of(name: str) -> str | None:
    """ISO 3166 alpha-3 of a country as an article names it ('Russia', 'South Korea'), or None."""
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        pass
    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    return found[0].alpha_3 if len(found) == 1 else None


def _yes(text: str) -> bool:
    return text.strip().lower() in {"yes", "true"}


def build_country_list(name: str, declared: CountryList, article: str, claims: pd.DataFrame, root: Path,
                       problems: list[str]) -> pd.DataFrame | None:
    where = f"country_lists.{name}"
    path = root / declared.reference
    shown = shown_path(path, root)
    if not path.is_file():
        problems.append(f"{where}, field reference: {declared.reference} does not exist")
        return None
    reference = load_country_reference(path, root, dict(declared.allowed))
    missing = [c for c in [*declared.counted_by_reference, *declared.columns] if c not in reference.columns]
    if missing:
        problems.append(f"{where}: {shown} has no column {', '.join(missing)}")
        return None
    found = words_of(declared, where, article, claims, problems)
    if found is None:
        return None
    words, start, _ = found
    named = [article[s:e] for _, s, e in split_items(words, start)]
    by_name = {row["country"]: row for row in reference.to_dict("records")}
    rows = {}
    for number, row in enumerate(reference.to_dict("records"), start=2):
        code = iso_numeric(row["iso3"])
        if code is None:
            raise NewsfiguresError(f"{shown}: row {number}, field iso3: {row['iso3']!r} is not an ISO 3166 code")
        in_article = row["country"] in named
        if NAMED_COLUMN in row and _yes(row[NAMED_COLUMN]) != in_article:
            raise NewsfiguresError(
                f"{shown}: row {number}, field {NAMED_COLUMN}: {row[NAMED_COLUMN]!r} but the article's list "
                f"{'names' if in_article else 'does not name'} {row['country']}")
        counted = all(row[c] == v for c, v in declared.counted_by_reference.items())
        rows[row["iso3"]] = {"iso3": row["iso3"], "iso_numeric": code, "country": row["country"],
                             "named_in_article": in_article, "counted_by_reference": counted,
                             **{c: row[c] for c in declared.columns}}
    for country in named:
        if country in by_name:
            continue
        iso3 = iso3_of(country)
        if iso3 is None:
            problems.append(f"{where}: the article names {country!r}, which is neither in {shown} nor an ISO 3166 "
                            "country name: add a row for it to the reference")
            continue
        rows.setdefault(iso3, {"iso3": iso3, "iso_numeric": iso_numeric(iso3), "country": country,
                               "named_in_article": True, "counted_by_reference": False,
                               **{c: "" for c in declared.columns}})
    frame = pd.DataFrame(list(rows.values()),
                         columns=["iso3", "iso_numeric", "country", "named_in_article", "counted_by_reference",
                                  *declared.columns])
    frame = frame.astype({"named_in_article": bool, "counted_by_reference": bool})
    return frame.sort_values("iso3").reset_index(drop=True)
