"""01_growth_rates: its stored findings say what the data give; rerun in a fresh kernel on the fictional report,
or with a headline rate the report lacks, it stops with one clear error naming the missing figure.

Expected sentences are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

import ast
import json
from urllib.parse import urlparse

import nbformat

from helpers import (
    NOMINAL,
    REAL,
    compare,
    get_metric,
    load_external,
    load_indicator_links,
    load_report_info,
    own_sentence,
    shown_measure,
)
from helpers.analysis.claims import SAME_AS_ABOVE
from helpers.analysis.growth import pp_gap
from helpers.analysis.peers import benchmark_measure, benchmark_table
from helpers.data.loading import outside_row
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


def test_stored_findings_keep_figures_with_a_basis_note_and_the_city_target_as_context():
    markdown = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    bench = benchmark_table(HEADLINE, ["郑州市", "河南省", "全国"], 2024, any_basis=True)
    present = int(bench["value"].notna().sum())
    assert present > int(benchmark_table(HEADLINE, ["郑州市", "河南省", "全国"], 2024)["value"].notna().sum())
    assert f"{present} exist" in markdown and f"{len(bench) - present} are missing" in markdown
    henan = bench[(bench["entity"] == "河南省") & (bench["metric_id"] == "fiscal_revenue_growth")].iloc[0]
    assert f"河南省 {henan['value']:+.1f}%" in markdown  # found despite its basis note
    target = outside_row("郑州市", "地区生产总值增速目标", 2024)
    assert target["source_kind"] in markdown and urlparse(target["source_address"]).netloc in markdown
    district, city_target = get_metric("gdp_growth").value, float(target["value"])
    assert f"{pp_gap(district, city_target):+.1f} pp" not in markdown  # no gap of the district to the city's target
    assert "statistical convention, not stated in the report" in markdown
    # fiscal and income non-comparability are each said once, in their own sentence
    assert get_metric("fiscal_revenue_growth").name_zh not in markdown
    assert markdown.count(get_metric("disposable_income_growth").name_zh) == 1


def test_income_growth_is_set_against_both_national_readings():
    markdown = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    income = get_metric("disposable_income_growth")
    readings = {}
    for indicator in load_indicator_links().query("metric_id == 'disposable_income_growth'")["indicator"]:
        measure, row = benchmark_measure(income.metric_id, indicator), outside_row("全国", indicator, 2024)
        if row is not None and measure in (REAL, NOMINAL):
            readings[measure] = float(row["value"])
    assert set(readings) == {REAL, NOMINAL}  # the data hold both national rates for 2024
    words = {compare(income.value, value) for value in readings.values()}
    if len(words) == 1:
        assert f"is {words.pop()} 全国's on either reading" in markdown
    else:
        assert "between 全国's two rates" in markdown
    for measure, value in readings.items():
        assert f"{measure} {value:+.1f}% ({pp_gap(income.value, value):+.1f} pp)" in markdown
    assert "one urban district (中原区) against all residents of 全国" in markdown


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
