"""The report's figures beside outside figures for the same indicator: values, gaps, derived markers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from helpers.analysis.claims import NOMINAL, NOT_STATED, rate_measure
from helpers.analysis.comparison import compare
from helpers.analysis.growth import implied_previous, pp_gap
from helpers.data.frames import records
from helpers.data.loading import get_metric, linked_indicators, load_indicator_links, outside_row, outside_value
from helpers.paths import DATA_DIR, DEFAULT_REPORT

BENCHMARK_COLUMNS = [
    "metric_id",
    "name_en",
    "name_zh",
    "district_value",
    "entity",
    "indicator",
    "value",
    "derived",
    "gap_pp",
    "source_address",
    "basis",
]


def benchmark_table(
    metric_ids: Sequence[str],
    entities: Sequence[str],
    year: int,
    data_dir: Path = DATA_DIR,
    any_basis: bool = False,
    report: str = DEFAULT_REPORT,
) -> pd.DataFrame:
    """One row per metric and benchmark entity: the report's value, the entity's, and the gap in pp.

    A benchmark without a figure has value NaN, gap NaN and derived False; `derived` is True
    where the outside figure is arithmetic on a stated one (its derived_from is not empty).
    Each figure is the first of the metric's linked indicators (indicator_links.csv, in file order)
    the entity has a figure for, without a basis note; with `any_basis`, whatever its basis note, which
    the `basis` column carries as a caveat ('' where there is none).
    """
    basis = None if any_basis else ""
    records = []
    for metric_id in metric_ids:
        metric = get_metric(metric_id, report, data_dir)
        indicators = linked_indicators(metric_id, data_dir)
        for entity in entities:
            figure = outside_row(entity, indicators, year, basis, data_dir)
            value = float("nan") if figure is None else float(figure["value"])
            records.append(
                {
                    "metric_id": metric_id,
                    "name_en": metric.name_en,
                    "name_zh": metric.name_zh,
                    "district_value": metric.value,
                    "entity": entity,
                    "indicator": "" if figure is None else figure["indicator"],
                    "value": value,
                    "derived": False if figure is None else bool(figure["derived"]),
                    "gap_pp": pp_gap(metric.value, value),
                    "source_address": "" if figure is None else figure["source_address"],
                    "basis": "" if figure is None else str(figure["basis"]),
                }
            )
    return pd.DataFrame.from_records(records, columns=BENCHMARK_COLUMNS)


GDP_LEVEL = "地区生产总值"
GDP_NOMINAL_GROWTH = "地区生产总值名义增速"
GDP_BASES = ("民政口径", "管理口径")


def gdp_by_basis(entities: Sequence[str], table_year: int, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """District GDP of `table_year` on each basis, its nominal growth, and the previous year derived from both.

    One row per entity and basis (民政口径 = whole administrative area, 管理口径 = area the district
    government manages). Where the table gives no figure for a basis the row is NaN. The previous
    year is derived (level / (1 + nominal growth)): nominal, approximate, and labelled derived.
    """
    records = []
    for entity in entities:
        for basis in GDP_BASES:
            level = outside_value(entity, GDP_LEVEL, table_year, basis, data_dir)
            growth = outside_value(entity, GDP_NOMINAL_GROWTH, table_year, basis, data_dir)
            records.append(
                {
                    "entity": entity,
                    "basis": basis,
                    "gdp": level,
                    "nominal_growth_pct": growth,
                    "gdp_previous_derived": implied_previous(level, growth),
                }
            )
    return pd.DataFrame.from_records(records)


def peer_table(
    metric_id: str,
    entities: Sequence[str],
    year: int,
    report_entity: str,
    basis: str = "",
    data_dir: Path = DATA_DIR,
    report: str = DEFAULT_REPORT,
) -> pd.DataFrame:
    """One row per entity with its figure for `metric_id`: the report's own for `report_entity`
    (when `year` is the report's year), the outside figure otherwise, NaN where there is none.

    Columns: entity, value, basis, source ('report', 'stated', 'derived' or 'missing'). Adding a
    peer's row to external_figures.csv (with its source) is all it takes for it to appear here.
    """
    records = []
    metric = get_metric(metric_id, report, data_dir)
    for entity in entities:
        if entity == report_entity and year == metric.year:
            records.append({"entity": entity, "value": metric.value, "basis": basis, "source": "report"})
            continue
        figure = outside_row(entity, linked_indicators(metric_id, data_dir), year, basis, data_dir)
        if figure is None:
            records.append({"entity": entity, "value": float("nan"), "basis": basis, "source": "missing"})
        else:
            source = "derived" if bool(figure["derived"]) else "stated"
            records.append({"entity": entity, "value": float(figure["value"]), "basis": basis, "source": source})
    return pd.DataFrame.from_records(records, columns=["entity", "value", "basis", "source"])


COVERAGE_STATUSES = ("report", "stated", "derived", "missing")


def coverage_matrix(columns: dict[str, pd.DataFrame], entities: Sequence[str]) -> pd.DataFrame:
    """Entity × indicator table of where each figure comes from: report, stated, derived or missing.

    Each frame in `columns` has `entity` and `source` columns (as peer_table returns); an entity
    a frame does not mention is 'missing'.
    """
    matrix = pd.DataFrame(index=pd.Index(entities, name="entity"))
    for label, frame in columns.items():
        status = frame.set_index("entity")["source"].reindex(matrix.index).fillna("missing")
        unknown = set(status) - set(COVERAGE_STATUSES)
        if unknown:
            raise ValueError(f"{label}: unknown source status {sorted(unknown)}")
        matrix[label] = status
    return matrix


COMPARABLE = "comparable"
NO_FIGURE = "no figure"


def benchmark_measure(metric_id: str, indicator: str, data_dir: Path = DATA_DIR) -> str:
    """How an outside indicator linked to `metric_id` is measured, from its name (名义 = nominal) or link note."""
    if "名义" in indicator:
        return NOMINAL
    links = load_indicator_links(data_dir)
    notes = links.loc[(links["metric_id"] == metric_id) & (links["indicator"] == indicator), "note"]
    return rate_measure(str(notes.iloc[0])) if len(notes) else ""


def comparison_status(district_measure: str, other_measure: str, other_value: float) -> str:
    """Whether two growth rates can be set against each other: COMPARABLE, or why not.

    Comparable only when both are measured the same way (both real, or both nominal); a rate whose
    measure is not stated, or two different measures, is 'not comparable' with the reason.
    """
    if math.isnan(other_value):
        return NO_FIGURE
    if district_measure in ("", NOT_STATED):
        return "not comparable: the report does not say whether its rate is real or nominal"
    if other_measure in ("", NOT_STATED):
        return "not comparable: the outside figure's measure is not stated"
    if district_measure != other_measure:
        return f"not comparable: {district_measure} against {other_measure}"
    return COMPARABLE


def benchmark_statement(name: str, value: float, measure: str, rows: pd.DataFrame) -> str:
    """One sentence for one indicator against its benchmarks, built from the numbers.

    `rows` has entity, value, derived, gap_pp, measure and status (as the notebook's comparison
    table), and optionally basis: a non-empty basis note is quoted after the figure as a caveat.
    Comparable figures get 'above'/'below' and the gap in pp; others say why they are not compared;
    entities without a figure are named as missing.
    """
    parts, missing = [], []
    for row in records(rows):
        entity, status = str(row["entity"]), str(row["status"])
        if status == NO_FIGURE:
            missing.append(entity)
            continue
        figure = f"{entity} {float(row['value']):+.1f}%{' (derived)' if bool(row['derived']) else ''}"
        basis = row.get("basis")
        if isinstance(basis, str) and basis:
            figure += f" (caveat: {basis})"
        if status == COMPARABLE:
            gap = float(row["gap_pp"])
            parts.append(f"{compare(gap, 0.0)} {figure} ({gap:+.1f} pp)")
        else:
            reason = status.split(": ", 1)[-1]
            measure_text = f" ({row['measure']})" if row["measure"] else ""
            parts.append(f"not comparable with {figure}{measure_text}: {reason}")
    if missing:
        parts.append(f"no figure for {', '.join(missing)}")
    return f"{name} {value:+.1f}% ({measure}): " + "; ".join(parts) + "."


def closest_basis(levels: pd.Series, value: float) -> tuple[str | None, float]:
    """The basis (index of `levels`) whose level is closest to `value`, and the gap; (None, NaN) with no level."""
    gaps = (levels - value).abs().dropna()
    if gaps.empty:
        return None, float("nan")
    return str(gaps.idxmin()), float(gaps.min())


def matching_basis(derived: pd.Series, reported: float, tolerance: float) -> tuple[str | None, float]:
    """The closest basis if it lies within `tolerance` of `reported` (else None: it matches neither), and its gap."""
    closest, gap = closest_basis(derived, reported)
    return (closest if gap <= tolerance else None), gap
