"""Reading a JSON array of any size item by item, each with where its bytes are in the file.

A .json file too large to decode whole (corpus.load.MAX_FILE_BYTES) is read in BLOCK pieces
through an incremental UTF-8 decoder; each item is parsed by the standard decoder from a
buffer that holds at most the item being read and one block. Each item's byte offset and
length are given, so that its text can be read again from the file alone, as a JSON Lines
record's is.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from corpus.errors import AkhbarError
from corpus.text.decode import INT_DIGITS

__all__ = ["ArrayItem", "NotAnArray", "ItemTooLarge", "iter_json_array", "BLOCK"]

BLOCK = 1024 * 1024
_SPACE = " \t\n\r"


@dataclass(frozen=True, slots=True)
class ArrayItem:
    """One item of the array: the parsed value and where its bytes are."""

    value: Any
    offset: int
    length: int
    kept_numbers: int
    """Numbers of more than INT_DIGITS digits kept as text."""
    escapes: bool
    """True when the item holds a \\uD… escape (a surrogate may need replacing)."""


class NotAnArray(AkhbarError, ValueError):
    """The file holds no JSON array at its top."""


class ItemTooLarge(AkhbarError, ValueError):
    """An item is still open after more than the bound given: it is not held in memory to find
    its end, and nothing after it can be read. (An item over the bound that ends within the
    buffer is given: the caller skips it by its length.)"""


class _Numbers:
    """parse_int for the decoder: a number too long for int() is kept as its text, and counted."""

    def __init__(self) -> None:
        self.kept = 0

    def __call__(self, digits: str) -> int | str:
        if len(digits) > INT_DIGITS:
            self.kept += 1
            return digits
        return int(digits)


def iter_json_array(handle: BinaryIO, max_item_bytes: int) -> Iterator[ArrayItem]:
    """Each item of the JSON array in `handle` (UTF-8, with or without a BOM), in order.

    Raises NotAnArray, ItemTooLarge (an item over `max_item_bytes`), json.JSONDecodeError
    (with the byte offset in its message) for what is not JSON, or UnicodeDecodeError (the
    bytes are decoded a BLOCK at a time, so the items before the block holding a byte that is
    not UTF-8 have been given; offsets could not hold past a replaced byte); the items before
    any other fault have been given.
    """
    head = handle.read(len(codecs.BOM_UTF8))
    at_bytes = len(head) if head == codecs.BOM_UTF8 else 0
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffer = decoder.decode(head[at_bytes:])
    position, ended = 0, False
    numbers = _Numbers()
    parse = json.JSONDecoder(parse_int=numbers).raw_decode

    def more(wanted: int) -> bool:
        """Read at least `wanted` more bytes (or to the end); False once nothing is left."""
        nonlocal buffer, position, ended
        if ended:
            return False
        if position:
            buffer, position = buffer[position:], 0
        pieces = [buffer]
        got = 0
        while got < wanted:
            block = handle.read(BLOCK)
            if not block:
                pieces.append(decoder.decode(b"", final=True))
                ended = True
                break
            got += len(block)
            pieces.append(decoder.decode(block))
        buffer = "".join(pieces)
        return True

    def next_mark() -> str:
        """The next character that is not a blank (read as needed), or "" at the end."""
        nonlocal position, at_bytes
        while True:
            start = position
            while position < len(buffer) and buffer[position] in _SPACE:
                position += 1
            at_bytes += position - start  # blanks are one byte each
            if position < len(buffer):
                return buffer[position]
            if not more(BLOCK):
                return ""

    if next_mark() != "[":
        raise NotAnArray("the file holds no JSON array at its top")
    position += 1
    at_bytes += 1
    first = True
    while True:
        mark = next_mark()
        if mark == "]":
            return
        if not first:
            if mark != ",":
                raise json.JSONDecodeError(f"expected ',' or ']' at byte {at_bytes}", buffer, position)
            position += 1
            at_bytes += 1
            next_mark()
        first = False
        while True:
            numbers.kept = 0
            try:
                value, end = parse(buffer, position)
            except json.JSONDecodeError as error:
                if len(buffer) - position > max_item_bytes:
                    raise ItemTooLarge(f"an item over {max_item_bytes:,} bytes at byte {at_bytes}") from None
                if more(max(BLOCK, len(buffer) - position)):
                    continue
                raise json.JSONDecodeError(f"{error.msg} (the item at byte {at_bytes})", error.doc, error.pos) from None
            if end == len(buffer) and more(BLOCK):
                continue  # it may go on (a number cut by the block's end)
            break
        text = buffer[position:end]
        length = len(text.encode("utf-8"))
        yield ArrayItem(value, at_bytes, length, numbers.kept, "\\ud" in text or "\\uD" in text)
        position = end
        at_bytes += length
