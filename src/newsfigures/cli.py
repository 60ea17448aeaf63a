"""The `newsfigures` command: build the report, say what is stale, clean build state.

Imports of pandas, altair, papermill and nbconvert happen only inside steps that run, so a rebuild with
nothing to do returns in a fraction of a second.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
import click

from newsfigures.errors import NewsfiguresError


@click.group(help="Build the newsfigures report from the raw article and reference data.")
def app() -> None:
    pass


# click, not typer: typer imports pydantic to read its options, a third of a rebuild with nothing to do.
root_option = click.option("--root", type=click.Path(path_type=Path), default=None,
                           help="Project folder (default: the one holding the working folder).")
params_file_option = click.option("--params", "params_file", type=click.Path(path_type=Path), default=None,
                                  help="YAML file of {step: {parameter: value}} overriding params/default.yaml.")
param_option = click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                            help="Override one parameter: name=value (every step declaring it) or step.name=value.")

_STYLES = {"waiting": "dim", "checking": "dim", "cached": "cyan", "running": "yellow", "done": "green",
           "failed": "bold red", "not run": "dim"}


def _fail(message: str) -> None:
    click.echo(f"error: {' '.join(str(message).split())}", err=True)
    raise click.exceptions.Exit(1)


def _root(root: Path | None) -> Path:
    from newsfigures.paths import project_root

    return project_root(root)


def _prepare(root: Path | None, params_file: Path | None, params: tuple[str, ...] | list[str] | None):
    """Pipeline, parameters and build object; every check happens here, before anything is written."""
    from newsfigures.pipeline import Build, check_raw_inputs, load_parameters, load_pipeline

    pipeline = load_pipeline(_root(root))
    check_raw_inputs(pipeline)
    parameters = load_parameters(pipeline, params_file, params or [])
    return Build(pipeline, parameters)


def _table(build) -> "object":
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("step")
    table.add_column("state")
    table.add_column("time", justify="right")
    now = time.perf_counter()
    for step in build.pipeline.steps:
        run = build.runs[step.name]
        seconds = (now - run.started) if run.state == "running" and run.started else run.duration
        shown = f"{seconds:.1f} s" if run.state in ("running", "done", "failed") else ""
        table.add_row(step.name, f"[{_STYLES.get(run.state, '')}]{run.state}[/]", shown)
    return table


@app.command()
@root_option
@click.option("-j", "--jobs", type=int, default=0, help="Steps run at once (default: number of cores).")
@click.option("--force", is_flag=True, help="Rerun every step, cached or not.")
@params_file_option
@param_option
def build(root: Path | None, jobs: int, force: bool, params_file: Path | None, params: tuple[str, ...]) -> None:
    """Run the stale steps in dependency order (independent ones in parallel), then record the run."""
    from rich.console import Console
    from rich.live import Live

    started = time.perf_counter()
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    try:
        the_build = _prepare(root, params_file, params)
        the_build.write_run_params()
    except NewsfiguresError as exc:
        _fail(str(exc))
    console = Console(stderr=True)
    with Live(_table(the_build), console=console, refresh_per_second=8, transient=False) as live:
        the_build.on_change = lambda: live.update(_table(the_build))
        code = the_build.run(jobs, force)
        live.update(_table(the_build))
    if not console.is_terminal:
        console.print()  # off a terminal the display is printed once, without its final newline
    pipeline = the_build.pipeline
    try:
        record = the_build.write_record(jobs, force, time.perf_counter() - started)
    except NewsfiguresError as exc:
        _fail(str(exc))
    failure = the_build.failure
    if code != 0 or failure:
        _fail(failure or f"build stopped (doit exit code {code})")
    last = pipeline.steps[-1]
    outputs = ", ".join(o for o in last.outputs)
    console.print(f"Report: {outputs}")
    console.print(f"Run record: {record.relative_to(pipeline.root).as_posix()}; "
                  f"executed notebooks: build/notebooks/")


@app.command()
@root_option
@params_file_option
@param_option
def status(root: Path | None, params_file: Path | None, params: tuple[str, ...]) -> None:
    """Which steps a build would rerun, and why."""
    from newsfigures.pipeline import stale_reasons

    try:
        the_build = _prepare(root, params_file, params)
        reasons = stale_reasons(the_build)
    except NewsfiguresError as exc:
        _fail(str(exc))
    for step in the_build.pipeline.steps:
        why = reasons[step.name]
        if not why:
            click.echo(f"{step.name}: up to date")
        elif why[0].startswith("reruns if"):
            click.echo(f"{step.name}: up to date, {why[0]}")
        else:
            click.echo(f"{step.name}: stale: {'; '.join(why)}")


@app.command()
@root_option
def steps(root: Path | None) -> None:
    """Each step: what it runs, its parameters (type, value, help), what it reads and writes."""
    from newsfigures.params import inspect_notebooks
    from newsfigures.pipeline import load_parameters, load_pipeline

    try:
        pipeline = load_pipeline(_root(root))
        declared, _ = inspect_notebooks(pipeline.root, list(pipeline.notebook_steps.values()))
        values = load_parameters(pipeline)
    except NewsfiguresError as exc:
        _fail(str(exc))
    for step in pipeline.steps:
        click.echo(f"{step.name}: runs {step.notebook or step.function}")
        for name, parameter in (declared[step.notebook].items() if step.notebook else ()):
            click.echo(f"  parameter {name}: {parameter.type} = {values[step.name].get(name)!r}  # {parameter.help}")
        click.echo(f"  reads: {', '.join(step.inputs)}")
        click.echo(f"  writes: {', '.join(step.all_outputs)}")


@app.command()
@root_option
def defaults(root: Path | None) -> None:
    """Rewrite params/default.yaml from the notebooks' parameters cells."""
    from newsfigures.atomic import write_text
    from newsfigures.params import defaults_yaml, inspect_notebooks
    from newsfigures.pipeline import load_pipeline

    try:
        pipeline = load_pipeline(_root(root))
        declared, save = inspect_notebooks(pipeline.root, list(pipeline.notebook_steps.values()))
        path = write_text(pipeline.root / pipeline.default_params, defaults_yaml(pipeline.notebook_steps, declared))
        save()
    except NewsfiguresError as exc:
        _fail(str(exc))
    click.echo(f"wrote {path.relative_to(pipeline.root).as_posix()}")


