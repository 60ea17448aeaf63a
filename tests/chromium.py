"""Finds the Chromium the browser tests drive, installing one where it can.

In this order: ``$CHROMIUM``; Playwright's own build (``playwright install chromium``, which works where its
download host is reachable); the system's (``/usr/bin/chromium``, installed with apt when the user is root and it
is missing). ``make test`` runs this first (``python tests/chromium.py`` prints the path); where no Chromium can
be had it stops there, before any test runs, with one line saying what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SYSTEM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL_TIMEOUT = 600  # seconds, for a download or an apt install
WHAT_TO_INSTALL = ("no Chromium for the browser tests: set CHROMIUM to a Chromium or Chrome executable, run "
                   "`.venv/bin/python -m playwright install chromium` where its download host is reachable, or "
                   "install Debian's chromium (`apt-get install chromium`, as root)")


def _executable(path: str | None) -> str | None:
    return path if path and Path(path).is_file() and os.access(path, os.X_OK) else None


def _playwright_own() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return _executable(playwright.chromium.executable_path)
    except Exception:  # Playwright missing or its driver broken: another candidate may still do
        return None


def _system() -> str | None:
    for path in (*SYSTEM, shutil.which("chromium"), shutil.which("chromium-browser")):
        if _executable(path):
            return path
    return None


def _quiet(command: list[str]) -> bool:
    try:
        return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=INSTALL_TIMEOUT, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
                              ).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_chromium(install: bool = False) -> str | None:
    """The path of a Chromium to drive, or None; with ``install``, try to install one first where missing."""
    given = os.environ.get("CHROMIUM")
    if given:
        return _executable(given)
    found = _playwright_own() or _system()
    if found or not install:
        return found
    if _quiet([sys.executable, "-m", "playwright", "install", "chromium"]):
        found = _playwright_own()
        if found:
            return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        package = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]
        if _quiet(package) or (_quiet(["apt-get", "update", "-qq"]) and _quiet(package)):
            return _system()
    return None


def main() -> int:
    given = os.environ.get("CHROMIUM")
    found = find_chromium(install=True)
    if found:
        print(found)
        return 0
    if given:
        print(f"error: CHROMIUM={given}: not an executable file", file=sys.stderr)
    else:
        print(f"error: {WHAT_TO_INSTALL}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
