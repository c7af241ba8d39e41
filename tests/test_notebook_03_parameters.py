"""A reader who changes 03_carbon_energy_targets's parameters cell can rerun it without editing any other cell."""

from __future__ import annotations

from helpers.notebook_run import execute_notebook, stream_text
from helpers.paths import NOTEBOOKS_DIR


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
