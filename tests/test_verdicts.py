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
)
from helpers.data.loading import load_metrics

from .conftest import replace_in


def _table(**derived: float) -> pd.DataFrame:
    """A district's rows of gdp_by_basis: per basis a next-year level, its nominal growth, the level derived."""
    rows = [(basis, level, growth) for basis, (level, growth) in derived.items()]
    frame = pd.DataFrame(rows, columns=["basis", "gdp", "nominal_growth_pct"])
    return frame.assign(gdp_previous_derived=frame["gdp"] / (1 + frame["nominal_growth_pct"] / 100))


def test_a_gdp_level_within_tolerance_of_one_basis_is_consistent_and_shows_the_arithmetic():
    verdict, reason = gdp_level_verdict(
        100.0, _table(甲口径=(110.03, 10.0), 乙口径=(176.0, 10.0)), 2025, tolerance=0.05
    )
    assert verdict == "consistent"
    assert "110.03 ÷ 1.1000 = 100.03 亿元, the 甲口径 line of the city's district table of 2025 GDP" in reason


def test_a_gdp_level_matching_no_basis_is_not_supported_and_gives_the_gap():
    verdict, reason = gdp_level_verdict(
        100.0, _table(甲口径=(111.1, 10.0), 乙口径=(math.nan, 10.0)), 2025, tolerance=0.05
    )
    assert verdict == "not supported"
    assert "甲口径" in reason and f"({111.1 / 1.1 - 100:+.2f})" in reason


def test_a_gdp_level_without_outside_figures_cannot_be_checked():
    verdict, _ = gdp_level_verdict(100.0, _table(甲口径=(math.nan, math.nan)), 2025)
    assert verdict == "cannot be checked here"


def test_growth_is_judged_against_an_outside_statement_of_the_same_rate():
    assert growth_verdict(5.4, 5.4, "某市", 5.7)[0] == "consistent"
    assert growth_verdict(5.4, 6.0, "某市", 5.7)[0] == "not supported"
    verdict, reason = growth_verdict(5.4, math.nan, "某市", 5.7)
    assert verdict == "cannot be checked here"
    assert "it is 0.3 points below 某市's 5.7%" in reason
    assert "0.6 points above 某市's 5.7%" in growth_verdict(6.3, math.nan, "某市", 5.7)[1]
    assert growth_verdict(5.4, math.nan, "某市", math.nan)[1] == "No outside source states it."


def test_an_outside_statement_from_the_reports_own_source_is_no_check():
    verdict, reason = growth_verdict(5.5, 5.5, "某市", 5.7, same_source=True)
    assert verdict == "cannot be checked here"
    assert reason.startswith("The only outside statement is the report's own source")


def test_a_rank_is_checked_against_the_figures_of_every_member():
    def group(*values: float) -> pd.Series:
        return pd.Series(values, index=["甲区", "乙区", "丙区", "丁区", "戊区", "己区"][: len(values)], dtype=float)

    assert rank_verdict(1, group(10, 9, 8, math.nan, 6, 5), "甲区", 6)[0] == "cannot be checked here"  # one missing
    assert rank_verdict(1, group(10, 9, 8, 7, 6, 5), "甲区", None)[0] == "cannot be checked here"  # group not stated
    assert rank_verdict(1, group(math.nan, 9, 8, 7, 6, 5), "甲区", 6)[0] == "cannot be checked here"  # no own figure
    assert rank_verdict(1, group(10, 9, 8, 7, 6, 5), "甲区", 6) == (
        "consistent",
        "Ranked on the figures here it is 1 of 6, as claimed.",
    )
    verdict, reason = rank_verdict(1, group(10, 11, 8, 7, 6, 5), "甲区", 6)
    assert verdict == "not supported" and "it is 2 of 6, not 1" in reason


def test_an_intensity_fall_cannot_be_checked_and_implies_a_district_target_no_larger_than_itself():
    verdict, reason = intensity_target_verdict(12.6, {"某市": 14.0, "全国": 13.5})
    assert verdict == "cannot be checked here"
    assert "≤12.6%" in reason and "(全国's 13.5% and 某市's 14% are not the district's)" in reason
    assert "short of" not in reason
    assert intensity_target_verdict(12.6, {})[0] == "cannot be checked here"


def test_good_days_give_their_share_of_a_leap_year_and_the_year_before():
    verdict, reason = good_days_verdict(237, 2024, 20)
    assert verdict == "cannot be checked here"
    assert f"237 of 366 days ({237 / 366 * 100:.1f}%); the change implies 217 in 2023" in reason
    assert "implies" not in good_days_verdict(250, 2023, math.nan)[1]


def test_targets_met_says_the_own_targets_are_missing_and_judges_nothing_against_the_citys():
    verdict, reason = targets_met_verdict(2024)
    assert verdict == "cannot be checked here"
    assert "own 2024 targets are in no source here" in reason and "below" not in reason


def test_a_payment_per_head_below_the_assumed_floor_is_flagged_with_the_person_months_reading():
    verdict, reason = per_head_verdict(975, 2.8, floor=100)
    assert verdict == "misleading as worded"
    assert f"about ¥{975e4 / 2.8e4 / 12:.0f} a head a month" in reason
    assert f"as person-months, ¥{975e4 / 2.8e4:.0f} each" in reason
    assert per_head_verdict(975, 0.5, floor=100)[0] == "consistent"
    assert "at most ¥29 a head a month" in per_head_verdict(975, 2.8, floor=100, count_is_lower_bound=True)[1]


def test_the_project_report_gets_a_verdict_on_each_headline_claim_contradicting_rows_first():
    verdicts = headline_verdicts()
    ids = {v.metric_id for v in verdicts}
    assert {"gdp", "gdp_growth", "energy_intensity_decline", "good_air_days"} <= ids
    metrics = load_metrics()
    assert set(metrics.loc[metrics["kind"] == "rank", "metric_id"]) <= ids  # every rank claim (the 市内六区第一s)
    assert any("较好完成" in v.claim and v.metric_id == "" for v in verdicts)
    assert all(v.verdict in VERDICTS for v in verdicts)
    order = [VERDICTS.index(v.verdict) for v in verdicts]
    assert order == sorted(order)
    assert all(len(v.reason.split()) <= 25 for v in verdicts), [
        v.reason for v in verdicts if len(v.reason.split()) > 25
    ]


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
