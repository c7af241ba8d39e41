"""One kernel that runs a notebook again and again, reset in between: for the notebooks' parameter tests.

The build and nbval run every notebook in a fresh kernel. A test that reruns a notebook with other
parameters only reads its text, tables and findings, and pays most of its time for the kernel's
start and the imports; this runs it in a kernel started once and put back to a fresh kernel's
state before each run (helpers.publish.kernel_state). tests/test_reused_kernel.py proves that a run
here gives a fresh run's outputs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import drop_timings, ipc_config, merge_streams, read_notebook

# Kernel option that keeps charts from being rendered to images: figures are still built, cell by cell,
# but `plt.show()` displays only their text form ('<Figure size 900x500 with 1 Axes>').
NO_CHART_IMAGES = "--InlineBackend.figure_formats=set()"

# Run before each notebook, in the kernel.
_RESET_CODE = f"from helpers.publish.kernel_state import reset_between_runs\nreset_between_runs({str(NOTEBOOKS_DIR)!r})"


class ReusedKernel:
    """One kernel that runs notebook after notebook, reset between runs: for tests that rerun notebooks often.

    Starting a kernel and importing pandas and matplotlib take most of a short notebook's run; here
    they happen once. Before each run the kernel is put back to a fresh kernel's state
    (`kernel_state.reset_between_runs`: namespace and history cleared, figures closed, matplotlib
    settings, warning filters and sys.path restored, loaded data forgotten, working folder back to
    the notebooks folder, cells counted from 1); imported modules stay loaded. Charts are built but
    not rendered to images (NO_CHART_IMAGES). The build and nbval never use this: they run every
    notebook in a fresh kernel. Use as a context manager; not for use from several threads at once.
    """

    def __init__(self, timeout: int = 600) -> None:
        self.timeout = timeout
        self._runtime: tempfile.TemporaryDirectory[str] | None = None
        self._manager: AsyncKernelManager | None = None
        self._client: NotebookClient | None = None
        self._language: dict[str, Any] = {}

    def __enter__(self) -> ReusedKernel:
        self._runtime = tempfile.TemporaryDirectory(prefix="zy-kernel-")
        self._manager = AsyncKernelManager(kernel_name="python3", config=ipc_config(Path(self._runtime.name)))
        try:
            # No history database: each run restarts the cell count at 1, as a fresh kernel does.
            arguments = [NO_CHART_IMAGES, "--HistoryManager.enabled=False"]
            run_sync(self._manager.start_kernel)(extra_arguments=arguments, cwd=str(NOTEBOOKS_DIR))
            self._client = NotebookClient(
                nbformat.v4.new_notebook(), km=self._manager, timeout=self.timeout, record_timing=False
            )
            self._client.start_new_kernel_client()  # one client for every run: connecting costs a fifth of a second
            assert self._client.kc is not None
            reply = self._client.wait_for_reply(self._client.kc.kernel_info())
            self._language = dict(reply["content"]["language_info"]) if reply else {}
        except BaseException:
            self.__exit__()  # a kernel that started is shut down, and the temporary folder removed
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        client, manager = self._client, self._manager
        self._client = self._manager = None
        if client is not None and client.kc is not None:
            client.kc.stop_channels()
        if manager is not None and manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
        if self._runtime is not None:
            self._runtime.cleanup()
            self._runtime = None

    def run(self, path: Path, parameters: dict[str, Any] | None = None) -> nbformat.NotebookNode:
        """Reset the kernel, then run every cell of `path` (with `parameters` injected), as the build does.

        Raises CellExecutionError on the first failing cell; the kernel stays usable for the next run. If the
        kernel dies or a cell times out, that error is raised and the kernel is replaced by a new one.
        """
        if self._client is None:
            raise RuntimeError("ReusedKernel.run needs the kernel started: use it in a `with` block")
        notebook = read_notebook(path, parameters)
        drop_timings(notebook)
        notebook.metadata["language_info"] = self._language
        try:
            self._execute(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(_RESET_CODE)]))
            self._execute(notebook)
        except CellExecutionError:
            raise  # a cell failed; the kernel is fine for the next run
        except Exception:
            self.__exit__()  # the kernel died or hung: the next run gets a new one
            self.__enter__()
            raise
        finally:
            merge_streams(notebook)
        return notebook

    def _execute(self, notebook: nbformat.NotebookNode) -> None:
        """Every cell of `notebook`, in order, numbered from 1, on the kernel's one client."""
        client = self._client
        assert client is not None  # run() checked it
        client.nb = notebook
        client.reset_execution_trackers()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
