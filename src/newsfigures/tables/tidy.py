"""Step 20: the tidy tables (toll, events, arms suppliers, weapon types, reference series).

Each table is built from files only (claims.csv, unquantified.csv, the reference compilation and
the article), validated against its schema in ``newsfigures.schemas``, and only when every table
is valid are they written; a failure leaves data/processed/ as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from newsfigures.figures.article import load_article
from newsfigures.project.atomic import write_csv
from newsfigures.errors import NewsfiguresError
from newsfigures.project.paths import project_root, resolve
from newsfigures.project.paths import shown as shown_path
from newsfigures.tables.reference import load_arms_transfers, load_reference_figures, period_end
from newsfigures.project.story import Article
from newsfigures.schemas import (
    ArmsSuppliersTable,
    ClaimsTable,
    EventsTable,
    ReferenceSeriesTable,
    TollTable,
    UnquantifiedTable,
    WeaponTypesTable,
    date_precision,
    read_csv,
    validate,
)


# Which figure or unquantified item stands for which part of the toll (claim ids fixed in
# docs/architecture.md). The step-10 `measure` wording is the annotator's; this mapping is the contract.
TOLL_CLAIMS = {
    "killed_total": "killed",
    "detained_total": "detained",
    "displaced_total": "displaced",
    "evacuated_total": "defected_or_evacuated",
}
TOLL_UNQUANTIFIED = {"disappeared": "disappeared"}
TOLL_UNIT = "people"

# ISO 3166-1 alpha-3 -> numeric for the states in the article's list or the UN report; a state
# missing here stops the step rather than getting an invented code.
ISO_3166_NUMERIC = {
    "BLR": "112",
    "CHN": "156",
    "IND": "356",
    "ISR": "376",
    "KOR": "410",
    "PAK": "586",
    "RUS": "643",
    "SRB": "688",
    "UKR": "804",
}

WEAPON_LIST = "jet planes, attack helicopters, light, and heavy artillery, armored vehicles, missiles, and rockets"
WEAPON_SOURCE = "the UN reports on Human Rights in Myanmar"
ARREST_WORDS = "police apprehended them at the end of April"
TABLE_FILES = {
    "toll": "toll.csv",
    "events": "events.csv",
    "arms_suppliers": "arms_suppliers.csv",
    "weapon_types": "weapon_types.csv",
    "reference_series": "reference_series.csv",
}


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


def _claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    found = claims[claims["claim_id"] == claim_id]
    if found.empty:
        raise NewsfiguresError(f"claims.csv: claim_id {claim_id}: missing (needed by the tidy tables)")
    return found.iloc[0]


def build_toll(claims: pd.DataFrame, unquantified: pd.DataFrame) -> pd.DataFrame:
    """The toll in the article's order; the disappeared keep an empty value (the article gives none)."""
    rows = []
    for claim_id, measure in TOLL_CLAIMS.items():
        claim = _claim(claims, claim_id)
        if claim["value_kind"] != "count" or claim["unit"] != TOLL_UNIT:
            raise NewsfiguresError(
                f"claims.csv: claim_id {claim_id}: toll figures must count {TOLL_UNIT}, "
                f"not {claim['value_kind']} in {claim['unit']!r}"
            )
        rows.append(
            {
                "measure": measure,
                "claim_id": claim_id,
                "value": int(claim["value"]),
                "qualifier": claim["qualifier"],
                "unit": claim["unit"],
                "quote": claim["quote"],
                "attributed_to": claim["attributed_to"],
                "_start": claim["start"],
            }
        )
    for item_id, measure in TOLL_UNQUANTIFIED.items():
        found = unquantified[unquantified["item_id"] == item_id]
        if found.empty:
            raise NewsfiguresError(f"unquantified.csv: item_id {item_id}: missing (needed by toll.csv)")
        item = found.iloc[0]
        rows.append(
            {
                "measure": measure,
                "claim_id": item_id,
                "value": None,
                "qualifier": "unquantified",
                "unit": TOLL_UNIT,
                "quote": item["quote"],
                "attributed_to": item["attributed_to"],
                "_start": item["start"],
            }
        )
    frame = pd.DataFrame(rows).sort_values(["_start", "measure"]).drop(columns="_start").reset_index(drop=True)
    frame["value"] = frame["value"].astype("Int64")
    return frame


