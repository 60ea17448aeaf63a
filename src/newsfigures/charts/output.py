"""Writing a chart as a self-contained Vega-Lite spec, an SVG and a PNG, the same bytes every time."""

from __future__ import annotations

import html
from contextlib import contextmanager
from pathlib import Path

import altair as alt
import pandas as pd

from newsfigures.project import atomic
from newsfigures.charts.builders import ChartText
from newsfigures.errors import NewsfiguresError
from newsfigures.charts.rasterise import Rasteriser, register_fonts, svg_to_png


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
    with _each_frame_converted_once():
        spec = chart.to_dict(validate=True)
    if topologies:
        spec.setdefault("datasets", {}).update(topologies)
    if _data_urls(spec):
        raise NewsfiguresError(f"chart spec loads data from {_data_urls(spec)[0]}; charts must carry their data inline")
    return spec


@contextmanager
def _each_frame_converted_once():
    """While a chart is converted, its data transformer runs once per DataFrame, not once per layer.

    Altair sanitises a layer's frame to inline values for every layer that draws it (a third of a chart's
    conversion time); the frames do not change during one conversion, and the values are the same each time.
    """
    active = alt.data_transformers.get()
    seen: dict[int, tuple[object, object]] = {}  # id -> (frame, its values); the frame is held so no id is reused

    def once(data, **options):
        if not isinstance(data, pd.DataFrame):
            return active(data, **options)
        if id(data) not in seen:
            seen[id(data)] = (data, active(data, **options))
        values = seen[id(data)][1]
        return dict(values) if isinstance(values, dict) else values

    alt.data_transformers.register(_ONCE, once)
    with alt.data_transformers.enable(_ONCE):
        yield


_ONCE = "newsfigures-each-frame-once"


def _data_urls(node: object) -> list[str]:
    """URLs of any data source (``data`` or a lookup's ``from.data``) anywhere in a spec."""
    if isinstance(node, list):
        return [url for item in node for url in _data_urls(item)]
    if not isinstance(node, dict):
        return []
    found = [node["data"]["url"] for key in ("data",) if isinstance(node.get(key), dict) and "url" in node[key]]
    return found + [url for key, value in node.items() if key != "datasets" for url in _data_urls(value)]


def interactive(spec: dict) -> dict:
    """The spec the HTML page draws: as wide as its container, so that on a phone the whole chart is on the
    screen (the static SVG keeps the fixed width, and so its bytes)."""
    return {**spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}


def labelled(svg: str, alt_text: str) -> str:
    """The SVG as one image labelled with the chart's alt text, for whatever shows it inline (a notebook page)."""
    if not svg.startswith("<svg "):
        raise NewsfiguresError("vl-convert: the SVG does not start with its <svg> element")
    return f'<svg role="img" aria-label="{html.escape(alt_text, quote=True)}" ' + svg[len("<svg "):]


def draw(chart: alt.TopLevelMixin) -> tuple[dict, str]:
    """The chart's interactive Vega-Lite spec and its static SVG, labelled with the spec's description."""
    import vl_convert

    register_fonts()
    spec = spec_of(chart)
    # No network: a chart that tried to fetch anything would not be reproducible offline.
    svg = vl_convert.vegalite_to_svg(spec, vl_version=vega_lite_version(), allowed_base_urls=[])
    return interactive(spec), labelled(svg, spec.get("description", ""))


def save_chart(chart: alt.TopLevelMixin, name: str, figures_dir: Path) -> list[Path]:
    """Write ``<name>.vl.json``, ``<name>.svg`` and ``<name>.png`` into ``figures_dir`` atomically."""
    spec, svg = draw(chart)
    return [
        atomic.write_json(figures_dir / f"{name}.vl.json", spec),
        atomic.write_text(figures_dir / f"{name}.svg", svg),
        atomic.write_bytes(figures_dir / f"{name}.png", svg_to_png(svg)),
    ]


def save_charts(charts: dict[str, tuple[alt.TopLevelMixin, ChartText]], figures_dir: Path) -> list[Path]:
    """Write every chart's spec, SVG and PNG, then ``index.json``; returns the files written.

    Each PNG is rasterised in a worker process while the next chart is drawn: the same bytes as save_chart,
    in about two thirds of the time.
    """
    global _RASTERISER_AHEAD
    rasteriser, _RASTERISER_AHEAD = _RASTERISER_AHEAD or Rasteriser(), None
    written: list[Path] = []
    with rasteriser:
        for name, (chart, _) in charts.items():
            spec, svg = draw(chart)
            written += [atomic.write_json(figures_dir / f"{name}.vl.json", spec),
                        atomic.write_text(figures_dir / f"{name}.svg", svg)]
            rasteriser.submit(written[-1], figures_dir / f"{name}.png")
        written += rasteriser.finish()
    written.append(write_index({name: text for name, (_, text) in charts.items()}, figures_dir))
    return written


def write_index(texts: dict[str, ChartText], figures_dir: Path) -> Path:
    """``index.json``: one entry per chart, in the order the report shows them."""
    entries = [{"name": name, "title": t.title, "alt": t.alt, "description": t.description, "source": t.source}
               for name, t in texts.items()]
    return atomic.write_json(figures_dir / "index.json", entries)


_RASTERISER_AHEAD: Rasteriser | None = None  # started by warm_up, taken by the next save_charts


def warm_up() -> None:
    """Register the font, start vl-convert's JavaScript engine (a second or two each, the first time in a
    process) and start the PNG worker, so that a kernel warmed ahead of the charts step has paid for all
    three before the step starts. A worker never taken ends with the kernel (its input closes)."""
    import vl_convert

    global _RASTERISER_AHEAD
    if _RASTERISER_AHEAD is None:
        _RASTERISER_AHEAD = Rasteriser()
    register_fonts()
    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}}, vl_version=vega_lite_version())
