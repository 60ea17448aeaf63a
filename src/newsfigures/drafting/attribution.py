"""Who the article credits for a figure: takes the article, its layout and a position, gives the source's words.

Looked for, nearest first: in the figure's sentence ("according to X", "X said", "said X", "X told Y",
"X reported", "a report by X"); in the quotation the sentence belongs to, whose speaker a later sentence of
the paragraph names ('"... 300 people," she said') or a short line after the quoted paragraph names
("Debbie Stothard, founder, ASEAN Network"); and in a source in parentheses closing the paragraph
("... to root out resistance (AAPP)."). A pronoun ("he said") is replaced by the last source named before
it. Gives "" when the article credits nobody. Works the same on wire copy stripped of quotation marks.
"""

from __future__ import annotations

import re

from newsfigures.drafting.sentences import Layout, Span

_SPEECH = r"(?:said|says|told|tells|added|adds|noted|notes|stated|states|wrote|writes|claimed|claims|explained)"
_REPORTING = (
    r"(?:reported|reports|estimated|estimates|announced|announces|confirmed|confirms|revealed|reveals|"
    r"found|finds|showed|shows|recorded|records|counted|counts|documented|documents|tallied|warned|warns|"
    r"believes|believe|estimate|say|report|show|suggests|suggest|indicated|indicates|expect|expects|expected|"
    r"predict|predicts|predicted|forecast|forecasts|projected|projects|put\s+the\s+(?:toll|number|figure)"
    r"|puts\s+the\s+(?:toll|number|figure))"
)
_QUOTES = "\"“”„‟«»"
_ACCORDING = re.compile(r"(?i)\baccording\s+to\s+(?P<source>[^,;:.!?()\n" + _QUOTES + r"]*(?:\([^()\n]*\)[^,;:.!?\n]*)?)")
_REPORT_BY = re.compile(
    r"(?i)\b(?:a|an|the|in\s+a|in\s+the)?\s*(?:(?:recent|new|latest|annual|official|separate)\s+)?"
    r"(?:report|study|survey|data|figures|statistics|analysis|estimates?|census|tally|count|investigation|review)"
    r"\s+(?:by|from|of|published\s+by|released\s+by|compiled\s+by)\s+"
    r"(?P<source>(?:the\s+)?[A-Z][^,;:.!?\n" + _QUOTES + r"]*)"
)
_INVERTED = re.compile(
    r"(?:[,;:" + _QUOTES + r"’']\s*|\s)(?:said|says|added|adds|noted|notes|wrote|writes|explained|stated)\s+"
    r"(?P<source>(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Fr|St)\.\s+[A-Z]"
    r"|(?:the|a|an)\s+[a-z]|[A-Z])[^;.!?\n" + _QUOTES
    + r"]{0,120})"
)
_SUBJECT_VERB = re.compile(
    r"(?P<source>[^,;:!?\n" + _QUOTES + r"()]{2,120}?)(?P<comma>,)?\s+(?:(?:has|had|have|also|later|previously|earlier|"
    r"has\s+also|had\s+also|last\s+week|on\s+\w+day)\s+)*(?P<verb>" + _SPEECH + "|" + _REPORTING + r")\b"
)
# "..., the state weather agency Aemet said." : a source named at the very end of the sentence.
_FINAL = re.compile(
    r"(?:,|[,?!]\s*[" + _QUOTES + r"’'])\s*(?P<source>[^,;:!?\n" + _QUOTES + r"()]{2,100}?)\s+(?:has\s+|had\s+|also\s+)?"
    r"(?:said|says|reported|reports|told\s+reporters|added|adds|noted|estimated|announced|confirmed|wrote)"
    r"\s*[.!?]?[" + _QUOTES + r"’']?\s*$"
)
# "The report estimated ...": a document as the subject (where "report" must not be read as the verb).
_DOCUMENT_SUBJECT = re.compile(
    r"^\s*(?P<source>(?:[Tt]he|[Aa]|[Aa]n|[Ii]ts|[Tt]heir|[Tt]his)\s+(?:(?:new|latest|annual|final|draft|official)\s+)?"
    r"(?:report|study|survey|analysis|review|census|audit))\s+(?:has\s+|had\s+|also\s+)*"
    r"(?:said|says|found|finds|showed|shows|estimated|estimates|concluded|concludes|noted|notes|reported|warned|"
    r"warns|recorded|records|counted|suggests|suggested|put)\b"
)
_NUMERIC_SOURCE = re.compile(r"(?<![A-Za-z])[0-9]|%")  # "Almost 60% of voters said": a figure, not a source
_CLAUSE = re.compile(r"(?i)\b(?:was|were|is|are|had|has|have|would|will|could|did|does)\b")
_NOUN_VERBS = {"claims", "counts", "records", "documents", "reports", "shows", "estimates", "notes", "states",
               "finds", "report", "estimate", "show", "record", "count"}
