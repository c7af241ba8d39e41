"""The report's text in the data's reading order, in sections and paragraphs, with one mark per claim.

A claim's mark covers its value as printed inside its quote — the number (or 第一 for a rank),
with the bound marker and unit printed next to it (超500万人次, 2.8万余人, 90%以上). Numbers
are whole tokens, so two claims' marks are either the same span (then nested) or apart; a
mark never crosses another one or a paragraph break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data.report_text import has_headings, section_spans
from helpers.data.reports import raw_report_text
from helpers.data.textnorm import (
    NUMBER,
    ORDINAL,
    chinese_ordinal,
    display_text,
    is_heading,
    located_blocks,
    normalise_text,
)
from helpers.paths import DATA_DIR, DEFAULT_REPORT

# A block holding none of these is a line printed on its own (a headline, a byline): its own paragraph.
_PUNCTUATION = set('，。；、！？：,;:!?“”"（）()')
_SENTENCE_END = ("。", "！", "？", "!", "?")
_PREFIX_QUALIFIERS = ("超", "近", "约")


@dataclass(frozen=True)
class Span:
    """Where one claim's mark lies in the normalised text."""

    metric_id: str
    start: int
    end: int


@dataclass
class Node:
    """A piece of a paragraph: plain text, or a claim's mark holding further nodes."""

    text: str = ""
    mark: str = ""
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the report; `line` is a headline or byline printed on a line of its own."""

    nodes: list[Node]
    line: bool


@dataclass(frozen=True)
class Section:
    """One section: its heading as printed (empty for text after the last heading) and paragraphs."""

    heading: str
    anchor: str
    paragraphs: list[Paragraph]
    printed_after: bool = False  # the heading is printed after its paragraphs (as in newspaper OCR)


def _value_token(quote: str, row: pd.Series) -> tuple[int, int]:
    """Where the row's value is printed in its quote: the first number equal to it (第N for a rank)."""
    if row["kind"] == "rank":
        for match in ORDINAL.finditer(quote):
            if chinese_ordinal(match.group(1)) == row["rank"]:
                return match.span()
    else:
        for match in NUMBER.finditer(quote):
            if float(match.group()) == float(row["value"]):
                return match.span()
    raise ValueError(
        f"metrics.csv, line {row.get('line', '?')}, metric {row['metric_id']}: column quote does not print its value ({quote!r})"
    )


