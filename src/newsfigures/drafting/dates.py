"""Dates and times the article gives in words: takes the article and its publication date, gives each phrase's
span and the date it stands for.

Resolved against the publication date: weekdays ("on Tuesday": the latest Tuesday on or before it; "next
Tuesday" the first after it), "yesterday", "today", "last night", "last week", "this month", "last year",
"three days ago", "March 27" or "27 March" without a year (this year's, unless that is more than two months
after publication, then last year's), "in March" without a year (likewise), and clock times ("9:11 p.m.",
"at 7 p.m.") on the day the sentence names or else on the publication date. Relative phrases are resolved
by ``dateparser`` with the publication date as its RELATIVE_BASE; weekdays and months by the rules above.
Each result says, in ``note``, how its value was found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsfigures.figures.numbers import MONTHS, first_of_overlapping

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUMBER_WORD = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|few|"
    r"couple\s+of|[0-9]{1,3})"
)
_WEEKDAY = re.compile(
    r"(?i)(?<![\w-])(?:(?P<prep>on|by|since|until|from|last|next|this|early|late|before|after)\s+)?"
    r"(?P<day>(?-i:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?!\s*,?\s*(?:" + _MONTH + r"|[0-9]))(?![\w-])"
)
_RELATIVE = re.compile(
    r"(?i)(?<![\w-])(?P<phrase>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:earlier\s+|later\s+)?(?:last|this|next)\s+(?:week|month|year)(?:end)?"
    r"|(?P<count>" + _NUMBER_WORD + r")\s+(?P<unit>days?|weeks?|months?|years?)\s+ago)(?![\w-])"
)
_MONTH_DAY = re.compile(
    r"(?<![\w-])(?:(?P<month>" + _MONTH + r")\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?|(?P<day2>[0-9]{1,2})(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?P<month2>" + _MONTH + r"))(?!,?\s*[0-9]{4})(?![\w-])"
)
_MONTH_ONLY = re.compile(
    r"(?i)(?<![\w-])(?P<prep>in|since|until|by|from|through|during|end\s+of|early|late|mid-?|beginning\s+of|"
    r"start\s+of|middle\s+of)\s+(?P<month>(?-i:January|February|March|April|June|July|August|September|October"
    r"|November|December))(?![\w-])(?!,?\s+(?:[0-9]{1,4}|of\s+[0-9]{4}))"
)
_CLOCK = re.compile(
    r"(?i)(?<![\w:.])(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?<![\w:.])(?P<hour24>[01]?[0-9]|2[0-3]):(?P<minute24>[0-9]{2})(?=\s*(?:GMT|UTC|local|hours|hrs|h\b))"
)
_DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@dataclass(frozen=True)
class Inferred:
    """A date or time the article gives in words: ``article[start:end]`` stands for ``value``."""

    start: int
    end: int
    value: object  # "2022-05-01", "2022-04", 2021 or "2022-05-01T21:11"
    value_kind: str  # date, year or time
    unit: str
    note: str
    period: str = ""


def _day(published: dt.date, weekday: str, prep: str) -> tuple[dt.date, str]:
    target = _WEEKDAYS.index(weekday.lower())
    back = (published.weekday() - target) % 7
    if prep == "coming":
        ahead = (target - published.weekday()) % 7
        return published + dt.timedelta(days=ahead), "the first such weekday on or after publication (the sentence " \
                                                     "speaks of the future)"
    if prep == "next":
        ahead = (target - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=ahead), "the first such weekday after publication"
    if prep == "last" and back == 0:
        back = 7
    return published - dt.timedelta(days=back), "the latest such weekday on or before publication"


_FUTURE = re.compile(r"(?i)(?<![\w])(?:will|won['’]?t|shall|expects?|expected|forecasts?|forecasters?|predicts?|"
                     r"scheduled|plans?|planned|due\s+to|is\s+set\s+to|are\s+set\s+to|upcoming|going\s+to|"
                     r"would\s+be\s+held|to\s+be\s+held)(?![\w])")


_DEADLINE_BEFORE = re.compile(r"(?i)(?<![\w])(?:by|until|till|before|due)\s+$")
_WOULD = re.compile(r"(?i)(?<![\w])(?:would|could|aims?\s+to|hopes?\s+to|promised\s+to|pledged\s+to)(?!\s+have)(?![\w])")


def _future_sentence(article: str, position: int, deadline: bool = False) -> bool:
    """Whether the sentence around ``position`` speaks of the future ("will", "expected", "forecasters").

    With ``deadline`` (the date follows "by", "until": "would respond by Jan. 15"), "would" counts too.
    """
    start = max(article.rfind(".", 0, position), article.rfind("\n", 0, position), 0)
    ends = [i for i in (article.find(".", position), article.find("\n", position)) if i != -1]
    text = article[start : min(ends) if ends else len(article)]
    return bool(_FUTURE.search(text) or deadline and _WOULD.search(text))


def _deadline(article: str, position: int) -> bool:
    """Whether the date at ``position`` is a deadline in the future: "(expects ...) by Thursday"."""
    return bool(_DEADLINE_BEFORE.search(article[max(0, position - 8) : position])) and \
        _future_sentence(article, position, deadline=True)


def _parse_relative(phrase: str, published: dt.date) -> dt.datetime | None:
    """``dateparser``'s reading of a relative phrase, with the publication date as the base."""
    import dateparser

    settings = dict(_DATEPARSER_SETTINGS, RELATIVE_BASE=dt.datetime.combine(published, dt.time(12)))
    try:
        return dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - an unparseable phrase is simply not resolved
        return None


