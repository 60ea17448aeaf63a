"""Stage 40, charts: takes the tidy tables, the world map and the story's chart declarations (story.yaml,
charts), gives every chart in `report/figures/` as a Vega-Lite spec (HTML), an SVG (PDF) and a PNG, with
`index.json` listing each one's title, description and source. One builder per chart kind (`builders`),
a newsroom theme (`theme`), and reproducible output (`output`): the same inputs give the same bytes.

``build_charts`` draws every declared chart from the checked tables; ``save_charts`` writes them.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt

from newsfigures.charts import builders, theme  # noqa: F401  (importing theme registers "newsroom")
from newsfigures.charts.builders import ChartText
from newsfigures.charts.inputs import ChartTables, load_tables
from newsfigures.charts.output import save_charts, spec_of
from newsfigures.project.story import Story


def build_charts(tables: ChartTables, story: Story, *, width: int = 560,
                 height: int = 300) -> dict[str, tuple[alt.TopLevelMixin, ChartText]]:
    """Every chart ``story`` declares, with its index text, in the order declared (the time charts mark the
    publication date)."""
    reference, claims = tables.reference_series, tables.claims
    published = builders.publication_date(tables.events)
    declared = story.declared
    charts = {}
    for name, spec in declared.charts.items():
        if spec.kind == "group":
            charts[name] = builders.group(tables.groups, spec, width=width)
        elif spec.kind == "reference_series":
            charts[name] = builders.reference_series(reference, claims, published, spec, width=width, height=height)
        elif spec.kind == "estimates":
            charts[name] = builders.estimates(reference, claims, spec, width=width)
        elif spec.kind == "timeline":
            charts[name] = builders.timeline(tables.events, spec, width=width)
        elif spec.kind == "country_map":
            countries = declared.country_lists[spec.country_list]
            charts[name] = builders.country_map(tables.country_lists[spec.country_list], tables.topology, spec,
                                                name=spec.country_list, headings=dict(countries.columns),
                                                width=width, height=height)
        else:  # a kind the declaration accepts but no builder draws: a defect here, not in the story
            raise AssertionError(f"no builder for chart kind {spec.kind!r}")
    return charts


__all__ = ["ChartTables", "ChartText", "build_charts", "load_tables", "save_charts", "spec_of"]


def show_chart(figures_dir: Path, name: str):
    """The saved SVG of a chart, for a notebook to display: exactly what the PDF shows, and unlike Altair's
    default renderer it loads no Vega from a CDN when the executed notebook is exported to HTML."""
    from IPython.display import SVG

    return SVG(filename=str(Path(figures_dir) / f"{name}.svg"))
