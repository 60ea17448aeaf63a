"""Colours that pass WCAG 2's contrast minimum on the executed-notebook pages.

JupyterLab's light theme draws code comments, numbers and operators, and the prompts of cells not being
edited, below the 4.5:1 contrast WCAG 2 (AA) asks of normal-size text. Rather than a hand-picked palette that
drifts from the theme nbconvert ships, the theme's own colours are read and each one that falls short on the
background it is drawn on is darkened, keeping its hue, until it passes.
"""

from __future__ import annotations

import re

# WCAG 2.x, success criterion 1.4.3: normal-size text against its background.
MIN_CONTRAST = 4.5
# Darkening stops a little above the minimum: axe rounds the ratio it measures, and browsers round colours.
TARGET_CONTRAST = 4.6
_DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;{}]+?)\s*;")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$")
_VAR = re.compile(r"^var\(\s*(--[\w-]+)\s*\)$")
# The few colour names the theme uses; a value in any other form is left as it is (see `legible_overrides`).
_NAMES = {"white": (255, 255, 255), "black": (0, 0, 0), "blue": (0, 0, 255), "red": (255, 0, 0),
          "green": (0, 128, 0)}

Colour = tuple[int, int, int]


def custom_properties(*stylesheets: str) -> dict[str, str]:
    """Every `--name: value;` of the style sheets, the later one winning as in the cascade of :root rules."""
    found: dict[str, str] = {}
    for sheet in stylesheets:
        for name, value in _DECLARATION.findall(re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)):
            found[name] = value
    return found


def parse_colour(value: str, properties: dict[str, str], depth: int = 0) -> Colour | None:
    """An opaque colour as RGB, following var() references; None for anything else (a translucent or
    unknown colour has no single contrast to measure)."""
    value = value.strip()
    if match := _VAR.match(value):
        target = properties.get(match.group(1))
        return parse_colour(target, properties, depth + 1) if target is not None and depth < 10 else None
    if match := _HEX.match(value):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    if match := _RGB.match(value):
        if match.group(4) is not None and float(match.group(4)) != 1:
            return None
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    return _NAMES.get(value.lower())


def _luminance(colour: Colour) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darkened(colour: Colour, background: Colour, target: float = TARGET_CONTRAST) -> Colour:
    """The colour scaled towards black, in the smallest of 1% steps, until it reaches `target` on `background`."""
    step = 0
    candidate = colour
    while contrast(candidate, background) < target and step < 100:
        step += 1
        candidate = tuple(round(c * (100 - step) / 100) for c in colour)
    return candidate


def hex_colour(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def legible_overrides(properties: dict[str, str], foregrounds: list[str], background: str) -> dict[str, str]:
    """For each custom property in `foregrounds` whose colour falls short on the colour of `background`
    (another custom property), a darker value that passes. A value that is not an opaque colour is left out:
    it cannot be measured here, and the page's axe-core test measures what the browser draws."""
    ground = parse_colour(f"var({background})", properties)
    if ground is None:
        return {}
    overrides = {}
    for name in foregrounds:
        colour = parse_colour(f"var({name})", properties)
        if colour is not None and contrast(colour, ground) < MIN_CONTRAST:
            overrides[name] = hex_colour(darkened(colour, ground))
    return overrides
