"""Tables built from the report's own claims: each change claim with its level, implied base and measure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from helpers.analysis.growth import absolute_increase, implied_previous, previous_from_change
from helpers.data.frames import records
from helpers.data.units import unit_table
from helpers.paths import DATA_DIR

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


REAL = "real"
NOMINAL = "nominal"
COMPARABLE_BASIS = "同口径, comparable basis"
NOT_STATED = "real or nominal not stated"
PHYSICAL_QUANTITIES = ("area", "count", "people", "households", "visits", "time", "length", "power")
CONVENTION = "statistical convention"
MEASURE_WORDS = ("实际", "名义", "不变价", "现价")  # words in a quote that state how a rate is measured
STATED_MEASURE_WORDS = (*MEASURE_WORDS, "扣除价格因素")  # also in an outside sentence: 扣除价格因素 = real
BY_CONVENTION = " (by convention)"  # after a measure that comes from a link note, not from the quoted sentence
SAME_AS_ABOVE = "同上"  # a quoted_sentence that only points to an earlier row from the same address


def states_measure(sentence: str) -> bool:
    """True where a quoted sentence says how a rate is measured (实际, 名义, 不变价, 现价, 扣除价格因素)."""
    return any(word in sentence for word in STATED_MEASURE_WORDS)


def own_sentence(external: pd.DataFrame, entity: str, indicator: str, year: int) -> str:
    """The sentence quoted for one outside row, following 同上 to the last earlier row from its address.

    '' where `external` (load_external) has no such row or the 同上 has no earlier row to point to.
    """
    rows = external[(external["entity"] == entity) & (external["indicator"] == indicator) & (external["year"] == year)]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    if row["quoted_sentence"] != SAME_AS_ABOVE:
        return str(row["quoted_sentence"])
    earlier = external[
        (external["line"] < row["line"])
        & (external["source_address"] == row["source_address"])
        & (external["quoted_sentence"] != SAME_AS_ABOVE)
    ]
    return str(earlier["quoted_sentence"].iloc[-1]) if len(earlier) else ""


def shown_measure(measure: str, sentence: str) -> str:
    """An outside rate's measure as shown: marked '(by convention)' unless its quoted sentence states it."""
    return measure if not measure or states_measure(sentence) else measure + BY_CONVENTION


def level_decimals(unit: str) -> int:
    """Decimals to show a level in: whole 元 for yuan (per-capita income), one decimal otherwise."""
    return 0 if unit == "元" else 1


def rate_measure(note: str) -> str:
    """How a note says a growth rate is measured: REAL, NOMINAL, COMPARABLE_BASIS, NOT_STATED, or '' (silent)."""
    text = note.lower()
    if "同口径" in note:
        return COMPARABLE_BASIS
    if re.search(r"nominal or real|real or nominal", text):
        return NOT_STATED
    if re.search(r"\breal\b", text):
        return REAL
    if re.search(r"\bnominal\b", text):
        return NOMINAL
    return ""


def period_stated(note: str) -> bool:
    """False where a metric's note says the report does not state the period its change covers."""
    return "period not stated" not in note.lower()


def claim_measures(
    changes: pd.DataFrame, metrics: pd.DataFrame, assumed: Mapping[str, str], data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """What each change claim measures, indexed by metric_id: how its rate is measured and where that comes from.

    `changes` is `change_claims(...)` indexed by metric_id. Columns: measure (REAL, NOMINAL,
    COMPARABLE_BASIS, NOT_STATED, or 'physical quantity' for area, counts and the like),
    measure_source ('report note', CONVENTION where the note's real/nominal is not in the report's
    quote, 'assumed', 'unit of the level' or 'none'), quantity (of the
    level's unit, '' without a level), one_year (False where the period is not stated or the change
    is not a percentage), group (a chart label) and implied_previous_is (how to read level ÷ (1 + g)).
    `assumed` maps metric_id → measure for rates the report does not qualify: an assumption, labelled so.
    """
    notes = metrics.set_index("metric_id")["note"]
    quotes = metrics.set_index("metric_id")["quote"]
    quantities = unit_table(data_dir)["quantity"]
    table = []
    for metric_id, row in changes.iterrows():
        note = str(notes.get(metric_id, ""))
        unit = str(row["level_unit"])
        quantity = str(quantities.get(unit, "")) if unit else ""
        measure, source = rate_measure(note), "report note"
        quote = str(quotes.get(metric_id, ""))
        if measure in (REAL, NOMINAL) and not any(word in quote for word in MEASURE_WORDS):
            source = CONVENTION  # the note says real/nominal, the report's sentence does not
        if not measure and quantity in PHYSICAL_QUANTITIES:
            measure, source = "physical quantity", "unit of the level"
        if not measure and metric_id in assumed:
            measure, source = assumed[str(metric_id)], "assumed"
        if not measure:
            measure, source = NOT_STATED, "none"
        one_year = period_stated(note) and row["kind"] != "change"
        table.append(
            {
                "metric_id": metric_id,
                "measure": measure,
                "measure_source": source,
                "quantity": quantity,
                "one_year": one_year,
                "group": _group_label(measure, source, quantity, period_stated(note)),
                "implied_previous_is": _implied_reading(measure, source, row["kind"], bool(pd.isna(row["level"]))),
            }
        )
    return pd.DataFrame.from_records(table).set_index("metric_id")


def _group_label(measure: str, source: str, quantity: str, period_known: bool) -> str:
    """A chart group for a change claim: its measure, its quantity for physical ones, and any assumption."""
    if not period_known:
        return "period not stated"
    if measure == "physical quantity":
        return f"physical quantity ({quantity})"
    if source == CONVENTION:
        return f"{measure}, by convention"
    return f"{measure}, assumed" if source == "assumed" else measure


def _implied_reading(measure: str, source: str, kind: str, level_missing: bool) -> str:
    """How to read the previous-year level a change implies: exact, approximate (and why), or missing."""
    if level_missing:
        return "missing: no level in the report"
    if kind == "change":
        return "exact (level minus change)"
    if measure == REAL:
        return "approximate: real growth applied to a nominal level"
    if measure == COMPARABLE_BASIS:
        return "approximate: 同口径 base, not the printed previous-year level"
    if measure == NOT_STATED:
        return "approximate unless the rate is nominal (not stated)"
    if source == "assumed":
        return f"exact up to rounding if the rate is {measure} (assumed)"
    return "exact up to rounding"
