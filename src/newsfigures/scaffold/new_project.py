"""`newsfigures new`: a complete story project from an article, ready for `make report` and `make test`.

The project is laid out in a hidden folder beside DIR and moved into place only once every file is written, so a
failure leaves nothing half-made. The engine is pinned by putting its wheel in `vendor/` (built from this
checkout, or the wheel given), with the engine's own requirements.lock, so the project installs offline.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import yaml

from newsfigures.editions.history import write_editions
from newsfigures.errors import NewsfiguresError
from newsfigures.figures.article import load_article
from newsfigures.project.checksums import sha256_file
from newsfigures.project.source_date import today
from newsfigures.scaffold.shared_files import PACKAGED, SHARED_FILES

TEMPLATES = {  # template file -> where it goes in the project
    "Makefile": "Makefile",
    "ci-run": ".ci/run",
    "README.md": "README.md",
    "LICENSE-DATA": "LICENSE-DATA",
    "pyproject.toml": "pyproject.toml",
    "pipeline.yaml": "pipeline.yaml",
    "index.qmd": "report/index.qmd",
    "test_story.py": "tests/test_story.py",
    "reference-README.md": "data/raw/reference/README.md",
    "reference_figures.csv": "data/raw/reference/reference_figures.csv",
    "source_map.yaml": "data/raw/source_map.yaml",
    "attribution_checks.yaml": "data/raw/attribution_checks.yaml",
}
ANNOTATION = "data/raw/figures.yaml"
ARTICLE = "data/raw/article.txt"


@dataclass(frozen=True)
class ArticleFacts:
    """What `newsfigures new` is told about the article."""

    title: str
    publisher: str
    published: dt.date
    url: str = ""


def engine_checkout() -> Path | None:
    """The engine's checkout when it runs from one (an editable install), else None."""
    root = Path(__file__).resolve().parents[3]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "newsfigures"' in pyproject.read_text(encoding="utf-8"):
        return root
    return None


def shared_source() -> Path:
    """Where the shared files are: in the wheel (newsfigures/scaffold/shared/) or the checkout."""
    packaged = Path(__file__).resolve().parent / PACKAGED
    if packaged.is_dir():
        return packaged
    checkout = engine_checkout()
    if checkout is None:
        raise NewsfiguresError("the engine's shared project files are missing (neither packaged nor a checkout)")
    return checkout


def engine_version() -> str:
    return metadata.version("newsfigures")


def build_engine_wheel(into: Path, wheel: Path | None = None) -> Path:
    """The engine as a wheel in ``into``: the one given, or one built from the checkout."""
    into.mkdir(parents=True, exist_ok=True)
    if wheel is not None:
        if not wheel.is_file() or not wheel.name.startswith("newsfigures-") or wheel.suffix != ".whl":
            raise NewsfiguresError(f"{wheel}: not a newsfigures wheel file")
        return Path(shutil.copyfile(wheel, into / wheel.name))
    checkout = engine_checkout()
    if checkout is None:
        raise NewsfiguresError("the engine is not a checkout here: pass --engine-wheel with the wheel it was installed from")
    with tempfile.TemporaryDirectory() as scratch:
        # A copy of the tracked sources, so building leaves nothing (build/, *.egg-info) in the checkout.
        source = Path(scratch) / "engine"
        for relative in ("pyproject.toml", "setup.py", "LICENSE", "LICENSE-DATA", "src", *SHARED_FILES):
            origin = checkout / relative
            target = source / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copyfile(origin, target)
        command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
                   "-w", str(into), str(source)]
        done = subprocess.run(command, capture_output=True, text=True,
                              env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "315532800")})
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise NewsfiguresError(f"building the engine's wheel failed: {last}")
    wheels = sorted(into.glob("newsfigures-*.whl"))
    if not wheels:
        raise NewsfiguresError("building the engine's wheel gave no wheel")
    return wheels[-1]


# {{name}} in a template; Makefiles and shell keep their own $ untouched.
_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)\}\}")


def _fill(text: str, values: dict[str, str], template: str) -> str:
    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise NewsfiguresError(f"scaffold template {template}: unknown placeholder {match[0]}")
        return values[match[1]]

    return _PLACEHOLDER.sub(value, text)


def _slug(title: str) -> str:
    """'Zürich's green budget' -> 'zurich-s-green-budget': ASCII, as a data package name must be."""
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = "".join(c.lower() if c.isalnum() else " " for c in ascii_title).split()
    return "-".join(words[:8]) or "story"


