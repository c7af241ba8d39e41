"""Shared fixtures: a throw-away copy of report_data that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.paths import DATA_DIR


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
