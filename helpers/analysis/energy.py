"""Energy-intensity paths, photovoltaic arithmetic and the outside figures they are set against.

Changes are signed percentages (a fall is negative). An outside figure that is not in the data is
NaN, never a guess, and `missing_note` says where to add it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TypeVar

import pandas as pd

from helpers.analysis.growth import compound_change, cumulative_change
from helpers.charts.presenting import compare
from helpers.data.loading import external_value, get_external
from helpers.paths import DATA_DIR

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


EXTERNAL_FILE = "report_data/external_figures.csv"


def outside_value(
    entity: str, indicator: str, year: int, gaps: list[str] | None = None, data_dir: Path = DATA_DIR
) -> float:
    """The outside figure's value, or NaN where external_figures.csv has no row for it (missing stays missing).

    A missing figure's `missing_note` is appended to `gaps` (if given), so the findings can say what is missing.
    """
    value = external_value(entity, indicator, year, data_dir=data_dir)
    if math.isnan(value) and gaps is not None and missing_note(entity, indicator, year) not in gaps:
        gaps.append(missing_note(entity, indicator, year))
    return value


def outside_basis(entity: str, indicator: str, year: int, data_dir: Path = DATA_DIR) -> str:
    """The basis (口径) written beside an outside figure; '' where it has none or the figure is missing."""
    row = get_external(entity, indicator, year, data_dir=data_dir)
    return "" if row is None else str(row["basis"])


def missing_note(entity: str, indicator: str, year: int) -> str:
    """The sentence saying an outside figure is missing, naming entity, indicator, year and where to add it."""
    return f"{entity} {indicator} {year} is missing: add a row with its source address and quoted sentence to {EXTERNAL_FILE}"


def standing_against_target(change_pct: float, target_pct: float) -> str:
    """How a cumulative change stands against a cumulative target, both signed: −12.6% vs −13.5% → 'short of'.

    'beyond' (the target is passed), 'short of', 'exactly at', or 'missing' where the target is NaN.
    """
    if math.isnan(target_pct):
        return "missing"
    return compare(-change_pct, -target_pct, above="beyond", below="short of", equal="exactly at")
