"""Every numeric mention in a text, with its character offsets and parsed value.

A mention is anything a reader could take for a number: digits ("1,500"), number words ("fifteen"),
ordinals ("first", "21st"), hyphenated forms ("21-year-old"), years ("2018"), full dates ("the first
of February 2021"), roman numerals inside names ("WWII") and digits inside names ("COVID-19").
Finding too many is safe (the annotation must account for each one); missing one is not, because an
unannotated figure would then slip through the audit unseen.

Values are text: a plain integer ("1500"), a decimal ("1.5"), or an ISO 8601 date ("2021-02-01",
or "2021-02" for a month); an annotation may also give a date and time ("2022-05-02T21:11").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import find_numbers

from newsfigures.errors import NewsfiguresError

# Kinds of mention, by the form the number takes in the text.
KINDS = ("compound", "date", "digits", "in_name", "ordinal", "roman", "words", "year")
QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
# Longest first so that "Sept" wins over "Sep" and "June" over "Jun".
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_UNITS_ORD = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_DAY_WORD = (
    rf"(?:(?:twenty|thirty)[- ]?(?:{_UNITS_ORD})|{_UNITS_ORD}|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_DAY_DIGITS = r"[0-9]{1,2}(?:st|nd|rd|th)?"
_YEAR = r"[0-9]{4}"
_B = r"(?<![\w])"  # no word character just before
_E = r"(?![\w])"  # no word character just after
_DATE_PATTERNS = (
    # "the first of February 2021", "1 February 2021", "1st of Feb. 2021"
    re.compile(
        rf"{_B}(?P<day>(?i:{_DAY_WORD})|{_DAY_DIGITS})\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR}){_E}"
    ),
    # "February 1, 2021", "February 1st 2021"
    re.compile(rf"{_B}(?P<month>{_MONTH})\s+(?P<day>{_DAY_DIGITS}),?\s+(?P<year>{_YEAR}){_E}"),
    # "February 2021": a month, kept at month precision
    re.compile(rf"{_B}(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR}){_E}"),
)
_DIGITS = re.compile(
    r"(?<![\w.,])(?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<fraction>\.[0-9]+)?(?![0-9]|,[0-9])"
    r"(?:(?P<ordinal>st|nd|rd|th)|(?P<glued>bn|mn|tn|km|kg|cm|mm|m|k|C|F))?(?!\w)"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
)
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
# A scale glued to a sum of money ("$21bn", "€40m"); after anything but a currency sign, "40m" is 40 metres.
_GLUED_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000}
_CURRENCY = r"(?:US\$|A\$|C\$|\$|€|£|¥|₹)"
_CURRENCY_BEFORE = re.compile(_CURRENCY + "$")
# A number glued to words by hyphens: "21-year-old", "fifteen-month".
_COMPOUND_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
# Digits inside a capitalised name: "COVID-19", "G7", "F-16", "MiG-29".
_IN_NAME = re.compile(r"(?<![\w-])[A-Z][A-Za-z]*-?(?P<digits>[0-9]+)(?:[A-Za-z]+[0-9]*)*(?![\w-])")
_CAPS_TOKEN = re.compile(r"(?<![\w-])[A-Z]{2,}(?![\w-])")
_ROMAN = re.compile(r"(?P<roman>X{0,3}(?:IX|IV|V?I{0,3}))")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# A single trailing "I" or "V" after capitals is usually part of an acronym ("TV"); only "WW" (world war)
# is known to take a one-letter numeral.
_ROMAN_ONE_LETTER_PREFIXES = ("WW",)
_WORD_TOKEN = re.compile(r"\w+|[^\w\s]")

# Longest phrases first: "no fewer than" must win over "fewer than".
_QUALIFIER_PHRASES = (
    ("no fewer than", "lower_bound"),
    ("no less than", "lower_bound"),
    ("no more than", "upper_bound"),
    ("not more than", "upper_bound"),
    ("greater than", "lower_bound"),
    ("higher than", "lower_bound"),
    ("older than", "lower_bound"),
    ("younger than", "upper_bound"),
    ("as much as", "upper_bound"),
    ("in excess of", "lower_bound"),
    ("more than", "lower_bound"),
    ("at least", "lower_bound"),
    ("upwards of", "lower_bound"),
    ("surpassing", "lower_bound"),
    ("surpassed", "lower_bound"),
    ("exceeding", "lower_bound"),
    ("exceeded", "lower_bound"),
    ("topping", "lower_bound"),
    ("topped", "lower_bound"),
    ("over", "lower_bound"),
    ("above", "lower_bound"),
    ("approximately", "approximate"),
    ("an estimated", "approximate"),
    ("close to", "approximate"),
    ("roughly", "approximate"),
    ("around", "approximate"),
    ("nearly", "approximate"),
    ("almost", "approximate"),
    ("about", "approximate"),
    ("some", "approximate"),
    ("as many as", "upper_bound"),
    ("fewer than", "upper_bound"),
    ("less than", "upper_bound"),
    ("at most", "upper_bound"),
    ("up to", "upper_bound"),
    ("under", "upper_bound"),
    ("below", "upper_bound"),
)
_QUALIFIER_BEFORE = re.compile(
    r"(?i)(?<![\w])(?P<phrase>" + "|".join(p.replace(" ", r"\s+") for p, _ in _QUALIFIER_PHRASES)
    + r")\s+" + _CURRENCY + "?$"  # "about $3.9 million": a currency sign may stand between
)
_QUALIFIER_AFTER = (
    (re.compile(r"(?i)^\s*(?:or|and)\s+(?:more|over|above)(?![\w])"), "lower_bound"),
    (re.compile(r"(?i)^\s*or\s+(?:fewer|less)(?![\w])"), "upper_bound"),
    (re.compile(r"(?i)^\s*or\s+so(?![\w])"), "approximate"),
)


@dataclass(frozen=True)
class Mention:
    """One number-like span: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    kind: str
    value: str


