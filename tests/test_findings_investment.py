"""helpers.findings.investment: the tables and sentences of notebook 02, on small hand-made frames (and, for
the builders that read data, on the committed data with expectations computed here)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from helpers.analysis.growth import share_pct
from helpers.analysis.ranking import ASSUMED_BOTH_BASES, rank_entities
from helpers.data.loading import get_metric
from helpers.findings import investment as inv
from helpers.findings.common import MAX_WORDS, word_count

SIX = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区"]
CODE_NAME = re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")  # UNMARKED_FIGURE_SERVES_BOTH_BASES and the like


def gdp_table() -> pd.DataFrame:
    """A made-up district table: A and C have both bases, B only 民政口径."""
    rows = [
        ("A", "民政口径", 200.0, 10.0),
        ("A", "管理口径", 110.0, 10.0),
        ("B", "民政口径", 120.0, 20.0),
        ("B", "管理口径", math.nan, math.nan),
        ("C", "民政口径", 300.0, 5.0),
        ("C", "管理口径", 100.0, 25.0),
    ]
    table = pd.DataFrame(rows, columns=["entity", "basis", "gdp", "nominal_growth_pct"])
    table["gdp_previous_derived"] = table["gdp"] / (1 + table["nominal_growth_pct"] / 100)
    return table


def claims(peers_with: list[int], stand_in: list[bool], ranks: list[int] | None = None) -> pd.DataFrame:
    items = ["工作", "认购", "申报额度"][: len(peers_with)]
    return pd.DataFrame(
        {
            "claim (the report's words)": [f"{i}市内六区第一" for i in items],
            "item ranked": items,
            inv.RANK: ranks or [1] * len(items),
            inv.OUT_OF: [6] * len(items),
            inv.GIVEN: [f"figure of {i}" for i in items],
            inv.FIGURE_IS: [inv.STAND_IN if s else "the claim's own" for s in stand_in],
            inv.PEERS_WITH: peers_with,
            inv.PEERS_IN_GROUP: [5] * len(items),
        }
    )


def test_claim_item_strips_the_peer_group():
    assert inv.claim_item("认购市内六区排名", "市内六区") == "认购"
    assert inv.claim_item("市内六区排名", "市内六区") == "市内六区排名"  # nothing left: the name itself


def test_claims_bullet_counts_uncheckable_claims_and_names_the_stand_in():
    text = inv.claims_bullet(claims([0, 0, 0], [True, False, False]), "市内六区")
    assert text.startswith("None of the report's 3 市内六区第一 claims (工作, 认购 and 申报额度) can be checked here")
    assert text.endswith("the city's own ranking, with each district's figure, would settle them.")
    some = inv.claims_bullet(claims([5, 0], [False, False]), "市内六区")
    assert some.startswith("1 of the report's 2 市内六区第一 claims") and "1 cannot" in some
    assert inv.claims_bullet(claims([], []), "市内六区") == "This report makes no rank claim."


def test_claims_bullet_says_a_second_place_and_a_group_not_stated():
    one = claims([0], [False], ranks=[2]).assign(**{inv.OUT_OF: [inv.GROUP_NOT_STATED]})
    text = inv.claims_bullet(one, "市内六区")
    assert text.startswith("The report's rank claim (工作) cannot be checked here")  # it names no group
    assert text.endswith("would settle it; it does not state its group.")
    two = claims([0, 0], [False, False], ranks=[1, 3]).assign(**{inv.OUT_OF: [6, inv.GROUP_NOT_STATED]})
    assert "2 rank claims" in inv.claims_bullet(two, "市内六区")
    firsts = claims([0, 0], [False, False]).assign(**{inv.OUT_OF: [6, inv.GROUP_NOT_STATED]})
    assert "None of the report's 2 first-place claims" in inv.claims_bullet(firsts, "市内六区")
    assert "; 1 of them does not state its group." in inv.claims_bullet(two, "市内六区")
    checked = claims([2], [False], ranks=[2]).assign(**{"computed standing": ["rank 1 of 2 with data"]})
    assert inv.claims_bullet(checked, "市内六区") == (
        "The report's 市内六区 rank claim (工作: 第2) can be set against peer figures, which give rank 1 of 2 with data."
    )
    assert inv.claims_bullet(claims([1, 2], [False, False]), "市内六区").startswith(
        "All 2 of the report's 市内六区第一"
    )


def test_short_rank_says_how_many_have_a_figure_and_ties():
    table = pd.DataFrame({"entity": list("ABCD"), "value": [3.0, math.nan, 2.0, 1.0]})
    assert inv.short_rank(rank_entities(table), "C") == "2 of the 3 with a figure"
    assert inv.short_rank(rank_entities(table), "B") == "unranked (no figure)"
    tied = pd.DataFrame({"entity": list("AB"), "value": [1.0, 1.0]})
    assert inv.short_rank(rank_entities(tied), "A") == "1 of 2, tied"


def test_rankings_by_reading_on_a_made_up_table():
    rankings = inv.rankings_by_reading({"GDP": (gdp_table(), "gdp")}, assume=False)
    assert list(rankings) == [("GDP", "民政口径"), ("GDP", "管理口径 (as printed)")]
    assumed = inv.rankings_by_reading({"GDP": (gdp_table(), "gdp")}, assume=True)[
        ("GDP", f"管理口径 ({ASSUMED_BOTH_BASES})")
    ]
    assert assumed.set_index("entity").loc["B", "assumed"]  # B's single figure fills its 管理口径 line, flagged
    assert inv.short_rank(assumed, "A") == "2 of 3"  # B (120) now ranks above A (110)


def test_basis_ranks_say_either_way_only_when_the_assumption_changes_nothing():
    table = gdp_table()
    # C (管理口径 100) is 2nd behind A (110) as printed, and 3rd when B's one figure (120) counts
    c = inv.basis_ranks(table, "gdp", "C")
    assert c["民政口径"] == ("1 of 3", "")
    assert c["管理口径"] == ("2 of the 2 with a figure", f", 3 of 3 assuming {inv.UNMARKED_COUNT}")
    # with B's figure below both, A is 1st either way
    low = table.assign(gdp=table["gdp"].where(table["entity"] != "B", 50.0))
    assert inv.basis_ranks(low, "gdp", "A")["管理口径"] == ("1st of 3", f" whether or not {inv.UNMARKED_COUNT}")
    b = inv.basis_ranks(table, "gdp", "B")["管理口径"]  # B itself has no 管理口径 line
    assert b[0] == "unranked (no figure)" and "1 of 3 assuming" in b[1]
    assert [inv.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]
    assert inv.unmarked(table, ["A", "B", "C"]) == ["B"]


def test_standings_table_gives_the_lead_in_the_measure_unit():
    rankings = inv.rankings_by_reading(
        {"GDP": (gdp_table(), "gdp"), "growth": (gdp_table(), "nominal_growth_pct")}, False
    )
    table = inv.standings_table(rankings, {"GDP": "亿元", "growth": "%"}, "A").set_index(["measure", "basis"])
    assert table.loc[("GDP (亿元)", "民政口径"), "lead over it"] == "80 亿元 (66.7%)"  # 200 over B's 120
    assert table.loc[("growth (%)", "民政口径"), "next below"] == "C"
    assert table.loc[("growth (%)", "民政口径"), "lead over it"] == "5 pp"
    assert inv.lead_text(None, "亿元") == "none (no district with data below)"


def test_gdp_bullet_says_when_the_derived_year_ranks_the_same():
    either = f" whether or not {inv.UNMARKED_COUNT}"
    now = {"民政口径": ("3 of 6", ""), "管理口径": ("2nd of 6", either)}
    same = inv.gdp_bullet(now, now, "管理口径", "中原区", 2025, 2024)
    assert same.startswith("In the city's district table of 2025 GDP, 中原区 ranks 3 of 6 on 民政口径 and 2nd of 6 on")
    assert f"管理口径 (the report's basis){either};" in same
    assert same.endswith("its derived 2024 levels rank the same.")
    other = inv.gdp_bullet(
        now, {"民政口径": ("4 of 6", ""), "管理口径": ("2 of 3", "")}, "管理口径", "中原区", 2025, 2024
    )
    assert other.endswith("rank 4 of 6 on 民政口径 and 2 of 3 on 管理口径.")


def test_per_capita_bullet_compares_with_the_city_only_where_both_exist():
    ranks = {"民政口径": ("3 of 6", ""), "管理口径": ("2nd of 6", " either way")}
    text = inv.per_capita_bullet(ranks, {"民政口径": 10.46, "管理口径": 10.18}, 11.65, "郑州市")
    assert "3 of 6 on 民政口径 (10.46 万元, below 郑州市's 11.65 万元)" in text
    assert "2nd of 6 on 管理口径 (10.18 万元) either way" in text
    assert "郑州市" not in inv.per_capita_bullet(ranks, {"民政口径": 1.0, "管理口径": 1.0}, math.nan, "郑州市")
    missing = inv.per_capita_bullet(ranks, {"民政口径": 1.0, "管理口径": math.nan}, math.nan, "郑州市")
    assert "管理口径 either way" in missing and "missing" not in missing  # no figure: no parentheses


def weights(investment: list[float], gdp: list[float]) -> pd.DataFrame:
    rows = [("signed", inv.SHARE_KIND_INVESTMENT, inv.NOT_STATED, v) for v in investment]
    rows += [(f"GDP {b}", inv.SHARE_KIND_GDP, b, v) for b, v in zip(["民政口径", "管理口径"], gdp, strict=False)]
    return pd.DataFrame(rows, columns=["X figure", inv.KIND, inv.BASIS, "X as % of Y"])


def test_weight_bullet_sets_the_investment_shares_beside_the_managed_area_weight_without_a_verdict():
    text = inv.weight_bullet(weights([5.8, 5.6], [10.8, 6.4]), "X", "Y", 2024)
    assert "5.8% (signed) and 5.6% (signed) of the city's 2024 招商引资 totals" in text
    assert "against a GDP weight of 6.4% (管理口径): a reading of scale" in text
    assert "10.8" not in text  # the 民政口径 share stays in the table
    assert not {"below", "above", "proportion"} & set(text.split())
    assert "its 管理口径 GDP share is missing" in inv.weight_bullet(weights([5.8], [10.8]), "X", "Y", 2024)
    lacking = inv.weight_bullet(weights([math.nan], [10.8, 6.4]), "X", "Y", 2024, "No figure.")
    assert "is not computed. No figure." in lacking


def test_weight_table_on_the_data_divides_same_year_figures_in_one_unit():
    gdp = get_metric("gdp")
    levels = inv.district_gdp_levels(gdp, "管理口径", pd.Series({"民政口径": 1568.7, "管理口径": 931.77}), 2025)
    derived = "derived from the city's district table of 2025 GDP"
    assert levels == {"民政口径": (1568.7, derived), "管理口径": (gdp.value, "the report's figure")}
    missing = inv.district_gdp_levels(None, "管理口径", pd.Series({"民政口径": 1568.7}), 2025)
    assert math.isnan(missing["管理口径"][0]) and missing["民政口径"] == (1568.7, derived)
    totals = {"招商引资新签约项目签约总额": "new_signed_project_investment"}
    table = inv.weight_table(totals, levels, 14532.1, "郑州市", "中原区", 2024)
    share = table.set_index(inv.BASIS)["中原区 as % of 郑州市"]
    assert share[inv.NOT_STATED] == pytest.approx(share_pct(479, 8282.17))  # the report's 479 亿元 of the city's
    assert share["管理口径"] == pytest.approx(share_pct(gdp.value, 14532.1))
    assert set(table.loc[table[inv.KIND] == inv.SHARE_KIND_GDP, "郑州市 figure"]) == {inv.CITY_TOTAL}
    shares = table["中原区 as % of 郑州市"]
    only_gdp = table.assign(**{"中原区 as % of 郑州市": shares.where(table[inv.KIND] != inv.SHARE_KIND_INVESTMENT)})
    assert inv.weights_shown(only_gdp).empty and not inv.weights_shown(table).empty  # a GDP share alone: not shown
    missing = inv.weight_table(
        {"招商引资新签约项目数": "new_signed_project_investment"}, {}, 1.0, "郑州市", "中原区", 2024
    )
    assert math.isnan(missing["中原区 as % of 郑州市"].iloc[0])  # 个 against 亿元: never divided


def test_basis_check_finds_the_closest_series():
    stated = pd.DataFrame(
        {"entity": ["A", "B", "C"], "value": [100.0, 100.0, math.nan], "source": ["report", "stated", "missing"]}
    )
    check = inv.basis_check(stated, gdp_table(), 2024).set_index("district")
    assert list(check.index) == ["A", "B"]  # C states nothing
    assert check.loc["A", inv.MATCHES] == "管理口径"  # 110 / 1.1 = 100 exactly
    assert check.loc["B", inv.MATCHES] == "民政口径" and check.loc["A", "stated in"] == "the report"


def pairs(bases: list[str], gaps: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            inv.PEER: ["P"] * len(gaps),
            "indicator": [f"rate{i}" for i in range(len(gaps))],
            "peer 2024, as printed (%)": [f"{5 + g:.1f}" for g in gaps],
            "X 2024, as printed (%)": ["5.0"] * len(gaps),
            inv.PEER_BASIS: bases,
            inv.GAP: gaps,
            inv.BEYOND: ["yes" if abs(g) > 0.1 else "no" for g in gaps],
            inv.SOURCE: ["secondary copy of a news report"] * len(gaps),
        }
    )


def test_growth_bullet_says_which_gaps_exceed_the_rounding_and_the_basis_as_an_assumption():
    text = inv.growth_bullet(pairs(["民政口径"] * 3, [0.1, -12.5, 0.05]), 5, "管理口径", "X", 2024, ["P"])
    assert text.startswith("2024 growth can be set only against P (1 of 5 peers; a secondary copy)")
    assert "whose figures are 民政口径 (管理口径 only by assumption)" in text
    assert "X's rate1 is 12.5 pp above (5.0% against P's -7.5%), beyond rounding; rate0 and rate2 within it." in text
    marked = inv.growth_bullet(pairs(["民政口径"], [0.1]), 5, "管理口径", "X", 2024)
    assert "whose figures are 民政口径:" in marked and "only by assumption" not in marked
    assert "all 1 gaps are within the rounding of the printed rates, so none is judged" in marked
    two = pairs(["民政口径"] * 2, [3.0, 2.0])
    assert "(1 more beyond it)" in inv.growth_bullet(two, 5, "管理口径", "X", 2024)
    assert "not compared" in inv.growth_bullet(pairs([], []), 5, "管理口径", "X", 2024)


def test_growth_pairs_on_the_data_read_precision_from_the_quotes():
    table = inv.growth_pairs({"gdp_growth": "real"}, ["惠济区", "二七区"], "中原区", 2024, 0.5, {"惠济区": "民政口径"})
    assert list(table[inv.PEER]) == ["惠济区"]  # 二七区 has no 2024 rate
    row = table.iloc[0]
    assert row[inv.ROUNDING] == pytest.approx(0.1)  # two one-decimal figures: 0.05 each
    assert row[inv.BEYOND] == ("yes" if abs(row[inv.GAP]) > 0.1 + 1e-9 else "no")
    assert row[inv.PEER_BASIS] == "民政口径"
    assert inv.rounding_counts(table, 0.5) == (0.5, 1, int(row[inv.BEYOND] == "no"), int(row[inv.GAP] == 0))


def test_investment_figures_keep_one_unit_and_name_a_missing_figure_in_one_line():
    table, lacking = inv.investment_figures({"new_signed_project_investment": "planned totals", "no_such_figure": "x"})
    assert "value (亿元)" in table.columns and list(table["figure"]) == ["新签约项目计划总投资"]
    assert lacking == "This report states no no such figure figure."
    with pytest.raises(inv.ParameterContradiction, match="PIPELINE lists figures in"):
        inv.investment_figures({"new_signed_project_investment": "a", "housing_subscriptions": "b"})
    nothing, line = inv.investment_figures({})
    assert nothing.empty and line == "No investment figure is listed to look for."


def test_a_report_without_investment_figures_gets_lines_not_errors(summary_data):
    """The 样例区 summary states no investment figure, and its city has no outside figures."""
    table, lacking = inv.investment_figures(
        {"new_signed_project_investment": "a", "external_domestic_funds": "b"}, "yangliqu_2024", summary_data
    )
    assert (
        table.empty
        and lacking
        == "This report states none of the investment totals looked for (新签约项目计划总投资、引进域外境内资金)."
    )
    assert inv.rank_claims({}, "yangliqu_2024", summary_data) == {"gdp_growth_rank": "gdp_growth"}
    totals = {"招商引资新签约项目签约总额": "new_signed_project_investment"}
    text = inv.weight_lacks(totals, math.nan, "样例市", 2024, "yangliqu_2024", summary_data)
    assert text == (
        "This report states no 新签约项目计划总投资 figure; the outside data hold no 样例市 2024 "
        "招商引资新签约项目签约总额、地区生产总值."
    )
    growth = inv.growth_by_district(
        {"gdp_growth": "real", "fixed_asset_investment_growth": "nominal"},
        ["样例区"],
        "样例区",
        "样例市",
        2024,
        "yangliqu_2024",
        summary_data,
    )
    assert list(growth["indicator"]) == [get_metric("gdp_growth", "yangliqu_2024", summary_data).name_zh]


def test_a_rank_claim_whose_group_is_not_stated_is_shown_so(data_copy):
    metrics = data_copy / "reports" / "zhongyuan_2024" / "metrics.csv"
    frame = pd.read_csv(metrics, dtype=str, keep_default_na=False)
    row = frame["metric_id"] == "policy_funds_rank"
    frame.loc[row, "out_of"], frame.loc[row, "note"] = "", inv.GROUP_NOT_STATED
    frame.to_csv(metrics, index=False)
    table = inv.claims_table({}, [], SIX, "中原区", "市内六区", data_dir=data_copy)
    shown = table.set_index("item ranked")
    assert shown.loc["政策性资金项目申报额度", inv.OUT_OF] == inv.GROUP_NOT_STATED
    assert shown.loc["认购", inv.OUT_OF] == 6 and set(shown[inv.RANK]) == {1}
    assert "1 of them does not state its group" in inv.claims_bullet(table, "市内六区")


def test_the_peer_group_follows_the_city_and_keeps_an_outside_district():
    assert inv.peer_group("中原区", "郑州市", None) == SIX
    assert inv.peer_group("样例区", "样例市", None) == ["样例区"]
    assert inv.peer_group("郑东新区", "郑州市", None) == ["郑东新区", *SIX]
    assert inv.peer_group("中原区", "样例市", ["二七区"]) == ["中原区", "二七区"]


def test_standing_gap_names_the_missing_group_or_table_line():
    table = gdp_table()
    assert inv.standing_gap(table, ["A", "B"], "A", "X市", "市内六区", 2025) == ""
    alone = inv.standing_gap(table.iloc[0:0], ["Z"], "Z", "X市", "市内六区", 2025)
    assert alone.startswith("The data hold no peer group for X市, so Z is not ranked here")
    missing = inv.standing_gap(table.assign(gdp=math.nan), ["A", "B"], "A", "X市", "市内六区", 2025)
    assert missing.startswith("The outside data hold no line for A in X市's district table of 2025 GDP")


def test_a_parameter_the_data_cannot_have_stops_naming_it_the_value_and_the_fix():
    assert inv.table_year(None, 2024) == inv.table_year(2025, 2024) == 2025
    with pytest.raises(inv.ParameterContradiction) as stop:
        inv.table_year(2023, 2024)
    assert "GDP_TABLE_YEAR is 2023" in str(stop.value) and "set GDP_TABLE_YEAR to None (or 2025)" in str(stop.value)
    inv.require_entities("DISTRICTS", ["二七区", "郑州市"])  # both in the outside data: no stop
    with pytest.raises(inv.ParameterContradiction) as unknown:
        inv.require_entities("DISTRICTS", ["二七区", "二七"])
    message = str(unknown.value)
    assert "DISTRICTS names the place '二七', which report_data/external_figures.csv does not have" in message
    assert "change DISTRICTS in the notebook's parameters cell" in message


def test_assumptions_table_keeps_only_what_was_analysed():
    empty = inv.assumptions_table(claims([], []), None, pd.DataFrame(), (0.5, 0, 0, 0), "样例区", 2024, 2025, False)
    assert empty.empty
    stand_in = inv.assumptions_table(claims([0], [True]), None, pd.DataFrame(), (0.5, 0, 0, 0), "A", 2024, 2025, False)
    assert len(stand_in) == 1 and "stands in" in stand_in.iloc[0, 0]


def test_gdp_by_year_orders_largest_first_and_names_assumed_rows():
    reading = gdp_table()[gdp_table()["basis"] == "民政口径"].assign(assumed=[False, True, False])
    rows = inv.gdp_by_year(reading, 2024, 2025)
    assert list(dict.fromkeys(rows["district"])) == ["C", "A", "B\n(assumed)"]
    assert list(rows["derived"][:2]) == [True, False]


def test_both_bases_effect_gives_the_standing_with_and_without_the_assumption():
    used, printed, assumed = inv.both_bases_effect(gdp_table(), "gdp", "A", used=False)
    assert (used, printed, assumed) == (False, "rank 1 of 2 with data (3 districts, 1 without data)", "rank 2 of 3")


def test_assumptions_table_says_each_caveat_once_without_code_names():
    growth = pd.DataFrame({"indicator": ["生产总值增长", "固定资产投资增长"], inv.MEASURED_AS: ["real", "nominal"]})
    table = inv.assumptions_table(
        claims([0, 0], [True, False]),
        (False, "rank 2 of 3", "rank 2 of 6"),
        growth,
        (0.5, 4, 3, 0),
        "中原区",
        2024,
        2025,
    )
    assert list(table.columns) == ["assumption or caveat", "value used", "range tried", "what it changes"]
    assert table["assumption or caveat"].is_unique
    text = " ".join(table.astype(str).to_numpy().ravel())
    assert "工作 is ranked on a measure the report does not name; figure of 工作 stands in" in text
    assert "rank 2 of 3 as printed; rank 2 of 6 with the assumption" in text
    assert "生产总值增长 real; 固定资产投资增长 nominal" in text
    assert "3 of 4 at 0.5, 0 of 4 read exactly" in text
    assert "a reading of scale, not a measured share" in text
    assert "off (管理口径 as printed)" in text
    assert not CODE_NAME.search(text)


def test_bullets_from_realistic_inputs_stay_within_45_words():
    either = f" whether or not {inv.UNMARKED_COUNT}"
    printed = f", 2 of 6 assuming {inv.UNMARKED_COUNT}"
    now = {"民政口径": ("3 of 6", ""), "管理口径": ("2 of the 3 with a figure", printed)}
    then = {"民政口径": ("4 of 6", ""), "管理口径": ("2nd of 6", either)}
    bullets = [
        inv.claims_bullet(claims([0, 0, 0], [True, False, False]), "市内六区"),
        inv.gdp_bullet(now, now, "管理口径", "中原区", 2025, 2024),
        inv.gdp_bullet(then, {**then, "民政口径": ("4 of 6", "")}, "管理口径", "中原区", 2025, 2024),
        inv.per_capita_bullet(now, {"民政口径": 10.46, "管理口径": 10.18}, 11.65, "郑州市"),
        inv.weight_bullet(weights([5.8, 5.6], [10.8, 6.4]), "中原区", "郑州市", 2024),
        inv.growth_bullet(pairs(["民政口径"] * 4, [0.1, -0.1, -0.5, 12.5]), 5, "管理口径", "X", 2024, ["P"]),
    ]
    assert [word_count(b) for b in bullets if word_count(b) > MAX_WORDS] == []
    assert not any(CODE_NAME.search(b) for b in bullets)
