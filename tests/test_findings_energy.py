"""Notebook 03's findings sentences, assumptions table and analysis tables, on small hand-made numbers.

Expectations are computed here (or worked out by hand in a comment), never pasted from the notebook.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import helpers.findings.energy as say
from helpers.analysis import air_quality, energy
from helpers.analysis.growth import annualised_change, compound_change
from helpers.data.loading import load_metrics, missing_note, outside_row, outside_value
from helpers.findings.common import MAX_WORDS, states_no, word_count
from helpers.findings.parameters import ParameterContradiction
from helpers.paths import DATA_DIR

# --- the sentences ------------------------------------------------------------------------------------------


def test_the_claim_cannot_be_checked_and_implies_a_district_target_at_most_the_fall():
    sentence = say.claim_sentence(9.5, True, "提前完成", "十四五", 2020)
    assert "cannot be checked here" in sentence
    assert "implies a district target of at most 9.5%" in sentence and "since 2020" in sentence
    assert "提前完成" in sentence and "short of" not in sentence
    assert word_count(sentence) <= MAX_WORDS


def test_no_claim_in_the_report_means_none_is_tested():
    sentence = say.claim_sentence(4.2, False, "提前完成", "十四五", 2020)
    assert "no claim" in sentence and "4.2%" in sentence and "cannot be checked" not in sentence
    assert word_count(sentence) <= MAX_WORDS


def test_the_fall_beside_china_is_worded_from_the_numbers_and_says_what_basis_is_compared():
    larger = say.national_sentence(9.0, "cumulative 2021–2024", 8.0, "扣除原料用能和非化石能源消费量", 2024, 2.0)
    # 9.0 / 2.0 = 4.5 times China's one-year fall
    assert "larger than China's 8.0% on the basis that excludes feedstock and non-fossil energy;" in larger
    assert "the district's basis is not stated, so the two may not be measured alike" in larger
    assert larger.endswith("As 2024 alone, it is 4.5 times China's 2.0%.") and word_count(larger) <= MAX_WORDS
    smaller = say.national_sentence(7.0, "cumulative 2021–2024", 8.0, "", 2024, 2.0)
    assert "smaller than China's 8.0% on a basis not stated;" in smaller and "3.5 times" in smaller
    assert "on the basis 扣除X" in say.national_sentence(7.0, "cumulative 2021–2024", 8.0, "扣除X", 2024, 2.0)


def test_a_missing_national_figure_is_said_to_be_missing_not_compared():
    sentence = say.national_sentence(9.0, "cumulative 2021–2024", math.nan, "b", 2024, math.nan)
    assert "missing" in sentence and "larger" not in sentence and "times" not in sentence
    assert sentence.startswith("Read as cumulative 2021–2024, the 9% fall has no national comparator")


def test_energy_use_sentence_gives_the_central_case_first_then_the_assumed_range():
    central = ("the report's 2024 rate held constant", 5.4, 7.86)
    sentence = say.energy_use_sentence("2021–2024", (3.0, 7.5), (16.72, -1.63), 3.4181, central)
    assert sentence.startswith("Total energy use over 2021–2024 would have risen 7.9% if real GDP grew 5.4% a year")
    assert "(central case: the report's 2024 rate held constant)" in sentence
    assert "-1.6% to +16.7% over an assumed range of 3–7.5% a year" in sentence
    assert "3.42% a year would leave it flat" in sentence and word_count(sentence) <= MAX_WORDS
    fallen = say.energy_use_sentence("2021–2024", (3.0, 7.5), (16.72, -1.63), 3.4181, ("assumed", 3.0, -1.63))
    assert "would have fallen 1.6% if real GDP grew 3% a year (central case: assumed)" in fallen


def test_energy_use_sentence_says_when_the_report_gives_no_growth_rate():
    sentence = say.energy_use_sentence("2021–2024", (3.0, 7.5), (16.72, -1.63), 3.4181, None)
    assert "(the report gives no rate for the period)" in sentence and "None" not in sentence
    assert "central" not in sentence


def test_pv_sentence_gives_the_range_and_its_assumptions():
    sentence = say.pv_sentence("2 兆瓦", 2024, (1000.4, 2500.6), (900, 1300), [2023, 2021, 2022])
    assert "1,000–2,501 t" in sentence and "900–1,300 full-load hours" in sentence and "2021–2023" in sentence
    assert word_count(sentence) <= MAX_WORDS


def test_air_sentence_counts_the_days_the_city_target_needs():
    # 200 of 366 days = 54.6%; 210 days are needed: 10 more
    sentence = say.air_sentence("甲区", 2024, 200, 190, "乙市", (2025, 57.5), 210)
    assert "200 good-air days in 2024 (54.6% of 366 days; 190 in 2023)" in sentence
    assert "乙市's target for the city is 57.5% in 2025" in sentence and "10 more than in 2024" in sentence
    assert word_count(sentence) <= MAX_WORDS
    assert "5 fewer than in 2024" in say.air_sentence("甲区", 2024, 215, 190, "乙市", (2025, 57.5), 210)
    missing = say.air_sentence("甲区", 2024, 200, 190, "乙市", (2025, math.nan), math.nan)
    assert "target share is missing" in missing and "more than" not in missing
    no_change = say.air_sentence("甲区", 2024, 200, math.nan, "乙市", (2025, 57.5), 210)
    assert "(54.6% of 366 days)" in no_change and "nan" not in no_change


# --- what the report does not state -------------------------------------------------------------------------


def test_a_figure_the_report_does_not_state_is_one_bullet(summary_data):
    args = ("yangliqu_2024", summary_data)
    assert say.lacking_bullets([], True, *args) == []
    partly, nothing = (
        say.lacking_bullets(["new_pv_capacity"], True, *args),
        say.lacking_bullets(["good_air_days"], False, *args),
    )
    assert partly == [states_no(["new_pv_capacity"], *args)] and nothing[0].endswith(
        "nothing in this notebook can be worked out from it."
    )
    assert len(nothing) == 1 and word_count(nothing[0]) <= MAX_WORDS


def test_a_text_without_headings_lists_no_other_environment_claims():
    assert say.leftovers_line("生态环境持续改善") is None
    assert "no headings" in str(say.leftovers_line("全文"))


def test_no_assumption_is_listed_when_nothing_was_analysed():
    assert say.assumptions_table([], []).empty and "No assumption was used" in say.no_assumptions()


# --- grid factors: a parameter the data cannot have stops, the report's own province is listed missing ---------


def test_grid_factors_label_each_entity_and_year():
    factors = say.grid_factors(["全国"], [2022, 2023], "河南省", DATA_DIR, [])
    assert factors == {f"全国 {y}": outside_value("全国", say.GRID_FACTOR, y) for y in (2022, 2023)}
    assert say.factor_sources(factors) == (["全国"], [2022, 2023])


def test_the_reports_province_without_a_factor_is_listed_missing_not_a_stop():
    assert outside_row("样例省", say.GRID_FACTOR, 2023) is None
    gaps: list[str] = []
    factors = say.grid_factors([None, "全国"], [2023], "样例省", DATA_DIR, gaps)
    assert list(factors) == ["全国 2023"] and gaps == [missing_note("样例省", say.GRID_FACTOR, 2023)]
    assert list(say.grid_factors([None], [2023], "河南省", DATA_DIR, [])) == ["河南省 2023"]


def test_a_year_or_entity_the_data_cannot_have_stops_naming_the_parameter_value_and_file():
    assert outside_row("全国", say.GRID_FACTOR, 2030) is None
    with pytest.raises(ParameterContradiction) as year:
        say.grid_factors(["全国"], [2023, 2030], "河南省", DATA_DIR, [])
    message = str(year.value)
    assert "parameter GRID_FACTOR_YEARS names the year" in message and "2030" in message and "2023" not in message
    assert "report_data/external_figures.csv" in message and f"全国 {say.GRID_FACTOR}" in message
    with pytest.raises(ParameterContradiction) as entity:
        say.grid_factors(["无数据省", "全国"], [2023], "河南省", DATA_DIR, [])
    assert "parameter GRID_FACTOR_ENTITIES names the entity" in str(entity.value) and "'无数据省'" in str(entity.value)


# --- the assumptions table ----------------------------------------------------------------------------------


def test_the_assumptions_table_has_the_four_columns_and_a_row_per_gap():
    caveats = [say.period_caveat(["cumulative 2021–2024", "cumulative 2021–2023 (reported late)"], 2024)]
    table = say.assumptions_table(caveats, ["X 2025 is missing"])
    assert list(table.columns) == ["assumption or caveat", "value used", "range tried", "what it changes"]
    assert table.iloc[0, 1] == "cumulative 2021–2024"
    assert table.iloc[0, 2] == "cumulative 2021–2023 (reported late); 2024 alone"
    assert table.iloc[1].tolist()[:2] == ["missing outside figure", "X 2025 is missing"]


def test_caveats_state_the_values_they_rest_on():
    target = say.target_caveat({"全国": -13.5, "甲市": -14.0, "乙市": math.nan}, {"甲市": True}, (2020, 2025))
    assert target.value == "全国 13.5%, 甲市 14.0% or more, 乙市 missing by 2025, against 2020"
    assert "divides its target" in target.changes
    assert "lowers measured intensity" in say.basis_caveat("扣除原料用能和非化石能源消费量").changes
    sized = say.basis_caveat("b", (822.4, 2897.6)).changes
    assert "822–2,898 t of standard coal equivalent a year" in sized and "cannot be computed here" in sized
    # 2,000 MWh x 0.1229 kgce/kWh = 245.8 t; x 0.30 = 600 t
    energy_row = say.pv_energy_caveat({"heat content": 0.1229, "coal equivalent": 0.3}, (245.8, 600.0))
    assert energy_row.tried == "0.1229 kgce/kWh (heat content) to 0.3 kgce/kWh (coal equivalent)"
    assert "246–600 t of standard coal equivalent" in energy_row.changes
    # 0.927 * 0.962 = 0.891774 -> a fall of 10.8%
    total = compound_change(-7.3, -3.8)
    assert say.national_caveat(total, {"2021–2023": -7.3, "2024": -3.8}).value == (
        "10.8%: 7.3% in 2021–2023, then 3.8% in 2024"
    )
    context = {"甲市 2023": 7.4, "甲市 2022": math.nan}
    gdp = say.gdp_caveat((3.0, 7.5), None, context, ("2021–2024", 16.7, -1.6))
    assert gdp.value == "3–7.5% a year, constant" and "in the data: 甲市 2023: 7.4%; none for 甲市 2022" in gdp.tried
    assert gdp.changes.startswith("total energy use over 2021–2024: -1.6% to +16.7% over the range")
    held = say.gdp_caveat((3.0, 7.5), ("the report's 2024 rate held constant", 5.4, 7.86), context, ("p", 1.0, 2.0))
    assert held.value == "5.4% a year (central case: the report's 2024 rate held constant)"
    assert "+7.9% at the central case, +1.0% to +2.0% over the range" in held.changes
    hours, factor, full_year = say.pv_caveats(
        (900, 1100, 1300), (3548.2, 6152.0), {"a": 0.53, "b": 0.64}, (["甲", "乙"], [2023, 2021])
    )
    assert (hours.value, hours.tried) == ("1,100 h a year", "900–1,300 h a year") and "3,548–6,152 t" in hours.changes
    assert (factor.value, factor.tried) == ("甲 and 乙, 2021–2023", "0.5300–0.6400 kgCO2/kWh")
    assert "part of it" in full_year.changes
    air = say.air_caveat("乙市", (2025, 66.5), 243, 2024)
    assert air.value == "乙市 66.5% in 2025 (243 days)" and "2024: 366 days" in air.changes
    assert say.air_caveat("乙市", (2025, math.nan), math.nan, 2024).value == "乙市 missing in 2025"
    periods = ["cumulative 2021–2024"]
    section = say.intensity_caveats(periods, 2024, ({"全国": -13.5}, {}), (2020, 2025), "b", (math.nan, {}))
    assert [row.what for row in section] == [
        say.period_caveat(periods, 2024).what,
        say.target_caveat({}, {}, (2020, 2025)).what,
        say.basis_caveat("b").what,
        say.national_caveat(math.nan, {}).what,
        say.constant_pace_caveat().what,
    ]
    assert section[3].value == "missing" and section[1].value == "全国 13.5% by 2025, against 2020"


def test_section_leftovers_are_the_section_claims_not_analysed_and_the_sentences_without_a_figure():
    metrics = load_metrics()
    section = metrics.loc[metrics["metric_id"] == "good_air_days", "section"].item()
    in_section = metrics[metrics["section"] == section]
    analysed = ["good_air_days", "new_pv_capacity"]
    claims, sentences = say.section_leftovers(section, analysed, "zhongyuan_2024", DATA_DIR)
    assert len(claims) == (~in_section["metric_id"].isin(analysed)).sum()
    assert not any(q in s for s in sentences for q in in_section["quote"])


def test_section_leftovers_stop_at_the_previous_heading_where_headings_follow_their_paragraphs(fictional_data):
    metrics = load_metrics("shiliqu_2024", fictional_data)
    section = metrics.loc[metrics["metric_id"] == "good_air_days", "section"].item()
    _, sentences = say.section_leftovers(section, [], "shiliqu_2024", fictional_data)
    others = metrics.loc[metrics["section"] != section, "quote"]
    assert sentences and not [s for s in sentences for q in others if q in s]  # no sentence of an earlier section
    assert not [s for s in sentences for heading in set(metrics["section"]) if heading in s]


# --- the analysis tables ------------------------------------------------------------------------------------


def test_reading_periods_are_cumulative_from_the_base_year_and_refuse_bad_years():
    assert energy.reading_periods(2020, 2024, 1, 2025) == {
        "cumulative 2021–2024": (2021, 2024),
        "cumulative 2021–2023 (reported 1 year late)": (2021, 2023),
    }
    assert "2 years late" in list(energy.reading_periods(2020, 2024, 2, 2025))[1]
    assert energy.reading_periods(2020, 2021, 1, 2025) == {"cumulative 2021–2021": (2021, 2021)}  # no lagged year
    with pytest.raises(ValueError, match="PLAN_END_YEAR 2025"):
        energy.reading_periods(2020, 2026, 1, 2025)
    with pytest.raises(ValueError, match="OUTTURN_LAG_YEARS 0"):
        energy.reading_periods(2020, 2024, 0, 2025)


def test_target_table_sets_each_reading_beside_each_target():
    periods = {"r": (2021, 2024)}
    table = energy.target_table(-10.0, periods, {"甲": -12.0}, {"甲": True}, (2020, 2025))
    row = table.iloc[0]
    assert row["target"] == "甲, 2021–2025 (at least)"
    assert row["district pace (% a year, constant rate)"] == pytest.approx(annualised_change(-10.0, 4))
    assert row["target pace (% a year)"] == pytest.approx(annualised_change(-12.0, 5))
    assert row["fall minus target fall (percentage points)"] == pytest.approx(-2.0)
    # 0.88 / 0.90 = 0.97778: a further 2.22% fall in the one year left
    assert row["pace still needed (% a year)"] == pytest.approx(-2.2222, abs=1e-4)


def test_energy_use_scenarios_show_the_held_rate_only_inside_its_period_and_a_flat_break_even():
    periods = {"to 2024": (2021, 2024), "to 2023": (2021, 2023)}
    table = energy.energy_use_scenarios(-12.6, periods, (3.0, 7.5), held=(2024, 5.4))
    paths = table.groupby("reading of the district's fall")["GDP path"].apply(list)
    held_path = f"{energy.CENTRAL}the report's 2024 rate held constant"
    assert held_path in paths["to 2024"] and held_path not in paths["to 2023"]
    assert energy.central_case(table, "to 2024") == (
        "the report's 2024 rate held constant",
        5.4,
        pytest.approx(energy.energy_use_change_on_path(-12.6, 5.4, 4)),
    )
    assert energy.central_case(table, "to 2023") is None
    flat = table[table["GDP path"] == "break-even (computed)"]["total energy use over the period (%)"]
    assert flat.abs().max() == pytest.approx(0.0, abs=1e-9)
    low, high, break_even = energy.use_range(table, "to 2024")
    assert low == pytest.approx(energy.energy_use_change_on_path(-12.6, 3.0, 4))
    assert high == pytest.approx(energy.energy_use_change_on_path(-12.6, 7.5, 4))
    # 1 / 0.874 = 1.144165; its fourth root 1.034242 -> 3.4242% a year
    assert break_even == pytest.approx(3.4242, abs=1e-4)
    central = energy.energy_use_scenarios(-12.6, periods, (3.0, 7.5), central=5.0, held=(2024, 5.4))
    assert f"{energy.CENTRAL}assumed" in central["GDP path"].tolist() and held_path not in central["GDP path"].tolist()


def test_intensity_lines_leave_out_missing_targets_and_index_the_base_year_at_100():
    lines = energy.intensity_lines(
        2020, {"甲 target": -13.5, "乙 target": math.nan}, 2025, {"d": (2024, -12.6)}, {2023: -7.3, 2024: math.nan}
    )
    assert set(lines) == {"甲 target", "d", "national"}
    years, values, kind = lines["甲 target"]
    assert kind == "target" and years == list(range(2020, 2026)) and values[-1] == pytest.approx(86.5)
    assert lines["d"] == ([2020, 2024], [100.0, pytest.approx(87.4)], "district")
    assert lines["national"] == ([2020, 2023], [100.0, pytest.approx(92.7)], "national")


def test_pv_tables_multiply_capacity_hours_and_factor():
    generation = energy.pv_generation_table(2.0, {"low": 1000, "high": 1500})
    assert generation["generation (MWh per full year)"].tolist() == [2000.0, 3000.0]
    as_energy = energy.pv_generation_table(2.0, {"low": 1000}, {"heat content": 0.1229})
    # 2,000 MWh x 0.1229 kgce/kWh = 245.8 t of coal equivalent
    assert as_energy["as energy at 0.1229 kgce/kWh, heat content (t coal equivalent a year)"].tolist() == [
        pytest.approx(245.8)
    ]
    assert say.value_range(as_energy, 2) == (pytest.approx(245.8), 2000.0)
    co2 = energy.pv_co2_table(2.0, {"low": 1000}, {"甲 2023": 0.5})
    # 2 MW * 1,000 h = 2,000 MWh; * 0.5 t/MWh = 1,000 t
    assert co2["CO2 avoided, low 1,000 h (t a year)"].tolist() == [1000.0]


def test_national_intensity_table_compounds_the_two_outturns():
    table = energy.national_intensity_table("全国", 2020, 2024, "扣除原料用能和非化石能源消费量")
    to_2023 = -outside_value("全国", "单位GDP能耗累计降低(2021-2023)", 2023, "扣除原料用能和非化石能源消费量")
    in_2024 = -outside_value("全国", "单位GDP能耗降低(年度)", 2024, "扣除原料用能和非化石能源消费量")
    changes = table[energy.CHANGE_COLUMN].tolist()
    assert changes[:3] == [to_2023, in_2024, pytest.approx(compound_change(to_2023, in_2024))]
    assert table["years"].tolist() == ["2021–2023", "2024", "2021–2024", "2024"]
    gaps: list[str] = []
    other = energy.national_intensity_table("全国", 2020, 2024, "no such basis", gaps=gaps)
    assert all(math.isnan(v) for v in other[energy.CHANGE_COLUMN].iloc[:3]) and len(gaps) == 2


def test_good_air_table_uses_each_years_length_and_the_days_a_target_needs():
    table = air_quality.good_air_table(
        ("甲区", 2024, 237, 217), ("乙市", 2020, 63.0), ("乙市 target", 2025, 66.5), ("全国", 2023, 85.5)
    )
    assert table["year"].tolist() == [2023, 2024, 2020, 2025, 2023]
    shares = table[air_quality.SHARE_COLUMN].tolist()
    # 217 / 365 = 59.45%; 237 / 366 = 64.75%; 66.5% of 365 = 242.7 -> 243 days
    assert shares[:2] == [pytest.approx(59.4521, abs=1e-4), pytest.approx(64.7541, abs=1e-4)]
    assert table["good-air days"].iloc[3] == 243
    assert pd.isna(table["good-air days"].iloc[2])


def test_the_air_chart_orders_bars_by_year_and_writes_values_inside_them_below_the_target_line():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    air = pd.DataFrame(
        {"measure": ["d", "d", "city"], "year": [2023, 2024, 2020], air_quality.SHARE_COLUMN: [59.5, 64.8, 63.0]}
    )
    fig = say.air_chart(air, ("target: 66.5%", 66.5), ["#111111", "#222222", "#333333"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["city\n2020", "d\n2023", "d\n2024"]
    values = [t for t in ax.texts if t.get_text() in {"59.5", "64.8", "63.0"}]
    assert sorted(t.get_position()[1] for t in values) == [59.5 / 2, 63.0 / 2, 64.8 / 2]
    plt.close(fig)


def test_a_note_is_markdown_saying_what_its_output_shows():
    assert say.note("targets").data == say.NOTES["targets"]
