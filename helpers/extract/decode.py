"""Read a report's bytes as text: the named encoding, a BOM, UTF-8 or GBK/GB18030, and refuse what is not text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path


class ExtractError(ValueError):
    """The input cannot be read as a report text; the message says why and what to do."""


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