_SPEECH_WORDS = {"said", "says", "told", "tells", "added", "adds", "noted", "notes", "stated", "wrote", "writes",
                 "explained", "reported", "reports", "estimated", "announced", "confirmed", "warned"}
_NUMBER_WORD = re.compile(r"(?i)[0-9]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|"
                          r"million|dozen)\b")
_PASSIVE_BEFORE = re.compile(r"(?i)\b(?:was|were|is|are|been|be|being|it|has\s+been|have\s+been)$")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those", "who", "which"}
_LEADING = re.compile(r"(?i)^(?:and|but|so|while|as|however|meanwhile|also|then|now|yet|though|although|because"
                      r"|since|when|after|before|which|who|that|where)\b[\s,]*")
_TRAILING = re.compile(
    r"(?i)(?:\s+(?:on|last|this|earlier|late|early|in\s+a|in\s+an|at\s+a|at\s+an|during\s+a|during\s+an|via|through)"
    r"\b.*|\s+that\b.*|\s+(?:has|had|have|also|earlier|later|previously)$)"
)
_SOURCE_WORDS = 14
_VERB_CUT = re.compile(r"\s+(?:found|finds|showed|shows|said|says|revealed|reveals|reported|reports|estimated|"
                       r"estimates|suggests|suggested|indicated|indicates|put|puts|counted|recorded|has|have|had|"
                       r"was|were|is|are)\b")
_PERSON = re.compile(r"(?<![\w.])(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+")
_OPENERS = {
    "the", "a", "an", "its", "his", "her", "their", "local", "state", "one", "two", "three", "some", "several",
    "many", "another", "officials", "police", "experts", "analysts", "residents", "witnesses", "doctors",
    "authorities", "researchers", "scientists", "activists", "diplomats", "sources", "forecasters", "economists",
}  # fmt: skip
_SPEAKER_LINE = 14


def _clean(source: str) -> str:
    source = " ".join(source.split()).strip(" ,;:-–—'’\"“”")
    source = _LEADING.sub("", source)
    source = _TRAILING.sub("", source).strip(" ,;:-–—")
    # A parenthesis left open ("Burma (AAPPB") is closed; a stray closing one is dropped.
    if source.count("(") > source.count(")"):
        source += ")" * (source.count("(") - source.count(")"))
    while source.endswith(")") and source.count(")") > source.count("("):
        source = source[:-1].rstrip()
    return source


def _plausible(source: str) -> bool:
    words = source.split()
    if not words or len(words) > _SOURCE_WORDS:
        return False
    if re.search(r"[0-9]", source) and not re.search(r"[A-Za-z]{2}", source):
        return False
    first = words[0].lower()
    return source[0].isupper() or first in _OPENERS or first in _PRONOUNS


