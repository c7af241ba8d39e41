"""Read a report's text and propose candidate metric rows: value, unit, bound marker, kind, quote, offsets.

The candidates are for a person to review, not data: `python -m helpers extract PATH` writes them as
CSV. Offsets and quotes refer to the normalised text (helpers.data.textnorm.normalise_text), the same
form metrics.csv quotes are written in.
"""

from __future__ import annotations

import bisect
import csv
import gc
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from itertools import accumulate, islice, repeat
from operator import add, attrgetter

from helpers.data.textnorm import chinese_ordinal, is_heading, located_blocks, normalised_and_blocks

# Units as printed, without a magnitude (万, 亿 …), each listed in report_data/units.csv. The pattern
# tries the longest first, so that 个百分点 wins over 个, 场次 over 场, 千瓦时 over 千瓦 and 个月 over 个.
BASE_UNITS = [
    "个百分点", "平方公里", "百分点", "平方米", "立方米", "标准箱", "万千瓦时", "千瓦时", "兆瓦", "千瓦", "公里",
    "千米", "公顷", "美元", "人次", "场次", "个月", "小时", "分钟", "元", "米", "吨", "亩", "人", "名", "户", "个",
    "家", "所", "处", "条", "张", "部", "套", "项", "场", "次", "件", "辆", "座", "台", "天", "倍", "间", "栋", "批",
    "届",
]  # fmt: skip
MAGNITUDES = ["万亿", "千万", "百万", "万", "亿"]  # longest first: 万亿元 is one magnitude, not 万 + 亿元
PREFIX_QUALIFIERS = ("超过", "超", "近", "约", "逾")
SUFFIX_QUALIFIERS = ("余", "多")
AFTER_QUALIFIERS = ("以上",)
CLAUSE_BREAKS = ",;。!?:\n"
DATE_UNITS = ("年", "月", "日", "号", "时")
NOT_RANK_AFTER = "届次批期条款章节季轮个年"

_UNIT = "|".join(re.escape(u) for u in sorted(BASE_UNITS, key=len, reverse=True))
_MAG = "|".join(sorted(MAGNITUDES, key=len, reverse=True))
NUMBER_PATTERN = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<value>\d+(?:\.\d+)?)(?P<magnitude>{_MAG})?(?P<suffix>{'|'.join(SUFFIX_QUALIFIERS)})?"
    rf"(?:(?P<unit>{_UNIT})|(?P<percent>%))?(?P<after>{'|'.join(AFTER_QUALIFIERS)})?"
)
# NUMBER_PATTERN's matches that are candidates, tested by the regex engine rather than in Python:
# the match as NUMBER_PATTERN makes it (atomic: no other split of it is tried), then a unit, or
# a percent sign not followed by a date unit, and no ASCII letter right after. A refused match
# leaves no other match starting inside it (a digit there follows a digit or a point). The
# leading (?=\d) only lets the engine skip quickly to the next digit.
CANDIDATE_NUMBER_PATTERN = re.compile(
    rf"(?=\d)(?>{NUMBER_PATTERN.pattern})"
    rf"(?(unit)(?![A-Za-z])|(?(percent)(?![A-Za-z{''.join(map(re.escape, DATE_UNITS))}])|(?!)))"
)
_RANK_LEADS = ("排名", "[区省市国]")
_ORDINAL = r"[一二三四五六七八九十]+|\d+"
RANK_PATTERN = re.compile(rf"(?P<lead>{'|'.join(_RANK_LEADS)})第(?P<ordinal>{_ORDINAL})")
GROWTH_WORDS = ("增长", "提高", "增速", "上升", "提升")
DECLINE_WORDS = ("下降", "降低")
CHANGE_WORDS = ("增加", "减少")


@dataclass(frozen=True, slots=True)
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


def section_guesses(raw_text: str, normalised: str) -> list[tuple[int, int, str]]:
    """(start, end, heading) spans of the normalised text, guessed from the layout.

    A heading is a short block of its own without sentence punctuation. If the text opens with a
    heading, headings precede their paragraphs; otherwise (as in newspaper OCR) they follow them,
    and of several headings in a row the last one names the paragraphs before.
    """
    return _sections_of_blocks(located_blocks(raw_text, normalised), len(normalised))


