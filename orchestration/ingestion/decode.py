"""Bytes → text for Arabic news files, or a precise reason why not.

Arabic sites still publish in Windows-1256 and Windows tools save UTF-16, so decoding tries, in
order: a byte-order mark (UTF-8 / UTF-16), strict UTF-8, UTF-16 without a BOM (recognised by
its NUL-byte pattern), then Windows-1256.  Windows-1256 maps every byte, so it never fails by
itself: the text-quality checks in :mod:`orchestration.ingestion.quality` are what catch
binary junk decoded that way.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class DecodeError(ValueError):
    """The bytes are not text in any encoding we accept; ``reason`` is a quarantine reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _looks_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the NUL bytes sit on one parity, as in BOM-less UTF-16."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sum(1 for b in sample[0::2] if b == 0)
    odd_nul = sum(1 for b in sample[1::2] if b == 0)
    half = len(sample) / 2
    # Arabic in UTF-16 has 0x06 high bytes, spaces/digits have 0x00: many NULs on one side only.
    if odd_nul > 0.2 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.2 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    # Mostly-Arabic UTF-16 has few NULs but a 0x06 high byte on one parity.
    odd_06 = sum(1 for b in sample[1::2] if b == 0x06)
    even_06 = sum(1 for b in sample[0::2] if b == 0x06)
    if odd_06 > 0.3 * half and (odd_nul + odd_06) > 0.6 * half:
        return "utf-16-le"
    if even_06 > 0.3 * half and (even_nul + even_06) > 0.6 * half:
        return "utf-16-be"
    return None


def _is_binary(data: bytes) -> bool:
    """Control bytes that no text encoding we accept would contain (checked after UTF-16)."""
    sample = data[:8192]
    if not sample:
        return False
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bad > 0.01 * len(sample)


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article file's bytes, raising :class:`DecodeError` with a reason code."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as e:
            raise DecodeError("undecodable", f"UTF-8 BOM but invalid UTF-8 at byte {e.start + 3}") from e
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as e:
            raise DecodeError("undecodable", f"UTF-16 BOM but invalid UTF-16 at byte {e.start}") from e
    # BOM-less UTF-16 Arabic is mostly bytes below 0x80 (0x27 0x06 …) and so also "valid"
    # UTF-8: recognise it by its byte pattern first.
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return Decoded(data.decode(utf16), "utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    if _is_binary(data):
        raise DecodeError("binary", "control bytes found: not a text file")
    # Truncated UTF-8 (a multi-byte sequence cut at the very end) is still UTF-8 text.
    if first_bad >= len(data) - 3:
        try:
            return Decoded(data[:first_bad].decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
    # A UTF-8 file with a stray corrupt byte or two: keep it rather than read it as mojibake.
    lossy = data.decode("utf-8", errors="replace")
    if lossy.count("\ufffd") <= max(1, len(data) // 2000):
        return Decoded(lossy, "utf-8-lossy")
    # Windows-1256 maps every byte; whether the result is Arabic is checked afterwards.
    text = data.decode("cp1256")
    if "\ufffd" in text:
        raise DecodeError("undecodable", f"invalid UTF-8 at byte {first_bad} and not Windows-1256")
    return Decoded(text, "cp1256")
