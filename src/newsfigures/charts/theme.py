"""The newsroom look of every chart (newsfigures.charts.rasterise registers its font with the renderer)."""

from __future__ import annotations

import altair as alt

FONT = "Source Sans Pro"

# Muted, print-safe colours: one accent for the article's own figures, calm tones for the sources.
ARTICLE = "#b5473a"  # what the article says
INK = "#333333"
MUTED_INK = "#6b6b6b"
GRID = "#e4e4e4"
LAND = "#e9e7e2"
PALETTE = ["#3f6e8c", "#c88a3d", "#7d9a6a", "#8c6d9e", "#a0a0a0", "#5e9ea0", "#b07a6a"]


@alt.theme.register("newsroom", enable=False)
def newsroom() -> alt.theme.ThemeConfig:
    """Left-aligned titles with the source line in the subtitle, light grids, one font everywhere."""
    text = {"font": FONT}
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 12,
            "view": {"stroke": None},
            "title": {
                **text,
                "anchor": "start",
                "frame": "bounds",
                "fontSize": 17,
                "fontWeight": 600,
                "color": INK,
                "subtitleFont": FONT,
                "subtitleFontSize": 12,
                "subtitleColor": MUTED_INK,
                "subtitlePadding": 6,
                "offset": 14,
            },
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 400,
                "labelColor": MUTED_INK,
                "titleColor": MUTED_INK,
                "gridColor": GRID,
                "domainColor": "#bdbdbd",
                "tickColor": "#bdbdbd",
            },
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 600,
                "labelColor": INK,
                "titleColor": INK,
                "orient": "bottom",
                "direction": "horizontal",
                "symbolStrokeWidth": 1.5,
            },
            "header": {"labelFont": FONT, "titleFont": FONT},
            "text": {**text, "fontSize": 12, "color": INK},
            "mark": {**text},
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2},
            "point": {"size": 60, "strokeWidth": 1.5},
        }
    }
