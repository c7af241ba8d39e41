"""Text normalisation for OCR'd report text: the form in which quotes are matched."""

from __future__ import annotations

import re
import unicodedata

# A run of white space is dropped unless it separates two ASCII letters/digits
# ("GDP 2024" keeps one space; "郑 州 市", "237 天" and lines broken mid-phrase are joined).
_WHITESPACE_RUN = re.compile(r"\s+")
_ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def _join(match: re.Match[str]) -> str:
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if _ASCII_WORD_CHAR.fullmatch(before or " ") and _ASCII_WORD_CHAR.fullmatch(after or " "):
        return " "
    return ""


def normalise_text(text: str) -> str:
    """Return `text` in NFKC form with OCR white space removed and broken lines joined.

    NFKC turns full-width digits, signs and punctuation (０-９, ．, ％, ，) into ASCII, so a
    quote matches whatever width the source used. A BOM and CRLF line ends disappear too.
    """
    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    return _WHITESPACE_RUN.sub(_join, text).strip()


def normalise_blocks(text: str) -> list[str]:
    """Split raw text into blank-line separated blocks, each normalised (empty ones dropped)."""
    blocks = re.split(r"\n\s*\n", unicodedata.normalize("NFKC", text).replace("\r\n", "\n"))
    return [b for b in (normalise_text(block) for block in blocks) if b]


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
