"""One build at a time: commands that write build state or published outputs hold `build/build.lock`.

Two builds at once would interleave their writes, leaving a report of one run beside the run record and
processed data of another. The lock is filelock's (an OS lock on the file, released when the process ends,
even if it is killed); beside it, `build/build.lock.holder` says who holds it, so a second command can say
which process it waits for.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from newsfigures.errors import NewsfiguresError

LOCK_FILE = "build/build.lock"
HOLDER_FILE = "build/build.lock.holder"


def _holder(root: Path) -> str:
    try:
        return (root / HOLDER_FILE).read_text(encoding="utf-8").strip() or "another process"
    except OSError:
        return "another process"


@contextmanager
def build_lock(root: Path, command: str, wait: bool = False):
    """Hold the build lock for the body; without ``wait``, fail at once, naming the holder, if it is taken."""
    from filelock import FileLock, Timeout

    (root / "build").mkdir(exist_ok=True)
    lock = FileLock(str(root / LOCK_FILE), timeout=-1 if wait else 0)
    try:
        lock.acquire()
    except Timeout:
        raise NewsfiguresError(
            f"{LOCK_FILE}: held by {_holder(root)}; one build at a time: wait for it to end, or pass --wait"
        ) from None
    try:
        started = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        args = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv and sys.argv[0] else command
        (root / HOLDER_FILE).write_text(f"process {os.getpid()} ({args}, since {started})\n", encoding="utf-8")
        yield
    finally:
        try:
            (root / HOLDER_FILE).unlink(missing_ok=True)
        finally:
            lock.release()
