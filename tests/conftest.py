"""Shared fixtures: the site built once per run, a throw-away copy of report_data that a test may break.

The suite runs on every core (pytest-xdist, `-n auto --dist loadfile` in pyproject.toml): each test
file, and so each notebook's nbval cells, runs whole and in order on one worker.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from helpers.paths import DATA_DIR
from helpers.publish.reused_kernel import ReusedKernel


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole report (every notebook's pages, the index, the annotated report), built once per run and shared.

    It publishes the stored notebooks without rerunning them: nbval proves that the stored outputs are
    what a fresh run gives, and tests/test_build.py runs the build's execution on small notebooks.

    Under xdist the first worker to ask builds it in the run's shared temporary folder while holding
    a lock; the others wait for it and reuse it (and its outcome), so it is never built twice.
    """
    from helpers.publish.build import build, select_notebooks

    def publish(output: Path) -> list[str]:
        """Publish every stored notebook into `output`; the failures, 'name: error' each."""
        results = build(select_notebooks(), output, progress=lambda line: None, execute=False)
        return [f"{r.name}: {r.error}" for r in results if not r.ok]

    if "PYTEST_XDIST_WORKER" not in os.environ:
        output = tmp_path_factory.mktemp("build")
        errors = publish(output)
    else:
        shared = tmp_path_factory.getbasetemp().parent  # this run's folder, above every worker's own
        output, outcome = shared / "built_site", shared / "built_site.json"
        with FileLock(shared / "built_site.lock"):
            if not outcome.exists():
                outcome.write_text(json.dumps(publish(output)), encoding="utf-8")
            errors = json.loads(outcome.read_text(encoding="utf-8"))
    assert errors == [], errors
    return output


@pytest.fixture(scope="session")
def fictional_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of report_data with the fictional 示例区 report added the way a user would: new, then review.

    Built once per worker; tests read it and never change it (copy it first to break it).
    """
    from helpers.extract.scaffold import run_new

    from .fixtures.review_shiliqu import REPORT_ID, TEXT, review

    target = tmp_path_factory.mktemp("fictional") / "report_data"
    shutil.copytree(DATA_DIR, target)
    assert run_new(TEXT, REPORT_ID, "示例区", 2024, target, city="示例市", province="河南省") == 0
    review(target / "reports" / REPORT_ID)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of report_data in tmp_path; tests edit this, never the real files."""
    target = tmp_path / "report_data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def notebook_kernel() -> Iterator[ReusedKernel]:
    """One kernel per worker for the notebooks' parameter tests, reset before each run (ReusedKernel).

    Each run starts from a fresh kernel's state without paying for a kernel start and the imports;
    tests/test_reused_kernel.py proves a reset run gives a fresh run's outputs. nbval and the
    build still run every notebook in a fresh kernel.
    """
    with ReusedKernel() as kernel:
        yield kernel


def clear_stop(kernel: ReusedKernel, notebook: Path, parameters: dict[str, object]) -> str:
    """Run `notebook` with `parameters`, expecting it to stop with the clear MissingFigureError; its message.

    Fails if the run goes through, or stops with anything a reader should never see (TypeError, KeyError: None).
    """
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError) as stop:
        kernel.run(notebook, parameters)
    message = str(stop.value)
    assert "MissingFigureError" in message, message
    assert "TypeError" not in message and "KeyError: None" not in message
    return message


def write_notebook(path: Path, *sources: str) -> Path:
    """A small notebook at `path`: a heading naming it, then one code cell per source (unexecuted)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# Test notebook {path.stem}")]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in a UTF-8 file, failing loudly if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of `path` containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first: those using the built site, then those running notebooks, then those
    marked `slow`, then the rest.

    A file runs notebooks if it holds nbval's cells, uses the `notebook_kernel` fixture or is marked
    `kernel`. With `--dist loadfile --no-loadscope-reorder` (pyproject.toml) xdist hands out files in
    this order (by name within each group), so the long ones start at once and the quick ones fill the
    end of the run. The order within a file, and so of a notebook's cells, is kept.
    """

    def uses(item: pytest.Item, fixture: str) -> bool:
        return fixture in getattr(item, "fixturenames", ())

    site = {item.path for item in items if uses(item, "built_site")}
    kernel = {
        item.path
        for item in items
        if item.path.suffix == ".ipynb" or uses(item, "notebook_kernel") or item.get_closest_marker("kernel")
    }
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: 0 if item.path in site else 1 if item.path in kernel else 2 if item.path in slow else 3)


# Filled by tests/test_extract.py; shown at the end of the run so the extractor's precision is reported.
EXTRACTOR_SCORES: dict[str, tuple[int, int]] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker: hand the extractor's scores to the controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None and EXTRACTOR_SCORES:
        workeroutput["extractor_scores"] = {key: list(value) for key, value in EXTRACTOR_SCORES.items()}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # type: ignore[no-untyped-def]
    """On the xdist controller: collect the scores a worker handed over."""
    scores = getattr(node, "workeroutput", {}).get("extractor_scores", {})
    EXTRACTOR_SCORES.update({key: (value[0], value[1]) for key, value in scores.items()})


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if EXTRACTOR_SCORES:
        (found, total), (right, proposed) = EXTRACTOR_SCORES["recall"], EXTRACTOR_SCORES["precision"]
        terminalreporter.write_line(
            f"extractor on the project's report: recall {found}/{total} = {found / total:.1%}, "
            f"precision {right}/{proposed} = {right / proposed:.1%}"
        )
