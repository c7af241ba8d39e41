"""Verdicts on headline claims: each rule on hand-made numbers, then the rules applied to a report's data."""

from __future__ import annotations

import math

import pandas as pd

from helpers.analysis.verdicts import (
    VERDICTS,
    gdp_level_verdict,
    good_days_verdict,
    growth_verdict,
    headline_verdicts,
    intensity_target_verdict,
    per_head_verdict,
    rank_verdict,
    targets_met_verdict,
    verdict_table,
)

from .conftest import replace_in


def test_a_gdp_level_within_tolerance_of_one_basis_is_consistent_and_names_it():
    verdict, reason = gdp_level_verdict(100.0, pd.Series({"甲口径": 100.03, "乙口径": 160.0}), tolerance=0.05)
    assert verdict == "consistent"
    assert "甲口径" in reason and "100.03" in reason


def test_a_gdp_level_matching_no_basis_is_not_supported_and_gives_the_gap():
    verdict, reason = gdp_level_verdict(100.0, pd.Series({"甲口径": 101.0, "乙口径": math.nan}), tolerance=0.05)
    assert verdict == "not supported"
    assert "甲口径" in reason and "+1.00" in reason


def test_a_gdp_level_without_outside_figures_cannot_be_checked():
    verdict, _ = gdp_level_verdict(100.0, pd.Series({"甲口径": math.nan}, dtype=float))
    assert verdict == "cannot be checked here"


def test_growth_is_judged_against_an_outside_statement_of_the_same_rate():
    assert growth_verdict(5.4, 5.4, "某市", 5.7)[0] == "consistent"
    assert growth_verdict(5.4, 6.0, "某市", 5.7)[0] == "not supported"
    verdict, reason = growth_verdict(5.4, math.nan, "某市", 5.7)
    assert verdict == "cannot be checked here"
    assert "it is 0.3 points below 某市's 5.7%" in reason
    assert "0.6 points above 某市's 5.7%" in growth_verdict(6.3, math.nan, "某市", 5.7)[1]
    assert growth_verdict(5.4, math.nan, "某市", math.nan)[1] == "No outside source states the district's rate."


def test_a_rank_is_checkable_only_with_a_figure_for_every_member():
    assert rank_verdict(5, 6)[0] == "cannot be checked here"
    assert rank_verdict(0, None)[0] == "cannot be checked here"
    assert rank_verdict(6, 6)[0] == "consistent"


def test_an_intensity_fall_cannot_be_checked_and_implies_a_district_target_no_larger_than_itself():
    verdict, reason = intensity_target_verdict(12.6, {"某市": 14.0, "全国": 13.5})
    assert verdict == "cannot be checked here"
    assert "≤12.6%" in reason and "(全国's 13.5% and 某市's 14% are not the district's)" in reason
    assert "short of" not in reason
    assert intensity_target_verdict(12.6, {})[0] == "cannot be checked here"


def test_good_days_give_their_share_of_a_leap_year_against_the_target():
    _, reason = good_days_verdict(237, 2024, "某市", 66.5, 2025)
    assert f"{237 / 366 * 100:.1f}% of 2024, below 某市's 66.5% target for 2025" in reason
    _, reason = good_days_verdict(250, 2023, "某市", 66.5, 2025)
    assert f"{250 / 365 * 100:.1f}% of 2023, at or above" in reason


def test_targets_met_says_the_own_targets_are_missing_and_sets_growth_against_the_citys():
    verdict, reason = targets_met_verdict(5.4, "某市", 7.0)
    assert verdict == "cannot be checked here"
    assert "5.4% is below 某市's target of about 7%" in reason
    assert "at or above" in targets_met_verdict(7.5, "某市", 7.0)[1]
    assert "某市" not in targets_met_verdict(5.4, "某市", math.nan)[1]


def test_a_payment_per_head_below_the_assumed_floor_is_flagged():
    verdict, reason = per_head_verdict(975, 2.8, floor=100)
    assert verdict == "misleading as worded"
    assert f"¥{975e4 / 2.8e4 / 12:.0f} a head a month" in reason
    assert per_head_verdict(975, 0.5, floor=100)[0] == "consistent"
    assert "at most ¥29 a head a month" in per_head_verdict(975, 2.8, floor=100, count_is_lower_bound=True)[1]


def test_the_project_report_gets_a_verdict_on_each_headline_claim_contradicting_rows_first():
    verdicts = headline_verdicts()
    ids = {v.metric_id for v in verdicts}
    assert {"gdp", "gdp_growth", "energy_intensity_decline", "good_air_days"} <= ids
    assert sum("市内六区" in v.claim for v in verdicts) == 3
    assert any("较好完成" in v.claim and v.metric_id == "" for v in verdicts)
    assert all(v.verdict in VERDICTS for v in verdicts)
    order = [VERDICTS.index(v.verdict) for v in verdicts]
    assert order == sorted(order)
    assert all(len(v.reason.split()) <= 25 for v in verdicts), [
        v.reason for v in verdicts if len(v.reason.split()) > 25
    ]
    table = verdict_table(verdicts)
    assert list(table["verdict"]) == [v.verdict for v in verdicts]


def test_a_verdict_follows_the_data(data_copy):
    """Change the outside GDP growth of the table year and the GDP verdict turns from consistent to not supported."""
    before = {v.metric_id: v.verdict for v in headline_verdicts()}
    assert before["gdp"] == "consistent"
    replace_in(
        data_copy / "external_figures.csv",
        "中原区,地区生产总值名义增速,2025,7.72",
        "中原区,地区生产总值名义增速,2025,6.72",
    )
    after = {v.metric_id: v.verdict for v in headline_verdicts(data_dir=data_copy)}
    assert after["gdp"] == "not supported"


def test_a_report_gets_verdicts_only_on_the_claims_it_makes(fictional_data):
    from .fixtures.review_shiliqu import REPORT_ID

    verdicts = headline_verdicts(REPORT_ID, fictional_data)
    assert all(v.verdict in VERDICTS for v in verdicts)
    ids = {v.metric_id for v in verdicts}
    assert {"gdp", "gdp_growth", "good_air_days"} <= ids
    assert "minimum_living_allowance_beneficiaries" not in ids
