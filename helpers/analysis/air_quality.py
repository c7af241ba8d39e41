"""Good-air-day arithmetic: shares of the year, the days a target share needs, and a table of both."""

from __future__ import annotations

import calendar
import math

import pandas as pd

SHARE_COLUMN = "good-air days (% of the year)"


def days_in_year(year: int) -> int:
    """365, or 366 in a leap year (2024 has 366)."""
    return 366 if calendar.isleap(year) else 365


def good_day_share(days: float, year: int) -> float:
    """Good-air days as a percentage of the year: 237 in 2024 → 64.75%."""
    return days / days_in_year(year) * 100


def days_for_share(share_pct: float, year: int) -> float:
    """Fewest whole days that reach `share_pct` of the year: 66.5% of 2025 → 243 (242.7 rounded up).

    A missing share (NaN) gives NaN: the days cannot be worked out, and the caller shows them as missing.
    """
    if math.isnan(share_pct):
        return float("nan")
    return float(math.ceil(round(share_pct / 100 * days_in_year(year), 9)))


def good_air_table(
    district: tuple[str, int, float, float],
    city: tuple[str, int, float],
    target: tuple[str, int, float],
    national: tuple[str, int, float],
) -> pd.DataFrame:
    """Good-air days and shares of each year's own length: the district's year and the year before (name, year,
    days, days the year before), the city's level (name, year, share), its target share and a national average.
    """
    name, year, days, previous = district
    return pd.DataFrame(
        {
            "measure": [
                f"{name} (implied by the report's change)",
                f"{name} (report)",
                city[0],
                target[0],
                national[0],
            ],
            "year": [year - 1, year, city[1], target[1], national[1]],
            "good-air days": [previous, days, math.nan, days_for_share(target[2], target[1]), math.nan],
            SHARE_COLUMN: [
                good_day_share(previous, year - 1),
                good_day_share(days, year),
                city[2],
                target[2],
                national[2],
            ],
        }
    )
