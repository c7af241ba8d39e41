"""The district ranking helper: ties, missing values, bases; and ranking peers once their data is added."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from helpers.benchmarks import peer_table
from helpers.ranking import describe_rank, rank_entities

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
    assert (
        describe_rank(ranked.reset_index(), "二七区")
        == "1 of 4 ranked, tied with 1 other(s) (4 districts, 0 without data)"
    )


def test_missing_values_are_unranked_and_counted_not_placed_last():
    ranked = rank_entities(made_up([5.0, float("nan"), 9.0, float("nan"), 1.0, 3.0])).set_index("entity")
    assert pd.isna(ranked.loc["二七区", "rank"]) and pd.isna(ranked.loc["金水区", "rank"])
    assert ranked.loc["二七区", "status"] == "unranked: no data"
    assert ranked["ranked_of"].unique().tolist() == [4]
    assert ranked["out_of"].unique().tolist() == [6]
    assert ranked.loc["上街区", "rank"] == 4  # last of those with data, not pushed below the missing ones
    assert describe_rank(ranked.reset_index(), "中原区") == "2 of 4 ranked (6 districts, 2 without data)"
    assert describe_rank(ranked.reset_index(), "金水区") == "unranked: no data (6 districts, 2 without data)"


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
    assert describe_rank(rank_entities(peers), "中原区") == "1 of 1 ranked (6 districts, 5 without data)"


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
        "2 of 5 ranked, tied with 1 other(s) (6 districts, 1 without data)"
    )
