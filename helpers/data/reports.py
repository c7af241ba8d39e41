"""The reports in a data folder: each one's metadata (report.json) and its raw text, checked.

A report lives in DATA_DIR/reports/ID/ with its text exactly as received (report.txt), its claims
(metrics.csv) and what it is (report.json: district, city, province, year, title, date delivered and how
that date is known, source, whether it is fictional, the text's SHA-256, key figures for the index).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers.data.descriptor import check_hash, read_descriptor, read_utf8
from helpers.data.errors import DataError
from helpers.paths import DATA_DIR, DEFAULT_REPORT, REPORTS_DIRNAME

REPORT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# The urban districts a city's reports rank themselves among (郑州市's 市内六区), and the province of each such city:
# `helpers new` fills in a listed district's city and province, notebook 02 ranks a district within its city's group.
URBAN_DISTRICTS: dict[str, tuple[str, ...]] = {
    "郑州市": ("中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区")
}
PROVINCE_OF = {"郑州市": "河南省"}
# Each key of report.json with its type and what it holds (the messages quote the description).
REPORT_KEYS: dict[str, tuple[type, str]] = {
    "id": (str, "the report's id, the name of its folder"),
    "district": (str, "the district (or county, city) whose report it is, as named in the outside data"),
    "city": (str, "the city it belongs to, as named in the outside data (e.g. 郑州市)"),
    "province": (str, "the province, as named in the outside data (e.g. 河南省)"),
    "year": (int, "the year the report reviews, e.g. 2024"),
    "title": (str, "the report's title or headline as printed"),
    "delivered": (str, "the date it was delivered, YYYY-MM-DD, or '' if not known"),
    "delivered_basis": (str, "how that date is known: printed, or inferred and from what"),
    "source": (str, "how the text reached the project"),
    "fictional": (bool, "true only for an invented report used by the tests"),
    "text_sha256": (str, "the SHA-256 of report.txt, 64 hex digits"),
    "key_figures": (list, "metric ids shown on the index page"),
}
# Keys the notebooks cannot do without (they name the district, compare it with its city and province): never empty.
FILLED_KEYS = ("district", "city", "province")


@dataclass(frozen=True)
class ReportInfo:
    """What one report is: report.json, checked."""

    id: str
    district: str
    city: str
    province: str
    year: int
    title: str
    delivered: str
    delivered_basis: str
    source: str
    fictional: bool
    text_sha256: str
    key_figures: tuple[str, ...]

    @property
    def session_year(self) -> int | None:
        """The year the report was delivered (the congress's session), from `delivered`; None if not known."""
        return int(self.delivered[:4]) if self.delivered else None

    @property
    def label(self) -> str:
        """The report's name by Chinese convention, by the year it was delivered: '中原区2025年政府工作报告'.

        A report delivered in February 2025 reviewing 2024 is the 2025 report; with no date known, the
        name says the year reviewed instead of guessing the session's.
        """
        if self.session_year is None:
            return f"{self.district}政府工作报告（{self.year}年工作回顾）"
        return f"{self.district}{self.session_year}年政府工作报告"

    @property
    def label_en(self) -> str:
        """The name in English: 'the 2025 government work report (on 2024) of 中原区'."""
        session = f"{self.session_year} " if self.session_year else ""
        return f"the {session}government work report (on {self.year}) of {self.district}"


def list_reports(data_dir: Path = DATA_DIR) -> list[str]:
    """The ids of the reports in `data_dir` (folders under reports/), in name order."""
    folder = Path(data_dir) / REPORTS_DIRNAME
    if not folder.is_dir():
        raise DataError(folder, "the folder of reports is missing; each report lives in reports/ID/.")
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _check_keys(path: Path, raw: Any, report: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DataError(path, "expected a JSON object with the keys " + ", ".join(REPORT_KEYS) + ".")
    for key, (kind, description) in REPORT_KEYS.items():
        if key not in raw:
            raise DataError(path, f"the key {key!r} is missing: {description}.", column=key)
        value = raw[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DataError(path, f"expected {kind.__name__} for {key!r} ({description}), found {value!r}.", column=key)
    unknown = sorted(set(raw) - set(REPORT_KEYS))
    if unknown:
        raise DataError(
            path, f"unexpected key(s) {', '.join(unknown)}; report.json holds only {', '.join(REPORT_KEYS)}."
        )
    _check_filled(path, raw)
    if raw["id"] != report:
        raise DataError(path, f"id {raw['id']!r} is not the name of its folder {report!r}.", column="id")
    if raw["delivered"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["delivered"]):
        raise DataError(
            path, f"expected a date YYYY-MM-DD or '' for 'delivered', found {raw['delivered']!r}.", column="delivered"
        )
    if not re.fullmatch(r"[0-9a-f]{64}", raw["text_sha256"]):
        raise DataError(path, "expected 64 lowercase hex digits for 'text_sha256'.", column="text_sha256")
    return raw


def _check_filled(path: Path, raw: dict[str, Any]) -> None:
    """The keys the notebooks need are filled: district, city and province not empty, year four digits."""
    for key in FILLED_KEYS:
        if not raw[key].strip():
            raise DataError(
                path,
                f"the key {key!r} is empty: fill it with {REPORT_KEYS[key][1]}; the notebooks name it and compare "
                "the district with its city and province.",
                column=key,
            )
    if not 1000 <= raw["year"] <= 9999:
        raise DataError(path, f"expected a four-digit year for 'year', found {raw['year']!r}.", column="year")


@lru_cache(maxsize=16)
def _report_info(report: str, data_dir: Path) -> ReportInfo:
    if not REPORT_ID.fullmatch(report):
        raise DataError(
            Path(data_dir) / REPORTS_DIRNAME, f"{report!r} is not a report id (lowercase letters, digits, _)."
        )
    path = read_descriptor(data_dir, report)["report_metadata"].path
    if not path.parent.is_dir():
        known = ", ".join(list_reports(data_dir)) or "none"
        raise DataError(path.parent, f"there is no report {report!r} in {data_dir} (reports there: {known}).")
    try:
        raw = json.loads(read_utf8(path))
    except json.JSONDecodeError as exc:
        raise DataError(path, f"is not valid JSON ({exc.msg}).", line=exc.lineno) from None
    info = _check_keys(path, raw, report)
    return ReportInfo(**{**info, "key_figures": tuple(info["key_figures"])})


def load_report_info(report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> ReportInfo:
    """report.json of `report`, checked (raises DataError naming the file and the key)."""
    return _report_info(report, Path(data_dir))


def raw_report_text(report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> str:
    """The report text byte-for-byte as received, after checking its SHA-256 against report.json."""
    info = load_report_info(report, data_dir)
    path = read_descriptor(data_dir, report)["report_text"].path
    text = read_utf8(path)
    check_hash(path, path.read_bytes(), info.text_sha256, path.with_name("report.json"))
    return text