def _find_once(article: str, words: str, what: str) -> int:
    count = article.count(words)
    if count != 1:
        raise NewsfiguresError(f"article: {what} {words!r} found {count} times, expected once")
    return article.index(words)


def build_events(claims: pd.DataFrame, article: str, published: Article) -> pd.DataFrame:
    """``published``: the article as story.yaml declares it, with its publication date."""
    coup = _claim(claims, "coup_date")
    armed_forces_day = _claim(claims, "armed_forces_day_killed")
    _find_once(article, ARREST_WORDS, "the arrest")
    # The article gives no year for the arrest; the story runs rally (February 2021) -> shootings ->
    # guerrilla squad -> arrest, so April 2021 is the reading, but April 2022 cannot be ruled out.
    arrest_year = coup["value"][:4]
    rows = [
        {
            "event_id": "coup",
            "event": "Military coup: the Myanmar military seizes power",
            "date": coup["value"],
            "date_basis": "stated",
            "claim_id": "coup_date",
            "note": f"The article: '{coup['quote']}'.",
        },
        {
            "event_id": "armed_forces_day",
            "event": "Armed Forces Day, the deadliest day of the crackdown",
            "date": armed_forces_day["period"],
            "date_basis": "stated",
            "claim_id": "armed_forces_day_killed",
            "note": "The article says 'last year' and appeared in 2022; Armed Forces Day is held on 27 March.",
        },
        {
            "event_id": "thura_arrest",
            "event": "Police arrest Thura and his companions",
            "date": f"{arrest_year}-04",
            "date_basis": "inferred",
            "claim_id": "",
            "note": (
                "The article says only 'at the end of April' and gives no year. "
                f"{arrest_year} is inferred from the order of the story (a rally days after the coup, then "
                "shootings, then a guerrilla squad, then the arrest); April 2022 cannot be ruled out."
            ),
        },
        {
            "event_id": "article_published",
            "event": f"The article is published on {published.publisher}",
            "date": published.published,
            "date_basis": "stated",
            "claim_id": "",
            "note": f"Publication date as recorded in data/raw/sources.yaml; the article: {published.url}",
        },
    ]
    frame = pd.DataFrame(rows)
    frame.insert(3, "precision", frame["date"].map(lambda d: date_precision(d) or ""))
    frame.insert(4, "date_basis", frame.pop("date_basis"))
    return frame.sort_values(["date", "event_id"]).reset_index(drop=True)


