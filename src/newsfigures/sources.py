"""Provenance of the raw inputs: `data/raw/sources.yaml` names every raw file's origin, date and SHA-256.

Raw files are never edited; a checksum that no longer matches means a raw input changed under the
analysis, which a reviewer must see. A deliberate change (a corrected annotation) is recorded with
`newsfigures sources --update`, which rewrites the checksums and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from newsfigures.atomic import write_text
from newsfigures.checksums import sha256_file
from newsfigures.errors import NewsfiguresError

SOURCES_FILE = Path("data/raw/sources.yaml")
REQUIRED_FIELDS = ("path", "origin", "date", "sha256", "licence")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def load_sources(root: Path) -> list[dict]:
    """The entries of sources.yaml, each checked for its required fields."""
    source_path = root / SOURCES_FILE
    try:
        document = yaml.safe_load(source_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NewsfiguresError(f"{SOURCES_FILE}: file not found") from exc
    except yaml.YAMLError as exc:
        raise NewsfiguresError(f"{SOURCES_FILE}: not valid YAML ({exc})") from exc
    entries = (document or {}).get("files") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise NewsfiguresError(f"{SOURCES_FILE}: expected a top-level 'files' list")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise NewsfiguresError(f"{SOURCES_FILE}: entry {number} is not a mapping")
        for field in REQUIRED_FIELDS:
            if not str(entry.get(field) or "").strip():
                raise NewsfiguresError(f"{SOURCES_FILE}: entry {number} ({entry.get('path', '?')}), field {field}: missing")
    return entries


def raw_files(root: Path) -> list[str]:
    """Every file under data/raw except the sources file itself, as project-relative POSIX paths."""
    raw = root / "data" / "raw"
    return sorted(
        p.relative_to(root).as_posix()
        for p in raw.rglob("*")
        if p.is_file() and p.relative_to(root) != SOURCES_FILE
    )


def check_sources(root: Path) -> list[Problem]:
    """Every raw file listed once, every listed file present, every checksum matching."""
    entries = load_sources(root)
    problems: list[Problem] = []
    listed = [entry["path"] for entry in entries]
    for path in sorted({p for p in listed if listed.count(p) > 1}):
        problems.append(Problem(path, "listed more than once in data/raw/sources.yaml"))
    for entry in entries:
        file = root / entry["path"]
        if not file.is_file():
            problems.append(Problem(entry["path"], "listed in data/raw/sources.yaml but missing"))
        elif sha256_file(file) != entry["sha256"]:
            problems.append(Problem(entry["path"], f"SHA-256 {sha256_file(file)} differs from the recorded {entry['sha256']}"))
    for path in sorted(set(raw_files(root)) - set(listed)):
        problems.append(Problem(path, "raw file with no entry in data/raw/sources.yaml"))
    return problems


def update_checksums(root: Path) -> list[str]:
    """Record the current SHA-256 of every listed file; returns the paths whose checksum changed."""
    source_path = root / SOURCES_FILE
    text = source_path.read_text(encoding="utf-8")
    changed = []
    for entry in load_sources(root):
        file = root / entry["path"]
        if file.is_file():
            current = sha256_file(file)
            if current != entry["sha256"]:
                # A textual replace keeps the file's comments and layout, which a YAML round trip would lose.
                text = text.replace(entry["sha256"], current, 1)
                changed.append(entry["path"])
    if changed:
        write_text(source_path, text)
    return changed
