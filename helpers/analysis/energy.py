"""Energy-intensity paths, photovoltaic arithmetic, where a change stands against a target, and the tables of
notebook 03 (readings of a fall whose period is not stated, targets, energy-use scenarios, PV and CO2).

Changes are signed percentages (a fall is negative); a target that is not in the data is NaN, never a guess
(outside figures are read with `helpers.data.loading.outside_value`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd

from helpers.analysis.growth import annualised_change, compound_change, cumulative_change, required_annual_change
from helpers.data.loading import outside_row, outside_value
from helpers.paths import DATA_DIR

Num = TypeVar("Num", float, pd.Series)
CHANGE_COLUMN = "change in energy intensity (%)"
CENTRAL = "central case: "  # how the central GDP path of `energy_use_scenarios` is labelled


def index_path(annual_change_pct: float, years: int, start: float = 100.0) -> list[float]:
    """Index values for years 0..`years` at a constant annual change: (−2.86, 5) → 100 … 86.5."""
    return [start * (1 + annual_change_pct / 100) ** t for t in range(years + 1)]


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


def reading_periods(base_year: int, year: int, lag_years: int, plan_end: int) -> dict[str, tuple[int, int]]:
    """The cumulative readings of a fall whose period is not stated: label → (first year, last year).

    Since the plan's base year to the report's year, and to `lag_years` before it (an outturn reported late) where
    that still leaves a year. A report year outside the plan, or a lag under 1, is a ValueError naming the parameters.
    """
    if not (lag_years >= 1 and base_year < year <= plan_end):
        raise ValueError(
            f"the report's year {year} lies outside the plan set by PLAN_BASE_YEAR {base_year} and PLAN_END_YEAR "
            f"{plan_end}, or OUTTURN_LAG_YEARS {lag_years} is under 1: change them in the notebook's parameters cell "
            "to the five-year plan that covers the report's year"
        )
    late = "s" if lag_years > 1 else ""
    readings = {f"cumulative {base_year + 1}–{year}": (base_year + 1, year)}
    if base_year < year - lag_years:
        label = f"cumulative {base_year + 1}–{year - lag_years} (reported {lag_years} year{late} late)"
        readings[label] = (base_year + 1, year - lag_years)
    return readings


def intensity_targets(
    entities: Sequence[str], plan: tuple[int, int], data_dir: Path = DATA_DIR, gaps: list[str] | None = None
) -> tuple[dict[str, float], dict[str, bool]]:
    """Each entity's five-year energy-intensity target over `plan` (base year, end year), signed (NaN: missing, noted
    in `gaps`), and whether it is a floor (以上: at least).
    """
    indicator = f"单位GDP能耗降低目标(较{plan[0]})"
    rows = {e: outside_row(e, indicator, plan[1], data_dir=data_dir, gaps=gaps) for e in entities}
    targets = {e: math.nan if row is None else -float(row["value"]) for e, row in rows.items()}
    return targets, {e: row is not None and "以上" in row["basis"] for e, row in rows.items()}


def target_table(
    change_pct: float,
    periods: Mapping[str, tuple[int, int]],
    targets: Mapping[str, float],
    floors: Mapping[str, bool],
    plan: tuple[int, int],
) -> pd.DataFrame:
    """One row per reading and target: the district's constant-rate pace, the target's, and the pace still needed.

    `targets` are cumulative signed changes over `plan` (base year, end year); a floor (以上) is 'at least'.
    """
    base, end = plan
    rows = []
    for reading, (_, last) in periods.items():
        for entity, target in targets.items():
            left = end - last
            rows.append(
                {
                    "reading of the district's fall": reading,
                    "district pace (% a year, constant rate)": annualised_change(change_pct, last - base),
                    "target": f"{entity}, {base + 1}–{end}{' (at least)' if floors.get(entity) else ''}",
                    "target change (%)": target,
                    "target pace (% a year)": annualised_change(target, end - base),
                    "fall minus target fall (percentage points)": -change_pct + target,
                    f"years left to {end}": left,
                    "pace still needed (% a year)": required_annual_change(change_pct, target, left)
                    if left > 0
                    else math.nan,
                }
            )
    return pd.DataFrame(rows)


def energy_use_scenarios(
    change_pct: float,
    periods: Mapping[str, tuple[int, int]],
    gdp_range: tuple[float, float],
    central: float | None = None,
    held: tuple[int, float] | None = None,
) -> pd.DataFrame:
    """Total energy use over each reading's period under constant real GDP growth paths, and the break-even pace.

    `gdp_range` (low, high) and `central` are assumed % a year; `held` (year, rate) is a reported rate held
    over every year, shown only where its year lies inside the period.
    """
    rows = []
    for reading, (first, last) in periods.items():
        span = last - first + 1
        cases = {"low end (assumed)": gdp_range[0]}
        if central is not None:
            cases[f"{CENTRAL}assumed"] = central
        elif held is not None and first <= held[0] <= last:
            cases[f"{CENTRAL}the report's {held[0]} rate held constant"] = held[1]
        cases["high end (assumed)"] = gdp_range[1]
        flat = gdp_growth_for_constant_energy(change_pct)
        cases["break-even (computed)"] = annualised_change(flat, span)
        for path, growth in cases.items():
            rows.append(
                {
                    "reading of the district's fall": reading,
                    "GDP path": path,
                    "real GDP growth (% a year)": growth,
                    "real GDP over the period (%)": cumulative_change(growth, span),
                    "total energy use over the period (%)": energy_use_change_on_path(change_pct, growth, span),
                }
            )
    return pd.DataFrame(rows)


def intensity_lines(
    base_year: int,
    targets: Mapping[str, float],
    plan_end: int,
    district: Mapping[str, tuple[int, float]],
    national: Mapping[int, float],
) -> dict[str, tuple[list[int], list[float], str]]:
    """Chart lines of energy intensity, base year = 100: label → (years, index values, kind).

    Kinds: 'target' (constant pace to `plan_end`, labelled by the key of `targets`), 'district' (base year and end year only: `district` maps a
    reading to (end year, cumulative change)), 'national' (cumulative changes by year). NaN targets are left out.
    """
    span = plan_end - base_year
    lines: dict[str, tuple[list[int], list[float], str]] = {}
    for entity, target in targets.items():
        if not math.isnan(target):
            path = index_path(annualised_change(target, span), span)
            lines[entity] = (list(range(base_year, plan_end + 1)), path, "target")
    for reading, (end, change) in district.items():
        lines[reading] = ([base_year, end], [100.0, 100 + change], "district")
    known = {y: c for y, c in sorted(national.items()) if not math.isnan(c)}
    if known:
        lines["national"] = ([base_year, *known], [100.0, *(100 + c for c in known.values())], "national")
    return lines


def pv_co2_table(capacity_mw: float, hours: Mapping[str, float], factors: Mapping[str, float]) -> pd.DataFrame:
    """CO2 avoided per full year of operation: one row per grid factor (label → kgCO2/kWh), one column per case."""
    table = pd.DataFrame({"grid factor": list(factors), "kgCO2/kWh": [float(v) for v in factors.values()]})
    for case, h in hours.items():
        generation = pv_generation_mwh(float(capacity_mw), float(h))
        table[f"CO2 avoided, {case} {h:,.0f} h (t a year)"] = [
            co2_avoided_tonnes(generation, float(v)) for v in factors.values()
        ]
    return table


def national_intensity_table(
    entity: str, base_year: int, year: int, basis: str, data_dir: Path = DATA_DIR, gaps: list[str] | None = None
) -> pd.DataFrame:
    """`entity`'s energy-intensity outturns on `basis`: cumulative to the year before `year`, in `year`, and the
    two compounded (signed %), then its goal for `year` (basis not stated). A missing figure stays NaN.
    """
    late = year - 1
    cumulative = f"单位GDP能耗累计降低({base_year + 1}-{late})"
    to_late = -outside_value(entity, cumulative, late, basis, data_dir, gaps=gaps)
    one_year = -outside_value(entity, "单位GDP能耗降低(年度)", year, basis, data_dir, gaps=gaps)
    goal = -outside_value(entity, "单位GDP能耗降低年度目标", year, data_dir=data_dir, gaps=gaps)
    return pd.DataFrame(
        {
            "measure": [f"{entity}, outturn"] * 2 + [f"{entity}, compounded", f"{entity}, goal"],
            "years": [f"{base_year + 1}–{late}", str(year), f"{base_year + 1}–{year}", str(year)],
            CHANGE_COLUMN: [to_late, one_year, compound_change(to_late, one_year), goal],
            "basis": [basis] * 3 + ["not stated"],
        }
    )


def central_case(scenarios: pd.DataFrame, reading: str) -> tuple[str, float, float] | None:
    """From `energy_use_scenarios`: the central case of `reading` as (label, growth % a year, energy use %), or None."""
    rows = scenarios[scenarios["reading of the district's fall"] == reading]
    rows = rows[rows["GDP path"].str.startswith(CENTRAL)]
    if rows.empty:
        return None
    row = rows.iloc[0]
    label = str(row["GDP path"]).removeprefix(CENTRAL)
    return label, float(row["real GDP growth (% a year)"]), float(row["total energy use over the period (%)"])


def use_range(scenarios: pd.DataFrame, reading: str) -> tuple[float, float, float]:
    """From `energy_use_scenarios`: total energy use at the low and high ends for `reading`, and the break-even pace."""
    rows = scenarios[scenarios["reading of the district's fall"] == reading].set_index("GDP path")
    use = rows["total energy use over the period (%)"]
    return (
        float(use["low end (assumed)"]),
        float(use["high end (assumed)"]),
        float(rows["real GDP growth (% a year)"]["break-even (computed)"]),
    )


def pv_generation_table(
    capacity_mw: float, hours: Mapping[str, float], energy_factors: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Generation of `capacity_mw` per full year of operation, one row per assumed case of full-load hours, and that
    generation as energy under each assumed conversion factor (kgce/kWh, so MWh x factor = t of coal equivalent).
    """
    generation = [pv_generation_mwh(float(capacity_mw), float(h)) for h in hours.values()]
    table = pd.DataFrame(
        {
            "case (assumed)": list(hours),
            "full-load hours (h a year)": [float(h) for h in hours.values()],
            "generation (MWh per full year)": generation,
        }
    )
    for name, factor in (energy_factors or {}).items():
        table[f"as energy at {factor:g} kgce/kWh, {name} (t coal equivalent a year)"] = [g * factor for g in generation]
    return table
