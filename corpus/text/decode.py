"""Turning a file's bytes into text: UTF-8 (with or without BOM), UTF-16/32 with BOM, Windows-1256."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from typing import Any

from corpus.errors import AkhbarError

_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
)
_SAMPLE = 65536


_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> tuple[str, int]:
    """`text` with every lone surrogate (which JSON's \\ud800 escapes can make, and no encoder
    will write) replaced by U+FFFD, one for one so offsets hold; and how many there were."""
    if text.isascii() or _SURROGATES.search(text) is None:
        return text, 0
    return _SURROGATES.subn("\ufffd", text)


INT_DIGITS = 4300
"""Python turns no longer run of digits into an int (sys.get_int_max_str_digits)."""


def loads_json(text: str) -> tuple[Any, int]:
    """Parse JSON; a number of more than INT_DIGITS digits (which json.loads refuses, stopping the
    whole file) is kept as its text. Returns the data and how many numbers were kept so.

    Raises json.JSONDecodeError (a ValueError) or RecursionError for what is not JSON."""
    try:
        return json.loads(text), 0  # the common case, on json's cached decoder
    except json.JSONDecodeError:
        raise
    except ValueError:
        pass  # int() refused a number too long: parse again, keeping such numbers as text
    kept = 0

    def number(digits: str) -> int | str:
        nonlocal kept
        if len(digits) > INT_DIGITS:
            kept += 1
            return digits
        return int(digits)

    return json.loads(text, parse_int=number), kept


class UndecodableError(AkhbarError, ValueError):
    """The bytes are binary or in no encoding this project reads."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and a warning when something was guessed or lost."""

    text: str
    encoding: str
    warning: str | None = None


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D))


def _controls(sample: bytes) -> int:
    """How many control bytes (C0, but tab, line feed, form feed and carriage return) the bytes hold."""
    return len(sample) - len(sample.translate(None, _CONTROL_BYTES))


def _control_ratio(sample: bytes) -> float:
    return _controls(sample) / max(1, len(sample))


def _arabic_ratio(text: str) -> float:
    letters = [c for c in text if not c.isascii() and not c.isspace()]
    if not letters:
        return 0.0
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return arabic / len(letters)


def _looks_binary(data: bytes) -> bool:
    """Binary: a known file format's magic, or NUL and control bytes in its first part that are
    not a few in readable UTF-8 text (a short article holding colour codes is text; the control
    bytes are shown as symbols, never sent to the terminal)."""
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:_SAMPLE]
    if sample.count(0) <= len(sample) // 100 and _control_ratio(sample) <= 0.05:
        return False
    return not _readable_utf8(sample)


def _readable_utf8(sample: bytes) -> bool:
    """The bytes are UTF-8 (maybe cut in a character at the end) with more letters than control characters."""
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 3:
            return False
        text = sample[: error.start].decode("utf-8")
    return sum(1 for c in text if c.isalpha()) > 2 * _controls(sample)


def cr_lines(data: bytes) -> bytes:
    """A file whose lines end in CR alone (an old Mac's, or a tool's) with LF instead: one byte for
    one, so every offset holds; a file with any LF is left as it is, and so is UTF-16 or UTF-32
    (where a byte 0D may be half of another character)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):  # and UTF-32-LE's
        return data
    return data.replace(b"\r", b"\n") if b"\r" in data and b"\n" not in data else data


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text file's bytes, or raise UndecodableError with a reason a person can act on;
    lines ended by CR alone end in LF (cr_lines)."""
    data = cr_lines(data)
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                text = data.decode(encoding, errors="replace")
                return Decoded(text, encoding, f"invalid {encoding} at byte {error.start}; replaced with �")
    whole = len(data)
    data = data.rstrip(b"\x00")  # a zero-filled tail (a crash, a power loss): no part of the text
    tail = whole - len(data)
    if not data.strip():
        raise UndecodableError("empty file (NUL bytes only)" if tail else "empty file")
    if tail:  # the text before the zeros, decoded as any file's
        decoded = decode_bytes(data)
        cut = f"a tail of {tail} NUL byte(s) left out"
        return Decoded(decoded.text, decoded.encoding, f"{decoded.warning}; {cut}" if decoded.warning else cut)
    if _looks_binary(data):
        raise UndecodableError("binary file (not text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            text = data[: error.start].decode("utf-8")
            dropped = len(data) - error.start
            return Decoded(text, "utf-8", f"truncated UTF-8: the last {dropped} byte(s) were cut off")
        return _decode_legacy(data, error)
    nuls = text.count("\x00")
    if nuls:
        return Decoded(text, "utf-8", f"contains {nuls} NUL byte(s), shown as ␀")
    return Decoded(text, "utf-8")


MOSTLY_UTF8 = 20
"""Text with this many well-formed non-ASCII UTF-8 characters for each bad sequence is UTF-8
with a few stray bytes, not another encoding: UTF-8 Arabic read as Windows-1256 is Arabic
letters too (ط and ظ mostly), so the Arabic share alone would take it for Windows-1256."""


def _decode_legacy(data: bytes, error: UnicodeDecodeError) -> Decoded:
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    well_formed = sum(1 for c in lossy if not c.isascii()) - bad
    if well_formed >= MOSTLY_UTF8 * bad:
        return Decoded(lossy, "utf-8", f"{bad} invalid UTF-8 byte sequence(s) replaced with �")
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _arabic_ratio(text) > 0.6:
        return Decoded(text, "cp1256", "not UTF-8; decoded as Windows-1256 (cp1256)")
    if bad * 200 < len(lossy):
        return Decoded(lossy, "utf-8", f"{bad} invalid UTF-8 byte sequence(s) replaced with �")
    raise UndecodableError(f"not UTF-8, UTF-16 or Windows-1256 (invalid byte at {error.start})")
