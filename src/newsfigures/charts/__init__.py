"""The report's charts: a newsroom theme, one builder per chart, and reproducible SVG/PNG/Vega-Lite output.

``build_charts`` draws every chart from the checked tables; ``save_charts`` writes them with ``index.json``.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt

from newsfigures.charts import builders, theme  # noqa: F401  (importing theme registers "newsroom")
from newsfigures.charts.builders import ChartText
from newsfigures.charts.inputs import ChartTables, load_tables
from newsfigures.charts.output import save_charts, spec_of

CHART_NAMES = ("toll", "killed_over_time", "displaced_over_time", "deadliest_day", "arms_suppliers_map",
               "defections", "timeline")


def build_charts(tables: ChartTables, *, width: int = 560,
                 height: int = 300) -> dict[str, tuple[alt.TopLevelMixin, ChartText]]:
    """Every chart with its index text, in report order (the time charts mark the publication date)."""
    reference, claims = tables.reference_series, tables.claims
    published = builders.publication_date(tables.events)
    return {
        "toll": builders.toll(tables.toll, width=width),
        "killed_over_time": builders.killed_over_time(reference, claims, published, width=width, height=height),
        "displaced_over_time": builders.displaced_over_time(reference, claims, published, width=width,
                                                            height=height),
        "deadliest_day": builders.deadliest_day(reference, claims, width=width),
        "arms_suppliers_map": builders.arms_suppliers_map(tables.arms_suppliers, tables.topology, width=width,
                                                          height=height),
        "defections": builders.defections(reference, claims, width=width),
        "timeline": builders.timeline(tables.events, width=width),
    }


__all__ = ["CHART_NAMES", "ChartTables", "ChartText", "build_charts", "load_tables", "save_charts", "spec_of"]


def show_chart(figures_dir: Path, name: str):
    """The saved SVG of a chart, for a notebook to display: exactly what the PDF shows, and unlike Altair's
    default renderer it loads no Vega from a CDN when the executed notebook is exported to HTML."""
    from IPython.display import SVG

    return SVG(filename=str(Path(figures_dir) / f"{name}.svg"))
