"""The extract-figures notebook runs with its defaults and reproduces the committed outputs."""

import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parent.parent
NOTEBOOK = ROOT / "notebooks" / "10-extract-figures.ipynb"
OUTPUTS = ("mentions.csv", "claims.csv", "unquantified.csv")


def test_notebook_is_committed_without_outputs_and_with_typed_parameters():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    for name in ("article_path: str", "annotation_path: str", "output_dir: str"):
        assert name in parameters[0].source


@pytest.mark.slow
def test_notebook_reproduces_committed_outputs_byte_for_byte():
    import papermill

    # Parameter paths must stay inside the project, so the scratch folder lives under build/.
    (ROOT / "build").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="test-extract-", dir=ROOT / "build"))
    try:
        output_dir = scratch.relative_to(ROOT).as_posix() + "/processed"
        papermill.execute_notebook(
            str(NOTEBOOK),
            str(scratch / "10-extract-figures.ipynb"),
            parameters={"output_dir": output_dir},
            cwd=str(ROOT),
            progress_bar=False,
        )
        for name in OUTPUTS:
            produced = (ROOT / output_dir / name).read_bytes()
            assert produced == (ROOT / "data" / "processed" / name).read_bytes(), name
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
