"""Amounts given without an exact number: takes the article and its mentions, gives vague amounts, lists and
things counted without a number.

"tens of thousands of people" and "hundreds of protesters" are drafted as inferred lower bounds (10,000 and
100: the least the words can mean); "dozens of", "scores of", "countless", "innumerable" become unquantified
entries (their quote holds no number); "countries including Russia, China and India" is a count of the
items listed (value_from list_count), at least as many as are named since "including" leaves the list open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfigures.figures.numbers import Mention

_MAGNITUDES = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
               "billions": 1_000_000_000}
_UNQUANTIFIED = re.compile(
    r"(?i)(?<![\w-])(?P<phrase>dozens\s+(?:and\s+dozens\s+)?of|scores\s+of|countless|innumerable|in-numerable|"
    r"untold|numerous|a\s+handful\s+of|a\s+host\s+of|a\s+growing\s+number\s+of|a\s+large\s+number\s+of|"
    r"large\s+numbers\s+of)(?![\w-])"
)
# A list opened by "including" or "such as": items start with a capital letter and are at most four words.
_ITEM = r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’-]*){0,3}"
_OPEN_LIST = re.compile(
    r"(?P<noun>\b[a-z]+s)(?:,)?\s+(?:including|such\s+as)\s*:?\s+(?P<items>" + _ITEM + r"(?:\s*,\s*" + _ITEM
    + r")+,?\s+(?:and|or)\s+" + _ITEM + r")"
)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|;)\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


@dataclass(frozen=True)
class Vague:
    """A vague amount: ``owned`` mentions (one or two), the least value it can mean, and a note."""

    owned: tuple[Mention, ...]
    value: int
    note: str


def vague_amounts(article: str, mentions: list[Mention]) -> list[Vague]:
    """"tens of thousands", "hundreds of thousands", "hundreds", "thousands", "millions" as plural words."""
    found = []
    skip = set()
    for index, mention in enumerate(mentions):
        if index in skip or mention.kind != "words":
            continue
        lower = mention.text.lower()
        if lower not in _MAGNITUDES:
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following is not None and following.text.lower() in _MAGNITUDES and re.fullmatch(
                r"\s+of\s+", article[mention.end : following.start]):
            value = _MAGNITUDES[lower] * _MAGNITUDES[following.text.lower()]
            text = article[mention.start : following.end]
            found.append(Vague((mention, following), value,
                               f"'{' '.join(text.split())}' gives no exact number; drafted as at least {value:,}, "
                               "the least the words can mean"))
            skip.add(index + 1)
            continue
        value = _MAGNITUDES[lower]
        found.append(Vague((mention,), value, f"'{mention.text}' gives no exact number; drafted as at least "
                                              f"{value:,}, the least the word can mean"))
    return found


def unquantified_phrases(article: str) -> list[tuple[int, int]]:
    """Where the article counts something without a number ("dozens of", "countless"): each phrase's span."""
    return [(m.start(), m.end()) for m in _UNQUANTIFIED.finditer(article)]


def open_lists(article: str) -> list[tuple[int, int, int, str]]:
    """Lists opened by "including"/"such as": (start, end, number of items, what is listed)."""
    found = []
    for match in _OPEN_LIST.finditer(article):
        items = [part for part in _LIST_SEPARATOR.split(match["items"].strip()) if part.strip()]
        if len(items) >= 3:
            found.append((match.start("items"), match.end("items"), len(items), match["noun"]))
    return found
