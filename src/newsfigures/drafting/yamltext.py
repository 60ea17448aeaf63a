"""The draft as the text of figures.yaml: takes a draft annotation, gives YAML with a header for the reviewer.

Each entry is written by ``yaml.safe_dump`` (so any quote, however odd its characters, is escaped safely and
reads back unchanged with ``yaml.safe_load``), keys in the schema's order, one blank line between entries.
The same draft always gives byte-identical text.
"""

from __future__ import annotations

import datetime as dt

import yaml

_HEADER = """\
# Draft annotation of {article} (published {published}), written by newsfigures.drafting.
#
# `draft: true` marks an entry not yet reviewed. Reviewing an entry is checking every field against the
# article and then deleting its `draft: true` line; delete or move entries that are wrong.
#
# figures:      each number the article states as a fact. `quote` is the article's exact words: the number,
#               the words that qualify it ("over", "about") and what it counts. `value` is a whole number, a
#               decimal as text ("3.5"), an ISO 8601 date ("2022-05-01"), a month ("2022-05") or a date and
#               time ("2022-05-01T21:11"); `value_to` is the upper end of a range. `value_from`: numeral (the
#               default), list_count (the number of items the quote lists) or inferred (resolved from words
#               against the publication date, e.g. "on Tuesday", "last week", "tens of thousands"; the note
#               says how). `value_kind`: count, date, year, age, duration, percent, money, time or rank.
#               `qualifier`: exact, approximate, lower_bound or upper_bound, agreeing with the wording.
#               `unit` is what the number counts, `measure` a short name of what is measured, `subject` what
#               the figure is, `period` the time it covers (ISO 8601 date or interval), `place` where, and
#               `attributed_to` the source the article credits ("" if none).
# not_figures:  every other number-like word (names such as "COVID-19", page furniture, "one of them"), with
#               the reason it is not a figure.
# unquantified: things the article counts without a number ("dozens of").
# `occurrence` (1 = first) says which of several identical quotes is meant. Every numeric mention must be
# covered by exactly one figures or not_figures entry.
"""


def _entry_text(entry: dict) -> str:
    dumped = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)
    lines = dumped.rstrip("\n").split("\n")
    return "\n".join("  " + line if line else line for line in lines)


def annotation_yaml(draft: dict, article_name: str, published: dt.date) -> str:
    """The YAML text of figures.yaml for ``draft`` (from ``draft_annotation``)."""
    published_text = published.isoformat() if isinstance(published, dt.date) else str(published)
    parts = [_HEADER.format(article=" ".join(str(article_name).split()), published=published_text)]
    for section in ("figures", "not_figures", "unquantified"):
        entries = draft.get(section) or []
        if not entries:
            parts.append(f"{section}: []\n")
            continue
        parts.append(f"{section}:\n" + "\n\n".join(_entry_text(e) for e in entries) + "\n")
    return "\n".join(parts)
