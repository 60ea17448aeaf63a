"""Stage 30, checks: takes the figures, the reference series, the source map (`data/raw/source_map.yaml`)
and the reviewed attribution findings (`data/raw/attribution_checks.yaml`), gives `source_check.csv` (each
figure against its sources, with a verdict judged at the article's publication) and `attribution_check.csv`,
and writes `datapackage.json`. The verdict rules are in `newsfigures.checks.source_check`.

Public: ``run_checks`` (the step), ``build_checks``.
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "run_checks": "newsfigures.checks.source_check",
    "build_checks": "newsfigures.checks.source_check",
})
