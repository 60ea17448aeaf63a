"""Provenance of the raw inputs: `data/raw/sources.yaml` names every raw file's origin, date and SHA-256,
with a dated history of its revisions.

Raw files are never edited behind the analysis's back. A checksum that no longer matches means a raw input
changed under the analysis; the build stops and names the command that records the change. Recording it
(`newsfigures sources --update FILE --note "why"`) adds a revision (date, SHA-256, note) to the file's
history, the way a tracker keeps dated snapshots of what it was given, and moves the entry's date to the day
of the new snapshot (the article's own date, its publication, stays; its `snapshot` moves).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from newsfigures.project.atomic import write_text
from newsfigures.project.checksums import sha256_file
from newsfigures.errors import NewsfiguresError
from newsfigures.project.yamlfile import load_yaml

SOURCES_FILE = Path("data/raw/sources.yaml")
REQUIRED_FIELDS = ("path", "origin", "date", "sha256", "licence")
ENTRY_ORDER = ("path", "origin", "date", "snapshot", "licence", "in_review", "sha256", "revisions")
HEADER = """\
# Provenance of every raw input. Raw files are never edited unless the change is recorded here: the build
# stops when a file no longer matches its SHA-256. Record a deliberate change with
#   newsfigures sources --update FILE --note "what changed and why"
# which adds a revision (date, SHA-256, note) to the file's history.
# date: when the content was published (the article) or when the current snapshot was taken into the
# project; snapshot (the article): when it was taken. revisions: the file's history, oldest first.
# in_review: true marks a file the desk is still editing (a drafted annotation under review): a draft build
# goes on when it changes, and says so; `newsfigures build --final` needs it recorded like every other.
"""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _valid_date(text: object) -> bool:
    try:
        dt.date.fromisoformat(str(text))
    except ValueError:
        return False
    return True


def load_sources(root: Path) -> list[dict]:
    """The entries of sources.yaml, each checked for its required fields and its revision history."""
    document = load_yaml(root / SOURCES_FILE, str(SOURCES_FILE))
    entries = (document or {}).get("files") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise NewsfiguresError(f"{SOURCES_FILE}: expected a top-level 'files' list")
    problems = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"entry {number} is not a mapping")
            continue
        where = f"entry {number} ({entry.get('path', '?')})"
        for field in REQUIRED_FIELDS:
            if not str(entry.get(field) or "").strip():
                problems.append(f"{where}, field {field}: missing")
        if "in_review" in entry and not isinstance(entry["in_review"], bool):
            problems.append(f"{where}, field in_review: {entry['in_review']!r} is not true or false")
        if entry.get("date") and not _valid_date(entry["date"]):
            problems.append(f"{where}, field date: {entry['date']!r} is not a date YYYY-MM-DD")
        revisions = entry.get("revisions", [])
        if not isinstance(revisions, list):
            problems.append(f"{where}, field revisions: expected a list")
            continue
        for index, revision in enumerate(revisions, start=1):
            if not isinstance(revision, dict) or not {"date", "sha256", "note"} <= set(revision):
                problems.append(f"{where}, revision {index}: expected date, sha256 and note")
            elif not _valid_date(revision["date"]):
                problems.append(f"{where}, revision {index}, field date: {revision['date']!r} is not a date YYYY-MM-DD")
        if revisions and isinstance(revisions[-1], dict) and revisions[-1].get("sha256") != entry.get("sha256"):
            problems.append(f"{where}, field sha256: differs from its last revision's")
    if problems:
        raise NewsfiguresError(f"{SOURCES_FILE}: " + "; ".join(problems))
    return entries


def entry_for(root: Path, path: str) -> dict:
    """The entry of one raw file (a project-relative POSIX path)."""
    for entry in load_sources(root):
        if entry["path"] == path:
            return entry
    raise NewsfiguresError(f"{SOURCES_FILE}: no entry for {path}")


def publication_date(root: Path, article: str) -> str:
    """The article's publication date (YYYY-MM-DD): the `date` of its entry in sources.yaml."""
    return str(entry_for(root, article)["date"])


