"""02_investment_ranking: its stored findings state what the data give; rerun in a fresh kernel on the fictional
report, or with a GDP table year the data lack, it stops with one clear error naming the missing figure.

Expected values are computed here from helpers and report_data, never pasted from the notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from helpers import Metric, fmt, get_metric, load_report_info, outside_row
from helpers.analysis.peers import GDP_LEVEL, gdp_by_basis
from helpers.analysis.ranking import (
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
from helpers.publish.notebook_run import tagged_output

from .conftest import clear_stop

NOTEBOOK = NOTEBOOKS_DIR / "02_investment_ranking.ipynb"
SIX = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区"]
COLUMNS = ["gdp", "nominal_growth_pct", "gdp_previous_derived"]
ABOUT_SAME = "at about the same rate as"


def growth_word(peer: pd.Series, own: Metric, half_unit: float) -> str:
    """The comparison word for a peer's outside rate against the report's, with precision read from both quotes."""
    decimals = [
        printed_decimals(peer["value"], peer["quoted_sentence"], "peer"),
        printed_decimals(own.value, own.quote, "own"),
    ]
    tolerance = rounding_tolerance(decimals, half_unit)
    return compare_printed(peer["value"], own.value, tolerance, "faster than", "slower than", ABOUT_SAME)


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
    peer = outside_row("惠济区", "地区生产总值增速", 2024)
    own = get_metric("gdp_growth")
    assert growth_word(peer, own, half_unit=0.5) == ABOUT_SAME  # 5.5 vs 5.4: a gap within the rounding
    assert f"惠济区 (figures from a {peer['source_kind']}) grew {ABOUT_SAME} 中原区, within the rounding" in text
    assert f"{own.name_zh} ({fmt(peer['value'], 1)}% vs {fmt(own.value, 1)}%)" in text
    assert "taken as real" in text and "(ASSUMPTION: a statistical convention neither report states)" in text
    # the basis of the peer's figures, computed from its stated GDP against its derived levels
    peer_gdp = outside_row("惠济区", GDP_LEVEL, 2024)
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


def test_on_the_fictional_report_it_stops_clearly_where_its_district_has_no_outside_figures(fictional_data: Path):
    info = load_report_info("shiliqu_2024", fictional_data)
    assert outside_row(info.district, GDP_LEVEL, 2025, "民政口径", fictional_data) is None
    message = clear_stop(NOTEBOOK, {"REPORT": info.id, "DATA_DIR": str(fictional_data)})
    assert f"no outside figure for {info.district} {GDP_LEVEL} 2025 on basis '民政口径'" in message


def test_a_table_year_without_data_stops_with_the_clear_error():
    assert outside_row("中原区", GDP_LEVEL, 2023, "民政口径") is None  # really absent
    message = clear_stop(NOTEBOOK, {"GDP_TABLE_YEAR": 2023})
    assert f"no outside figure for 中原区 {GDP_LEVEL} 2023 on basis '民政口径'" in message
