"""A reader who changes 03_carbon_energy_targets's parameters cell can rerun it without editing any other cell.

The findings are checked against values computed here from the data and helpers, so a typed
conclusion that ignores the parameters (a target dropped, an assumption changed, a figure missing)
fails these tests.
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat

from helpers.analysis.air_quality import good_day_share
from helpers.analysis.energy import (
    co2_avoided_tonnes,
    energy_use_change_on_path,
    missing_note,
    outside_value,
    pv_generation_mwh,
    standing_against_target,
)
from helpers.analysis.growth import annualised_change, cumulative_change
from helpers.data.loading import get_external, get_metric
from helpers.data.reports import load_report_info
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output
from helpers.publish.reused_kernel import ReusedKernel

from .conftest import clear_stop

NOTEBOOK = NOTEBOOKS_DIR / "03_carbon_energy_targets.ipynb"
TARGET = "单位GDP能耗降低目标(较2020)"


def test_findings_follow_the_targets_and_assumptions_named(notebook_kernel: ReusedKernel):
    hours, gdp_path = 1000, (2.0, 4.0, 6.0)
    notebook = notebook_kernel.run(
        NOTEBOOK,
        {
            "INTENSITY_TARGETS": ["全国", "河南省"],  # 郑州市 dropped; 河南省 has no target in the data
            "GDP_PATH_LOW_PCT": gdp_path[0],
            "GDP_PATH_CENTRAL_PCT": gdp_path[1],
            "GDP_PATH_HIGH_PCT": gdp_path[2],
            "PV_HOURS_LOW": hours,
            "PV_HOURS_CENTRAL": hours,
            "PV_HOURS_HIGH": hours,
            "GRID_FACTOR_ENTITIES": ["全国"],  # a smaller group of grid factors
        },
    )
    findings = tagged_output(notebook, "findings")
    decline = get_metric("energy_intensity_decline").value
    national = outside_value("全国", TARGET, 2025)
    word = standing_against_target(-decline, -national)
    # the target sentence is computed from the targets still named, and says what is missing
    assert f"fall is {word} the 全国 target (a fall of {national:.1f}% by 2025)," in findings
    assert "郑州市 target" not in findings
    assert missing_note("河南省", TARGET, 2025) in findings
    if word == "short of":
        assert f"holds only against a district target of at most {decline:g}%" in findings
    # the pace and the cumulative fall are reconciled from the same numbers: the (a) pace kept to 2025
    projected = cumulative_change(annualised_change(-decline, 4), 5)
    assert (
        f"the (a) pace would give {projected:+.1f}% over 2021–2025, "
        f"{standing_against_target(projected, -national)} the 全国 target, while the {-decline:+.1f}% reached by "
        f"2024 is {word} the 全国 target" in findings
    )
    # energy use under readings (a), 2021–2024, and (a′), 2021–2023, follows the assumed GDP path; a central
    # value set by the reader applies to both readings
    for years in (4, 3):
        uses = [energy_use_change_on_path(-decline, g, years) for g in gdp_path]
        assert (
            f"{min(uses):+.1f}% to {max(uses):+.1f}%; at the assumed central {gdp_path[1]:g}% a year "
            f"it would be {uses[1]:+.1f}%" in findings
        )
    assert f"a constant {gdp_path[0]:g}–{gdp_path[2]:g}% a year since 2020 (a round scenario range" in findings
    assert "no central case" not in findings
    # the PV range follows the assumed hours and the one grid entity left
    capacity = get_metric("new_pv_capacity").value
    tonnes = [
        co2_avoided_tonnes(
            pv_generation_mwh(capacity, float(hours)), outside_value("全国", "电力平均二氧化碳排放因子", y)
        )
        for y in (2021, 2022, 2023)
    ]
    assert (
        f"about {min(tonnes):,.0f}–{max(tonnes):,.0f} t CO2 per full year of operation at {hours:,}–{hours:,} "
        "full-load hours" in findings
    )
    assert stream_text(notebook, "stderr") == ""


def test_years_and_an_entity_without_data_are_shown_missing_not_a_type_error(notebook_kernel: ReusedKernel):
    # A lag that puts (a′) on a year the data lacks, a target year and a city without an air target: the run
    # completes and the findings name each gap with the file to add it to (no TypeError, no KeyError: None).
    notebook = notebook_kernel.run(
        NOTEBOOK, {"OUTTURN_LAG_YEARS": 2, "AIR_TARGET_YEAR": 2030, "AIR_TARGET_CITY": "河南省"}
    )
    findings = tagged_output(notebook, "findings")
    year = load_report_info().year
    lag_end = year - 2
    assert f"Under (a) 2021–{year} and (a′) 2021–{lag_end} alike" in findings
    for gap in (
        ("河南省", "空气质量优良天数比例目标", 2030),
        ("全国", f"单位GDP能耗累计降低(2021-{lag_end})", lag_end),
    ):
        assert math.isnan(outside_value(*gap))  # really absent from the data
        assert missing_note(*gap) in findings
    assert "target share is missing from the data" in findings
    # the report's only GDP rate lies inside (a) but outside (a′), so only (a′) lacks a central case
    gdp_year = get_metric("gdp_growth").year
    assert findings.count(f"no central case: the report's only growth rate is for {gdp_year}") == 1
    assert f"Under reading (a′) (ASSUMPTION), China's cumulative change over 2021–{lag_end} is missing" in findings
    assert stream_text(notebook, "stderr") == ""


def test_a_grid_factor_year_without_data_stops_with_the_clear_error(notebook_kernel: ReusedKernel):
    assert get_external("河南省", "电力平均二氧化碳排放因子", 2030) is None
    message = clear_stop(notebook_kernel, NOTEBOOK, {"GRID_FACTOR_YEARS": [2023, 2030]})
    assert "no outside figure for 河南省 电力平均二氧化碳排放因子 2030" in message and "external_figures.csv" in message
    assert "TypeError" not in message and "KeyError: None" not in message


def test_runs_on_the_fictional_report_with_its_own_figures(fictional_data: Path, notebook_kernel: ReusedKernel):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = notebook_kernel.run(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
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


def test_the_claim_is_tested_only_where_the_report_makes_it(notebook_kernel: ReusedKernel):
    """The stored run tests 提前完成 (its sentence has the words); claim words the report lacks are not tested."""
    stored = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    growth = get_metric("gdp_growth")
    assert "提前完成 holds only against" in stored or "consistent with 提前完成" in stored
    # the district's growth is unknown for the plan years before the report's rate: 2021 to the year before
    assert f"real GDP growth in 2021–{growth.year - 1} (the report gives {growth.year}'s only)" in stored
    assert "of new PV added in" in stored
    words = "不存在的说法"
    notebook = notebook_kernel.run(NOTEBOOK, {"CLAIM_WORDS": words})
    findings = tagged_output(notebook, "findings")
    assert f"the report makes no {words} claim beside it, so none is tested" in findings
    assert f"{words} cannot be checked" not in findings and "提前完成" not in findings
    assert stream_text(notebook, "stderr") == ""
