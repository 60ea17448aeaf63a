"""The build: the steps declared in pipeline.yaml, run by doit with content-checked caching.

doit decides what is stale: a step's literal inputs, its notebook and the package's code are doit
``file_dep`` (MD5-checked), its parameters and the contents of its glob inputs are ``uptodate`` checks that
store what they saw, and literal outputs are ``targets``. Notebooks run in-process with
``papermill.execute_notebook``; independent steps run in parallel threads (each notebook runs in its own
kernel process, so threads only wait). Heavy libraries are imported inside the functions that use them,
so a rebuild with nothing to do finishes in a fraction of a second.
"""

from __future__ import annotations

import fnmatch
import importlib
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfigures.errors import NewsfiguresError

if TYPE_CHECKING:
    from newsfigures.build.kernels import KernelPool

DECLARATION = "pipeline.yaml"
DOIT_DB = "build/doit.db"
OUTPUTS_RECORD = "build/outputs.json"  # {step: {output: SHA-256}} as the build last wrote them
DURATION_KEY = "_duration"  # a step's last duration, among the values doit keeps for it
OFF_PATH_NICENESS = 10  # scheduling priority of kernels the build does not wait for (0: normal, 19: lowest)
_GLOB_CHARS = set("*?[")


def is_glob(pattern: str) -> bool:
    return bool(_GLOB_CHARS & set(pattern))


def expand(root: Path, pattern: str) -> list[str]:
    """Files (relative, POSIX) a pattern names now; hidden files such as half-written temporaries excluded."""
    if not is_glob(pattern):
        return [pattern] if (root / pattern).is_file() else []
    found = []
    for path in root.glob(pattern):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found.append(rel.as_posix())
    return sorted(found)


def expand_all(root: Path, patterns: tuple[str, ...] | list[str]) -> list[str]:
    return sorted({f for pattern in patterns for f in expand(root, pattern)})


def _overlap(a: str, b: str) -> bool:
    """Whether two path patterns can name the same file."""
    return a == b or fnmatch.fnmatchcase(a, b) or fnmatch.fnmatchcase(b, a)


@dataclass(frozen=True)
class Step:
    """One step of the build, as pipeline.yaml declares it: a notebook, or a function for the report."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    notebook: str | None = None
    function: str | None = None  # "module:callable", called as callable(root, output_dir)
    output_dir: str | None = None
    warm_up: str | None = None  # code a warm kernel runs ahead, besides the notebook's imports; reads no input

    @property
    def executed_notebook(self) -> str | None:
        return f"build/notebooks/{Path(self.notebook).name}" if self.notebook else None

    @property
    def executed_html(self) -> str | None:
        return f"build/notebooks/{Path(self.notebook).stem}.html" if self.notebook else None

    @property
    def kernel_log(self) -> str | None:
        """Where the kernel's own stderr goes (not the terminal, where it would bury the build's messages)."""
        return f"build/notebooks/{Path(self.notebook).stem}.kernel.log" if self.notebook else None

    @property
    def all_inputs(self) -> tuple[str, ...]:
        return ((self.notebook,) if self.notebook else ()) + self.inputs

    @property
    def all_outputs(self) -> tuple[str, ...]:
        """Declared outputs plus the executed notebook and its HTML export, kept for reviewers."""
        kept = (self.executed_notebook, self.executed_html) if self.notebook else ()
        return self.outputs + kept


@dataclass
class Pipeline:
    root: Path
    steps: list[Step]
    code: tuple[str, ...]
    default_params: str
    run_params: str
    run_record: str
    sources: str | None = None  # the provenance file of the raw inputs; a build refuses unrecorded changes

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise NewsfiguresError(f"{DECLARATION}: no step {name!r}")

    @property
    def notebook_steps(self) -> dict[str, str]:
        return {s.name: s.notebook for s in self.steps if s.notebook}

    def source_patterns(self) -> list[str]:
        """The inputs no step writes (raw files, notebooks, report sources) and the package's code."""
        made = [o for s in self.steps for o in s.all_outputs] + [self.run_params]
        found = [p for s in self.steps for p in s.all_inputs if not any(_overlap(p, o) for o in made)]
        return sorted(set(found) | set(self.code))

    def upstream(self, step: Step) -> list[str]:
        """Steps whose outputs this step reads, found from the declared patterns."""
        found = []
        for other in self.steps:
            if other is step:
                continue
            if any(_overlap(i, o) for i in step.inputs for o in other.all_outputs):
                found.append(other.name)
        return found


