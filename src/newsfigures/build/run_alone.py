"""One step run alone, with other parameters, in a scratch copy of the project: `newsfigures run STEP`.

A reviewer who wants to see what a step gives with another check date or another input must not change the
published report by trying. The step's notebook runs in `build/scratch/STEP/`, which holds a copy of the
project files the step reads (its declared inputs, the notebook, pyproject.toml and pipeline.yaml), so every
path parameter, relative to the project root, resolves inside the copy and every output is written there.
Parameters are checked as the build checks them: an unknown name, a wrong type or a value out of its range
is refused before anything runs (papermill itself only warns).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from newsfigures.errors import NewsfiguresError
from newsfigures.build.pipeline import Build, Pipeline, Step, expand_all, load_parameters, run_notebook

SCRATCH = "build/scratch"
PROJECT_FILES = ("pyproject.toml", "pipeline.yaml")


@dataclass(frozen=True)
class AloneResult:
    step: Step
    folder: Path  # the scratch copy, absolute
    differs: list[str]  # outputs (relative) whose bytes differ from the published ones
    same: list[str]
    new: list[str]  # outputs with no published counterpart


def find_step(pipeline: Pipeline, name: str) -> Step:
    """A notebook step by its name ('30-check-sources') or its name without the number ('check-sources')."""
    for step in pipeline.steps:
        if name in (step.name, step.name.split("-", 1)[-1]) and step.notebook:
            return step
    names = ", ".join(s.name for s in pipeline.steps if s.notebook)
    raise NewsfiguresError(f"no notebook step {name!r}; steps: {names}")


def run_alone(pipeline: Pipeline, name: str, params_file: Path | None = None,
              assignments: tuple[str, ...] | list[str] = ()) -> AloneResult:
    root = pipeline.root
    step = find_step(pipeline, name)
    own = [a for a in assignments if "." not in a.partition("=")[0]]
    qualified = [a for a in assignments if "." in a.partition("=")[0]]
    # `-p as_of=...` means this step's parameter, and an unknown name is an error about this step.
    parameters = load_parameters(pipeline, params_file, qualified + [f"{step.name}.{a}" for a in own])
    build = Build(pipeline, parameters)
    folder = root / SCRATCH / step.name
    if folder.exists():
        shutil.rmtree(folder)
    for rel in [*PROJECT_FILES, *expand_all(root, build.inputs_of(step))]:
        source = root / rel
        if source.is_file():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / rel)
    run_notebook(folder, step, parameters[step.name])
    differs, same, new = [], [], []
    for rel in expand_all(folder, step.all_outputs):
        published = root / rel
        if not published.is_file():
            new.append(rel)
        elif published.read_bytes() != (folder / rel).read_bytes():
            differs.append(rel)
        else:
            same.append(rel)
    return AloneResult(step, folder, differs, same, new)
