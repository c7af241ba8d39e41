"""A reader who changes 03_carbon_energy_targets's parameters cell can rerun it without editing any other cell.

The findings are checked against values computed here from the data and helpers, so a typed
conclusion that ignores the parameters (a target dropped, an assumption changed, a figure missing)
fails these tests.
"""

from __future__ import annotations

import math

import nbformat

from helpers.energy import (
    co2_avoided_tonnes,
    energy_use_change_on_path,
    missing_note,
    outside_value,
    pv_generation_mwh,
    standing_against_target,
)
from helpers.growth import annualised_change, cumulative_change
from helpers.loading import get_metric
from helpers.notebook_run import execute_notebook, stream_text
from helpers.paths import NOTEBOOKS_DIR

NOTEBOOK = NOTEBOOKS_DIR / "03_carbon_energy_targets.ipynb"
TARGET = "单位GDP能耗降低目标(较2020)"


def findings_text(notebook: nbformat.NotebookNode) -> str:
    """The Markdown shown by the cell tagged `findings`."""
    cell = next(c for c in notebook.cells if "findings" in c.get("metadata", {}).get("tags", []))
    return "".join(o["data"]["text/markdown"] for o in cell.outputs if "text/markdown" in o.get("data", {}))


def test_findings_follow_the_targets_and_assumptions_named():
    hours, gdp_path = 1000, (2.0, 4.0, 6.0)
    notebook = execute_notebook(
        NOTEBOOK,
        {
            "INTENSITY_TARGETS": ["全国", "河南省"],  # 郑州市 dropped; 河南省 has no target in the data
            "GDP_PATH_LOW_PCT": gdp_path[0],
            "GDP_PATH_CENTRAL_PCT": gdp_path[1],
            "GDP_PATH_HIGH_PCT": gdp_path[2],
            "PV_HOURS_LOW": hours,
            "PV_HOURS_CENTRAL": hours,
            "PV_HOURS_HIGH": hours,
        },
    )
    findings = findings_text(notebook)
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
    # the PV range follows the assumed hours
    capacity = get_metric("new_pv_capacity").value
    tonnes = [
        co2_avoided_tonnes(pv_generation_mwh(capacity, float(hours)), outside_value(e, "电力平均二氧化碳排放因子", y))
        for e in ("河南省", "全国")
        for y in (2021, 2022, 2023)
    ]
    assert (
        f"about {min(tonnes):,.0f}–{max(tonnes):,.0f} t CO2 per full year of operation at {hours:,}–{hours:,} "
        "full-load hours" in findings
    )
    assert stream_text(notebook, "stderr") == ""


def test_absent_outside_figures_are_shown_missing_not_a_type_error():
    # Before: `YEAR = 2023` or a city without an air target died with
    # TypeError: 'NoneType' object is not subscriptable. Now the run completes and the findings name the gaps.
    notebook = execute_notebook(NOTEBOOK, {"YEAR": 2023, "AIR_TARGET_CITY": "河南省"})
    findings = findings_text(notebook)
    assert "Under (a) 2021–2023 and (a′) 2021–2022 alike" in findings
    for gap in (
        ("河南省", "空气质量优良天数比例目标", 2025),
        ("全国", "单位GDP能耗降低(年度)", 2023),
        ("全国", "单位GDP能耗累计降低(2021-2022)", 2022),
    ):
        assert math.isnan(outside_value(*gap))  # really absent from the data
        assert missing_note(*gap) in findings
    assert "target share is missing from the data" in findings
    # the report's only GDP rate (2024) lies outside both periods, so neither gets a central case from it
    gdp_year = get_metric("gdp_growth").year
    assert findings.count(f"no central case: the report's only growth rate is for {gdp_year}") == 2
    assert "rate held" not in findings
    assert "Under reading (a′) (ASSUMPTION), China's cumulative change over 2021–2022 is missing" in findings
    assert stream_text(notebook, "stderr") == ""
