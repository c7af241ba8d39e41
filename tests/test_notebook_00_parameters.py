"""A reader who changes 00_data_tour's parameters cell can rerun it without editing any other cell."""

from __future__ import annotations

from helpers import get_metric, load_metrics
from helpers.notebook_run import execute_notebook, stream_text, tagged_output
from helpers.paths import NOTEBOOKS_DIR


def _shown(notebook, source_start: str) -> str:
    """The plain-text output of the code cell whose source starts with `source_start`."""
    cell = next(c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(source_start))
    return cell.outputs[0]["data"]["text/plain"]


def test_data_tour_follows_its_parameters():
    notebook = execute_notebook(
        NOTEBOOKS_DIR / "00_data_tour.ipynb",
        {"METRIC_ID": "new_pv_capacity", "SECTION_OF_INTEREST": "生态环境不断改善"},
    )
    pv = get_metric("new_pv_capacity")
    lookup = _shown(notebook, "m = get_metric(METRIC_ID)")
    assert pv.label() in lookup and pv.quote in lookup
    section = _shown(notebook, "section = metrics[")
    assert "good_air_days" in section and "gdp_growth" not in section
    assert f"The report makes {len(load_metrics())} quantitative claims" in tagged_output(notebook, "findings")
    assert stream_text(notebook, "stderr") == ""
