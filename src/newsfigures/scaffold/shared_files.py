"""The files every story project has exactly as the engine's own project has them.

The engine's checkout is the one copy: `newsfigures new` copies them from there, and a wheel built from the
checkout carries them under `newsfigures/scaffold/shared/` (setup.py's build step), so a project made from an
installed wheel gets the same files. This module imports nothing, so setup.py can read it.
"""

SHARED_FILES = (
    "notebooks/10-extract-figures.ipynb",
    "notebooks/20-tidy-tables.ipynb",
    "notebooks/30-check-sources.ipynb",
    "notebooks/40-charts.ipynb",
    "params/default.yaml",
    "report/_quarto.yml",
    "report/assets/content-visible.lua",
    "report/assets/head.html",
    "report/assets/main-close.html",
    "report/assets/main-open.html",
    "report/assets/pdf-links.lua",
    "report/assets/report.css",
    "report/assets/table-regions.lua",
    "report/assets/typst-flow.lua",
    "report/assets/typst-styles.typ",
    "data/raw/geo/countries-110m.json",
    "data/raw/geo/LICENSE",
    "requirements.lock",
    "LICENSE",
    ".gitignore",
)
# The folder under the package where a wheel keeps them.
PACKAGED = "shared"
