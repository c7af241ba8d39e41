"""`python -m helpers new`: a new report's folder, with its text byte-exact and every candidate row unreviewed.

DATA_DIR/reports/ID/ gets report.txt (the file's bytes, which must be UTF-8), report.json (what is known
about the report: its place, given or known for 郑州市's 市内六区, and its headline; the rest marked to fill in),
metrics.csv (one row per extractor candidate, with the standard id of metric_ids.csv where its proposed name
and kind match one, each with status "unreviewed": `python -m helpers check` refuses the report until a person
has reviewed them all) and datapackage.json, the Frictionless descriptor of those three files (metrics.csv's
schema copied from the data folder's metrics.schema.json). The text is never edited: one without headings has
its rows filed under the whole text (WHOLE_TEXT).
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
from helpers.data.errors import DataError
from helpers.data.report_text import WHOLE_TEXT
from helpers.data.reports import PROVINCE_OF, URBAN_DISTRICTS
from helpers.data.textnorm import BYLINES, chinese_ordinal, normalise_text
from helpers.data.validation import GROUP_NOT_STATED
from helpers.data.vocabulary import VOCABULARY_RESOURCE, StandardMetric, load_metric_vocabulary, name_key, standard_id
from helpers.extract.candidates import (
    CHANGE_WORDS,
    DECLINE_WORDS,
    GROWTH_WORDS,
    Candidate,
    extract_candidates,
)
from helpers.extract.decode import ExtractError, decode_report
from helpers.paths import DATAPACKAGE_NAME, REPORTS_DIRNAME

METRIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
YEAR = re.compile(r"^\d{4}$")
METRIC_COLUMNS = [
    "metric_id", "section", "name_zh", "name_en", "value", "unit", "qualifier", "kind", "year",
    "base_metric_id", "rank", "out_of", "quote", "note", "status",
]  # fmt: skip
UNREVIEWED = "unreviewed"
TEXT_FILE, METRICS_FILE, METADATA_FILE = "report.txt", "metrics.csv", "report.json"
NOT_KNOWN_YET = "not known yet: fill in"
# Bound markers the extractor reports that metrics.csv spells differently (逾 "more than" is filed as 超).
QUALIFIER_SPELLING = {"逾": "超"}
NAME_MAX = 12  # characters of a name_zh proposed from the quote alone (no words before or after the figure)
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
# Words before a figure that set the scene rather than name what is measured: a year, 全年, 全区, a filler verb.
# A proposed name drops them from its start (and the report's own district, city and province names).
LEADING_WORDS = re.compile(r"^(?:\d{4}年(?:全年|度)?|全年|今年|去年|上年|全区|我区|该区|全市|实现|完成|、)")
# A name that is only one of these (增长, 同比增长 …) names the change of the figure just before it in its sentence.
CHANGE_ONLY = frozenset((*GROWTH_WORDS, *DECLINE_WORDS, *CHANGE_WORDS))
SENTENCE_ENDS = "。;!?"
TITLE_MAX = 30  # characters: a longer first line is a sentence, not a headline
SENTENCE_PUNCTUATION = ",;。:!?"
# `new` knows the city and province of the urban districts listed in helpers.data.reports (郑州市's 市内六区).
ZHENGZHOU_URBAN_DISTRICTS = URBAN_DISTRICTS["郑州市"]
KNOWN_PLACES = {d: (city, PROVINCE_OF[city]) for city, districts in URBAN_DISTRICTS.items() for d in districts}
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
    place_from_table: bool = False  # city and province taken from KNOWN_PLACES, not the command line

    @property
    def places(self) -> tuple[str, ...]:
        """The place names the report may open a clause with (中原区2024年…), longest first."""
        return tuple(sorted({self.district, self.city, self.province} - {""}, key=len, reverse=True))


def checked_request(
    report_id: str, district: str, year: int | str, city: str | None, province: str | None
) -> NewReport:
    """The request with its year as a number and its city and province (given, or known for 郑州市's 市内六区);
    a ScaffoldError for an invalid id, district or year, or a city or province neither given nor known."""
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
    district = district.strip()
    city, province = (city or "").strip(), (province or "").strip()
    known_city, known_province = KNOWN_PLACES.get(district, ("", ""))
    from_table = not (city and province) and bool(known_city)
    city, province = city or known_city, province or known_province
    missing = [option for option, value in (("--city", city), ("--province", province)) if not value]
    if missing:
        raise ScaffoldError(
            f"{' and '.join(missing)} not given: name the city and province {district} belongs to, as the outside "
            "data name them (e.g. --city 郑州市 --province 河南省); the notebooks compare the district with them. "
            f"They are known without being given only for 郑州市's 市内六区 ({', '.join(ZHENGZHOU_URBAN_DISTRICTS)})."
        )
    return NewReport(report_id, district, int(year), city, province, from_table)


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
    """The text's headline: its first non-empty line, normalised, if it reads as one; else "" (a person fills it in).

    A headline is a line of its own (more lines follow), short, without sentence punctuation, and not a byline
    or a bracketed remark; a first line such as 污染防治成效明显。加大环 (OCR of a column) is not one.
    """
    lines = [normalise_text(line).strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if len(lines) > 1 else ""
    sentence_like = any(mark in first for mark in SENTENCE_PUNCTUATION) or first.startswith((*BYLINES, "("))
    return first if len(first) <= TITLE_MAX and not sentence_like else ""


def quote_start(normalised: str, candidate: Candidate) -> int:
    """Where the candidate's quote starts in the normalised text (the occurrence that holds its figure)."""
    length = len(candidate.quote)
    return normalised.find(candidate.quote, max(0, candidate.end - length), candidate.start + length)


def _without_leading_words(name: str, places: tuple[str, ...]) -> str:
    """`name` without the place names, years and filler words it opens with (样例区2024年地区生产总值 → 地区生产总值);
    a cut that would leave one character (完成率 → 率) is not made."""
    while True:
        place = next((place for place in places if name.startswith(place)), "")
        leading = LEADING_WORDS.match(name)
        cut = len(place) or (leading.end() if leading else 0)
        if not cut or len(name) - cut == 1:
            return name
        name = name[cut:]


def proposed_name(quote: str, at: int, candidate: Candidate, places: tuple[str, ...] = ()) -> str:
    """A name_zh proposal: the words before the figure in its clause, whole, without the place, year or verb
    around them (or, if none, the words after it)."""
    name = quote[:at]
    while name.endswith(NAME_TAIL_WORDS):
        name = name[: -len(next(word for word in NAME_TAIL_WORDS if name.endswith(word)))]
    name = _without_leading_words(name, places)
    if not name:
        figure = candidate.end - candidate.start
        name = quote[at + figure :].removeprefix("以上").removeprefix("的")
    return name or quote[:NAME_MAX]


def proposed_names(
    normalised: str, candidates: list[Candidate], places: tuple[str, ...] = ()
) -> list[tuple[str, int | None]]:
    """proposed_name of each candidate, with the position of the level it changes, if any: a name that is only a
    change word (同比增长) takes the name of the level just before it in the same sentence, and links to it
    (生产总值完成931.8亿元,同比增长5.4% → 生产总值同比增长, the change of the row before)."""
    names: list[tuple[str, int | None]] = []
    for index, candidate in enumerate(candidates):
        at = candidate.start - quote_start(normalised, candidate)
        name, base = proposed_name(candidate.quote, at, candidate, places), None
        previous = candidates[index - 1] if index else None
        if (
            previous is not None
            and previous.kind == "level"
            and name_key(name) in CHANGE_ONLY
            and not any(mark in normalised[previous.end : candidate.start] for mark in SENTENCE_ENDS)
        ):
            name, base = names[-1][0] + re.sub(r"\([^)]*\)", "", name), index - 1
        names.append((name, base))
    return names


def proposed_out_of(quote: str, rank: int) -> str:
    """The size of the peer group named in a rank's quote (六区 → 6), if it is at least the rank; else ""."""
    found = PEER_GROUP.search(quote)
    size = chinese_ordinal(found[1]) if found else 0
    return str(size) if size >= rank else ""


def candidate_rows(
    text: str, year: int, vocabulary: tuple[StandardMetric, ...] = (), places: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """One unreviewed metrics.csv row per extractor candidate, in text order: the standard id of the vocabulary
    where its proposed name and kind match one (each id once), else claim_001 … by its position; a change named
    after the level before it is linked to that row (base_metric_id)."""
    normalised = normalise_text(text)
    candidates = list(extract_candidates(text))
    names = proposed_names(normalised, candidates, places)
    width = max(3, len(str(len(candidates))))
    by_id = {metric.metric_id: metric for metric in vocabulary}
    rows: list[dict[str, str]] = []
    for number, (candidate, (name, base)) in enumerate(zip(candidates, names, strict=True), start=1):
        standard = standard_id(name, candidate.kind, vocabulary)
        if standard in {row["metric_id"] for row in rows}:
            standard = None  # a second claim with the same name: the reviewer tells them apart
        qualifier = QUALIFIER_SPELLING.get(candidate.qualifier, candidate.qualifier)
        is_rank = candidate.kind == "rank"
        out_of = proposed_out_of(candidate.quote, int(candidate.value)) if is_rank else ""
        notes = [f"printed {candidate.qualifier}, filed as {qualifier}"] if qualifier != candidate.qualifier else []
        notes += [GROUP_NOT_STATED] if is_rank and not out_of else []
        if standard and by_id[standard].measure:  # e.g. GDP growth: real, unless the report says otherwise
            notes += [f"{by_id[standard].measure} growth, by statistical convention (the report's words do not say)"]
        rows.append(
            {
                "metric_id": standard or f"claim_{number:0{width}d}",
                "section": candidate.section,
                "name_zh": name,
                "name_en": by_id[standard].name_en if standard else "",
                "value": candidate.value,
                "unit": candidate.unit,
                "qualifier": qualifier,
                "kind": candidate.kind,
                "year": str(year),
                "base_metric_id": rows[base]["metric_id"] if base is not None else "",
                "rank": candidate.value if is_rank else "",
                "out_of": out_of,
                "quote": candidate.quote,
                "note": "; ".join(notes),
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
        "title": f"{request.district} government work report on {request.year}: its text, what it is, and every quantitative claim",
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
) -> tuple[Path, list[dict[str, str]], str]:
    """Make DATA_DIR/reports/ID/ from the text at `path`; its folder, rows and proposed title (raises ScaffoldError,
    ExtractError, or DataError for an invalid metric_ids.csv)."""
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
    rows = candidate_rows(text, request.year, load_metric_vocabulary(data_dir), request.places)
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
    return folder, rows, report_title(text)


def _review_hints(rows: list[dict[str, str]]) -> list[str]:
    """What the draft's rows need beyond the usual review: standard ids and links to confirm, sections, groups."""
    standard = [row["metric_id"] for row in rows if not row["metric_id"].startswith("claim_")]
    linked = sum(1 for row in rows if row["base_metric_id"])
    unfiled = sum(1 for row in rows if not row["section"])
    no_group = sum(1 for row in rows if row["kind"] == "rank" and not row["out_of"])
    hints = []
    if standard:
        hints.append(
            f"{_rows(len(standard))} given a standard id of {VOCABULARY_RESOURCE}.csv ({', '.join(standard)}), "
            "proposed because their name and kind match: check each is that figure (the notebooks look figures up "
            "by these ids); the claim_NNN rows need an id of your own, or a standard one where it fits."
        )
    if linked:
        hints.append(
            f"{_rows(linked, 'growth or change row')} linked (base_metric_id) to the level just before them in their "
            "sentence: check each link, and where you rename that level, rename the link too."
        )
    if rows and all(row["section"] == WHOLE_TEXT for row in rows):
        hints.append(f"The text prints no headings: every row is filed under {WHOLE_TEXT} (the whole text); keep it.")
    elif unfiled:
        hints.append(f"{_rows(unfiled)} without a section guess: file them under a heading as printed.")
    if no_group:
        hints.append(
            f"{_rows(no_group, 'rank row')} without a group: out_of is empty and the note says {GROUP_NOT_STATED!r}; where the "
            "report does name the group, fill in out_of (市内六区 = 6) and drop the note."
        )
    return hints


def _rows(count: int, noun: str = "row") -> str:
    """'1 row is', '3 rows are': a count of rows with its verb, for the hints."""
    return f"{count} {noun} is" if count == 1 else f"{count} {noun}s are"


def _metadata_hints(request: NewReport, title: str) -> list[str]:
    """What report.json holds that a person must confirm or fill in: place, title, the rest."""
    source = "known for 郑州市's 市内六区" if request.place_from_table else "as given"
    heading = (
        f"title {title!r} (the text's first line): check it is the headline as printed"
        if title
        else "title is empty (the first line does not read as a headline): write the report's title as printed"
    )
    return [
        f"district {request.district}, city {request.city}, province {request.province} ({source}): check them, the "
        "notebooks compare the district with its city and province",
        heading,
        "then delivered and delivered_basis, source, key_figures",
    ]


def next_steps(folder: Path, request: NewReport, rows: list[dict[str, str]], title: str) -> str:
    """What to do after `new`: review every row, confirm and fill in report.json, then check and build."""
    return "\n".join(
        [
            f"Created {folder}: {TEXT_FILE} (byte-exact), {METADATA_FILE}, {METRICS_FILE} with {len(rows)} candidate rows, "
            f"all status {UNREVIEWED}, and {DATAPACKAGE_NAME} (the Frictionless descriptor of the three).",
            "Next steps:",
            f"  1. Review every row of {folder / METRICS_FILE}: give each real claim its metric_id (snake_case English) and "
            "name_en, check name_zh, section, kind and qualifier, link growth/change/share/rank rows to their level "
            "(base_metric_id), give rank rows rank and out_of, shorten the quote if you like (it must stay in the text and "
            "state the value); delete the rows that are not claims; set status to reviewed.",
            *(f"     {hint}" for hint in _review_hints(rows)),
            f"  2. In {folder / METADATA_FILE}: {'; '.join(_metadata_hints(request, title))}.",
            "  3. python -m helpers check   (refuses the report while any row is unreviewed)",
            f"  4. python -m helpers build --report {request.report_id}",
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
        folder, rows, title = create_report(Path(path), request, Path(data_dir), encoding)
    except (ScaffoldError, ExtractError, DataError, OSError) as exc:
        print(f"New report not created: {exc}", file=sys.stderr)
        return 1
    print(next_steps(folder, request, rows, title))
    return 0
