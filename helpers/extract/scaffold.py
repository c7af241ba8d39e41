"""`python -m helpers new`: a new report's folder, with its text byte-exact and every candidate row unreviewed.

DATA_DIR/reports/ID/ gets report.txt (the file's bytes, which must be UTF-8), report.json (what is known
about the report, the rest marked to fill in), metrics.csv (one row per extractor candidate, each with
status "unreviewed": `python -m helpers check` refuses the report until a person has reviewed them all) and
datapackage.json, the Frictionless descriptor of those three files (metrics.csv's schema copied from the
data folder's metrics.schema.json).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from helpers.data.descriptor import METRICS_SCHEMA_NAME
from helpers.data.textnorm import chinese_ordinal, normalise_text
from helpers.extract.candidates import CLAUSE_BREAKS, Candidate, extract_candidates
from helpers.extract.decode import ExtractError, decode_report
from helpers.paths import DATAPACKAGE_NAME, REPORTS_DIRNAME

METRIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
YEAR = re.compile(r"^\d{4}$")
METRIC_COLUMNS = [
    "metric_id", "section", "name_zh", "name_en", "value", "unit", "qualifier", "kind", "year",
    "base_metric_id", "rank", "out_of", "quote", "note", "status",
]  # fmt: skip
UNREVIEWED = "unreviewed"
REVIEWED = "reviewed"
TEXT_FILE, METRICS_FILE, METADATA_FILE = "report.txt", "metrics.csv", "report.json"
NOT_KNOWN_YET = "not known yet: fill in"
# Bound markers the extractor reports that metrics.csv spells differently (逾 "more than" is filed as 超).
QUALIFIER_SPELLING = {"逾": "超"}
NAME_MAX = 12  # characters of a proposed name_zh
# Words at the end of the text before a number that belong to the sentence, not to the indicator's name.
NAME_TAIL_WORDS = (
    "保持在",
    "完成",
    "达到",
    "实现",
    "累计",
    "降至",
    "增至",
    "超过",
    "共",
    "达",
    "为",
    "超",
    "近",
    "约",
    "逾",
)
# A peer group such as 市内六区 or 全省18个县 before a rank: its size is proposed as out_of.
PEER_GROUP = re.compile(r"(\d+|[一二三四五六七八九十]+)个?[区县市省]")
UTF8_NAMES = {"utf-8", "utf-8-sig"}


class ScaffoldError(ValueError):
    """The new report's folder cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class NewReport:
    """What `python -m helpers new` was asked for."""

    report_id: str
    district: str
    year: int
    city: str = ""
    province: str = ""


def checked_request(
    report_id: str, district: str, year: int | str, city: str | None, province: str | None
) -> NewReport:
    """The request with its year as a number; a ScaffoldError for an invalid id, district or year."""
    if not METRIC_ID.match(report_id):
        raise ScaffoldError(
            f"the report id {report_id!r} is not valid: use lower-case letters, digits and _ , "
            "starting with a letter (e.g. zhongyuan_2025)."
        )
    if not district.strip():
        raise ScaffoldError("the district name is empty: give it as printed, e.g. --district 中原区.")
    if not YEAR.match(str(year).strip()):
        raise ScaffoldError(
            f"the year {year!r} is not a four-digit year: give the year the report covers, e.g. --year 2024."
        )
    return NewReport(report_id, district.strip(), int(year), (city or "").strip(), (province or "").strip())


def utf8_report_text(data: bytes, name: str, encoding: str | None = None) -> str:
    """The text of a report file whose bytes are UTF-8 (a BOM allowed); otherwise a ScaffoldError saying how to convert it."""
    try:
        declared = codecs.lookup(encoding).name if encoding else None
    except LookupError:
        raise ScaffoldError(f"{encoding!r} is not an encoding Python knows; try utf-8, gbk or gb18030.") from None
    if declared in (None, *UTF8_NAMES):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:  # UTF-8: decode_report still refuses an empty or binary file
            return decode_report(data, "utf-8-sig", name)
    decode_report(data, encoding, name)  # an empty, binary or unreadable file gets the extractor's message
    found = declared or _detected_encoding(data)
    raise ScaffoldError(
        f"{name} is {found.upper()}, not UTF-8; the data files are UTF-8 and the report text is kept byte-exact, "
        f"so convert it first and keep the converted copy as the raw text: iconv -f {found.upper()} -t UTF-8 "
        f"{name} > report-utf8.txt, then run `python -m helpers new report-utf8.txt …` again."
    )


