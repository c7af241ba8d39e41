"""Shared fixtures and helpers: the site published once per test process, the fictional reports, a throw-away
copy of report_data that a test may break, and a fresh-kernel run of a notebook with other parameters.

The suite runs on every core (pytest-xdist, `-n auto --dist loadfile` in pyproject.toml): each test
file, and so each notebook's nbval cells, runs whole and in order on one worker.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from helpers.paths import DATA_DIR


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole report (every notebook's pages, the index, the annotated report), published once per test process.

    It publishes the stored notebooks without rerunning them: nbval proves that the stored outputs are
    what a fresh run gives, and tests/test_build.py runs the build's execution on small notebooks.
    """
    from helpers.publish.build import build, select_notebooks

    output = tmp_path_factory.mktemp("build")
    results = build(select_notebooks(), output, progress=lambda line: None, execute=False)
    assert [f"{r.name}: {r.error}" for r in results if not r.ok] == []
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


@pytest.fixture(scope="session")
def summary_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of report_data with the fictional 样例区 one-paragraph summary (no headings, no investment, energy or
    air figures) added the way a user would: new, then review. Built once per worker; tests never change it.
    """
    from helpers.extract.scaffold import run_new

    from .fixtures.review_yangliqu import CITY, DISTRICT, PROVINCE, REPORT_ID, TEXT, review

    target = tmp_path_factory.mktemp("summary") / "report_data"
    shutil.copytree(DATA_DIR, target)
    assert run_new(TEXT, REPORT_ID, DISTRICT, 2024, target, city=CITY, province=PROVINCE) == 0
    review(target / "reports" / REPORT_ID)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of report_data in tmp_path; tests edit this, never the real files."""
    target = tmp_path / "report_data"
    shutil.copytree(DATA_DIR, target)
    return target


def run_fresh(notebook: Path, parameters: dict[str, Any] | None = None) -> nbformat.NotebookNode:
    """`notebook` with `parameters` injected after its parameters cell, executed in a fresh kernel as the build
    runs it; the executed copy (the file is not changed). Raises CellExecutionError at the first failing cell.
    """
    from helpers.publish.notebook_run import read_notebook, run_in_fresh_kernel

    executed = read_notebook(notebook, parameters)
    run_in_fresh_kernel(executed)
    return executed


def write_notebook(path: Path, *sources: str) -> Path:
    """A small notebook at `path`: a heading naming it, then one code cell per source (unexecuted)."""
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


def stream_text(notebook: nbformat.NotebookNode, name: str = "stdout") -> str:
    """All `name` stream output of an executed notebook, joined."""
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == name
    )


def tagged_output(notebook: nbformat.NotebookNode, tag: str, mime: str = "text/markdown") -> str:
    """The `mime` output of the one code cell tagged `tag` in an executed notebook ('' if it shows none).

    Raises ValueError if no cell, or more than one, carries the tag, so a test cannot pass by reading nothing.
    """
    cells = [c for c in notebook.cells if c.cell_type == "code" and tag in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"{len(cells)} code cells are tagged {tag!r}; expected exactly one")
    return "".join(
        str(output["data"][mime]) for output in cells[0].get("outputs", []) if mime in output.get("data", {})
    )