@app.command()
@root_option
@click.option("--update", is_flag=True, help="Record the current SHA-256 of every listed raw file.")
def sources(root: Path | None, update: bool) -> None:
    """Check data/raw/sources.yaml: every raw file listed, with a SHA-256 that matches."""
    from newsfigures.sources import check_sources, update_checksums

    try:
        project = _root(root)
        if update:
            for path in update_checksums(project):
                click.echo(f"recorded the new SHA-256 of {path}")
        problems = check_sources(project)
    except NewsfiguresError as exc:
        _fail(str(exc))
    if problems:
        _fail(f"{len(problems)} raw file(s) differ from data/raw/sources.yaml; first: {problems[0]}")
    click.echo("every raw file is listed in data/raw/sources.yaml and matches its SHA-256")


@app.command()
@root_option
def clean(root: Path | None) -> None:
    """Remove build state (build/) and the rendered report (report/_output).

    Processed data and figures are committed results and stay; with no build state the next build
    reruns every step and rewrites them. data/raw is never touched.
    """
    try:
        project = _root(root)
        from newsfigures.pipeline import load_pipeline

        pipeline = load_pipeline(project)
    except NewsfiguresError as exc:
        _fail(str(exc))
    record_dir = (project / pipeline.run_record).parent
    removed = []
    for folder in (project / "build", record_dir):
        if folder.is_dir() and folder != project and project in folder.resolve().parents:
            if "data/raw" in folder.relative_to(project).as_posix():
                continue
            shutil.rmtree(folder)
            removed.append(folder.relative_to(project).as_posix() + "/")
    click.echo(f"removed {', '.join(removed)}" if removed else "nothing to remove")


if __name__ == "__main__":
    app()
