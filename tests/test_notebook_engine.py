"""The papermill engine of the build writes the executed notebook once, when the run ends."""

import nbformat

from newsfigures.build.notebook_engine import _SaveAtEnd


def test_cells_do_not_write_the_notebook_but_its_end_does(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    notebook.metadata["papermill"] = {}  # papermill's execute_notebook sets it up before the engine runs
    out = tmp_path / "out.ipynb"
    manager = _SaveAtEnd(notebook, output_path=str(out), progress_bar=False)
    manager.notebook_start()
    manager.cell_start(notebook.cells[0], 0)
    manager.cell_complete(notebook.cells[0], 0)
    assert not out.exists()
    manager.notebook_complete()
    assert nbformat.read(str(out), as_version=4).metadata.papermill["end_time"] is not None