def article_supplier_names(claims: pd.DataFrame) -> list[str]:
    """The states the article lists, in its order, split from the arms_supplier_count quote."""
    quote = _claim(claims, "arms_supplier_count")["quote"]
    return [name.strip() for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", quote) if name.strip()]


def build_arms_suppliers(claims: pd.DataFrame, arms: pd.DataFrame, arms_shown: str) -> pd.DataFrame:
    """Every state the article names or the UN report names, with what each says."""
    named = article_supplier_names(claims)
    since_year = int(_claim(claims, "arms_since_year")["value"])
    by_country = {row.country: row for row in arms.itertuples(index=False)}
    for row, state in enumerate(arms.itertuples(index=False), start=2):
        in_article = state.country in named
        if in_article != (state.named_in_article == "yes"):
            raise NewsfiguresError(
                f"{arms_shown}: row {row}, field named_in_article: {state.named_in_article!r} "
                f"but the article's list {'names' if in_article else 'does not name'} {state.country}"
            )
    unknown = [name for name in named if name not in by_country]
    if unknown:
        raise NewsfiguresError(f"article: supplier {unknown[0]!r} is not in {arms_shown}; add its ISO codes")
    rows = []
    for state in arms.itertuples(index=False):
        if state.iso3 not in ISO_3166_NUMERIC:
            raise NewsfiguresError(f"{arms_shown}: iso3 {state.iso3}: no ISO 3166 numeric code known")
        in_article = state.country in named
        rows.append(
            {
                "iso3": state.iso3,
                "iso_numeric": ISO_3166_NUMERIC[state.iso3],
                "country": state.country,
                "named_in_article": in_article,
                "article_since_year": since_year if in_article else None,
                "un_transfers_since_2018": state.transfers_since_2018,
                "un_continued_after_coup": state.continued_after_coup,
                "un_status_note": state.status_note,
                "un_document": state.document,
                "via": state.via,
            }
        )
    frame = pd.DataFrame(rows).sort_values("iso3").reset_index(drop=True)
    frame["article_since_year"] = frame["article_since_year"].astype("Int64")
    frame["named_in_article"] = frame["named_in_article"].astype(bool)
    return frame


_BARE_MODIFIERS = {"light", "heavy", "medium"}


def build_weapon_types(article: str) -> pd.DataFrame:
    """The article's weapon list split into types; 'light, and heavy artillery' gives two types
    that share the head noun, the first quoted with the words that complete it."""
    list_start = _find_once(article, WEAPON_LIST, "the weapon list")
    source_start = _find_once(article, WEAPON_SOURCE, "the weapon list's source")
    attributed_to = article[source_start : source_start + len(WEAPON_SOURCE)]
    # Items are separated by commas, the last ones also by "and".
    items = [(m.group(1), list_start + m.start(1)) for m in re.finditer(r"(?:^|,\s*)(?:and\s+)?([^,]+)", WEAPON_LIST)]
    rows = []
    for position, (text, start) in enumerate(items):
        end = start + len(text)
        weapon = text
        if text in _BARE_MODIFIERS and position + 1 < len(items):
            next_text, next_start = items[position + 1]
            weapon = f"{text} {next_text.split()[-1]}"
            end = next_start + len(next_text)
        rows.append(
            {"weapon_type": weapon, "quote": article[start:end], "start": start, "end": end, "attributed_to": attributed_to}
        )
    return pd.DataFrame(rows).sort_values("start").reset_index(drop=True)


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
    """All step-20 tables, each validated against its schema; nothing is written. The article's metadata
    comes from story.yaml of the project at ``root`` (default: the one holding the working folder)."""
    from newsfigures.project.story import load_story

    published = load_story(root or project_root()).article
    article = load_article(article_path, shown_path(Path(article_path), root))
    claims = load_claims(Path(claims_path), article, root)
    unquantified = load_unquantified(Path(unquantified_path), article, root)
    figures = load_reference_figures(reference_dir, root)
    arms = load_arms_transfers(reference_dir, root)
    arms_shown = shown_path(Path(reference_dir) / "arms_transfers_2022_report.csv", root)
    tables = {
        "toll": (build_toll(claims, unquantified), TollTable),
        "events": (build_events(claims, article, published), EventsTable),
        "arms_suppliers": (build_arms_suppliers(claims, arms, arms_shown), ArmsSuppliersTable),
        "weapon_types": (build_weapon_types(article), WeaponTypesTable),
        "reference_series": (build_reference_series(figures), ReferenceSeriesTable),
    }
    return {name: validate(frame, model, TABLE_FILES[name]) for name, (frame, model) in tables.items()}


def write_tables(tables: dict[str, pd.DataFrame], output_dir: Path) -> list[Path]:
    """Write the (already validated) tables; call only once every table has been built."""
    return [write_csv(tables[name], Path(output_dir) / TABLE_FILES[name]) for name in TABLE_FILES]


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