def raw_files(root: Path) -> list[str]:
    """Every file under data/raw except the sources file itself, as project-relative POSIX paths."""
    raw = root / "data" / "raw"
    return sorted(
        p.relative_to(root).as_posix()
        for p in raw.rglob("*")
        if p.is_file() and p.relative_to(root) != SOURCES_FILE
    )


def check_sources(root: Path, strict: bool = True) -> list[Problem]:
    """Every raw file listed once, every listed file present, every checksum matching (with ``strict``
    False, a file marked ``in_review`` may differ: see ``in_review_changes``)."""
    entries = load_sources(root)
    problems: list[Problem] = []
    listed = [entry["path"] for entry in entries]
    for path in sorted({p for p in listed if listed.count(p) > 1}):
        problems.append(Problem(path, "listed more than once in data/raw/sources.yaml"))
    for entry in entries:
        file = root / entry["path"]
        if not file.is_file():
            problems.append(Problem(entry["path"], "listed in data/raw/sources.yaml but missing"))
        elif sha256_file(file) != entry["sha256"] and (strict or entry.get("in_review") is not True):
            problems.append(Problem(entry["path"], f"changed since it was recorded in data/raw/sources.yaml "
                                                   f"(SHA-256 {sha256_file(file)}, recorded {entry['sha256']})"))
    for path in sorted(set(raw_files(root)) - set(listed)):
        problems.append(Problem(path, "raw file with no entry in data/raw/sources.yaml"))
    return problems


def in_review_changes(root: Path) -> list[str]:
    """The files marked ``in_review`` that changed since they were recorded."""
    return [entry["path"] for entry in load_sources(root)
            if entry.get("in_review") is True and (root / entry["path"]).is_file()
            and sha256_file(root / entry["path"]) != entry["sha256"]]


def unrecorded_changes_message(problems: list[Problem]) -> str:
    """One line for a build refused because raw files differ from their record: each file, and how to record."""
    changed = [p.path for p in problems if p.message.startswith("changed since")]
    how = (f'; if the change is deliberate, record it with: newsfigures sources --update {" ".join(changed)} '
           f'--note "what changed and why"') if changed else ""
    return f"{'; '.join(str(p) for p in problems)}{how}"


def _dump(entries: list[dict]) -> str:
    import yaml

    ordered = [{key: entry[key] for key in ENTRY_ORDER if key in entry}
               | {key: value for key, value in entry.items() if key not in ENTRY_ORDER} for entry in entries]
    body = yaml.safe_dump({"files": ordered}, sort_keys=False, allow_unicode=True, width=10**6,
                          default_flow_style=False)
    return HEADER + body


def update_checksums(root: Path, paths: list[str] | None = None, note: str = "",
                     today: str | None = None) -> list[str]:
    """Record the current SHA-256 of the listed files (default: every listed file) as a new revision with
    ``note``; returns the paths whose checksum changed. A changed file needs a note."""
    entries = load_sources(root)
    listed = {entry["path"]: entry for entry in entries}
    wanted = list(paths) if paths else list(listed)
    unknown = [p for p in wanted if p not in listed]
    if unknown:
        raise NewsfiguresError(f"{SOURCES_FILE}: no entry for {', '.join(unknown)}; add one (path, origin, date, "
                               "licence, sha256) before recording a change")
    changed = [p for p in wanted if (root / p).is_file() and sha256_file(root / p) != listed[p]["sha256"]]
    if changed and not note.strip():
        raise NewsfiguresError(f"--note: say what changed in {', '.join(changed)} and why "
                               '(newsfigures sources --update FILE --note "...")')
    today = today or dt.date.today().isoformat()
    for path in changed:
        entry = listed[path]
        history = entry.setdefault("revisions", [])
        if not history:  # the snapshot as first recorded, before histories were kept
            history.append({"date": str(entry.get("snapshot") or entry["date"]), "sha256": entry["sha256"],
                            "note": "as first recorded"})
        current = sha256_file(root / path)
        history.append({"date": today, "sha256": current, "note": " ".join(note.split())})
        entry["sha256"] = current
        entry["snapshot" if "snapshot" in entry else "date"] = today
    if changed:
        write_text(root / SOURCES_FILE, _dump(entries))
    return changed
