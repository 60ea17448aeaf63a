"""Stage 10, finding figures: takes the article as received and its annotation (`data/raw/figures.yaml`),
gives `mentions.csv` (every number-like mention), `claims.csv` (the article's figures with their exact words
and offsets) and `unquantified.csv` (what it counts without a number). Nothing is written unless every
mention is accounted for and every quote is the article's own words.

Public: ``extract_figures`` (the step), ``load_article``.
"""

from newsfigures.project.exports import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {
    "extract_figures": "newsfigures.figures.claims",
    "load_article": "newsfigures.figures.article",
})
