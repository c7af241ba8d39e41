"""Where each section of a report lies in its normalised text."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from helpers.data.errors import DataError
from helpers.data.reports import raw_report_text
from helpers.data.textnorm import display_text, is_heading, normalise_text, normalised_and_blocks
from helpers.paths import DATA_DIR, DEFAULT_REPORT

# The one section of a text that prints no headings (a one-paragraph news summary, say): the whole text.
# `helpers new` files every row of such a text under it, so the text is never edited to add a heading.
WHOLE_TEXT = "全文"


def has_headings(located: list[tuple[str, int, int]]) -> bool:
    """Whether any block of the text (located_blocks) reads as a heading: short, of its own, no sentence punctuation."""
    return any(is_heading(block) for block, _, _ in located)


def section_spans(
    raw_text: str, headings: set[str], layout: tuple[str, list[tuple[str, int, int]]] | None = None
) -> dict[str, tuple[int, int]]:
    """Where each section's text lies in the normalised text, as (start, end) offsets.

    A heading counts only as a block of its own (a line between blank lines). If the text opens
    with a heading-like block (short, no sentence punctuation), each heading precedes its paragraphs: a section runs from the end of its
    heading to the start of the next one (or the end). Otherwise, as in the newspaper OCR of the
    project's report, a headline is printed *after* its paragraphs: a section runs from the end of
    the previous heading to the start of its own. `layout` is normalised_and_blocks(raw_text), if
    the caller has it already. A text without headings has one section, WHOLE_TEXT, spanning all of it.
    """
    normalised, located = layout if layout is not None else normalised_and_blocks(raw_text)
    if not has_headings(located):
        return {WHOLE_TEXT: (0, len(normalised))} if WHOLE_TEXT in headings else {}
    marks = [(block, start, end) for block, start, end in located if block in headings]
    spans: dict[str, tuple[int, int]] = {}
    if located and is_heading(located[0][0]):  # the extractor's rule for which way a text is laid out
        for index, (block, _, end) in enumerate(marks):
            spans[block] = (end, marks[index + 1][1] if index + 1 < len(marks) else len(normalised))
        return spans
    section_start = 0
    for block, start, end in marks:
        spans[block] = (section_start, start)
        section_start = end
    return spans


def find_section_spans(
    path: Path, raw_text: str, headings: set[str], layout: tuple[str, list[tuple[str, int, int]]] | None = None
) -> dict[str, tuple[int, int]]:
    """section_spans, raising DataError for a heading that is not a block of the source."""
    layout = layout if layout is not None else normalised_and_blocks(raw_text)
    spans = section_spans(raw_text, headings, layout)
    for heading in sorted(headings - set(spans)):
        if not has_headings(layout[1]):
            hint = f"the text prints no headings, so every row is filed under {WHOLE_TEXT!r} (the whole text)."
        elif heading == WHOLE_TEXT:
            hint = "the text prints headings, so file the row under the one it stands in."
        else:
            hint = "a heading is a line of its own, as printed."
        raise DataError(path, f"section {heading!r} is not a heading in the report text: {hint}")
    return spans


def section_sentences(
    heading: str, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR, others: Collection[str] = ()
) -> list[str]:
    """The sentences (split at 。) of one section of the normalised report text, in order.

    `others`, the report's other headings (its metrics' sections), bound the section where a heading follows its
    paragraphs; without them such a section runs from the start of the text.
    """
    raw = raw_report_text(report, data_dir)
    start, end = find_section_spans(Path(data_dir), raw, {heading, *others})[heading]
    text = normalise_text(raw)[start:end]
    return [sentence + "。" for sentence in text.split("。") if sentence.strip()]


@lru_cache(maxsize=16)
def _texts(report: str, data_dir: Path) -> tuple[str, str]:
    raw = raw_report_text(report, data_dir)
    return normalise_text(raw), display_text(raw)


def as_printed(words: str, report: str = DEFAULT_REPORT, data_dir: Path = DATA_DIR) -> str:
    """Words of the normalised text (a quote) as the report prints them, in its own punctuation (，not ,).

    Words not found in the text are returned as they are.
    """
    text, shown = _texts(report, Path(data_dir))
    start = text.find(words)
    return words if start < 0 else shown[start : start + len(words)]
