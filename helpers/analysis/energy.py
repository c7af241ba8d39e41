"""Energy-intensity paths, photovoltaic arithmetic, and where a change stands against a target.

Changes are signed percentages (a fall is negative); a target that is not in the data is NaN, never a guess
(outside figures are read with `helpers.data.loading.outside_value`).
"""

from __future__ import annotations

import math
from typing import TypeVar

import pandas as pd

from helpers.analysis.comparison import compare
from helpers.analysis.growth import compound_change, cumulative_change

Num = TypeVar("Num", float, pd.Series)


def index_path(annual_change_pct: float, years: int, start: float = 100.0) -> list[float]:
    """Index values for years 0..`years` at a constant annual change: (−2.86, 5) → 100 … 86.5."""
    return [start * (1 + annual_change_pct / 100) ** t for t in range(years + 1)]


def energy_use_change(intensity_change_pct: float, gdp_growth_pct: float) -> float:
    """Change in total energy use implied by a change in energy per unit of GDP and real GDP growth.

    Energy = intensity × GDP, so (1 + e) = (1 + i)(1 + g): −12.6% intensity with +5.4% GDP → −7.88%.
    """
    return compound_change(intensity_change_pct, gdp_growth_pct)


def gdp_growth_for_constant_energy(intensity_change_pct: float) -> float:
    """Real GDP growth at which total energy use is unchanged: −12.6% intensity → +14.42%."""
    return (1 / (1 + intensity_change_pct / 100) - 1) * 100


def pv_generation_mwh(capacity_mw: Num, full_load_hours: Num) -> Num:
    """Annual generation in MWh of `capacity_mw` running `full_load_hours` a year: 7.43 MW × 1,100 h → 8,173 MWh."""
    return capacity_mw * full_load_hours


def co2_avoided_tonnes(generation_mwh: Num, factor_kg_per_kwh: Num) -> Num:
    """CO2 in tonnes that grid power of the same amount would have emitted.

    MWh × 1,000 kWh/MWh × kg/kWh ÷ 1,000 kg/t = MWh × factor: 8,173 MWh × 0.5897 → 4,820 t.
    """
    return generation_mwh * factor_kg_per_kwh


def energy_use_change_on_path(intensity_change_pct: float, gdp_annual_pct: float, years: int) -> float:
    """Change in total energy use over `years` when real GDP grows at a constant annual rate.

    −12.6% intensity over 4 years at +5.4% a year: 0.874 × 1.054⁴ − 1 → +7.86%.
    """
    return compound_change(intensity_change_pct, cumulative_change(gdp_annual_pct, years))


def standing_against_target(change_pct: float, target_pct: float) -> str:
    """How a cumulative change stands against a cumulative target, both signed: −12.6% vs −13.5% → 'short of'.

    'beyond' (the target is passed), 'short of', 'exactly at', or 'missing' where the target is NaN.
    """
    if math.isnan(target_pct):
        return "missing"
    return compare(-change_pct, -target_pct, above="beyond", below="short of", equal="exactly at")
