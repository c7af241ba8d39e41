"""03_carbon_energy_targets: its stored findings test the report's claim where the report makes it; rerun in a
fresh kernel on the fictional report it runs through on that report's own figures, and a grid-factor year the
data lack stops it with one clear error naming the missing figure.

Expected values are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers.analysis.air_quality import good_day_share
from helpers.data.loading import get_metric, missing_note, outside_row
from helpers.data.reports import load_report_info
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output

from .conftest import clear_stop, run_fresh

NOTEBOOK = NOTEBOOKS_DIR / "03_carbon_energy_targets.ipynb"
TARGET = "单位GDP能耗降低目标(较2020)"


def test_the_stored_findings_test_the_claim_the_report_makes():
    """The stored run tests 提前完成 (its sentence has the words) and says which years of growth are unknown."""
    stored = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    growth = get_metric("gdp_growth")
    assert "提前完成 holds only against" in stored or "consistent with 提前完成" in stored
    # the district's growth is unknown for the plan years before the report's rate: 2021 to the year before
    assert f"real GDP growth in 2021–{growth.year - 1} (the report gives {growth.year}'s only)" in stored
    assert "of new PV added in" in stored


def test_runs_on_the_fictional_report_with_its_own_figures(fictional_data: Path):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    findings = tagged_output(notebook, "findings")
    decline = get_metric("energy_intensity_decline", info.id, fictional_data)
    good = get_metric("good_air_days", info.id, fictional_data)
    assert decline.value != get_metric("energy_intensity_decline").value  # its own figure, not the project's
    assert f"the cumulative {decline.value:g}% fall is" in findings
    assert f"{info.district} had {good_day_share(good.value, info.year):.1f}% good-air days in {info.year}" in findings
    assert load_report_info().district not in findings
    # its city has no targets in the outside data: shown as missing, with the file to add them to
    assert missing_note(info.city, TARGET, 2025) in findings
    assert stream_text(notebook, "stderr") == ""


def test_a_grid_factor_year_without_data_stops_with_the_clear_error():
    assert outside_row("河南省", "电力平均二氧化碳排放因子", 2030) is None
    message = clear_stop(NOTEBOOK, {"GRID_FACTOR_YEARS": [2023, 2030]})
    assert "no outside figure for 河南省 电力平均二氧化碳排放因子 2030" in message and "external_figures.csv" in message
