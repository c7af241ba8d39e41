"""Rank districts on one indicator: ties shared, missing values unranked and counted, basis carried.

Also the pieces a ranking of districts needs around it: the margin over the next district, the
labelled assumption that an unmarked district's single figure serves both GDP bases, per-capita GDP
with the resident population it implies (derived), and the basis a reported figure belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from helpers.analysis.peers import GDP_BASES, GDP_LEVEL
from helpers.data.loading import outside_row
from helpers.data.units import Num, convert, to_base
from helpers.paths import DATA_DIR

RANK_COLUMNS = ["entity", "value", "basis", "rank", "ranked_of", "out_of", "status"]


def rank_entities(
    frame: pd.DataFrame,
    value: str = "value",
    entity: str = "entity",
    basis: str = "basis",
    ascending: bool = False,
) -> pd.DataFrame:
    """Rank the rows of `frame` on `value` (largest first unless `ascending`).

    - Ties share the best rank of the tie ("1224" competition ranking).
    - A row whose value is missing gets no rank (rank <NA>, status 'unranked: no data'); it is
      never placed first or last, and `ranked_of` counts only rows with data.
    - All rows must be on one basis (e.g. 民政口径): ranking across bases is refused, because a
      district's size differs greatly between them. The basis is carried into the result.
    """
    bases = set(frame[basis].fillna("")) if basis in frame else {""}
    if len(bases) > 1:
        raise ValueError(f"cannot rank across bases {sorted(bases)}; rank each basis separately")
    if frame[entity].duplicated().any():
        raise ValueError(f"an entity appears twice: {sorted(frame.loc[frame[entity].duplicated(), entity])}")
    values = pd.to_numeric(frame[value], errors="raise").astype("float64")
    ranks = values.rank(method="min", ascending=ascending, na_option="keep").astype("Int64")
    has_data = values.notna()
    result = pd.DataFrame(
        {
            "entity": frame[entity].to_numpy(),
            "value": values.to_numpy(),
            "basis": bases.pop(),
            "rank": ranks.array,
            "ranked_of": int(has_data.sum()),
            "out_of": len(frame),
            "status": ["ranked" if ok else "unranked: no data" for ok in has_data],
        },
        columns=RANK_COLUMNS,
    )
    return result.sort_values(["rank", "entity"], na_position="last", kind="stable").reset_index(drop=True)


def describe_rank(ranked: pd.DataFrame, entity: str) -> str:
    """Where `entity` stands: 'rank 3 of 6', or 'rank 2 of 3 with data (6 districts, 3 without data)'.

    A tie adds ', tied with N other(s)'; an entity without data is 'unranked: no data (…)'.
    """
    row = ranked.loc[ranked["entity"] == entity]
    if row.empty:
        raise KeyError(f"{entity!r} is not in the ranking")
    first = row.iloc[0]
    missing = int(first["out_of"] - first["ranked_of"])
    counts = f" ({first['out_of']} districts, {missing} without data)" if missing else ""
    if pd.isna(first["rank"]):
        return f"unranked: no data{counts}"
    ties = int((ranked["rank"] == first["rank"]).sum())
    tie = f", tied with {ties - 1} other(s)" if ties > 1 else ""
    with_data = " with data" if missing else ""
    return f"rank {first['rank']} of {first['ranked_of']}{with_data}{tie}{counts}"


def margin_over_next(ranked: pd.DataFrame, entity: str) -> tuple[str, float, float] | None:
    """The district ranked just below `entity`, and `entity`'s lead over it: (name, gap, gap in % of its value).

    None where `entity` is unranked or nobody with data ranks below it. With a tie below, the
    first of the tied districts by name is returned (their values are equal).
    """
    row = ranked.loc[ranked["entity"] == entity]
    if row.empty:
        raise KeyError(f"{entity!r} is not in the ranking")
    rank = row.iloc[0]["rank"]
    if pd.isna(rank):
        return None
    below = ranked[ranked["rank"].notna() & (ranked["rank"] > rank)]
    if below.empty:
        return None
    nxt = below.sort_values(["rank", "entity"], kind="stable").iloc[0]
    value, next_value = float(row.iloc[0]["value"]), float(nxt["value"])
    gap = value - next_value
    return str(nxt["entity"]), gap, gap / next_value * 100


def single_figure_serves_both_bases(
    table: pd.DataFrame,
    columns: Sequence[str],
    marked_basis: str = "管理口径",
    single_basis: str = "民政口径",
) -> pd.DataFrame:
    """ASSUMPTION applied: an entity with no figure on `marked_basis` takes its `single_basis` figures there.

    The Zhengzhou table marks with `#` (管理口径) only districts that contain a functional zone;
    an unmarked district prints one figure. Reading that figure as valid on both bases is an
    assumption, not a stated fact: rows filled by it get `assumed` True (all others False), so
    every result built on them can be labelled. `table` has one row per entity and basis.
    """
    result = table.copy()
    result["assumed"] = False
    for entity in result["entity"].unique():
        marked = (result["entity"] == entity) & (result["basis"] == marked_basis)
        single = (result["entity"] == entity) & (result["basis"] == single_basis)
        if marked.sum() != 1 or single.sum() != 1:
            raise ValueError(f"{entity}: expected one row on {marked_basis} and one on {single_basis}")
        if result.loc[marked, list(columns)].isna().all(axis=None) and result.loc[single, list(columns)].notna().any(
            axis=None
        ):
            result.loc[marked, list(columns)] = result.loc[single, list(columns)].to_numpy()
            result.loc[marked, "assumed"] = True
    return result


PER_CAPITA_GDP = "人均地区生产总值"


def implied_population(gdp: Num, per_capita: Num, gdp_unit: str, per_capita_unit: str, unit: str) -> Num:
    """Population implied by GDP ÷ per-capita GDP, in `unit` (1665.50 亿元 / 10.46 万元 → 159.2 万人). Derived."""
    return to_base(gdp, gdp_unit) / to_base(per_capita, per_capita_unit) / to_base(1.0, unit)


def per_capita_by_basis(entities: Sequence[str], year: int, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """District GDP (亿元) and per-capita GDP (万元) of `year` on each basis, with the population they imply (万人).

    One row per entity and basis; NaN where the table has no figure. `population_derived` is
    GDP ÷ per-capita GDP: arithmetic on two stated figures, not a stated population. Each figure
    is converted from the unit its row gives, so a row in 元 is read correctly.
    """
    records = []
    for entity in entities:
        for basis in GDP_BASES:
            level = outside_row(entity, GDP_LEVEL, year, basis, data_dir)
            per_capita = outside_row(entity, PER_CAPITA_GDP, year, basis, data_dir)
            gdp = (
                float("nan") if level is None else convert(float(level["value"]), str(level["unit"]), "亿元", data_dir)
            )
            value = (
                float("nan")
                if per_capita is None
                else convert(float(per_capita["value"]), str(per_capita["unit"]), "万元", data_dir)
            )
            records.append({"entity": entity, "basis": basis, "gdp": gdp, "gdp_per_capita": value})
    result = pd.DataFrame.from_records(records, columns=["entity", "basis", "gdp", "gdp_per_capita"])
    result["population_derived"] = implied_population(
        result["gdp"], result["gdp_per_capita"], gdp_unit="亿元", per_capita_unit="万元", unit="万人"
    )
    return result


AS_PRINTED = "as printed"
ASSUMED_BOTH_BASES = "ASSUMPTION: unmarked figure serves both bases"


def basis_readings(table: pd.DataFrame, columns: Sequence[str], assume_single_figure: bool) -> dict[str, pd.DataFrame]:
    """The table split into the readings to rank separately: each basis as printed, and (when
    `assume_single_figure`) 管理口径 with the labelled assumption applied.

    Keys read like '民政口径', '管理口径 (as printed)', '管理口径 (ASSUMPTION: …)'; every frame has
    an `assumed` column, True only on rows the assumption filled.
    """
    marked, single = GDP_BASES[1], GDP_BASES[0]
    plain = table.assign(assumed=False)
    readings = {
        single: plain[plain["basis"] == single],
        f"{marked} ({AS_PRINTED})": plain[plain["basis"] == marked],
    }
    if assume_single_figure:
        filled = single_figure_serves_both_bases(table, columns, marked, single)
        readings[f"{marked} ({ASSUMED_BOTH_BASES})"] = filled[filled["basis"] == marked]
    return readings


_PRINTED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def printed_decimals(value: float, text: str, where: str) -> int:
    """Decimal places `value` is printed with in `text` (5% -> 0, 5.4% -> 1); the fewest if printed twice.

    Raises ValueError naming `where` when the figure is not printed in the text.
    """
    found = [m for m in _PRINTED_NUMBER.findall(unicodedata.normalize("NFKC", text)) if float(m) == float(value)]
    if not found:
        raise ValueError(f"{where}: the figure {value:g} is not printed in its quote {text!r}; expected it there")
    return min(len(m.partition(".")[2]) for m in found)


def rounding_tolerance(decimals: Sequence[int], half_unit: float) -> float:
    """The gap rounding alone can open between printed figures: `half_unit` of a last-digit unit of each."""
    if not 0 <= half_unit <= 1:
        raise ValueError(f"half_unit must be between 0 and 1 (a fraction of the last printed digit), got {half_unit}")
    return round(sum(half_unit * 10.0**-d for d in decimals), 9)
