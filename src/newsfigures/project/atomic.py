"""Writes that never leave a half-written file: write beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from newsfigures.errors import NewsfiguresError

if TYPE_CHECKING:
    import pandas as pd


TEMPORARY_GLOB = ".*.tmp"  # what write_bytes names its temporary files, for a sweep after a killed build


def _shown(path: Path) -> str:
    # Notebooks and the build run from the project root: a relative path names the file without leaking
    # one machine's folders into an error line.
    from newsfigures.project.paths import shown

    return shown(path, Path.cwd())


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically: readers see the old file or the new one, never a part."""
    target = Path(path)
    blocking = next((p for p in (target.parent, *target.parent.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise NewsfiguresError(f"{_shown(blocking)}: is a file, not a folder; cannot write {target.name} there")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise NewsfiguresError(f"{_shown(target)}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException as exc:
        # Also on KeyboardInterrupt: the temporary file must not outlive a failed write.
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise NewsfiguresError(f"{_shown(target)}: cannot write ({exc.strerror or exc})") from exc
        raise
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text with Unix newlines, atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_csv(frame: "pd.DataFrame", path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with Unix newlines and no index, atomically and deterministically."""
    return write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def write_json(path: str | Path, data: object) -> Path:
    """Write JSON with sorted keys and a final newline, so the same data gives the same bytes."""
    import json

    return write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files a write killed between writing and renaming left in ``folder``."""
    removed = []
    if folder.is_dir():
        for stale in sorted(folder.glob(TEMPORARY_GLOB)):
            if stale.is_file():
                stale.unlink()
                removed.append(stale)
    return removed