def _sections_of_blocks(located: list[tuple[str, int, int]], length: int) -> list[tuple[int, int, str]]:
    """section_guesses from the located blocks of a normalised text of `length` characters."""
    blocks = [block for block, _, _ in located]
    positions = [(start, end) for _, start, end in located]
    headings = [i for i, block in enumerate(blocks) if is_heading(block)]
    if not headings:
        return []
    spans = []
    if headings[0] == 0:  # headings before their paragraphs
        for n, index in enumerate(headings):
            end = positions[headings[n + 1]][0] if n + 1 < len(headings) else length
            spans.append((positions[index][1], end, blocks[index]))
        return spans
    start = 0
    for n, index in enumerate(headings):
        if n + 1 < len(headings) and headings[n + 1] == index + 1:
            continue  # not the last heading of a run
        spans.append((start, positions[index][0], blocks[index]))
        start = positions[index][1]
    return spans


class _Places:
    """The clause (text between CLAUSE_BREAKS characters) and guessed section at offsets of one window."""

    def __init__(self, text: str, start: int, end: int, sections: tuple[list[int], list[str]]) -> None:
        self.clauses = _CLAUSE_BREAK.split(text[start:end])
        # clause_ends[i] is where clause i + 1 starts: one past the break that ends clause i.
        self.clause_ends = list(accumulate(map(add, map(len, self.clauses), repeat(1)), initial=start))[1:]
        self.section_bounds, self.section_names = sections

    def clause(self, offset: int) -> str:
        """The clause holding the character at `offset` (which is not itself a break)."""
        return self.clauses[bisect.bisect_right(self.clause_ends, offset)]

    def section(self, offset: int) -> str:
        """The heading of the span (see section_guesses) holding `offset`, or "" outside every span."""
        return self.section_names[bisect.bisect_right(self.section_bounds, offset)]


def _section_lookup(spans: list[tuple[int, int, str]]) -> tuple[list[int], list[str]]:
    """Bounds and names such that offsets from bounds[i - 1] up to bounds[i] are in section names[i]."""
    bounds = [offset for start, end, _ in spans for offset in (start, end)]
    return bounds, ["", *(name for _, _, heading in spans for name in (heading, ""))]


