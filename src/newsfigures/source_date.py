"""When the report was made, the reproducible-builds way: `SOURCE_DATE_EPOCH`.

The PDF's creation date (and Quarto's, which reads the same variable) is a build input, not the clock: the
value of `SOURCE_DATE_EPOCH` when it is set, else the commit time of the last change to the build's own
inputs (the raw files, notebooks, code and report sources the pipeline declares), so that a clone of the same
commit renders the same bytes. Outside a git checkout it is the latest modification time of those files.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from newsfigures.errors import NewsfiguresError

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch(root: Path, patterns: list[str]) -> int:
    """Seconds since 1970 (UTC) the report is dated; ``patterns``: the inputs no step writes."""
    given = os.environ.get(VARIABLE, "").strip()
    if given:
        if not given.isdigit():
            raise NewsfiguresError(f"{VARIABLE}: {given!r} is not a whole number of seconds since 1970")
        return int(given)
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *(f":(glob){p}" for p in patterns)],
                                cwd=root, capture_output=True, text=True, check=False, timeout=30)
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return int(result.stdout.strip())
    except (OSError, subprocess.TimeoutExpired):
        pass
    from newsfigures.pipeline import expand_all

    files = [root / rel for rel in expand_all(root, patterns)]
    return max((int(path.stat().st_mtime) for path in files), default=0)
