"""What a final build (`newsfigures build --final`) refuses: an annotation with entries still marked draft.

A draft build renders the whole report, labelled as a draft; a final one is what a desk publishes, so every
entry `newsfigures annotate` drafted must have been reviewed first (its `draft: true` line deleted).
"""

from __future__ import annotations

from typing import Any

from newsfigures.errors import NewsfiguresError
from newsfigures.figures.annotation import drafts, load_annotation
from newsfigures.project.paths import resolve, shown

# The parameter through which a step reads the annotation (step 10's `annotation_path`).
ANNOTATION_PARAMETER = "annotation_path"


def refuse_drafts(pipeline: Any, parameters: dict[str, dict[str, Any]]) -> None:
    """Raise NewsfiguresError naming every entry still marked draft, in each annotation the build reads."""
    problems = []
    for step in parameters.values():
        if ANNOTATION_PARAMETER not in step:
            continue
        path = resolve(step[ANNOTATION_PARAMETER], pipeline.root)
        name = shown(path, pipeline.root)
        unreviewed = drafts(load_annotation(path, name))
        if unreviewed:
            ids = ", ".join(entry["id"] for _, entry in unreviewed)
            figures = sum(1 for section, _ in unreviewed if section == "figures")
            problems.append(f"{name}: {len(unreviewed)} entries not yet reviewed ({figures} of them figures): {ids}; "
                            "review each and delete its `draft: true` line")
    if problems:
        raise NewsfiguresError("a final build needs every entry reviewed: " + "; ".join(problems))
