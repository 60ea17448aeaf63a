"""Benchmark of `newsfigures build` on a copy of the project (the working tree is never touched).

Measures, on this machine:
  (a) a forced build (every notebook, its HTML export and the report) vs running every notebook one after
      another with the papermill command line (target: <= 0.7x); shown also against the same work in full
      (papermill, the nbconvert command line on each executed notebook, then the report);
  (b) a rebuild with nothing changed (target: <= 5% of a forced build);
  (c) a rebuild after an edit to the report text (target: <= 50% of a forced build).

Usage: .venv/bin/python benchmarks/bench_build.py [--repeat N] [--write]   (--write: benchmarks/results.md)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(".venv", "build", "_output", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"benchmark: {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def sequential_baseline(copy: Path, env: dict[str, str]) -> tuple[float, float]:
    """Without the build, one command after another: (the papermill CLI on every notebook, the same work in
    full: papermill, the nbconvert CLI on every executed notebook, then the report)."""
    from newsfigures.build.pipeline import load_pipeline

    pipeline = load_pipeline(copy)
    out = copy / "build" / "sequential"
    out.mkdir(parents=True, exist_ok=True)
    notebooks_only = total = 0.0
    for step in pipeline.steps:
        if step.notebook:
            executed = out / Path(step.notebook).name
            seconds = timed([str(BIN / "papermill"), step.notebook, str(executed)], copy, env)
            notebooks_only += seconds
            total += seconds
            total += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], copy, env)
        else:
            module, _, attr = step.function.partition(":")
            code = (f"from pathlib import Path; from {module} import {attr}; "
                    f"{attr}(Path('.').resolve(), Path({step.output_dir or 'report/_output'!r}).resolve())")
            total += timed([sys.executable, "-c", code], copy, env)
    return notebooks_only, total


def touch_report_text(copy: Path) -> str:
    texts = sorted((copy / "report").glob("*.qmd"))
    target = texts[0]
    with target.open("a", encoding="utf-8") as handle:
        handle.write("\n<!-- benchmark edit -->\n")
    return target.relative_to(copy).as_posix()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each fast measurement (median reported)")
    parser.add_argument("--write", action="store_true", help="also write benchmarks/results.md")
    parser.add_argument("--project", type=Path, default=ROOT, help="project to copy (default: this one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsfigures-bench-") as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(args.project, copy, ignore=SKIP)
        # The copy's own package, not the working tree's editable install.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy / "src"), str(copy)])}
        build = [str(BIN / "newsfigures"), "build"]

        timed(build + ["--force"], copy, env)  # warm caches (disk, fonts, kernel specs) for both sides
        papermill_only, baseline = sequential_baseline(copy, env)
        forced = statistics.median(timed(build + ["--force"], copy, env) for _ in range(args.repeat))
        noop = statistics.median(timed(build, copy, env) for _ in range(args.repeat))
        edits = []
        for _ in range(args.repeat):
            edited = touch_report_text(copy)
            edits.append(timed(build, copy, env))
        report_edit = statistics.median(edits)

    rows = [
        ("papermill CLI on every notebook, one after another", papermill_only, "", ""),
        ("the same work in full: papermill, then nbconvert CLI on each, then the report", baseline, "", ""),
        ("(a) `newsfigures build --force` (notebooks, HTML exports and the report)", forced,
         f"{forced / papermill_only:.2f}x papermill alone; {forced / baseline:.2f}x the same work", "<= 0.70x"),
        ("(b) `newsfigures build`, nothing changed", noop, f"{noop / forced:.1%} of forced", "<= 5%"),
        (f"(c) `newsfigures build` after editing {edited}", report_edit, f"{report_edit / forced:.1%} of forced",
         "<= 50%"),
    ]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [f"# Build benchmark\n", f"Machine: {machine}. Median of {args.repeat} runs for (a), (b) and (c).\n",
             "| measurement | seconds | ratio | target |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {seconds:.2f} | {ratio} | {target} |" for name, seconds, ratio, target in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:  # the build's section only: the drafter's (bench_drafter.py) follows it and is kept
        results = HERE / "results.md"
        kept = results.read_text(encoding="utf-8") if results.is_file() else ""
        drafter = kept[kept.index(DRAFTER_HEADING):] if DRAFTER_HEADING in kept else ""
        results.write_text(text + ("\n" + drafter if drafter else ""), encoding="utf-8")


DRAFTER_HEADING = "# Drafter benchmark"

if __name__ == "__main__":
    main()
