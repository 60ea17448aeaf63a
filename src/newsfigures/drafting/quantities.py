"""What a number counts: takes the article, its mentions and one mention (or a range of two), gives the quote's
span (the number with its qualifying words and what it counts) and the figure's kind, unit and measure.

Reads only the words around the number: "over 1,500 killings" (a count of people killed), "$2.5 million"
(money, USD), "3.5 percent" (percent), "21-year-old" (an age), "fifteen months" (a duration), "since 2018"
(a year), "the third protest" (a rank), "rally of 200 people" (the size of a rally). The qualifier is the
one ``newsfigures.figures.numbers`` reads from the quote, so a drafted figure always agrees with the checker;
wording that numbers.py does not yet know ("as many as", "under") is named in the figure's note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfigures.figures.numbers import Mention, parse_quote, qualifier_after, qualifier_before

STOPWORDS = frozenset("""
a an the of in on at by for from to with without into onto over under about above below across after before
during since until till through throughout against among amid between within per via than as and or but nor so
yet if while when where whereas because although though that this these those which who whom whose what there
here is are was were be been being has have had do does did will would shall should can could may might must
it its he she they them their his her him we us our you your i me my mine not no also only just even still
more most less least many much some any each every all both either neither such other another own same very
too again ever already yet then now up down out off back around near nearly almost roughly approximately
said says say told according reported alone last next first later earlier ago per
includes include included including remains remain remained shows show showed came come went live lived
died fled got get gets made make makes took take takes left leave leaves received receive receives need needs
needed want wants wanted went goes expected expect expects face faces faced joined join joins
""".split())  # fmt: skip
PARTICIPLES = frozenset("""
killed injured wounded hurt arrested detained displaced missing dead evacuated rescued affected infected
hospitalised hospitalized confirmed recorded reported registered jailed imprisoned executed sentenced deported
fled stranded trapped homeless unemployed vaccinated tested employed sacked laid
""".split())  # fmt: skip
PEOPLE = frozenset("""
people persons person men women children kids boys girls adults residents civilians citizens protesters
protestors demonstrators activists students workers employees staff soldiers troops officers policemen police
fighters militants rebels refugees migrants asylum-seekers detainees prisoners inmates victims patients doctors
nurses voters members journalists reporters defectors deserters villagers families individuals teenagers
youths pilgrims passengers survivors casualties deaths killings dead injured wounded displaced arrested
detained missing evacuees hostages supporters participants delegates farmers miners fishermen teachers
""".split())  # fmt: skip
_TIME_UNITS = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes", "hour": "hours",
    "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "fortnight": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years", "decade": "decades",
    "decades": "decades", "century": "centuries", "centuries": "centuries",
}  # fmt: skip
_NOUN_TO_MEASURE = {
    "killings": "killed", "deaths": "deaths", "dead": "killed", "casualties": "casualties", "detainees": "detained",
    "arrests": "arrested", "prisoners": "detained", "injuries": "injured", "refugees": "refugees",
    "displaced": "displaced", "evacuees": "evacuated", "attacks": "attacks", "strikes": "strikes",
    "cases": "cases", "votes": "votes", "seats": "seats", "protests": "protests",
}  # fmt: skip
_CURRENCY_BEFORE = re.compile(
    r"(?P<symbol>US\$|USD\s?|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|S\$|R\$|\$|£|€|¥|₹|₩|₽|₺|₦|Rs\.?\s?|EUR\s?|GBP\s?|CHF\s?)$"
)
_CURRENCY_CODES = {
    "US$": "USD", "USD": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "R$": "BRL", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "₺": "TRY", "₦": "NGN", "Rs": "INR", "Rs.": "INR", "EUR": "EUR", "GBP": "GBP", "CHF": "CHF",
}  # fmt: skip
_CURRENCY_AFTER = {
    "dollars": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds": "GBP", "gbp": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "yen": "JPY", "rupees": "INR", "kyat": "MMK", "kyats": "MMK", "baht": "THB",
    "ringgit": "MYR", "pesos": "MXN", "rubles": "RUB", "roubles": "RUB", "francs": "CHF", "won": "KRW",
    "rand": "ZAR", "naira": "NGN", "shillings": "KES", "lira": "TRY", "dirhams": "AED", "riyals": "SAR",
}  # fmt: skip
_SCALE_WORD = re.compile(r"(?i)^\s*(?:million|billion|trillion|thousand|mn|bn|m|k)\b")
_PERCENT_AFTER = re.compile(r"(?i)^(?:\s?%|\s+(?:per\s?cent|percent)(?:age\s+points?)?\b|\s+percentage\s+points?\b)")
_AGE_AFTER = re.compile(r"(?i)^\s+years?[\s-]+old\b")
_AGE_BEFORE = re.compile(r"(?i)\b(?:aged|age|ages|older\s+than|younger\s+than|over\s+the\s+age\s+of)\s+$")
_YEAR_PREPOSITION = re.compile(r"(?i)(?<![\w])(?:since|in|by|until|till|from|before|after|during|through|of|early|late|mid-?)\s+$")
_EXTRA_QUALIFIERS = (
    ("older than", "lower_bound"), ("younger than", "upper_bound"), ("greater than", "lower_bound"),
    ("higher than", "lower_bound"), ("as many as", "upper_bound"), ("as much as", "upper_bound"), ("no more than", "upper_bound"),
    ("not more than", "upper_bound"), ("at most", "upper_bound"), ("under", "upper_bound"),
    ("below", "upper_bound"), ("just under", "upper_bound"), ("in excess of", "lower_bound"),
    ("surpassed", "lower_bound"), ("surpassing", "lower_bound"), ("exceeding", "lower_bound"),
    ("exceeded", "lower_bound"), ("topped", "lower_bound"), ("above", "lower_bound"),
    ("close to", "approximate"), ("an estimated", "approximate"), ("estimated", "approximate"),
    ("some estimated", "approximate"), ("about", "approximate"),
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_UNIT_WORDS = 3


@dataclass(frozen=True)
class Reading:
    """A drafted number: the quote's span and what the number is."""

    start: int
    end: int
    value_kind: str
    unit: str
    measure: str
    qualifier: str
    note: str = ""
    period_hint: str = ""


