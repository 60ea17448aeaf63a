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
    from newsfigures.project.paths import project_root

    return project_root(root)


def _prepare(root: Path | None, params_file: Path | None, params: tuple[str, ...] | list[str] | None,
             final: bool = False):
    """Pipeline, parameters and build object; every check happens here, before anything is written."""
    from newsfigures.build.pipeline import Build, check_raw_inputs, load_parameters, load_pipeline

    pipeline = load_pipeline(_root(root))
    if not final:
        check_raw_inputs(pipeline)
        return Build(pipeline, load_parameters(pipeline, params_file, params or []))
    from newsfigures.build.final import refuse_drafts

    problems = []  # a final build names every reason it refuses at once
    for check in (lambda: check_raw_inputs(pipeline, final=True),
                  lambda: refuse_drafts(pipeline, load_parameters(pipeline, params_file, params or []))):
        try:
            check()
        except NewsfiguresError as exc:
            problems.append(str(exc))
    if problems:
        raise NewsfiguresError("; ".join(problems))
    return Build(pipeline, load_parameters(pipeline, params_file, params or []))


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
@click.option("--wait", is_flag=True, help="If another build is running, wait for it instead of stopping.")
@click.option("--final", is_flag=True, help="Refuse while any entry of the annotation is still a draft (for publication).")
@params_file_option
@param_option
def build(root: Path | None, jobs: int, force: bool, wait: bool, final: bool, params_file: Path | None,
          params: tuple[str, ...]) -> None:
    """Run the stale steps in dependency order (independent ones in parallel), then record the run."""
    from newsfigures.build.lock import build_lock

    started = time.perf_counter()
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    try:
        the_build = _prepare(root, params_file, params, final)  # every check first: a refused build writes nothing
        with build_lock(the_build.pipeline.root, "newsfigures build", wait=wait):
            if wait:  # the build we waited for may have changed what this one sees
                the_build = _prepare(root, params_file, params, final)
            the_build.write_run_params()
            _run_build(the_build, jobs, force, started)
    except NewsfiguresError as exc:
        _fail(str(exc))


def _run_build(the_build, jobs: int, force: bool, started: float) -> None:
    from rich.console import Console
    from rich.live import Live

    console = Console(stderr=True)
    if the_build.pipeline.sources:
        from newsfigures.project.sources import in_review_changes

        for path in in_review_changes(the_build.pipeline.root):
            console.print(f"{path}: changed since it was recorded (in review; record it before a final build: "
                          f"newsfigures sources --update {path} --note \"...\")")
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
    _print_since_last_edition(console, pipeline.root)
    console.print(f"Run record: {record.relative_to(pipeline.root).as_posix()}; "
                  f"executed notebooks: build/notebooks/")


def _print_since_last_edition(console, root: Path) -> None:
    """One line: what changed in the findings since the last published edition."""
    from newsfigures.editions import changes_since_last_edition

    try:
        since = changes_since_last_edition(root)
    except NewsfiguresError as exc:
        console.print(f"Could not compare with the last edition: {exc}")
        return
    if since is None:
        return
    number, changes = since
    console.print(f"Since edition {number}: {changes.summary()}"
                  + ("; newsfigures diff says what" if changes.figures or changes.tables else ""))


@app.command()
@root_option
@click.argument("revision", required=False, metavar="[REV]")
@click.option("--to", "to_revision", default=None, metavar="REV", help="Compare with this revision instead of now.")
@click.option("--json", "as_json", is_flag=True, help="The changes as JSON.")
def diff(root: Path | None, revision: str | None, to_revision: str | None, as_json: bool) -> None:
    """What changed in the findings and the processed tables since REV (default: the last published edition)."""
    import json

    from newsfigures.editions import compare_revisions

    try:
        changes = compare_revisions(_root(root), revision, to_revision)
    except NewsfiguresError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(changes.as_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"From {changes.before} to {changes.after}: {changes.summary()}")
    for sentence in changes.sentences():
        click.echo(f"- {sentence}")


@app.command()
@root_option
@click.option("--note", default="", help="What this edition is: what changed, or what was corrected.")
@click.option("--correction", is_flag=True, help="The edition corrects a figure of ours that was wrong.")
def publish(root: Path | None, note: str, correction: bool) -> None:
    """Record an edition in editions.yaml (date, commit, note, changes since the last), then render the report."""
    from newsfigures.build.lock import build_lock
    from newsfigures.build.pipeline import Build, load_parameters, load_pipeline, stale_reasons
    from newsfigures.editions.publish import publish_edition, refusals

    try:
        # Not _prepare: an unrecorded raw change is one of the refusals, named with all the others.
        pipeline = load_pipeline(_root(root))
        the_build = Build(pipeline, load_parameters(pipeline))
        project = pipeline.root
        with build_lock(project, "newsfigures publish"):
            edition = publish_edition(project, note, correction, refusals(project, the_build, stale_reasons(the_build)))
            the_build = _prepare(root, None, None)
            the_build.write_run_params()
            click.echo(f"recorded edition {edition.number} ({edition.kind}, {edition.date}, commit "
                       f"{edition.commit[:12]}) in editions.yaml; commit it with the report")
            _run_build(the_build, os.cpu_count() or 1, False, time.perf_counter())
    except NewsfiguresError as exc:
        _fail(str(exc))


