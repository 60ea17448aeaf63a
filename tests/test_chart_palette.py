"""The charts' colours: WCAG contrast with the background (3:1 for a mark, 4.5:1 for text), colours that stay
apart for colour-blind readers (measured on simulated protanopia, deuteranopia and tritanopia), and no colour
in a chart that these checks have not seen."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest

from newsfigures.charts import theme
from newsfigures.charts.builders import MAP_FILLS

ROOT = Path(__file__).resolve().parents[1]
TEXT = {"INK": theme.INK, "MUTED_INK": theme.MUTED_INK, "ARTICLE": theme.ARTICLE, "FOCUS_INK": theme.FOCUS_INK}
MARKS = {"ARTICLE": theme.ARTICLE, **{f"PALETTE[{i}]": c for i, c in enumerate(theme.PALETTE)},
         **{f"MAP_FILLS[{i}]": c for i, c in enumerate(MAP_FILLS)}}
# What may share one chart and must be told apart: the article's colour with the sources' (lines, dots, the
# timeline), and a map's fills with its own country's.
TOGETHER = {"article and sources": [theme.ARTICLE, *theme.PALETTE], "map": [*MAP_FILLS, theme.PALETTE[0]]}
# Not marks and not text a reader must read: grid lines, axis lines and ticks, the map's uncoloured land.
NEUTRAL = {theme.GRID.lower(), theme.LAND.lower(), "#bdbdbd", "#ffffff", "#000000"}
CVD = ["protanomaly", "deuteranomaly", "tritanomaly"]
# CAM02-UCS distance below which two colours of a small mark are easily confused (about 2.5 just-noticeable
# differences of a large patch).
DISTINCT = 12.0


def _rgb(colour: str) -> np.ndarray:
    named = {"white": "#ffffff", "black": "#000000"}
    colour = named.get(colour, colour)
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def luminance(colour: str) -> float:
    c = _rgb(colour)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def closest_pair(colours: list[str], cvd: str | None) -> tuple[float, str, str]:
    """The two colours nearest each other, as a reader with ``cvd`` (full severity) sees them."""
    from colorspacious import cspace_convert

    def seen(colour):
        rgb = _rgb(colour)
        if cvd:
            rgb = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}, "sRGB1"), 0, 1)
        return cspace_convert(rgb, "sRGB1", "CAM02-UCS")

    return min((float(np.linalg.norm(seen(a) - seen(b))), a, b) for a, b in itertools.combinations(colours, 2))


def test_the_contrast_measure_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", TEXT)
def test_text_colours_have_4_5_to_1_contrast(name):
    assert contrast(TEXT[name], theme.BACKGROUND) >= 4.5, (name, TEXT[name])


@pytest.mark.parametrize("name", MARKS)
def test_mark_colours_have_3_to_1_contrast(name):
    assert contrast(MARKS[name], theme.BACKGROUND) >= 3, (name, MARKS[name])


@pytest.mark.parametrize("cvd", [None, *CVD])
@pytest.mark.parametrize("group", TOGETHER)
def test_colours_of_one_chart_stay_apart_for_colour_blind_readers(group, cvd):
    distance, a, b = closest_pair(TOGETHER[group], cvd)
    assert distance >= DISTINCT, f"{group}: {a} and {b} are {distance:.1f} apart for {cvd or 'normal vision'}"


def test_the_check_fails_a_palette_that_colour_blind_readers_cannot_tell_apart():
    # Red against green: apart in normal vision, one colour under deuteranopia.
    assert closest_pair(["#d62728", "#2ca02c"], None)[0] >= DISTINCT
    assert closest_pair(["#d62728", "#2ca02c"], "deuteranomaly")[0] < DISTINCT
    assert contrast("#c88a3d", "white") < 3  # the ochre of the old palette


def test_every_colour_a_chart_uses_is_one_the_checks_cover():
    checked = {c.lower() for c in [*TEXT.values(), *MARKS.values()]} | NEUTRAL
    for path in sorted((ROOT / "report/figures").glob("*.vl.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        spec.pop("datasets", None)
        used = {c.lower() for c in re.findall(r'"(#[0-9a-fA-F]{6})"', json.dumps(spec))}
        assert used <= checked, (path.name, sorted(used - checked))
