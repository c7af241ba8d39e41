"""Rank districts on one indicator: ties shared, missing values unranked and counted, basis carried."""

from __future__ import annotations

import pandas as pd

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
    """One line on where `entity` stands, e.g. '3 of 6 ranked (6 districts, 0 without data)'."""
    row = ranked.loc[ranked["entity"] == entity]
    if row.empty:
        raise KeyError(f"{entity!r} is not in the ranking")
    first = row.iloc[0]
    missing = int(first["out_of"] - first["ranked_of"])
    counts = f"({first['out_of']} districts, {missing} without data)"
    if pd.isna(first["rank"]):
        return f"unranked: no data {counts}"
    ties = int((ranked["rank"] == first["rank"]).sum())
    tie = f", tied with {ties - 1} other(s)" if ties > 1 else ""
    return f"{first['rank']} of {first['ranked_of']} ranked{tie} {counts}"
