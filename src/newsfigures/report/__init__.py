"""The report: takes the processed tables, the charts, the executed notebooks and the story's Quarto
project (`report/`), gives `report/_output/index.html` (offline, charts interactive) and `index.pdf`
(charts static, byte-identical for the same inputs). It renders the Quarto sources with pandoc and Typst
as `quarto render report` would: `generated` writes the numbers (`_variables.yml`), the tables and the
sections every story gets (`_generated/`); `render` runs the whole step.

Public: ``build_report`` (the step), ``warm_up``.
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "build_report": "newsfigures.report.render",
    "warm_up": "newsfigures.report.render",
})
