"""Read a report's text and propose candidate metric rows: value, unit, bound marker, kind, quote, offsets.

The candidates are for a person to review, not data: `python -m helpers extract PATH` writes them as
CSV. Offsets and quotes refer to the normalised text (helpers.textnorm.normalise_text), the same
form metrics.csv quotes are written in.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .textnorm import chinese_ordinal, located_blocks, normalise_text

# Units as printed, longest first so that 万平方米 wins over 万 + 平方米 and 个月 over 个.
BASE_UNITS = [
    "平方公里", "平方米", "立方米", "标准箱", "万千瓦时", "千瓦时", "兆瓦", "千瓦", "公里", "千米", "公顷",
    "人次", "个月", "小时", "分钟", "元", "米", "吨", "亩", "人", "名", "户", "个", "家", "所", "处", "条",
    "张", "部", "套", "项", "场", "次", "件", "辆", "座", "台", "天", "倍", "间", "栋", "批", "届",
]  # fmt: skip
MAGNITUDES = ["千万", "百万", "万", "亿"]
PREFIX_QUALIFIERS = ("超过", "超", "近", "约", "逾")
SUFFIX_QUALIFIERS = ("余", "多")
AFTER_QUALIFIERS = ("以上",)
CLAUSE_BREAKS = ",;。!?:\n"
DATE_UNITS = ("年", "月", "日", "号", "时")
NOT_RANK_AFTER = "届次批期条款章节季轮个年"

_UNIT = "|".join(re.escape(u) for u in sorted(BASE_UNITS, key=len, reverse=True))
_MAG = "|".join(MAGNITUDES)
NUMBER_PATTERN = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<value>\d+(?:\.\d+)?)(?P<magnitude>{_MAG})?(?P<suffix>{'|'.join(SUFFIX_QUALIFIERS)})?"
    rf"(?:(?P<unit>{_UNIT})|(?P<percent>%))?(?P<after>{'|'.join(AFTER_QUALIFIERS)})?"
)
RANK_PATTERN = re.compile(r"(?P<lead>排名|[区省市国])第(?P<ordinal>[一二三四五六七八九十]+|\d+)")
GROWTH_WORDS = ("增长", "提高", "增速", "上升", "提升")
DECLINE_WORDS = ("下降", "降低")
CHANGE_WORDS = ("增加", "减少")
HEADING_MAX = 15
BYLINES = ("记者", "通讯员", "编辑", "来源")


class ExtractError(ValueError):
    """The input cannot be read as a report text; the message says why and what to do."""


@dataclass(frozen=True)
class Candidate:
    """One proposed metric row."""

    value: str
    unit: str
    qualifier: str
    kind: str
    quote: str
    start: int
    end: int
    section: str


CANDIDATE_COLUMNS = [f.name for f in fields(Candidate)]


def decode_report(data: bytes, encoding: str | None = None, name: str = "input") -> str:
    """Bytes of a report as text: the named encoding, else a BOM, UTF-8, or GBK/GB18030.

    Raises ExtractError for an empty file, a binary (non-text) file, or bytes that no tried
    encoding reads.
    """
    if not data.strip():
        raise ExtractError(f"{name} is empty: there is no text to read candidates from.")
    if encoding:
        try:
            codecs.lookup(encoding)
            text = data.decode(encoding)
        except LookupError:
            raise ExtractError(f"{encoding!r} is not an encoding Python knows; try utf-8, gbk or gb18030.") from None
        except UnicodeDecodeError as exc:
            raise ExtractError(
                f"{name} cannot be read as {encoding} (byte 0x{data[exc.start]:02x} at position {exc.start}); "
                "leave out --encoding to let the encoding be detected."
            ) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractError(
                f"{name} starts with a UTF-16 byte-order mark but is not valid UTF-16; name its encoding with --encoding."
            ) from None
    elif data.startswith(codecs.BOM_UTF8):
        text = data.decode("utf-8-sig")
    else:
        text = _decode_unmarked(data, name)
    _refuse_binary(text, name)
    return text


def _decode_unmarked(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise ExtractError(f"{name} is not a text file (it contains NUL bytes); give a plain-text report.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"{name} is neither UTF-8 nor GBK/GB18030 (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "name its encoding with --encoding."
        ) from None


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _refuse_binary(text: str, name: str) -> None:
    controls = len(CONTROL_CHARACTERS.findall(text))
    if controls > max(2, len(text) // 100):
        raise ExtractError(f"{name} does not look like text ({controls} control characters); give a plain-text report.")


def read_report(path: Path, encoding: str | None = None) -> str:
    """Read a report file (see decode_report); a missing or unreadable file is an ExtractError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path} cannot be read: {exc.strerror}.") from None
    return decode_report(data, encoding, str(path))


