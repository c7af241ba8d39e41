"""Text normalisation for OCR'd report text (the form quotes are matched in), and small readers of numbers in it."""

from __future__ import annotations

import re
import unicodedata

# White space between two ASCII letters/digits stays as one space ("GDP 2024"); any other is dropped
# ("郑 州 市", "237 天" and lines broken mid-phrase are joined).
_SPACE_BETWEEN_WORDS = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")
_SPACE_ELSEWHERE = re.compile(r"(?<![A-Za-z0-9])\s|\s(?![A-Za-z0-9])")
_BLANK_LINES = re.compile(r"\n\s*\n")


def normalise_text(text: str) -> str:
    """`text` in NFKC form (full-width ０-９ ． ％ ， become ASCII), without BOM or OCR spaces, lines joined.

    This is the form quotes are written and matched in, whatever width or layout the source used.
    """
    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    text = _SPACE_BETWEEN_WORDS.sub(" ", text)
    return _SPACE_ELSEWHERE.sub("", text)


# The report's own punctuation, which NFKC would make ASCII (，→ ,): kept on pages readers see.
_CJK_PUNCTUATION = "，；：？！（）"
_KEEP = str.maketrans({mark: chr(0xE000 + i) for i, mark in enumerate(_CJK_PUNCTUATION)})
_RESTORE = str.maketrans({chr(0xE000 + i): mark for i, mark in enumerate(_CJK_PUNCTUATION)})


def display_text(text: str) -> str:
    """normalise_text, but with the report's full-width punctuation kept (，；：（）): the text as readers see it.

    Character for character the same length as normalise_text(text), so offsets found in one hold in the other.
    """
    return normalise_text(text.translate(_KEEP)).translate(_RESTORE)


def normalise_blocks(text: str) -> list[str]:
    """The blank-line separated blocks (paragraphs, headings) of raw `text`, each normalised; empty ones dropped."""
    blocks = _BLANK_LINES.split(unicodedata.normalize("NFKC", text).replace("\r\n", "\n"))
    return [block for block in map(normalise_text, blocks) if block]


def located_blocks(raw_text: str, normalised: str) -> list[tuple[str, int, int]]:
    """Each normalised block of `raw_text` with its (start, end) offsets in `normalised` (= normalise_text(raw_text)).

    Blocks are found in order, each after the last.
    """
    located, position = [], 0
    for block in normalise_blocks(raw_text):
        start = normalised.index(block, position)
        located.append((block, start, start + len(block)))
        position = start + len(block)
    return located


def normalised_and_blocks(raw_text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """normalise_text(raw_text) and its located_blocks: what section and quote checks need."""
    normalised = normalise_text(raw_text)
    return normalised, located_blocks(raw_text, normalised)


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
