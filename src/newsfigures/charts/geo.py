"""Where to put a marker and a label for a country, read from the world TopoJSON itself."""

from __future__ import annotations

from newsfigures.errors import NewsfiguresError


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Arcs as longitude/latitude points (TopoJSON stores them quantised and delta-encoded)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py, *_ in arc]
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with longitudes made continuous, so one crossing the antimeridian (Russia) stays in one piece."""
    points = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        points.append((x1 + shift, y1))
    return points


def _area_and_centroid(ring: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """Planar (lon/lat) area and centroid: good enough to place a label inside a country's main landmass."""
    ring = _unwrapped(ring)
    twice_area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if twice_area == 0:
        xs, ys = zip(*ring)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(twice_area) / 2, (cx / (3 * twice_area), cy / (3 * twice_area))


def label_points(topology: dict, ids: list[str], label: str = "world TopoJSON") -> dict[str, tuple[float, float]]:
    """Longitude/latitude of the centre of each country's largest polygon, by ISO numeric id."""
    arcs = _decoded_arcs(topology)
    geometries = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
    points = {}
    for country_id in ids:
        geometry = geometries.get(country_id)
        if geometry is None:
            raise NewsfiguresError(f"{label}: no country with id {country_id!r}")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        outer_rings = [_ring(arcs, polygon[0]) for polygon in polygons]
        _, centre = max(_area_and_centroid(ring) for ring in outer_rings)
        longitude = (centre[0] + 180) % 360 - 180
        points[country_id] = (round(longitude, 3), round(centre[1], 3))
    return points


def country_name(topology: dict, country_id: str) -> str:
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == country_id:
            return geometry.get("properties", {}).get("name", country_id)
    raise NewsfiguresError(f"world TopoJSON: no country with id {country_id!r}")
