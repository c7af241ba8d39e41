"""Every check of the data files beyond their schema, and the order each file's checks run in.

`load_csv_resource` (helpers.data.descriptor) enforces what the datapackage.json descriptors declare:
columns, types, required cells, enums, patterns, minimums, unique columns, primary keys and foreign keys
within a package (external_figures.csv's unit → units.csv, which is all that file needs). This module holds
the rest — what crosses packages or needs the report's text — and `check_metrics` and
`check_indicator_links` list, in order, what each file gets.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.data.errors import DataError
from helpers.data.frames import records
from helpers.data.report_text import find_section_spans
from helpers.data.textnorm import normalised_and_blocks, numbers_in, ordinals_in
from helpers.data.units import MAGNITUDES, NUMBER_PATTERN, printed_unit


def check_reviewed(path: Path, text: str) -> None:
    """Refuse a metrics file with rows no person has reviewed yet (status unreviewed, as `helpers new` writes them).

    Runs on the raw CSV text, before any other check, so a draft is named as a draft rather than by
    its first empty name.
    """
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    unreviewed = [line for line, row in enumerate(rows, start=2) if (row.get("status") or "").strip() == "unreviewed"]
    if unreviewed:
        raise DataError(
            path,
            f"{len(unreviewed)} of {len(rows)} rows are still marked unreviewed (the first on line {unreviewed[0]}). "
            "Review each proposed row — id, names, section, kind, unit, bound marker, base_metric_id, quote — correct "
            "or delete it, and set its status to reviewed; then run check again.",
            line=unreviewed[0],
            column="status",
        )


def check_units(frame: pd.DataFrame, path: Path, known_units: set[str]) -> None:
    """Every unit must be listed in units.csv (an unknown unit is never passed through).

    For a report's metrics.csv: the shared units.csv is in another package, which a foreign key cannot reach.
    """
    for row in records(frame):
        if row["unit"] not in known_units:
            raise DataError(
                path,
                f"unknown unit {row['unit']!r}; expected one listed in units.csv ({', '.join(sorted(known_units))}). Add it there with its base unit and factor if it is real.",
                line=row["line"],
                column="unit",
            )


def _check_quote(row: dict[str, Any], path: Path, normalised: str) -> None:
    if row["quote"] not in normalised:
        raise DataError(
            path,
            f"quote {row['quote']!r} is not found in the normalised report text. A quote is copied from helpers.data.textnorm.normalise_text(report) (no spaces, ASCII , ; ( ) %); check for an edit or a typo.",
            line=row["line"],
            column="quote",
        )
    if row["qualifier"] and row["qualifier"] not in row["quote"]:
        raise DataError(
            path,
            f"qualifier {row['qualifier']!r} does not appear in the quote {row['quote']!r}.",
            line=row["line"],
            column="qualifier",
        )


# What a rank row's note must say where the report does not print how many were ranked (out_of left empty).
GROUP_NOT_STATED = "group not stated"


def _check_rank(row: dict[str, Any], path: Path) -> None:
    """A rank row: its rank, and out_of unless its note says the group is not stated; the quote prints 第{rank}."""
    rank = row["rank"]
    if pd.isna(rank):
        raise DataError(
            path, "a rank row needs rank (e.g. rank 1 for 市内六区排名第一).", line=row["line"], column="rank"
        )
    if pd.isna(row["out_of"]):
        if GROUP_NOT_STATED not in row["note"].lower():
            raise DataError(
                path,
                "a rank row needs out_of, the number ranked (e.g. out_of 6 for 市内六区排名第一); where the report "
                f"does not state the group, leave out_of empty and write {GROUP_NOT_STATED!r} in note.",
                line=row["line"],
                column="out_of",
            )
    elif not 1 <= rank <= row["out_of"]:
        raise DataError(
            path, f"rank {rank} is not between 1 and out_of {row['out_of']}.", line=row["line"], column="rank"
        )
    if row["value"] != rank:
        raise DataError(
            path,
            f"a rank row's value must equal its rank ({rank}), found {row['value']:g}.",
            line=row["line"],
            column="value",
        )
    if int(rank) not in ordinals_in(row["quote"]):
        raise DataError(
            path, f"the quote {row['quote']!r} does not state the rank 第{rank}.", line=row["line"], column="quote"
        )


def _check_value(row: dict[str, Any], path: Path) -> None:
    if row["kind"] == "rank":
        _check_rank(row, path)
        return
    for column in ("rank", "out_of"):
        if not pd.isna(row[column]):
            raise DataError(
                path,
                f"only rank rows have {column}; this row's kind is {row['kind']}.",
                line=row["line"],
                column=column,
            )
    if not any(float(number) == row["value"] for number in numbers_in(row["quote"])):
        raise DataError(
            path,
            f"value {row['value']:g} does not appear in its quote {row['quote']!r}; the value must be the number exactly as printed there.",
            line=row["line"],
            column="value",
        )


def _agrees(printed: str, unit: str) -> bool:
    """Whether a unit printed after the value fits the row's unit: the same, or only its magnitude (931.8亿 for 亿元)."""
    return printed == unit or (printed in MAGNITUDES and unit.startswith(printed))