def _detected_encoding(data: bytes) -> str:
    """The encoding decode_report reads `data` in when it is not UTF-8 (UTF-16 with a BOM, else GB18030)."""
    return "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "gb18030"


def report_title(text: str) -> str:
    """The first non-empty line of the text, normalised (OCR spaces inside Chinese removed)."""
    return next((normalise_text(line).strip() for line in text.splitlines() if line.strip()), "")


def _clause_start(normalised: str, offset: int) -> int:
    """Where the clause holding `offset` starts: one past the last clause break before it."""
    return max(normalised.rfind(mark, 0, offset) for mark in CLAUSE_BREAKS) + 1


def proposed_name(quote: str, at: int, candidate: Candidate) -> str:
    """A short name_zh proposal: the words before the figure in its clause (or, if none, after it)."""
    name = quote[:at]
    while name.endswith(NAME_TAIL_WORDS):
        name = name[: -len(next(word for word in NAME_TAIL_WORDS if name.endswith(word)))]
    if not name:
        figure = candidate.end - candidate.start
        name = quote[at + figure :].removeprefix("以上").removeprefix("的")
    return name[-NAME_MAX:] if name else quote[:NAME_MAX]


def proposed_out_of(quote: str, rank: int) -> str:
    """The size of the peer group named in a rank's quote (六区 → 6), if it is at least the rank; else ""."""
    found = PEER_GROUP.search(quote)
    size = chinese_ordinal(found[1]) if found else 0
    return str(size) if size >= rank else ""


def candidate_rows(text: str, year: int) -> list[dict[str, str]]:
    """One unreviewed metrics.csv row per extractor candidate, with ids claim_001 … in text order."""
    normalised = normalise_text(text)
    candidates = list(extract_candidates(text))
    width = max(3, len(str(len(candidates))))
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        at = candidate.start - _clause_start(normalised, candidate.start)
        qualifier = QUALIFIER_SPELLING.get(candidate.qualifier, candidate.qualifier)
        note = f"printed {candidate.qualifier}, filed as {qualifier}" if qualifier != candidate.qualifier else ""
        is_rank = candidate.kind == "rank"
        rows.append(
            {
                "metric_id": f"claim_{number:0{width}d}",
                "section": candidate.section,
                "name_zh": proposed_name(candidate.quote, at, candidate),
                "name_en": "",
                "value": candidate.value,
                "unit": candidate.unit,
                "qualifier": qualifier,
                "kind": candidate.kind,
                "year": str(year),
                "base_metric_id": "",
                "rank": candidate.value if is_rank else "",
                "out_of": proposed_out_of(candidate.quote, int(candidate.value)) if is_rank else "",
                "quote": candidate.quote,
                "note": note,
                "status": UNREVIEWED,
            }
        )
    return rows


