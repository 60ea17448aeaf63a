"""Escaping of untrusted text (the article, quotes, notes, source names) for each place it lands.

The article and the reference data are data, never markup: whatever characters they hold must come out
literally in the HTML page and in the PDF, and must run nothing. Text that goes into the Markdown sources
is backslash-escaped so that pandoc reads it as plain characters; pandoc then escapes it again for HTML
and for Typst when it writes those. The few pieces that go straight into an HTML fragment (a chart's
label, the chart specs inside <script>) are escaped for HTML here; nothing bypasses pandoc into Typst.
"""

from __future__ import annotations

import html
import json
import re
import string

# Pandoc's Markdown lets a backslash escape any ASCII punctuation (extension all_symbols_escapable), so
# escaping all of it is always safe and leaves no character for the reader to interpret: not emphasis,
# links, raw HTML, shortcodes ({{< >}}), smart quotes, math ($) or line-start markers (#, 1., -, >).
_MARKDOWN_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_WHITESPACE = re.compile(r"\s+")


def markdown_inline(text: object) -> str:
    """Text made literal for an inline Markdown position (a paragraph or a table cell).

    Runs of whitespace, newlines included, become one space: a newline would end a table row.
    """
    flat = _WHITESPACE.sub(" ", str(text))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def html_text(text: object) -> str:
    """Text made literal for HTML element content or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def json_for_script(data: object) -> str:
    """JSON that can sit inside <script type="application/json"> without ending the element early:
    '<', '>' and '&' are written as JSON unicode escapes, so no '</script>' or '<!--' can appear."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