@app.command()
@root_option
@params_file_option
@param_option
def status(root: Path | None, params_file: Path | None, params: tuple[str, ...]) -> None:
    """Which steps a build would rerun, and why."""
    from newsfigures.build.pipeline import stale_reasons

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
    from newsfigures.build.params import inspect_notebooks
    from newsfigures.build.pipeline import load_parameters, load_pipeline

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
    from newsfigures.project.atomic import write_text
    from newsfigures.build.params import defaults_yaml, inspect_notebooks
    from newsfigures.build.pipeline import load_pipeline

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
@click.option("--update", "update", is_flag=True, help="Record the current SHA-256 of the FILEs (default: every listed raw file) as a new revision.")
@click.option("--note", default="", help="With --update: what changed and why, kept in the file's revision history.")
@click.argument("files", nargs=-1, metavar="[FILE]...")
def sources(root: Path | None, update: bool, note: str, files: tuple[str, ...]) -> None:
    """Check data/raw/sources.yaml: every raw file listed, with a SHA-256 that matches; record a change."""
    from newsfigures.project.sources import check_sources, unrecorded_changes_message, update_checksums

    if files and not update:
        _fail("FILE is given only with --update (newsfigures sources --update FILE --note \"...\")")
    try:
        project = _root(root)
        if update:
            from newsfigures.build.lock import build_lock

            wanted = [_project_path(project, f) for f in files]
            with build_lock(project, "newsfigures sources --update"):
                for path in update_checksums(project, wanted, note):
                    click.echo(f"recorded a new revision of {path}: {' '.join(note.split())}")
        problems = check_sources(project)
    except NewsfiguresError as exc:
        _fail(str(exc))
    if problems:
        _fail(unrecorded_changes_message(problems))
    click.echo("every raw file is listed in data/raw/sources.yaml and matches its SHA-256")


def _project_path(project: Path, given: str) -> str:
    """A FILE argument, given from the working folder, as the project-relative path sources.yaml uses."""
    path = Path(given)
    full = (path if path.is_absolute() else Path.cwd() / path).resolve()
    try:
        return full.relative_to(project.resolve()).as_posix()
    except ValueError:
        raise NewsfiguresError(f"{given}: not inside the project ({project})") from None


@app.command()
@root_option
def clean(root: Path | None) -> None:
    """Remove build state (build/) and the rendered report (report/_output).

    Processed data and figures are committed results and stay; with no build state the next build
    reruns every step and rewrites them. data/raw is never touched.
    """
    try:
        project = _root(root)
        from newsfigures.build.pipeline import load_pipeline

        pipeline = load_pipeline(project)
    except NewsfiguresError as exc:
        _fail(str(exc))
    from newsfigures.build.lock import HOLDER_FILE, LOCK_FILE, build_lock

    record_dir = (project / pipeline.run_record).parent
    removed = []
    if not any(folder.is_dir() for folder in (project / "build", record_dir)):
        click.echo("nothing to remove")
        return
    try:
        with build_lock(project, "newsfigures clean"):
            for folder in (project / "build", record_dir):
                if folder.is_dir() and folder != project and project in folder.resolve().parents:
                    if "data/raw" in folder.relative_to(project).as_posix():
                        continue
                    # The lock file itself stays while it is held; everything else in build/ goes.
                    _remove_tree(folder, keep={project / LOCK_FILE, project / HOLDER_FILE})
                    removed.append(folder.relative_to(project).as_posix() + "/")
    except NewsfiguresError as exc:
        _fail(str(exc))
    build_dir = project / "build"
    if "build/" in removed and build_dir.is_dir():  # the lock file, kept while it was held, goes last
        (project / LOCK_FILE).unlink(missing_ok=True)
        if not any(build_dir.iterdir()):
            build_dir.rmdir()
    click.echo(f"removed {', '.join(removed)}" if removed else "nothing to remove")


def _remove_tree(folder: Path, keep: set[Path]) -> None:
    for child in folder.iterdir():
        if child in keep:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


def _iso_date(ctx, param, value):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


