"""The article's layout: takes the plain text, gives its paragraphs, lines and sentences as character spans.

Paragraphs are blocks separated by blank lines; lines are the text between line breaks; sentences are split
with regular expressions (a full stop, question or exclamation mark followed by a capital, a digit or a quote
mark, unless the word before it is a known abbreviation such as "Mr." or "p.m."). A line break is also a
sentence break when the line before it ends a sentence or is short (a heading, a caption, a credit).
Every span satisfies ``text[span.start:span.end] == span.text``; nothing here can fail on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A stretch of the article: ``text == article[start:end]`` (stripped of surrounding whitespace)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Layout:
    """The article cut three ways; each list is in article order."""

    paragraphs: list[Span]
    lines: list[Span]
    sentences: list[Span]

    def paragraph_at(self, position: int) -> Span | None:
        return _containing(self.paragraphs, position)

    def line_at(self, position: int) -> Span | None:
        return _containing(self.lines, position)

    def sentence_at(self, position: int) -> Span | None:
        return _containing(self.sentences, position)

    def sentences_in(self, paragraph: Span) -> list[Span]:
        return [s for s in self.sentences if paragraph.start <= s.start and s.end <= paragraph.end]


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev", "jr",
    "sr", "no", "nos", "vol", "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "etc", "inc", "ltd", "co", "corp",
    "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
    "fig", "maj", "brig", "adm", "cmdr", "supt", "insp", "hon", "mt", "ft", "pt", "dept", "univ", "assn",
}  # fmt: skip
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_SHORT_LINE = 60


def _containing(spans: list[Span], position: int) -> Span | None:
    for span in spans:
        if span.start <= position < span.end:
            return span
    return None


def _stripped(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def _pieces(text: str, separator: str) -> list[Span]:
    """The non-blank stretches of ``text`` between matches of ``separator``, stripped."""
    found, start = [], 0
    for match in re.finditer(separator, text):
        span = _stripped(text, start, match.start())
        if span:
            found.append(span)
        start = match.end()
    span = _stripped(text, start, len(text))
    if span:
        found.append(span)
    return found


def _paragraphs(text: str) -> list[Span]:
    return _pieces(text, r"\n[ \t\r\f\v]*\n\s*")


def _lines(text: str) -> list[Span]:
    return _pieces(text, r"\n")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[:dot])
    token = word.group().lower().strip(".") if word else ""
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # "J. Smith", "U.S."


def _sentences_in_line(text: str, line: Span) -> list[Span]:
    found, start = [], line.start
    for end in _END.finditer(text, line.start, line.end):
        if _is_abbreviation(text, end.start()):
            continue
        span = _stripped(text, start, end.end())
        if span:
            found.append(span)
        start = end.end()
    span = _stripped(text, start, line.end)
    if span:
        found.append(span)
    return found


def layout(text: str) -> Layout:
    """Paragraphs, lines and sentences of ``text``."""
    paragraphs, lines = _paragraphs(text), _lines(text)
    # Lines that belong to one sentence (a hard-wrapped paragraph) are joined before splitting.
    units: list[Span] = []
    for line in lines:
        if units and _continues(units[-1], line, text):
            units[-1] = Span(units[-1].start, line.end, text[units[-1].start : line.end])
        else:
            units.append(line)
    sentences = [s for unit in units for s in _sentences_in_line(text, unit)]
    return Layout(paragraphs, lines, sentences)


def _continues(previous: Span, line: Span, text: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` (same paragraph, no sentence end between)."""
    between = text[previous.end : line.start]
    if between.count("\n") != 1:
        return False
    if re.search(r"[.!?:\"”’)\]]$", previous.text):
        return False
    last_line = previous.text.rsplit("\n", 1)[-1]
    if len(last_line) < _SHORT_LINE:
        return False
    return True