def check_printed_unit(row: dict[str, Any], path: Path) -> None:
    """The unit printed right after the value in the quote is the row's unit (931.8亿元 is not 万元: a 10,000× slip).

    Read as the extractor reads it (longest unit first, bound markers such as 余 set aside). A value printed
    with no unit after it (the unit stands earlier) is not checked; a rank row has none.
    """
    if row["kind"] == "rank":
        return
    matches = [m for m in NUMBER_PATTERN.finditer(row["quote"]) if float(m["value"]) == row["value"]]
    printed = [unit for unit in map(printed_unit, matches) if unit]
    if not printed or any(_agrees(unit, row["unit"]) for unit in printed):
        return
    shown = " and ".join(m[0] for m in matches if printed_unit(m))
    expected = f"one starting with {printed[0]!r}" if printed[0] in MAGNITUDES else repr(printed[0])
    raise DataError(
        path,
        f"the quote {row['quote']!r} prints {shown}, so the unit must be {expected}, but the row says "
        f"{row['unit']!r}; write the unit exactly as printed right after the value.",
        line=row["line"],
        column="unit",
    )


def check_quotes_and_values(frame: pd.DataFrame, path: Path, normalised: str) -> None:
    """Each quote is in the normalised source and states the row's value (or rank) in the row's unit."""
    for row in records(frame):
        _check_quote(row, path, normalised)
        _check_value(row, path)
        check_printed_unit(row, path)


def check_links(frame: pd.DataFrame, path: Path) -> None:
    """Every base_metric_id names another row of the same file."""
    ids = set(frame["metric_id"])
    for row in records(frame):
        if row["base_metric_id"] and (row["base_metric_id"] not in ids or row["base_metric_id"] == row["metric_id"]):
            raise DataError(
                path,
                f"base_metric_id {row['base_metric_id']!r} is not the metric_id of another row.",
                line=row["line"],
                column="base_metric_id",
            )


def check_sections(frame: pd.DataFrame, path: Path, normalised: str, spans: dict[str, tuple[int, int]]) -> None:
    """Each quote lies inside the text of the section it is filed under."""
    for row in records(frame):
        start, end = spans[row["section"]]
        if row["quote"] not in normalised[start:end]:
            owner = next((name for name, (s, e) in spans.items() if row["quote"] in normalised[s:e]), "no section")
            raise DataError(
                path,
                f"the quote is not in section {row['section']!r}; it stands in {owner!r}.",
                line=row["line"],
                column="section",
            )


def check_known_ids(frame: pd.DataFrame, path: Path, metric_ids: set[str]) -> None:
    """Every metric_id in a linking file names a row of metrics.csv."""
    for row in records(frame):
        if row["metric_id"] not in metric_ids:
            raise DataError(
                path, f"metric_id {row['metric_id']!r} is not in metrics.csv.", line=row["line"], column="metric_id"
            )


def check_metrics(frame: pd.DataFrame, path: Path, raw_text: str, known_units: set[str]) -> None:
    """A report's metrics.csv, after its schema: units, links, quotes with their values and units, sections — in that order.

    (Unreviewed rows are refused earlier, by check_reviewed on the raw file.) The normalised text and
    the layout of its blocks are computed once here and shared by the checks that need them.
    """
    normalised, blocks = normalised_and_blocks(raw_text)
    check_units(frame, path, known_units)
    check_links(frame, path)
    check_quotes_and_values(frame, path, normalised)
    spans = find_section_spans(path, raw_text, set(frame["section"]), (normalised, blocks))
    check_sections(frame, path, normalised, spans)


def check_key_figures(path: Path, key_figures: Sequence[str], metric_ids: Collection[str]) -> None:
    """Every key figure in report.json (at `path`) names a metric of the report's metrics.csv: the index shows each."""
    for metric_id in key_figures:
        if metric_id not in metric_ids:
            close = difflib.get_close_matches(metric_id, sorted(metric_ids), n=3)
            hint = f" Nearest ids: {', '.join(close)}." if close else ""
            raise DataError(
                path,
                f"key_figures names {metric_id!r}, which is not a metric_id of this report's metrics.csv.{hint} "
                "Name a metric of metrics.csv, or remove the entry.",
                column="key_figures",
            )


def check_indicator_links(frame: pd.DataFrame, path: Path, metric_ids: set[str]) -> None:
    """indicator_links.csv, after its schema: every metric_id is a claim of some report."""
    check_known_ids(frame, path, metric_ids)
