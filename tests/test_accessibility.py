"""axe-core, in Chromium, on every page a reader opens: the report and each executed-notebook page, on a desktop
and on a phone. Every rule axe runs by default is checked (none is disabled or excluded); a page passes with no
violation at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import open_page

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "report/_output"
# A desktop and a phone (an iPhone 12 to 15 is 390 CSS px wide): some rules, such as scrollable-region-focusable,
# fail only where content no longer fits and starts to scroll.
WIDTHS = (1280, 390)
NODES_SHOWN = 3


def published_pages() -> list[str]:
    return ["index.html", *sorted(f"notebooks/{p.name}" for p in (OUTPUT / "notebooks").glob("*.html"))]


def describe(violations: list[dict]) -> str:
    """Per violated rule: its id, impact and summary, the first few elements it failed on, and why the first
    one failed (for colour contrast, the colours and the ratio measured)."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        targets = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:NODES_SHOWN])
        more = f" and {len(nodes) - NODES_SHOWN} more" if len(nodes) > NODES_SHOWN else ""
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} - {len(nodes)} node(s): "
                     f"{targets}{more}")
        checks = [*nodes[0].get("any", []), *nodes[0].get("all", []), *nodes[0].get("none", [])] if nodes else []
        if checks and checks[0].get("message"):
            lines.append(f"    first: {checks[0]['message']}")
    return "\n".join(lines)


def axe_violations(path: Path, width: int) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    found: dict[str, list] = {}

    def check(page):
        # open_page has waited until every chart has drawn its SVG; the web fonts and a frame after them
        # settle the layout that colour contrast and overflow are measured on.
        page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(r))))")
        found["violations"] = Axe().run(page).response["violations"]

    visit = open_page(path, check, viewport=(width, 900))
    assert visit.errors == [], visit.errors
    return found["violations"]


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", published_pages())
def test_axe_finds_no_violation(name, width):
    path = OUTPUT / name
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make report` first")
    violations = axe_violations(path, width)
    if violations:
        pytest.fail(f"axe-core on {name} at {width} px:\n{describe(violations)}", pytrace=False)


def test_every_notebook_page_is_checked():
    """The list above is read from the rendered output: it must hold every step's page, or a missing page
    would pass by not being tested."""
    checked = {Path(name).stem for name in published_pages() if name.startswith("notebooks/")}
    assert {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")} <= checked


def test_describe_names_rule_impact_and_first_targets():
    violation = {"id": "region", "impact": "moderate", "help": "All page content should be contained by landmarks",
                 "nodes": [{"target": [f"p:nth-child({i})"],
                            "any": [{"message": "Some page content is not contained by landmarks"}]}
                           for i in range(1, 6)]}
    assert describe([violation]) == ("region (moderate): All page content should be contained by landmarks - "
                                     "5 node(s): p:nth-child(1), p:nth-child(2), p:nth-child(3) and 2 more\n"
                                     "    first: Some page content is not contained by landmarks")
