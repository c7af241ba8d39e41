"""Tables built from the claims and the outside figures, checked against the rows they come from."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import DataError, get_metric, load_metrics
from helpers.benchmarks import benchmark_table, gdp_by_basis, outside_figure
from helpers.claims import change_claims, signed_change
from helpers.growth import previous_from_change, share_pct
from helpers.loading import load_indicator_links

from .conftest import replace_in


@pytest.fixture(scope="module")
def changes() -> pd.DataFrame:
    return change_claims(load_metrics()).set_index("metric_id")


def test_every_change_claim_is_in_the_table(changes):
    metrics = load_metrics()
    expected = set(metrics.loc[metrics["kind"].isin(["growth_pct", "decline_pct", "change"]), "metric_id"])
    assert set(changes.index) == expected


def test_a_decline_is_negative():
    assert signed_change("decline_pct", 12.6) == -12.6
    assert signed_change("growth_pct", 5.4) == 5.4


def test_level_and_implied_previous_come_from_the_linked_row(changes):
    row = changes.loc["technology_contract_growth"]
    assert row["level"] == get_metric("technology_contract_value").value
    assert row["previous"] == pytest.approx(87 / 1.284)
    assert row["level_unit"] == "亿元"


def test_change_in_days_gives_previous_by_subtraction(changes):
    row = changes.loc["good_air_days_change"]
    assert (row["level"], row["previous"], row["increase"]) == (237, 217, 20)
    assert previous_from_change(237.0, 20.0) == 217.0


def test_growth_without_a_level_keeps_the_level_missing(changes):
    row = changes.loc["fixed_asset_investment_growth"]
    assert math.isnan(row["level"]) and math.isnan(row["previous"]) and row["level_unit"] == ""


def test_share_pct():
    assert share_pct(313.0, 931.8) == pytest.approx(33.5909, abs=1e-4)


def test_outside_figure_uses_the_linked_indicator_names():
    assert outside_figure("gdp_growth", "全国", 2024)["indicator"] == "国内生产总值增速"
    assert outside_figure("gdp_growth", "郑州市", 2024)["value"] == 5.7
    assert outside_figure("fiscal_revenue_growth", "郑州市", 2024)["value"] == -0.9
    assert outside_figure("fiscal_revenue_growth", "全国", 2024) is None  # no national figure is in the data


def test_benchmark_table_marks_missing_and_derived():
    table = benchmark_table(["retail_sales_growth"], ["郑州市", "河南省", "全国"], 2024).set_index("entity")
    assert table.loc["郑州市", "derived"] and table.loc["郑州市", "value"] == 4.7
    assert math.isnan(table.loc["河南省", "value"]) and math.isnan(table.loc["河南省", "gap_pp"])
    assert not table.loc["河南省", "derived"]
    assert table.loc["全国", "gap_pp"] == pytest.approx(5.5 - 3.5)


def test_gdp_by_basis_derives_the_previous_year_and_keeps_gaps():
    table = gdp_by_basis(["中原区", "二七区"], 2025).set_index(["entity", "basis"])
    assert table.loc[("中原区", "管理口径"), "gdp_previous_derived"] == pytest.approx(1003.70 / 1.0772)
    assert table.loc[("中原区", "民政口径"), "gdp_previous_derived"] == pytest.approx(1665.50 / 1.0617)
    assert math.isnan(table.loc[("二七区", "管理口径"), "gdp"])


def test_the_report_gdp_is_the_management_basis_series():
    derived = gdp_by_basis(["中原区"], 2025).set_index("basis")["gdp_previous_derived"]
    assert round(derived["管理口径"], 1) == get_metric("gdp").value
    assert round(derived["民政口径"], 1) != get_metric("gdp").value


def test_indicator_links_name_real_metrics(data_copy):
    assert set(load_indicator_links()["metric_id"]) <= set(load_metrics()["metric_id"])
    replace_in(data_copy / "indicator_links.csv", "retail_sales_growth,", "retail_sale_growth,")
    with pytest.raises(DataError, match=r"indicator_links.csv.*line 6, column 'metric_id'"):
        load_indicator_links(data_copy)


def test_coverage_matrix_fills_unmentioned_entities_as_missing_and_refuses_unknown_statuses():
    from helpers.benchmarks import coverage_matrix

    frame = pd.DataFrame({"entity": ["中原区", "惠济区"], "source": ["report", "stated"]})
    matrix = coverage_matrix({"FAI": frame}, ["中原区", "二七区", "惠济区"])
    assert matrix["FAI"].tolist() == ["report", "missing", "stated"]
    with pytest.raises(ValueError, match="unknown source status"):
        coverage_matrix({"FAI": frame.assign(source="guessed")}, ["中原区"])
