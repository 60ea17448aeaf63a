"""Where things live in the project, wherever a notebook or command is started from."""

from __future__ import annotations

from pathlib import Path

from newsfigures.errors import NewsfiguresError


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working folder) that is a story project: it
    declares its steps in pipeline.yaml (or is the engine's own checkout); notebooks run from ``notebooks/`` or
    from the root find the same root."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pipeline.yaml").is_file():
            return folder
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and 'name = "newsfigures"' in candidate.read_text(encoding="utf-8"):
            return folder
    raise NewsfiguresError(f"{here}: not inside a newsfigures project (no pipeline.yaml above it)")


def resolve(path: str | Path, root: Path | None = None) -> Path:
    """A parameter path made absolute against the project root; it must stay inside the project."""
    base = root or project_root()
    candidate = Path(path)
    full = (candidate if candidate.is_absolute() else base / candidate).resolve()
    if full != base and base not in full.parents:
        raise NewsfiguresError(f"{path}: path leads outside the project ({base})")
    return full


def shown(path: Path, root: Path | None) -> str:
    """A path as messages and outputs show it: relative to the project root where it lies inside, so no
    absolute path of one machine leaks into an error line or a committed file."""
    if root is not None:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