def slug(text: str, limit: int = 4) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    return "_".join(words[:limit])


def _next_words(article: str, position: int, bound: int) -> list[tuple[int, int, str]]:
    """Words after ``position``, up to ``bound``, until punctuation other than a hyphen or a line break."""
    words = []
    at = position
    while at < bound:
        gap = re.match(r"[ \t]*", article[at:bound])
        at += gap.end()
        match = _WORD.match(article, at, bound)
        if not match:
            break
        words.append((match.start(), match.end(), match.group()))
        at = match.end()
    return words


def _previous_words(article: str, position: int, bound: int, count: int = 3) -> list[tuple[int, int, str]]:
    """Up to ``count`` words just before ``position`` (nearest last), none before ``bound`` or a punctuation mark."""
    words: list[tuple[int, int, str]] = []
    at = position
    while len(words) < count and at > bound:
        segment = article[bound:at]
        match = re.search(r"([^\W\d_][\w’'-]*)[ \t]*$", segment)
        if not match:
            break
        words.insert(0, (bound + match.start(1), bound + match.end(1), match.group(1)))
        at = bound + match.start(1)
    return words


def _unit_phrase(article: str, position: int, bound: int, limit: int = _UNIT_WORDS) -> tuple[int, list[str], str]:
    """The noun phrase after a number: its end, its words, and a participle after it ("killed") if any."""
    words = _next_words(article, position, bound)
    taken: list[tuple[int, int, str]] = []
    for index, word in enumerate(words):
        lower = word[2].lower()
        if lower in STOPWORDS or len(taken) == limit or lower in PARTICIPLES and taken or taken and word[2][0].isupper():
            break
        if lower in ("fewer", "lower", "higher", "bigger", "smaller") and not taken:
            break  # "300,000 fewer than": a comparison, not what is counted
        following = words[index + 1][2].lower() if index + 1 < len(words) else ""
        if lower.endswith("ed") and len(lower) > 4 and lower not in PARTICIPLES and lower not in PEOPLE \
                and (not following or following in STOPWORDS):
            break  # "three ports walked out", "a jury of 12 deliberated for": a verb, not a unit
        taken.append(word)
        if lower in _CURRENCY_AFTER:
            break
    end = taken[-1][1] if taken else position
    rest = words[len(taken) :]
    if taken and len(rest) >= 2 and rest[0][2].lower() == "and" and rest[1][2].lower() not in STOPWORDS \
            and rest[1][2].lower().endswith("s"):
        taken += rest[1:2]
        end = rest[1][1]
        rest = rest[2:]
    participle = ""
    if rest and rest[0][2].lower() in PARTICIPLES and rest[0][0] - end <= 1:
        participle = rest[0][2].lower()
        end = rest[0][1]
    elif not taken and words and words[0][2].lower() in PARTICIPLES:
        participle = words[0][2].lower()
        end = words[0][1]
    return end, [w[2] for w in taken], participle


