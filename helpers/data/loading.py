"""Typed, validated DataFrames for the report's metrics and the outside figures, and lookups."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.data import validation
from helpers.data.descriptor import _read_descriptor, load_csv_resource, read_descriptor, read_utf8
from helpers.data.reports import _report_info, list_reports, raw_report_text
from helpers.data.units import to_base, unit_table
from helpers.paths import DATA_DIR, DEFAULT_REPORT

# What each bound marker printed beside a figure means for the true value.
BOUNDS = {"": "exact", "余": "lower", "超": "lower", "多": "lower", "以上": "lower", "近": "upper", "约": "approximate"}


@dataclass(frozen=True)
class Metric:
    """One claim of the report: its value as printed, unit, bound marker and quote."""

    metric_id: str
    name_zh: str
    name_en: str
    value: float
    unit: str
    qualifier: str
    kind: str
    year: int
    section: str
    quote: str
    rank: int | None = None
    out_of: int | None = None

    @property
    def bound(self) -> str:
        """'exact', 'lower' (余/超/多/以上: at least), 'upper' (近: nearly) or 'approximate' (约)."""
        return BOUNDS[self.qualifier]

    @property
    def base_value(self) -> float:
        """The value in its base unit (931.8 亿元 → 9.318e10 yuan)."""
        return to_base(self.value, self.unit)

    def label(self) -> str:
        """The figure as a reader would cite it: '931.8 亿元', '2.8 万人 (余)', '第1 of 6', '第1 (group not stated)'."""
        if self.kind == "rank":
            return f"第{self.rank} of {self.out_of}" if self.out_of is not None else f"第{self.rank} (group not stated)"
        text = f"{self.value:g} {self.unit}"
        return f"{text} ({self.qualifier})" if self.qualifier else text


@lru_cache(maxsize=16)
def _metrics(report: str, data_dir: Path) -> pd.DataFrame:
    package = read_descriptor(data_dir, report)
    resource = package["metrics"]
    validation.check_reviewed(resource.path, read_utf8(resource.path))  # a draft is named as a draft first
    raw = raw_report_text(report, data_dir)
    frame = load_csv_resource(resource)
    validation.check_metrics(frame, resource.path, raw, set(unit_table(data_dir).index))
    key_figures = _report_info(report, data_dir).key_figures
    validation.check_key_figures(package["report_metadata"].path, key_figures, set(frame["metric_id"]))
    return frame


@lru_cache(maxsize=8)
def _external(data_dir: Path) -> pd.DataFrame:
    resource = read_descriptor(data_dir)["external_figures"]
    frame = load_csv_resource(resource)  # its descriptor holds all its checks, its unit's foreign key included
    frame["derived"] = frame["derived_from"] != ""
    return frame


@lru_cache(maxsize=8)
def _indicator_links(data_dir: Path) -> pd.DataFrame:
    resource = read_descriptor(data_dir)["indicator_links"]
    frame = load_csv_resource(resource)
    known = {metric_id for report in list_reports(data_dir) for metric_id in _metrics(report, data_dir)["metric_id"]}
    validation.check_indicator_links(frame, resource.path, known)
    return frame


def forget_loaded_data() -> None:
    """Drop every file read so far (descriptors, report texts, units, metrics, outside figures, links).

    Loading is cached per folder for speed; after editing a data file in a running session, call
    this (or restart the kernel) and the next lookup reads the files again.
    """
    caches = (_metrics, _metric_objects, _external, _indicator_links, _links_by_metric)
    for cached in (*caches, _read_descriptor, _report_info, unit_table):
        cached.cache_clear()


def load_metrics(report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The report's metrics.csv, typed and validated (raises DataError), with a `line` column; a fresh copy."""
    return _metrics(report, Path(data_dir)).copy()


