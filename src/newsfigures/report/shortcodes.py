"""Quarto's `{{< include file >}}` and `{{< var key.path >}}` shortcodes, for rendering without Quarto.

Includes are spliced in first (recursively, relative to the project folder), then variables; text read
from the data never holds a live shortcode, because it is Markdown-escaped (`\\{\\{\\<`) before it lands.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsfigures.errors import NewsfiguresError

SHORTCODE = re.compile(r"(?<![{\\]){{<\s*(\w+)\s+([^>]*?)\s*>}}(?!})")
_MAX_DEPTH = 10


def expand_includes(text: str, project: Path, source: str, depth: int = 0) -> str:
    if depth > _MAX_DEPTH:
        raise NewsfiguresError(f"{source}: includes nest deeper than {_MAX_DEPTH} (a cycle?)")

    def include(match: re.Match) -> str:
        if match.group(1) != "include":
            return match.group(0)
        target = (project / match.group(2)).resolve()
        if project.resolve() not in target.parents:
            raise NewsfiguresError(f"{source}: include {match.group(2)!r} leads outside {project.name}/")
        if not target.is_file():
            raise NewsfiguresError(f"{source}: include {match.group(2)!r}: file not found")
        return expand_includes(target.read_text(encoding="utf-8"), project, match.group(2), depth + 1)

    return SHORTCODE.sub(include, text)


def lookup(variables: dict, key: str, source: str) -> str:
    value: object = variables
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise NewsfiguresError(f"{source}: var {key!r} is not defined in _variables.yml")
        value = value[part]
    if isinstance(value, dict | list):
        raise NewsfiguresError(f"{source}: var {key!r} is a group, not a value")
    return str(value)


def expand_variables(text: str, variables: dict, source: str) -> str:
    def var(match: re.Match) -> str:
        name = match.group(1)
        if name == "var":
            return lookup(variables, match.group(2), source)
        raise NewsfiguresError(f"{source}: shortcode {name!r} is not supported without Quarto")

    return SHORTCODE.sub(var, text)


def used_variables(text: str) -> list[str]:
    """The keys of every `{{< var >}}` in a text, in order."""
    return [m.group(2) for m in SHORTCODE.finditer(text) if m.group(1) == "var"]


def expand(path: Path, project: Path, variables: dict) -> str:
    """A .qmd file with its includes and variables resolved, ready for pandoc."""
    source = path.relative_to(project.parent).as_posix() if project.parent in path.parents else path.name
    return expand_variables(expand_includes(path.read_text(encoding="utf-8"), project, source), variables, source)
