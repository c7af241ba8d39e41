"""The parameter tests' kernel (ReusedKernel): each run starts from a fresh kernel's state.

It is reused across runs to spare a kernel start and the imports; these tests prove that what one
run leaves behind (names, working folder, matplotlib settings, open figures, loaded data, a failure)
does not reach the next, and that a real notebook run there gives its stored outputs (which nbval
proves equal to a fresh kernel's) with chart images left out.
"""

from __future__ import annotations

import copy
import functools
import importlib
import pkgutil
from pathlib import Path

import matplotlib as mpl
import nbformat
import pytest
from nbclient.exceptions import CellExecutionError, DeadKernelError

import helpers.data
from helpers import forget_loaded_data, get_external, linked_indicators, load_metrics
from helpers.paths import DEFAULT_REPORT, NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text
from helpers.publish.reused_kernel import ReusedKernel

from .conftest import replace_in, write_notebook


def _printed(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        output["text"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stdout"
    ]


def _loads(data: Path) -> str:
    return f"from helpers import load_metrics\nprint(len(load_metrics({DEFAULT_REPORT!r}, {str(data)!r})))"


def test_nothing_a_run_leaves_behind_reaches_the_next(notebook_kernel: ReusedKernel, tmp_path: Path):
    # A chart first, as most notebooks draw: it loads the inline backend, whose settings a reset must keep.
    notebook_kernel.run(write_notebook(tmp_path / "chart.ipynb", "import matplotlib.pyplot as plt\nplt.plot([1, 2])"))
    messy = write_notebook(
        tmp_path / "messy.ipynb",
        "import os, sys, warnings\nimport matplotlib as mpl\nimport matplotlib.pyplot as plt\nLEFT_BEHIND = 1",
        "mpl.rcParams['font.size'] = 31\nplt.ioff()\nplt.figure()\nos.chdir('/')\nsys.path.append('/left/behind')",
        "warnings.simplefilter('ignore')",
        "1 / 0",
    )
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        notebook_kernel.run(messy)
    probe = write_notebook(
        tmp_path / "probe.ipynb",
        "print('LEFT_BEHIND' in globals(), 'mpl' in globals())",
        "import os, sys, warnings\nimport matplotlib as mpl\nimport matplotlib.pyplot as plt\n"
        "print(os.getcwd(), mpl.rcParams['font.size'], plt.get_fignums(), '/left/behind' in sys.path)",
        "warnings.warn('shown, not filtered', UserWarning)",
    )
    ran = notebook_kernel.run(probe)
    assert [cell.execution_count for cell in ran.cells if cell.cell_type == "code"] == [
        1,
        2,
        3,
    ]  # counted from 1, as in a fresh kernel
    # matplotlib's setting here is what a fresh kernel starts with: the same matplotlibrc, read by the same library.
    assert _printed(ran) == ["False False\n", f"{NOTEBOOKS_DIR} {mpl.rcParams['font.size']} [] False\n"]
    assert "shown, not filtered" in stream_text(ran, "stderr")
    assert "shown, not filtered" in stream_text(notebook_kernel.run(probe), "stderr")  # and again: not "already shown"


def test_a_dead_kernel_is_replaced_for_the_next_run(notebook_kernel: ReusedKernel, tmp_path: Path):
    with pytest.raises(DeadKernelError):
        notebook_kernel.run(write_notebook(tmp_path / "dies.ipynb", "import os\nos._exit(1)"))
    assert _printed(notebook_kernel.run(write_notebook(tmp_path / "next.ipynb", "print('alive')"))) == ["alive\n"]


def test_forgetting_loaded_data_empties_every_cache_of_the_data_package():
    load_metrics()
    linked_indicators("gdp_growth")
    get_external("郑州市", "地区生产总值", 2024)
    forget_loaded_data()
    modules = [importlib.import_module(f"helpers.data.{m.name}") for m in pkgutil.iter_modules(helpers.data.__path__)]
    caches = {
        f"{module.__name__}.{name}": value
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == module.__name__
    }
    pure = {"helpers.data.textnorm._nfkc_of_char"}  # a function of one character, not of any file
    assert len(caches) > len(pure)
    assert {
        name: c.cache_info().currsize for name, c in caches.items() if name not in pure and c.cache_info().currsize
    } == {}


def test_data_edited_between_runs_is_read_again(notebook_kernel: ReusedKernel, tmp_path: Path, data_copy: Path):
    loads = write_notebook(tmp_path / "loads.ipynb", _loads(data_copy))
    assert _printed(notebook_kernel.run(loads)) == [f"{len(load_metrics(DEFAULT_REPORT, data_copy))}\n"]
    replace_in(data_copy / "reports" / DEFAULT_REPORT / "metrics.csv", ",reviewed", ",unreviewed")
    with pytest.raises(CellExecutionError, match="unreviewed"):
        notebook_kernel.run(loads)  # the kernel kept the first reading in memory: it must not use it


def _without_images(notebook: nbformat.NotebookNode) -> list[tuple[int | None, list[dict[str, object]]]]:
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = copy.deepcopy(cell.outputs)
        for output in outputs:
            output.get("data", {}).pop("image/png", None)
            output.get("metadata", {}).pop("image/png", None)
        cells.append((cell.execution_count, outputs))
    return cells


def test_a_real_notebook_gives_its_stored_outputs_but_no_chart_images(notebook_kernel: ReusedKernel, tmp_path: Path):
    leftover = write_notebook(
        tmp_path / "left.ipynb", "import matplotlib as mpl\nmpl.rcParams['figure.dpi'] = 37\nX = 1"
    )
    notebook_kernel.run(leftover)
    path = NOTEBOOKS_DIR / "00_data_tour.ipynb"
    ran, stored = notebook_kernel.run(path), nbformat.read(path, as_version=4)
    charts = [o for cell in stored.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert charts, "the notebook shows no chart: pick one that does"
    assert not [o for cell in ran.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert _without_images(ran) == _without_images(stored)


def test_a_run_outside_a_with_block_is_refused_and_starts_nothing(tmp_path: Path):
    kernel = ReusedKernel()
    with pytest.raises(RuntimeError, match="use it in a `with` block"):
        kernel.run(write_notebook(tmp_path / "never.ipynb", "print('never')"))
    assert kernel._client is None and kernel._runtime is None


def test_what_was_loaded_before_the_first_run_is_kept_out_of_the_collectors_sweeps(
    notebook_kernel: ReusedKernel, tmp_path: Path
):
    # pandas, matplotlib and helpers are frozen (gc.freeze) once: the collection `%reset` makes before each run stays cheap
    run = notebook_kernel.run(write_notebook(tmp_path / "gc.ipynb", "import gc\nprint(gc.get_freeze_count() > 50_000)"))
    assert _printed(run) == ["True\n"]
