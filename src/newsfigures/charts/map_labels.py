"""Where a map's country labels go so that none covers another label or another country's marker.

Text keeps its size when the map shrinks to a phone's width, so two neighbours' labels that sit apart on a
desktop run into each other there (Belarus and Ukraine, a few degrees apart). Each label is therefore placed
for the narrowest map the report draws: the markers are projected as the chart projects them (Equal Earth,
fitted to the same frame), and a label that would collide moves just above or below its marker. A label
that fits beside its marker stays there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Equal Earth (Šavrič, Patterson and Jenny 2018), as Vega's projection of that name computes it.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2

# Vertical shifts a label may take, in pixels, in order of preference: beside its marker, then above or below.
SHIFTS = (0, -8, 8, -14, 14)


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """Projected x, y (y up) of a point, in units of the sphere's radius."""
    theta = math.asin(_M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(longitude) * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


@dataclass(frozen=True)
class Label:
    """A marker and the text drawn to its right (``dx`` pixels on, centred ``dy`` pixels down)."""

    key: str
    longitude: float
    latitude: float
    text: str
    font_size: float = 12
    dx: float = 8
    dy: float = 0
    marker: float = 5  # half the marker's width, in pixels
    movable: bool = True


def _box(x: float, y: float, label: Label, dy: float) -> tuple[float, float, float, float]:
    width = len(label.text) * label.font_size * 0.6  # a bold sans-serif's average advance
    half = label.font_size * 0.6
    return x + label.dx, y + dy - half, x + label.dx + width, y + dy + half


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def placed(labels: list[Label], frame: list[tuple[float, float]], width: float, height: float) -> dict[str, float]:
    """Each movable label's vertical shift (one of SHIFTS), for a map ``width`` by ``height`` pixels fitted to
    the lon/lat points of ``frame``. Labels are placed north to south, each at the first shift that covers no
    label already placed and no other marker, or else at the shift that covers least."""
    corners = [equal_earth(lon, lat) for lon, lat in frame]
    span_x = max(x for x, _ in corners) - min(x for x, _ in corners)
    span_y = max(y for _, y in corners) - min(y for _, y in corners)
    scale = min(width / span_x, height / span_y)
    at = {}
    for label in labels:
        x, y = equal_earth(label.longitude, label.latitude)
        at[label.key] = (x * scale, -y * scale)  # pixels, y down as on the screen
    markers = {label.key: (at[label.key][0] - label.marker, at[label.key][1] - label.marker,
                           at[label.key][0] + label.marker, at[label.key][1] + label.marker) for label in labels}
    boxes = [_box(*at[label.key], label, label.dy) for label in labels if not label.movable]
    shifts = {}
    for label in sorted((lb for lb in labels if lb.movable), key=lambda lb: (-lb.latitude, lb.longitude, lb.key)):
        others = [box for key, box in markers.items() if key != label.key]

        def covered(shift: float) -> float:
            box = _box(*at[label.key], label, label.dy + shift)
            return sum(_overlap(box, other) for other in [*boxes, *others])

        shift = next((s for s in SHIFTS if covered(s) == 0), None)
        if shift is None:
            shift = min(SHIFTS, key=lambda s: (covered(s), SHIFTS.index(s)))
        shifts[label.key] = shift
        boxes.append(_box(*at[label.key], label, label.dy + shift))
    return shifts
