"""Text normalisation for OCR'd report text: the form in which quotes are matched."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

# A run of white space is dropped unless it separates two ASCII letters/digits
# ("GDP 2024" keeps one space; "郑 州 市", "237 天" and lines broken mid-phrase are joined).
# The rule is applied without a Python call per run: first the runs that separate two ASCII
# letters/digits become a marker character, then every other run is dropped and the markers
# become spaces.
_WHITESPACE_RUN = re.compile(r"\s+")
_ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9]")
_KEPT_WHITESPACE_RUN = re.compile(r"([A-Za-z0-9])\s+(?=[A-Za-z0-9])")
_BLANK_LINES = re.compile(r"\n\s*\n")
# Marker candidates: neither white space nor ASCII letters/digits; one absent from the text is used.
_MARKERS = ("\x00", "\x01", "\ue000", "\ue001", "\U000f0000")
# Characters other than ASCII and the common CJK ideographs (U+4E00–U+9FFF), which NFKC leaves alone.
_MAYBE_CHANGED_BY_NFKC = "[^\\x00-\\x7f\\u4e00-\\u9fff{}]"
_MAX_UNUSUAL = 64  # more distinct such characters than this: one unicodedata call is faster
SHORT_TEXT = 4096  # characters: shorter texts go through unicodedata.normalize at once


def _absent_marker(text: str) -> str | None:
    """A marker character (see _MARKERS) that does not occur in `text`, or None if all do."""
    return next((marker for marker in _MARKERS if marker not in text), None)


def _squeeze_whitespace(text: str) -> str:
    """Each white-space run of `text` as one space between two ASCII letters/digits, else nothing."""
    marker = _absent_marker(text)
    if marker is None:  # every marker is in the text: one Python call per run instead
        return _WHITESPACE_RUN.sub(_join, text)
    kept = _KEPT_WHITESPACE_RUN.sub("\\g<1>" + marker, text)
    return "".join(kept.split()).replace(marker, " ")  # str.split() splits on the runs \s+ matches


def _join(match: re.Match[str]) -> str:
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if _ASCII_WORD_CHAR.fullmatch(before or " ") and _ASCII_WORD_CHAR.fullmatch(after or " "):
        return " "
    return ""


def _never_composes(char: str) -> bool:
    """True if NFKC can never combine `char` with a neighbour.

    Only combining marks (a non-zero combining class, or category M) and the conjoining Hangul
    jamo U+1100–U+11FF are ever the second character of a canonical composition.
    """
    if unicodedata.combining(char) or unicodedata.category(char).startswith("M"):
        return False
    return not "\u1100" <= char <= "\u11ff"


@functools.lru_cache(maxsize=4096)
def _nfkc_of_char(char: str) -> str | None:
    """NFKC of one character (its NFKD form) if neither it nor that form ever composes, else None."""
    decomposed = unicodedata.normalize("NFKD", char)
    if _never_composes(char) and all(_never_composes(part) for part in decomposed):
        return decomposed
    return None


def _unusual_characters_nfkc(text: str) -> dict[str, str] | None:
    """Each distinct character of `text` outside ASCII and U+4E00–U+9FFF with its NFKC form.

    None if one of them may compose with a neighbour or there are more than _MAX_UNUSUAL.
    One regex scan in all: each search resumes after the last new character, excluding those seen.
    """
    found: dict[str, str] = {}
    match = re.compile(_MAYBE_CHANGED_BY_NFKC.format("")).search(text)
    while match:
        mapped = _nfkc_of_char(match[0])
        if mapped is None or len(found) == _MAX_UNUSUAL:
            return None
        found[match[0]] = mapped
        excluded = "".join(re.escape(char) for char in sorted(found))
        match = re.compile(_MAYBE_CHANGED_BY_NFKC.format(excluded)).search(text, match.end())
    return found


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), character by character where that is the same and faster.

    If no character of `text` (nor of its compatibility decomposition) can compose with another,
    NFKC is the concatenation of each character's NFKD form, so only the few distinct characters
    that change are replaced (str.replace); otherwise the whole text goes through unicodedata.
    """
    if text.isascii():
        return text
    if len(text) < SHORT_TEXT:  # the searches below would cost more than they save
        return unicodedata.normalize("NFKC", text)
    mapped = _unusual_characters_nfkc(text)
    if mapped is None:
        return unicodedata.normalize("NFKC", text)
    for char, replacement in mapped.items():
        if replacement != char:
            text = text.replace(char, replacement)
    return text


