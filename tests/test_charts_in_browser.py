"""The report's charts in Chromium, on a phone (390 px) and a desktop (1280 px): each chart's SVG fits its
container and every mark is on the screen, no label is cut short or runs into another, the page is no wider than the viewport, each chart is one image
labelled with its title and alt text inside a figure with its caption, and axe-core finds nothing wrong with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import open_page

from newsfigures.charts.wording import titled

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "report/_output/index.html"
WIDTHS = [390, 1280]

# For each chart: its container's box, its SVG's box, the right edge of the furthest-right thing drawn in it,
# and how it presents itself to assistive technology.
_MEASURE = """() => [...document.querySelectorAll("div.vega-chart")].map((div) => {
  const svg = div.querySelector("svg");
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.right]; };
  const drawn = [...svg.querySelectorAll("path, line, text, rect, circle")]
    // A clipped mark (a map's land) is drawn only inside the plot, whatever its outline's extent.
    .filter((el) => el.getBoundingClientRect().width > 0 && !el.closest("[clip-path]"))
    .map((el) => el.getBoundingClientRect().right);
  const figure = div.closest("figure");
  return {
    name: div.dataset.spec.replace(/^spec-/, ""), container: box(div), svg: box(svg), rightmost: Math.max(...drawn),
    role: svg.getAttribute("role"), label: svg.getAttribute("aria-label"),
    div_role: div.getAttribute("role"), div_label: div.getAttribute("aria-label"),
    caption: figure && figure.querySelector("figcaption") ? figure.querySelector("figcaption").innerText : null,
    // Vega cuts a text longer than its limit with an ellipsis: a label a reader cannot finish.
    cut: [...svg.querySelectorAll("text")].map((t) => t.textContent).filter((t) => t.includes("\u2026")),
    // Labels drawn as marks (a map's country names, a row's words) that run into each other; axis labels
    // are Vega's to thin out, and it does.
    crossing: ((texts) => texts.flatMap((a, i) => texts.slice(i + 1)
        .filter((b) => a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1)
        .map((b) => [a.t, b.t])))(
      [...svg.querySelectorAll(".role-mark text")].filter((t) => t.textContent.trim())
        .map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }))),
  };
})"""


def _labelled(page) -> None:
    """Waits until every chart's SVG is labelled (once vega-embed has drawn it); if one never is, the
    assertions on the labels say which."""
    from playwright.sync_api import TimeoutError

    try:
        page.wait_for_function("[...document.querySelectorAll('div.vega-chart svg')]"
                               ".every(s => s.getAttribute('role') === 'img')", timeout=5000)
    except TimeoutError:
        pass


def _visit(width: int):
    if not REPORT.is_file():
        pytest.fail(f"{REPORT.relative_to(ROOT)} is missing: run `make report` first")
    seen = {}

    def check(page):
        from axe_playwright_python.sync_playwright import Axe

        _labelled(page)
        seen["charts"] = page.evaluate(_MEASURE)
        seen["page"] = page.evaluate("document.documentElement.scrollWidth")
        seen["viewport"] = page.evaluate("document.documentElement.clientWidth")
        seen["axe"] = Axe().run(page, context=".chart", options={"resultTypes": ["violations"]}).response["violations"]

    visit = open_page(REPORT, check, viewport=(width, 900))
    return seen, visit


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_fits_the_screen_and_is_one_labelled_image(width):
    seen, visit = _visit(width)
    index = {entry["name"]: entry for entry in json.loads((ROOT / "report/figures/index.json").read_text("utf-8"))}
    assert visit.errors == []
    assert sorted(chart["name"] for chart in seen["charts"]) == sorted(index)
    assert seen["page"] <= seen["viewport"] == width
    for chart in seen["charts"]:
        name, (left, right) = chart["name"], chart["container"]
        # Half a pixel for sub-pixel layout.
        assert left - 0.5 <= chart["svg"][0] and chart["svg"][1] <= right + 0.5, (name, chart)
        # The article's line, the publication rule and the latest points: everything drawn is on the screen.
        assert chart["rightmost"] <= min(right, seen["viewport"]) + 0.5, (name, chart)
        assert chart["role"] == "img" and chart["label"] == titled(index[name]["title"], index[name]["alt"]), name
        assert chart["div_role"] is None and chart["div_label"] is None, name  # announced once, by the SVG
        assert chart["caption"] and chart["caption"].startswith(index[name]["description"][:40]), name
        assert chart["cut"] == [], (name, width, "labels cut short")
        assert chart["crossing"] == [], (name, width, "labels run into each other")
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in seen["axe"]] == []


@pytest.mark.slow
def test_on_a_phone_the_title_is_wrapped_for_it_and_on_a_desktop_as_drawn():
    titles = {}
    for width in WIDTHS:
        def check(page, width=width):
            _labelled(page)
            titles[width] = page.evaluate("""Object.fromEntries([...document.querySelectorAll("div.vega-chart")].map((div) =>
              [div.dataset.spec.replace(/^spec-/, ""), [...div.querySelectorAll(".role-title-text text, .role-title-subtitle text")]
                .flatMap((t) => t.querySelector("tspan") ? [...t.querySelectorAll("tspan")].map((l) => l.textContent)
                                                         : [t.textContent])]))""")
        open_page(REPORT, check, viewport=(width, 900))
    assert sorted(titles[390]) == sorted(titles[1280]) == sorted(
        entry["name"] for entry in json.loads((ROOT / "report/figures/index.json").read_text("utf-8")))
    for name, phone in titles[390].items():
        spec = json.loads((ROOT / "report/figures" / f"{name}.vl.json").read_text(encoding="utf-8"))
        narrow = spec["usermeta"]["narrow"]
        assert phone == [*narrow["title"], *narrow["subtitle"]], name
        assert titles[1280][name] == [spec["title"]["text"], *spec["title"]["subtitle"]], name


@pytest.mark.slow
def test_charts_of_an_index_without_alt_texts_are_labelled_with_their_descriptions():
    # The report fixture's index.json predates alt texts: each chart's description labels it instead.
    from axe_playwright_python.sync_playwright import Axe
    from report_fixture import rendered_fixture

    output = rendered_fixture()
    seen = {}

    def check(page):
        _labelled(page)
        seen["labels"] = page.evaluate("""Object.fromEntries([...document.querySelectorAll("div.vega-chart")].map((div) =>
          [div.dataset.spec.replace(/^spec-/, ""), div.querySelector("svg").getAttribute("aria-label")]))""")
        seen["axe"] = Axe().run(page, context=".chart", options={"runOnly": ["svg-img-alt"]}).response["violations"]

    assert open_page(output / "index.html", check).errors == []
    index = json.loads((output.parent / "figures/index.json").read_text(encoding="utf-8"))
    assert seen["labels"] == {entry["name"]: titled(entry["title"], entry["description"]) for entry in index}
    assert seen["axe"] == []
