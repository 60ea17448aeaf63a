"""The charts' font for vl-convert, and their PNGs rasterised in a worker process.

vl-convert holds the GIL while it works, so a thread would not overlap drawing one chart with rasterising
the last; a process does. The worker is this module run as ``python -m newsfigures.charts.rasterise``: it reads
one JSON line per job, ``[svg_path, png_path]``, from its standard input and writes each PNG atomically.
It imports nothing but vl-convert, the font package and ``newsfigures.project.atomic`` (not Altair, not the charts
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
    """A worker process turning SVG files into PNG files while the caller goes on; a context manager.

    ``submit`` queues a job; ``finish`` waits for every job and raises NewsfiguresError, naming the PNG, if
    one failed. Leaving the ``with`` block without ``finish`` (an error elsewhere) stops the worker. One
    worker: with the caller drawing on one core, a second would only share the other core with the first.
    """

    def __init__(self) -> None:
        self._worker = subprocess.Popen([sys.executable, "-m", "newsfigures.charts.rasterise"], stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        encoding="utf-8")
        self._submitted: list[Path] = []

    def submit(self, svg_path: Path, png_path: Path) -> None:
        assert self._worker.stdin is not None
        try:
            self._worker.stdin.write(json.dumps([str(svg_path), str(png_path)]) + "\n")
            self._worker.stdin.flush()
        except BrokenPipeError:
            pass  # the worker has stopped; finish() reports why
        self._submitted.append(Path(png_path))

    def finish(self) -> list[Path]:
        """The PNGs written, in the order submitted, once the worker has written them all."""
        try:
            _, errors = self._worker.communicate()
        except BrokenPipeError:
            errors = self._worker.stderr.read() if self._worker.stderr else ""
            self._worker.wait()
        if self._worker.returncode != 0:
            lines = [line for line in (errors or "").splitlines() if line.strip()]
            raise NewsfiguresError(lines[-1] if lines else f"PNG worker stopped with exit code {self._worker.returncode}")
        return list(self._submitted)

    def __enter__(self) -> Rasteriser:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._worker.poll() is None:
            self._worker.kill()
            self._worker.wait()


def _work(jobs) -> int:
    from newsfigures.project.atomic import write_bytes

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