def normalise_text(text: str) -> str:
    """Return `text` in NFKC form with OCR white space removed and broken lines joined.

    NFKC turns full-width digits, signs and punctuation (０-９, ．, ％, ，) into ASCII, so a
    quote matches whatever width the source used. A BOM and CRLF line ends disappear too.
    """
    return _squeeze_whitespace(nfkc(text).replace("\ufeff", "")).strip()


def normalise_blocks(text: str) -> list[str]:
    """Split raw text into blank-line separated blocks, each normalised (empty ones dropped)."""
    normalised = nfkc(text).replace("\r\n", "\n")
    blocks = _BLANK_LINES.split(normalised)
    marker = _absent_marker(normalised)
    if marker is None:  # every marker is in the text: normalise block by block
        return [b for b in (normalise_text(block) for block in blocks) if b]
    # A few passes over groups of blocks joined by a marker: white space next to a marker is dropped,
    # as at the ends of a block on its own, and NFKC of a block of NFKC text is that block.
    squeezed: list[str] = []
    for group in _block_groups(blocks):
        squeezed += _squeeze_whitespace(marker.join(group).replace("\ufeff", "")).split(marker)
    return [b for b in (block.strip() for block in squeezed) if b]


BLOCK_GROUP = 1 << 16  # characters of blocks normalised together (a size that stays in the CPU cache)


def _block_groups(blocks: list[str]) -> Iterator[list[str]]:
    """Consecutive runs of `blocks`, each of about BLOCK_GROUP characters or more (the last fewer)."""
    group: list[str] = []
    size = 0
    for block in blocks:
        group.append(block)
        size += len(block)
        if size >= BLOCK_GROUP:
            yield group
            group, size = [], 0
    if group:
        yield group


def normalised_and_blocks(raw_text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """normalise_text(raw_text) and located_blocks(raw_text, normalise_text(raw_text)) in one pass.

    The normalised text is its blocks joined by one space where both sides are ASCII
    letters/digits (the white-space rule applied to the blank lines between them), else by nothing.
    """
    located, parts, position, last = [], [], 0, ""
    for block in normalise_blocks(raw_text):
        if last.isascii() and last.isalnum() and block[0].isascii() and block[0].isalnum():
            parts.append(" ")
            position += 1
        parts.append(block)
        located.append((block, position, position + len(block)))
        position += len(block)
        last = block[-1]
    return "".join(parts), located


def located_blocks(raw_text: str, normalised: str) -> list[tuple[str, int, int]]:
    """Each normalised block of `raw_text` with its (start, end) offsets in `normalised`.

    `normalised` is normalise_text(raw_text); blocks are found in order, each after the last.
    """
    located, position = [], 0
    for block in normalise_blocks(raw_text):
        found = normalised.find(block, position)
        found = position if found < 0 else found  # cannot happen for pieces of the same text
        located.append((block, found, found + len(block)))
        position = found + len(block)
    return located


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> list[str]:
    """The numbers in `text` as printed (e.g. ['2.2', '5000']), for value-in-quote checks."""
    return NUMBER.findall(text)


CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ORDINAL = re.compile(r"第([一二三四五六七八九十]+|\d+)")


def chinese_ordinal(text: str) -> int:
    """一 → 1, 十 → 10, 十七 → 17, 二十三 → 23 (up to 99); ASCII digits pass through."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CHINESE_DIGITS[text]
    tens, _, units = text.partition("十")
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


def ordinals_in(text: str) -> list[int]:
    """The ranks stated as 第N in `text` (第一 → 1), for rank-in-quote checks."""
    return [chinese_ordinal(match) for match in ORDINAL.findall(text)]


HEADING_MAX = 15  # characters: a longer block is a paragraph
BYLINES = ("记者", "通讯员", "编辑", "来源")


def is_heading(block: str) -> bool:
    """A short block of its own without sentence punctuation: a section heading (or a title)."""
    short = len(block) <= HEADING_MAX and not block.startswith(BYLINES)
    return short and not any(mark in block for mark in ",;。:!?")
