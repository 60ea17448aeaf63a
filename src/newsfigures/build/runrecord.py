"""The run record: what a build ran, with which parameters, on which bytes, with which software."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata, util
from pathlib import Path
from typing import Any

from newsfigures.project.checksums import sha256_file

# Distribution name -> name in the record.
PACKAGES = {
    "pandas": "pandas",
    "altair": "altair",
    "papermill": "papermill",
    "vl-convert-python": "vl-convert",
    "typst": "typst",
    "nbconvert": "nbconvert",
    "doit": "doit",
    "newsfigures": "newsfigures",
}


def hashes(root: Path, relative_paths: list[str]) -> dict[str, str | None]:
    """SHA-256 of each file; None for one that is missing."""
    result = {}
    for rel in relative_paths:
        path = root / rel
        result[rel] = sha256_file(path) if path.is_file() else None
    return result


def pandoc_version() -> str | None:
    """The pandoc the report renders with: pypandoc-binary's own, else one on PATH."""
    spec = util.find_spec("pypandoc")  # finds the package without importing it
    candidates = []
    if spec and spec.submodule_search_locations:
        candidates += [Path(p) / "files" / "pandoc" for p in spec.submodule_search_locations]
    on_path = shutil.which("pandoc")
    candidates += [Path(on_path)] if on_path else []
    for binary in candidates:
        if binary.is_file():
            try:
                out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=20)
            except (OSError, subprocess.SubprocessError):
                continue
            first = out.stdout.splitlines()[0] if out.stdout else ""
            return first.split()[-1] if first else None
    return None


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version(), "pandoc": pandoc_version()}
    for dist, name in PACKAGES.items():
        try:
            found[name] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def git_state(root: Path) -> dict[str, Any]:
    """The commit the build ran on, and whether the working tree differed from it."""
    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {"commit": commit, "dirty": bool(status) if status is not None else None}

