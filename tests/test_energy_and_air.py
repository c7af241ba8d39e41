"""Energy-intensity, photovoltaic and air-quality helpers against values worked out by hand."""

from __future__ import annotations

import pytest

from helpers.air_quality import days_for_share, days_in_year, good_day_share
from helpers.energy import (
    co2_avoided_tonnes,
    energy_use_change,
    gdp_growth_for_constant_energy,
    index_path,
    pv_generation_mwh,
)


def test_index_path_reaches_the_target():
    # (1 - 0.028589) ** 5 = 0.865 -> the national -13.5% target
    path = index_path(-2.858854, 5)
    assert path[0] == 100.0
    assert path[-1] == pytest.approx(86.5, abs=1e-4)
    assert len(path) == 6


def test_energy_use_under_the_one_year_reading():
    # 0.874 * 1.054 = 0.921196 -> -7.8804 %
    assert energy_use_change(-12.6, 5.4) == pytest.approx(-7.8804, abs=1e-4)


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
