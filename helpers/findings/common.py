"""What the findings modules share: figure names, the missing-figure line, `show`, the word limit, caveat rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from helpers.charts.presenting import present_table
from helpers.data.loading import find_metric
from helpers.data.vocabulary import load_metric_vocabulary
from helpers.paths import DATA_DIR, DEFAULT_REPORT

# The most words a findings bullet may have (a run of Chinese between spaces counts as one word).
MAX_WORDS = 45
CAVEAT_COLUMNS = ("assumption or caveat", "value used", "range tried", "what it changes")
NOT_VARIED = "not varied"


class Caveat(NamedTuple):
    """One row of the assumptions-and-caveats table: what it is, the value used, the range tried, what it changes."""

    what: str
    value: str
    tried: str
    changes: str


def caveat_table(rows: Sequence[Caveat]) -> pd.DataFrame:
    """The assumptions-and-caveats table under the findings: one row per caveat, each said once, in four columns."""
    return pd.DataFrame(list(rows), columns=list(CAVEAT_COLUMNS))


def word_count(sentence: str) -> int:
    """Words as the findings limit counts them: runs of characters between spaces."""
    return len(sentence.split())


def listed(items: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (empty: ''); `conjunction` 'or' for 'a, b or c'."""
    items = list(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}" if len(items) > 1 else "".join(items)


def figure_names(metric_ids: Sequence[str], report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> list[str]:
    """The figures' names in one language: Chinese (the report's, else the usual one in metric_ids.csv) where
    every one has it, else English for all (the id in words at worst), so a list never mixes the two."""
    vocabulary = {metric.metric_id: metric for metric in load_metric_vocabulary(data_dir)}
    chinese, english = [], []
    for metric_id in metric_ids:
        own, standard = find_metric(metric_id, report, data_dir), vocabulary.get(metric_id)
        chinese.append(own.name_zh if own else standard.names_zh[0] if standard else "")
        name_en = (own.name_en if own else "") or (standard.name_en if standard else "")
        english.append(name_en or metric_id.replace("_", " "))
    return chinese if all(chinese) else english


def states_no(
    metric_ids: Sequence[str],
    report: str = DEFAULT_REPORT,
    data_dir: Path = DATA_DIR,
    *,
    what: str = "",
    consequence: str = "",
) -> str:
    """'This report states no X figure.' for those of `metric_ids` the report lacks ('' if none); 'none of the
    <what> looked for (…)' when it lacks them all and `what` is given; `consequence` follows a colon."""
    absent = [m for m in metric_ids if find_metric(m, report, data_dir) is None]
    if not absent:
        return ""
    names = figure_names(absent, report, data_dir)
    chinese = all(not name.isascii() for name in names)
    if what and len(absent) == len(metric_ids):
        text = f"This report states none of the {what} looked for ({('、' if chinese else ', ').join(names)})"
    elif chinese:
        text = f"This report states no {'、'.join(names)} {'figure' if len(names) == 1 else 'figures'}"
    else:
        text = f"This report states no {listed(names, 'or')} figure"
    return text + (f": {consequence}." if consequence else ".")


def show(
    lines: str | Sequence[str] = (), table: pd.DataFrame | None = None, *, when_empty: str = "", **options: Any
) -> pd.DataFrame | None:
    """Show a section's lines on what it lacks (if any), then return its table for display through present_table
    (`options`); where it has no rows, None, and `when_empty` (if given) is shown in place of the lines."""
    from IPython.display import Markdown, display

    empty = table is None or table.empty
    said = [when_empty] if empty and when_empty else [lines] if isinstance(lines, str) else list(lines)
    if any(said):
        display(Markdown("\n\n".join(line for line in said if line)))
    return None if table is None or table.empty else present_table(table, **options)
