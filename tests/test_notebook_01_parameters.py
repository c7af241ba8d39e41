"""01_growth_rates reruns with changed parameters, and its findings change as the numbers say.

Expected sentences are computed here from the data and helpers, not pasted from the notebook.
"""

from __future__ import annotations

import ast
import json
from urllib.parse import urlparse

import nbformat
import pytest

from helpers import (
    NOMINAL,
    REAL,
    compare,
    get_metric,
    load_external,
    load_indicator_links,
    load_metrics,
    load_report_info,
    own_sentence,
    shown_measure,
)
from helpers.analysis.claims import SAME_AS_ABOVE, change_claims, claim_measures
from helpers.analysis.growth import pp_gap
from helpers.analysis.peers import COMPARABLE, benchmark_measure, benchmark_table, comparison_status, gdp_by_basis
from helpers.data.loading import get_external
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output
from helpers.publish.reused_kernel import ReusedKernel

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


@pytest.fixture(scope="module")
def strict_tolerance(notebook_kernel: ReusedKernel) -> tuple[str, float]:
    """Findings with a match tolerance smaller than the real difference between report and table."""
    derived = gdp_by_basis(["中原区"], 2025).set_index("basis")["gdp_previous_derived"]
    difference = float((derived - get_metric("gdp").value).abs().min())
    tolerance = round(difference / 2, 3)
    notebook = notebook_kernel.run(NOTEBOOK, {"MATCH_TOLERANCE": tolerance})
    assert stream_text(notebook, "stderr") == ""
    return tagged_output(notebook, "findings"), tolerance


def test_a_tighter_tolerance_turns_the_match_into_no_match(strict_tolerance):
    markdown, tolerance = strict_tolerance
    derived = gdp_by_basis(["中原区"], 2025).set_index("basis")["gdp_previous_derived"]
    gaps = (derived - get_metric("gdp").value).abs()
    closest = str(gaps.idxmin())
    assert f"does not match the {closest} series" in markdown
    assert f"a difference of {gaps.min():.2f} 亿元 against a tolerance of {tolerance:g} 亿元" in markdown
    assert " matches the " not in markdown
    assert f"basis not matched (closest: {closest})" in markdown  # the scale sentence no longer names a basis


@pytest.fixture(scope="module")
def fewer_assumptions(notebook_kernel: ReusedKernel) -> str:
    """Findings with no assumed measures, no target measure, and two benchmarks."""
    notebook = notebook_kernel.run(
        NOTEBOOK, {"ASSUMED_MEASURES": {}, "TARGET_MEASURE": "", "BENCHMARKS": ["郑州市", "全国"]}
    )
    assert stream_text(notebook, "stderr") == ""
    return tagged_output(notebook, "findings")


def test_without_assumed_measures_fewer_pairs_are_comparable(fewer_assumptions):
    benchmarks = ["郑州市", "全国"]
    metrics = load_metrics()
    measures = claim_measures(change_claims(metrics).set_index("metric_id"), metrics, {})
    bench = benchmark_table(HEADLINE, benchmarks, 2024, any_basis=True)
    statuses = [
        comparison_status(measures.loc[m, "measure"], benchmark_measure(m, i) if i else "", v)
        for m, i, v in zip(bench["metric_id"], bench["indicator"], bench["value"], strict=True)
    ]
    present = int(bench["value"].notna().sum())
    comparable = statuses.count(COMPARABLE)
    assert comparable < present  # the test must see some pairs drop out
    assert (
        f"Of {len(bench)} benchmark figures sought for the {len(HEADLINE)} headline rates, {present} exist and {comparable} measure"
        in fewer_assumptions
    )
    retail = get_metric("retail_sales_growth")
    assert f"{retail.name_zh} {retail.value:+.1f}% with 郑州市" in fewer_assumptions.split("Not compared:")[1]
    assert "河南省 +" not in fewer_assumptions
    assert "with assumption A1" not in fewer_assumptions  # nothing rests on A1 any more


