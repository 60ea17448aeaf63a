"""A tagged PDF's structure, read with pypdf: its structure elements with the pages they are on, its link
targets, its XMP metadata, and how far down each page its text reaches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader


def _obj(value):
    return value.get_object() if hasattr(value, "get_object") else value


@dataclass
class Element:
    role: str  # the structure type without its slash: "Table", "TR", "Figure"
    alt: str | None
    pages: set[int] = field(default_factory=set)  # 1-based pages its marked content is on, its children's too
    children: list[Element] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def structure(path: Path) -> list[Element]:
    """The structure tree's elements below its root, in document order."""
    reader = PdfReader(path)
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}
    root = _obj(reader.trailer["/Root"])["/StructTreeRoot"]

    def page_of(node) -> int | None:
        ref = node.get("/Pg")
        return numbers.get(ref.idnum) if ref is not None else None

    def build(node, inherited: int | None) -> Element | None:
        node = _obj(node)
        if not isinstance(node, dict) or "/S" not in node:
            return None
        alt = node.get("/Alt")
        element = Element(str(node["/S"]).lstrip("/"), str(alt) if alt is not None else None)
        page = page_of(node) or inherited
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            kid = _obj(kid)
            if isinstance(kid, int):  # marked content on this element's page
                if page:
                    element.pages.add(page)
            elif isinstance(kid, dict) and kid.get("/Type") in ("/MCR", "/OBJR"):
                if page_of(kid) or page:
                    element.pages.add(page_of(kid) or page)
            else:
                child = build(kid, page)
                if child is not None:
                    element.children.append(child)
                    element.pages |= child.pages
        return element

    kids = _obj(root).get("/K")
    tops = [build(kid, None) for kid in (kids if isinstance(kids, list) else [kids])]
    return [element for top in tops if top is not None for element in top.walk()]


def link_targets(path: Path) -> list[str]:
    """The URI of every link annotation, page by page."""
    targets = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = _obj(annotation).get("/A")
            if action is not None and "/URI" in _obj(action):
                targets.append(str(_obj(action)["/URI"]))
    return targets


def xmp(path: Path) -> str:
    return _obj(PdfReader(path).trailer["/Root"])["/Metadata"].get_object().get_data().decode("utf-8")


def page_fill(path: Path, margin: float) -> list[float]:
    """For each page, the share of its text area down to its lowest line of text (the page number, in the
    bottom margin, not counted): 1.0 is a full page."""
    fills = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)
        lows: list[float] = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                lows.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        body = [y for y in lows if y > margin - 1]
        fills.append((height - margin - min(body)) / (height - 2 * margin) if body else 0.0)
    return fills


def section_pages(path: Path) -> set[int]:
    """The pages on which a top-level bookmark (a section of the report) begins."""
    reader = PdfReader(path)
    return {reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)}