def read_number(article: str, mentions: list[Mention], owned: list[Mention], left: int, right: int,
                caption: bool = False) -> Reading:
    """Draft the figure made of ``owned`` (one mention, or two for a range) within ``article[left:right]``.

    ``left`` and ``right`` bound the quote: the ends of the neighbouring mentions or of the line.
    """
    first, last = owned[0], owned[-1]
    start, end = first.start, last.end
    qualifier, phrase_start = qualifier_before(article, first.start)
    if qualifier != "exact" and not any(m.end > phrase_start and m.start < first.start for m in mentions
                                        if m not in owned):
        start = phrase_start  # even across a line break: the checker wants the qualifying words in the quote
        left = min(left, phrase_start)
    # Enclosing brackets, as in "[2021]".
    if start > left and end < right and article[start - 1] in "[(" and article[end] in "])":
        start, end = start - 1, end + 1
    before = article[left:start]
    after = article[end:right]
    unit, value_kind, measure, note, period_hint = "", "count", "", "", ""
    currency = _CURRENCY_BEFORE.search(before)
    percent = _PERCENT_AFTER.match(after)
    if first.kind == "date":
        value_kind, unit = "date", "day" if len(first.value) == 10 else "month"
        measure = "date"
        if re.search(r"(?i)(?<![\w])the\s+$", article[left:start]) and not first.text[:1].isdigit():
            start = left + re.search(r"(?i)(?<![\w])the\s+$", article[left:start]).start()
        prep = _YEAR_PREPOSITION.search(article[left:start])
        if prep:
            start = left + prep.start()
            if prep.group().strip().lower() == "since":
                period_hint = "since"
    elif currency and first.kind in ("digits", "words"):
        start -= len(currency["symbol"])
        value_kind, unit, measure = "money", _CURRENCY_CODES.get(currency["symbol"].strip(), "USD"), "amount"
        scale = _SCALE_WORD.match(article[end:right])
        if scale and first.kind == "words":
            end += scale.end()
    elif percent and first.kind in ("digits", "words"):
        end += percent.end()
        value_kind = "percent"
        unit = "percentage points" if "point" in percent.group().lower() else "percent"
        measure = "percent"
    elif first.kind == "compound" and re.search(r"(?i)-years?-old$", first.text):
        value_kind, unit, measure = "age", "years", "age"
    elif first.kind == "digits" and len(owned) == 1 and _appositive_age(article, first):
        value_kind, unit, measure = "age", "years", "age"
        note = "An age in apposition to a name ('Name, 64,')."
    elif first.kind in ("digits", "words") and (_AGE_AFTER.match(after) or _AGE_BEFORE.search(before)):
        value_kind, unit, measure = "age", "years", "age"
        age = _AGE_AFTER.match(after)
        if age:
            end += age.end()
        else:
            start = left + _AGE_BEFORE.search(before).start()
    elif first.kind == "year" and (_YEAR_PREPOSITION.search(article[left:start]) or not _counts_things(article, end,
                                                                                                   right)):
        value_kind, unit, measure = "year", "year", "year"
        prep = _YEAR_PREPOSITION.search(article[left:start])
        if prep:
            start = left + prep.start()
            word = prep.group().strip().lower()
            measure = f"{word}_year" if word in ("since", "until", "by", "before", "after") else "year"
            if word == "since":
                period_hint = "since"
    if value_kind == "count":
        tail = re.match(r"-([^\W\d_]+)", first.text[len(first.text.split("-")[0]):]) if first.kind == "compound" \
            else None
        compound_unit = _TIME_UNITS.get(tail.group(1).lower()) if tail else None
        phrase_end, words, participle = _unit_phrase(article, end, right)
        head = words[-1].lower() if words else ""
        if compound_unit or head in _TIME_UNITS and len(words) == 1:
            value_kind, unit = "duration", compound_unit or _TIME_UNITS[head]
            measure = "duration"
            if words and (head in _TIME_UNITS):
                end = phrase_end
            if re.match(r"\s+ago\b", article[end:right]):
                note = "A time before publication ('ago'): the date it points to may be the figure."
        elif len(owned) == 1 and _fraction(article, first):
            value_kind, unit, measure = "count", "fraction", "fraction"
            end = first.end
            note = (f"A fraction, not a rank: '{' '.join(article[max(left, start - 2) : end].split())}' is "
                    f"{_fraction(article, first)} of the whole; newsfigures.figures.numbers reads the number as "
                    f"{first.value}, so that is the value.")
        elif first.kind == "ordinal" or first.kind == "compound" and re.match(r"(?i)[a-z]+(?:st|nd|rd|th)\b",
                                                                                   first.text) \
                and re.search(r"(?i)(?:st|nd|rd|th)-", first.text + "-"):
            value_kind, unit, measure = "rank", "rank", "rank"
            end = phrase_end if words else end
            if words:
                measure = f"rank_{slug(' '.join(words), 2)}"
        else:
            end = phrase_end
            value_kind, unit, measure = "count", _count_unit(words, participle), _count_measure(
                article, left, start, words, participle)
            scale_noun = _of_noun_before(article, left, start)
            if scale_noun:
                start = scale_noun[0]
                measure = f"{slug(scale_noun[1], 1)}_size"
            if currency is None:
                money = _CURRENCY_AFTER.get(head)
                if money:
                    value_kind, unit, measure = "money", money, "amount"
    elif value_kind in ("money", "percent"):
        phrase = re.match(r"(?i)\s+of\s+(?:the\s+)?([^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*)?)", article[end:right])
        if phrase and value_kind == "percent":
            words = [w for w in phrase.group(1).split() if w.lower() not in STOPWORDS][:1]
            if words:
                measure = f"percent_{slug(words[0], 1)}"
                end += phrase.start(1) + phrase.group(1).find(words[0]) + len(words[0])
    after_qualifier = qualifier_after(article, last.end)
    if after_qualifier:
        extra = re.match(r"(?i)\s*(?:or|and)\s+(?:more|over|above|fewer|less|so)\b", article[max(end, last.end):right])
        if extra:
            end = max(end, last.end) + extra.end()
    start, end = _no_cut(article, mentions, owned, start, end)
    ratio = _RATIO.match(article[last.end : last.end + 30])
    if len(owned) == 1 and ratio:
        note = (note + " " if note else "") + (
            f"A ratio: '{first.text} in {ratio['of']}' ({first.text} out of every {ratio['of']}); the quote holds one "
            "number, so the second is a separate entry.")
    elif len(owned) == 1 and _RATIO_BEFORE.search(article[max(0, first.start - 20) : first.start]):
        note = (note + " " if note else "") + "The second number of a ratio ('one in N'): what the first is out of."
    if caption:
        note = (note + " " if note else "") + "From an image caption, not the article's text."
    quote = article[start:end]
    parsed_qualifier = _checker_qualifier(quote, owned, start)
    hint = _extra_qualifier(article, first.start, left)
    if hint and hint[1] != parsed_qualifier:
        note = (note + " " if note else "") + (
            f"The wording '{hint[0]}' suggests {hint[1]}; newsfigures.figures.numbers does not read it yet, so the "
            f"qualifier is {parsed_qualifier}."
        )
    return Reading(start, end, value_kind, unit or "count", measure or "count", parsed_qualifier, note.strip(),
                   period_hint)


