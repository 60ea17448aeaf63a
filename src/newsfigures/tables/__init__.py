"""Stage 20, tidy tables: takes the figures of stage 10, the reference data in `data/raw/reference/` and the
story's declaration (`story.yaml`), gives the tidy tables the checks and charts read: the story's groups of
figures, its lists, its lists of countries joined with a reference table, its timeline of events and the
reference series. Each table is validated against its schema (`newsfigures.schemas`) and none is written
unless all are valid. `datapackage` describes every processed file.

Public: ``run_tidy`` (the step), ``build_tables``.
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "run_tidy": "newsfigures.tables.tidy",
    "build_tables": "newsfigures.tables.tidy",
})