def _story_yaml(facts: ArticleFacts, slug: str) -> str:
    article = {"file": ARTICLE, "title": facts.title, "publisher": facts.publisher}
    if facts.url:
        article["url"] = facts.url
    document = {
        "article": article,
        "data_package": {
            "name": f"newsfigures-{slug}",
            "title": f"Figures of '{facts.title}' checked against their sources",
            "description": (f"Every figure in the article ({facts.publisher}, {facts.published.isoformat()}) and "
                            "each figure checked against reference figures. Data: CC-BY-4.0 (LICENSE-DATA); code: "
                            "MIT (LICENSE). The article's text is its publisher's."),
        },
    }
    header = ("# The story this project checks: what is particular to it, declared for the engine. Add groups, lists,\n"
              "# country_lists, events, charts and limitations as the story needs them (the engine's docs/story.md\n"
              "# explains every key). Checked on every build: a problem stops it with one line.\n")
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _substitutions(facts: ArticleFacts, slug: str) -> dict[str, str]:
    published_words = f"{facts.published.day} {facts.published:%B %Y}"
    return {
        "title": facts.title,
        "publisher": facts.publisher,
        "published_words": published_words,
        "engine_version": engine_version(),
        "slug": slug,
        "yaml_title": json.dumps(facts.title, ensure_ascii=False),
        "yaml_subtitle": json.dumps(f"The figures in “{facts.title}” ({facts.publisher}, {published_words}), "
                                    "checked against their sources", ensure_ascii=False),
        "toml_description": json.dumps(f"The figures of '{facts.title}', checked", ensure_ascii=False),
    }


def _sources_yaml(root: Path, facts: ArticleFacts, today: dt.date, annotation_note: str) -> str:
    from newsfigures.project.sources import HEADER

    day = today.isoformat()
    origin = ", ".join(part for part in (facts.publisher, f"'{facts.title}'", facts.url) if part)
    described = {
        ARTICLE: {"origin": f"{origin} (as received, byte for byte)", "date": facts.published.isoformat(),
                  "snapshot": day, "licence": f"copyright {facts.publisher}; kept unchanged for analysis and criticism",
                  "note": "the article as received, byte for byte"},
        ANNOTATION: {"origin": "this desk: the annotation of every number in article.txt", "licence": "CC-BY-4.0",
                     "in_review": True, "note": annotation_note},
        "data/raw/reference/README.md": {"origin": "this desk: what the reference files hold", "licence": "CC-BY-4.0",
                                         "note": "made by newsfigures new"},
        "data/raw/reference/reference_figures.csv": {"origin": "this desk: reference figures from the sources",
                                                     "licence": "CC-BY-4.0", "note": "made by newsfigures new: none yet"},
        "data/raw/source_map.yaml": {"origin": "this desk: which reference series checks which article figure",
                                     "licence": "CC-BY-4.0", "note": "made by newsfigures new: none yet"},
        "data/raw/attribution_checks.yaml": {"origin": "this desk: reviewed findings on the article's attributions",
                                             "licence": "CC-BY-4.0", "note": "made by newsfigures new: none yet"},
    }
    geo = yaml.safe_load(resources.files("newsfigures.scaffold").joinpath("templates/geo-sources.yaml").read_text("utf-8"))
    for entry in geo:
        described[entry.pop("path")] = entry
    entries = []
    for path, fields in sorted(described.items()):
        digest = sha256_file(root / path)
        note = fields.pop("note")
        entry = {"path": path, "origin": fields.pop("origin"), "date": fields.pop("date", day), **fields,
                 "sha256": digest, "revisions": [{"date": day, "sha256": digest, "note": note}]}
        entries.append(entry)
    return HEADER + yaml.safe_dump({"files": entries}, sort_keys=False, allow_unicode=True, width=10**6)


def new_project(directory: Path, article_file: Path, facts: ArticleFacts, engine_wheel: Path | None = None) -> Path:
    """Lay out a story project in ``directory`` (which must not exist or be empty); returns it."""
    from newsfigures.drafting import annotation_yaml, draft_annotation

    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewsfiguresError(f"{target}: exists and is not empty; give a new folder")
    if not article_file.is_file():
        raise NewsfiguresError(f"{article_file}: article not found")
    article = load_article(article_file, str(article_file))  # checks it is UTF-8 text, with one clear line if not
    if not facts.title.strip() or not facts.publisher.strip():
        raise NewsfiguresError("the article needs a title and a publisher (--title, --publisher)")
    slug = _slug(facts.title)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shared = shared_source()
        for relative in SHARED_FILES:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shared / relative, staging / relative)
        values = _substitutions(facts, slug)
        templates = resources.files("newsfigures.scaffold").joinpath("templates")
        for name, relative in TEMPLATES.items():
            text = _fill(templates.joinpath(name).read_text(encoding="utf-8"), values, name)
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_text(text, encoding="utf-8")
        (staging / ".ci/run").chmod(0o755)
        write_editions(staging, [])  # none published yet
        (staging / "story.yaml").write_text(_story_yaml(facts, slug), encoding="utf-8")
        shutil.copyfile(article_file, staging / ARTICLE)  # byte for byte
        draft = draft_annotation(article, facts.published)
        (staging / ANNOTATION).write_text(annotation_yaml(draft, ARTICLE, facts.published), encoding="utf-8")
        drafted = sum(len(entries) for entries in draft.values())
        note = f"drafted by newsfigures annotate ({drafted} entries, none reviewed yet)"
        (staging / "data/raw/sources.yaml").write_text(_sources_yaml(staging, facts, today(), note), encoding="utf-8")
        build_engine_wheel(staging / "vendor", engine_wheel)
        staging.chmod(0o755)  # mkdtemp makes it private; a project folder is not
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
