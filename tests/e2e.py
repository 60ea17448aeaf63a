"""End-to-end helpers: a copy of the project as git knows it, the real `newsfigures build` run in it as a
journalist would run it (a separate process), and checksums of the outputs a build must never half-write."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSFIGURES = ROOT / ".venv" / "bin" / "newsfigures"
# What a good build leaves behind and a failed or killed one must not touch.
GUARDED_FOLDERS = ("data/processed", "report/figures")
GUARDED_FILES = ("report/_output/index.html", "report/_output/index.pdf")
BUILD_TIMEOUT = 240  # seconds; a full forced build takes about 45 s on two cores


def tracked_files(root: Path = ROOT) -> list[str]:
    """The files git tracks (committed outputs included), as they are in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True).stdout
    return sorted(name for name in listed.decode("utf-8").split("\0") if name and (root / name).is_file())


def copy_project(target: Path, root: Path = ROOT) -> Path:
    """A copy of the tracked files only: no .venv, no build/ state, no rendered report."""
    for name in tracked_files(root):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, destination)
    return target


def copy_built(source: Path, target: Path) -> Path:
    """A copy of an already built project (build/ state included), so the next build starts from a good one."""
    shutil.copytree(source, target, symlinks=True)
    return target


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def last_line(self) -> str:
        """The last non-empty line of stderr: where the command puts its one-line error."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def describe(self) -> str:
        return f"exit {self.returncode} after {self.seconds:.1f} s\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def build_command(*args: str) -> list[str]:
    return [str(NEWSFIGURES), "build", *args]


def build_env(project: Path) -> dict[str, str]:
    """The environment a build runs in: the package is imported from the copy's own src/ (the build and its
    kernels alike), so the code that runs is the code the copy holds, whatever changes in the working tree."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project / "src"), env.get("PYTHONPATH")]))
    return env


def start_build(project: Path, *args: str, output=subprocess.PIPE) -> subprocess.Popen:
    """`newsfigures build` started from the project folder, as the README tells a journalist to run it.

    It runs in a session of its own, so a test can kill it and all it started without touching pytest."""
    return subprocess.Popen(build_command(*args), cwd=project, stdout=output, stderr=output, text=True,
                            start_new_session=True, env=build_env(project))


def finish_build(project: Path, process: subprocess.Popen, started: float,
                 timeout: float = BUILD_TIMEOUT) -> BuildResult:
    """Wait for a build started with start_build; kill it and what it started if it runs too long."""
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        stdout, stderr = process.communicate()
        raise AssertionError(f"{' '.join(process.args)} in {project} ran over {timeout} s\n{stderr}")
    finally:
        # Whatever outlived the build (a kernel of a failed step) must not outlive the test.
        kill_group(process)
        end_processes_in(project)
    return BuildResult(process.returncode, stdout, stderr, time.perf_counter() - started)


def run_build(project: Path, *args: str, timeout: float = BUILD_TIMEOUT) -> BuildResult:
    """`newsfigures build` run to the end in the project folder."""
    started = time.perf_counter()
    return finish_build(project, start_build(project, *args), started, timeout)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the process group the build leads (the build and anything it ran in its group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def processes_in(folder: Path) -> dict[int, str]:
    """Live processes working in ``folder`` (the build, and the notebook kernels it started there), by pid.

    jupyter_client starts each kernel in a session of its own, so killing the build's process group does not
    reach them; their working folder (the project root) does."""
    folder = folder.resolve()
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cwd = Path(os.readlink(entry / "cwd"))
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        state = stat[stat.rindex(")") + 2:].split()[0]  # after "pid (comm) "; comm may hold spaces
        if state != "Z" and (cwd == folder or folder in cwd.parents):
            found[int(entry.name)] = command
    return found


def end_processes_in(folder: Path) -> None:
    """SIGKILL every process (and its process group) still working in ``folder``; never the test's own."""
    for pid in processes_in(folder):
        try:
            group = os.getpgid(pid)
            if pid == os.getpid() or group == os.getpgrp():
                continue
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def wait_for_exit(folder: Path, seconds: float) -> dict[int, str]:
    """Processes still working in ``folder`` after waiting up to ``seconds`` for them to end."""
    deadline = time.monotonic() + seconds
    while (alive := processes_in(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def guarded_digests(project: Path) -> dict[str, str]:
    """SHA-256 of every file (hidden ones too) in data/processed/ and report/figures/, and of the report."""
    digests = {}
    for folder in GUARDED_FOLDERS:
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                digests[path.relative_to(project).as_posix()] = sha256(path)
    for name in GUARDED_FILES:
        path = project / name
        digests[name] = sha256(path) if path.is_file() else "missing"
    return digests


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Files added, removed or changed between two digest maps, one line each."""
    lines = [f"{name}: added" for name in sorted(set(actual) - set(expected))]
    lines += [f"{name}: missing" for name in sorted(set(expected) - set(actual))]
    lines += [f"{name}: changed" for name in sorted(set(expected) & set(actual)) if expected[name] != actual[name]]
    return lines