def sentence_source(sentence: str) -> str:
    """The source one sentence credits, or ""; a pronoun ("he") is given as it is."""
    for pattern in (_ACCORDING, _REPORT_BY):
        for match in pattern.finditer(sentence):
            source = _clean(_VERB_CUT.split(match["source"])[0])
            if source and len(source.split()) <= _SOURCE_WORDS:
                return source
    for match in _FINAL.finditer(sentence):
        source = _clean(match["source"])
        if _plausible(source) and not _CLAUSE.search(source) and not _NUMERIC_SOURCE.search(source) \
                and source.split()[0].lower() not in _PRONOUNS - {"he", "she", "they", "it"}:
            return source
    for match in _INVERTED.finditer(sentence):
        if _CLAUSE.search(match["source"].split(",")[0]):
            continue  # "said the defeat was ...", "said Sarne had ...": what follows is a clause, not a source
        source = _clean(re.split(r"\s+(?:that|on|in|at|as|when|after|before|because|while)\s", match["source"])[0])
        determiner = source.split()[0].lower() in {"the", "a", "an"} if source else False
        after_comma = match.group()[:1] in ",;:" + _QUOTES + "’'"
        if _plausible(source) and (not determiner or after_comma) \
                and source.split()[0].lower() not in _PRONOUNS - {"he", "she", "they"}:
            return source
    for match in _DOCUMENT_SUBJECT.finditer(sentence):
        return _clean(match["source"])
    for match in _SUBJECT_VERB.finditer(sentence):
        raw = match["source"]
        head = sentence[: match.start("source")]
        verb = match["verb"].split()[0].lower()
        after = sentence[match.end():]
        if verb in _NOUN_VERBS and (re.match(r"\s*(?:was|were|is|are|had|have|has|of|and|or|officers|staff|[,.;:])",
                                             after) or _NUMBER_WORD.search(raw)):
            continue  # "one in four claims was ...", "600 new claims officers": a noun, not a verb of saying
        if _CLAUSE.search(raw) or re.search(r"(?i)\b(?:ever|never)\s*$", raw):
            continue  # "it had hired ...", "the highest ever recorded": not a source
        if match["comma"] and head.endswith(",") and _PERSON.fullmatch(raw.strip()) and verb in _SPEECH_WORDS:
            return raw.strip()  # "Their coach, Ivo Brandt, said ..."
        if match["comma"] and head.endswith(",") and re.match(r"\s*(?:aged\s|[a-z]+\s+of\b|the\s|a\s|an\s|[0-9])", raw) \
                and "," in head[:-1] + ",":
            previous = re.split(r",|;|:|[" + _QUOTES + r"]", head[:-1])[-1]
            if previous.strip():
                raw = previous + "," + raw
        elif match["comma"]:
            continue
        if _PASSIVE_BEFORE.search(raw.strip()) and raw.strip().lower() != "it":
            continue
        source = _clean(raw)
        if match["verb"].split()[0].lower() in {"found", "finds", "showed", "shows", "show", "suggests", "suggest",
                                                "believes", "believe", "estimate", "say", "report"} \
                and not re.search(r"(?i:\b(?:report|study|survey|data|figures|analysis|census|researchers|"
                                  r"experts|officials|authorities|police|ministry|group|organi[sz]ation))\b|\b[A-Z]{2,}\b",
                                  source):
            continue
        if _plausible(source) and not _NUMERIC_SOURCE.search(source.split(",")[0]):
            return source
    return ""


def _closing_parenthesis(paragraph: str) -> str:
    """The source in parentheses that closes a paragraph: "... resistance (AAPP)." -> "AAPP"; "" if none.

    A parenthesis that spells out the name just before it ("the National Unity Government (NUG).") is an
    abbreviation, not a source.
    """
    body = paragraph.rstrip().rstrip(".").rstrip()
    if not body.endswith(")"):
        return ""
    for opening in (m.start() for m in re.finditer(r"\(", body)):
        inner = body[opening + 1 : -1]
        if inner.count(")") > inner.count("("):
            continue  # this "(" closes before the end: not the outermost
        before = body[:opening].rstrip()
        if not before or not re.match(r"[A-Z\"“]", inner.lstrip("\"“ ")):
            return ""
        if _abbreviates(inner, before):
            return ""
        source = _clean(inner)
        return source if 0 < len(source.split()) <= _SOURCE_WORDS else ""
    return ""


