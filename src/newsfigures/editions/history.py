"""`editions.yaml`: each published edition, oldest first, as reviewable YAML.

An edition: its number, date (YYYY-MM-DD), the git commit whose processed data it publishes, the desk's note,
whether it is a correction, and the changes since the edition before, in words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.project.atomic import write_text
from newsfigures.project.yamlfile import load_yaml

EDITIONS_FILE = "editions.yaml"
KINDS = ("update", "correction")
HEADER = """\
# The published editions of this report, oldest first, written by `newsfigures publish` (do not edit by hand).
# number, date, commit (whose data/processed the edition publishes), kind (update or correction), note (the
# desk's words) and changes (what changed in the findings since the edition before, from `newsfigures diff`).
"""


@dataclass(frozen=True)
class Edition:
    number: int
    date: str
    commit: str
    kind: str
    note: str
    changes: list[str] = field(default_factory=list)


def load_editions(root: Path) -> list[Edition]:
    """The editions of ``root``'s editions.yaml (none when the file is absent), each field checked."""
    path = root / EDITIONS_FILE
    if not path.is_file():
        return []
    document = load_yaml(path, EDITIONS_FILE)
    entries = (document or {}).get("editions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise NewsfiguresError(f"{EDITIONS_FILE}: expected a top-level 'editions' list")
    editions, problems = [], []
    for position, entry in enumerate(entries, start=1):
        where = f"edition {position}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        if entry.get("number") != position:
            problems.append(f"{where}, field number: {entry.get('number')!r} (editions are numbered 1, 2, ...)")
        try:
            dt.date.fromisoformat(str(entry.get("date")))
        except ValueError:
            problems.append(f"{where}, field date: {entry.get('date')!r} is not a date YYYY-MM-DD")
        if not re.fullmatch(r"[0-9a-f]{7,40}", str(entry.get("commit", ""))):
            problems.append(f"{where}, field commit: {entry.get('commit')!r} is not a git commit")
        if entry.get("kind") not in KINDS:
            problems.append(f"{where}, field kind: {entry.get('kind')!r} is not one of {', '.join(KINDS)}")
        if not str(entry.get("note") or "").strip():
            problems.append(f"{where}, field note: missing")
        changes = entry.get("changes") or []
        if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
            problems.append(f"{where}, field changes: expected a list of sentences")
            changes = []
        editions.append(Edition(position, str(entry.get("date")), str(entry.get("commit")), str(entry.get("kind")),
                                " ".join(str(entry.get("note") or "").split()), changes))
    if problems:
        raise NewsfiguresError(f"{EDITIONS_FILE}: " + "; ".join(problems))
    return editions


def write_editions(root: Path, editions: list[Edition]) -> Path:
    body = yaml.safe_dump({"editions": [asdict(e) for e in editions]}, sort_keys=False, allow_unicode=True,
                          width=110)
    return write_text(root / EDITIONS_FILE, HEADER + body)