def _is_heading(block: str) -> bool:
    short = len(block) <= HEADING_MAX and not block.startswith(BYLINES)
    return short and not any(mark in block for mark in ",;。:!?")


def section_guesses(raw_text: str, normalised: str) -> list[tuple[int, int, str]]:
    """(start, end, heading) spans of the normalised text, guessed from the layout.

    A heading is a short block of its own without sentence punctuation. If the text opens with a
    heading, headings precede their paragraphs; otherwise (as in newspaper OCR) they follow them,
    and of several headings in a row the last one names the paragraphs before.
    """
    located = located_blocks(raw_text, normalised)
    blocks = [block for block, _, _ in located]
    positions = [(start, end) for _, start, end in located]
    headings = [i for i, block in enumerate(blocks) if _is_heading(block)]
    if not headings:
        return []
    spans = []
    if headings[0] == 0:  # headings before their paragraphs
        for n, index in enumerate(headings):
            end = positions[headings[n + 1]][0] if n + 1 < len(headings) else len(normalised)
            spans.append((positions[index][1], end, blocks[index]))
        return spans
    start = 0
    for n, index in enumerate(headings):
        if n + 1 < len(headings) and headings[n + 1] == index + 1:
            continue  # not the last heading of a run
        spans.append((start, positions[index][0], blocks[index]))
        start = positions[index][1]
    return spans


def _clause(text: str, breaks: list[int], start: int, end: int) -> str:
    i = bisect.bisect_left(breaks, start)
    left = breaks[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(breaks, end)
    right = breaks[j] if j < len(breaks) else len(text)
    return text[left:right]


def _kind(before: str, unit: str) -> str:
    if any(before.endswith(w) or w in before[-4:] for w in DECLINE_WORDS):
        return "decline_pct" if unit == "%" else "change"
    if any(w in before[-4:] for w in GROWTH_WORDS):
        return "growth_pct" if unit == "%" else "change"
    if unit != "%" and any(before.endswith(w) for w in CHANGE_WORDS):
        return "change"
    if unit == "%":
        return "share_pct"
    return "level"


def extract_candidates(raw_text: str) -> Iterator[Candidate]:
    """Every number with a unit (and every 'ranked N-th'), in text order, as candidate rows.

    Numbers without a unit (names such as 芝麻街1958), dates (2024年, 2月14日) and numbers in
    Chinese numerals (十四五, 两批) are not candidates, except ordinals after 排名 or a place
    (市内六区第一), which become rank candidates.
    """
    text = normalise_text(raw_text)
    breaks = [i for i, ch in enumerate(text) if ch in CLAUSE_BREAKS]
    spans = section_guesses(raw_text, text)
    starts = [s for s, _, _ in spans]

    def section_at(offset: int) -> str:
        i = bisect.bisect_right(starts, offset) - 1
        return spans[i][2] if i >= 0 and offset < spans[i][1] else ""

    found: list[Candidate] = []
    for match in NUMBER_PATTERN.finditer(text):
        unit = (match["magnitude"] or "") + (match["unit"] or match["percent"] or "")
        has_unit = bool(match["unit"] or match["percent"])
        following = text[match.end() : match.end() + 1]
        if not has_unit or (following and following in DATE_UNITS and not match["unit"]):
            continue
        if re.match(r"[A-Za-z]", following):
            continue
        before = text[max(0, match.start() - 6) : match.start()]
        prefix = next((q for q in PREFIX_QUALIFIERS if before.endswith(q)), "")
        qualifier = prefix or match["suffix"] or match["after"] or ""
        qualifier = "超" if qualifier == "超过" else qualifier
        start, end = match.start(), match.end()
        found.append(
            Candidate(
                value=match["value"],
                unit=unit,
                qualifier=qualifier,
                kind=_kind(before, unit),
                quote=_clause(text, breaks, start, end),
                start=start,
                end=end,
                section=section_at(start),
            )
        )
    for match in RANK_PATTERN.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following and following in NOT_RANK_AFTER:
            continue
        value = str(chinese_ordinal(match["ordinal"]))
        start, end = match.start("ordinal") - 1, match.end()
        found.append(
            Candidate(value, "第", "", "rank", _clause(text, breaks, start, end), start, end, section_at(start))
        )
    yield from sorted(found, key=lambda c: c.start)


def candidates_csv(candidates: Iterator[Candidate] | list[Candidate]) -> str:
    """The candidates as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CANDIDATE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for candidate in candidates:
        writer.writerow(asdict(candidate))
    return out.getvalue()
