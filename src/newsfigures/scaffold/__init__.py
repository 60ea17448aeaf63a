"""A new story project: `newsfigures new DIR --article FILE --published DATE` lays out the same project as the
engine's first story (notebooks, pipeline, report, tests, Makefile, CI), with the article byte for byte, its
provenance, a drafted annotation, no reference data yet, and the engine pinned as a wheel inside the project.

Public: ``new_project``; ``SHARED_FILES`` (what every project shares with the engine's own).
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "new_project": "newsfigures.scaffold.new_project",
    "SHARED_FILES": "newsfigures.scaffold.shared_files",
})
