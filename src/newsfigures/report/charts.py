"""The charts in the report: an interactive Vega-Lite chart in the HTML page, the static SVG in the PDF.

`_generated/chart-<name>.md` holds both variants, each in a `content-visible when-format` div, each a real
figure: the chart, then its caption (description and source) in Markdown. In HTML a <figure> whose chart is
one SVG image labelled with its title and alt text (wording.titled: the title is drawn inside the image, so
nothing else gives it); in Typst a `figure` whose image carries the same label as its alt (pandoc's
Typst writer drops an image's alt attribute, so the figure is written as raw Typst around the Markdown
caption, the same for pandoc and for Quarto). `_generated/vega.html` is appended to the HTML body once: the
Vega-Lite specs as inert JSON, the vega-embed bundle that vl-convert ships (so nothing loads from a CDN),
and the few lines that draw each chart into its div.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from newsfigures.project import atomic
from newsfigures.errors import NewsfiguresError
from newsfigures.charts.wording import titled
from newsfigures.report.escape import html_text, json_for_script
from newsfigures.report.escape import markdown_inline as md
from newsfigures.report.inputs import FIGURES, Chart

# Draws every chart; an error is logged to the console (the browser test fails on any console error).
# A container narrower than the chart's drawn width (a phone) gets the title and subtitle wrapped for it and
# vertical legends, which the charts step wrote into the spec (usermeta.narrow); a map keeps its aspect
# (usermeta.aspect). vega-embed labels the container with the spec's description; the label goes on the
# SVG instead, which becomes one image, so it is announced once: the chart's title and alt text as
# index.json gives them (data-alt), which is also the spec's description.
_EMBED = """
for (const el of document.querySelectorAll("div.vega-chart")) {
  const spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
  const meta = spec.usermeta || {};
  if (meta.narrow && el.clientWidth < meta.fits) {
    spec.title = { ...spec.title, text: meta.narrow.title, subtitle: meta.narrow.subtitle };
    spec.config = { ...spec.config, legend: { ...(spec.config || {}).legend, ...meta.narrow.legend } };
  }
  if (meta.aspect) spec.height = Math.round(meta.aspect * el.clientWidth);
  window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }).then(() => {
    const svg = el.querySelector("svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", el.dataset.alt);
    for (const name of ["role", "aria-label", "aria-roledescription"]) el.removeAttribute(name);
  }).catch((error) => console.error(error));
}
"""


def typst_string(text: str) -> str:
    """Text as a Typst string literal: whitespace runs made one space, backslashes and quotes escaped."""
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def chart_markdown(chart: Chart) -> str:
    # The chart draws its own title; the caption is its description in words (what a reader of the PDF
    # can search) and its source; the alt text, shorter, says what the chart shows.
    caption = md(chart.description) if chart.description else f"**{md(chart.title)}**"
    if chart.source:
        # The charts step may already begin its source line with "Source:".
        source = re.sub(r"^\s*source:\s*", "", chart.source, flags=re.I)
        caption += f" Source: {md(source)}"
    image = f"{FIGURES.relative_to('report').as_posix()}/{chart.name}.svg"
    label = titled(chart.title, chart.alt)
    return (
        f"::: {{.chart #chart-{chart.name}}}\n\n"
        '::: {.content-visible when-format="html"}\n'
        "```{=html}\n"
        '<figure class="chart-figure">\n'
        f'<div class="vega-chart" data-spec="spec-{chart.name}" data-alt="{html_text(label)}"></div>\n'
        '<figcaption class="chart-caption">\n'
        "```\n\n"
        f"{caption}\n\n"
        "```{=html}\n"
        "</figcaption>\n"
        "</figure>\n"
        "```\n"
        ":::\n\n"
        '::: {.content-visible when-format="typst"}\n'
        "```{=typst}\n"
        f"#figure(image({typst_string(image)}, width: 75%, alt: {typst_string(label)}), caption: [\n"
        "```\n\n"
        f"{caption}\n\n"
        "```{=typst}\n"
        "])\n"
        "```\n"
        ":::\n\n"
        ":::\n"
    )


@functools.cache
def vega_embed_bundle(cache_dir: Path | None = None) -> str:
    """vega-embed with Vega and Vega-Lite as one ES module. vl-convert bundles it anew on each call, which
    takes seconds; the bundle depends only on the vl-convert version, so it is kept in ``cache_dir``."""
    import vl_convert

    cached = cache_dir / f"vega-embed-vl-convert-{vl_convert.__version__}.js" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle()
    if cached is not None:
        atomic.write_text(cached, bundle)
    return bundle


QUARTO_NO_TABLE_PROCESSING = "<!--| quarto-html-table-processing: none -->"


def vega_html(root: Path, charts: list[Chart]) -> str:
    specs = []
    for chart in charts:
        spec = json.loads((root / FIGURES / f"{chart.name}.vl.json").read_text(encoding="utf-8"))
        specs.append(f'<script type="application/json" id="spec-{chart.name}">{json_for_script(spec)}</script>')
    bundle = vega_embed_bundle(root / "build" / "cache")
    if "</script" in bundle.lower():
        # Inline, the bundle would end its own <script> element early; this vl-convert version is unfit.
        raise NewsfiguresError("vl_convert.javascript_bundle() holds '</script': cannot inline it")
    # Quarto parses raw HTML for tables; the Vega bundle holds the string "<table>" in its code, which Quarto
    # would warn it cannot parse. The first line tells it to leave this block alone.
    return "\n".join([QUARTO_NO_TABLE_PROCESSING, *specs, f'<script type="module">{bundle}</script>',
                      f'<script type="module">{_EMBED}</script>']) + "\n"
