"""Numbers that are not figures: takes the article and one mention, gives the reason it is not a figure (or None).

Names ("COVID-19", "G7", "F-16", "WWII", "Flight 370", "Article 19", "10 Downing Street"), the word "one"
used as a pronoun or determiner ("one of them", "one thing", "one major factor", "no one", "one another"),
and "first" giving an order rather than a count ("the first protest", "for the first time"). A mention
these rules do not recognise is drafted as a figure: when unsure, a person reviews a figure.
"""

from __future__ import annotations

import re

from newsfigures.figures.numbers import Mention

_NAME_KINDS = {
    "covid": "the name of a disease", "sars": "the name of a disease", "mers": "the name of a disease",
    "h1n1": "the name of a virus", "h5n1": "the name of a virus", "g": "the name of a group of countries",
    "f": "the name of an aircraft model", "mig": "the name of an aircraft model", "su": "the name of an aircraft model",
    "b": "the name of an aircraft model", "a": "the name of an aircraft model", "t": "the name of a tank model",
    "ak": "the name of a rifle", "m": "the name of a weapon or road", "cop": "the name of a conference",
    "ww": "the name of a war", "wwi": "the name of a war", "wwii": "the name of a war",
}  # fmt: skip
_NAME_BEFORE = re.compile(
    r"(?:Flight|Route|Highway|Interstate|Article|Section|Resolution|Chapter|Clause|Amendment|Proposition|Boeing|"
    r"Airbus|Apollo|Windows|iPhone|Galaxy|Room|Platform|Gate|Terminal|Channel|Formula|Vision|Agenda|Title|Camp|Pier|"
    r"Bus|Line|Ward|Block|Unit|Regulation|Directive|Law|Act|Decree|Order|Bill|Protocol|Expo|Euro|Windows|Version|"
    r"Mark|Mk|Type|Model|Series|Battalion|Division|Brigade|Regiment|Corps|Squadron|Fleet|Ward|Lot|Plot|Sector|"
    r"Zone|Phase|Stage|Level|Grade|Class|No\.|Nos\.|Number)\s+$"
)
_NAME_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:[A-Z][a-z]+\s+)?(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Boulevard|"
                         r"Square|Place|Drive|Way)\b")
_ONE_IDIOM_AFTER = re.compile(
    r"(?i)^(?:[\s-]+(?:of\b|another\b|thing\b|things\b|day\b(?!\s+(?:after|before|later|earlier|of))|way\b|"
    r"hand\b|side\b|point\b|such\b|who\b|that\b(?!\s+(?:is|was))|which\b|(?:on-one|off|time|sided|way)\b|"
    r"(?:major|key|main|big|biggest|important|notable|other|particular|single|final|last|possible|common|"
    r"obvious|simple|striking|crucial)\s+(?:[a-z]+)\b|(?:reason|factor|problem|issue|question|example|answer|"
    r"explanation|concern|challenge|option|idea|aspect|lesson|theory|source|official|resident|man|woman|"
    r"person|witness|analyst|expert|diplomat|activist|observer)\b(?=\s*(?:,|is|was|who|said|says|told|of|that|"
    r"familiar|involved|close|:))|'s\b|’s\b)|[\s]*[.,;:!?)]|$)"
)
_RATIO_AFTER = re.compile(r"(?i)^\s+in\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                          r"twenty|fifty|a\s+hundred|a\s+thousand|[0-9][0-9,]*)\b")
_ONE_IDIOM_BEFORE = re.compile(r"(?i)(?:\bno|\bthe|\bthis|\bthat|\bevery|\bany|\bsome|\bwhich|\beach|\blittle|"
                               r"\bthe\s+only|\bthe\s+same|\bthe\s+other|\bas)\s+$")


def not_figure_reason(article: str, mention: Mention) -> str | None:
    """Why ``mention`` is not a figure, or None when it may be one."""
    text, kind = mention.text, mention.kind
    if kind == "in_name":
        prefix = re.match(r"[A-Za-z]+", text)
        what = _NAME_KINDS.get(prefix.group().lower(), "part of a name") if prefix else "part of a name"
        return f"{what} ('{text}'), not a count"
    if kind == "roman":
        what = "the name of a war" if text.startswith("WW") else "a roman numeral in a name"
        return f"{what} ('{text}'), not a count"
    before = article[max(0, mention.start - 30) : mention.start]
    after = article[mention.end : mention.end + 40]
    if kind in ("digits", "year", "ordinal") and (_NAME_BEFORE.search(before) or _NAME_AFTER.match(after)):
        return f"part of a name or an address ('{' '.join((before[-12:] + text).split())}'), not a count"
    lower = text.lower()
    if kind == "words" and lower == "one":
        if _RATIO_AFTER.match(after):
            return None  # "one in four claims": a ratio, a figure
        if re.search(r"(?i)\b(?:only|just|at\s+least|killed|killing|injured|than|least|about|nearly|some|over)\s+$",
                     before):
            return None
        if re.match(r"\s+[a-z]+(?:\s*,|\s+(?:who|said|says|told|tells|described|recalled)\b)", after):
            return "'one' introduces a speaker or a person, not a count"
        if re.search(r"(?i)\bthat\s+$", before) and not _ONE_IDIOM_AFTER.match(after) and re.match(
                r"\s+[a-z]+\s+(?:would|will|could|can|might|may|was|is|had|has|made|changed)\b", after):
            return None  # "told them that one goal would change everything": "that" joins a clause; a count
        if _ONE_IDIOM_BEFORE.search(before) or _ONE_IDIOM_AFTER.match(after):
            if re.match(r"(?i)\s+of\b", after):
                return "'one of ...' picks one out of a group; not a count"
            return "'one' used as a pronoun or to introduce something, not a count"
        return None
    if kind == "compound" and re.match(r"(?i)one-(?:on-one|off|time|sided|way)\b", text):
        return f"an idiom ('{text}'), not a count"
    if kind == "ordinal" and lower in ("first", "1st"):
        return "'first' gives an order (the earliest), not a figure"
    if kind == "compound" and re.match(r"(?i)first-", text):
        return f"'{text}' gives an order, not a figure"
    return None
