"""Results as a reader sees them: rounded tables with gaps shown as "missing", and findings as Markdown.

Notebooks show tables through `present_table` and end with a `findings` cell built by
`findings_markdown` from computed sentences (worded from the numbers by `helpers.analysis.comparison`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from IPython.display import Markdown

MISSING = "missing"


def present_table(
    frame: pd.DataFrame,
    decimals: int | Mapping[str, int] = 1,
    missing: str = MISSING,
) -> pd.DataFrame:
    """A copy of `frame` for display: numbers rounded, every gap written as `missing`, rows labelled.

    `decimals` is one number for every numeric column or a mapping column → decimals (columns
    not named keep their values). Rounded to 0 decimals (or whole numbers to begin with), a column
    shows whole numbers (237, not 237.0). A numeric column with a gap becomes text-valued so that
    the word `missing` can stand in it; its other values keep their rounded numbers. A numbered table
    whose first column is text is labelled by that column (no 0..n index).
    """
    shown = frame.copy()
    for column in shown.columns:
        series = shown[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            if series.isna().any():
                shown[column] = series.astype("object").where(series.notna(), missing)
            continue
        places = decimals.get(str(column)) if isinstance(decimals, Mapping) else decimals
        values = series.astype("float64")
        if places is not None:
            values = values.round(places)
        whole = places == 0 or bool((values.dropna() % 1 == 0).all() and pd.api.types.is_integer_dtype(series))
        if values.isna().any():
            cells = [int(v) if whole else v for v in values.dropna()]
            shown[column] = (
                pd.Series(cells, index=values.dropna().index, dtype="object").reindex(values.index).fillna(missing)
            )
        else:
            shown[column] = values.astype("int64") if whole else values
    return _label_rows(shown)


def _label_rows(shown: pd.DataFrame) -> pd.DataFrame:
    """A table whose rows are numbered 0..n and whose first column is text: that column labels the rows instead.

    Readers see row labels, not a meaningless 0..n column.
    """
    first = shown.columns[0] if len(shown.columns) > 1 else None
    if first is None or not isinstance(shown.index, pd.RangeIndex) or pd.api.types.is_numeric_dtype(shown[first]):
        return shown
    return shown.set_index(first)


def findings_markdown(sentences: Sequence[str], heading: str = "Findings") -> Markdown:
    """The notebook's conclusions as rendered Markdown: a heading and one bullet per sentence."""
    from IPython.display import Markdown

    bullets = "\n".join(f"- {sentence}" for sentence in sentences)
    return Markdown(f"### {heading}\n\n{bullets}\n")
