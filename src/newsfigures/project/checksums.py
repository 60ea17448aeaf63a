"""SHA-256 of a file: the one fingerprint the sources file, the data package, the run record and the
report's audit appendix all show, so a reviewer can compare them."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
