"""`newsfigures publish`: record an edition in editions.yaml, once the build is one a desk can stand behind.

Refused, with every reason at once, while an annotation entry is a draft, a raw file's change is unrecorded,
a step is stale, or the processed data and charts differ from the last commit (an edition names the commit
whose data it publishes). The changes since the edition before are those `newsfigures diff` gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsfigures.editions.changes import compare_revisions
from newsfigures.editions.history import Edition, load_editions, write_editions
from newsfigures.editions.revisions import commit_of, uncommitted
from newsfigures.errors import NewsfiguresError
from newsfigures.project.source_date import today

COMMITTED_OUTPUTS = ("data/processed", "report/figures")


def refusals(root: Path, build: Any, stale: dict[str, list[str]]) -> list[str]:
    """Every reason the project cannot be published now."""
    from newsfigures.build.final import refuse_drafts
    from newsfigures.project.sources import check_sources

    problems = []
    try:
        refuse_drafts(build.pipeline, build.parameters)
    except NewsfiguresError as exc:
        problems.append(str(exc))
    unrecorded = check_sources(root)
    if unrecorded:
        problems.append("raw files changed without a record: " + "; ".join(str(p) for p in unrecorded)
                        + " (newsfigures sources --update FILE --note ...)")
    behind = [f"{step} ({'; '.join(why)})" for step, why in stale.items() if why and not why[0].startswith("reruns if")]
    if behind:
        problems.append("the build is stale: " + ", ".join(behind) + " (run newsfigures build)")
    changed = uncommitted(root, *COMMITTED_OUTPUTS)
    if changed:
        problems.append("processed data or charts are not committed: " + ", ".join(changed[:5])
                        + (f" and {len(changed) - 5} more" if len(changed) > 5 else "") + " (commit them first)")
    return problems


def publish_edition(root: Path, note: str, correction: bool, problems: list[str]) -> Edition:
    """Append the next edition to editions.yaml; ``problems`` are the refusals found (any stops it)."""
    if not note.strip():
        problems = [*problems, "--note: say what this edition is (what changed, or what was corrected)"]
    if problems:
        raise NewsfiguresError("not published: " + "; ".join(problems))
    editions = load_editions(root)
    changes = compare_revisions(root, editions[-1].commit).sentences() if editions else []
    edition = Edition(len(editions) + 1, today().isoformat(), commit_of(root, "HEAD"), "correction" if correction else "update",
                      " ".join(note.split()), changes)
    write_editions(root, [*editions, edition])
    return edition
