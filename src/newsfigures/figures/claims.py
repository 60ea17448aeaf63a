"""The article's figures as an audited claims table.

Joins the article and its human annotation and refuses to write anything unless:
(a) every quote is found verbatim in the article, exactly once (or an ``occurrence``/``context``
    field says which);
(b) each figure's annotated value and qualifier agree with the number and wording of its quote;
(c) every numeric mention in the article is accounted for by exactly one figure or not-a-figure;
(d) the article and the annotation themselves load cleanly (see ``article`` and ``annotation``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsfigures.figures.annotation import Annotation, load_annotation
from newsfigures.figures.article import load_article
from newsfigures.project.atomic import write_csv
from newsfigures.errors import NewsfiguresError
from newsfigures.figures.numbers import Mention, find_mentions, parse_quote, qualifier_after, qualifier_before
from newsfigures.project.paths import project_root, resolve, shown

if TYPE_CHECKING:
    import pandas as pd

MENTION_COLUMNS = ["mention_id", "start", "end", "text", "kind", "value", "covered_by", "review"]
CLAIM_COLUMNS = [
    "claim_id", "quote", "start", "end", "value", "value_to", "value_kind", "qualifier", "unit", "measure",
    "subject", "period", "place", "attributed_to", "note", "review",
]  # fmt: skip
UNQUANTIFIED_COLUMNS = ["item_id", "quote", "start", "end", "measure", "subject", "attributed_to", "note", "review"]
OUTPUT_FILES = {"mentions": "mentions.csv", "claims": "claims.csv", "unquantified": "unquantified.csv"}

# Which forms of number can carry which kind of value: a date needs a full date, a year a bare year.
_VALUE_KINDS_BY_MENTION = {
    "date": ("date",),
    "year": ("year", "count"),
    "digits": ("count", "age", "duration", "year", "percent", "money", "rank"),
    "words": ("count", "age", "duration", "percent", "money", "rank"),
    "ordinal": ("count", "age", "duration", "rank"),
    "compound": ("count", "age", "duration", "percent", "money", "rank"),
    "in_name": (),
    "roman": (),
}
# Words that open a list which may not be complete: "countries including A, B and C" is at least 3.
_OPEN_LIST_BEFORE = re.compile(r"(?i)(?<![\w])(?:including|such\s+as|among\s+them|among\s+others)\s*:?\s*$")
_OPEN_LIST_WITHIN = re.compile(r"(?is).*?(?<![\w])(?:including|such\s+as|among\s+them|among\s+others)\s*:?\s+")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;)\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


@dataclass(frozen=True)
class Located:
    """An annotation entry pinned to its place in the article."""

    section: str
    entry: dict
    start: int
    end: int


def extract_figures(
    article_path: str | Path = "data/raw/article.txt",
    annotation_path: str | Path = "data/raw/figures.yaml",
    output_dir: str | Path = "data/processed",
    root: Path | None = None,
) -> dict[str, "pd.DataFrame"]:
    """Check the annotation against the article, then write mentions.csv, claims.csv and
    unquantified.csv to ``output_dir``. Paths are relative to the project root (or ``root``) and
    must stay inside it. Nothing is written unless every check passes.

    Returns the three tables, plus ``coverage``: each mention with what covers it and why.
    """
    base = root or project_root()
    article_file, annotation_file, out = (resolve(p, base) for p in (article_path, annotation_path, output_dir))
    article_name, annotation_name = shown(article_file, base), shown(annotation_file, base)
    article = load_article(article_file, article_name)
    annotation = load_annotation(annotation_file, annotation_name)
    tables = build_tables(article, annotation, article_name, annotation_name)
    for key, filename in OUTPUT_FILES.items():
        write_csv(tables[key], out / filename)
    return tables


def build_tables(article: str, annotation: Annotation, article_name: str, annotation_name: str) -> dict:
    """All checks and all tables, in memory; raises NewsfiguresError at the first problem found."""
    import pandas as pd

    mentions = find_mentions(article)
    located = [
        _locate(article, section, entry, annotation_name)
        for section in ("figures", "not_figures", "unquantified")
        for entry in getattr(annotation, section)
    ]
    for item in located:
        where = f"{annotation_name}: {item.section}[{item.entry['id']}]"
        inside = _mentions_within(mentions, item, where)
        if item.section == "figures":
            _check_figure(article, item, inside, where)
        elif item.section == "not_figures" and not inside:
            raise NewsfiguresError(f"{where}: quote {item.entry['quote']!r} holds no number; drop the entry")
        elif item.section == "unquantified" and inside:
            raise NewsfiguresError(f"{where}: quote holds the number {inside[0].text!r}; make it a figure")
    covered_by = _coverage(article, mentions, located, article_name, annotation_name)
    review = {i.entry["id"]: "draft" if i.entry["draft"] else "reviewed" for i in located}

    mention_rows = [
        {
            "mention_id": f"m{number:03d}",
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "kind": m.kind,
            "value": m.value,
            "covered_by": covered_by[m],
            "review": review[covered_by[m]],
        }
        for number, m in enumerate(mentions, start=1)
    ]
    figures = sorted((i for i in located if i.section == "figures"), key=lambda i: (i.start, i.entry["id"]))
    claim_rows = [
        {
            "claim_id": i.entry["id"],
            "quote": i.entry["quote"],
            "start": i.start,
            "end": i.end,
            **{c: i.entry[c] or "" for c in CLAIM_COLUMNS[4:-1]},
            "review": review[i.entry["id"]],
        }
        for i in figures
    ]
    items = sorted((i for i in located if i.section == "unquantified"), key=lambda i: (i.start, i.entry["id"]))
    item_rows = [
        {
            "item_id": i.entry["id"],
            "quote": i.entry["quote"],
            "start": i.start,
            "end": i.end,
            **{c: i.entry[c] or "" for c in UNQUANTIFIED_COLUMNS[4:-1]},
            "review": review[i.entry["id"]],
        }
        for i in items
    ]
    explain = {i.entry["id"]: (i.section, i.entry.get("reason") or i.entry.get("measure")) for i in located}
    coverage_rows = [
        {
            **{k: row[k] for k in ("mention_id", "text", "kind", "value", "covered_by")},
            "covered_as": "figure" if explain[row["covered_by"]][0] == "figures" else "not a figure",
            "why": explain[row["covered_by"]][1],
        }
        for row in mention_rows
    ]
    return {
        "mentions": pd.DataFrame(mention_rows, columns=MENTION_COLUMNS),
        "claims": pd.DataFrame(claim_rows, columns=CLAIM_COLUMNS),
        "unquantified": pd.DataFrame(item_rows, columns=UNQUANTIFIED_COLUMNS),
        "coverage": pd.DataFrame(coverage_rows, columns=["mention_id", "text", "kind", "value", "covered_by",
                                                         "covered_as", "why"]),
    }


def positions(text: str, part: str) -> list[int]:
    """Every offset at which ``part`` starts in ``text``, overlapping ones too."""
    found, at = [], text.find(part)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _locate(article: str, section: str, entry: dict, annotation_name: str) -> Located:
    """Where the entry's quote sits in the article; (a) in the module docstring."""
    where = f"{annotation_name}: {section}[{entry['id']}]"
    quote, context, occurrence = entry["quote"], entry["context"], entry["occurrence"]
    offset, haystack, scope = 0, article, "the article"
    if context is not None:
        places = positions(article, context)
        if len(places) != 1:
            found = "not found" if not places else f"found {len(places)} times"
            raise NewsfiguresError(f"{where}: context {context!r} {found} in the article; it must occur once")
        offset, haystack, scope = places[0], context, "its context"
    places = positions(haystack, quote)
    if not places:
        raise NewsfiguresError(f"{where}: quote {quote!r} not found verbatim in {scope}")
    if occurrence is not None:
        if occurrence > len(places):
            raise NewsfiguresError(
                f"{where}: occurrence {occurrence} asked, but quote {quote!r} occurs {len(places)} times in {scope}"
            )
        start = offset + places[occurrence - 1]
    elif len(places) > 1:
        raise NewsfiguresError(
            f"{where}: quote {quote!r} occurs {len(places)} times in {scope}; add occurrence or context to say which"
        )
    else:
        start = offset + places[0]
    return Located(section, entry, start, start + len(quote))


