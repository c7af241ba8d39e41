"""Energy-intensity, photovoltaic and air-quality helpers against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from helpers.analysis.air_quality import days_for_share, days_in_year, good_day_share
from helpers.analysis.energy import (
    co2_avoided_tonnes,
    energy_use_change_on_path,
    gdp_growth_for_constant_energy,
    index_path,
    pv_generation_mwh,
)
from helpers.data.loading import EXTERNAL_FILE, load_external, missing_note, outside_row, outside_value


def test_index_path_reaches_the_target():
    # (1 - 0.028589) ** 5 = 0.865 -> the national -13.5% target
    path = index_path(-2.858854, 5)
    assert path[0] == 100.0
    assert path[-1] == pytest.approx(86.5, abs=1e-4)
    assert len(path) == 6


def test_gdp_growth_that_keeps_energy_use_flat():
    # 1 / 0.874 = 1.144165 -> +14.4165 %
    assert gdp_growth_for_constant_energy(-12.6) == pytest.approx(14.4165, abs=1e-4)


def test_pv_generation_and_co2():
    # 7.43 MW * 1,100 h = 8,173 MWh; 8,173 MWh * 0.5897 t/MWh = 4,819.62 t
    generation = pv_generation_mwh(7.43, 1100.0)
    assert generation == pytest.approx(8173.0)
    assert co2_avoided_tonnes(generation, 0.5897) == pytest.approx(4819.6181)


def test_days_in_year():
    assert (days_in_year(2023), days_in_year(2024), days_in_year(2025)) == (365, 366, 365)


def test_good_day_share():
    # 237 / 366 = 0.647541 ; 217 / 365 = 0.594521
    assert good_day_share(237, 2024) == pytest.approx(64.7541, abs=1e-4)
    assert good_day_share(217, 2023) == pytest.approx(59.4521, abs=1e-4)


def test_days_for_share_rounds_up():
    # 0.665 * 365 = 242.725 -> 243 days are needed
    assert days_for_share(66.5, 2025) == 243
    # an exact share needs no extra day: 50% of 366 = 183
    assert days_for_share(50.0, 2024) == 183
    # a missing target share gives missing days, not an error
    assert math.isnan(days_for_share(math.nan, 2025))


def test_energy_use_on_a_constant_gdp_path():
    # 0.874 * 1.054 ** 4 = 0.874 * 1.234134 = 1.078633 -> +7.8633 %
    assert energy_use_change_on_path(-12.6, 5.4, 4) == pytest.approx(7.8633, abs=1e-4)
    # at the break-even rate energy use is flat: 1 / 0.874 ** (1 / 3) - 1 = 4.5915 % a year
    assert energy_use_change_on_path(-12.6, 4.5915, 3) == pytest.approx(0.0, abs=1e-3)


def test_outside_lookups_show_a_gap_as_missing_and_say_where_to_add_it():
    external = load_external()
    row = external[external["indicator"] == "单位GDP能耗降低目标(较2020)"].iloc[0]
    assert outside_value(row["entity"], row["indicator"], int(row["year"])) == row["value"]
    assert outside_row(row["entity"], row["indicator"], int(row["year"]))["basis"] == row["basis"]
    absent = ("河南省", "空气质量优良天数比例目标", 2025)
    assert not ((external["entity"] == absent[0]) & (external["indicator"] == absent[1])).any()
    gaps: list[str] = []
    assert math.isnan(outside_value(*absent, gaps=gaps))
    assert outside_row(*absent, gaps=gaps) is None
    assert gaps == [missing_note(*absent)]  # noted once however often it is looked for
    note = missing_note(*absent)
    assert all(str(part) in note for part in absent) and EXTERNAL_FILE in note
