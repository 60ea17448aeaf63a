"""lists.csv: the lists the article gives in one run of words (story.yaml, lists), one row per item."""

from __future__ import annotations

import pandas as pd

from newsfigures.project.declaration import ArticleList
from newsfigures.tables.splitting import split_items

COLUMNS = ["list", "item", "quote", "start", "end", "attributed_to"]


def find_once(article: str, words: str, where: str, problems: list[str]) -> int | None:
    """Where ``words`` stand in the article, which must hold them exactly once; else a problem, and None."""
    count = article.count(words)
    if count != 1:
        problems.append(f"{where}: {words!r} is in the article {count} times, expected once")
        return None
    return article.index(words)


def words_of(declared, where: str, article: str, claims: pd.DataFrame,
             problems: list[str]) -> tuple[str, int, str] | None:
    """The declared words, their offset and the source the article credits them to (a figure's
    ``attributed_to`` when the words are a figure's quote)."""
    if declared.figure is not None:
        match = claims[claims["claim_id"] == declared.figure]
        if match.empty:
            problems.append(f"{where}, field figure: {declared.figure!r} is not a figure of the article (claims.csv)")
            return None
        claim = match.iloc[0]
        return claim["quote"], int(claim["start"]), claim["attributed_to"]
    start = find_once(article, declared.words, f"{where}, field words", problems)
    return None if start is None else (declared.words, start, "")


def build_lists(declared: dict[str, ArticleList], article: str, claims: pd.DataFrame,
                problems: list[str]) -> pd.DataFrame:
    rows = []
    for name, spec in declared.items():
        where = f"lists.{name}"
        found = words_of(spec, where, article, claims, problems)
        credited = spec.credited_to
        if credited and find_once(article, credited, f"{where}, field credited_to", problems) is None:
            continue
        if found is None:
            continue
        words, start, attributed_to = found
        for item, item_start, item_end in split_items(words, start):
            rows.append({"list": name, "item": item, "quote": article[item_start:item_end], "start": item_start,
                         "end": item_end, "attributed_to": credited or attributed_to})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"}).sort_values(["list", "start"]).reset_index(drop=True)
