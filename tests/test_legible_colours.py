"""WCAG contrast, measured and mended, for the executed-notebook pages' colours."""

from __future__ import annotations

import pytest

from newsfigures.build.legible_colours import (MIN_CONTRAST, contrast, custom_properties, darkened, legible_overrides,
                                               parse_colour)


def test_contrast_is_wcags_ratio():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    # #767676 on white is the lightest grey that passes AA (4.54:1); #777777 just fails (4.48:1).
    assert contrast((0x76,) * 3, (255,) * 3) == pytest.approx(4.54, abs=0.01)
    assert contrast((0x77,) * 3, (255,) * 3) < MIN_CONTRAST


def test_colours_parse_through_var_references():
    properties = custom_properties(":root { --grey: #f5f5f5; --bg: var(--grey); /* --x: #000; */ }",
                                   ":root { --ink: rgb(0, 54, 109); --faint: rgba(0, 0, 0, 0.5); --short: #08f; }")
    assert parse_colour("var(--bg)", properties) == (0xf5, 0xf5, 0xf5)
    assert parse_colour("var(--ink)", properties) == (0, 54, 109)
    assert parse_colour("var(--short)", properties) == (0, 0x88, 0xff)
    assert parse_colour("blue", properties) == (0, 0, 255)
    assert "--x" not in properties  # commented out
    for unmeasurable in ("var(--faint)", "var(--missing)", "currentColor", "color-mix(in srgb, red, blue)"):
        assert parse_colour(unmeasurable, properties) is None


def test_a_colour_that_falls_short_is_darkened_just_enough_keeping_its_hue():
    background = (0xf5, 0xf5, 0xf5)
    comment = (0x40, 0x80, 0x80)  # JupyterLab's comment colour, 4.17:1 on its code background
    mended = darkened(comment, background)
    assert MIN_CONTRAST <= contrast(mended, background) < MIN_CONTRAST + 0.2
    assert mended[1] == mended[2] and mended[0] < mended[1]  # still a teal
    assert darkened((0, 0, 0), background) == (0, 0, 0)


def test_only_the_failing_colours_are_overridden():
    properties = custom_properties(":root { --bg: #f5f5f5; --ok: #1a1a1a; --weak: #408080; --faint: rgba(0,0,0,.3) }")
    overrides = legible_overrides(properties, ["--ok", "--weak", "--faint"], "--bg")
    assert list(overrides) == ["--weak"]
    assert contrast(parse_colour(overrides["--weak"], {}), (0xf5,) * 3) >= MIN_CONTRAST
