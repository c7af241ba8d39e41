"""Notebook hygiene (stored executed in order, kernel python3, no errors, stderr or machine paths), and the
pre-commit hooks. Lint, format and types (ruff, mypy) run as their own step in .ci/run and in pre-commit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from helpers.publish.notebook_check import notebook_problems

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_clean_and_in_order(notebook: Path):
    assert notebook_problems(notebook) == []


def test_the_hygiene_check_has_notebooks_to_check():
    """Without notebooks the parametrised check above would pass by checking nothing."""
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOKS_DIR}"


def _notebook(
    tmp_path: Path, counts: list[int | None], outputs: list[dict] | None = None, kernel: str = "python3"
) -> Path:
    cells = [
        {"cell_type": "code", "execution_count": count, "metadata": {}, "source": f"x = {i}", "outputs": outputs or []}
        for i, count in enumerate(counts)
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": kernel}}}), encoding="utf-8")
    return path


def test_notebook_check_catches_a_stale_execution_order(tmp_path):
    assert "not 1..2 in order" in notebook_problems(_notebook(tmp_path, [2, 1]))[0]


def test_notebook_check_catches_unexecuted_cells_and_wrong_kernel(tmp_path):
    problems = notebook_problems(_notebook(tmp_path, [1, None], kernel="venv"))
    assert any("kernelspec.name is 'venv'" in p for p in problems)
    assert any("never executed" in p for p in problems)


def test_notebook_check_catches_stderr_errors_and_machine_paths(tmp_path):
    outputs = [
        {"output_type": "stream", "name": "stderr", "text": "UserWarning"},
        {"output_type": "error", "ename": "KeyError", "evalue": "", "traceback": []},
        {"output_type": "stream", "name": "stdout", "text": "/home/me/project/report_data"},
    ]
    problems = notebook_problems(_notebook(tmp_path, [1], outputs))
    assert len(problems) == 3


def test_pre_commit_runs_the_checks_ci_runs():
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"].replace(" --force-exclude", "") for repo in config["repos"] for hook in repo["hooks"]]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lint = [entry for entry in entries if entry.startswith(("ruff", "mypy"))]
    assert lint and all(f".venv/bin/{entry}" in ci for entry in lint)  # CI runs the same lint and type checks
    assert "python -m helpers nbcheck" in entries
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
