"""A list the article gives in one run of words ("jet planes, attack helicopters, light, and heavy
artillery"), split into its items with their offsets."""

from __future__ import annotations

import re

# A bare modifier before a comma shares the next item's head noun: "light, and heavy artillery" lists light
# artillery and heavy artillery. English words only: the engine reads English articles.
BARE_MODIFIERS = {"light", "heavy", "medium", "small", "large", "short", "long", "single", "double"}
_SEPARATOR = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def split_items(words: str, start: int) -> list[tuple[str, int, int]]:
    """``(item, start, end)`` for each item of ``words``, which begin at offset ``start`` of the
    article; ``article[start:end] == quote``. A bare modifier's quote runs to the end of the next item."""
    pieces, position = [], 0
    for separator in [*_SEPARATOR.finditer(words), None]:
        end = separator.start() if separator else len(words)
        text = words[position:end]
        if text.strip():
            offset = position + len(text) - len(text.lstrip())
            pieces.append((text.strip(), start + offset))
        position = separator.end() if separator else len(words)
    items = []
    for number, (text, item_start) in enumerate(pieces):
        item, item_end = text, item_start + len(text)
        if text.lower() in BARE_MODIFIERS and number + 1 < len(pieces):
            following, following_start = pieces[number + 1]
            item = f"{text} {following.split()[-1]}"
            item_end = following_start + len(following)
        items.append((item, item_start, item_end))
    return items
