"""The words charts put on figures, dates and sources, written the way a reader says them."""

from __future__ import annotations

import textwrap
from datetime import date
from urllib.parse import urlparse

import pandas as pd

# How a qualified figure is read out: the article's "over 1,500" stays "over 1,500", never a bare 1,500.
QUALIFIER_WORDS = {"exact": "", "approximate": "about ", "lower_bound": "over ", "upper_bound": "under "}


def number(value: int | float) -> str:
    return f"{int(value):,}"


def figure(value: int | float, qualifier: str) -> str:
    """``1500, lower_bound`` -> ``over 1,500``."""
    return f"{QUALIFIER_WORDS[qualifier]}{number(value)}"


def day(iso: str) -> str:
    """``2022-05-02`` -> ``2 May 2022``."""
    parsed = date.fromisoformat(iso)
    return f"{parsed.day} {parsed:%b %Y}"


def when(iso: str, precision: str) -> str:
    """A date at the precision it is known: ``27 Mar 2021``, ``Apr 2021`` or ``2022``."""
    if precision == "year":
        return iso[:4]
    if precision == "month":
        return f"{date.fromisoformat(iso[:7] + '-01'):%b %Y}"
    return day(iso)


def at(written: str, precision: str) -> str:
    """``when``'s words after the right preposition: 'on 27 Mar 2021', 'in Apr 2021', 'in 2022'."""
    return ("on " if precision == "day" else "in ") + written


def dated(iso: str, precision: str, basis: str) -> str:
    """``when`` with a flag on a date the article does not state: ``Apr 2021 (inferred)``."""
    return when(iso, precision) + (" (inferred)" if basis == "inferred" else "")


def period_start(iso: str) -> str:
    """First day of the period an ISO date at any precision names."""
    return {4: f"{iso}-01-01", 7: f"{iso}-01"}.get(len(iso), iso)


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('' for none), each item once."""
    items = list(dict.fromkeys(items))
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def reference_source(rows: pd.DataFrame, table: str = "reference_series.csv") -> str:
    """``Source: Monitor via monitor.org, wire.com and 7 secondary copies, as compiled in reference_series.csv``.

    Names the organisations, the primary sites seen, and how many figures were read only in a copy,
    because a figure read second-hand is weaker evidence and the reader should see how much of it there is.
    """
    orgs = listing(sorted(rows["source_org"].unique()))
    domains = sorted({urlparse(url).netloc.removeprefix("www.").removeprefix("m.") for url in rows["url"] if url})
    secondary = int((rows["url"] == "").sum())
    channels = domains + ([f"{secondary} secondary cop{'y' if secondary == 1 else 'ies'}"] if secondary else [])
    return f"Source: {orgs} via {listing(channels)}, as compiled in {table}"


def wrap(text: str, width_px: int, char_px: int = 6) -> list[str]:
    """Break a line to fit a chart ``width_px`` wide: about 6 px a character at 12 px (a subtitle), 9 at 17 px
    semi-bold (a title)."""
    return textwrap.wrap(text, width=max(20, width_px // char_px), break_on_hyphens=False)


def titled(title: str, alt_text: str) -> str:
    """A chart's label for assistive technology: its title, which is drawn inside the image and so is read
    from nothing else, then its alt text."""
    title = title.strip()
    if not title:
        return alt_text
    return f"{title}{'' if title[-1] in '.?!' else '.'} {alt_text}" if alt_text else title


def trend(first: int | float, last: int | float) -> str:
    """How a series went from its first figure to its last, in a word."""
    return "rising" if last > first else "falling" if last < first else "unchanged"


def compared(value: int | float, other: int | float) -> str:
    """``value`` set against ``other``: 'below', 'above' or 'equal to'."""
    return "below" if value < other else "above" if value > other else "equal to"


def distinct_documents(titles) -> list[str]:
    """One title per document: short and full titles sharing a symbol, e.g. ``(A/HRC/49/CRP.1, ...)``, are one
    (the longest is kept)."""
    by_symbol: dict[str, str] = {}
    for title in sorted({t for t in titles if t}):
        symbol = title[title.rfind("("):] if "(" in title else title
        by_symbol[symbol] = max(by_symbol.get(symbol, ""), title, key=len)
    return sorted(by_symbol.values())


def channels(vias) -> list[str]:
    """The distinct copies a reference was read in, from ``via`` cells that list several with ';'."""
    return sorted({v.strip() for via in vias for v in via.split(";") if v.strip()})
