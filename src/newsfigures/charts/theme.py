"""The newsroom look of every chart (newsfigures.charts.rasterise registers its font with the renderer)."""

from __future__ import annotations

import altair as alt

FONT = "Source Sans Pro"

# Muted, print-safe colours: one accent for the article's own figures, calm tones for the sources. Every
# colour a mark takes has 3:1 contrast with the white background (text 4.5:1), and ARTICLE with the PALETTE
# stay apart under simulated protanopia, deuteranopia and tritanopia (tests/test_chart_palette.py measures
# both); that is why the palette has four colours, not more.
ARTICLE = "#b5473a"  # what the article says
INK = "#333333"
MUTED_INK = "#6b6b6b"
GRID = "#e4e4e4"
LAND = "#e9e7e2"  # the countries a map does not colour: the ground the coloured ones stand on, not a mark
BACKGROUND = "white"
PALETTE = ["#3f6e8c", "#c3872d", "#879696", "#783c4b"]
FOCUS_INK = "#1d3f57"  # the label of a map's own country, beside its PALETTE[0] fill
PADDING = 12  # pixels around every chart


@alt.theme.register("newsroom", enable=False)
def newsroom() -> alt.theme.ThemeConfig:
    """Left-aligned titles with the source line in the subtitle, light grids, one font everywhere."""
    text = {"font": FONT}
    return {
        "config": {
            "font": FONT,
            "background": BACKGROUND,
            # One image, not hundreds of elements: each chart's SVG is labelled with its alt text, so the
            # marks and guides are hidden from assistive technology (their default labels are raw field names).
            "aria": False,
            "padding": PADDING,
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
                "aria": False,
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
                "aria": False,
            },
            "header": {"labelFont": FONT, "titleFont": FONT},
            "text": {**text, "fontSize": 12, "color": INK},
            "mark": {**text, "aria": False},
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2},
            "point": {"size": 60, "strokeWidth": 1.5},
        }
    }
