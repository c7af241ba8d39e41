"""Good-air-day arithmetic: shares of the year and the days a target share needs."""

from __future__ import annotations

import calendar
import math


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
