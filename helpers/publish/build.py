"""The main job: rerun every notebook in a fresh kernel and publish HTML pages with an index.

`python -m helpers build` writes, for each notebook, NAME.html (with code) and NAME.report.html
(code-free), plus index.html. The committed notebooks are only rewritten with --inplace.
Notebooks run in separate kernels, several at once (`jobs`, default: one per core); the pages and
notebooks written are byte-for-byte the same from one build to the next.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nbformat
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from helpers.paths import DATA_DIR, DEFAULT_REPORT, NOTEBOOKS_DIR
from helpers.publish.notebook_run import read_notebook, run_in_fresh_kernel
from helpers.publish.site import write_site

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook's build went."""

    name: str
    seconds: float
    ok: bool
    title: str
    error: str = ""
    # The executed notebook (what the index quotes); not part of the result's identity.
    notebook: nbformat.NotebookNode | None = field(default=None, compare=False, repr=False)

    @property
    def page(self) -> str:
        return f"{Path(self.name).stem}.html"

    @property
    def report_page(self) -> str:
        return f"{Path(self.name).stem}.report.html"


def notebook_title(notebook: nbformat.NotebookNode) -> str:
    """The first markdown heading of the notebook, without its '#' marks (the question it answers)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return str(line).lstrip("#").strip()
    return ""


def add_alt_text(notebook: nbformat.NotebookNode) -> None:
    """Give every chart without alternative text one naming the section it stands in.

    nbconvert puts it in the page's `alt` attribute; its own generic text only goes to images left without one.
    """
    heading = notebook_title(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            headings = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            heading = headings[-1] if headings else heading
            continue
        for output in cell.get("outputs", []):
            for mime in ("image/png", "image/jpeg"):
                if mime in output.get("data", {}):
                    image = output.setdefault("metadata", {}).setdefault(mime, {})
                    image.setdefault("alt", f"Chart: {heading}")


def to_html(notebook: nbformat.NotebookNode, with_code: bool) -> str:
    """A self-contained static HTML page of an executed notebook (images inline, no scripts).

    nbconvert's HTMLExporter (classic template) renders it; the notebook itself is not changed. The
    scripts nbconvert adds (require.js, MathJax, mermaid) would be fetched from the internet; the
    pages need none of them, so they are removed and the page works offline from file://.
    """
    exporter = HTMLExporter(
        template_name="classic",
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=not with_code,
    )
    body, _ = exporter.from_notebook_node(notebook)
    return _SCRIPT.sub("", body)


def _failing_cell(notebook: nbformat.NotebookNode) -> str:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {index} (execution count {cell.get('execution_count')}): {output.get('ename')}: {output.get('evalue')}"
    return "a cell (no error output recorded)"


def run_notebook(
    path: Path,
    timeout: int = 600,
    execute: bool = True,
    parameters: dict[str, Any] | None = None,
) -> NotebookResult:
    """Execute one notebook in a fresh kernel (with `parameters` injected); its result, pages not yet written.

    With `execute` False the stored outputs are kept as they are (the tests publish the pages this
    way: nbval has already proved the stored outputs equal a fresh run's).
    """
    start = time.perf_counter()
    notebook = read_notebook(path, parameters)
    title = notebook_title(notebook)
    if execute:
        try:
            run_in_fresh_kernel(notebook, timeout)
        except CellExecutionError:
            return NotebookResult(path.name, time.perf_counter() - start, False, title, _failing_cell(notebook))
    return NotebookResult(path.name, time.perf_counter() - start, True, title, notebook=notebook)


def publish_notebook(result: NotebookResult, path: Path, output: Path, inplace: bool = False) -> NotebookResult:
    """Write a notebook's two HTML pages (and, with `inplace`, the executed notebook over `path`) if it ran.

    The result's seconds then count the writing too.
    """
    if not result.ok or result.notebook is None:
        return result
    start = time.perf_counter()
    notebook = result.notebook
    add_alt_text(notebook)
    (output / f"{path.stem}.html").write_text(to_html(notebook, with_code=True), encoding="utf-8")
    (output / f"{path.stem}.report.html").write_text(to_html(notebook, with_code=False), encoding="utf-8")
    if inplace:
        nbformat.write(notebook, path)
    return replace(result, seconds=result.seconds + time.perf_counter() - start)


def select_notebooks(only: Sequence[str] = ()) -> list[Path]:
    """The notebooks to build, in name order; `only` picks by file name or stem (an unknown name is an error)."""
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if not only:
        return notebooks
    chosen = [p for p in notebooks if p.name in only or p.stem in only]
    unknown = set(only) - {p.name for p in chosen} - {p.stem for p in chosen}
    if unknown:
        raise ValueError(
            f"no notebook named {', '.join(sorted(unknown))}; choose from {', '.join(p.stem for p in notebooks)}"
        )
    return chosen


def default_jobs() -> int:
    """How many notebooks to run at once by default: the number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def build(
    notebooks: Sequence[Path],
    output: Path,
    inplace: bool = False,
    progress: Callable[[str], None] = print,
    jobs: int | None = None,
    execute: bool = True,
    parameters: dict[str, Any] | None = None,
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
) -> list[NotebookResult]:
    """Build the notebooks, `jobs` at a time (default: one per core), and write the index.

    Each notebook runs in its own fresh kernel. Progress is one line per notebook, in the order
    given (a line waits for the ones before it). A failing notebook does not stop the others;
    the index links what succeeded. `execute` False publishes the stored outputs without running.
    `parameters` are injected after each notebook's parameters cell (another report: REPORT, DATA_DIR);
    the index and annotated report are written for `report`.
    """
    if inplace and not execute:
        raise ValueError("inplace needs execute: there is nothing new to write back")
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    output.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or default_jobs(), len(notebooks)))
    results = []
    # Kernels run `workers` at a time on worker threads; this thread writes each notebook's pages as
    # its run's result comes back, in the order given.
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="build") as runs:
        runs_in_order = runs.map(lambda path: run_notebook(path, execute=execute, parameters=parameters), notebooks)
        for path, run in zip(notebooks, runs_in_order, strict=True):
            result = publish_notebook(run, path, output, inplace)
            status = "ok" if result.ok else f"FAILED at {result.error}"
            progress(f"{result.name:34s} {result.seconds:6.1f} s  {status}")
            results.append(result)
    write_site(results, output, report, data_dir)
    return results
