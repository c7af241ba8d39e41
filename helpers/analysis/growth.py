"""Growth arithmetic shared by the notebooks. Rates are in percent, signed (a fall is negative).

Every function works on floats and, element-wise, on pandas Series; NaN in gives NaN out, so a
missing figure stays missing.
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd

Num = TypeVar("Num", float, pd.Series)


def implied_previous(level: Num, growth_pct: Num) -> Num:
    """Previous-year level implied by a level and its growth: 931.8 at +5.4% → 884.06.

    Exact only when level and growth are on the same basis (both nominal, same 口径).
    """
    return level / (1 + growth_pct / 100)


def absolute_increase(level: Num, growth_pct: Num) -> Num:
    """Increase on the implied previous-year level: 931.8 at +5.4% → 47.74."""
    return level - implied_previous(level, growth_pct)


def previous_from_change(level: Num, change: Num) -> Num:
    """Previous-year level implied by a level and its absolute change: 237 days, +20 → 217."""
    return level - change


def share_pct(part: Num, whole: Num) -> Num:
    """`part` as a percentage of `whole` (313 of 931.8 → 33.6%); both in the same unit."""
    return part / whole * 100


def pp_gap(rate_pct: Num, benchmark_pct: Num) -> Num:
    """Gap in percentage points between a rate and its benchmark (5.4% vs 5.0% → +0.4 pp)."""
    return rate_pct - benchmark_pct


def compound_change(*changes_pct: float) -> float:
    """Combined percent change of successive changes: (+5.4%, −12.6%) → −7.88%."""
    factor = 1.0
    for change in changes_pct:
        factor *= 1 + change / 100
    return (factor - 1) * 100


def annualised_change(cumulative_pct: float, years: float) -> float:
    """Constant annual change that compounds to `cumulative_pct` over `years`: −12.6% over 4 → −3.31%/yr."""
    if years <= 0:
        raise ValueError(f"years must be positive, got {years}")
    return float(((1 + cumulative_pct / 100) ** (1 / years) - 1) * 100)


def cumulative_change(annual_pct: float, years: float) -> float:
    """Cumulative change of a constant annual change over `years` (inverse of annualised_change)."""
    return float(((1 + annual_pct / 100) ** years - 1) * 100)


def required_annual_change(achieved_pct: float, target_pct: float, remaining_years: float) -> float:
    """Annual change needed over `remaining_years` to move from an achieved cumulative change to a target.

    Both are cumulative against the same base year: achieved −12.6%, target −13.5%, 1 year left
    → −1.03% needed. A positive result means the target is already passed by that margin.
    """
    if remaining_years <= 0:
        raise ValueError(f"remaining_years must be positive, got {remaining_years}")
    return float((((1 + target_pct / 100) / (1 + achieved_pct / 100)) ** (1 / remaining_years) - 1) * 100)
