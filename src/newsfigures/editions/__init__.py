"""Editions: what changed in the findings between two versions of the processed data, and the dated record of
each published edition (`editions.yaml`) that the report's "Updates and corrections" section is written from.

Public: ``compare_revisions`` and ``changes_since_last_edition`` (newsfigures diff, the build's summary),
``publish_edition`` (newsfigures publish), ``load_editions``.
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "compare_revisions": "newsfigures.editions.changes",
    "changes_since_last_edition": "newsfigures.editions.changes",
    "publish_edition": "newsfigures.editions.publish",
    "load_editions": "newsfigures.editions.history",
})