def test_without_a_target_measure_the_target_is_not_compared(fewer_assumptions):
    target = float(get_external("郑州市", "地区生产总值增速目标", 2024)["value"])
    district = get_metric("gdp_growth").value
    assert f"target of GDP growth of {target:g}%" in fewer_assumptions
    assert f"{pp_gap(district, target):+.1f} pp" not in fewer_assumptions
    assert (
        f"郑州市 {get_external('郑州市', '地区生产总值增速', 2024)['value']:+.1f}% is not comparable"
        in fewer_assumptions
    )
    assert f"中原区 {district:+.1f}% is shown for context only (郑州市's target), no gap computed" in fewer_assumptions


def test_stored_findings_keep_figures_with_a_basis_note_and_the_city_target_as_context():
    markdown = tagged_output(nbformat.read(NOTEBOOK, as_version=4), "findings")
    bench = benchmark_table(HEADLINE, ["郑州市", "河南省", "全国"], 2024, any_basis=True)
    present = int(bench["value"].notna().sum())
    assert present > int(benchmark_table(HEADLINE, ["郑州市", "河南省", "全国"], 2024)["value"].notna().sum())
    assert f"{present} exist" in markdown and f"{len(bench) - present} are missing" in markdown
    henan = bench[(bench["entity"] == "河南省") & (bench["metric_id"] == "fiscal_revenue_growth")].iloc[0]
    assert f"河南省 {henan['value']:+.1f}%" in markdown  # found despite its basis note
    target = get_external("郑州市", "地区生产总值增速目标", 2024)
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
        measure, row = benchmark_measure(income.metric_id, indicator), get_external("全国", indicator, 2024)
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


# Issue 12, point 7: a year with no data, an entity with no data, a smaller peer group; and the fictional report.


def test_a_table_year_with_no_data_stops_with_the_clear_error(notebook_kernel: ReusedKernel):
    year = int(load_external()["year"].min()) - 1
    message = clear_stop(notebook_kernel, NOTEBOOK, {"GDP_TABLE_YEAR": year})
    district = load_report_info().district
    assert "MissingFigureError" in message
    assert f"no outside figure for {district} 地区生产总值 {year} on basis '民政口径'" in message
    assert "external_figures.csv" in message


def test_a_headline_id_the_report_lacks_stops_with_the_clear_error(notebook_kernel: ReusedKernel):
    message = clear_stop(notebook_kernel, NOTEBOOK, {"HEADLINE_GROWTH": [*HEADLINE, "no_such_growth"]})
    assert "MissingFigureError" in message and "'zhongyuan_2024' has no metric 'no_such_growth'" in message


@pytest.mark.parametrize("benchmarks", [["郑州市", "无数据市"], ["全国"]], ids=["entity-without-data", "smaller-group"])
def test_benchmarks_without_data_or_fewer_of_them_change_the_counts(
    benchmarks: list[str], notebook_kernel: ReusedKernel
):
    assert not (load_external()["entity"] == "无数据市").any()
    markdown = tagged_output(notebook_kernel.run(NOTEBOOK, {"BENCHMARKS": benchmarks}), "findings")
    bench = benchmark_table(HEADLINE, benchmarks, 2024, any_basis=True)
    present = int(bench["value"].notna().sum())
    assert (
        f"Of {len(bench)} benchmark figures sought for the {len(HEADLINE)} headline rates, {present} exist" in markdown
    )
    assert f"{len(bench) - present} are missing from the outside data" in markdown
    gdp_line = next(line for line in markdown.splitlines() if line.startswith(f"- {get_metric('gdp_growth').name_zh} "))
    for entity in benchmarks:
        has_figure = bool(
            bench.loc[(bench["entity"] == entity) & (bench["metric_id"] == "gdp_growth"), "value"].notna().iloc[0]
        )
        assert (f"no figure for {entity}" in gdp_line) is not has_figure
    assert "河南省 +" not in gdp_line


def test_growth_rates_on_the_fictional_report_stop_at_the_district_gdp_table(
    fictional_data, notebook_kernel: ReusedKernel
):
    info = load_report_info("shiliqu_2024", fictional_data)
    message = clear_stop(notebook_kernel, NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    assert f"no outside figure for {info.district} 地区生产总值 2025 on basis '民政口径'" in message
