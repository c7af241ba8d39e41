"""Tables built from the report's own claims: each change claim with its level and implied base."""

from __future__ import annotations

import pandas as pd

from .frames import records
from .growth import absolute_increase, implied_previous, previous_from_change

CHANGE_KINDS = ("growth_pct", "decline_pct", "change")


def signed_change(kind: str, value: float) -> float:
    """A change claim as a signed number: 下降 12.6% (decline_pct) → −12.6; others keep their sign."""
    return -value if kind == "decline_pct" else value


def change_claims(metrics: pd.DataFrame) -> pd.DataFrame:
    """Every growth, decline and change claim with its level, implied previous level and increase.

    Columns: metric_id, name_en, name_zh, section, kind, change (signed), change_unit, level,
    level_unit, level_qualifier, previous, increase. Level columns are NaN/empty where the report
    gives no level: the base stays missing rather than guessed.
    """
    rows = records(metrics)
    by_id = {row["metric_id"]: row for row in rows}
    table = []
    for row in rows:
        if row["kind"] not in CHANGE_KINDS:
            continue
        change = signed_change(row["kind"], float(row["value"]))
        base = by_id.get(row["base_metric_id"])
        level = float(base["value"]) if base else float("nan")
        if row["kind"] == "change":
            previous, increase = previous_from_change(level, change), change
        else:
            previous, increase = implied_previous(level, change), absolute_increase(level, change)
        table.append(
            {
                "metric_id": row["metric_id"],
                "name_en": row["name_en"],
                "name_zh": row["name_zh"],
                "section": row["section"],
                "kind": row["kind"],
                "change": change,
                "change_unit": row["unit"],
                "level": level,
                "level_unit": base["unit"] if base else "",
                "level_qualifier": base["qualifier"] if base else "",
                "previous": previous,
                "increase": increase,
            }
        )
    return pd.DataFrame.from_records(table)