def _mentions_within(mentions: list[Mention], item: Located, where: str) -> list[Mention]:
    inside = []
    for m in mentions:
        if m.start >= item.start and m.end <= item.end:
            inside.append(m)
        elif m.start < item.end and m.end > item.start:
            raise NewsfiguresError(f"{where}: quote {item.entry['quote']!r} cuts through the number {m.text!r}")
    return inside


def _check_figure(article: str, item: Located, inside: list[Mention], where: str) -> None:
    """(b): the annotated value, value kind and qualifier agree with the quote's number and wording."""
    entry, quote = item.entry, item.entry["quote"]
    if entry["value_from"] == "list_count":
        if inside:
            raise NewsfiguresError(
                f"{where}: value_from list_count, but the quote holds the number {inside[0].text!r}"
            )
        # The list may open inside the quote ("countries including Russia, ...") or just before it.
        lead_in = _OPEN_LIST_WITHIN.match(quote)
        listed = quote[lead_in.end() :] if lead_in else quote
        items = [part for part in _LIST_SEPARATOR.split(listed.strip()) if part.strip()]
        if str(len(items)) != entry["value"]:
            raise NewsfiguresError(
                f"{where}: value {entry['value']} disagrees with the quote, which lists {len(items)} items"
            )
        open_before = _OPEN_LIST_BEFORE.search(article[max(0, item.start - 30) : item.start])
        implied = "lower_bound" if lead_in or open_before else "exact"
        if entry["qualifier"] != implied:
            raise NewsfiguresError(
                f"{where}: qualifier {entry['qualifier']} disagrees with the wording, which implies {implied}"
            )
        return
    if entry["value_from"] == "inferred":
        # The value is resolved from words ("on Tuesday", "tens of thousands"), not read: the note says how.
        if len(inside) > 1:
            raise NewsfiguresError(f"{where}: an inferred value's quote {quote!r} holds {len(inside)} numbers; at most one")
        if not (entry["note"] or "").strip():
            raise NewsfiguresError(f"{where}: value_from inferred needs a note saying how the value was resolved")
        return
    if entry["value_to"] is not None:
        _check_range(article, item, inside, where)
        return
    if len(inside) != 1:
        raise NewsfiguresError(f"{where}: quote {quote!r} holds {len(inside)} numbers; a figure needs exactly one")
    parsed = parse_quote(quote)
    if parsed.value != entry["value"]:
        raise NewsfiguresError(f"{where}: value {entry['value']} disagrees with the quote, which says {parsed.value}")
    if entry["value_kind"] not in _VALUE_KINDS_BY_MENTION[parsed.kind]:
        raise NewsfiguresError(
            f"{where}: value_kind {entry['value_kind']} does not fit the number {parsed.mention.text!r} ({parsed.kind})"
        )
    if parsed.qualifier != entry["qualifier"]:
        raise NewsfiguresError(
            f"{where}: qualifier {entry['qualifier']} disagrees with the wording of {quote!r}, "
            f"which implies {parsed.qualifier}"
        )
    # A quote that starts just after "over" (or ends before "or more") would drop the qualifier.
    number_start = item.start + parsed.mention.start
    before, phrase_start = qualifier_before(article, number_start)
    after = qualifier_after(article, item.start + parsed.mention.end)
    if before != "exact" and phrase_start < item.start:
        raise NewsfiguresError(
            f"{where}: quote {quote!r} leaves out {article[phrase_start:item.start].strip()!r} just before it"
        )
    if after and after != parsed.qualifier:
        raise NewsfiguresError(f"{where}: quote {quote!r} leaves out the qualifying words just after it")