def _abbreviates(inner: str, before: str) -> bool:
    """Whether ``inner`` ("NUG") is the initials of capitalised words before it ("National Unity Government")."""
    letters = re.sub(r"[^A-Za-z]", "", inner)
    if not letters or len(inner.split()) > 1 or not letters.isupper() or len(letters) < 2:
        return False
    for run in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the|on|in)\s+)?[A-Z][\w’'-]*)*", before):
        initials = "".join(w[0] for w in run.group().split() if w[0].isupper())
        if letters in (initials, initials[1:]) or letters == initials.replace("T", "", 1):
            return True
    return False


def _opens_quote(text: str) -> bool:
    return text.lstrip()[:1] in _QUOTES + "‘'"


class Attribution:
    """Sources for every position of one article, worked out once per sentence."""

    def __init__(self, article: str, layout: Layout):
        self.article = article
        self.layout = layout
        self._by_sentence: dict[int, str] = {}
        self._paragraph_source: dict[int, str] = {}
        self._resolve()

    def _resolve(self) -> None:
        layout = self.layout
        last_named = last_body = ""
        paragraphs = layout.paragraphs
        for index, paragraph in enumerate(paragraphs):
            self._paragraph_source[paragraph.start] = _closing_parenthesis(paragraph.text)
            speaker = ""
            if _opens_quote(paragraph.text) and index + 1 < len(paragraphs):
                speaker = _speaker_line(paragraphs[index + 1].text)
            sentences = layout.sentences_in(paragraph)
            own = [sentence_source(s.text) for s in sentences]
            quoting = any(ch in paragraph.text for ch in _QUOTES) or speaker
            for position, sentence in enumerate(sentences):
                source = own[position]
                if not source and quoting and (speaker or _within_quote(paragraph, sentence)):
                    later = [own[k] for k in range(position + 1, len(sentences)) if own[k]]
                    source = later[0] if later else ""
                if not source and position and sentences[position - 1].text.rstrip().endswith(":"):
                    source = own[position - 1]
                if not source and speaker:
                    source = speaker
                if source.lower() == "it":
                    # "It noted that ...": a body (the report, the agency), not a person; the last one named
                    before_it = [t for t in sentences[:position]][-1:] or [t for t in layout.sentences
                                                                           if t.end <= sentence.start][-1:]
                    body = _BODY_SUBJECT.match(before_it[0].text) if before_it else None
                    source = body.group("body") if body else last_body
                elif source.lower() in _PRONOUNS:
                    earlier = [t for t in layout.sentences if t.end <= sentence.start][-2:]
                    people = [m.group() for t in earlier for m in _PERSON.finditer(t.text)
                              if not m.group().split()[0] in ("The", "A", "An", "In", "On", "At", "But", "And")]
                    source = people[-1] if people and not last_named else last_named or (people[-1] if people else "")
                elif source:
                    last_named = source
                    if not _is_person(source):
                        last_body = source
                self._by_sentence[sentence.start] = source

    def source(self, position: int, numbered=lambda start, end: False) -> str:
        """The source credited for the figure at ``position`` in the article ("" if none).

        A parenthesis closing the paragraph credits the sentence it closes; it credits the paragraph's other
        sentences too when that sentence holds no number of its own (``numbered(start, end)`` says whether a
        stretch holds one).
        """
        sentence = self.layout.sentence_at(position)
        if sentence is not None and self._by_sentence.get(sentence.start):
            return self._by_sentence[sentence.start]
        paragraph = self.layout.paragraph_at(position)
        if paragraph is None:
            return ""
        source = self._paragraph_source.get(paragraph.start, "")
        if not source:
            return ""
        sentences = self.layout.sentences_in(paragraph)
        last = sentences[-1] if sentences else None
        if last is None or sentence is None or sentence.start == last.start:
            return source
        return "" if numbered(last.start, last.end) else source


_BODY_SUBJECT = re.compile(
    r"(?P<body>(?:The|Its|Their)\s+(?:[\w’'-]+\s+){0,2}?(?:ministry|agency|government|company|council|committee|"
    r"commission|report|study|bank|authority|office|department|utility|firm|group|organi[sz]ation|union|court|"
    r"party|institute|board|service|survey|club|league|federation|association))\b(?!\s*(?:said|says|told|reported))"
)


def _is_person(source: str) -> bool:
    """Whether a source names a person ("Dr. Lucia Ferro, ...", "Judge Ana Marr") rather than a body."""
    match = _PERSON.match(source) or re.match(r"(?:Judge|Mayor|President|Minister|Senator|Governor)\s+[A-Z]", source)
    return bool(match) and match.group().split()[0] not in ("The", "A", "An")


def _within_quote(paragraph: Span, sentence: Span) -> bool:
    """Whether a sentence is (partly) quoted speech: it holds a quotation mark, or one is open before it."""
    if any(ch in sentence.text for ch in _QUOTES):
        return True
    before = paragraph.text[: max(0, sentence.start - paragraph.start)]
    opened = sum(before.count(ch) for ch in "“„‟«") - sum(before.count(ch) for ch in "”»")
    return opened > 0 or before.count('"') % 2 == 1


def _speaker_line(text: str) -> str:
    """A short line naming a quotation's speaker ("Mr. Lay", "— Jane Doe, mayor"), or ""."""
    line = text.strip().lstrip("-–—~ ").strip()
    if not line or "\n" in line or len(line.split()) > _SPEAKER_LINE:
        return ""
    if re.search(r"[.!?:" + _QUOTES + r"]$", line) and not re.search(r"\b(?:Mr|Mrs|Ms|Dr|Jr|Sr)\.$", line):
        return ""
    if not line[0].isupper() or _opens_quote(line):
        return ""
    return line