def load_pipeline(root: Path, declaration: str = DECLARATION) -> Pipeline:
    """Read and check the declaration: every step has a notebook or a function, and reads only earlier steps."""
    from newsfigures.project.yamlfile import load_yaml

    data = load_yaml(root / declaration, declaration) or {}
    if not isinstance(data, dict):
        raise NewsfiguresError(f"{declaration}: expected a mapping with a 'steps' key")
    steps = []
    for name, spec in (data.get("steps") or {}).items():
        spec = spec or {}
        if bool(spec.get("notebook")) == bool(spec.get("function")):
            raise NewsfiguresError(f"{declaration}: step {name}: give exactly one of notebook or function")
        unknown = set(spec) - {"notebook", "function", "inputs", "outputs", "output_dir", "warm_up"}
        if unknown:
            raise NewsfiguresError(f"{declaration}: step {name}: unknown key(s) {', '.join(sorted(unknown))}")
        steps.append(Step(
            name=str(name),
            inputs=tuple(spec.get("inputs") or ()),
            outputs=tuple(spec.get("outputs") or ()),
            notebook=spec.get("notebook"),
            function=spec.get("function"),
            output_dir=spec.get("output_dir"),
            warm_up=spec.get("warm_up"),
        ))
    pipeline = Pipeline(
        root=root,
        steps=steps,
        code=tuple(data.get("code") or ()),
        default_params=data.get("parameters", "params/default.yaml"),
        run_params=data.get("run_params", "build/run-params.json"),
        run_record=data.get("run_record", "report/_output/run.json"),
        sources=data.get("sources"),
    )
    seen: set[str] = set()
    for step in steps:
        later = [u for u in pipeline.upstream(step) if u not in seen]
        if later:
            raise NewsfiguresError(
                f"{declaration}: step {step.name} reads outputs of {', '.join(later)}, declared after it")
        seen.add(step.name)
    return pipeline


def load_parameters(pipeline: Pipeline, params_file: Path | None = None,
                    assignments: tuple[str, ...] | list[str] = ()) -> dict[str, dict[str, Any]]:
    """Checked parameters of every notebook step (see newsfigures.build.params)."""
    from newsfigures.build.params import inspect_notebooks, resolve_parameters

    root = pipeline.root
    declared, save_inspections = inspect_notebooks(root, list(pipeline.notebook_steps.values()))
    parameters = resolve_parameters(root, pipeline.notebook_steps, declared, root / pipeline.default_params,
                                    params_file, assignments)
    save_inspections()
    return parameters


# ---------------------------------------------------------------------------------------------------------
# doit "uptodate" checks. Each stores what it saw in the task's values, so `status` can say what changed.

class ParametersUnchanged:
    """Up to date while the step's parameters (and what it runs) equal those of its last successful run."""

    key = "_parameters"

    def __init__(self, parameters: dict[str, Any], runs: str):
        self.current = json.loads(json.dumps({"parameters": parameters, "runs": runs}, sort_keys=True))

    def configure_task(self, task) -> None:
        task.value_savers.append(lambda: {self.key: self.current})

    def __call__(self, task, values) -> bool:
        return values.get(self.key) == self.current

    def explain(self, values: dict) -> list[str]:
        before = values.get(self.key)
        if not isinstance(before, dict):
            return ["parameters not recorded"]
        reasons = [] if before.get("runs") == self.current["runs"] else [f"now runs {self.current['runs']}"]
        old, new = before.get("parameters") or {}, self.current["parameters"]
        for name in sorted(set(old) | set(new)):
            if name not in new:
                reasons.append(f"parameter {name} removed")
            elif name not in old:
                reasons.append(f"parameter {name} added ({new[name]!r})")
            elif old[name] != new[name]:
                reasons.append(f"parameter {name} changed ({old[name]!r} -> {new[name]!r})")
        return reasons


