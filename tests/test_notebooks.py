"""Every notebook in notebooks/ runs top to bottom without an error, and stays small on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

nbformat = pytest.importorskip("nbformat", reason="install the test extra: pip install '.[test]'")
nbclient = pytest.importorskip("nbclient", reason="install the test extra: pip install '.[test]'")


def test_there_are_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_small_and_clean(path):
    assert path.stat().st_size < 200_000, "clear large outputs before committing"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs"), f"{path.name}: commit notebooks without outputs"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    # Run a copy, as Jupyter would, in the notebook's folder: exports land in tmp_path.
    folder = tmp_path / "notebooks"
    shutil.copytree(path.parent, folder)
    nb = nbformat.read(folder / path.name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