def load_external(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """external_figures.csv, typed and validated, with a boolean `derived` column; a fresh copy."""
    return _external(Path(data_dir)).copy()


def load_indicator_links(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """indicator_links.csv: which outside indicator names measure each report metric; a fresh copy."""
    return _indicator_links(Path(data_dir)).copy()


def linked_indicators(metric_id: str, data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """The outside indicator names linked to `metric_id` in indicator_links.csv, in file order (none: empty)."""
    return _links_by_metric(Path(data_dir)).get(metric_id, ())


@lru_cache(maxsize=8)
def _links_by_metric(data_dir: Path) -> dict[str, tuple[str, ...]]:
    links: dict[str, list[str]] = {}
    frame = _indicator_links(data_dir)
    for metric_id, indicator in zip(frame["metric_id"], frame["indicator"], strict=True):
        links.setdefault(str(metric_id), []).append(str(indicator))
    return {metric_id: tuple(indicators) for metric_id, indicators in links.items()}


def get_metric(metric_id: str, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> Metric:
    """Look a claim of `report` up by its metric_id; an unknown id raises a KeyError naming the report and close matches."""
    metrics = _metric_objects(report, Path(data_dir))
    if metric_id not in metrics:
        close = difflib.get_close_matches(metric_id, list(metrics), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise MissingFigureError(
            f"report {report!r} has no metric {metric_id!r} (reports/{report}/metrics.csv).{hint} "
            "A notebook that needs it can only run on a report that states it: add the row if the report does."
        )
    return metrics[metric_id]


def has_metric(metric_id: str, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> bool:
    """Whether `report` states `metric_id` (for notebooks that show a figure as missing instead)."""
    return metric_id in _metric_objects(report, Path(data_dir))


def find_metric(metric_id: str, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> Metric | None:
    """The claim `metric_id` of `report`, or None where the report does not state it (shown as missing, not guessed)."""
    return _metric_objects(report, Path(data_dir)).get(metric_id)


@lru_cache(maxsize=16)
def _metric_objects(report: str, data_dir: Path) -> dict[str, Metric]:
    """Every metric of `report` as a Metric (immutable, so shared), by metric_id, in file order."""
    metrics: dict[str, Metric] = {}
    for row in _metrics(report, data_dir).to_dict("records"):
        metrics.setdefault(
            row["metric_id"],
            Metric(
                metric_id=row["metric_id"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                value=float(row["value"]),
                unit=row["unit"],
                qualifier=row["qualifier"],
                kind=row["kind"],
                year=int(row["year"]),
                section=row["section"],
                quote=row["quote"],
                rank=None if pd.isna(row["rank"]) else int(row["rank"]),
                out_of=None if pd.isna(row["out_of"]) else int(row["out_of"]),
            ),
        )
    return metrics


class MissingFigureError(KeyError):
    """A figure a cell needs is not in the data: the message names it and where to add it."""

    def __str__(self) -> str:
        return str(self.args[0])


EXTERNAL_FILE = f"{DATA_DIR.name}/external_figures.csv"


def missing_note(entity: str, indicator: str, year: int, basis: str | None = None) -> str:
    """The sentence saying an outside figure is missing: entity, indicator, year (basis, if one was asked for), where to add it."""
    on_basis = f" on basis {basis!r}" if basis else ""
    return (
        f"{entity} {indicator} {year}{on_basis} is missing: "
        f"add a row with its source address and quoted sentence to {EXTERNAL_FILE}"
    )


def outside_row(
    entity: str,
    indicator: str | Sequence[str],
    year: int,
    basis: str | None = None,
    data_dir: Path = DATA_DIR,
    *,
    gaps: list[str] | None = None,
) -> pd.Series | None:
    """The row of external_figures.csv for an optional outside figure (value, unit, basis, source…), or None.

    `indicator` is one name, or several tried in order, the first the entity has a figure for winning
    (`linked_indicators(metric_id)` gives those measuring a report metric). `basis` None takes the
    figure whatever basis note it carries; a string takes only the row with that basis ('': no note).
    Several rows and no basis to choose between them is a LookupError naming their bases, not a silent
    choice. Missing stays missing: None is shown as missing, never filled in, and its `missing_note` is
    appended to `gaps` (once) if a list is given, so the findings can say what is missing.
    """
    names = _indicator_names(indicator)
    external = _external(Path(data_dir))
    for name in names:
        rows = external[(external["entity"] == entity) & (external["indicator"] == name) & (external["year"] == year)]
        if basis is not None:
            rows = rows[rows["basis"] == basis]
        if len(rows) > 1:
            bases = ", ".join(rows["basis"])
            raise LookupError(f"{len(rows)} outside figures match {entity} {name} {year}; name the basis ({bases}).")
        if len(rows):
            return rows.iloc[0]
    note = missing_note(entity, _indicator_text(names), year, basis)
    if gaps is not None and note not in gaps:
        gaps.append(note)
    return None


def outside_value(
    entity: str,
    indicator: str | Sequence[str],
    year: int,
    basis: str | None = None,
    data_dir: Path = DATA_DIR,
    *,
    gaps: list[str] | None = None,
) -> float:
    """An optional outside figure's value: NaN where the data has none (shown as missing, never filled in).

    Arguments as `outside_row`: `basis` None for whatever basis note the figure carries.
    """
    row = outside_row(entity, indicator, year, basis, data_dir, gaps=gaps)
    return float("nan") if row is None else float(row["value"])


def require_outside_value(
    entity: str, indicator: str | Sequence[str], year: int, basis: str | None = None, data_dir: Path = DATA_DIR
) -> float:
    """The value of an outside figure a cell cannot do without (arguments as `outside_row`).

    Where it is absent, a MissingFigureError names entity, indicator, year and basis, the file to add it to
    and what a row there needs.
    """
    row = outside_row(entity, indicator, year, basis, data_dir)
    if row is None:
        names = _indicator_names(indicator)
        on_basis = f" on basis {basis!r}" if basis else " with no basis note" if basis == "" else ""
        raise MissingFigureError(
            f"no outside figure for {entity} {_indicator_text(names)} {year}{on_basis} in {external_file(data_dir)}. "
            "Add a row there with its value, unit, basis, source address and the quoted sentence that states it, "
            "or change the notebook's parameters cell to an entity or year the file has."
        )
    return float(row["value"])


def _indicator_names(indicator: str | Sequence[str]) -> tuple[str, ...]:
    return (indicator,) if isinstance(indicator, str) else tuple(indicator)


def _indicator_text(names: Sequence[str]) -> str:
    return " or ".join(names) if names else "(no indicator named)"


def external_file(data_dir: Path = DATA_DIR) -> str:
    """external_figures.csv of `data_dir` as shown to readers: report_data/external_figures.csv for the project's."""
    folder = Path(data_dir).resolve()
    return EXTERNAL_FILE if folder == DATA_DIR else str(folder / "external_figures.csv")
