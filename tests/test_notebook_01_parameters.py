"""01_growth_rates: its stored findings say what the data give; rerun in a fresh kernel on the fictional report,
or with a headline rate the report lacks, it stops with one clear error naming the missing figure.

Expected sentences are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

import ast
import json
import re

import nbformat

from helpers import (
    NOMINAL,
    REAL,
    compare,
    get_metric,
    load_external,
    load_report_info,
    own_sentence,
    shown_measure,
)
from helpers.analysis.claims import SAME_AS_ABOVE
from helpers.analysis.growth import pp_gap
from helpers.analysis.verdicts import headline_verdicts
from helpers.data.loading import outside_row
from helpers.findings.growth import word_count
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import tagged_output

from .conftest import clear_stop

NOTEBOOK = NOTEBOOKS_DIR / "01_growth_rates.ipynb"
HEADLINE = [
    "gdp_growth",
    "retail_sales_growth",
    "fixed_asset_investment_growth",
    "industrial_value_added_growth",
    "fiscal_revenue_growth",
    "disposable_income_growth",
]


def test_the_stored_findings_cell_builds_its_sentences_from_values():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "findings" in c["metadata"].get("tags", []))
    literals = [n.value for n in ast.walk(ast.parse("".join(cell["source"]))) if isinstance(n, ast.Constant)]
    assert not [v for v in literals if isinstance(v, str)], "the findings cell must not type a sentence"
    assert tagged_output(nbformat.reads(json.dumps(notebook), as_version=4), "findings").startswith("### Findings")


def findings_bullets() -> list[str]:
    """The stored findings' bullets."""
    markdown = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    return [line[2:] for line in markdown.splitlines() if line.startswith("- ")]


def test_stored_findings_are_at_most_five_short_bullets_the_answer_first_and_no_code_names():
    bullets = findings_bullets()
    assert 0 < len(bullets) <= 5
    assert all(word_count(bullet) <= 45 for bullet in bullets), [word_count(b) for b in bullets]
    growth_value = get_metric("gdp_growth").value
    assert bullets[0].startswith(f"中原区's GDP grew {growth_value:.1f}% in 2024")
    city = float(outside_row("郑州市", "地区生产总值增速", 2024)["value"])
    assert f"{compare(growth_value, city)} 郑州市's {city:.1f}% ({pp_gap(growth_value, city):+.1f} pp)" in bullets[0]
    assert not re.search(r"\bA\d\b|[A-Z]{3,}_[A-Z]", " ".join(bullets))


def test_income_is_judged_once_and_fiscal_revenue_left_to_the_caveats():
    text = " ".join(findings_bullets())
    assert text.count(get_metric("disposable_income_growth").name_zh) == 1
    assert get_metric("fiscal_revenue_growth").name_zh not in text


def test_the_city_targets_bullet_counts_its_at_least_targets_from_the_data():
    external = load_external()
    goals = external[
        (external["entity"] == "郑州市") & (external["year"] == 2024) & external["indicator"].str.endswith("目标")
    ]
    met = judged = 0
    for row in goals.itertuples():
        outturn = outside_row("郑州市", row.indicator.removesuffix("目标"), 2024)
        if "以上" in row.basis and outturn is not None:
            judged += 1
            met += float(outturn["value"]) >= row.value
    bullet = next(b for b in findings_bullets() if "'at least' targets" in b)
    assert f"郑州市 met {met} of its {judged} 'at least' targets" in bullet
    assert "'较好完成'" in bullet and "cannot be checked" in bullet


def test_the_neighbour_targets_are_labelled_as_its_own_and_the_district_has_none():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    html = "".join(
        output.get("data", {}).get("text/html", "") for cell in notebook.cells for output in cell.get("outputs", [])
    )
    assert "管城回族区 target 2024 (a neighbouring district's own, not 中原区's)" in html
    assert outside_row("中原区", "地区生产总值增速目标", 2024) is None  # so the district's own column shows missing


def test_the_verdict_table_links_to_headings_of_this_notebook():
    headings = [
        line.removeprefix("## ")
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    linked = [v.section for v in headline_verdicts() if v.notebook == NOTEBOOK.stem]
    assert linked and all(section in headings for section in linked)


def test_the_match_tolerance_defaults_to_the_verdict_table_value():
    cell = next(c for c in nbformat.read(NOTEBOOK, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    assert "MATCH_TOLERANCE = GDP_MATCH_TOLERANCE" in cell.source


def test_an_outside_measure_is_by_convention_unless_its_sentence_states_it():
    assert shown_measure(REAL, "扣除价格因素实际增长5.1%") == REAL
    assert shown_measure(NOMINAL, "比上年名义增长5.3%") == NOMINAL
    assert shown_measure(REAL, "规模以上工业增加值增长10.5%") == "real (by convention)"
    assert shown_measure("", "规模以上工业增加值增长10.5%") == ""
    external = load_external()
    pointer = external[external["quoted_sentence"] == SAME_AS_ABOVE].iloc[0]
    sentence = own_sentence(external, pointer["entity"], pointer["indicator"], int(pointer["year"]))
    earlier = external[(external["line"] < pointer["line"]) & (external["source_address"] == pointer["source_address"])]
    assert (
        sentence != SAME_AS_ABOVE
        and sentence == earlier[earlier["quoted_sentence"] != SAME_AS_ABOVE]["quoted_sentence"].iloc[-1]
    )
    assert own_sentence(external, "无数据市", pointer["indicator"], int(pointer["year"])) == ""


def test_on_the_fictional_report_it_stops_clearly_at_the_district_gdp_table(fictional_data):
    info = load_report_info("shiliqu_2024", fictional_data)
    message = clear_stop(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    assert f"no outside figure for {info.district} 地区生产总值 2025 on basis '民政口径'" in message
    assert "external_figures.csv" in message


def test_a_headline_id_the_report_lacks_stops_with_the_clear_error():
    message = clear_stop(NOTEBOOK, {"HEADLINE_GROWTH": [*HEADLINE, "no_such_growth"]})
    assert "'zhongyuan_2024' has no metric 'no_such_growth'" in message
