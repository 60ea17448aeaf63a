"""When the report was made, the reproducible-builds way: `SOURCE_DATE_EPOCH`.

The PDF's creation date (and Quarto's, which reads the same variable) is a build input, not the clock: the
value of `SOURCE_DATE_EPOCH` when it is set, else the commit time of the last change to the build's own
inputs (the raw files, notebooks, code and report sources the pipeline declares), so that a clone of the same
commit renders the same bytes. Outside a git checkout (a copy, an unpacked archive) it is the newest date
recorded in data/raw/sources.yaml, the day the raw inputs last changed, at midnight UTC: file modification
times would differ from copy to copy. With neither, it is 0 (1 January 1970).
"""

from __future__ import annotations

import datetime as dt
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
    return _newest_recorded_date(root)


def _newest_recorded_date(root: Path) -> int:
    import datetime as dt

    from newsfigures.project.sources import SOURCES_FILE, load_sources

    if not (root / SOURCES_FILE).is_file():
        return 0
    dates = []
    for entry in load_sources(root):
        dates += [str(entry.get("snapshot") or entry["date"])]
        dates += [str(revision["date"]) for revision in entry.get("revisions") or []]
    newest = max(dt.date.fromisoformat(d) for d in dates)
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())


def today() -> dt.date:
    """The day a record is made: that of SOURCE_DATE_EPOCH when it is set (a reproducible run records the
    same date), else today's."""
    epoch = os.environ.get(VARIABLE)
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
