"""A reader who changes a notebook's parameters cell can rerun it without editing any other cell."""

from __future__ import annotations

import nbformat
import pytest

from helpers.notebook_run import execute_notebook, inject_parameters, stream_text
from helpers.paths import NOTEBOOKS_DIR


def test_growth_notebook_runs_without_a_benchmark():
    notebook = execute_notebook(NOTEBOOKS_DIR / "01_growth_rates.ipynb", {"BENCHMARKS": ["郑州市", "河南省"]})
    out = stream_text(notebook)
    assert "全国" not in out
    assert "vs 郑州市" in out
    assert stream_text(notebook, "stderr") == ""


def test_data_tour_follows_its_parameters():
    notebook = execute_notebook(
        NOTEBOOKS_DIR / "00_data_tour.ipynb",
        {"METRIC_ID": "new_pv_capacity", "SECTION_OF_INTEREST": "生态环境不断改善"},
    )
    out = stream_text(notebook)
    assert "value as printed: 7.43 兆瓦" in out
    assert "新增光伏发电装机容量7.43兆瓦" in out


def test_an_unknown_parameter_is_refused():
    notebook = nbformat.read(NOTEBOOKS_DIR / "01_growth_rates.ipynb", as_version=4)
    with pytest.raises(ValueError, match="'BENCHMARK' is not set in the parameters cell"):
        inject_parameters(notebook, {"BENCHMARK": ["全国"]})


def test_investment_notebook_runs_with_fewer_districts():
    notebook = execute_notebook(
        NOTEBOOKS_DIR / "02_investment_ranking.ipynb", {"DISTRICTS": ["中原区", "金水区", "惠济区"]}
    )
    out = stream_text(notebook)
    assert "peers with the same figure in the outside data: 0 of 2" in out
    assert "中原区 by size (GDP 2024, derived) (民政口径): 2 of 3 ranked" in out
    assert stream_text(notebook, "stderr") == ""


def test_carbon_notebook_follows_its_assumption_and_targets():
    notebook = execute_notebook(
        NOTEBOOKS_DIR / "03_carbon_energy_targets.ipynb",
        {"PV_HOURS_LOW": 1000, "PV_HOURS_CENTRAL": 1000, "PV_HOURS_HIGH": 1000, "INTENSITY_TARGETS": ["全国"]},
    )
    out = stream_text(notebook)
    assert "ASSUMPTION: PV runs 1,000–1,000 full-load hours" in out
    assert "7,430 MWh a year" in out  # 7.43 MW × 1,000 h
    assert "郑州市 target -14.0%" not in out  # the energy-intensity target is no longer compared
    assert "全国 target -13.5%" in out
    assert stream_text(notebook, "stderr") == ""


def test_assigned_names_sees_tuple_and_annotated_assignments():
    from helpers.notebook_run import assigned_names

    assert assigned_names("A = 1\nB, C = 2, 3\nD: int = 4\nprint(A)\n") == {"A", "B", "C", "D"}