class GlobInputsUnchanged:
    """Up to date while the files the glob patterns name, and their contents, are as at the last run.

    Evaluated when doit reaches the step, after upstream steps ran, so files they just made are seen.
    """

    key = "_glob_inputs"

    def __init__(self, root: Path, patterns: list[str], settle=None):
        self.root, self.patterns = root, patterns
        self.settle = settle  # waits for files still being written beside the build (HTML exports)
        self.current: dict[str, str] | None = None

    def snapshot(self) -> dict[str, str]:
        from newsfigures.project.checksums import sha256_file

        if self.settle is not None:
            self.settle()
        return {rel: sha256_file(self.root / rel) for rel in expand_all(self.root, self.patterns)}

    def configure_task(self, task) -> None:
        task.value_savers.append(lambda: {self.key: self.snapshot()})

    def __call__(self, task, values) -> bool:
        self.current = self.snapshot()
        return values.get(self.key) == self.current

    def explain(self, values: dict) -> list[str]:
        before, now = values.get(self.key) or {}, self.snapshot()
        reasons = [f"input {f} added" for f in sorted(set(now) - set(before))]
        reasons += [f"input {f} removed" for f in sorted(set(before) - set(now))]
        reasons += [f"input {f} changed" for f in sorted(set(now) & set(before)) if now[f] != before[f]]
        return reasons


class GlobOutputsPresent:
    """Up to date only while every output pattern names at least one file."""

    def __init__(self, root: Path, patterns: list[str]):
        self.root, self.patterns = root, patterns

    def __call__(self) -> bool:
        return all(expand(self.root, p) for p in self.patterns)

    def explain(self, values: dict) -> list[str]:
        return [f"outputs missing: {p}" for p in self.patterns if not expand(self.root, p)]



class OutputsAsBuilt:
    """Up to date while every output the build last wrote for the step is on disk with the same bytes.

    A step run by hand (papermill with other parameters) or an edited chart changes an output behind the
    build's back; this check makes the step stale, so the next build writes it again. What the build wrote is
    kept in build/outputs.json, written at the end of each build once the HTML exports beside the steps have
    ended (doit's own values are saved when an action returns, before its export is written). Files a pattern
    matches that the build never wrote are not its to judge.
    """

    def __init__(self, build: "Build", step: "Step"):
        self.build, self.step = build, step

    def differences(self) -> list[str] | None:
        """Outputs now differing from the record (None: the step's outputs were never recorded)."""
        from newsfigures.project.checksums import sha256_file

        recorded = self.build.outputs_record().get(self.step.name)
        if not isinstance(recorded, dict):
            return None
        root = self.build.pipeline.root
        changed = []
        for rel, digest in sorted(recorded.items()):
            path = root / rel
            if not path.is_file():
                changed.append(f"output {rel} is missing (removed outside the build)")
            elif sha256_file(path) != digest:
                changed.append(f"output {rel} was changed outside the build")
        return changed

    def __call__(self, task, values) -> bool:
        return self.differences() == []

    def explain(self, values: dict) -> list[str]:
        found = self.differences()
        return ["outputs not recorded by a build"] if found is None else found


# ---------------------------------------------------------------------------------------------------------
# Running a step.

class StepFailed(Exception):
    """A step failed; the message is the one line the command line shows."""


def _snapshot_outputs(root: Path, step: Step) -> dict[str, bytes | None]:
    """Bytes of the step's current outputs, so a failure can put them back: committed outputs stay as they were."""
    saved: dict[str, bytes | None] = {}
    for pattern in step.outputs:
        for rel in expand(root, pattern) if is_glob(pattern) else [pattern]:
            path = root / rel
            saved[rel] = path.read_bytes() if path.is_file() else None
    return saved


def _restore_outputs(root: Path, step: Step, saved: dict[str, bytes | None]) -> None:
    from newsfigures.project.atomic import write_bytes

    now = set(expand_all(root, [p for p in step.outputs if is_glob(p)]))
    for rel in sorted(now - set(saved)):
        (root / rel).unlink(missing_ok=True)
    for rel, data in saved.items():
        path = root / rel
        if data is None:
            path.unlink(missing_ok=True)
        elif not path.is_file() or path.read_bytes() != data:
            write_bytes(path, data)


