"""The article as Markdown, every figure highlighted, linked to its row in the audit table and followed by
its source-check verdict, and the words of every attribution check underlined, linked to its row in the
"Names and attributions" table and followed by its verdict, so a reviewer reads each finding in context. The article's
text is escaped: it is data."""

from __future__ import annotations

import re

from newsfigures.report.escape import markdown_inline as md
from newsfigures.report.generated import ATTRIBUTION, anchor, claim_verdicts, verdict_label
from newsfigures.report.inputs import ReportInputs

_LINE_BREAK = re.compile(r"\s*\n\s*")

Span = tuple[int, int, list[tuple[str, str]]]  # (start, end, [(anchor id, label)])


def _merged(marks: list[tuple[int, int, str, str]]) -> list[Span]:
    """Overlapping marks merged into one span that names each of them, so no character is marked twice."""
    merged: list[Span] = []
    for start, end, name, label in sorted(marks):
        if merged and start < merged[-1][1]:
            first_start, first_end, names = merged[-1]
            merged[-1] = (first_start, max(first_end, end), names + [(name, label)])
        else:
            merged.append((start, end, [(name, label)]))
    return merged


def _figure_spans(inputs: ReportInputs) -> list[Span]:
    """Every figure and unquantified item, labelled with its source-check verdicts; attribution verdicts
    are shown on the attribution check's own words instead, so they are not said twice."""
    verdicts = claim_verdicts(inputs)
    marks = [(int(r["start"]), int(r["end"]), f"claim-{r['claim_id']}",
              verdict_label([v for v in verdicts[r["claim_id"]] if not v.startswith(ATTRIBUTION)]))
             for r in inputs.tables["claims"]]
    marks += [(int(r["start"]), int(r["end"]), f"claim-{r['item_id']}", "no figure given")
              for r in inputs.tables["unquantified"]]
    return _merged(marks)


def _attribution_spans(inputs: ReportInputs, figures: list[Span]) -> list[Span]:
    """Every attribution check's words (their first occurrence), widened to take in whole any figure they
    touch so that the two kinds of span nest and never cross."""
    marks = []
    for row in inputs.tables["attribution_check"]:
        start = inputs.article.find(row["article_says"])
        end = start + len(row["article_says"])
        for figure_start, figure_end, _ in figures:
            if figure_start < end and figure_end > start:
                start, end = min(start, figure_start), max(end, figure_end)
        marks.append((start, end, anchor("check", row["check_id"]), row["verdict"]))
    return _merged(marks)


def _plain(text: str) -> str:
    """Article text between marks: each line of the article is a paragraph of its own."""
    return "\n\n".join(md(part) if part.strip() else "" for part in _LINE_BREAK.split(text))


def _labels(names: list[tuple[str, str]], linked: bool) -> str:
    """The verdicts after a mark; each links to its row when the mark itself is not a link."""
    css = "verdict-" + re.sub(r"[^a-z]+", "-", names[0][1].split("; ")[0].removeprefix(ATTRIBUTION))
    if len(names) == 1 and not linked:
        return f" [{md('[' + names[0][1] + ']')}]{{.verdict .{css}}}"
    if len(names) == 1:
        return f" [[{md('[' + names[0][1] + ']')}](#{names[0][0]})]{{.verdict .{css}}}"
    return "".join(f" [[{md('[' + name.removeprefix('claim-').removeprefix('check-') + ': ' + label + ']')}]"
                   f"(#{name})]{{.verdict}}" for name, label in names)


def _with_figures(article: str, start: int, end: int, figures: list[Span]) -> str:
    out: list[str] = []
    position = start
    for figure_start, figure_end, names in figures:
        if figure_start < start or figure_end > end:
            continue
        out.append(_plain(article[position:figure_start]))
        out.append(f"[[{md(article[figure_start:figure_end])}]{{.mark}}](#{names[0][0]})")
        out.append(_labels(names, linked=False))
        position = figure_end
    out.append(_plain(article[position:end]))
    return "".join(out)


def annotated_article(inputs: ReportInputs) -> str:
    article = inputs.article
    figures = _figure_spans(inputs)
    out: list[str] = []
    position = 0
    for start, end, names in _attribution_spans(inputs, figures):
        out.append(_with_figures(article, position, start, figures))
        inner = _with_figures(article, start, end, figures)
        # Underlining cannot run across paragraphs; words that span a line break keep only their label.
        out.append(inner if "\n" in article[start:end] else f"[[{inner}]{{.underline}}]{{.attribution}}")
        out.append(_labels(names, linked=True))
        position = end
    out.append(_with_figures(article, position, len(article), figures))
    body = "".join(out).strip()
    return f"::: {{.article}}\n{body}\n:::\n"
