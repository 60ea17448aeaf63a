"""`make test-quarto`: renders report/ with a real Quarto, where `quarto` is on PATH, and checks what the
project's own renderer promises to match.

In a temporary git copy of the project (the tracked files as they are in the working tree, plus the report
sources the build generates), `quarto render report` must print no warning about the project, draw every chart
in the HTML with no console error and no request off the machine, pass axe-core at a desktop's and a phone's
width, leave the copy's git status clean, and give a tagged PDF/UA-1 with alt text on every chart, the same
outline as the project's renderer and the same bytes when rendered twice. Where Quarto is missing it says so in
one line and exits 0: this check is not part of `make test`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

GENERATED = ("report/_variables.yml", "report/_generated")
# Lines a Quarto built from its source (as on the desk's machines) prints about itself, not about the project:
# not the project's to fix.
# verapdf is Quarto's optional validator of PDF standards, which `quarto install verapdf` would download; Typst
# itself checks PDF/UA-1 as it writes the PDF, and this check reads the tags.
QUARTOS_OWN = ("typst-gather", "verapdf is not installed")


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """Each bookmark: its depth, its title and how often the title is in the text. A heading the contents
    list includes is in the text once more, so the counts tell a different contents depth."""
    from pypdf import PdfReader

    from pdf_text import pdf_text

    reader = PdfReader(pdf)
    text = pdf_text(pdf)
    flat: list[tuple[int, str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                title = " ".join(str(item.title).split())
                flat.append((level, title, text.count(title)))

    walk(reader.outline, 0)
    return flat


def copy_project(target: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git = {"cwd": target, "check": True, "capture_output": True,
           "env": {**os.environ, "GIT_AUTHOR_NAME": "check", "GIT_AUTHOR_EMAIL": "check@localhost",
                   "GIT_COMMITTER_NAME": "check", "GIT_COMMITTER_EMAIL": "check@localhost"}}
    subprocess.run(["git", "init", "-q"], **git)
    subprocess.run(["git", "add", "-A"], **git)
    subprocess.run(["git", "commit", "-q", "-m", "copy"], **git)
    for name in GENERATED:  # build outputs that report/.gitignore keeps out of git
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)


def render(quarto: str, project: Path, epoch: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([quarto, "render", "report", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": epoch})


def main() -> int:
    quarto = shutil.which("quarto")
    if not quarto:
        print("quarto is not on PATH: nothing to check (put Quarto 1.10's bin/ on PATH to run make test-quarto)")
        return 0
    missing = [name for name in GENERATED if not (ROOT / name).exists()]
    if missing or not (ROOT / "report/_output/index.pdf").is_file():
        print("error: run `make report` first: the generated report sources and the project's PDF are missing",
              file=sys.stderr)
        return 1
    run_params = json.loads((ROOT / "build/run-params.json").read_text(encoding="utf-8"))
    epoch = next(str(p["SOURCE_DATE_EPOCH"]) for p in run_params.values()
                 if isinstance(p, dict) and "SOURCE_DATE_EPOCH" in p)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsfigures-quarto-") as scratch:
        project = Path(scratch) / "project"
        copy_project(project)
        result = render(quarto, project, epoch)
        if result.returncode != 0:
            print(f"error: quarto render report failed: {(result.stderr.strip().splitlines() or [''])[-1]}",
                  file=sys.stderr)
            return 1
        output = project / "report/_output"
        warnings = [line.strip() for line in (result.stdout + result.stderr).splitlines()
                    if "warn" in line.lower() and not any(own in line for own in QUARTOS_OWN)]
        failures += [f"Quarto warned: {line}" for line in warnings]

        status = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True,
                                check=True).stdout.strip()
        if status:
            failures.append(f"the render left the checkout changed: {' | '.join(status.splitlines())}")

        from browser import LOCAL_SCHEMES, open_page

        charts = json.loads((ROOT / "report/figures/index.json").read_text(encoding="utf-8"))
        seen = {}

        def check(page):
            seen["charts"] = page.locator("div.vega-chart").count()
            seen["drawn"] = page.locator("div.vega-chart svg, div.vega-chart canvas").count()

        visit = open_page(output / "index.html", check)
        if seen["charts"] != len(charts) or seen["drawn"] < len(charts):
            failures.append(f"HTML: {seen['drawn']} of {len(charts)} charts drawn ({seen['charts']} chart elements)")
        failures += [f"HTML console error: {error}" for error in visit.errors]
        failures += [f"HTML requested {url}" for url in visit.requests if not url.startswith(LOCAL_SCHEMES)]

        # What the project's renderer promises a reader, Quarto's render must give too: axe-core finds nothing
        # on the page at a desktop's and a phone's width, and the PDF is tagged PDF/UA-1 with alt text on every
        # chart.
        from test_accessibility import WIDTHS, axe_violations, describe

        for width in WIDTHS:
            violations = axe_violations(output / "index.html", width)
            if violations:
                failures.append(f"HTML at {width} px: axe-core: " + describe(violations).replace("\n", " | "))
        from pdf_structure import structure, xmp

        if "<pdfuaid:part>1</pdfuaid:part>" not in xmp(output / "index.pdf").replace(" ", ""):
            failures.append("PDF: no PDF/UA-1 declaration (pdfuaid:part 1) in its XMP metadata")
        figures = [e for e in structure(output / "index.pdf") if e.role == "Figure"]
        if len(figures) < len(charts) or any(not e.alt for e in figures):
            failures.append(f"PDF: {sum(1 for e in figures if e.alt)} figures with alt text, {len(charts)} charts")

        quarto_outline, own_outline = outline(output / "index.pdf"), outline(ROOT / "report/_output/index.pdf")
        if quarto_outline != own_outline:
            failures.append(f"PDF outlines differ: Quarto {quarto_outline} | project {own_outline}")
        first = (output / "index.pdf").read_bytes()
        again = render(quarto, project, epoch, "--to", "typst")
        if again.returncode != 0 or (output / "index.pdf").read_bytes() != first:
            failures.append("PDF: a second Quarto render with the same SOURCE_DATE_EPOCH gave other bytes")

    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(f"quarto render report: no warning, {len(charts)} charts drawn, no axe-core violation, PDF/UA-1 "
          f"with alt text, checkout clean, "
          f"{len(quarto_outline)} outline entries as the project's, PDF reproducible")
    return 0


if __name__ == "__main__":
    sys.exit(main())
