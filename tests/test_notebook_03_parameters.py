"""03_carbon_energy_targets: its stored findings answer first (the claim cannot be checked; what it implies), in at
most five short bullets without code names, built by functions rather than typed in the cell; rerun in a fresh
kernel on the fictional report it runs through on that report's own figures, listing the outside figures it lacks
instead of stopping. (A parameter the data cannot have stops it: tests/test_findings_energy.py tests that stop.)

Expected values are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

import helpers.findings.energy as say
from helpers.analysis.air_quality import good_day_share
from helpers.data.loading import get_metric, missing_note, outside_row, outside_value
from helpers.data.reports import load_report_info
from helpers.findings.common import MAX_WORDS, word_count
from helpers.paths import NOTEBOOKS_DIR

from .conftest import run_fresh, stream_text, tagged_output

NOTEBOOK = NOTEBOOKS_DIR / "03_carbon_energy_targets.ipynb"
TARGET = "单位GDP能耗降低目标(较2020)"
CODE_NAME = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\(a′?\)|\(b\)")


def bullets(findings: str) -> list[str]:
    return [line[2:] for line in findings.splitlines() if line.startswith("- ")]


def all_outputs(notebook: nbformat.NotebookNode) -> str:
    """Every text and table output of an executed notebook, as one string."""
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(str(output.get("text", "")))
            texts.extend(
                str(output.get("data", {}).get(mime, "")) for mime in ("text/plain", "text/html", "text/markdown")
            )
    return "\n".join(texts)


def test_the_stored_findings_answer_first_in_five_short_bullets_without_code_names():
    stored = bullets(tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings"))
    decline = get_metric("energy_intensity_decline")
    assert 1 <= len(stored) <= 5 and all(word_count(b) <= MAX_WORDS for b in stored)
    assert "cannot be checked here" in stored[0]
    assert f"implies a district target of at most {decline.value:g}%" in stored[0]
    assert not [b for b in stored if CODE_NAME.search(b)]
    assert "of new PV" in stored[3] and "good-air days" in stored[4]


def test_the_findings_cell_types_no_sentence():
    cell = next(c for c in nbformat.read(NOTEBOOK, as_version=4).cells if "findings" in c.metadata.get("tags", []))
    literals = [n.value for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Constant)]
    assert not [s for s in literals if isinstance(s, str) and len(s.split()) > 2]


def test_runs_on_the_fictional_report_with_its_own_figures(fictional_data: Path):
    info = load_report_info("shiliqu_2024", fictional_data)
    notebook = run_fresh(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    findings, outputs = tagged_output(notebook, "findings"), all_outputs(notebook)
    decline = get_metric("energy_intensity_decline", info.id, fictional_data)
    good = get_metric("good_air_days", info.id, fictional_data)
    pv = get_metric("new_pv_capacity", info.id, fictional_data)
    assert decline.value != get_metric("energy_intensity_decline").value  # its own figure, not the project's
    assert f"states a {decline.value:g}% fall" in findings  # its sentence makes no 提前完成 claim
    share = good_day_share(good.value, info.year)
    assert f"{info.district} had {good.value:g} good-air days in {info.year} ({share:.1f}% of" in findings
    # its province has no grid factor: China's alone are used, and the province's is listed as missing
    assert outside_row(info.province, say.GRID_FACTOR, 2023) is None
    assert missing_note(info.province, say.GRID_FACTOR, 2023) in outputs
    factors = [outside_value("全国", say.GRID_FACTOR, year) for year in (2021, 2022, 2023)]
    low, high = pv.base_value * 900 * min(factors), pv.base_value * 1300 * max(factors)  # MW x h x kgCO2/kWh = t
    assert f"would avoid about {low:,.0f}–{high:,.0f} t of CO2" in findings
    assert load_report_info().district not in findings and len(bullets(findings)) == 5
    assert "This report states no" not in outputs  # it states every figure the sections look for
    # its city has no targets in the outside data: listed as missing, with the file to add them to
    assert missing_note(info.city, TARGET, 2025) in outputs
    assert stream_text(notebook, "stderr") == ""
