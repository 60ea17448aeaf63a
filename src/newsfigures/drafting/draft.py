"""The drafter: takes an article's plain text and its publication date, gives a complete draft annotation.

Every numeric mention that ``newsfigures.figures.numbers.find_mentions`` finds is put inside exactly one
figure or not-a-figure quote, in this order of precedence: page furniture (bylines, time stamps, datelines,
credits: not figures); clock times and dates given in words (figures, value_from inferred); vague amounts
("tens of thousands": inferred lower bounds); ranges ("55,000 to 62,000"); names and idioms ("COVID-19",
"one of them": not figures); and every other number (a figure read from its numeral). Lists opened by
"including" become list_count figures and "dozens of" unquantified entries. Each entry carries
``draft: true``. If the detailed draft ever fails its own coverage check, or raises, a plain draft (one
entry per mention) is given instead, so any text at all gives a valid annotation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from newsfigures.drafting.attribution import Attribution
from newsfigures.drafting.dates import Inferred, clock_times, inferred_dates
from newsfigures.drafting.furniture import regions
from newsfigures.drafting.nonfigures import not_figure_reason
from newsfigures.drafting.quantities import STOPWORDS, Reading, _unit_phrase, read_number, slug
from newsfigures.drafting.sentences import Layout, layout
from newsfigures.drafting.vague import open_lists, unquantified_phrases, vague_amounts
from newsfigures.figures.claims import positions
from newsfigures.figures.numbers import Mention, find_mentions, parse_quote, qualifier_before

SECTIONS = ("figures", "not_figures", "unquantified")
FIGURE_KEYS = (
    "id", "draft", "quote", "occurrence", "value", "value_to", "value_from", "value_kind", "qualifier", "unit",
    "measure", "subject", "period", "place", "attributed_to", "note",
)  # fmt: skip
NOT_FIGURE_KEYS = ("id", "draft", "quote", "occurrence", "reason")
UNQUANTIFIED_KEYS = ("id", "draft", "quote", "occurrence", "measure", "subject", "attributed_to", "note")
_RANGE_JOIN = re.compile(r"(?i)^\s*(?:-|–|—|to|and)\s*$")
_RANGE_JOIN_UNIT = re.compile(r"(?i)^(?P<percent>\s?%|\s+per\s?cent|\s+percent)?\s+and\s+(?P<currency>US\$|\$|£|€)?$")
_PERCENT_NEXT = re.compile(r"(?i)^(?:\s?%|\s+per\s?cent|\s+percent)")
_CHANGE_VERB = re.compile(r"(?i)\b(?:rose|rise|rising|risen|fell|fall|falling|fallen|increased?|increasing|decreased?|"
                          r"decreasing|climbed?|climbing|dropped|drop|dropping|grew|grow|growing|jumped?|jumping|"
                          r"surged?|plunged?|declined?|soared?|doubled|tripled|up|down|went|gone|cut|raised?|"
                          r"lowered?|moved?|shifted)\s+(?:\w+\s+){0,2}$")
_SUBJECT_WORDS = 16


@dataclass
class _Entry:
    section: str
    start: int
    end: int
    owned: tuple[Mention, ...]
    fields: dict = field(default_factory=dict)


def draft_annotation(article: str, published: dt.date) -> dict:
    """A complete draft annotation of ``article``: {"figures": [...], "not_figures": [...], "unquantified": [...]},
    each a list of entries (dicts in the annotation schema, each with ``draft: True``) in article order."""
    article = article if isinstance(article, str) else str(article or "")
    if isinstance(published, dt.datetime):
        published = published.date()
    mentions = find_mentions(article)
    try:
        entries = _Drafter(article, published, mentions).entries()
        draft = _finish(article, entries)
        if _problems(article, mentions, draft):
            raise ValueError("detailed draft failed its own check")
        return draft
    except Exception:  # noqa: BLE001 - never fail: fall back to one plain entry per mention
        return _finish(article, _plain_entries(article, published, mentions))


class _Drafter:
    def __init__(self, article: str, published: dt.date, mentions: list[Mention]):
        self.article, self.published, self.mentions = article, published, mentions
        self.layout: Layout = layout(article)
        self.regions = regions(article, self.layout)
        self.attribution = Attribution(article, self.layout)
        self.claimed: set[int] = set()
        self.index = {id(m): i for i, m in enumerate(mentions)}
        self.out: list[_Entry] = []

    # --- helpers -------------------------------------------------------------------------------------------
    def _inside(self, start: int, end: int) -> tuple[list[int], bool]:
        """Indices of mentions inside [start, end), and whether any mention is cut by its edges."""
        inside, cut = [], False
        for i, m in enumerate(self.mentions):
            if m.start >= start and m.end <= end:
                inside.append(i)
            elif m.start < end and m.end > start:
                cut = True
        return inside, cut

    def _bounds(self, owned: list[Mention]) -> tuple[int, int]:
        first, last = owned[0], owned[-1]
        line = self.layout.line_at(first.start)
        left, right = (line.start, line.end) if line else (0, len(self.article))
        i, j = self.index[id(first)], self.index[id(last)]
        if i > 0:
            left = max(left, self.mentions[i - 1].end)
        if j + 1 < len(self.mentions):
            right = min(right, self.mentions[j + 1].start)
        return left, max(right, last.end)

    def _claim(self, indices) -> None:
        self.claimed.update(indices)

    def _free(self, indices) -> bool:
        return all(i not in self.claimed for i in indices)

    def _in_furniture(self, start: int, end: int) -> bool:
        return any(r.kind == "furniture" and r.start < end and start < r.end for r in self.regions)

    def _caption(self, position: int) -> bool:
        return any(r.kind == "caption" and r.start <= position < r.end for r in self.regions)

    def _common(self, start: int, end: int) -> dict:
        sentence = self.layout.sentence_at(start)
        return {
            "subject": _subject(self.article, sentence, start, end),
            "place": _place(sentence.text if sentence else ""),
            "attributed_to": self.attribution.source(start, lambda a, b: bool(self._inside(a, b)[0])),
        }

    def _figure(self, start, end, owned, value, value_kind, qualifier, unit, measure, *, value_to=None,
                value_from=None, period="", note="") -> None:
        common = self._common(start, end)
        if value_from is None and owned:
            allowed = _allowed_kinds(owned[0].kind)
            if allowed is not None and value_kind not in allowed:
                fallback = "count" if "count" in allowed else (allowed[0] if allowed else value_kind)
                note = (note + " " if note else "") + (
                    f"Read as a {value_kind}; drafted as {fallback} since the checker does not take {value_kind} "
                    f"for a number written like '{owned[0].text}'.")
                value_kind = fallback
        fields = {
            "value": value, "value_to": value_to, "value_from": value_from, "value_kind": value_kind,
            "qualifier": qualifier, "unit": unit, "measure": measure, "subject": common["subject"],
            "period": period, "place": common["place"], "attributed_to": common["attributed_to"], "note": note,
        }  # fmt: skip
        self.out.append(_Entry("figures", start, end, tuple(owned), fields))
        self._claim(self.index[id(m)] for m in owned)

    def _not_figure(self, start, end, owned, reason) -> None:
        self.out.append(_Entry("not_figures", start, end, tuple(owned), {"reason": reason}))
        self._claim(self.index[id(m)] for m in owned)

    # --- passes --------------------------------------------------------------------------------------------
    def entries(self) -> list[_Entry]:
        self._furniture()
        self._captions()
        self._times()
        self._dates()
        self._vague()
        self._ranges()
        self._not_figures()
        self._numbers()
        self._lists()
        self._unquantified()
        return self.out

    def _furniture(self) -> None:
        for region in self.regions:
            if region.kind != "furniture":
                continue
            start, end = region.start, region.end
            inside, cut = self._inside(start, end)
            while cut:  # widen to whole mentions
                for m in self.mentions:
                    if m.start < end and m.end > start:
                        start, end = min(start, m.start), max(end, m.end)
                inside, cut = self._inside(start, end)
            inside = [i for i in inside if i not in self.claimed]
            if inside and self._free(inside):
                self._not_figure(start, end, [self.mentions[i] for i in inside], f"page furniture: {region.reason}")

    def _captions(self) -> None:
        for i, m in enumerate(self.mentions):
            if i in self.claimed or not self._caption(m.start):
                continue
            if m.kind == "date" or m.kind == "year":
                self._not_figure(m.start, m.end, [m], "a date in an image caption (when the photo was taken), "
                                                      "not a figure of the article's text")

    def _times(self) -> None:
        days = inferred_dates(self.article, self.published)
        for start, end, hour, minute in clock_times(self.article):
            inside, cut = self._inside(start, end)
            if cut or not inside or not self._free(inside) or self._in_furniture(start, end):
                continue
            sentence = self.layout.sentence_at(start)
            day, how = self.published, f"the publication date {self.published.isoformat()}"
            for item in days:
                if sentence and sentence.start <= item.start < sentence.end and item.value_kind == "date" \
                        and len(str(item.value)) == 10:
                    day, how = dt.date.fromisoformat(item.value), f"the day the sentence names ({item.note})"
                    break
            for m in self.mentions:
                if m.kind == "date" and sentence and sentence.start <= m.start < sentence.end and len(m.value) == 10:
                    day, how = dt.date.fromisoformat(m.value), f"the date the sentence gives ({m.text})"
                    break
            value = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
            owned = [self.mentions[i] for i in inside]
            shown = " ".join(self.article[start:end].split())
            note = (f"Clock time '{shown}' read as {hour:02d}:{minute:02d} on {how}; the time zone is not stated.")
            if len(owned) == 1:
                self._figure(start, end, owned, value, "time", "exact", "time", "time", value_from="inferred",
                             note=note)
                continue
            # An inferred quote may hold one number: the hour carries the figure, the minutes are noted apart.
            hour_end, minutes = owned[0].end, owned[1:]
            self._figure(start, hour_end, owned[:1], value, "time", "exact", "time", "time", value_from="inferred",
                         note=note + " The quote holds the hour; the minutes are a separate not-a-figure entry.")
            self._not_figure(minutes[0].start, end, minutes, f"the minutes of the clock time '{shown}', drafted "
                                                             "with its hour as one time figure")

    def _dates(self) -> None:
        for item in inferred_dates(self.article, self.published):
            inside, cut = self._inside(item.start, item.end)
            if cut or len(inside) > 1 or not self._free(inside) or self._in_furniture(item.start, item.end):
                continue
            if not inside and self._caption(item.start):
                continue  # "on Monday" in an image caption: when the photo was taken, and no number to cover
            owned = [self.mentions[i] for i in inside]
            if owned and owned[0].kind not in ("digits", "words"):
                continue
            measure = "date" if item.value_kind == "date" else "year"
            self._figure(item.start, item.end, owned, item.value, item.value_kind, "exact", item.unit, measure,
                         value_from="inferred", period=item.period, note=item.note)

    def _vague(self) -> None:
        for item in vague_amounts(self.article, self.mentions):
            indices = [self.index[id(m)] for m in item.owned]
            if not self._free(indices):
                continue
            owned = list(item.owned)
            left, right = self._bounds(owned)
            start, end = owned[0].start, owned[-1].end
            qualifier, phrase_start = qualifier_before(self.article, start)
            if qualifier != "exact" and phrase_start >= (self.mentions[self.index[id(owned[0])] - 1].end
                                                         if self.index[id(owned[0])] else 0):
                start = phrase_start
            of = re.match(r"\s+of\s+", self.article[end:right])
            unit, measure = "count", "count"
            if of:
                unit_end, words, participle = _unit_phrase(self.article, end + of.end(), right)
                if words or participle:
                    end = unit_end
                    unit = "people" if participle or any(w.lower() in _people() for w in words) else \
                        " ".join(w.lower() for w in words)
                    measure = participle or slug(" ".join(words[-2:]), 2) or "count"
            if len(owned) == 1:
                self._figure(start, end, owned, item.value, "count", "lower_bound", unit, measure,
                             value_from="inferred", note=item.note + ".")
                continue
            # "tens of thousands": an inferred quote may hold one number, so the first word carries the figure
            # and the rest ("thousands of people") is a not-a-figure entry pointing at it.
            first_end = owned[0].end
            of_first = re.match(r"\s+of\b", self.article[first_end:owned[1].start])
            first_end += of_first.end() if of_first else 0
            self._figure(start, first_end, owned[:1], item.value, "count", "lower_bound", unit, measure,
                         value_from="inferred", note=item.note + "; the quote holds the first word, the rest is a "
                                                                 "separate not-a-figure entry.")
            self._not_figure(owned[1].start, end, owned[1:], f"the second word of "
                             f"'{' '.join(self.article[owned[0].start:owned[1].end].split())}', drafted with the "
                             "first as one figure")

    def _ranges(self) -> None:
        numeric = ("digits", "words", "year", "compound")
        for i in range(len(self.mentions) - 1):
            a, b = self.mentions[i], self.mentions[i + 1]
            if i in self.claimed or i + 1 in self.claimed or a.kind not in numeric or b.kind not in numeric:
                continue
            between = self.article[a.end : b.start]
            before = self.article[max(0, a.start - 40) : a.start]
            if _RANGE_JOIN_UNIT.match(between) and not _RANGE_JOIN.match(between) and "\n" not in between:
                # "between 0.8% and 1.1%", "between $120 million and $150 million": the unit said twice
                unit = _RANGE_JOIN_UNIT.match(between)
                after_b = self.article[b.end : b.end + 12]
                same = (not unit["percent"] or _PERCENT_NEXT.match(after_b)) and \
                    (not unit["currency"] or re.search(re.escape(unit["currency"]) + r"$", before))
                if not same or not re.search(r"(?i)\bbetween\s+(?:some\s+|about\s+|around\s+)?(?:US\$|\$|£|€)?$",
                                             before):
                    continue
                between = " and "
            if not _RANGE_JOIN.match(between) or "\n" in between:
                continue
            word = between.strip().lower()
            if word == "and" and not re.search(r"(?i)\bbetween\s+(?:some\s+|about\s+|around\s+)?(?:US\$|\$|£|€)?$", before):
                continue
            if word == "to" and re.search(r"(?i)\bfrom\s+(?:US\$|\$|£|€)?$", before) and _CHANGE_VERB.search(
                    re.sub(r"(?i)\bfrom\s+(?:US\$|\$|£|€)?$", "", before)):
                continue
            if a.kind == "compound" and b.kind != "compound":
                continue
            try:
                low, high = float(a.value), float(b.value)
            except ValueError:
                continue
            if not high > low:
                continue
            reading = read_number(self.article, self.mentions, [a, b], *self._bounds([a, b]),
                                  caption=self._caption(a.start))
            start = reading.start
            left, _ = self._bounds([a, b])
            window = max(left, start - 12)
            lead = re.search(r"(?i)\b(?:between|from)\s+(?:US\$|\$|£|€)?$", self.article[window:start])
            if lead and reading.qualifier == "exact":
                start = window + lead.start()
            note = reading.note
            scale = re.search(r"(?i)\s(million|billion|trillion|thousand)$", b.text)
            if scale and not re.search(r"(?i)\s(?:million|billion|trillion|thousand)$", a.text):
                factor = float(b.value) / float(re.sub(r"[^0-9.]", "", b.text.split()[0]) or 1)
                low_scaled = f"{float(a.value) * factor:,.0f}"
                note = (note + " " if note else "") + (
                    f"The scale word '{scale.group(1)}' belongs to both ends: the range is {low_scaled} to "
                    f"{float(b.value):,.0f}. newsfigures.figures.numbers reads the first number alone, as "
                    f"{a.value}, so that is the drafted value; review it.")
            self._figure(start, reading.end, [a, b], _value(a.value), reading.value_kind, reading.qualifier,
                         reading.unit, reading.measure, value_to=_value(b.value), note=note,
                         period=self._period(reading, a.value))

    def _not_figures(self) -> None:
        for i, m in enumerate(self.mentions):
            if i in self.claimed:
                continue
            reason = not_figure_reason(self.article, m)
            if reason is None:
                continue
            left, right = self._bounds([m])
            start, end = m.start, m.end
            if m.kind in ("words", "ordinal"):
                end, _, _ = _unit_phrase(self.article, end, right, 2)
                of = re.match(r"\s+of\s+(?:the\s+|them\b|us\b|those\s+|these\s+|his\s+|her\s+|their\s+|its\s+|our\s+)?"
                              r"(?:many\s+|few\s+)?", self.article[m.end : right])
                if of:
                    end, _, _ = _unit_phrase(self.article, m.end + of.end(), right)
                    end = max(end, m.end + len(of.group().rstrip()))
                det = re.search(r"(?i)(?<![\w])(?:the|a|an|this|that|no|for\s+the)\s+$", self.article[left:start])
                if det:
                    start = left + det.start()
            elif m.kind in ("digits", "year"):
                name = re.search(r"(?:[A-Z][\w.]*)\s+$", self.article[left:start])
                if name:
                    start = left + name.start()
            self._not_figure(start, end, [m], reason)

    def _numbers(self) -> None:
        for i, m in enumerate(self.mentions):
            if i in self.claimed:
                continue
            if m.kind in ("in_name", "roman"):
                self._not_figure(m.start, m.end, [m], f"part of a name ('{m.text}'), not a count")
                continue
            reading = read_number(self.article, self.mentions, [m], *self._bounds([m]), caption=self._caption(m.start))
            kind = reading.value_kind
            if m.kind == "date":
                kind = "date"
            self._figure(reading.start, reading.end, [m], _value(m.value), kind, reading.qualifier, reading.unit,
                         reading.measure, note=reading.note, period=self._period(reading, m.value))

    def _period(self, reading: Reading, value: str) -> str:
        if reading.period_hint == "since":
            return f"{value}/{self.published.isoformat()}"
        return ""

    def _lists(self) -> None:
        for start, end, count, noun in open_lists(self.article):
            inside, cut = self._inside(start, end)
            if inside or cut:
                continue
            self._figure(start, end, [], count, "count", "lower_bound", noun.lower(), slug(noun, 2), value_from="list_count",
                         note=f"No numeral: the value counts the {noun.lower()} listed; 'including' leaves the list "
                              f"open, so at least {count}.")

    def _unquantified(self) -> None:
        for start, end in unquantified_phrases(self.article):
            inside, cut = self._inside(start, end)
            if inside or cut or self._in_furniture(start, end):
                continue
            limit = next((m.start for m in self.mentions if m.start >= end), len(self.article))
            line = self.layout.line_at(start)
            limit = min(limit, line.end if line else len(self.article))
            unit_end, words, participle = _unit_phrase(self.article, end, limit)
            quote_end = max(end, unit_end)
            inside, cut = self._inside(start, quote_end)
            if inside or cut:
                quote_end = end
            measure = participle or (slug(" ".join(words[-2:]), 2) if words else slug(self.article[start:end], 2))
            common = self._common(start, quote_end)
            self.out.append(_Entry("unquantified", start, quote_end, (), {
                "measure": measure or "unquantified", "subject": common["subject"],
                "attributed_to": common["attributed_to"],
                "note": f"The article gives no number: '{' '.join(self.article[start:end].split())}'.",
            }))


def _allowed_kinds(mention_kind: str) -> tuple[str, ...] | None:
    """The value kinds the annotation checker accepts for a form of number (None if it cannot be asked)."""
    try:
        from newsfigures.figures import claims

        return tuple(claims._VALUE_KINDS_BY_MENTION[mention_kind])
    except Exception:  # noqa: BLE001 - an older or newer checker: draft the kind as read
        return None


def _people() -> frozenset[str]:
    from newsfigures.drafting.quantities import PEOPLE

    return PEOPLE


def _value(text: str) -> object:
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else text


def _subject(article: str, sentence, start: int, end: int) -> str:
    """The clause around the quote, as a short phrase (at most 16 words)."""
    if sentence is None:
        return " ".join(article[start:end].split()) or "number"
    text, offset = sentence.text, sentence.start
    left = max((m.end() for m in re.finditer(r",(?![0-9])|[;:()—–\"“”]", text[: max(0, start - offset)])), default=0)
    right_match = re.search(r",(?![0-9])|[;:()—–\"“”]|\.(?=\s|$)", text[max(0, end - offset) :])
    right = end - offset + right_match.start() if right_match else len(text)
    clause = " ".join(text[left:right].replace("\ufeff", "").split()).strip(" .,;:'’‘")
    words = clause.split()
    if len(words) < 3:
        words = " ".join(text.replace("\ufeff", "").split()).split()
    if len(words) > _SUBJECT_WORDS:
        words = words[:_SUBJECT_WORDS] + ["..."]
    return " ".join(words) or "number"


_COUNTRIES: list[str] | None = None


def _place(sentence: str) -> str:
    """The first country the sentence names (by pycountry's names), or ""."""
    global _COUNTRIES
    if not sentence:
        return ""
    if _COUNTRIES is None:
        try:
            import pycountry

            names = set()
            for country in pycountry.countries:
                for attribute in ("name", "common_name"):
                    name = getattr(country, attribute, None)
                    if name and "," not in name and "(" not in name:
                        names.add(name)
        except Exception:  # noqa: BLE001 - without pycountry, no place is drafted
            names = set()
        names.update({"Burma", "UK", "US", "U.S.", "Britain", "Russia", "South Korea", "North Korea", "Iran", "Syria",
                      "Vietnam", "Taiwan", "Bolivia", "Venezuela", "Tanzania", "Laos", "Moldova", "Palestine"})
        _COUNTRIES = sorted(names, key=len, reverse=True)
    best = None
    for name in _COUNTRIES:
        match = re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", sentence)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return best[1] if best else ""


# --- the plain fallback ---------------------------------------------------------------------------------------
def _plain_entries(article: str, published: dt.date, mentions: list[Mention]) -> list[_Entry]:
    """One entry per mention, quote = the mention (with the qualifying words before it)."""
    out = []
    for m in mentions:
        try:
            reason = not_figure_reason(article, m)
        except Exception:  # noqa: BLE001
            reason = None
        if reason is None and m.kind not in ("in_name", "roman"):
            try:
                qualifier, phrase_start = qualifier_before(article, m.start)
                start = phrase_start if qualifier != "exact" else m.start
                parsed = parse_quote(article[start : m.end])
                kind = {"date": "date", "year": "year"}.get(m.kind, "count")
                out.append(_Entry("figures", start, m.end, (m,), {
                    "value": _value(m.value), "value_to": None, "value_from": None, "value_kind": kind,
                    "qualifier": parsed.qualifier, "unit": "count", "measure": "count",
                    "subject": " ".join(article[max(0, m.start - 60) : m.end + 60].split()) or "number",
                    "period": "", "place": "", "attributed_to": "", "note": "Drafted plainly: review every field.",
                }))
                continue
            except Exception:  # noqa: BLE001
                pass
        out.append(_Entry("not_figures", m.start, m.end, (m,), {"reason": reason or f"'{m.text}': review"}))
    return out


# --- ids, occurrences, order -----------------------------------------------------------------------------------
def _finish(article: str, entries: list[_Entry]) -> dict:
    draft: dict[str, list[dict]] = {section: [] for section in SECTIONS}
    used: dict[str, int] = {}
    for entry in sorted(entries, key=lambda e: (e.start, e.end, SECTIONS.index(e.section))):
        quote = article[entry.start : entry.end]
        if entry.section == "figures":
            base = slug(str(entry.fields.get("measure") or "figure"), 4)
        elif entry.section == "not_figures":
            base = "nf_" + (slug(quote, 3) or "number")
        else:
            base = "uq_" + (slug(str(entry.fields.get("measure") or quote), 3) or "item")
        base = base if re.match(r"[a-z]", base) else f"n_{base}"
        used[base] = used.get(base, 0) + 1
        identifier = base if used[base] == 1 else f"{base}_{used[base]}"
        while identifier in used and identifier != base:
            used[base] += 1
            identifier = f"{base}_{used[base]}"
        used.setdefault(identifier, 1)
        record = {"id": identifier, "draft": True, "quote": quote}
        places = positions(article, quote)
        if len(places) > 1:
            record["occurrence"] = places.index(entry.start) + 1
        keys = {"figures": FIGURE_KEYS, "not_figures": NOT_FIGURE_KEYS, "unquantified": UNQUANTIFIED_KEYS}[entry.section]
        for key in keys[4:]:
            value = entry.fields.get(key)
            if value is None and key in ("value_to", "value_from"):
                continue
            record[key] = "" if value is None else value
        draft[entry.section].append(record)
    return draft


def _problems(article: str, mentions: list[Mention], draft: dict) -> list[str]:
    """What is wrong with a draft: quotes not verbatim, mentions cut, uncovered or covered twice."""
    problems = []
    spans = []
    for section in SECTIONS:
        for entry in draft[section]:
            quote = entry["quote"]
            places = positions(article, quote)
            if not quote or not places:
                problems.append(f"{entry['id']}: quote not in the article")
                continue
            occurrence = entry.get("occurrence", 1)
            if occurrence > len(places) or (len(places) > 1 and "occurrence" not in entry):
                problems.append(f"{entry['id']}: ambiguous quote")
                continue
            start = places[occurrence - 1]
            end = start + len(quote)
            inside = [m for m in mentions if m.start >= start and m.end <= end]
            if any(m.start < end and m.end > start and m not in inside for m in mentions):
                problems.append(f"{entry['id']}: cuts a mention")
            if section == "unquantified" and inside:
                problems.append(f"{entry['id']}: unquantified holds a number")
            if section == "not_figures" and not inside:
                problems.append(f"{entry['id']}: not-a-figure holds no number")
            if section == "figures":
                source = entry.get("value_from", "numeral")
                if source == "numeral" and len(inside) != (2 if "value_to" in entry else 1):
                    problems.append(f"{entry['id']}: holds {len(inside)} numbers")
                if source == "numeral" and inside:
                    phrase, phrase_start = qualifier_before(article, inside[0].start)
                    if phrase != "exact" and phrase_start < start:
                        problems.append(f"{entry['id']}: leaves out its qualifier")
                    if "value_to" not in entry and len(inside) == 1:
                        try:
                            parsed = parse_quote(quote)
                            if parsed.value != str(entry["value"]) or parsed.qualifier != entry["qualifier"]:
                                problems.append(f"{entry['id']}: value or qualifier disagrees with the quote")
                        except Exception:  # noqa: BLE001
                            problems.append(f"{entry['id']}: quote unreadable")
                if source == "inferred" and len(inside) > 1:
                    problems.append(f"{entry['id']}: inferred value with {len(inside)} numbers")
                if source == "inferred" and not str(entry.get("note") or "").strip():
                    problems.append(f"{entry['id']}: inferred value without a note")
                if source == "list_count" and inside:
                    problems.append(f"{entry['id']}: list holds a number")
            if section != "unquantified":
                spans.append((start, end, entry["id"]))
    for m in mentions:
        owners = [s for s in spans if s[0] <= m.start and m.end <= s[1]]
        if len(owners) != 1:
            problems.append(f"mention {m.text!r} at {m.start} covered {len(owners)} times")
    return problems