def _source_cell_index(notebook: Path, executed_index: int) -> int:
    """papermill counts cells of the executed notebook, which has its injected-parameters cell added right
    after the cell tagged `parameters` (or first); the author's notebook has not."""
    import nbformat

    cells = nbformat.read(str(notebook), as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    injected_at = tagged[0] + 1 if tagged else 0
    return executed_index - 1 if executed_index >= injected_at + 1 else executed_index


def run_notebook(root: Path, step: Step, parameters: dict[str, Any], kernel=None, kernel_log=None,
                 export: bool = True, retire=None) -> None:
    """Execute the step's notebook into build/notebooks/, in ``kernel`` (a warmed kernel manager, shut down
    afterwards by ``retire(kernel)``, by default at once) or a kernel of its own; then export it to HTML
    unless ``export`` is False."""
    import logging

    import papermill
    from papermill.exceptions import PapermillExecutionError

    from newsfigures.build.kernels import KERNEL_ARGUMENTS, shut_down
    from newsfigures.build.notebook_engine import ENGINE_NAME

    logging.getLogger("papermill").setLevel(logging.ERROR)
    executed = root / step.executed_notebook
    executed.parent.mkdir(parents=True, exist_ok=True)
    kept = f"executed notebook kept in {step.executed_notebook}"
    if kernel_log is None:
        kernel_log = open(root / step.kernel_log, "wb")
    engine = {"km": kernel} if kernel is not None else {"kernel_manager_class": _kernel_manager_logging_to(kernel_log)}
    try:
        # Not papermill's `cwd`: it changes the whole process's folder, which races with the notebook
        # running in the other thread. nbclient starts the kernel in resources' metadata path instead.
        papermill.execute_notebook(
            str(root / step.notebook), str(executed), parameters=parameters, kernel_name="python3",
            resources={"metadata": {"path": str(root)}}, progress_bar=False, log_output=False,
            report_mode=False, extra_arguments=KERNEL_ARGUMENTS, engine_name=ENGINE_NAME, **engine)
    except PapermillExecutionError as exc:
        cell = _source_cell_index(root / step.notebook, exc.cell_index)
        raise StepFailed(f"{step.notebook}, cell {cell}: {exc.ename}: {exc.evalue} ({kept})") from exc
    except Exception as exc:  # the kernel would not start or died, or papermill refused the notebook
        raise StepFailed(f"{step.notebook}: {type(exc).__name__}: {exc} ({kept})") from exc
    finally:
        if kernel is not None:
            (retire or shut_down)(kernel)
        kernel_log.close()
    if export:
        from newsfigures.build.notebook_export import export_html

        export_html(executed, root / step.executed_html)


def _kernel_manager_logging_to(log):
    """A kernel manager whose kernel writes its own stderr to ``log``: a kernel torn down after a failed
    cell can print a tornado/zmq traceback, which would otherwise land above the build's one-line error."""
    from jupyter_client.manager import AsyncKernelManager

    class KernelManagerWithLog(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            kw["stderr"] = log
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return KernelManagerWithLog


def run_function(root: Path, step: Step) -> None:
    module_name, _, attr = step.function.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise StepFailed(f"step {step.name}: cannot load {step.function} ({exc})") from exc
    output_dir = root / (step.output_dir or "report/_output")
    try:
        function(root, output_dir)
    except NewsfiguresError as exc:
        raise StepFailed(f"step {step.name}: {exc}") from exc
    except Exception as exc:
        raise StepFailed(f"step {step.name}: {type(exc).__name__}: {exc}") from exc


# ---------------------------------------------------------------------------------------------------------
# The build.

@dataclass
class StepRun:
    state: str = "waiting"  # waiting, checking, cached, running, done, failed, not run
    started: float | None = None
    duration: float = 0.0
    error: str | None = None


@dataclass
class Build:
    """One invocation of the pipeline: its tasks, and what happened to each step."""

    pipeline: Pipeline
    parameters: dict[str, dict[str, Any]]
    runs: dict[str, StepRun] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    on_change: Any = None  # called with no arguments whenever a step's state changes
    runtime_errors: list[str] = field(default_factory=list)
    # Set for the length of run(): kernels warmed ahead, and HTML exports running beside the next steps.
    kernels: KernelPool | None = None
    exports: dict[str, Any] = field(default_factory=dict)
    exports_beside: bool = False  # export HTML in a worker process while later steps run (else inline)
    export_pool: Any = None  # that ExportWorker, started with the first notebook step that runs
    function_warm_ups: dict[str, Any] = field(default_factory=dict)  # step name -> Future of its warm-up
    _outputs_record: dict[str, dict[str, str]] | None = None

    def __post_init__(self):
        self.runs = {s.name: StepRun() for s in self.pipeline.steps}

    def set_state(self, name: str, state: str, error: str | None = None) -> None:
        with self.lock:
            run = self.runs[name]
            now = time.perf_counter()
            if state == "running":
                run.started = now
            elif state in ("done", "failed") and run.started is not None:
                run.duration = now - run.started
            run.state = state
            run.error = error or run.error
        if self.on_change:
            self.on_change()

    # -- doit tasks --------------------------------------------------------------------------------------
    def inputs_of(self, step: Step) -> list[str]:
        """Declared inputs, plus the files the step's path parameters name (so `-p article_path=...` or a
        parameter the declaration forgot is still tracked)."""
        from newsfigures.build.params import is_path_parameter

        found = list(step.all_inputs)
        for name, value in sorted(self.parameters.get(step.name, {}).items()):
            if not is_path_parameter(name):
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item not in found and (is_glob(item) or (self.pipeline.root / item).is_file()):
                    found.append(item)
        return found

    def task_dicts(self) -> list[dict[str, Any]]:
        root, pipeline = self.pipeline.root, self.pipeline
        code = expand_all(root, pipeline.code)
        tasks = []
        for step in pipeline.steps:
            inputs = self.inputs_of(step)
            literal_inputs = [p for p in inputs if not is_glob(p)]
            glob_inputs = [p for p in inputs if is_glob(p)]
            glob_outputs = [p for p in step.all_outputs if is_glob(p)]
            uptodate: list[Any] = [ParametersUnchanged(self.parameters.get(step.name, {}),
                                                       step.notebook or step.function)]
            if glob_inputs:
                # Wait for HTML exports still being written only where the patterns can name them.
                exported = [s.executed_html for s in pipeline.steps if s.notebook]
                reads_exports = any(_overlap(p, html) for p in glob_inputs for html in exported)
                uptodate.append(GlobInputsUnchanged(root, glob_inputs,
                                                    settle=self._settle_exports if reads_exports else None))
            if glob_outputs:
                uptodate.append(GlobOutputsPresent(root, glob_outputs))
            uptodate.append(OutputsAsBuilt(self, step))
            tasks.append({
                "basename": step.name,
                "actions": [(self._action, [step])],
                "file_dep": [str(root / p) for p in literal_inputs + code],
                "targets": [str(root / p) for p in step.all_outputs if not is_glob(p)],
                "task_dep": pipeline.upstream(step),
                "uptodate": uptodate,
                "verbosity": 2,  # never swap sys.stdout: actions run in parallel threads
            })
        return tasks

    def _action(self, step: Step):
        from doit.exceptions import TaskFailed

        root = self.pipeline.root
        self.set_state(step.name, "running")
        saved = _snapshot_outputs(root, step)
        try:
            if step.notebook:
                self._warm_dependents(step)
                self._warm_functions_ready()
                self._start_export_worker()
                kernel, kernel_log = self.kernels.take(step.notebook) if self.kernels else (None, None)
                run_notebook(root, step, self.parameters.get(step.name, {}), kernel, kernel_log,
                             export=self.export_pool is None, retire=self.kernels.retire if self.kernels else None)
                if self.export_pool is not None:
                    self.exports[step.name] = self.export_pool.submit(root / step.executed_notebook,
                                                                      root / step.executed_html)
            else:
                self._wait_for_exports()
                warming = self.function_warm_ups.pop(step.name, None)
                if warming is not None:
                    warming.exception()  # a failed warm-up is ignored: the step's own imports then fail
                run_function(root, step)
        except (StepFailed, NewsfiguresError) as exc:
            _restore_outputs(root, step, saved)
            self.set_state(step.name, "failed", str(exc))
            return TaskFailed(str(exc))
        except BaseException:
            _restore_outputs(root, step, saved)
            raise
        self.set_state(step.name, "done")
        return {DURATION_KEY: round(self.runs[step.name].duration, 3)}  # doit keeps it with the task's values

    def _warm_dependents(self, step: Step) -> None:
        """Start warming the kernels of the notebook steps that wait for this one, directly or not: their
        start-up then overlaps the steps they wait for."""
        if self.kernels is None:
            return
        waiting = {step.name}
        for other in self.pipeline.steps:
            if waiting & set(self.pipeline.upstream(other)):
                waiting.add(other.name)
        self._warm([other for other in self.warm_order() if other.name in waiting])

    def _start_export_worker(self) -> None:
        with self.lock:
            if self.exports_beside and self.export_pool is None:
                from newsfigures.build.notebook_export import ExportWorker

                self.export_pool = ExportWorker()

    def _warm_functions_ready(self) -> None:
        """Run the warm-up of each function step whose upstream steps have all started, in a thread of
        this process: its imports take under a second, and then overlap the last of those steps."""
        if self.kernels is None:
            return
        started = {name for name, run in self.runs.items() if run.state in ("running", "done", "cached")}
        for step in self.pipeline.steps:
            if (step.function and step.warm_up and step.name not in self.function_warm_ups
                    and set(self.pipeline.upstream(step)) <= started):
                self.function_warm_ups[step.name] = self.kernels.run_ahead(step.warm_up)

    def _warm(self, steps: list[Step]) -> None:
        off_path = self.off_longest_path()
        for step in steps:
            if step.notebook and self.kernels is not None:
                self.kernels.warm(step.notebook, self.pipeline.root / step.kernel_log, step.warm_up,
                                  niceness=OFF_PATH_NICENESS if step.name in off_path else 0)

    def _remaining(self) -> dict[str, float]:
        """For each step, the longest path from its start to the end of the build, by the durations of the
        last run record (zero for a step without one)."""
        durations = self._last_durations()
        remaining: dict[str, float] = {}
        for step in reversed(self.pipeline.steps):
            after = [remaining[o.name] for o in self.pipeline.steps if step.name in self.pipeline.upstream(o)]
            remaining[step.name] = durations.get(step.name, 0.0) + max(after, default=0.0)
        return remaining

    def warm_order(self) -> list[Step]:
        """The notebook steps, those heading the longest remaining path to the end of the build first, so
        that the kernels the build waits for longest are warmed first. Path lengths are the durations of
        the last run record; without one (or where it has no duration), steps keep pipeline order."""
        remaining = self._remaining()
        notebooks = [step for step in self.pipeline.steps if step.notebook]
        return sorted(notebooks, key=lambda step: -remaining[step.name])  # stable: ties keep pipeline order

    def off_longest_path(self) -> set[str]:
        """Steps off the build's longest path (by the last run's durations): their kernels can yield the cores.
        Without durations every step counts as on it."""
        remaining = self._remaining()
        if not any(remaining.values()):
            return set()
        on_path, current = set(), max(self.pipeline.steps, key=lambda step: remaining[step.name])
        while current is not None:
            on_path.add(current.name)
            after = [o for o in self.pipeline.steps if current.name in self.pipeline.upstream(o)]
            current = max(after, key=lambda step: remaining[step.name]) if after else None
        return {step.name for step in self.pipeline.steps} - on_path

    def _last_durations(self) -> dict[str, float]:
        """How long each step took when it last ran, as doit kept it (nothing before a first build)."""
        db_path = self.pipeline.root / DOIT_DB
        if not db_path.is_file():
            return {}
        from doit.dependency import Dependency, JsonDB, MD5Checker

        try:
            values = Dependency(JsonDB, str(db_path), checker_cls=MD5Checker).get_values  # read, never closed: no write
            return {step.name: float(values(step.name)[DURATION_KEY]) for step in self.pipeline.steps
                    if DURATION_KEY in values(step.name)}
        except Exception:  # doit raises its own errors for a damaged database
            return {}  # a damaged database is doit's to report; the order of warm-ups only falls back

    def _settle_exports(self) -> None:
        """Wait until every HTML export started so far has ended (a failure is reported by _wait_for_exports)."""
        for export in list(self.exports.values()):
            export.exception()

    def _wait_for_exports(self) -> None:
        """Every HTML export started so far is written; the first that failed fails the build."""
        for name, export in list(self.exports.items()):
            try:
                export.result()
            except Exception as exc:
                raise StepFailed(f"step {name}: exporting {self.pipeline.step(name).executed_notebook} "
                                 f"to HTML failed: {type(exc).__name__}: {exc}") from exc

    def reporter_class(self):
        build = self

        class Reporter:
            """Feeds doit's events to the build's display; doit's own console output is not wanted."""

            def __init__(self, outstream, options):
                self.failures = []

            def initialize(self, tasks, selected_tasks):
                pass

            def get_status(self, task):
                build.set_state(task.name, "checking")

            def execute_task(self, task):
                pass

            def add_failure(self, task, fail):
                if build.runs[task.name].state != "failed":
                    build.set_state(task.name, "failed", fail.get_msg().strip().splitlines()[-1])

            def add_success(self, task):
                pass

            def skip_uptodate(self, task):
                build.set_state(task.name, "cached")

            def skip_ignore(self, task):
                build.set_state(task.name, "cached")

            def cleanup_error(self, exception):
                pass

            def runtime_error(self, msg):
                build.runtime_errors.append(" ".join(str(msg).split()))

            def teardown_task(self, task):
                pass

            def complete_run(self):
                pass

        return Reporter

    def run(self, jobs: int, force: bool) -> int:
        """Run doit; returns its exit code (0: all steps done or cached)."""
        from doit.cmd_base import ModuleTaskLoader
        from doit.doit_cmd import DoitMain

        from newsfigures.project.atomic import remove_stale_temporaries

        root = self.pipeline.root
        (root / "build").mkdir(exist_ok=True)
        # Before any step runs (later, a parallel step may be mid-write): temporaries a killed build left.
        for folder in sorted({(root / p).parent for step in self.pipeline.steps for p in step.all_outputs}):
            remove_stale_temporaries(folder)
        tasks = self.task_dicts()

        def task_pipeline():
            yield from tasks

        config = {
            "dep_file": str(root / DOIT_DB),
            "backend": "json",
            "check_file_uptodate": "md5",
            "reporter": self.reporter_class(),
            "verbosity": 2,
        }
        loader = ModuleTaskLoader({"task_pipeline": task_pipeline, "DOIT_CONFIG": config})
        args = ["run"]
        if jobs > 1:
            args += ["-n", str(jobs), "-P", "thread"]
        if force:
            args.append("--always-execute")
        # Imported here, not at the top: asyncio costs a rebuild with nothing to do a tenth of its time.
        from newsfigures.build.kernels import KernelPool

        self.kernels = KernelPool(root) if jobs > 1 else None
        self.exports_beside = jobs > 1
        if force:  # every step will run: the first steps' kernels too can start while doit checks the rest
            self._warm(self.warm_order())
        try:
            code = DoitMain(loader).run(args + [s.name for s in self.pipeline.steps])
            try:
                self._wait_for_exports()
            except StepFailed as exc:
                self.runtime_errors.append(str(exc))
                code = code or 1
            self.write_outputs_record()
        finally:
            if self.kernels is not None:
                self.kernels.close()
            if self.export_pool is not None:
                self.export_pool.close()
            self.kernels, self.export_pool, self.exports, self.function_warm_ups = None, None, {}, {}
            self.exports_beside = False
        for run in self.runs.values():
            if run.state in ("waiting", "checking"):
                run.state = "not run"
        return code

    # -- records -----------------------------------------------------------------------------------------
    def outputs_record(self) -> dict[str, dict[str, str]]:
        """build/outputs.json: each step's outputs as the build last wrote them (empty before a first build)."""
        if self._outputs_record is None:
            try:
                record = json.loads((self.pipeline.root / OUTPUTS_RECORD).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                record = {}
            self._outputs_record = record if isinstance(record, dict) else {}
        return self._outputs_record

    def write_outputs_record(self) -> None:
        """Record the outputs of every step that ran in this build; those of cached steps stay as recorded.
        Called once the exports have ended. A build killed before this leaves the old record: the steps it
        ran then look changed and rerun, which errs the safe way."""
        from newsfigures.project.atomic import write_json
        from newsfigures.build.runrecord import hashes

        root = self.pipeline.root
        record = dict(self.outputs_record())
        for step in self.pipeline.steps:
            if self.runs[step.name].state == "done":
                record[step.name] = {rel: digest for rel, digest in
                                     hashes(root, expand_all(root, step.all_outputs)).items() if digest}
        if record != self.outputs_record():
            write_json(root / OUTPUTS_RECORD, record)
        self._outputs_record = record

    def run_parameters(self) -> dict[str, dict[str, Any]]:
        """What each step runs with: a notebook step's parameters; a function step's (the report's) date, as
        SOURCE_DATE_EPOCH (newsfigures.project.source_date), so that a new date renders the report again."""
        from newsfigures.project.source_date import VARIABLE, source_date_epoch

        epoch = None
        parameters = dict(self.parameters)
        for step in self.pipeline.steps:
            if step.function:
                if epoch is None:
                    epoch = source_date_epoch(self.pipeline.root, self.pipeline.source_patterns())
                parameters[step.name] = {VARIABLE: epoch}
        return parameters

    def write_run_params(self) -> Path:
        """build/run-params.json: what each step runs with; rewritten only when it changes."""
        from newsfigures.project.atomic import write_json

        path = self.pipeline.root / self.pipeline.run_params
        parameters = self.run_parameters()
        text = json.dumps(parameters, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_json(path, parameters)
        return path

    def record(self, jobs: int, force: bool, total_seconds: float) -> dict[str, Any]:
        from newsfigures.build.runrecord import git_state, hashes, versions

        root = self.pipeline.root
        steps = {}
        for step in self.pipeline.steps:
            run = self.runs[step.name]
            steps[step.name] = {
                "notebook": step.notebook,
                "function": step.function,
                "executed_notebook": step.executed_notebook,
                "parameters": self.parameters.get(step.name, {}),
                "state": {"done": "ran", "cached": "cached"}.get(run.state, run.state),
                "duration_seconds": round(run.duration, 3),
                "error": run.error,
                "inputs": hashes(root, expand_all(root, self.inputs_of(step))),
                "outputs": hashes(root, expand_all(root, step.all_outputs)),
            }
        return {
            "git": git_state(root),
            "versions": versions(),
            "jobs": jobs,
            "forced": force,
            "total_seconds": round(total_seconds, 3),
            "steps": steps,
        }

    def write_record(self, jobs: int, force: bool, total_seconds: float) -> Path:
        from newsfigures.project.atomic import write_json

        path = self.pipeline.root / self.pipeline.run_record
        write_json(path, self.record(jobs, force, total_seconds))
        return path

    @property
    def failure(self) -> str | None:
        for step in self.pipeline.steps:
            run = self.runs[step.name]
            if run.state == "failed" and run.error:
                return run.error
        return self.runtime_errors[0] if self.runtime_errors else None


def check_raw_inputs(pipeline: Pipeline, final: bool = False) -> None:
    """A missing input file no step makes is an error before anything runs (a pattern may match nothing);
    so is a raw file that differs from its record in the provenance file, when the pipeline declares one
    (a file marked in_review may differ, except in a final build)."""
    root = pipeline.root
    if pipeline.sources:
        from newsfigures.project.sources import check_sources, unrecorded_changes_message

        problems = check_sources(root, strict=final)
        if problems:
            raise NewsfiguresError(unrecorded_changes_message(problems))
    made = [o for s in pipeline.steps for o in s.all_outputs] + [pipeline.run_params]
    for step in pipeline.steps:
        for pattern in step.all_inputs:
            if is_glob(pattern) or any(_overlap(pattern, o) for o in made):
                continue
            if not (root / pattern).is_file():
                raise NewsfiguresError(f"{pattern}: input of step {step.name} is missing")


# ---------------------------------------------------------------------------------------------------------
# Status: which steps are stale, and why.

def stale_reasons(build: Build) -> dict[str, list[str]]:
    """For each step the reasons it would rerun (empty: up to date), without running anything."""
    from doit.dependency import Dependency, JsonDB, MD5Checker
    from doit.task import dict_to_task

    pipeline, root = build.pipeline, build.pipeline.root
    tasks = {}
    for spec in build.task_dicts():
        spec = {k: v for k, v in spec.items() if k != "basename"} | {"name": spec["basename"]}
        tasks[spec["name"]] = dict_to_task(spec)
    db_path = root / DOIT_DB
    code = set(expand_all(root, pipeline.code))
    result: dict[str, list[str]] = {}
    dep = Dependency(JsonDB, str(db_path), checker_cls=MD5Checker) if db_path.is_file() else None
    for step in pipeline.steps:
        task = tasks[step.name]
        if dep is None or dep._get(task.name, "deps:") is None:
            result[step.name] = ["never built"]
            continue
        status = dep.get_status(task, tasks, get_log=True)
        values = dep.get_values(task.name)
        reasons: list[str] = []
        for key, items in status.reasons.items():
            if key in ("changed_file_dep", "added_file_dep", "removed_file_dep", "missing_file_dep"):
                for item in items:
                    rel = Path(item).relative_to(root).as_posix()
                    what = {"added_file_dep": "added", "removed_file_dep": "removed",
                            "missing_file_dep": "missing"}.get(key, "changed")
                    if rel == step.notebook:
                        reasons.append(f"notebook {what}")
                    elif rel in code:
                        reasons.append(f"package code {what} ({rel})")
                    else:
                        reasons.append(f"input {rel} {what}")
            elif key == "missing_target":
                reasons += [f"outputs missing: {Path(t).relative_to(root).as_posix()}" for t in items]
            elif key == "uptodate_false":
                for check, _, _ in items:
                    reasons += check.explain(values)
            elif key == "checker_changed":
                reasons.append("cache format changed")
        upstream_stale = [u for u in pipeline.upstream(step) if result.get(u)]
        if not reasons and upstream_stale:
            reasons.append(f"reruns if the outputs of {', '.join(upstream_stale)} change")
        result[step.name] = sorted(set(reasons), key=reasons.index)
    return result  # the dependency database is only read: closing it would rewrite it
