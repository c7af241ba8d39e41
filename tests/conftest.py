"""Shared fixtures: a throw-away copy of report_data that a test may break."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers.paths import DATA_DIR


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole report (every notebook, pages and index), built once per test session and shared."""
    from helpers.build import build, select_notebooks

    output = tmp_path_factory.mktemp("build")
    results = build(select_notebooks(), output, progress=lambda line: None)
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return output


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of report_data in tmp_path; tests edit this, never the real files."""
    target = tmp_path / "report_data"
    shutil.copytree(DATA_DIR, target)
    return target


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


def pytest_configure(config: pytest.Config) -> None:
    """For benchmarks/bench.py only: count kernel starts when ZY_COUNT_KERNELS names a file."""
    target = os.environ.get("ZY_COUNT_KERNELS")
    if not target:
        return
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    original = LocalProvisioner.launch_kernel
    count = {"kernels": 0}

    async def counting_launch(self, cmd, **kwargs):  # type: ignore[no-untyped-def]
        count["kernels"] += 1
        return await original(self, cmd, **kwargs)

    LocalProvisioner.launch_kernel = counting_launch  # type: ignore[method-assign]
    config.add_cleanup(lambda: Path(target).write_text(str(count["kernels"])))


# Filled by tests/test_extract.py; shown at the end of the run so the extractor's precision is reported.
EXTRACTOR_SCORES: dict[str, tuple[int, int]] = {}


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if EXTRACTOR_SCORES:
        (found, total), (right, proposed) = EXTRACTOR_SCORES["recall"], EXTRACTOR_SCORES["precision"]
        terminalreporter.write_line(
            f"extractor on the project's report: recall {found}/{total} = {found / total:.1%}, "
            f"precision {right}/{proposed} = {right / proposed:.1%}"
        )