_CLAUSE_BREAK = re.compile("[" + re.escape(CLAUSE_BREAKS) + "]")
_DECLINE_WORD = re.compile("|".join(map(re.escape, DECLINE_WORDS)))
_GROWTH_WORD = re.compile("|".join(map(re.escape, GROWTH_WORDS)))
_KIND_WORD = re.compile("|".join(map(re.escape, DECLINE_WORDS + GROWTH_WORDS)))
_LONG_DECLINE_WORDS = tuple(word for word in DECLINE_WORDS if len(word) > 4)  # the rest are in the last 4
WINDOW = 1 << 16  # characters of normalised text handled at a time (so that they stay in the CPU cache)


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each ending just after a clause break or at the end.

    No candidate or clause crosses a clause break, so each window can be searched on its own.
    """
    start = 0
    while start < len(text):
        found = _CLAUSE_BREAK.search(text, start + WINDOW)
        end = found.end() if found else len(text)
        yield start, end
        start = end


def _kind(text: str, before: int, start: int, unit: str) -> str:
    """The kind of the number at `start`, from its unit and text[before:start] (up to 6 characters)."""
    tail = start - 4 if start > 4 else 0
    if _KIND_WORD.search(text, tail, start) or text.endswith(_LONG_DECLINE_WORDS, before, start):
        if text.endswith(DECLINE_WORDS, before, start) or _DECLINE_WORD.search(text, tail, start):
            return "decline_pct" if unit == "%" else "change"
        if _GROWTH_WORD.search(text, tail, start):
            return "growth_pct" if unit == "%" else "change"
    if unit == "%":
        return "share_pct"
    return "change" if text.endswith(CHANGE_WORDS, before, start) else "level"


def _prefix_qualifier(text: str, before: int, start: int) -> str:
    """The bound marker written in text[before:start] just before a number (超过 as 超)."""
    prefix = next(q for q in PREFIX_QUALIFIERS if text.endswith(q, before, start))
    return "超" if prefix == "超过" else prefix


def _number_candidates(text: str, start: int, end: int, places: _Places) -> list[Candidate]:
    """Candidates for numbers with a unit between offsets start and end, in text order."""
    found = []
    clauses, clause_ends, bisect_right = places.clauses, places.clause_ends, bisect.bisect_right
    sections, section_bounds = places.section_names, places.section_bounds
    for match in CANDIDATE_NUMBER_PATTERN.finditer(text, start, end):
        value, magnitude, suffix, unit_word, percent, after = match.groups()
        begin, finish = match.span()
        before = begin - 6 if begin > 6 else 0
        unit = magnitude + (unit_word or percent) if magnitude else unit_word or percent
        if text.endswith(PREFIX_QUALIFIERS, before, begin):
            qualifier = _prefix_qualifier(text, before, begin)
        else:
            qualifier = suffix or after or ""
        kind = _kind(text, before, begin, unit)
        clause, section = clauses[bisect_right(clause_ends, begin)], sections[bisect_right(section_bounds, begin)]
        found.append(Candidate(value, unit, qualifier, kind, clause, begin, finish, section))  # see _Places
    return found


# RANK_PATTERN's matches, found from their 第 (rarer than the places before it, so faster to look for).
_RANK_ORDINAL = re.compile(rf"第(?P<ordinal>{_ORDINAL})")
_RANK_LEAD_BEFORE = re.compile("|".join(f"(?<={lead})" for lead in _RANK_LEADS))


def _rank_candidates(text: str, start: int, end: int, places: _Places) -> list[Candidate]:
    """Candidates for 'ranked N-th' (排名第一, 市内六区第一) between offsets start and end, in text order."""
    found = []
    for match in _RANK_ORDINAL.finditer(text, start, end):
        begin, finish = match.span()
        following = text[finish : finish + 1]
        if not _RANK_LEAD_BEFORE.match(text, begin) or (following and following in NOT_RANK_AFTER):
            continue
        value = str(chinese_ordinal(match["ordinal"]))
        found.append(Candidate(value, "第", "", "rank", places.clause(begin), begin, finish, places.section(begin)))
    return found


def extract_candidates(raw_text: str) -> Iterator[Candidate]:
    """Every number with a unit (and every 'ranked N-th'), in text order, as candidate rows.

    Numbers without a unit (names such as 芝麻街1958), dates (2024年, 2月14日) and numbers in
    Chinese numerals (十四五, 两批) are not candidates, except ordinals after 排名 or a place
    (市内六区第一), which become rank candidates.
    """
    with _cyclic_gc_paused():
        candidates = _all_candidates(raw_text)
    yield from candidates


def _all_candidates(raw_text: str) -> list[Candidate]:
    """The candidates of extract_candidates, window by window."""
    text, located = normalised_and_blocks(raw_text)
    sections = _section_lookup(_sections_of_blocks(located, len(text)))
    candidates: list[Candidate] = []
    for start, end in _windows(text):
        places = _Places(text, start, end, sections)
        found = _number_candidates(text, start, end, places) + _rank_candidates(text, start, end, places)
        candidates += sorted(found, key=attrgetter("start"))
    return candidates


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector inside the block (if it is on), and restore it after.

    The extractor makes one object per candidate and no reference cycles. With the collector on,
    every 700 new objects start a collection, and the full ones walk every object of the process
    (a fifth of the extractor's time on an 8 MB text in a process that has imported Jupyter).
    Reference counting frees memory as usual meanwhile; nothing else changes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


CSV_CHUNK = 4096  # rows written at a time (a small buffer each time is faster than one growing one)


def candidates_csv(candidates: Iterable[Candidate]) -> str:
    """The candidates as CSV text with a header line."""
    rows = map(attrgetter(*CANDIDATE_COLUMNS), candidates)
    parts = [_csv_text([CANDIDATE_COLUMNS])]
    while part := _csv_text(islice(rows, CSV_CHUNK)):  # rows made one by one: no garbage collection
        parts.append(part)
    return "".join(parts)


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV lines ending in \\n."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