def _check_range(article: str, item: Located, inside: list[Mention], where: str) -> None:
    """A range ("55,000 to 62,000", "10,000-20,000"): the quote's two numbers are value and value_to."""
    entry, quote = item.entry, item.entry["quote"]
    if len(inside) != 2:
        raise NewsfiguresError(f"{where}: a range (value_to) needs a quote with two numbers; {quote!r} holds {len(inside)}")
    low, high = inside
    for field, mention in (("value", low), ("value_to", high)):
        if mention.value != entry[field]:
            raise NewsfiguresError(f"{where}: {field} {entry[field]} disagrees with the quote, which says {mention.value}")
    if entry["value_kind"] not in _VALUE_KINDS_BY_MENTION[low.kind]:
        raise NewsfiguresError(f"{where}: value_kind {entry['value_kind']} does not fit the number {low.text!r} ({low.kind})")
    qualifier, phrase_start = qualifier_before(article, low.start)
    if qualifier != entry["qualifier"]:
        raise NewsfiguresError(
            f"{where}: qualifier {entry['qualifier']} disagrees with the wording of {quote!r}, which implies {qualifier}"
        )
    if qualifier != "exact" and phrase_start < item.start:
        raise NewsfiguresError(
            f"{where}: quote {quote!r} leaves out {article[phrase_start:item.start].strip()!r} just before it"
        )


def _coverage(
    article: str, mentions: list[Mention], located: list[Located], article_name: str, annotation_name: str
) -> dict[Mention, str]:
    """(c): each mention is accounted for by exactly one figure or not-a-figure; every mention that is not
    is named in one message, so a journalist fixes them all in one pass."""
    covering = [i for i in located if i.section in ("figures", "not_figures")]
    covered_by = {}
    uncovered, doubled = [], []
    for m in mentions:
        owners = [i.entry["id"] for i in covering if i.start <= m.start and m.end <= i.end]
        if not owners:
            context = " ".join(article[max(0, m.start - 30) : m.end + 30].split())
            uncovered.append(f"{m.text!r} at offset {m.start} (\"...{context}...\")")
        elif len(owners) > 1:
            doubled.append(f"number {m.text!r} at offset {m.start} is covered by {' and '.join(owners)}")
        else:
            covered_by[m] = owners[0]
    if uncovered:
        nobody = f"covered by no figure or not_figures entry in {annotation_name}"
        if len(uncovered) == 1:
            raise NewsfiguresError(f"{article_name}: number {uncovered[0]} is {nobody}")
        raise NewsfiguresError(f"{article_name}: {len(uncovered)} numbers are {nobody}: {'; '.join(uncovered)}")
    if doubled:
        raise NewsfiguresError(f"{annotation_name}: {'; '.join(doubled)}; each number needs exactly one entry")
    return covered_by
