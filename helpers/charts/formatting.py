"""Number formatting for printed results: stable text that nbval can compare."""

from __future__ import annotations

import math


def fmt(value: float | None, decimals: int = 1, missing: str = "missing") -> str:
    """Format a number with thousands separators; whole numbers lose their decimals.

    None and NaN print as `missing`, so a gap in the data is shown, never hidden.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"
