"""Drafting an annotation: takes an article's plain text and its publication date, gives a complete draft of
`data/raw/figures.yaml` (every numeric mention covered once, each entry marked `draft: true`) for a person
to review.

Modules, one job each: ``sentences`` (paragraphs, lines, sentences), ``furniture`` (bylines, credits,
captions), ``attribution`` (who is credited), ``dates`` (dates and times in words), ``quantities`` (what a
number counts), ``vague`` (vague amounts, lists, unquantified), ``nonfigures`` (names and idioms), ``draft``
(the drafter) and ``yamltext`` (the YAML text).

Public: ``draft_annotation``, ``annotation_yaml``.
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "draft_annotation": "newsfigures.drafting.draft",
    "annotation_yaml": "newsfigures.drafting.yamltext",
})
