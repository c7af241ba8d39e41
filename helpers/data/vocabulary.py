"""The standard metric ids (report_data/metric_ids.csv): the ids notebooks look a report's figures up by,
each with the Chinese names reports print it under, so that `python -m helpers new` can propose them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.data.descriptor import load_csv_resource, read_descriptor
from helpers.data.errors import DataError
from helpers.data.frames import records
from helpers.data.textnorm import normalise_text
from helpers.paths import DATA_DIR

VOCABULARY_RESOURCE = "metric_ids"
NAME_SEPARATOR = "|"
# Words that say how a change is measured, not what changed, and bracketed remarks such as (下同):
# set aside when names are compared, so 优良天数同比增加 matches 优良天数增加.
COMPARISON_WORDS = re.compile(r"同比|比上年|较上年|比去年|较去年|\([^)]*\)")


@dataclass(frozen=True)
class StandardMetric:
    """One standard id: the names it is printed under (the usual one first), its kind and usual unit."""

    metric_id: str
    names_zh: tuple[str, ...]
    name_en: str
    kind: str
    unit: str
    measure: str = ""  # real or nominal by statistical convention, where the report's words do not say
    note: str = ""


def name_key(name: str) -> str:
    """A Chinese name as names are compared: normalised (NFKC, no OCR spaces), 同比/比上年 and (remarks) set aside."""
    return COMPARISON_WORDS.sub("", normalise_text(name))


def load_metric_vocabulary(data_dir: Path = DATA_DIR) -> tuple[StandardMetric, ...]:
    """metric_ids.csv of `data_dir`, validated (raises DataError naming file, line and column), in file order."""
    resource = read_descriptor(Path(data_dir))[VOCABULARY_RESOURCE]
    rows = records(load_csv_resource(resource))
    _check_unambiguous(rows, resource.path)
    return tuple(
        StandardMetric(
            metric_id=row["metric_id"],
            names_zh=tuple(row["name_zh"].split(NAME_SEPARATOR)),
            name_en=row["name_en"],
            kind=row["kind"],
            unit=row["unit"],
            measure=row["measure"],
            note=row["note"],
        )
        for row in rows
    )


def _check_unambiguous(rows: list[dict[str, Any]], path: Path) -> None:
    """Refuse a name that compares as empty, or as a name of another id of the same kind (it would point to two)."""
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for row in rows:
        for name in row["name_zh"].split(NAME_SEPARATOR):
            key = name_key(name)
            if not key:
                raise DataError(
                    path,
                    f"the name {name!r} is empty once 同比/比上年 and bracketed remarks are set aside; "
                    "list names of what is measured (e.g. 生产总值增长).",
                    line=row["line"],
                    column="name_zh",
                )
            other, line = seen.setdefault((key, row["kind"]), (row["metric_id"], row["line"]))
            if other != row["metric_id"]:
                raise DataError(
                    path,
                    f"the name {name!r} ({row['kind']}) is already a name of {other!r} on line {line}; a name of one "
                    "kind must point to one id, so that `helpers new` proposes the right one. Keep it on one row.",
                    line=row["line"],
                    column="name_zh",
                )


def standard_id(name_zh: str, kind: str, vocabulary: tuple[StandardMetric, ...]) -> str | None:
    """The standard id whose names include `name_zh` (as compared by name_key) and whose kind is `kind`; else None."""
    key = name_key(name_zh)
    return next(
        (
            metric.metric_id
            for metric in vocabulary
            if metric.kind == kind and key in {name_key(name) for name in metric.names_zh}
        ),
        None,
    )
