"""The worker processes beside the build: PNGs rasterised and notebooks exported as in-process, errors named."""

from __future__ import annotations

import nbformat
import pytest

from newsfigures.errors import NewsfiguresError
from newsfigures.build.notebook_export import ExportWorker, export_html
from newsfigures.charts.rasterise import Rasteriser, svg_to_png

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
       '<rect width="40" height="20" fill="#b5473a"/><text x="2" y="14" font-family="Source Sans Pro" '
       'font-size="12">12</text></svg>')


def test_the_worker_writes_the_same_png_as_rasterising_here(tmp_path):
    (tmp_path / "a.svg").write_text(SVG, encoding="utf-8")
    with Rasteriser() as rasteriser:
        rasteriser.submit(tmp_path / "a.svg", tmp_path / "a.png")
        assert rasteriser.finish() == [tmp_path / "a.png"]
    assert (tmp_path / "a.png").read_bytes() == svg_to_png(SVG)


def test_a_png_the_worker_cannot_make_is_named_in_one_line(tmp_path):
    (tmp_path / "good.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "bad.svg").write_text("<svg this is not", encoding="utf-8")
    with Rasteriser() as rasteriser, pytest.raises(NewsfiguresError, match=r"^bad\.png: rasterising bad\.svg failed"):
        rasteriser.submit(tmp_path / "good.svg", tmp_path / "good.png")
        rasteriser.submit(tmp_path / "bad.svg", tmp_path / "bad.png")
        rasteriser.finish()
    assert not (tmp_path / "bad.png").exists()


def _notebook(path, text):
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(text)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    notebook.cells.append(cell)
    nbformat.write(notebook, path)
    return path


def test_the_export_worker_writes_the_page_export_html_writes(tmp_path):
    first = _notebook(tmp_path / "10-a.ipynb", "one\n")
    second = _notebook(tmp_path / "20-b.ipynb", "two\n")
    worker = ExportWorker()
    try:
        done = [worker.submit(first, tmp_path / "10-a.html"), worker.submit(second, tmp_path / "20-b.html")]
        assert [future.result(timeout=120) for future in done] == [None, None]
    finally:
        worker.close()
    export_html(second, tmp_path / "here.html")
    assert (tmp_path / "20-b.html").read_bytes() == (tmp_path / "here.html").read_bytes()


def test_an_export_that_fails_fails_its_own_future_only(tmp_path):
    good = _notebook(tmp_path / "10-a.ipynb", "one\n")
    worker = ExportWorker()
    try:
        missing = worker.submit(tmp_path / "no-such.ipynb", tmp_path / "x.html")
        after = worker.submit(good, tmp_path / "10-a.html")
        with pytest.raises(RuntimeError, match="no-such.ipynb"):
            missing.result(timeout=120)
        assert after.result(timeout=120) is None
    finally:
        worker.close()
    assert not (tmp_path / "x.html").exists()