@dataclass(frozen=True)
class ParsedQuote:
    """The number a short quote states, and the qualifier its wording implies."""

    value: str | None
    kind: str | None
    qualifier: str
    mention: Mention | None


class _Token:
    """A word or punctuation token with its offsets, in the shape text2num's ``find_numbers`` expects."""

    def __init__(self, match: re.Match[str], source: str, previous_end: int):
        self.match = match
        # A line break between two words ends a number: "twenty\n\none" is two numbers, not 21.
        self.after_break = "\n" in source[previous_end : match.start()]

    def text(self) -> str:
        return self.match.group()

    def not_a_number_part(self) -> bool:
        return False

    def nt_separated(self, previous: object) -> bool:
        return self.after_break


def _integer_text(number: Decimal) -> str:
    """A Decimal as plain text: "1500", "1.5" (never exponent notation)."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _dates(text: str) -> list[Mention]:
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            year = int(match["year"])
            month = MONTHS[match["month"].rstrip(".")]
            if match.groupdict().get("day") is None:
                if year == 0:
                    continue  # "January 0000": there is no year 0
                found.append(Mention(match.start(), match.end(), match.group(), "date", f"{year:04d}-{month:02d}"))
                continue
            day = _day_number(match["day"])
            try:
                value = dt.date(year, month, day).isoformat()
            except ValueError:
                continue  # "31 February 2021" is not a date; its parts are still found below
            found.append(Mention(match.start(), match.end(), match.group(), "date", value))
    return found


def _day_number(day: str) -> int:
    digits = re.match(r"[0-9]+", day)
    if digits:
        return int(digits.group())
    words = _word_numbers(day)
    return int(words[0].value) if len(words) == 1 else 0


def _digits(text: str) -> list[Mention]:
    found = []
    for match in _DIGITS.finditer(text):
        number = Decimal(match["number"].replace(",", "") + (match["fraction"] or ""))
        start, end = match.start(), match.end()
        if match["ordinal"]:
            kind = "ordinal"
            end = match.end("ordinal")
        elif match["scale"]:
            number *= _SCALES[match["scale"]]
            kind = "digits"
        elif match["glued"] in _GLUED_SCALES and _CURRENCY_BEFORE.search(text[max(0, start - 2):start]):
            number *= _GLUED_SCALES[match["glued"]]
            kind = "digits"
        elif _looks_like_year(match):
            kind = "year"
        else:
            kind = "digits"
        found.append(Mention(start, end, text[start:end], kind, _integer_text(number)))
    return found


def _looks_like_year(match: re.Match[str]) -> bool:
    """Four bare digits from 1000 to 2199 ("2018", not "2,018" or "2018.5") read as a year."""
    digits = match["number"]
    return len(digits) == 4 and digits.isdigit() and not match["fraction"] and 1000 <= int(digits) <= 2199


def _word_numbers(text: str) -> list[Mention]:
    tokens = []
    previous_end = 0
    for match in _WORD_TOKEN.finditer(text):
        tokens.append(_Token(match, text, previous_end))
        previous_end = match.end()
    found = []
    # threshold 0: "one" and "first" count too; the annotation decides which are figures.
    for occurrence in find_numbers(tokens, "en", 0.0):
        start = tokens[occurrence.start].match.start()
        end = tokens[occurrence.end - 1].match.end()
        value = _integer_text(Decimal(repr(occurrence.value)))
        kind = "ordinal" if occurrence.is_ordinal else "words"
        found.append(Mention(start, end, text[start:end], kind, value))
    return found


def _in_names(text: str) -> list[Mention]:
    return [
        Mention(m.start(), m.end(), m.group(), "in_name", str(int(m["digits"]))) for m in _IN_NAME.finditer(text)
    ]


def _roman_in_caps(text: str) -> list[Mention]:
    found = []
    for match in _CAPS_TOKEN.finditer(text):
        token = match.group()
        # The longest tail of the token that is a well-formed numeral from I to XXXIX.
        for cut in range(len(token)):
            tail, prefix = token[cut:], token[:cut]
            if _ROMAN.fullmatch(tail) and tail:
                break
        else:
            continue
        if len(tail) == 1 and prefix not in _ROMAN_ONE_LETTER_PREFIXES:
            continue
        found.append(Mention(match.start(), match.end(), token, "roman", str(_roman_value(tail))))
    return found


def _roman_value(numeral: str) -> int:
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " "):
        value = _ROMAN_VALUES[letter]
        total += -value if following != " " and _ROMAN_VALUES[following] > value else value
    return total


def _with_compound_tail(mention: Mention, text: str) -> Mention:
    if mention.kind not in ("digits", "words", "ordinal"):
        return mention
    tail = _COMPOUND_TAIL.match(text, mention.end)
    if not tail:
        return mention
    return Mention(mention.start, tail.end(), text[mention.start : tail.end()], "compound", mention.value)


def find_mentions(text: str) -> list[Mention]:
    """Every numeric mention in ``text``, in order, none overlapping.

    Where candidates overlap, the longest wins ("the first of February 2021" is one date, not an
    ordinal and a year); each reported mention satisfies ``text[start:end] == mention.text``.
    """
    candidates = [
        *_dates(text),
        *_in_names(text),
        *_roman_in_caps(text),
        *(_with_compound_tail(m, text) for m in _digits(text)),
        *(_with_compound_tail(m, text) for m in _word_numbers(text)),
    ]
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start), KINDS.index(m.kind)))
    return first_of_overlapping(candidates)


def first_of_overlapping(spans: list) -> list:
    """Spans (with start and end) sorted by start, longest first: each kept unless it overlaps one kept before."""
    chosen: list = []
    for span in spans:
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def qualifier_before(text: str, position: int) -> tuple[str, int]:
    """The qualifier implied by the words just before ``position`` in ``text``, and where they start.

    Returns ``("exact", position)`` when no qualifying phrase ("over", "about", "up to"...) precedes it.
    """
    window_start = max(0, position - 40)
    match = _QUALIFIER_BEFORE.search(text[window_start:position])
    if not match:
        return "exact", position
    for phrase, qualifier in _QUALIFIER_PHRASES:
        if re.fullmatch(phrase.replace(" ", r"\s+"), match["phrase"], re.IGNORECASE):
            return qualifier, window_start + match.start("phrase")
    raise AssertionError(match["phrase"])  # pragma: no cover


def qualifier_after(text: str, position: int) -> str | None:
    """The qualifier implied by trailing words such as "or more", "or so"; None if there are none."""
    for pattern, qualifier in _QUALIFIER_AFTER:
        if pattern.match(text[position : position + 20]):
            return qualifier
    return None


def parse_quote(quote: str) -> ParsedQuote:
    """The one number in a short quote and the qualifier its wording implies.

    "over 1,500 killings" -> 1500, lower_bound; "about 160 demonstrators" -> 160, approximate;
    "the first of February 2021" -> 2021-02-01, exact. A quote with no number gives value None;
    a quote with several raises NewsfiguresError, since it is unclear which one is meant.
    """
    mentions = find_mentions(quote)
    if not mentions:
        return ParsedQuote(None, None, "exact", None)
    if len(mentions) > 1:
        listed = ", ".join(repr(m.text) for m in mentions)
        raise NewsfiguresError(f"quote {quote!r} holds {len(mentions)} numbers ({listed}); expected one")
    mention = mentions[0]
    qualifier, _ = qualifier_before(quote, mention.start)
    if qualifier == "exact":
        qualifier = qualifier_after(quote, mention.end) or "exact"
    return ParsedQuote(mention.value, mention.kind, qualifier, mention)


def normalise_value(value: object) -> str | None:
    """An annotated value as text comparable with a parsed one: 1500, "1,500" -> "1500"; dates -> ISO.

    Returns None when the value is neither a number nor an ISO date.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _integer_text(Decimal(repr(value))) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}", text):
            try:
                dt.datetime.fromisoformat(text)
            except ValueError:
                return None
            return text
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", text):
            try:
                dt.date.fromisoformat(text if len(text) == 10 else text + "-01")
            except ValueError:
                return None
            return text
        if re.fullmatch(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", text):
            try:
                return _integer_text(Decimal(text.replace(",", "")))
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                return None
    return None