def _relative(match: re.Match[str], published: dt.date) -> Inferred | None:
    phrase = " ".join(match["phrase"].lower().split())
    shown = " ".join(match["phrase"].split())
    base = f"'{shown}' resolved against the publication date {published.isoformat()}"
    if phrase in ("today", "tonight") or phrase.startswith("this ") and phrase.split()[1] in ("morning", "afternoon",
                                                                                              "evening"):
        return Inferred(match.start(), match.end(), published.isoformat(), "date", "day", f"{base}: that day")
    if phrase == "last night":
        day = published - dt.timedelta(days=1)
        return Inferred(match.start(), match.end(), day.isoformat(), "date", "day", f"{base}: the evening before")
    words = phrase.replace("earlier ", "").replace("later ", "").split()
    if words[-1] in ("week", "weekend", "month", "year") and words[0] in ("last", "this", "next"):
        step = {"last": -1, "this": 0, "next": 1}[words[0]]
        if words[-1] in ("week", "weekend"):
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
            if words[-1] == "weekend":
                start, end = monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
            else:
                start, end = monday, monday + dt.timedelta(days=6)
            return Inferred(match.start(), match.end(), start.isoformat(), "date", "week",
                            f"{base}: the {words[-1]} of {start.isoformat()} to {end.isoformat()}",
                            f"{start.isoformat()}/{end.isoformat()}")
        if words[-1] == "month":
            month = published.month + step
            year = published.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            return Inferred(match.start(), match.end(), f"{year:04d}-{month:02d}", "date", "month", base)
        return Inferred(match.start(), match.end(), published.year + step, "year", "year", base)
    parsed = _parse_relative(phrase, published)
    if parsed is None:
        return None
    unit = (match["unit"] or "day").rstrip("s")
    if unit == "year":
        return Inferred(match.start(), match.end(), parsed.year, "year", "year", f"{base} (by dateparser)")
    if unit == "month":
        return Inferred(match.start(), match.end(), f"{parsed.year:04d}-{parsed.month:02d}", "date", "month",
                        f"{base} (by dateparser)")
    return Inferred(match.start(), match.end(), parsed.date().isoformat(), "date", "day", f"{base} (by dateparser)")


