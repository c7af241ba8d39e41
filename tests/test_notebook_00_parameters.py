"""A reader who changes 00_data_tour's parameters cell can rerun it without editing any other cell."""

from __future__ import annotations

from helpers.notebook_run import execute_notebook, stream_text
from helpers.paths import NOTEBOOKS_DIR


def test_data_tour_follows_its_parameters():
    notebook = execute_notebook(
        NOTEBOOKS_DIR / "00_data_tour.ipynb",
        {"METRIC_ID": "new_pv_capacity", "SECTION_OF_INTEREST": "生态环境不断改善"},
    )
    out = stream_text(notebook)
    assert "value as printed: 7.43 兆瓦" in out
    assert "新增光伏发电装机容量7.43兆瓦" in out
