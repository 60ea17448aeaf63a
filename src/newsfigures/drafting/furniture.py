"""Page furniture: takes the article and its layout, gives the stretches that are not the article's prose.

Bylines ("By Jane Doe"), time stamps ("Updated at 9:11 p.m."), datelines ("YANGON, May 2 (Reuters) -"),
photo credits ("Source: Reuters", "Photo: AFP"), links to other articles ("Also Read: ..."), copyright and
reading-time lines. Numbers in furniture are not figures. Image captions (a line just before a credit, or
one that carries a credit in parentheses) are found too: their dates are drafted as not figures, their
other numbers as figures with a note, for a person to judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfigures.drafting.sentences import Layout, Span


@dataclass(frozen=True)
class Region:
    """``article[start:end]`` is furniture (``kind`` "furniture") or an image caption (``kind`` "caption")."""

    start: int
    end: int
    kind: str
    reason: str


_NAME = r"[A-Z][\w.'’-]*"
_AGENCIES = r"(?:Reuters|AP|AFP|EPA|Getty(?: Images)?|Xinhua|Bloomberg|dpa|ANI|PTI|UPI|Anadolu|Kyodo|Yonhap|IANS)"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CLOCK = r"[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:[ap]\.?\s?m\.?|[AP]\.?\s?M\.?|GMT|UTC|BST|EST|EDT|PST|PDT|CET|IST|ET|PT)"
_DATE_ONLY = rf"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:{_MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?(?:\s+[0-9]{{4}})?|[0-9]{{1,2}}\s+{_MONTH},?(?:\s+[0-9]{{4}})?|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}})"
# (pattern, reason): each is matched against a whole line, stripped.
_LINE_RULES = (
    (re.compile(rf"^(?i:(?:written\s+)?by)\s+{_NAME}(?:[^.!?\n]|\.(?=\s*[A-Z]))" r"{0,80}$"), "byline"),
    (re.compile(rf"(?i)^(?:last\s+)?(?:updated|published|posted|modified|first\s+published)\s*"
                rf"(?::|at\b|on\b|-|–|—|[0-9]|{_MONTH}|(?:mon|tues|wednes|thurs|fri|satur|sun)day).{{0,80}}$"),
     "time stamp of the page"),
    (re.compile(rf"(?i)^(?:{_DATE_ONLY}|{_CLOCK}|[\s,|/·•-])+$"), "time stamp of the page"),
    (re.compile(r"(?i)^(?:photo(?:graph)?s?|images?|pictures?|credits?|sources?|video|illustration|graphic|"
                r"image\s+(?:caption|source)|file\s+photo|top\s+image|featured\s+image)\s*(?::|by\b|-|–|—).{0,120}$"),
     "photo credit"),
    (re.compile(rf"^\(?(?:{_AGENCIES})(?:\s+Photo)?\s*/.{{0,80}}$"), "photo credit"),
    (re.compile(r"(?i)^(?:reporting|editing|writing|additional\s+reporting|compiled|contributed|translated|"
                r"graphics|research)\s+by\b.{0,200}$"), "production credit"),
    (re.compile(r"(?i)^(?:also\s+read|read\s+more|read\s+also|related|see\s+also|watch|more|listen|recommended|"
                r"you\s+may\s+also\s+like|don['’]?t\s+miss)\s*[:|-].{0,200}$"), "link to another article"),
    (re.compile(r"(?i)^(?:©|\(c\)|copyright\b).{0,200}$"), "copyright line"),
    (re.compile(r"(?i)^[0-9]+\s*(?:min(?:ute)?s?|hours?)\s+(?:read|ago)\b.{0,40}$"), "reading time or page age"),
    (re.compile(r"(?i)^[0-9]+\s+(?:comments?|shares?|views?|likes?)$"), "page counter"),
)  # fmt: skip
_DATELINE = re.compile(
    rf"^[A-Z][A-Z.'’ -]{{2,40}}(?:,\s*[A-Z][\w.'’ -]{{1,30}})?(?:,?\s*{_MONTH}\s+[0-9]{{1,2}}(?:,\s*[0-9]{{4}})?)?"
    rf"\s*(?:\((?:{_AGENCIES}|[A-Z][\w.&' ]{{1,30}})\)\s*)?(?:-+|–|—)\s"
)
_CAPTION_CREDIT = re.compile(
    rf"\((?:(?:{_AGENCIES})(?:\s+Photo)?\s*/[^()]*|(?:Photo|Image|Picture|Credit)s?\s*(?::|by)[^()]*)\)\s*$", re.I
)
_CREDIT_LINE_REASONS = ("photo credit",)
_INLINE_CREDIT = re.compile(
    r"[.!?]\s+(?P<credit>(?:Photo(?:graph)?|Picture|Image|Credit)s?\s*(?::|by\b)\s*[A-Z][^.:!?()]{0,60}"
    rf"(?:/\s*[\w .&'’-]{{1,40}}|\s+for\s+{_AGENCIES}|\s*\(?{_AGENCIES}\)?))\s*$"
)


def _line_reason(line: Span) -> str | None:
    if len(line.text) > 240:
        return None
    for pattern, reason in _LINE_RULES:
        if pattern.match(line.text):
            return reason
    return None


def regions(article: str, layout: Layout) -> list[Region]:
    """Furniture and captions of the article, in article order, none overlapping."""
    found: list[Region] = []
    lines = layout.lines
    reasons = [_line_reason(line) for line in lines]
    for index, (line, reason) in enumerate(zip(lines, reasons)):
        if reason:
            found.append(Region(line.start, line.end, "furniture", reason))
            continue
        dateline = _DATELINE.match(line.text)
        if dateline and re.search(r"[0-9]", dateline.group()):
            found.append(Region(line.start, line.start + len(dateline.group().rstrip()), "furniture", "dateline"))
            continue
        inline = _INLINE_CREDIT.search(line.text)
        if inline and inline.start() > 0 and len(line.text) < 240:
            # "A woman sits outside her house on Monday. Photo: Jane Mwangi/AP": a caption, then its credit
            credit = line.start + inline.start("credit")
            found.append(Region(line.start, credit, "caption", "image caption"))
            found.append(Region(credit, line.end, "furniture", "photo credit"))
            continue
        next_is_credit = index + 1 < len(lines) and reasons[index + 1] in _CREDIT_LINE_REASONS
        if (next_is_credit and len(line.text) < 240) or _CAPTION_CREDIT.search(line.text):
            found.append(Region(line.start, line.end, "caption", "image caption"))
    return found
