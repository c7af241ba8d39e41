"""Comparison of two numbers in words: how a value stands against a reference ('above', 'below', 'equal to').

Findings word the outcome of a comparison through `compare`, from the numbers, so no sentence types a
result that the data might contradict.
"""

from __future__ import annotations

import math


def compare(
    value: float,
    reference: float,
    above: str = "above",
    below: str = "below",
    equal: str = "equal to",
    tolerance: float = 1e-9,
) -> str:
    """The word for how `value` stands against `reference` ('above', 'below' or 'equal to').

    Raises ValueError where either number is missing: a comparison with a gap has no outcome,
    and the caller must say so instead.
    """
    if any(v is None or math.isnan(float(v)) for v in (value, reference)):
        raise ValueError(f"cannot compare {value!r} with {reference!r}: a figure is missing")
    if abs(value - reference) <= tolerance:
        return equal
    return above if value > reference else below
