"""Read a report's text and propose candidate metric rows: value, unit, bound marker, kind, quote, offsets.

The candidates are for a person to review, not data: `python -m helpers extract PATH` writes them as
CSV. Offsets and quotes refer to the normalised text (helpers.data.textnorm.normalise_text), the same
form metrics.csv quotes are written in.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from itertools import pairwise

from helpers.data.report_text import WHOLE_TEXT
from helpers.data.textnorm import chinese_ordinal, is_heading, located_blocks, normalise_text
from helpers.data.units import (
    NUMBER_PATTERN,
    PREFIX_QUALIFIERS,
    printed_unit,
)

CLAUSE_BREAKS = ",;。!?:\n"
DATE_UNITS = ("年", "月", "日", "号", "时")
NOT_RANK_AFTER = "届次批期条款章节季轮个年"
# After N个: a span of time (连续4个季度), not a count of things; and 连续 before N个月 says the same.
DURATION_AFTER_GE = ("季度", "季", "年")
DURATION_BEFORE = "连续"

_RANK_LEADS = ("排名", "[区省市国]")
RANK_PATTERN = re.compile(rf"(?P<lead>{'|'.join(_RANK_LEADS)})第(?P<ordinal>[一二三四五六七八九十]+|\d+)")
GROWTH_WORDS = ("增长", "提高", "增速", "上升", "提升")
DECLINE_WORDS = ("下降", "降低")
CHANGE_WORDS = ("增加", "减少")
_CLAUSE = re.compile(f"[^{re.escape(CLAUSE_BREAKS)}]+")


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


def section_guesses(
    raw_text: str, normalised: str, located: list[tuple[str, int, int]] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, heading) spans of the normalised text, guessed from the layout.

    A heading is a short block of its own without sentence punctuation. If the text opens with a
    heading, headings precede their paragraphs; otherwise (as in newspaper OCR) they follow them,
    and of several headings in a row the last one names the paragraphs before. A text without
    headings is one span, WHOLE_TEXT. `located` is located_blocks(raw_text, normalised), if known.
    """
    located = located if located is not None else located_blocks(raw_text, normalised)
    headings = [i for i, (block, _, _) in enumerate(located) if is_heading(block)]
    if not headings:
        return [(0, len(normalised), WHOLE_TEXT)]
    spans = []
    if headings[0] == 0:  # headings before their paragraphs
        for n, index in enumerate(headings):
            end = located[headings[n + 1]][1] if n + 1 < len(headings) else len(normalised)
            spans.append((located[index][2], end, located[index][0]))
        return spans
    start = 0
    for n, index in enumerate(headings):
        if n + 1 < len(headings) and headings[n + 1] == index + 1:
            continue  # not the last heading of a run
        heading, heading_start, heading_end = located[index]
        spans.append((start, heading_start, heading))
        start = heading_end
    return spans


def extract_candidates(raw_text: str) -> Iterator[Candidate]:
    """Every number with a unit (and every 'ranked N-th'), in text order, as candidate rows.

    Numbers without a unit (names such as 芝麻街1958), dates (2024年, 2月14日) and numbers in
    Chinese numerals (十四五, 两批) are not candidates, except ordinals after 排名 or a place
    (市内六区第一), which become rank candidates.
    """
    text = normalise_text(raw_text)
    located = located_blocks(raw_text, text)
    spans = section_guesses(raw_text, text, located)
    span_starts = [start for start, _, _ in spans]

    def section(offset: int) -> str:
        """The heading of the span holding `offset`, or "" outside every span."""
        i = bisect.bisect_right(span_starts, offset) - 1
        return spans[i][2] if i >= 0 and offset < spans[i][1] else ""

    for stretch_start, stretch_end in _stretches(text, located):
        for clause in _CLAUSE.finditer(text, stretch_start, stretch_end):  # no candidate crosses a clause break
            found = [*_numbers_in(text, clause), *_ranks_in(text, clause)]
            for value, unit, qualifier, kind, start, end in sorted(found, key=lambda row: row[4]):
                yield Candidate(value, unit, qualifier, kind, clause[0], start, end, section(start))


def _stretches(text: str, located: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """The normalised text cut at the edges of its heading blocks: a quote never runs into or out of a heading.

    Normalising joins a heading to the paragraph beside it (no punctuation between them), so a clause
    would otherwise begin with the heading's words.
    """
    edges = {edge for block, start, end in located if is_heading(block) for edge in (start, end)}
    cuts = sorted({0, len(text)} | edges)
    return list(pairwise(cuts))


_Found = tuple[str, str, str, str, int, int]  # value, unit, qualifier, kind, start, end


def _numbers_in(text: str, clause: re.Match[str]) -> Iterator[_Found]:
    """The numbers with a unit (or a % that is not part of a date) in `clause`, a span of `text`."""
    for match in NUMBER_PATTERN.finditer(text, clause.start(), clause.end()):
        following = text[match.end() : match.end() + 1]
        if match["unit"] is None and (match["percent"] is None or following in DATE_UNITS):
            continue  # no unit, or a % before a date unit
        if following.isascii() and following.isalpha():  # 5G, 3D: a name, not a quantity
            continue
        if _is_duration(text, match):
            continue
        unit = printed_unit(match)
        before = text[max(0, match.start() - 6) : match.start()]
        prefix = next((q for q in PREFIX_QUALIFIERS if before.endswith(q)), "")
        qualifier = "超" if prefix == "超过" else prefix or match["suffix"] or match["after"] or ""
        yield match["value"], unit, qualifier, _kind(before, unit), match.start(), match.end()


def _is_duration(text: str, match: re.Match[str]) -> bool:
    """Whether the number is a span of time in a phrase (连续4个季度, 连续3个月), not a claim."""
    if match["unit"] == "个" and not match["magnitude"] and text.startswith(DURATION_AFTER_GE, match.end()):
        return True
    return match["unit"] in ("个", "个月") and text.endswith(DURATION_BEFORE, 0, match.start())


def _kind(before: str, unit: str) -> str:
    """The kind of a number with `unit`, from the words just before it (`before`: up to 6 characters)."""
    recent = before[-4:]
    if any(word in recent for word in DECLINE_WORDS):
        return "decline_pct" if unit == "%" else "change"
    if any(word in recent for word in GROWTH_WORDS):
        return "growth_pct" if unit == "%" else "change"
    if unit == "%":
        return "share_pct"
    return "change" if before.endswith(CHANGE_WORDS) else "level"


def _ranks_in(text: str, clause: re.Match[str]) -> Iterator[_Found]:
    """'Ranked N-th' (排名第一, 市内六区第一) in `clause`, a span of `text`, from its 第."""
    for match in RANK_PATTERN.finditer(text, clause.start(), clause.end()):
        following = text[match.end() : match.end() + 1]
        if following and following in NOT_RANK_AFTER:  # 第五届, 第二批: an ordinal of a name
            continue
        value = str(chinese_ordinal(match["ordinal"]))
        yield value, "第", "", "rank", match.start("ordinal") - 1, match.end()


def candidates_csv(candidates: Iterable[Candidate]) -> str:
    """The candidates as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CANDIDATE_COLUMNS)
    writer.writerows(astuple(candidate) for candidate in candidates)
    return out.getvalue()
