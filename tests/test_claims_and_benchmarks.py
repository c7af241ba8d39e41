"""Tables built from the claims and the outside figures, checked against the rows they come from."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import DataError, get_metric, load_metrics
from helpers.analysis.claims import change_claims, signed_change
from helpers.analysis.growth import previous_from_change, share_pct
from helpers.analysis.peers import benchmark_table, gdp_by_basis
from helpers.data.loading import linked_indicators, load_indicator_links, outside_row

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


def test_a_metric_is_read_through_its_linked_indicator_names():
    def linked(metric_id: str, entity: str) -> pd.Series | None:
        return outside_row(entity, linked_indicators(metric_id), 2024, "")

    assert linked("gdp_growth", "全国")["indicator"] == "国内生产总值增速"  # the second name, the first the entity has
    assert linked("gdp_growth", "郑州市")["value"] == 5.7
    assert linked("fiscal_revenue_growth", "郑州市")["value"] == -0.9
    assert linked("fiscal_revenue_growth", "全国") is None  # no national figure is in the data


def test_any_basis_finds_a_figure_with_a_basis_note_and_refuses_two(data_copy):
    indicators = linked_indicators("fiscal_revenue_growth")
    assert outside_row("河南省", indicators, 2024, "") is None  # basis '': only a row without a note
    henan = outside_row("河南省", indicators, 2024)  # basis None: whatever note the row carries
    assert henan["value"] == -2.5 and "财政收入" in henan["basis"]
    assert outside_row("郑州市", indicators, 2024)["basis"] == ""
    assert outside_row("全国", indicators, 2024) is None  # missing stays missing
    table = benchmark_table(["fiscal_revenue_growth"], ["河南省"], 2024, any_basis=True).set_index("entity")
    assert table.loc["河南省", "value"] == -2.5 and table.loc["河南省", "basis"] == henan["basis"]
    # two rows on different basis notes are ambiguous: an error naming them, not a silent choice
    path = data_copy / "external_figures.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    henan_row = next(r for r in rows if r.startswith("河南省,一般公共预算收入增速,2024"))
    path.write_text("\n".join([*rows, henan_row.replace("the page says", "another note:")]) + "\n", encoding="utf-8")
    with pytest.raises(LookupError, match="name the basis"):
        outside_row("河南省", indicators, 2024, data_dir=data_copy)


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
    from helpers.analysis.peers import coverage_matrix

    frame = pd.DataFrame({"entity": ["中原区", "惠济区"], "source": ["report", "stated"]})
    matrix = coverage_matrix({"FAI": frame}, ["中原区", "二七区", "惠济区"])
    assert matrix["FAI"].tolist() == ["report", "missing", "stated"]
    with pytest.raises(ValueError, match="unknown source status"):
        coverage_matrix({"FAI": frame.assign(source="guessed")}, ["中原区"])


def test_rate_measure_reads_what_a_note_says():
    from helpers.analysis.claims import COMPARABLE_BASIS, NOMINAL, NOT_STATED, REAL, rate_measure

    assert rate_measure("real growth at constant prices") == REAL
    assert rate_measure("no level is given in the report; real growth") == REAL
    assert rate_measure("nominal") == NOMINAL
    assert rate_measure("basis (nominal or real) not stated in the report") == NOT_STATED
    assert rate_measure("同口径: growth on a comparable basis") == COMPARABLE_BASIS
    assert rate_measure("no level is given in the report") == ""
    assert rate_measure("period not stated; the report adds …") == ""  # a period, not a measure


def test_claim_measures_label_sources_groups_and_implied_readings(changes):
    from helpers.analysis.claims import CONVENTION, NOT_STATED, REAL, claim_measures

    metrics = load_metrics()
    table = claim_measures(changes, metrics, {"retail_sales_growth": "nominal"})
    # the note says real, the report's sentence (同比增长) does not: a statistical convention, labelled so
    assert (table.loc["gdp_growth", "measure"], table.loc["gdp_growth", "measure_source"]) == (REAL, CONVENTION)
    assert table.loc["gdp_growth", "group"] == "real, by convention"
    assert table.loc["fiscal_revenue_growth", "measure_source"] == "report note"  # 同口径 is in the quote
    assert table.loc["gdp_growth", "implied_previous_is"].startswith("approximate: real growth")
    assert (table.loc["retail_sales_growth", "group"], table.loc["retail_sales_growth", "measure_source"]) == (
        "nominal, assumed",
        "assumed",
    )
    assert table.loc["fixed_asset_investment_growth", "measure"] == NOT_STATED  # not assumed here
    assert table.loc["fixed_asset_investment_growth", "implied_previous_is"].startswith("missing")
    assert table.loc["commercial_housing_sales_growth", "group"] == "physical quantity (area)"
    assert table.loc["new_market_entities_growth", "group"] == "physical quantity (count)"
    assert table.loc["fiscal_revenue_growth", "implied_previous_is"].startswith("approximate: 同口径")
    assert not table.loc["energy_intensity_decline", "one_year"]  # the report does not state its period
    assert table.loc["energy_intensity_decline", "group"] == "period not stated"
    assert not table.loc["good_air_days_change", "one_year"]  # days, not a percentage
    assert table.loc["disposable_income_growth", "measure"] == NOT_STATED


def test_comparison_status_compares_only_like_with_like():
    from helpers.analysis.peers import COMPARABLE, NO_FIGURE, benchmark_measure, comparison_status

    assert benchmark_measure("disposable_income_growth", "居民人均可支配收入名义增速") == "nominal"
    assert benchmark_measure("gdp_growth", "国内生产总值增速") == "real"
    assert benchmark_measure("fiscal_revenue_growth", "一般公共预算收入增速") == ""
    assert comparison_status("real", "real", 5.7) == COMPARABLE
    assert comparison_status("real", "real", float("nan")) == NO_FIGURE
    assert "does not say whether its rate is real or nominal" in comparison_status(
        "real or nominal not stated", "nominal", 5.3
    )
    assert comparison_status("real", "nominal", 5.3) == "not comparable: real against nominal"
    assert "outside figure's measure is not stated" in comparison_status("nominal", "", 1.0)


def test_benchmark_statement_words_each_benchmark_from_its_numbers():
    from helpers.analysis.peers import COMPARABLE, NO_FIGURE, benchmark_statement

    rows = pd.DataFrame(
        {
            "entity": ["A", "B", "C", "D"],
            "value": [5.7, 4.0, 5.3, float("nan")],
            "derived": [False, True, False, False],
            "gap_pp": [-0.3, 1.4, float("nan"), float("nan")],
            "measure": ["real", "real", "nominal", ""],
            "status": [COMPARABLE, COMPARABLE, "not comparable: reason given", NO_FIGURE],
        }
    )
    sentence = benchmark_statement("X", 5.4, "real", rows)
    assert sentence == (
        "X +5.4% (real): below A +5.7% (-0.3 pp); above B +4.0% (derived) (+1.4 pp); "
        "not comparable with C +5.3% (nominal): reason given; no figure for D."
    )


def test_matching_basis_needs_the_tolerance():
    from helpers.analysis.peers import matching_basis

    derived = gdp_by_basis(["中原区"], 2025).set_index("basis")["gdp_previous_derived"]
    reported = get_metric("gdp").value
    gap = abs(1003.70 / 1.0772 - 931.8)  # 931.7675 against 931.8: 0.0325
    assert matching_basis(derived, reported, 0.05) == ("管理口径", pytest.approx(gap))
    assert matching_basis(derived, reported, 0.01) == (None, pytest.approx(gap))
    assert matching_basis(pd.Series([float("nan")], index=["x"]), reported, 0.05)[0] is None
