"""Warm kernels: started ahead with the notebook's imports, and the executed notebook is as from a cold kernel."""

import json
from pathlib import Path

import nbformat
import pytest

from newsfigures.build.kernels import KernelPool, notebook_imports
from newsfigures.build.pipeline import Step, run_notebook


def _notebook(path: Path, cells: list[tuple[str, list[str]]]) -> Path:
    notebook = nbformat.v4.new_notebook()
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = tags
        notebook.cells.append(cell)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def test_only_top_level_imports_outside_the_parameters_cell_are_warmed(tmp_path):
    path = _notebook(tmp_path / "n.ipynb", [
        ("import os  # in the parameters cell: not warmed\nx: int = 1", ["parameters"]),
        ("import json\nfrom pathlib import Path\nprint('side effect')\nif True:\n    import csv", []),
        ("%matplotlib inline\nimport this_is_skipped_with_the_magic", []),
        ("import json", []),
    ])
    assert notebook_imports(path) == "import json\nfrom pathlib import Path"


@pytest.mark.slow
def test_a_warmed_kernel_runs_the_notebook_as_a_cold_one_would(tmp_path):
    notebook = _notebook(tmp_path / "notebooks" / "10-warm.ipynb", [
        ("label: str = 'x'", ["parameters"]),
        ("import json\nimport sys\nprint(json.dumps(sorted(m for m in ('json', 'fractions') if m in sys.modules)))", []),
    ])
    step = Step(name="10-warm", inputs=(), outputs=(), notebook="notebooks/10-warm.ipynb")
    pool = KernelPool(tmp_path)
    try:
        pool.warm(step.notebook, tmp_path / step.kernel_log, warm_up="import fractions")
        kernel, log = pool.take(step.notebook)
        assert kernel is not None, "the warm-up failed"
        run_notebook(tmp_path, step, {"label": "y"}, kernel, log)
    finally:
        pool.close()
    executed = json.loads((tmp_path / step.executed_notebook).read_text(encoding="utf-8"))
    code = [c for c in executed["cells"] if c["cell_type"] == "code"]
    # The warm-up ran ahead (fractions is loaded) without using up execution counts: the notebook starts at 1.
    assert [c["execution_count"] for c in code] == [1, 2, 3]
    assert "".join(code[-1]["outputs"][0]["text"]) == '["fractions", "json"]\n'
    assert not kernel.has_kernel  # shut down after the step


@pytest.mark.slow
def test_a_failed_warm_up_falls_back_to_a_cold_start(tmp_path):
    notebook = "notebooks/10-broken.ipynb"
    _notebook(tmp_path / notebook, [("import no_such_module_anywhere", [])])
    pool = KernelPool(tmp_path)
    try:
        pool.warm(notebook, tmp_path / "build/notebooks/10-broken.kernel.log")
        assert pool.take(notebook) == (None, None)
    finally:
        pool.close()


@pytest.mark.slow
@pytest.mark.parametrize("cell", ["print('fine')", "raise ValueError('boom')"], ids=["succeeds", "fails"])
def test_a_warmed_kernel_leaves_no_thread_or_event_loop_running_once_its_step_ends(tmp_path, cell):
    # nbclient given a kernel leaves its client's channels open; their heartbeat thread's event loop then
    # lived until interpreter exit, where its teardown printed a traceback below the build's one-line error.
    import asyncio
    import gc
    import threading

    from newsfigures.build.pipeline import StepFailed

    def running_loops():
        gc.collect()
        return {id(o) for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop) and not o.is_closed()}

    threads_before, loops_before = set(threading.enumerate()), running_loops()
    _notebook(tmp_path / "notebooks" / "10-step.ipynb", [("x: int = 1", ["parameters"]), (cell, [])])
    step = Step(name="10-step", inputs=(), outputs=(), notebook="notebooks/10-step.ipynb")
    pool = KernelPool(tmp_path)
    try:
        pool.warm(step.notebook, tmp_path / step.kernel_log)
        kernel, log = pool.take(step.notebook)
        assert kernel is not None, "the warm-up failed"
        try:
            run_notebook(tmp_path, step, {}, kernel, log, export=False, retire=pool.retire)
        except StepFailed:
            pass
    finally:
        pool.close()
    left = [t.name for t in set(threading.enumerate()) - threads_before if t.is_alive()]
    assert not left, f"threads still running: {left}"
    assert not running_loops() - loops_before, "an event loop was left open"
