"""02_investment_ranking: its findings are computed from the data and follow its parameters.

Expected values are computed here from helpers and report_data, never pasted from the notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from helpers import Metric, fmt, get_external, get_metric, load_report_info
from helpers.analysis.peers import GDP_LEVEL, gdp_by_basis, outside_figure
from helpers.analysis.ranking import (
    ASSUMED_BOTH_BASES,
    basis_of,
    compare_printed,
    describe_rank,
    margin_over_next,
    per_capita_by_basis,
    printed_decimals,
    rank_entities,
    rounding_tolerance,
    single_figure_serves_both_bases,
)
from helpers.paths import NOTEBOOKS_DIR
from helpers.publish.notebook_run import stream_text, tagged_output
from helpers.publish.reused_kernel import ReusedKernel

from .conftest import clear_stop

NOTEBOOK = NOTEBOOKS_DIR / "02_investment_ranking.ipynb"
SIX = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区"]
COLUMNS = ["gdp", "nominal_growth_pct", "gdp_previous_derived"]


ABOUT_SAME = "at about the same rate as"
GROWTH = ["gdp_growth", "fixed_asset_investment_growth", "retail_sales_growth", "industrial_value_added_growth"]


def growth_word(peer: pd.Series, own: Metric, half_unit: float) -> str:
    """The comparison word for a peer's outside rate against the report's, with precision read from both quotes."""
    decimals = [
        printed_decimals(peer["value"], peer["quoted_sentence"], "peer"),
        printed_decimals(own.value, own.quote, "own"),
    ]
    tolerance = rounding_tolerance(decimals, half_unit)
    return compare_printed(peer["value"], own.value, tolerance, "faster than", "slower than", ABOUT_SAME)


def all_output_text(notebook: nbformat.NotebookNode) -> str:
    """Every text output of every code cell (streams, plain text, HTML, Markdown), joined."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [str(v) for k, v in output.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


def size_ranking(districts: list[str], basis: str, assume: bool) -> object:
    """The 2024 (derived) GDP ranking on `basis`, with or without the single-figure assumption."""
    table = gdp_by_basis(districts, 2025)
    if assume:
        table = single_figure_serves_both_bases(table, COLUMNS)
    return rank_entities(table[table["basis"] == basis], value="gdp_previous_derived")


