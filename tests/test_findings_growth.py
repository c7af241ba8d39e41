"""helpers.findings.growth: notebook 01's tables and sentences, each on small hand-made numbers and frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.analysis.claims import CONVENTION, NOMINAL, NOT_STATED, REAL
from helpers.analysis.peers import COMPARABLE, NO_FIGURE
from helpers.findings import growth, parameters
from helpers.findings.common import CAVEAT_COLUMNS, MAX_WORDS, word_count


def judged_frame(rows: list[tuple[str, str, float, str, float, bool, str]]) -> pd.DataFrame:
    """Benchmark rows as judge_benchmarks returns them: metric, name, district rate, entity, rate, derived, status."""
    frame = pd.DataFrame(
        rows, columns=["metric_id", "name_zh", "district_value", "entity", "value", "derived", "status"]
    )
    frame["gap_pp"] = (frame["district_value"] - frame["value"]).where(frame["status"] == COMPARABLE)
    frame["measure_shown"] = "real, by convention"
    frame["basis"] = ""
    return frame


JUDGED = judged_frame(
    [
        ("gdp_growth", "生产总值增长", 5.4, "甲市", 5.7, False, COMPARABLE),
        ("gdp_growth", "生产总值增长", 5.4, "乙省", 5.1, False, COMPARABLE),
        ("retail_sales_growth", "零售增长", 5.5, "甲市", 4.7, True, COMPARABLE),
        ("retail_sales_growth", "零售增长", 5.5, "乙省", math.nan, False, NO_FIGURE),
        ("industry_growth", "工业增长", 3.2, "甲市", 10.5, False, COMPARABLE),
        (
            "fiscal_revenue_growth",
            "财政增长",
            1.6,
            "甲市",
            -0.9,
            False,
            "not comparable: the outside figure's measure is not stated",
        ),
    ]
)
LABELS = pd.Series(
    {
        "gdp_growth": "real, by convention",
        "retail_sales_growth": "nominal, assumed",
        "industry_growth": "real, by convention",
        "fiscal_revenue_growth": "同口径, comparable basis",
    }
)


def test_measure_labels_say_where_a_measure_comes_from_and_a_missing_period_overrides_it():
    measures = pd.DataFrame(
        {
            "measure": [REAL, NOMINAL, NOT_STATED, "physical quantity"],
            "measure_source": [CONVENTION, "assumed", "none", "unit of the level"],
            "group": ["real, by convention", "nominal, assumed", NOT_STATED, growth.PERIOD_NOT_STATED],
        },
        index=["a", "b", "c", "d"],
    )
    assert growth.measure_labels(measures).tolist() == [
        "real, by convention",
        "nominal, assumed",
        NOT_STATED,
        growth.PERIOD_NOT_STATED,
    ]


@pytest.mark.parametrize(("level", "rate"), [(931.8, 5.4), (100.0, 10.0)])
def test_deflator_bias_says_the_implied_level_understates_when_prices_fell(level, rate):
    text = growth.deflator_bias(level, rate, 2024)
    previous = level / (1 + rate / 100)
    assert f"= {previous:,.1f}" in text
    assert f"{previous:,.1f} understates 2023's nominal GDP; if they rose, it overstates it" in text
    assert f"nominal growth was below {rate:g}%" in text


def test_chart_frame_draws_only_pairs_measured_alike_and_names_the_rest():
    bars, left_out = growth.chart_frame(JUDGED, "本区", LABELS)
    assert left_out == ["财政增长 (not measured alike)"]
    assert set(bars["entity"]) == {"本区", "甲市", "乙省"}
    assert not bars["value"].isna().any()  # a benchmark with no figure or not measured alike is not drawn
    own = bars[bars["entity"] == "本区"]
    assert own["value"].tolist() == [5.4, 5.5, 3.2] and not own["derived"].any()
    assert bars.loc[bars["entity"] == "甲市", "derived"].tolist() == [False, True, False]
    assert bars["label"].iloc[1] == "零售\n(nominal, assumed)"


def test_either_reading_judges_only_where_both_readings_agree():
    agree = growth.either_reading(
        "收入增长", 6.0, NOT_STATED, {"全国": {NOMINAL: (5.3, "nominal"), REAL: (5.1, "real")}}
    )
    assert agree == (
        "收入增长 +6.0% (real or nominal not stated) is above 全国's on both readings: "
        "nominal +5.3% (+0.7 pp) and real +5.1% (+0.9 pp)."
    )
    split = growth.either_reading(
        "收入增长", 5.2, NOT_STATED, {"全国": {NOMINAL: (5.3, "nominal"), REAL: (5.1, "real")}}
    )
    assert "between 全国's two rates" in split and "so not judged" in split
    one = growth.either_reading("收入增长", 6.0, NOT_STATED, {"全国": {NOMINAL: (5.3, "nominal")}})
    assert "not judged against 全国's nominal +5.3% (+0.7 pp) alone (no real rate)" in one
    assert growth.either_reading("收入增长", 6.0, NOT_STATED, {}) == ""
    assert growth.either_reading("收入增长", 6.0, REAL, {"全国": {REAL: (5.1, "real")}}) == ""  # stated: generic rules


def test_judge_readings_puts_the_same_verdict_in_the_table_and_the_chart_note():
    both = {NOMINAL: (5.3, "nominal"), REAL: (5.1, "real")}
    rows = judged_frame(
        [
            ("income_growth", "收入增长", 6.0, "全国", 5.3, False, "not comparable: the report does not say"),
            ("income_growth", "收入增长", 5.2, "甲市", 5.3, False, "not comparable: the report does not say"),
            ("income_growth", "收入增长", 6.0, "乙省", math.nan, False, NO_FIGURE),
        ]
    ).assign(district_measure=NOT_STATED)
    found = {"全国": both, "甲市": both, "乙省": both}
    judged = growth.judge_readings(rows, "income_growth", found)
    gaps = f"{6.0 - 5.3:+.1f} / {6.0 - 5.1:+.1f} pp"
    assert judged["status"].tolist() == [
        f"above on both readings (nominal +5.3%, real +5.1%: {gaps})",
        "not judged: between its nominal and real rates",
        NO_FIGURE,
    ]
    _, left_out = growth.chart_frame(judged, "本区", pd.Series({"income_growth": NOT_STATED}))
    assert left_out == ["收入增长 (above 全国 on both readings; not judged against 甲市)"]
    one = growth.reading_status(6.0, {NOMINAL: (5.3, "nominal")})
    assert one == "not judged: no real rate to read it against"
    stated = growth.judge_readings(rows.assign(district_measure=REAL), "income_growth", found)
    assert stated["status"].tolist() == rows["status"].tolist()  # a stated measure follows the usual rules


def test_statements_say_each_indicator_once_its_own_sentence_replacing_the_generic_one():
    sentences = growth.statements(JUDGED, LABELS, {"industry_growth": "工业: its own sentence.", "gdp_growth": ""})
    assert len(sentences) == 4
    assert sentences[0].startswith("生产总值增长 +5.4% (real, by convention): below 甲市 +5.7% (-0.3 pp)")
    assert sentences[2] == "工业: its own sentence."
    assert "not comparable with 甲市 -0.9%" in sentences[3]


def test_largest_gap_is_the_widest_comparable_pair_whatever_its_sign():
    text = growth.largest_gap(JUDGED, LABELS)
    assert text.startswith("The largest gap between rates measured alike: 工业增长 +3.2%")
    assert f"{3.2 - 10.5:+.1f} pp" in text
    none = JUDGED.assign(status="not comparable: x")
    assert "no gap is computed" in growth.largest_gap(none, LABELS)


def test_basis_sentence_and_match_range_follow_the_tolerance():
    derived = pd.Series({"民政口径": 1568.71, "管理口径": 931.77})
    assert "matches the 管理口径 series" in growth.basis_sentence("931.8 亿元", derived, 931.8, 0.05, 2024, 2025)
    assert "does not match the 管理口径" in growth.basis_sentence("931.8 亿元", derived, 931.8, 0.01, 2024, 2025)
    assert f"{1568.71 / 931.8:.2f} times" in growth.basis_sentence("931.8 亿元", derived, 931.8, 0.05, 2024, 2025)
    assert growth.match_range(derived, 931.8, (0.05, 0.10)) == "管理口径 at every value tried"
    assert growth.match_range(derived, 931.7, (0.05, 0.10)) == "0.05: no match; 0.1: 管理口径"


def test_basis_bars_put_the_derived_year_first_hatched():
    gdp = pd.DataFrame(
        {"gdp": [1665.5, 1003.7], "gdp_previous_derived": [1568.7, 931.8]}, index=pd.Index(["民", "管"], name="basis")
    )
    bars = growth.basis_bars(gdp, 2024, 2025)
    assert bars["year"].tolist() == ["2024 (derived from 2025 GDP)"] * 2 + ["2025 (stated)"] * 2
    assert bars["derived"].tolist() == [True, True, False, False] and bars["value"].tolist()[1] == 931.8


def test_scale_table_divides_each_level_by_the_city_of_its_year():
    table = growth.scale_table(
        [(2024, "管", 931.8, "report"), (2025, "管", 1003.7, "stated")], {2024: 14532.1, 2025: 15244.6}, "本区", "甲市"
    )
    assert table["share of the city (%)"].round(6).tolist() == [
        round(931.8 / 14532.1 * 100, 6),
        round(1003.7 / 15244.6 * 100, 6),
    ]


def test_fiscal_sentence_gives_rates_for_scale_and_the_district_share_of_the_city():
    fiscal = pd.DataFrame(
        {
            "一般公共预算收入 2024 (亿元)": [51.5, 1155.04, math.nan],
            "growth (%)": [1.6, -0.9, math.nan],
            "basis note": ["同口径, comparable basis", "not stated", ""],
        },
        index=["本区", "甲市", "乙省"],
    )
    text = growth.fiscal_sentence(fiscal, "本区", "甲市", 2024)
    assert "本区 +1.6% (同口径) beside 甲市 -0.9%." in text  # 乙省 has no figure: not named as one
    assert f"{51.5 / 1155.04 * 100:.1f}% of 甲市's. This understates its revenue weight" in text
    assert text.endswith("is not comparable with its GDP share.") and text.count("understates") == 1
    alone = fiscal.loc[["本区"]].assign(**{"basis note": "real or nominal not stated"})
    assert growth.fiscal_sentence(alone, "本区", "甲市", 2024) == "一般公共预算收入 2024: 本区 +1.6%."


def test_the_district_fiscal_row_takes_what_the_report_states_and_leaves_the_rest_missing():
    metrics = pd.DataFrame({"metric_id": ["fiscal_revenue_growth"], "value": [3.1], "quote": ["增长3.1%"]})
    row = growth.district_fiscal_row(metrics, LABELS, ("fiscal_revenue", "fiscal_revenue_growth"), "本区", 2024)
    assert math.isnan(row["一般公共预算收入 2024 (亿元)"]) and row["growth (%)"] == 3.1
    assert row["basis note"] == LABELS["fiscal_revenue_growth"]


def test_ratio_table_divides_each_item_by_each_gdp():
    table = growth.ratio_table([("零售", "313 亿元", 313.0)], {"GDP a": 931.8, "GDP b": 1568.7}, 2024)
    assert table["ratio (%)"].round(3).tolist() == [round(313 / 931.8 * 100, 3), round(313 / 1568.7 * 100, 3)]


@pytest.mark.parametrize(
    ("outturn", "target", "basis", "outcome"),
    [
        (10.5, 9.0, "以上 (at least)", "met"),
        (9.0, 9.0, "以上 (at least)", "met"),
        (4.7, 8.0, "以上 (at least); 地方财政", "not met"),
        (5.7, 7.0, "左右 (about)", "below the target"),
        (7.2, 7.0, "左右 (about)", "above the target"),
        (math.nan, 7.0, "左右 (about)", "no figure"),
    ],
)
def test_target_outcome_is_met_only_for_an_at_least_target(outturn, target, basis, outcome):
    assert growth.target_outcome(outturn, target, basis) == outcome


def test_target_text_keeps_the_bound_visible():
    assert growth.target_text(7.0, "左右 (about)") == "about 7% (左右)"
    assert growth.target_text(9.5, "以上 (at least); 地方财政") == "at least 9.5% (以上)"
    assert growth.target_text(3.0, "") == "3%"
    assert growth.target_text(math.nan, "") == "missing"


GOALS = pd.DataFrame(
    {"target": [7.0, 8.0, 9.0], "basis": ["左右 (about)", "以上 (at least)", "以上 (at least)"]},
    index=pd.Index(["gdp_growth", "retail_sales_growth", "industry_growth"], name="metric_id"),
)
RESULTS = pd.DataFrame(
    {"outturn": [5.7, 4.7, 10.5], "is": ["stated", "derived (derived: 5.2 - 0.5)", "stated"]}, index=GOALS.index
)
NAMES = pd.Series({"gdp_growth": "生产总值增长", "retail_sales_growth": "零售增长", "industry_growth": "工业增长"})


def test_target_table_judges_each_target_or_none():
    table = growth.target_table(NAMES, GOALS, RESULTS, "甲市", 2024, judge=True)
    assert table["outcome"].tolist() == ["below the target", "not met", "met"]
    assert table["gap to the target (pp)"].tolist() == [f"{5.7 - 7:+.1f}", f"{4.7 - 8:+.1f}", f"{10.5 - 9:+.1f}"]
    assert table["甲市 target 2024 (as printed)"].tolist() == [
        "about 7% (左右)",
        "at least 8% (以上)",
        "at least 9% (以上)",
    ]
    unjudged = growth.target_table(NAMES, GOALS, RESULTS, "甲市", 2024, judge=False)
    assert set(unjudged["outcome"]) == {growth.NOT_JUDGED}
    assert set(unjudged["gap to the target (pp)"]) == {"not computed"}
    assert growth.target_gap(math.nan, 3.0, True) == "missing"


def test_context_table_sets_targets_beside_the_district_rates_without_a_gap():
    claims = pd.DataFrame({"name_zh": NAMES, "change": [5.4, 5.5, 3.2]})
    table = growth.context_table(claims, LABELS, {"甲市 target (the city's)": GOALS.iloc[:2]}, "本区", 2024)
    assert table["甲市 target (the city's)"].tolist() == ["about 7% (左右)", "at least 8% (以上)", "missing"]
    assert not [c for c in table.columns if "gap" in c]


def test_targets_bullet_without_city_targets_says_only_what_can_be_said():
    none = GOALS.assign(target=math.nan, basis="")
    assert growth.targets_bullet("甲市", 2024, NAMES, none, RESULTS, True, ("", "", 0)) == ""
    verb = growth.targets_bullet("甲市", 2024, NAMES, none, RESULTS, True, ("较好完成", "completed well", 0))
    assert (
        verb.startswith("No 2024 target of 甲市 is in the data.")
        and "'较好完成' (completed well) cannot be checked" in verb
    )


def test_targets_bullet_counts_at_least_targets_and_names_the_report_verb():
    own = ("较好完成", growth.OWN_WORDS["较好"], 0)
    text = growth.targets_bullet("甲市", 2024, NAMES, GOALS, RESULTS, True, own)
    assert text.startswith("In 2024 甲市 met 1 of 2 'at least' targets (工业增长)")
    assert "生产总值增长 5.7% was below its 'about 7% (左右)' target" in text
    assert (
        "No source here has the district's targets, so its '较好完成' (completed well; not 全面完成, in full)" in text
    )
    assert word_count(text) <= MAX_WORDS
    found = growth.targets_bullet("甲市", 2024, NAMES, GOALS, RESULTS, False, ("", "", 2))
    assert "is not judged against its targets" in found and "2 district targets are in the data" in found
    one = growth.targets_bullet("甲市", 2024, NAMES, GOALS, RESULTS, False, ("", "", 1))
    assert "1 district target is in the data: its record is set beside them." in one


def test_a_target_whose_outturn_basis_is_not_stated_is_not_counted():
    results = RESULTS.assign(measured=[True, True, False])
    table = growth.target_table(NAMES, GOALS, results, "甲市", 2024, judge=True)
    assert table["outcome"].tolist() == ["below the target", "not met", growth.BASIS_UNSTATED]
    assert table["gap to the target (pp)"].tolist()[2] == "not computed"  # no gap where none is judged
    text = growth.targets_bullet("甲市", 2024, NAMES, GOALS, results, True, ("", "", 0))
    assert text.startswith("In 2024 甲市 met 0 of 1 comparable 'at least' target; 工业增长's basis is unstated;")
    assert text.endswith("so whether the district met them cannot be checked.")


def test_counted_and_the_district_table_name_read_right():
    assert growth.counted(1, "target") == "1 target" and growth.counted(3, "target") == "3 targets"
    assert growth.counted(2, "series", "series") == "2 series"
    assert growth.district_table(2025) == "the city's district table of 2025 GDP"
    assert growth.district_table(2025, "甲市") == "甲市's district table of 2025 GDP"
    assert growth.basis_title("本区", ["民政口径"]) == "本区地区生产总值：民政口径 (GDP on 1 basis)"
    assert growth.basis_title("本区", ["民政口径", "管理口径"]).endswith("民政口径与管理口径 (GDP on 2 bases)")


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("稳中求进,较好完成了区十七届人大四次会议确定的目标任务。", "较好完成"),
        ("全面完成了全年目标任务", "全面完成"),
        ("成绩显著", ""),
    ],
)
def test_own_wording_reads_the_report_verb(text, verb):
    found, reading = growth.own_wording(text)
    assert found == verb
    assert reading == (growth.OWN_WORDS[verb[:2]] if verb else "")


def test_findings_bullets_are_built_from_the_comparable_pairs():
    claims = pd.DataFrame({"change": [5.4]}, index=["gdp_growth"])
    gdp = growth.gdp_bullet("本区", 2024, claims, LABELS, JUDGED, "gdp_growth")
    assert (
        gdp
        == "本区's GDP grew 5.4% in 2024 (real, by convention): below 甲市's 5.7% (-0.3 pp); above 乙省's 5.1% (+0.3 pp)."
    )
    other = growth.other_rates_bullet(JUDGED, ["甲市", "乙省"], "gdp_growth")
    assert (
        other
        == "Against 甲市, rates measured alike: 零售增长 +5.5% vs +4.7% (derived) (+0.8 pp); 工业增长 +3.2% vs +10.5% (-7.3 pp)."
    )
    assert growth.other_rates_bullet(JUDGED, ["丙市", "乙省"], "gdp_growth") == ""  # 乙省's only figure is GDP
    first_with_figures = growth.other_rates_bullet(JUDGED, ["", "丙市", "甲市"], "gdp_growth")
    assert first_with_figures == other  # an empty or figureless benchmark is passed over, never named
    unlike = JUDGED.assign(status=JUDGED["status"].replace(COMPARABLE, "not comparable: x"))
    assert growth.other_rates_bullet(unlike, ["甲市"], "gdp_growth").startswith("No other headline rate has a 甲市")
    basis = growth.basis_bullet("931.8 亿元", "管", True, {"管": 6.4, "民": 10.8}, "甲市", 2024, 2025)
    assert "consistent with the 管 series" in basis and basis.endswith(
        "its 2024 GDP is 6.4% of 甲市's on 管 (10.8% on 民)."
    )
    assert "matches no series" in growth.basis_bullet("931.8 亿元", "管", False, {"管": 6.4}, "甲市", 2024, 2025)
    no_table = growth.basis_bullet("286.4 亿元", None, False, {"basis not known": 3.1}, "甲市", 2024, 2025)
    assert no_table == "The report's 2024 GDP of 286.4 亿元 is 3.1% of 甲市's (no district table gives its basis)."
    assert growth.basis_bullet("286.4 亿元", None, False, {}, "甲市", 2024, 2025) == ""
    assert growth.basis_bullet("931.8 亿元", "管", True, {}, "甲市", 2024, 2025).endswith(
        "the city's district table of 2025 GDP."
    )
    assert growth.gdp_bullet("本区", 2024, claims.drop(index="gdp_growth"), LABELS, JUDGED, "gdp_growth") == ""
    for sentence in (gdp, other, basis):
        assert word_count(sentence) <= MAX_WORDS


def test_caveats_table_says_each_caveat_once_with_the_rates_it_concerns():
    names = pd.Series({"a": "零售增长", "b": "生产总值增长", "c": "收入增长"})
    sources = pd.Series({"a": "assumed", "b": CONVENTION, "c": "none"})
    table = growth.caveats_table(
        names,
        sources,
        (0.05, (0.05, 0.1), "管 at every value tried"),
        "bias",
        True,
        ["甲市 零售增长"],
        ("本区", "甲市", "丙区"),
    ).set_index(CAVEAT_COLUMNS[0])
    assert list(table.columns) == ["value used", "range tried", "what it changes"]
    assert table.index.is_unique
    assert any("零售增长" in row and "real or nominal" in row for row in table.index)
    assert any(row.endswith("生产总值增长") and "同比" in row for row in table.index)
    assert table.loc["Implied previous-year GDP", "what it changes"] == "bias"
    assert "series matched: 管 at every value tried" in table["what it changes"].tolist()
    assert "The targets shown are 甲市's and 丙区's, not 本区's" in table.index
    assert not table.index.str.contains(r"\bA\d\b|[A-Z]{3,}_").any()  # no code names
    fewer = growth.caveats_table(names, sources, None, "", True, [], ("本区", "甲市", "丙区"), analysed=["income"])
    fewer = fewer.set_index(CAVEAT_COLUMNS[0])
    assert (
        "Implied previous-year GDP" not in fewer.index
        and "The targets shown are 甲市's and 丙区's, not 本区's" not in fewer.index
    )
    assert not [row for row in fewer.index if "back-calculated" in row or "Derived" in row or "Retail" in row]
    assert "Income growth: the report does not say real or nominal" in fewer.index


# ---- a report without some figures, and parameters the data cannot have ----------------------------------------


def test_a_parameter_naming_what_the_data_cannot_have_stops_with_the_parameter_value_and_file():
    parameters.check_parameters(
        {"HEADLINE_GROWTH": ["gdp_growth"]}, {"gdp_growth", "gdp"}, "report_data/metric_ids.csv"
    )
    with pytest.raises(parameters.ParameterContradiction) as stop:
        parameters.check_parameters(
            {"HEADLINE_GROWTH": ["gdp_growth"], "NEIGHBOUR": ["无此区"]},
            {"gdp_growth", "甲市"},
            "report_data/external_figures.csv",
            "entity",
        )
    message = str(stop.value)
    assert message.startswith("parameter NEIGHBOUR names the entity '无此区'")
    assert "add it to report_data/external_figures.csv or change NEIGHBOUR" in message
    with pytest.raises(parameters.ParameterContradiction, match="GDP_TABLE_YEAR names the year 2031"):
        parameters.check_parameters({"GDP_TABLE_YEAR": [2031]}, {2024, 2025}, "external_figures.csv", "year")


def test_a_missing_outside_figure_gets_one_line_and_none_names_an_empty_place():
    assert growth.no_outside(["甲市", "", "乙省"], "growth target", 2024) == (
        "external_figures.csv has no 2024 growth target of 甲市 or 乙省."
    )
    assert growth.no_outside([""], "growth target", 2024) == ""
    assert growth.no_city("", "no share is computed") == "The report names no city, so no share is computed."
    assert growth.no_city("甲市", "no share is computed") == ""


def test_without_figures_and_empty_rows_name_the_places_with_nothing():
    assert growth.without_figures(JUDGED, ["甲市", "乙省", "丙市"]) == ["丙市"]
    assert growth.without_figures(JUDGED.iloc[0:0], ["甲市"]) == []
    frame = pd.DataFrame({"v (亿元)": [1.0, math.nan], "note": ["", ""]}, index=["甲市", "乙省"])
    assert growth.empty_rows(frame) == ["乙省"]


def test_basis_match_and_scale_rows_follow_what_the_table_and_report_have():
    gdp = pd.DataFrame(
        {"gdp": [1689.9, 1003.7], "gdp_previous_derived": [1568.71, 931.77]}, index=["民政口径", "管理口径"]
    )
    match = growth.basis_match(gdp["gdp_previous_derived"], 931.8, 0.05)
    assert match == growth.BasisMatch("管理口径", "管理口径", "民政口径", "管理口径")
    rows = growth.scale_rows(931.8, match, gdp, 2024, 2025)
    assert rows == [
        (2024, "管理口径", 931.8, "report"),
        (2024, "民政口径", 1568.71, "derived from 2025 GDP"),
        (2025, "管理口径", 1003.7, "stated"),
        (2025, "民政口径", 1689.9, "stated"),
    ]
    assert growth.basis_match(gdp["gdp_previous_derived"], 900.0, 0.05).label == "basis not matched (closest: 管理口径)"
    none = growth.basis_match(pd.Series(dtype=float), 286.4, 0.05)
    assert none.closest is None and none.label == "basis not known"
    assert growth.scale_rows(286.4, none, gdp.iloc[0:0], 2024, 2025) == [(2024, "basis not known", 286.4, "report")]
    assert growth.scale_rows(math.nan, none, gdp.iloc[0:0], 2024, 2025) == []
    line = growth.gdp_table_line(gdp["gdp_previous_derived"].iloc[:1], "本区", 2025)
    assert line == "external_figures.csv has no 2025 地区生产总值 on 管理口径 of 本区."
    assert growth.gdp_table_line(gdp["gdp_previous_derived"], "本区", 2025) == ""


def test_shares_of_takes_the_years_shares_by_basis_where_there_is_one():
    scale = growth.scale_table(
        [(2024, "管", 931.8, "report"), (2025, "管", 1003.7, "stated")], {2024: 14532.1, 2025: math.nan}, "本区", "甲市"
    )
    assert growth.shares_of(scale, 2024) == {"管": 931.8 / 14532.1 * 100}
    assert growth.shares_of(scale, 2025) == {}


def test_income_reading_and_names_of_what_the_report_lacks():
    claims = pd.DataFrame({"name_zh": ["收入增长"], "change": [6.0], "measure": [NOT_STATED]}, index=["income"])
    found = {"全国": {NOMINAL: (5.3, "nominal"), REAL: (5.1, "real")}}
    assert growth.income_reading(claims, "income", found).startswith(
        "收入增长 +6.0% (real or nominal not stated) is above"
    )
    assert growth.income_reading(claims, "disposable_income_growth", found) == ""
    names = growth.indicator_names(claims, ["income", "fixed_asset_investment_growth"])
    assert names.to_dict() == {"income": "收入增长", "fixed_asset_investment_growth": "固定资产投资增长"}
    assert growth.deflator_bias(math.nan, 5.4, 2024) == "" and growth.deflator_bias(931.8, None, 2024) == ""


def test_check_names_stops_on_an_id_place_or_year_the_project_data_cannot_have():
    ok = {"HEADLINE_GROWTH": ["gdp_growth", "technology_contract_growth"]}
    growth.check_names(ok, {"NATIONAL": ["全国"]}, {"GDP_TABLE_YEAR": [2025]}, {"technology_contract_growth"})
    with pytest.raises(parameters.ParameterContradiction, match="HEADLINE_GROWTH names the metric id 'no_such_growth'"):
        growth.check_names({"HEADLINE_GROWTH": ["no_such_growth"]}, {}, {}, set())
    with pytest.raises(
        parameters.ParameterContradiction, match=r"report_data/external_figures\.csv or change NEIGHBOUR"
    ):
        growth.check_names({}, {"NEIGHBOUR": ["无此区"]}, {}, set())
    with pytest.raises(parameters.ParameterContradiction, match="GDP_TABLE_YEAR names the year 1901"):
        growth.check_names({}, {}, {"GDP_TABLE_YEAR": [1901]}, set())


def test_the_deflator_caveat_is_given_only_for_a_rate_read_as_real():
    assert growth.deflator_bias(931.8, 5.4, 2024, REAL).startswith("931.8 ÷ 1.054")
    assert growth.deflator_bias(931.8, 5.4, 2024, NOT_STATED) == ""
