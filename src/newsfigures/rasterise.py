"""The charts' font for vl-convert, and their PNGs rasterised in worker processes.

vl-convert holds the GIL while it works, so a thread would not overlap drawing one chart with rasterising
the last; a process does. The worker is this module run as ``python -m newsfigures.rasterise``: it reads
one JSON line per job, ``[svg_path, png_path]``, from its standard input and writes each PNG atomically.
It imports nothing but vl-convert, the font package and ``newsfigures.atomic`` (not Altair, not the charts
package), so it starts in a fraction of a second. A plain subprocess, not multiprocessing: spawning would
re-run the caller's main script, which a notebook or a script without a ``__main__`` guard cannot afford.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

from newsfigures.errors import NewsfiguresError

PNG_SCALE = 2  # sharp on high-density screens and in print


@cache
def register_fonts() -> str:
    """Let vl-convert find Source Sans Pro, so SVG and PNG name and draw it instead of a generic sans-serif.

    The Typst PDF renderer looks fonts up by the name the SVG gives, so that name has to be the real one.
    Returns the registered folder (cached: vl-convert keeps registrations for the life of the process).
    """
    import font_source_sans_pro
    import vl_convert

    folder = font_source_sans_pro.font_directory
    vl_convert.register_font_directory(folder)
    return folder


def svg_to_png(svg: str) -> bytes:
    """The SVG as a PNG at ``PNG_SCALE``: the same bytes as drawing the spec to PNG, in half the time."""
    import vl_convert

    register_fonts()
    return vl_convert.svg_to_png(svg, scale=PNG_SCALE)


class Rasteriser:
    """Worker processes turning SVG files into PNG files while the caller goes on; a context manager.

    ``submit`` queues a job, with each worker in turn; ``finish`` waits for every job and raises
    NewsfiguresError, naming the PNG, if one failed. Leaving the ``with`` block without ``finish`` (an error
    elsewhere) stops the workers. One worker by default: with the caller drawing, a second would only
    share the other core with the first.
    """

    def __init__(self, workers: int = 1) -> None:
        self._workers = [
            subprocess.Popen([sys.executable, "-m", "newsfigures.rasterise"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
            for _ in range(workers)]
        self._submitted: list[Path] = []

    def submit(self, svg_path: Path, png_path: Path) -> None:
        worker = self._workers[len(self._submitted) % len(self._workers)]
        assert worker.stdin is not None
        try:
            worker.stdin.write(json.dumps([str(svg_path), str(png_path)]) + "\n")
            worker.stdin.flush()
        except BrokenPipeError:
            pass  # the worker has stopped; finish() reports why
        self._submitted.append(Path(png_path))

    def finish(self) -> list[Path]:
        """The PNGs written, in the order submitted, once the workers have written them all."""
        failures = []
        for worker in self._workers:
            try:
                _, errors = worker.communicate()
            except BrokenPipeError:
                errors = worker.stderr.read() if worker.stderr else ""
                worker.wait()
            if worker.returncode != 0:
                lines = [line for line in (errors or "").splitlines() if line.strip()]
                failures.append(lines[-1] if lines else f"PNG worker stopped with exit code {worker.returncode}")
        if failures:
            raise NewsfiguresError(failures[0])
        return list(self._submitted)

    def __enter__(self) -> Rasteriser:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


def _work(jobs) -> int:
    from newsfigures.atomic import write_bytes

    register_fonts()
    for line in jobs:
        svg_path, png_path = json.loads(line)
        try:
            write_bytes(png_path, svg_to_png(Path(svg_path).read_text(encoding="utf-8")))
        except Exception as exc:
            # One line the caller shows as it is: the file, then what went wrong.
            print(f"{Path(png_path).name}: rasterising {Path(svg_path).name} failed "
                  f"({type(exc).__name__}: {' '.join(str(exc).split())})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(_work(sys.stdin))