_RATIO = re.compile(r"(?i)^\s+in\s+(?:every\s+)?(?P<of>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"twenty|fifty|a\s+hundred|a\s+thousand|[0-9][0-9,]*)\b")
_RATIO_BEFORE = re.compile(r"(?i)(?<![\w])(?:one|[0-9]+)\s+in\s+(?:every\s+)?$")
_FRACTIONS = {"third": "1/3", "fourth": "1/4", "fifth": "1/5", "sixth": "1/6", "seventh": "1/7", "eighth": "1/8",
              "ninth": "1/9", "tenth": "1/10"}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


def _fraction(article: str, mention: Mention) -> str:
    """"a third of the staff", "two-thirds of voters": the fraction ("1/3"), or "" when it is not one."""
    text = mention.text.lower()
    compound = re.fullmatch(r"(one|two|three|four)-(third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)s?", text)
    if compound and mention.kind == "compound":
        numerator, word = _NUMERATORS[compound[1]], compound[2]
    elif mention.kind == "ordinal" and text.rstrip("s") in _FRACTIONS:
        lead = re.search(r"(?i)(?<![\w])(a|one|two|three|four)\s+$", article[max(0, mention.start - 8) : mention.start])
        if not lead:
            return ""
        numerator, word = _NUMERATORS[lead[1].lower()], text.rstrip("s")
    else:
        return ""
    if not re.match(r"\s+of\b|\s*[.,;]", article[mention.end : mention.end + 4]):
        return ""
    return f"{numerator}/{_FRACTIONS[word].split('/')[1]}"


