"""A reader who changes 02_investment_ranking's parameters cell can rerun it without editing any other cell."""

from __future__ import annotations

from helpers.notebook_run import execute_notebook, stream_text
from helpers.paths import NOTEBOOKS_DIR


def test_investment_notebook_runs_with_fewer_districts():
    notebook = execute_notebook(
        NOTEBOOKS_DIR / "02_investment_ranking.ipynb", {"DISTRICTS": ["中原区", "金水区", "惠济区"]}
    )
    out = stream_text(notebook)
    assert "peers with the same figure in the outside data: 0 of 2" in out
    assert "中原区 by size (GDP 2024, derived) (民政口径): 2 of 3 ranked" in out
    assert stream_text(notebook, "stderr") == ""
