"""Map labels: projected as the chart projects them, and moved off each other at a phone's width."""

import pytest

from newsfigures.charts.map_labels import SHIFTS, Label, _box, _overlap, equal_earth, placed

FRAME = [(0.0, 30.0), (60.0, 30.0), (0.0, 60.0), (60.0, 60.0)]
# About the frame of the project's map: Serbia to South Korea, Myanmar to Russia.
WIDE = [(8.0, 2.0), (142.0, 2.0), (8.0, 70.0), (142.0, 70.0)]


def test_equal_earth_matches_the_projections_published_extent():
    # Šavrič et al. give the Equal Earth map's half-width and half-height as 2.7066 and 1.3174 radii.
    assert equal_earth(180, 0)[0] == pytest.approx(2.70663, abs=1e-4)
    assert equal_earth(0, 90)[1] == pytest.approx(1.31736, abs=1e-4)
    assert equal_earth(0, 0) == (0.0, 0.0)
    x, y = equal_earth(30, 45)
    assert equal_earth(-30, -45) == pytest.approx((-x, -y))
    assert equal_earth(0, 50)[1] > equal_earth(0, 40)[1] > 0


def test_a_label_with_room_beside_its_marker_stays_there():
    labels = [Label("a", 10, 50, "Alpha"), Label("b", 50, 35, "Bravo")]
    assert placed(labels, FRAME, 300, 150) == {"a": 0, "b": 0}


def _boxes(labels, shifts, frame, width, height):
    corners = [equal_earth(lon, lat) for lon, lat in frame]
    scale = min(width / (max(c[0] for c in corners) - min(c[0] for c in corners)),
                height / (max(c[1] for c in corners) - min(c[1] for c in corners)))
    boxes = {}
    for label in labels:
        x, y = equal_earth(label.longitude, label.latitude)
        boxes[label.key] = _box(x * scale, -y * scale, label, label.dy + shifts.get(label.key, 0))
    return boxes


def test_neighbours_labels_are_moved_apart_and_cover_no_other_marker():
    # Belarus and Ukraine: their centres are about five degrees apart.
    labels = [Label("by", 28.0, 53.5, "Belarus"), Label("ua", 31.4, 49.0, "Ukraine"), Label("rs", 20.8, 44.0, "Serbia")]
    shifts = placed(labels, WIDE, 300, 160)
    assert set(shifts.values()) <= set(SHIFTS) and any(shifts.values())
    unmoved = _boxes(labels, {}, WIDE, 300, 160)
    assert _overlap(unmoved["by"], unmoved["ua"]) > 0  # the case the placement is for
    boxes = _boxes(labels, shifts, WIDE, 300, 160)
    keys = sorted(boxes)
    assert all(_overlap(boxes[a], boxes[b]) == 0 for i, a in enumerate(keys) for b in keys[i + 1:]), shifts


def test_a_fixed_label_is_not_moved_and_the_others_keep_clear_of_it():
    fixed = Label("mm", 96.0, 21.0, "Myanmar", font_size=13, dx=10, dy=14, marker=6, movable=False)
    near = Label("an", 94.0, 15.0, "Andaman")
    unmoved = _boxes([fixed, near], {}, WIDE, 300, 160)
    assert _overlap(unmoved["mm"], unmoved["an"]) > 0
    shifts = placed([fixed, near], WIDE, 300, 160)
    assert "mm" not in shifts
    boxes = _boxes([fixed, near], shifts, WIDE, 300, 160)
    assert _overlap(boxes["mm"], boxes["an"]) == 0, shifts
