"""The district ranking helper: ties, missing values, bases; and ranking peers once their data is added."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from helpers.analysis.peers import gdp_by_basis, peer_table
from helpers.analysis.ranking import (
    ASSUMED_BOTH_BASES,
    basis_readings,
    describe_rank,
    implied_population,
    margin_over_next,
    per_capita_by_basis,
    printed_decimals,
    rank_entities,
    single_figure_serves_both_bases,
)
from helpers.data.loading import outside_value

SIX = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区"]


def made_up(values: list[float], basis: str = "民政口径") -> pd.DataFrame:
    """A peer table invented for the test (never stored in report_data)."""
    return pd.DataFrame({"entity": SIX[: len(values)], "value": values, "basis": basis})


def test_largest_first_and_ranks_are_whole_numbers():
    ranked = rank_entities(made_up([30.0, 10.0, 20.0]))
    assert ranked["entity"].tolist() == ["中原区", "管城回族区", "二七区"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert str(ranked["rank"].dtype) == "Int64"


def test_ascending_ranks_smallest_first():
    assert rank_entities(made_up([30.0, 10.0, 20.0]), ascending=True)["entity"].iloc[0] == "二七区"


def test_ties_share_the_best_rank_and_the_next_rank_is_skipped():
    ranked = rank_entities(made_up([5.0, 7.0, 7.0, 1.0])).set_index("entity")
    assert ranked.loc["二七区", "rank"] == ranked.loc["管城回族区", "rank"] == 1
    assert ranked.loc["中原区", "rank"] == 3
    assert ranked.loc["金水区", "rank"] == 4
    assert describe_rank(ranked.reset_index(), "二七区") == "rank 1 of 4, tied with 1 other(s)"


def test_missing_values_are_unranked_and_counted_not_placed_last():
    ranked = rank_entities(made_up([5.0, float("nan"), 9.0, float("nan"), 1.0, 3.0])).set_index("entity")
    assert pd.isna(ranked.loc["二七区", "rank"]) and pd.isna(ranked.loc["金水区", "rank"])
    assert ranked.loc["二七区", "status"] == "unranked: no data"
    assert ranked["ranked_of"].unique().tolist() == [4]
    assert ranked["out_of"].unique().tolist() == [6]
    assert ranked.loc["上街区", "rank"] == 4  # last of those with data, not pushed below the missing ones
    assert describe_rank(ranked.reset_index(), "中原区") == "rank 2 of 4 with data (6 districts, 2 without data)"
    assert describe_rank(ranked.reset_index(), "金水区") == "unranked: no data (6 districts, 2 without data)"


def test_describe_rank_reads_rank_n_of_m_when_every_district_has_data():
    ranked = rank_entities(made_up([5.0, 9.0, 7.0]))
    assert describe_rank(ranked, "中原区") == "rank 3 of 3"
    assert describe_rank(ranked, "二七区") == "rank 1 of 3"


def test_all_missing_ranks_nobody():
    ranked = rank_entities(made_up([float("nan")] * 3))
    assert ranked["rank"].isna().all() and (ranked["ranked_of"] == 0).all()


@pytest.mark.parametrize("basis", ["民政口径", "管理口径"])
def test_the_basis_is_carried_into_the_result(basis):
    assert rank_entities(made_up([1.0, 2.0], basis))["basis"].unique().tolist() == [basis]


def test_ranking_across_bases_is_refused():
    mixed = pd.concat([made_up([1.0, 2.0], "民政口径"), made_up([3.0], "管理口径").assign(entity="金水区")])
    with pytest.raises(ValueError, match="cannot rank across bases"):
        rank_entities(mixed)


def test_a_district_twice_is_refused():
    with pytest.raises(ValueError, match="appears twice"):
        rank_entities(pd.DataFrame({"entity": ["中原区", "中原区"], "value": [1.0, 2.0], "basis": ""}))


def test_unknown_district_in_describe_is_an_error():
    with pytest.raises(KeyError):
        describe_rank(rank_entities(made_up([1.0])), "郑东新区")


def test_with_the_committed_data_only_the_report_district_has_the_figure():
    peers = peer_table("external_domestic_funds", SIX, 2024, "中原区")
    assert peers.set_index("entity")["source"].to_dict() == {
        "中原区": "report",
        **dict.fromkeys(SIX[1:], "missing"),
    }
    assert describe_rank(rank_entities(peers), "中原区") == "rank 1 of 1 with data (6 districts, 5 without data)"


def test_adding_peer_rows_to_the_data_ranks_them_with_the_same_calls(data_copy):
    """What the notebook's 'Adapting' section promises: add sourced rows, rerun, get a rank."""
    made_up_funds = {"二七区": 80.0, "管城回族区": 130.0, "金水区": 112.0, "惠济区": 40.0}  # invented for the test
    with (data_copy / "external_figures.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for entity, value in made_up_funds.items():
            writer.writerow(
                [entity, "引进域外境内资金", 2024, value, "亿元", "", "", "https://example.org/test", "测试用", "test"]
            )
    peers = peer_table("external_domestic_funds", SIX, 2024, "中原区", data_dir=data_copy)
    ranked = rank_entities(peers).set_index("entity")
    assert ranked.loc["管城回族区", "rank"] == 1
    assert ranked.loc["中原区", "rank"] == ranked.loc["金水区", "rank"] == 2  # a tie at 112
    assert ranked.loc["惠济区", "rank"] == 5
    assert pd.isna(ranked.loc["上街区", "rank"])
    assert describe_rank(ranked.reset_index(), "中原区") == (
        "rank 2 of 5 with data, tied with 1 other(s) (6 districts, 1 without data)"
    )


def test_margin_over_next_is_the_lead_over_the_district_just_below():
    ranked = rank_entities(made_up([50.0, 40.0, 60.0, float("nan")]))
    assert margin_over_next(ranked, "中原区") == ("二七区", 10.0, 25.0)
    assert margin_over_next(ranked, "管城回族区") == ("中原区", 10.0, 20.0)
    assert margin_over_next(ranked, "二七区") is None  # last of those with data
    assert margin_over_next(ranked, "金水区") is None  # unranked


def test_margin_over_next_skips_a_tie_with_the_district_itself():
    ranked = rank_entities(made_up([50.0, 50.0, 30.0]))
    assert margin_over_next(ranked, "中原区") == ("管城回族区", 20.0, pytest.approx(200 / 3))


def two_bases(rows: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """A made-up table: entity -> (民政口径 value, 管理口径 value), NaN where a basis has no figure."""
    return pd.DataFrame(
        [
            {"entity": entity, "basis": basis, "gdp": value}
            for entity, pair in rows.items()
            for basis, value in zip(("民政口径", "管理口径"), pair, strict=True)
        ]
    )


def test_the_single_figure_assumption_fills_only_districts_without_a_marked_figure_and_flags_them():
    table = two_bases({"中原区": (1665.5, 1003.7), "二七区": (957.7, float("nan")), "上街区": (float("nan"),) * 2})
    filled = single_figure_serves_both_bases(table, ["gdp"]).set_index(["entity", "basis"])
    assert filled.loc[("二七区", "管理口径"), "gdp"] == 957.7 and filled.loc[("二七区", "管理口径"), "assumed"]
    assert filled.loc[("中原区", "管理口径"), "gdp"] == 1003.7 and not filled.loc[("中原区", "管理口径"), "assumed"]
    assert pd.isna(filled.loc[("上街区", "管理口径"), "gdp"]) and not filled.loc[("上街区", "管理口径"), "assumed"]
    assert not filled.xs("民政口径", level="basis")["assumed"].any()
    assert pd.isna(
        table.loc[(table["entity"] == "二七区") & (table["basis"] == "管理口径"), "gdp"]
    ).all()  # input unchanged


def test_basis_readings_add_the_assumed_reading_only_when_asked():
    table = two_bases({"中原区": (1665.5, 1003.7), "二七区": (957.7, float("nan"))})
    assert list(basis_readings(table, ["gdp"], False)) == ["民政口径", "管理口径 (as printed)"]
    readings = basis_readings(table, ["gdp"], True)
    assumed = readings[f"管理口径 ({ASSUMED_BOTH_BASES})"].set_index("entity")
    assert assumed.loc["二七区", "gdp"] == 957.7 and assumed["assumed"].tolist() == [False, True]


def test_on_the_committed_table_the_assumption_moves_the_report_district_to_second_of_six():
    """The issue's figures, computed from the data rows: 2nd of 6 on 管理口径, 14.8 亿元 (1.6%) above 二七区."""
    table = gdp_by_basis(SIX, 2025)
    printed = rank_entities(table[table["basis"] == "管理口径"], value="gdp_previous_derived")
    assert describe_rank(printed, "中原区") == "rank 2 of 3 with data (6 districts, 3 without data)"
    filled = single_figure_serves_both_bases(table, ["gdp", "nominal_growth_pct", "gdp_previous_derived"])
    ranked = rank_entities(filled[filled["basis"] == "管理口径"], value="gdp_previous_derived")
    assert describe_rank(ranked, "中原区") == "rank 2 of 6"
    own = outside_value("中原区", "地区生产总值", 2025, "管理口径")
    own_growth = outside_value("中原区", "地区生产总值名义增速", 2025, "管理口径")
    other = outside_value("二七区", "地区生产总值", 2025, "民政口径")
    other_growth = outside_value("二七区", "地区生产总值名义增速", 2025, "民政口径")
    own_2024 = own / (1 + own_growth / 100)
    other_2024 = other / (1 + other_growth / 100)
    name, gap, pct = margin_over_next(ranked, "中原区")
    assert name == "二七区"
    assert gap == pytest.approx(own_2024 - other_2024) and round(gap, 1) == 14.8
    assert pct == pytest.approx((own_2024 - other_2024) / other_2024 * 100) and round(pct, 1) == 1.6


def test_implied_population_converts_units():
    assert implied_population(1665.50, 10.46, "亿元", "万元", "万人") == pytest.approx(1665.50e8 / 10.46e4 / 1e4)
    assert implied_population(1665.50, 104600.0, "亿元", "元", "人") == pytest.approx(1665.50e8 / 104600)


def test_per_capita_table_implies_the_population_from_the_data_rows():
    table = per_capita_by_basis(SIX, 2025).set_index(["entity", "basis"])
    gdp = outside_value("中原区", "地区生产总值", 2025, "民政口径")
    per_capita = outside_value("中原区", "人均地区生产总值", 2025, "民政口径")
    assert table.loc[("中原区", "民政口径"), "population_derived"] == pytest.approx(gdp / per_capita)
    assert round(table.loc[("中原区", "民政口径"), "population_derived"]) == 159
    assert pd.isna(table.loc[("二七区", "管理口径"), "population_derived"])  # no # line for 二七区: missing, not filled
    assert len(table) == 2 * len(SIX)


def test_closest_basis_picks_the_closest_level_and_none_without_levels():
    from helpers.analysis.peers import closest_basis, matching_basis

    assert closest_basis(pd.Series({"民政口径": 1568.7, "管理口径": 931.77}), 931.8) == (
        "管理口径",
        pytest.approx(0.03),
    )
    assert closest_basis(pd.Series({"民政口径": float("nan")}), 931.8)[0] is None
    assert matching_basis(pd.Series({"民政口径": 1568.7, "管理口径": 931.77}), 931.8, 0.01)[0] is None


def test_printed_decimals_reads_the_precision_from_the_quote():
    assert printed_decimals(5.0, "社会消费品零售总额增长5%", "惠济区 retail") == 0
    assert printed_decimals(5.5, "完成380亿元,增长5.5%", "惠济区 GDP") == 1
    assert printed_decimals(5.4, "增长５.４%", "full-width") == 1  # NFKC before matching
    with pytest.raises(ValueError, match=r"惠济区 GDP: the figure 5\.6 is not printed"):
        printed_decimals(5.6, "完成380亿元,增长5.5%", "惠济区 GDP")
