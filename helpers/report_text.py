"""The raw report text and its normalised form, with the span each section heading covers."""

from __future__ import annotations

from pathlib import Path

from .datapackage import check_hash, read_descriptor, read_utf8
from .errors import DataError
from .paths import DATA_DIR
from .textnorm import located_blocks, normalise_text


def raw_report_text(data_dir: Path = DATA_DIR) -> str:
    """The report text byte-for-byte as received, after checking its recorded SHA-256."""
    resource = read_descriptor(data_dir)["report_text"]
    text = read_utf8(resource.path)
    check_hash(resource, resource.path.read_bytes())
    return text


def section_spans(raw_text: str, headings: set[str]) -> dict[str, tuple[int, int]]:
    """Where each section's text lies in the normalised text, as (start, end) offsets.

    The newspaper prints a section's headline *after* its paragraphs, so a section runs from
    the end of the previous recognised heading to the start of its own. A heading counts only
    as a block of its own (a line between blank lines).
    """
    spans: dict[str, tuple[int, int]] = {}
    section_start = 0
    for block, start, end in located_blocks(raw_text, normalise_text(raw_text)):
        if block in headings:
            spans[block] = (section_start, start)
            section_start = end
    return spans


def find_section_spans(path: Path, raw_text: str, headings: set[str]) -> dict[str, tuple[int, int]]:
    """section_spans, raising DataError for a heading that is not a block of the source."""
    spans = section_spans(raw_text, headings)
    for heading in sorted(headings - set(spans)):
        raise DataError(
            path, f"section {heading!r} is not a heading in the report text (a line of its own, as printed)."
        )
    return spans


def section_sentences(heading: str, data_dir: Path = DATA_DIR) -> list[str]:
    """The sentences (split at 。) of one section of the normalised report text, in order."""
    raw = raw_report_text(data_dir)
    path = read_descriptor(data_dir)["report_text"].path
    start, end = find_section_spans(path, raw, {heading})[heading]
    text = normalise_text(raw)[start:end]
    return [sentence + "。" for sentence in text.split("。") if sentence.strip()]