def metrics_csv(rows: list[dict[str, str]]) -> str:
    """metrics.csv text: the header and the rows, \\n line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=METRIC_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def report_metadata(request: NewReport, text: str, data: bytes) -> dict[str, object]:
    """report.json for a new report: what the command knows, the rest marked to fill in."""
    return {
        "id": request.report_id,
        "district": request.district,
        "city": request.city,
        "province": request.province,
        "year": request.year,
        "title": report_title(text),
        "delivered": "",
        "delivered_basis": NOT_KNOWN_YET,
        "source": "",
        "fictional": False,
        "text_sha256": hashlib.sha256(data).hexdigest(),
        "key_figures": [],
    }


def report_package(request: NewReport, title: str, metrics_schema: object) -> dict[str, object]:
    """datapackage.json for a new report: a Frictionless data package of its three files."""
    return {
        "name": request.report_id,
        "title": f"{request.district} {request.year} work report: its text, what it is, and every quantitative claim",
        "description": f"The report {title!r} and every quantitative claim in it, each linked to the sentence that "
        "states it. The units it uses and the outside figures it is compared with are in the shared tables "
        "(../../datapackage.json).",
        "licenses": [
            {
                "name": "other-at",
                "title": "Report text: rights remain with its publisher; included for analysis and verification. "
                "Project-made metadata (metrics.csv columns other than quote, this file): CC-BY-4.0.",
            }
        ],
        "resources": [
            {
                "name": "report_text",
                "path": TEXT_FILE,
                "format": "txt",
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "description": "The report text exactly as received. Never edited; its SHA-256 is recorded in "
                "report.json (text_sha256) and checked on every load.",
            },
            {
                "name": "report_metadata",
                "type": "json",
                "path": METADATA_FILE,
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "What the report is: id, district, city, province, year, title, delivered, "
                "delivered_basis, source, fictional, text_sha256, key_figures (helpers/data/reports.py checks each).",
            },
            {
                "name": "metrics",
                "path": METRICS_FILE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "One row per quantitative claim of the report. Rows proposed by `python -m helpers "
                "new` carry status unreviewed until a person has checked them; `check` refuses a report with any.",
                "sources": [{"title": "report_text", "path": TEXT_FILE}],
                "schema": metrics_schema,
            },
        ],
    }


def read_metrics_schema(data_dir: Path) -> object:
    """The data folder's metrics.schema.json, which the new report's descriptor copies (a ScaffoldError if unreadable)."""
    path = data_dir / METRICS_SCHEMA_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScaffoldError(
            f"{path} cannot be read ({exc}); it holds the schema of every report's metrics.csv."
        ) from None


def json_text(value: object) -> str:
    """JSON as the data files keep it: indented by 2, Chinese unescaped, a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def create_report(
    path: Path, request: NewReport, data_dir: Path, encoding: str | None = None
) -> tuple[Path, list[dict[str, str]]]:
    """Make DATA_DIR/reports/ID/ from the text at `path`; its folder and rows (raises ScaffoldError / ExtractError)."""
    if not (data_dir / DATAPACKAGE_NAME).is_file():
        raise ScaffoldError(
            f"{data_dir} is not a data folder (it has no {DATAPACKAGE_NAME}); name one with --data-dir."
        )
    folder = data_dir / REPORTS_DIRNAME / request.report_id
    if folder.exists():
        raise ScaffoldError(
            f"{folder} already exists: a report's folder is never overwritten; choose another --id, "
            "or delete the folder first if you mean to start that report again."
        )
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{path} cannot be read: {exc.strerror}.") from None
    text = utf8_report_text(data, str(path), encoding)
    rows = candidate_rows(text, request.year)
    metrics_schema = read_metrics_schema(data_dir)
    folder.parent.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{request.report_id}.", dir=folder.parent))
    try:  # written in full beside the final place, then renamed: never a half-made report folder
        (staging / TEXT_FILE).write_bytes(data)
        (staging / METADATA_FILE).write_text(json_text(report_metadata(request, text, data)), encoding="utf-8")
        package = report_package(request, report_title(text), metrics_schema)
        (staging / DATAPACKAGE_NAME).write_text(json_text(package), encoding="utf-8")
        (staging / METRICS_FILE).write_text(metrics_csv(rows), encoding="utf-8")
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder, rows


def next_steps(folder: Path, report_id: str, rows: list[dict[str, str]]) -> str:
    """What to do after `new`: review every row, then check and build."""
    unfiled = sum(1 for row in rows if not row["section"])
    return "\n".join(
        [
            f"Created {folder}: {TEXT_FILE} (byte-exact), {METADATA_FILE}, {METRICS_FILE} with {len(rows)} candidate rows, "
            f"all status {UNREVIEWED}, and {DATAPACKAGE_NAME} (the Frictionless descriptor of the three).",
            "Next steps:",
            f"  1. Review every row of {folder / METRICS_FILE}: give each real claim its metric_id (snake_case English) and "
            "name_en, check name_zh, section, kind and qualifier, link growth/change/share/rank rows to their level "
            "(base_metric_id), give rank rows rank and out_of, shorten the quote if you like (it must stay in the text and "
            "state the value); delete the rows that are not claims; set status to reviewed."
            + (f" {unfiled} rows have no section guess: file them under a heading as printed." if unfiled else ""),
            f"  2. Fill in {folder / METADATA_FILE}: title, delivered and delivered_basis, source, key_figures.",
            "  3. python -m helpers check   (refuses the report while any row is unreviewed)",
            f"  4. python -m helpers build --report {report_id}",
        ]
    )


def run_new(
    path: Path,
    report_id: str,
    district: str,
    year: int | str,
    data_dir: Path,
    city: str | None = None,
    province: str | None = None,
    encoding: str | None = None,
) -> int:
    """`python -m helpers new`: make the report's folder and print the next steps; bad input is one paragraph and status 1."""
    try:
        request = checked_request(report_id, district, year, city, province)
        folder, rows = create_report(Path(path), request, Path(data_dir), encoding)
    except (ScaffoldError, ExtractError, OSError) as exc:
        print(f"New report not created: {exc}", file=sys.stderr)
        return 1
    print(next_steps(folder, request.report_id, rows))
    return 0