_APPOSITION_BEFORE = re.compile(r"(?<![\w’'-])(?:[A-Z][\w’'-]+\s+)*(?P<name>[A-Z][\w’'-]+),\s*$")
_NOT_NAMES = frozenset("""
January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul
Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday In On At By Since From Of And
Between Until The Page Chapter Section Article Room Rooms Item Items Points Stations Gates Nos Figure Table
""".split())  # fmt: skip


def _appositive_age(article: str, mention: Mention) -> bool:
    """Whether a number stands between commas after a person's name: "Derek Sarne, 64, was convicted"."""
    if not re.fullmatch(r"[0-9]{1,3}", mention.text) or not 1 <= int(mention.text) <= 115:
        return False
    if not re.match(r"\s*,(?!\s*(?:[0-9]|and\b|or\b|the\b))", article[mention.end : mention.end + 8]):
        return False
    before = _APPOSITION_BEFORE.search(article[max(0, mention.start - 60) : mention.start])
    return bool(before) and before["name"] not in _NOT_NAMES and not before["name"].isupper()


def _checker_qualifier(quote: str, owned: list[Mention], start: int) -> str:
    """The qualifier numbers.py reads from the quote (for a range: from the words before its first number)."""
    if len(owned) == 1:
        try:
            return parse_quote(quote).qualifier
        except Exception:  # noqa: BLE001 - a quote holding two numbers: read the first one's words
            pass
    qualifier, _ = qualifier_before(quote, owned[0].start - start)
    return qualifier


def _extra_qualifier(article: str, position: int, left: int) -> tuple[str, str] | None:
    window = article[max(left, position - 30) : position]
    for phrase, qualifier in sorted(_EXTRA_QUALIFIERS, key=lambda p: -len(p[0])):
        if re.search(r"(?i)(?<![\w])" + phrase.replace(" ", r"\s+") + r"\s+(?:US\$|\$|£|€)?$", window):
            return phrase, qualifier
    return None


def _counts_things(article: str, end: int, right: int) -> bool:
    """Whether a four-digit number is followed by what it counts ("2000 people"), so it is not a year."""
    words = _next_words(article, end, right)
    if not words:
        return False
    word = words[0][2].lower()
    return word in PEOPLE or word in _NOUN_TO_MEASURE or word in PARTICIPLES or (
        word.endswith("s") and word not in STOPWORDS and not words[0][2][0].isupper()
        and word not in ("elections", "polls", "games", "olympics")
    )


def _count_unit(words: list[str], participle: str) -> str:
    if not words:
        return "people" if participle else "count"
    lowered = [w.lower() for w in words]
    if any(w in PEOPLE for w in lowered):
        return "people"
    return " ".join(lowered)


def _count_measure(article: str, left: int, start: int, words: list[str], participle: str) -> str:
    if participle:
        return participle
    lowered = [w.lower() for w in words]
    for word in reversed(lowered):
        if word in _NOUN_TO_MEASURE:
            return _NOUN_TO_MEASURE[word]
    verb = _previous_words(article, start, left, 2)
    for _, _, word in reversed(verb):
        lower = word.lower()
        if lower.endswith("ed") and lower not in STOPWORDS and len(lower) > 4:
            return lower
    return slug(" ".join(lowered[-2:]), 2) if lowered else "count"


def _of_noun_before(article: str, left: int, start: int) -> tuple[int, str] | None:
    """"rally of 200 people": the noun whose size the number gives, and where it starts."""
    words = _previous_words(article, start, left, 2)
    if len(words) == 2 and words[1][2].lower() == "of" and words[0][2].lower() not in STOPWORDS \
            and article[words[1][1] : start].strip() == "":
        if words[0][2][0].isupper():
            return None  # "convicted in March of five counts": a month or a name, not a group's size
        if re.search(r"(?i)(?<![\w])(?:in|on|at)\s+$", article[max(left, words[0][0] - 4) : words[0][0]]):
            return None  # "in front of 41,230 fans", "on top of": an idiom
        return words[0][0], words[0][2]
    return None


def _no_cut(article: str, mentions: list[Mention], owned: list[Mention], start: int, end: int) -> tuple[int, int]:
    """Shrink a quote so that it neither cuts through nor holds a mention it does not own; trim its spaces."""
    first, last = owned[0], owned[-1]
    for m in mentions:
        if m in owned or m.end <= start or m.start >= end:
            continue
        if m.end <= first.start:
            start = max(start, m.end)
        elif m.start >= last.end:
            end = min(end, m.start)
    while start < first.start and article[start].isspace():
        start += 1
    while end > last.end and article[end - 1].isspace():
        end -= 1
    return start, end