@app.command(name="new")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--article", "article_file", required=True, type=click.Path(path_type=Path),
              help="The article as plain UTF-8 text; copied byte for byte.")
@click.option("--published", required=True, callback=_iso_date, metavar="YYYY-MM-DD",
              help="The article's publication date (dates like 'last week' are resolved against it).")
@click.option("--title", default="", help="The article's headline (default: its first line).")
@click.option("--publisher", default="", help="Who published it (default: the host of --url).")
@click.option("--url", default="", help="The article's address.")
@click.option("--engine-wheel", type=click.Path(path_type=Path), default=None,
              help="The newsfigures wheel to pin (default: built from this checkout).")
def new(directory: Path, article_file: Path, published, title: str, publisher: str, url: str,
        engine_wheel: Path | None) -> None:
    """Start a story project in DIRECTORY from an article: the engine's layout, a drafted annotation, no reference data yet."""
    from urllib.parse import urlparse

    from newsfigures.scaffold.new_project import ArticleFacts, new_project

    from newsfigures.figures.article import load_article

    problems = []  # every problem with what was given, at once
    try:
        text = load_article(article_file, str(article_file)).removeprefix("\ufeff")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        title = title or (lines[0][:200] if lines else "")
    except NewsfiguresError as exc:
        problems.append(str(exc))
    publisher = publisher or urlparse(url).hostname or ""
    if not publisher:
        problems.append("--publisher: who published the article is needed when --url does not name it")
    if problems:
        _fail("; ".join(problems))
    try:
        made = new_project(directory, article_file, ArticleFacts(title, publisher, published, url), engine_wheel)
    except NewsfiguresError as exc:
        _fail(str(exc))
    click.echo(f"made {made}: a draft story of {title!r}. Next: cd {made} && make report && make test; then review "
               "data/raw/figures.yaml (README: 'Reviewing the drafted annotation')")


@app.command()
@root_option
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the draft (default: data/raw/figures.yaml, only if it holds no reviewed entry).")
def annotate(root: Path | None, output: Path | None) -> None:
    """Draft data/raw/figures.yaml from the article: every number, each entry marked draft: true for review."""
    import datetime as dt

    from newsfigures.drafting import annotation_yaml, draft_annotation
    from newsfigures.figures.annotation import drafts, load_annotation
    from newsfigures.figures.article import load_article
    from newsfigures.project.atomic import write_text
    from newsfigures.project.sources import publication_date
    from newsfigures.project.story import load_story

    try:
        project = _root(root)
        story = load_story(project)
        article_path = story.article.file
        article = load_article(project / article_path, article_path)
        published = dt.date.fromisoformat(publication_date(project, article_path))
        target = output if output is not None else project / "data/raw/figures.yaml"
        if output is None and target.is_file():
            existing = load_annotation(target, "data/raw/figures.yaml")
            total = len(existing.figures) + len(existing.not_figures) + len(existing.unquantified)
            reviewed = total - len(drafts(existing))
            if reviewed:
                _fail(f"data/raw/figures.yaml: holds {reviewed} reviewed entries, which a new draft would overwrite; "
                      "write the draft elsewhere with --output FILE")
        draft = draft_annotation(article, published)
        write_text(target, annotation_yaml(draft, article_path, published))
    except NewsfiguresError as exc:
        _fail(str(exc))
    counts = ", ".join(f"{len(entries)} {section}" for section, entries in draft.items())
    click.echo(f"wrote {target}: {counts}, every entry marked draft: true")


@app.command(name="run")
@root_option
@click.argument("step_name", metavar="STEP")
@params_file_option
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of STEP: name=value. Checked: unknown names, wrong types and values out of range stop it.")
def run_step(root: Path | None, step_name: str, params_file: Path | None, params: tuple[str, ...]) -> None:
    """Run one step alone, with other parameters, in build/scratch/STEP/: the published outputs stay as they are."""
    from newsfigures.build.pipeline import StepFailed, load_pipeline
    from newsfigures.build.run_alone import run_alone

    try:
        pipeline = load_pipeline(_root(root))
        result = run_alone(pipeline, step_name, params_file, params)
    except (NewsfiguresError, StepFailed) as exc:
        _fail(str(exc))
    folder = result.folder.relative_to(pipeline.root).as_posix()
    click.echo(f"ran {result.step.notebook} in {folder}/; executed notebook: {folder}/{result.step.executed_notebook}")
    for label, paths in (("differs from the published", result.differs), ("same as the published", result.same),
                         ("new (nothing published)", result.new)):
        for rel in paths:
            click.echo(f"  {label}: {folder}/{rel}")
    click.echo("published outputs unchanged")


if __name__ == "__main__":
    app()