def _extended(text: str, start: int, end: int, row: pd.Series, quote: tuple[int, int]) -> tuple[int, int]:
    """The value's span grown, inside its quote, over an adjacent bound marker and unit (超500万人次, 90%以上)."""
    qualifier, unit = str(row["qualifier"]), str(row["unit"])
    if row["kind"] == "rank":
        return start, end
    if qualifier in _PREFIX_QUALIFIERS and start > quote[0] and text[start - 1] == qualifier:
        start -= 1
    allowed = set(unit) | set(qualifier)
    limit = min(end + len(unit) + len(qualifier), quote[1])
    while end < limit and text[end] in allowed:
        end += 1
    return start, end


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two spans overlap without one holding the other."""
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def claim_spans(metrics: pd.DataFrame, text: str, spans: dict[str, tuple[int, int]]) -> list[Span]:
    """One span per claim in the normalised `text`, inside its quote inside its section; no two cross."""
    exact: dict[str, tuple[int, int]] = {}
    grown: dict[str, tuple[int, int]] = {}
    for _, row in metrics.iterrows():
        section_start, section_end = spans[row["section"]]
        quote_start = text.find(row["quote"], section_start, section_end)
        if quote_start < 0:
            raise ValueError(
                f"metrics.csv, line {row.get('line', '?')}, metric {row['metric_id']}: column quote is not in section {row['section']!r}"
            )
        token_start, token_end = _value_token(row["quote"], row)
        exact[row["metric_id"]] = (quote_start + token_start, quote_start + token_end)
        quote_span = (quote_start, quote_start + len(row["quote"]))
        grown[row["metric_id"]] = _extended(text, *exact[row["metric_id"]], row, quote_span)
    for a in grown:
        for b in grown:
            if _crosses(grown[a], grown[b]):
                grown[a], grown[b] = exact[a], exact[b]
    for a in grown:
        for b in grown:
            if _crosses(grown[a], grown[b]):
                raise ValueError(f"the marks of {a} and {b} cross in the report text; they cannot both be marked")
    return sorted((Span(m, *grown[m]) for m in grown), key=lambda s: (s.start, -s.end, s.metric_id))


def nodes(text: str, start: int, end: int, marks: list[Span]) -> list[Node]:
    """text[start:end] as plain pieces and marks; `marks` are the sorted spans inside it."""
    result: list[Node] = []
    position, index = start, 0
    while index < len(marks):
        mark = marks[index]
        inner = index + 1
        while inner < len(marks) and marks[inner].start < mark.end:
            inner += 1
        if position < mark.start:
            result.append(Node(text=text[position : mark.start]))
        result.append(Node(mark=mark.metric_id, children=nodes(text, mark.start, mark.end, marks[index + 1 : inner])))
        position, index = mark.end, inner
    if position < end:
        result.append(Node(text=text[position:end]))
    return result


def _is_line(block: str) -> bool:
    """True for a block with no punctuation: a headline or byline printed on a line of its own."""
    return not any(char in _PUNCTUATION for char in block)


def paragraphs(
    text: str, blocks: list[tuple[str, int, int]], start: int, end: int, marks: list[Span]
) -> list[tuple[int, int, bool]]:
    """The paragraphs of text[start:end] as (start, end, is_line), from the raw text's blocks.

    The OCR breaks paragraphs mid-sentence, so a break between two blocks is kept only after a
    sentence end or around a line printed on its own, and never inside a mark.
    """
    result: list[tuple[int, int, bool]] = []
    for block, block_start, block_end in blocks:
        if block_start < start or block_end > end:
            continue
        line = _is_line(block)
        if result:
            previous_start, previous_end, previous_line = result[-1]
            kept = previous_line or line or text[previous_end - 1] in _SENTENCE_END
            crossed = any(m.start < block_start and m.end > previous_end for m in marks)
            if not kept or crossed:
                result[-1] = (previous_start, block_end, False)
                continue
        result.append((block_start, block_end, line))
    return result


def annotated_sections(metrics: pd.DataFrame, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> list[Section]:
    """The report text as sections (heading first, as the data reads it) of marked paragraphs, in its own punctuation.

    Text after the last recognised heading (the byline) is a last section without a heading.
    """
    raw = raw_report_text(report, data_dir)
    text, shown_text = normalise_text(raw), display_text(raw)  # same length: marks found in one fit the other
    spans = section_spans(raw, set(metrics["section"]))
    marks = claim_spans(metrics, text, spans)
    blocks = located_blocks(raw, text)
    printed_after = has_headings(blocks) and not is_heading(blocks[0][0])  # section_spans' rule for the layout
    ordered = sorted(spans.items(), key=lambda item: item[1])
    parts = [(heading, start, end) for heading, (start, end) in ordered]
    last_heading_end = max((end + len(heading) for heading, _, end in parts), default=0)
    if last_heading_end < len(text):
        parts.append(("", last_heading_end, len(text)))
    sections = []
    for number, (heading, start, end) in enumerate(parts, start=1):
        inside = [m for m in marks if start <= m.start and m.end <= end]
        shown = [
            Paragraph(
                nodes(shown_text, p_start, p_end, [m for m in inside if p_start <= m.start and m.end <= p_end]), line
            )
            for p_start, p_end, line in paragraphs(text, blocks, start, end, inside)
        ]
        sections.append(Section(heading, f"section-{number}", shown, printed_after and bool(heading)))
    return sections