def test_stored_findings_state_the_computed_standings():
    """The committed notebook (run with its defaults) says what the data gives, with each result's label."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    text = tagged_output(notebook, "findings")
    assumed = size_ranking(SIX, "管理口径", assume=True)
    name, gap, pct = margin_over_next(assumed, "中原区")
    assert (
        f"{describe_rank(assumed, '中原区')} if an unmarked district's single figure serves both bases (ASSUMPTION)"
        in text
    )
    assert f"{fmt(gap, 1)} 亿元 ({fmt(pct, 1)}%) above {name}" in text
    own_levels = gdp_by_basis(["中原区"], 2025).set_index("basis")["gdp_previous_derived"]
    report_basis, _ = basis_of(get_metric("gdp").value, own_levels)
    assert report_basis == "管理口径"  # the report's GDP is the 管理口径 series: said once, beside that ranking
    printed = describe_rank(size_ranking(SIX, "管理口径", assume=False), "中原区")
    assert f"{printed} on 管理口径 (the report's own basis) as printed" in text
    assert text.count("the report's own basis") == 1
    assert f"on 民政口径 it is {describe_rank(size_ranking(SIX, '民政口径', assume=False), '中原区')}" in text
    population = per_capita_by_basis(SIX, 2025).set_index(["entity", "basis"]).loc[("中原区", "民政口径")]
    assert f"about {fmt(population['population_derived'], 0)} 万人 on 民政口径" in text
    assert "that is 2025 growth, a year after the report" in text
    peer = get_external("惠济区", "地区生产总值增速", 2024)
    own = get_metric("gdp_growth")
    assert growth_word(peer, own, half_unit=0.5) == ABOUT_SAME  # 5.5 vs 5.4: a gap within the rounding
    assert f"惠济区 (figures from a {peer['source_kind']}) grew {ABOUT_SAME} 中原区, within the rounding" in text
    assert f"{own.name_zh} ({fmt(peer['value'], 1)}% vs {fmt(own.value, 1)}%)" in text
    assert "taken as real" in text and "(ASSUMPTION: a statistical convention neither report states)" in text
    # the basis of the peer's figures, computed from its stated GDP against its derived levels
    peer_gdp = get_external("惠济区", GDP_LEVEL, 2024)
    peer_levels = gdp_by_basis(["惠济区"], 2025).set_index("basis")["gdp_previous_derived"]
    peer_basis, _ = basis_of(float(peer_gdp["value"]), peer_levels)
    assert f"惠济区's stated 2024 GDP matches {peer_basis}, while the report's GDP is {report_basis}" in text
    # the "about the same" verdicts are tied to the assumption and given read exactly too
    exact = growth_word(peer, own, half_unit=0.0)
    assert "rest on ROUNDING_HALF_UNIT = 0.5 (ASSUMPTION)" in text
    assert f"惠济区 grew {exact} 中原区 on {own.name_zh} ({fmt(peer['value'], 1)}% vs {fmt(own.value, 1)}%)" in text
    assert notebook.cells[-1].metadata.get("tags") == ["findings"]
    tables = [o for c in notebook.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert len(tables) >= 3


def test_exact_reading_of_printed_rates_turns_near_equal_gaps_into_faster_and_slower(notebook_kernel: ReusedKernel):
    """With ROUNDING_HALF_UNIT = 0 each pair gets the word its printed figures give, no longer 'about the same'."""
    notebook = notebook_kernel.run(NOTEBOOK, {"ROUNDING_HALF_UNIT": 0.0})
    text = tagged_output(notebook, "findings")
    assert ABOUT_SAME not in text and "within the rounding" not in text
    for metric_id in GROWTH:
        peer, own = outside_figure(metric_id, "惠济区", 2024), get_metric(metric_id)
        word = growth_word(peer, own, half_unit=0.0)
        assert word != ABOUT_SAME
        # each outcome word opens a clause listing its indicators; this indicator is in that clause
        clause = text.split(f"{word} 中原区 on ", 1)[1].split(";", 1)[0]
        assert own.name_zh in clause, (word, own.name_zh)
    assert stream_text(notebook, "stderr") == ""


def test_fewer_districts_rank_out_of_the_smaller_group(notebook_kernel: ReusedKernel):
    districts = ["中原区", "二七区", "金水区"]
    notebook = notebook_kernel.run(NOTEBOOK, {"DISTRICTS": districts})
    text = tagged_output(notebook, "findings")
    civil = describe_rank(size_ranking(districts, "民政口径", assume=False), "中原区")
    assumed = size_ranking(districts, "管理口径", assume=True)
    name, gap, pct = margin_over_next(assumed, "中原区")
    assert civil.endswith(f"of {len(districts)}") and f"on 民政口径 it is {civil}" in text
    assert f"{describe_rank(assumed, '中原区')} if an unmarked district's single figure" in text
    assert f"{fmt(gap, 1)} 亿元 ({fmt(pct, 1)}%) above {name}" in text
    assert f"of {len(SIX)}" not in text  # nothing is ranked out of the six any more
    assert (
        f"no peer among the {len(districts)} has growth figures" in text
    )  # 惠济区, the one peer with 2024 growth, is out
    assert "惠济区" not in text
    assert stream_text(notebook, "stderr") == ""


def test_without_the_assumption_management_basis_is_ranked_as_printed_and_nothing_is_labelled_assumed(
    notebook_kernel: ReusedKernel,
):
    notebook = notebook_kernel.run(NOTEBOOK, {"UNMARKED_FIGURE_SERVES_BOTH_BASES": False})
    text = tagged_output(notebook, "findings")
    printed = describe_rank(size_ranking(SIX, "管理口径", assume=False), "中原区")
    assert f"it is {printed} on 管理口径 (the report's own basis) as printed (no assumption made" in text
    convention = "(ASSUMPTION: a statistical convention neither report states)"  # the growth measures, still assumed
    rounding = "rest on ROUNDING_HALF_UNIT = 0.5 (ASSUMPTION)"  # the rounding rule, still assumed
    assert rounding in text
    assert "ASSUMPTION" not in text.replace(convention, "").replace(rounding, "") and "serves both bases" not in text
    assert ASSUMED_BOTH_BASES not in all_output_text(notebook)  # no table row rests on the assumption
    assert stream_text(notebook, "stderr") == ""


def test_a_table_year_without_data_stops_with_the_clear_error(notebook_kernel: ReusedKernel):
    assert get_external("中原区", GDP_LEVEL, 2023, "民政口径") is None  # really absent
    message = clear_stop(notebook_kernel, NOTEBOOK, {"GDP_TABLE_YEAR": 2023})
    assert f"no outside figure for 中原区 {GDP_LEVEL} 2023 on basis '民政口径'" in message


def test_a_city_without_investment_totals_is_shown_missing(notebook_kernel: ReusedKernel):
    city, indicator = "开封市", "招商引资新签约项目签约总额"
    year = load_report_info().year
    assert get_external(city, indicator, year) is None  # an entity the outside data has nothing for
    notebook = notebook_kernel.run(NOTEBOOK, {"CITY": city})
    text = tagged_output(notebook, "findings")
    assert f"For scale: {city}'s {indicator} for {year} is missing from the data" in text
    assert f"{city} signed" not in text
    assert stream_text(notebook, "stderr") == ""


def test_on_the_fictional_report_it_stops_clearly_where_its_district_has_no_outside_figures(
    fictional_data: Path, notebook_kernel: ReusedKernel
):
    info = load_report_info("shiliqu_2024", fictional_data)
    assert get_external(info.district, GDP_LEVEL, 2025, "民政口径", fictional_data) is None
    message = clear_stop(notebook_kernel, NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    assert f"no outside figure for {info.district} {GDP_LEVEL} 2025 on basis '民政口径'" in message
