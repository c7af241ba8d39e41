"""Execute a notebook in a fresh kernel, inject new parameters (papermill-style), and read its outputs."""

from __future__ import annotations

import ast
import asyncio
import tempfile
from pathlib import Path
from typing import Any, cast

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from traitlets.config import Config

from helpers.paths import NOTEBOOKS_DIR

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def assigned_names(source: str) -> set[str]:
    """Names a cell assigns at top level (`A = 1`, `A, B = 1, 2`, `A: int = 1`)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
    return names


def inject_parameters(notebook: nbformat.NotebookNode, parameters: dict[str, Any]) -> None:
    """Insert a cell setting `parameters` right after the cell tagged 'parameters'.

    Raises ValueError if the notebook has no such cell or a name is not one of its parameters,
    so a typo cannot silently leave a default in place.
    """
    index = next(
        (i for i, cell in enumerate(notebook.cells) if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])),
        None,
    )
    if index is None:
        raise ValueError("the notebook has no cell tagged 'parameters'")
    defined = assigned_names(notebook.cells[index].source)
    for name in parameters:
        if name not in defined:
            raise ValueError(f"{name!r} is not set in the parameters cell (it sets {', '.join(sorted(defined))})")
    lines = [f"{name} = {value!r}" for name, value in parameters.items()]
    cell = nbformat.v4.new_code_cell("# Injected parameters\n" + "\n".join(lines))
    cell.id = INJECTED_TAG  # a fixed id, not a random one: the same parameters give the same notebook
    cell.metadata["tags"] = [INJECTED_TAG]
    notebook.cells.insert(index + 1, cell)


def merge_streams(notebook: nbformat.NotebookNode) -> None:
    """Merge consecutive stdout (or stderr) outputs of each cell into one, in place.

    A kernel may send one cell's printed text in several messages; how it is split depends on
    timing, so without this two runs of the same notebook could store different outputs.
    """
    CoalesceStreamsPreprocessor().preprocess(notebook, {})


def read_notebook(path: Path, parameters: dict[str, Any] | None = None) -> nbformat.NotebookNode:
    """The notebook at `path`, with `parameters` (if any) injected after its parameters cell; the file is not changed."""
    notebook = cast(nbformat.NotebookNode, nbformat.read(path, as_version=4))
    if parameters:
        inject_parameters(notebook, parameters)
    return notebook


def drop_timings(notebook: nbformat.NotebookNode) -> None:
    """Remove the timing metadata an earlier run left on the cells (a rerun records none)."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)


def run_in_fresh_kernel(notebook: nbformat.NotebookNode, timeout: int = 600) -> None:
    """Execute `notebook` in place in a new python3 kernel started in the notebooks folder.

    The kernel talks over IPC sockets in a temporary folder (not TCP), no timing metadata is
    recorded (stale timings are dropped) and consecutive stream outputs are merged, even when a
    cell fails, so re-executed notebooks differ only where their outputs do. Safe to call from
    several threads at once: each call runs its own event loop and closes it.
    """
    drop_timings(notebook)
    with tempfile.TemporaryDirectory(prefix="zy-kernel-") as runtime:
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            config=ipc_config(Path(runtime)),
            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
        )
        try:
            if _loop_running():
                client.execute()  # inside a running loop (e.g. Jupyter): nbclient runs it on its own
            else:
                asyncio.run(client.async_execute())
        finally:
            merge_streams(notebook)


def ipc_config(runtime: Path) -> Config:
    """Kernel manager configuration: talk over IPC sockets in `runtime`, not TCP ports.

    Kernels started at the same moment (`build --jobs`, the tests on every core) each pick free TCP ports, and two
    can pick the same one before either binds it; a socket file in a folder of its own cannot be taken twice.
    """
    transport = {"transport": "ipc", "ip": str(runtime / "kernel")}
    return Config({"KernelManager": transport, "AsyncKernelManager": transport})


def _loop_running() -> bool:
    """Whether this thread is already running an asyncio event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
