"""Writing a chart as a self-contained Vega-Lite spec, an SVG and a PNG, the same bytes every time."""

from __future__ import annotations

from pathlib import Path

import altair as alt

from newsfigures import atomic
from newsfigures.charts.builders import ChartText
from newsfigures.charts.theme import register_fonts
from newsfigures.errors import NewsfiguresError

PNG_SCALE = 2  # sharp on high-density screens and in print


def vega_lite_version() -> str:
    """The vl-convert bundle matching the Vega-Lite schema Altair writes (``v6.4.1`` -> ``6.4``)."""
    import vl_convert

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    if wanted not in vl_convert.get_vegalite_versions():
        raise NewsfiguresError(f"vl-convert {vl_convert.__version__}: has no Vega-Lite {wanted} for Altair's specs")
    return wanted


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The chart as a validated Vega-Lite dict with the active theme folded in and all data inline."""
    datasets = chart.datasets if isinstance(getattr(chart, "datasets", None), dict) else {}
    # A TopoJSON dataset is a plain dict that Altair would walk node by node (most of the map's conversion
    # time); it is set aside and put back unchanged, which gives the same spec.
    topologies = {name: data for name, data in datasets.items() if isinstance(data, dict)}
    if topologies:
        chart = chart.copy(deep=False)
        chart.datasets = {name: data for name, data in datasets.items() if name not in topologies}
    spec = chart.to_dict(validate=True)
    if topologies:
        spec.setdefault("datasets", {}).update(topologies)
    if _data_urls(spec):
        raise NewsfiguresError(f"chart spec loads data from {_data_urls(spec)[0]}; charts must carry their data inline")
    return spec


def _data_urls(node: object) -> list[str]:
    """URLs of any data source (``data`` or a lookup's ``from.data``) anywhere in a spec."""
    if isinstance(node, list):
        return [url for item in node for url in _data_urls(item)]
    if not isinstance(node, dict):
        return []
    found = [node["data"]["url"] for key in ("data",) if isinstance(node.get(key), dict) and "url" in node[key]]
    return found + [url for key, value in node.items() if key != "datasets" for url in _data_urls(value)]


def save_chart(chart: alt.TopLevelMixin, name: str, figures_dir: Path) -> list[Path]:
    """Write ``<name>.vl.json``, ``<name>.svg`` and ``<name>.png`` into ``figures_dir`` atomically."""
    import vl_convert

    register_fonts()
    spec = spec_of(chart)
    version = vega_lite_version()
    # No network: a chart that tried to fetch anything would not be reproducible offline.
    svg = vl_convert.vegalite_to_svg(spec, vl_version=version, allowed_base_urls=[])
    # Rasterising the SVG gives the same bytes as drawing the spec again to PNG, in half the time.
    png = vl_convert.svg_to_png(svg, scale=PNG_SCALE)
    return [
        atomic.write_json(figures_dir / f"{name}.vl.json", spec),
        atomic.write_text(figures_dir / f"{name}.svg", svg),
        atomic.write_bytes(figures_dir / f"{name}.png", png),
    ]


def write_index(texts: dict[str, ChartText], figures_dir: Path) -> Path:
    """``index.json``: one entry per chart, in the order the report shows them."""
    entries = [{"name": name, "title": t.title, "description": t.description, "source": t.source}
               for name, t in texts.items()]
    return atomic.write_json(figures_dir / "index.json", entries)


def warm_up() -> None:
    """Register the font and start vl-convert's JavaScript engine (a second or two each, the first time in a
    process), so that a kernel warmed ahead of the charts step has paid for both before the step starts."""
    import vl_convert

    register_fonts()
    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}}, vl_version=vega_lite_version())
