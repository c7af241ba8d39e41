"""A reader who changes 01_growth_rates's parameters cell can rerun it without editing any other cell."""

from __future__ import annotations

from helpers.notebook_run import execute_notebook, stream_text
from helpers.paths import NOTEBOOKS_DIR


def test_growth_notebook_runs_without_a_benchmark():
    notebook = execute_notebook(NOTEBOOKS_DIR / "01_growth_rates.ipynb", {"BENCHMARKS": ["郑州市", "河南省"]})
    out = stream_text(notebook)
    assert "全国" not in out
    assert "vs 郑州市" in out
    assert stream_text(notebook, "stderr") == ""
