"""The story declaration, `story.yaml`: what is particular to the story a project checks, so that the engine
names none. `docs/story.md` documents every key, with this project's story as the worked example.

It declares the article (its file, title, publisher and address; its publication date is its `date` in
`data/raw/sources.yaml`, the one record of it), the data package's own metadata (name, title, description,
the sources beside the article) and what the story wants of the engine (`newsfigures.project.declaration`:
groups, lists, country lists, events, charts, limitations). Every problem is reported at once, in one line
naming the file, the key and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsfigures.errors import NewsfiguresError
from newsfigures.project.declaration import KEYS as DECLARED, Declaration, parse_declaration
from newsfigures.project.yamlfile import load_yaml

STORY_FILE = "story.yaml"
_KEYS = {"article": {"file", "title", "publisher", "url"},
         "data_package": {"name", "title", "description", "sources"}}
_PACKAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # Frictionless: lower case, digits, '-', '_', '.'
_WEB_ADDRESS = re.compile(r"^https?://[^\s]+$")


@dataclass(frozen=True)
class Article:
    file: str  # project-relative path of the article as received
    title: str
    publisher: str
    url: str
    published: str  # YYYY-MM-DD, from data/raw/sources.yaml


@dataclass(frozen=True)
class Story:
    article: Article
    package_name: str
    package_title: str
    package_description: str
    package_sources: tuple[dict[str, str], ...]  # each {"title": ..., "path": ...?}, beside the article
    declared: Declaration = Declaration()  # groups, lists, country lists, events, charts, limitations


def _text(section: dict, key: str, where: str, problems: list[str]) -> str:
    value = section.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}, field {key}: missing (expected text)")
        return ""
    return " ".join(value.split())


def load_story(root: Path) -> Story:
    """story.yaml of the project at ``root``, checked key by key."""
    from newsfigures.project.sources import SOURCES_FILE, entry_for

    document = load_yaml(root / STORY_FILE, STORY_FILE)
    if not isinstance(document, dict):
        raise NewsfiguresError(f"{STORY_FILE}: expected a mapping with keys {', '.join(_KEYS)}")
    known_keys = (*_KEYS, *DECLARED)
    problems = [f"unknown key {key!r} (known: {', '.join(known_keys)})" for key in document if key not in known_keys]
    sections = {}
    for name, known in _KEYS.items():
        section = document.get(name)
        if not isinstance(section, dict):
            problems.append(f"{name}: missing (expected a mapping with {', '.join(sorted(known))})")
            section = {}
        problems += [f"{name}, field {key}: unknown (known: {', '.join(sorted(known))})"
                     for key in section if key not in known]
        sections[name] = section
    article, package = sections["article"], sections["data_package"]
    fields = {key: _text(article, key, "article", problems) for key in ("file", "title", "publisher")}
    # The address is optional (an article may reach the desk as text only); where given it must be a web address.
    fields["url"] = " ".join(str(article.get("url") or "").split())
    if fields["url"] and not _WEB_ADDRESS.match(fields["url"]):
        problems.append(f"article, field url: {fields['url']!r} is not a web address (http:// or https://)")
    if fields["file"] and not (root / fields["file"]).is_file():
        problems.append(f"article, field file: {fields['file']} does not exist")
    name = _text(package, "name", "data_package", problems)
    if name and not _PACKAGE_NAME.match(name):
        problems.append(f"data_package, field name: {name!r} must be lower-case letters, digits, '-', '_' or '.'")
    title = _text(package, "title", "data_package", problems)
    description = _text(package, "description", "data_package", problems)
    sources = package.get("sources", [])
    if not isinstance(sources, list):
        problems.append("data_package, field sources: expected a list")
        sources = []
    checked = []
    for number, source in enumerate(sources, start=1):
        if not isinstance(source, dict) or not str(source.get("title") or "").strip() \
                or set(source) - {"title", "path"}:
            problems.append(f"data_package, sources entry {number}: expected a title and, optionally, a path")
            continue
        checked.append({key: " ".join(str(value).split()) for key, value in source.items()})
    declared, declaration_problems = parse_declaration(document)
    problems += declaration_problems
    if problems:
        raise NewsfiguresError(f"{STORY_FILE}: " + "; ".join(problems))
    published = ""
    if (root / SOURCES_FILE).is_file():
        published = str(entry_for(root, fields["file"])["date"])
    return Story(Article(**fields, published=published), name, title, description, tuple(checked), declared)


def article_citation(article: Article) -> str:
    """'Title (publisher, 2 May 2022)'."""
    import datetime as dt

    if not article.published:
        return f"{article.title} ({article.publisher})"
    day = dt.date.fromisoformat(article.published)
    return f"{article.title} ({article.publisher}, {day.day} {day:%B %Y})"
