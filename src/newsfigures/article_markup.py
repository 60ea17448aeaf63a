"""The article as Markdown, every figure highlighted, linked to its row in the audit table and followed by
its verdict, so a reviewer reads each figure in context. The article's text is escaped: it is data."""

from __future__ import annotations

import re

from newsfigures.escape import markdown_inline as md
from newsfigures.report_data import claim_verdicts, verdict_label
from newsfigures.report_inputs import ReportInputs

_LINE_BREAK = re.compile(r"\s*\n\s*")


def _spans(inputs: ReportInputs) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """(start, end, [(anchor id, label)]) for every figure and unquantified item; overlapping quotes are
    merged into one span that names each of them, so no character is highlighted twice."""
    verdicts = claim_verdicts(inputs)
    marks = [(int(r["start"]), int(r["end"]), r["claim_id"], verdict_label(verdicts[r["claim_id"]]))
             for r in inputs.tables["claims"]]
    marks += [(int(r["start"]), int(r["end"]), r["item_id"], "no figure given")
              for r in inputs.tables["unquantified"]]
    merged: list[tuple[int, int, list[tuple[str, str]]]] = []
    for start, end, anchor, label in sorted(marks):
        if merged and start < merged[-1][1]:
            first_start, first_end, names = merged[-1]
            merged[-1] = (first_start, max(first_end, end), names + [(anchor, label)])
        else:
            merged.append((start, end, [(anchor, label)]))
    return merged


def _plain(text: str) -> str:
    """Article text between figures: each line of the article is a paragraph of its own."""
    return "\n\n".join(md(part) if part.strip() else "" for part in _LINE_BREAK.split(text))


def annotated_article(inputs: ReportInputs) -> str:
    article = inputs.article
    out: list[str] = []
    position = 0
    for start, end, names in _spans(inputs):
        out.append(_plain(article[position:start]))
        first_anchor, first_label = names[0]
        css = "verdict-" + re.sub(r"[^a-z]+", "-", first_label.split("; ")[0])
        out.append(f"[[{md(article[start:end])}]{{.mark}}](#claim-{first_anchor})")
        if len(names) == 1:
            out.append(f" [{md('[' + first_label + ']')}]{{.verdict .{css}}}")
        else:
            for anchor, label in names:
                out.append(f" [[{md('[' + anchor + ': ' + label + ']')}](#claim-{anchor})]{{.verdict}}")
        position = end
    out.append(_plain(article[position:]))
    body = "".join(out).strip()
    return f"::: {{.article}}\n{body}\n:::\n"
