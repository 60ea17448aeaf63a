"""The processed data as it is now, or as a git revision holds it (the processed data are committed, so any
revision is an edition that could have been published)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from newsfigures.errors import NewsfiguresError

PROCESSED = "data/processed"
PACKAGE = f"{PROCESSED}/datapackage.json"


@dataclass(frozen=True)
class Snapshot:
    """Every processed table (file name -> rows as dicts of text) and each table's key columns."""

    label: str
    tables: dict[str, list[dict[str, str]]]
    keys: dict[str, list[str]]


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise NewsfiguresError("git is not installed: editions compare committed versions of data/processed") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise NewsfiguresError(f"git {' '.join(args[:2])}: {last}")
    return done.stdout


def commit_of(root: Path, revision: str) -> str:
    """The full commit a revision names ("HEAD~1", a tag, a short hash); a clear error if it names none."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except NewsfiguresError:
        raise NewsfiguresError(f"{revision!r}: not a commit of this project's git history") from None


def uncommitted(root: Path, *paths: str) -> list[str]:
    """Files under ``paths`` that differ from the last commit (changed, added or not yet tracked)."""
    lines = git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths).splitlines()
    return sorted(line[3:] for line in lines if line.strip())


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _keys(package_text: str | None) -> dict[str, list[str]]:
    if not package_text:
        return {}
    package = json.loads(package_text)
    return {resource["path"]: list(resource.get("schema", {}).get("primaryKey") or [])
            for resource in package.get("resources", [])}


def snapshot_now(root: Path) -> Snapshot:
    folder = root / PROCESSED
    tables = {path.name: _rows(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.csv"))}
    package = folder / "datapackage.json"
    return Snapshot("now", tables, _keys(package.read_text(encoding="utf-8") if package.is_file() else None))


def snapshot_at(root: Path, revision: str) -> Snapshot:
    commit = commit_of(root, revision)
    names = [line.rsplit("/", 1)[-1] for line in git(root, "ls-tree", "--name-only", commit, f"{PROCESSED}/").splitlines()]
    tables = {name: _rows(git(root, "show", f"{commit}:{PROCESSED}/{name}")) for name in sorted(names)
              if name.endswith(".csv")}
    package = git(root, "show", f"{commit}:{PACKAGE}") if "datapackage.json" in names else None
    return Snapshot(commit[:12], tables, _keys(package))