def _year_for(month: int, day: int, published: dt.date) -> int:
    """This year, unless the date would fall more than about two months after publication: then last year."""
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year - 1 if (candidate - published).days > 62 else published.year


def _month_day(match: re.Match[str], published: dt.date, future: bool = False) -> Inferred | None:
    month = MONTHS.get((match["month"] or match["month2"]).rstrip("."))
    day = int(match["day"] or match["day2"])
    if month is None:
        return None
    year = _year_for(month, min(day, 28), published)
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if future and value < published:
        try:
            value = dt.date(year + 1, month, day)
        except ValueError:
            return None
        return Inferred(match.start(), match.end(), value.isoformat(), "date", "day",
                        f"'{match.group()}' has no year; a deadline in the future ('by ...' in a sentence about "
                        f"what will happen), so read as {value.year}, the first such day after the publication "
                        f"date {published.isoformat()}")
    note = (f"'{match.group()}' has no year; read as {year}, the year of publication"
            if year == published.year else
            f"'{match.group()}' has no year; read as {year}, since that day in {published.year} would fall "
            f"after the publication date {published.isoformat()}")
    return Inferred(match.start(), match.end(), value.isoformat(), "date", "day", note)


def _month_only(match: re.Match[str], published: dt.date) -> Inferred:
    month = MONTHS[match["month"]]
    year = _year_for(month, 1, published)
    return Inferred(match.start(), match.end(), f"{year:04d}-{month:02d}", "date", "month",
                    f"'{match['month']}' has no year; read as {year:04d}-{month:02d}, the latest such month not more "
                    f"than two months after the publication date {published.isoformat()}")


def inferred_dates(article: str, published: dt.date) -> list[Inferred]:
    """Every date or time the article gives in words, in article order, none overlapping."""
    found: list[Inferred] = []
    for match in _WEEKDAY.finditer(article):
        before = article[max(0, match.start() - 20) : match.start()]
        if re.search(r"(?:Good|Black|Super|Holy|Ash|Palm|Cyber|Bloody|Easter)\s+$", before):
            continue  # the name of a day: "Good Friday", "Bloody Sunday"
        prep = (match["prep"] or "").lower()
        if prep in ("", "on") and _future_sentence(article, match.start()) or prep in ("by", "until", "before") \
                and _future_sentence(article, match.start(), deadline=True):
            prep = "coming"
        day, rule = _day(published, match["day"], prep)
        found.append(Inferred(match.start(), match.end(), day.isoformat(), "date", "day",
                              f"'{' '.join(match.group().split())}' read as {day.strftime('%A')} "
                              f"{day.isoformat()}: {rule} ({published.isoformat()})"))
    for match in _RELATIVE.finditer(article):
        if match.group()[0].isupper() and re.search(r"[\w,;]\s*$", article[max(0, match.start() - 3) : match.start()]):
            continue  # "a Better Tomorrow": a title's word, not a date
        item = _relative(match, published)
        if item is not None:
            found.append(item)
    for match in _MONTH_DAY.finditer(article):
        item = _month_day(match, published, _deadline(article, match.start()))
        if item is not None:
            found.append(item)
    for match in _MONTH_ONLY.finditer(article):
        found.append(_month_only(match, published))
    found.sort(key=lambda i: (i.start, -(i.end - i.start)))
    return first_of_overlapping(found)


def clock_times(article: str) -> list[tuple[int, int, int, int]]:
    """Clock times: (start, end, hour 0-23, minute) for "9:11 p.m.", "7 a.m.", "21:30 GMT"."""
    found = []
    for match in _CLOCK.finditer(article):
        if match["hour"] is not None:
            hour, minute = int(match["hour"]), int(match["minute"] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                continue
            hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
        else:
            hour, minute = int(match["hour24"]), int(match["minute24"])
            if minute > 59:
                continue
        found.append((match.start(), match.end(), hour, minute))
    return found
