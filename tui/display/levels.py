"""Resolved embedding levels of one paragraph (UAX #9, rules W1 to I2 with bracket pairs, N0).

Text reaching this module has had its explicit bidi controls replaced by visible markers
(see tui.display.safety), so the paragraph is one isolating run sequence; any explicit control
that still arrives is treated as a removed (X9) character and cannot reorder anything. The
marker itself is treated as removed too, taking the level of the character before it: the
control it shows never took part in ordering, so neither does the marker (8◆.◆9, an LRO round
the point, stays 8.9 in order instead of splitting the number into runs shown as 9.8).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import groupby

from bidi.mirror import MIRRORED as _MIRRORED

from tui.display.safety import BIDI_MARKER

MIRRORED: dict[str, str] = _MIRRORED
"""Characters and their mirrored glyphs (python-bidi's table, typed here: the package has no hints)."""

__all__ = ["bidi_class", "paragraph_level", "resolve_levels", "mirror", "is_rtl_text"]

_REMOVED = frozenset({"BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
_MAX_BRACKET_DEPTH = 63
_ONLY_RIGHT_TO_LEFT = frozenset({"R", "AL", "NSM", "WS", "ON", "S", "B", "CS", "ES", "ET", "BN"})
"""Classes that all resolve to level 1 in an RTL paragraph without L, EN or AN beside them."""


@lru_cache(maxsize=4096)
def bidi_class(char: str) -> str:
    """The Bidi_Class of a character; unassigned code points in Arabic blocks count as AL."""
    if char == BIDI_MARKER:
        return "BN"
    found = unicodedata.bidirectional(char)
    if found:
        return found
    code = ord(char)
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "AL"
    if 0x0590 <= code <= 0x05FF or 0x07C0 <= code <= 0x085F:
        return "R"
    return "L"


def mirror(char: str) -> str:
    """The mirrored glyph of a character shown at an odd level (rule L4), or the character."""
    return MIRRORED.get(char, char)


def _canonical_bracket(char: str) -> str:
    return {"\u2329": "\u3008", "\u232a": "\u3009"}.get(char, char)


_OPENERS: dict[str, str] = {}
for _char, _mirrored in MIRRORED.items():
    if unicodedata.category(_char) == "Ps" and unicodedata.category(_mirrored) == "Pe":
        _OPENERS[_canonical_bracket(_char)] = _canonical_bracket(_mirrored)
_CLOSERS = frozenset(_OPENERS.values())
_BRACKET_CHARS = frozenset(_OPENERS) | _CLOSERS | {"\u2329", "\u232a"}


def paragraph_level(text: str, default: int = 0) -> int:
    """P2/P3: 1 when the first strong character is right-to-left, 0 when left-to-right."""
    for char in text:
        kind = bidi_class(char)
        if kind == "L":
            return 0
        if kind in ("R", "AL"):
            return 1
    return default


def is_rtl_text(text: str) -> bool:
    """True when Arabic or Hebrew letters outnumber Latin ones: the direction of a whole article."""
    rtl = ltr = 0
    for char in text[:4000]:
        kind = bidi_class(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L" and char.isalpha():
            ltr += 1
    return rtl > ltr


def _strong(kind: str) -> str | None:
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "EN", "AN"):
        return "R"
    return None


class _ClassTable(dict[str, str]):
    """Character → Bidi_Class, filled on first use."""

    def __missing__(self, char: str) -> str:
        found = self[char] = bidi_class(char)
        return found


_CLASSES = _ClassTable()


def resolve_levels(text: str, base_level: int) -> list[int]:
    """The embedding level of every character of a paragraph with the given base level (0 or 1).

    The rules run over runs of characters of one class, which gives the same result as
    running them character by character (UAX #9 W1 to W7, N0 to N2, I1 and I2).
    """
    original = list(map(_CLASSES.__getitem__, text))
    if base_level == 1 and _ONLY_RIGHT_TO_LEFT.issuperset(original):
        return [1] * len(text)  # nothing left-to-right, no numbers: every class resolves to R
    if _REMOVED.isdisjoint(original):
        kept = None
        classes = original
    else:
        kept = [i for i, kind in enumerate(original) if kind not in _REMOVED]
        classes = [original[i] for i in kept]
    positions = kept if kept is not None else range(len(text))
    if _BRACKET_CHARS.isdisjoint(text):
        brackets: set[int] = set()
    else:
        brackets = {k for k, i in enumerate(positions) if text[i] in _BRACKET_CHARS}
    types: list[str] = []
    lengths: list[int] = []
    starts: list[int] = []
    start = 0
    for kind, group in groupby(classes):
        length = len(list(group))
        if brackets and kind == "ON" and any(k in brackets for k in range(start, start + length)):
            for k in range(start, start + length):
                types.append("ON")
                lengths.append(1)
                starts.append(k)
        else:
            types.append(kind)
            lengths.append(length)
            starts.append(start)
        start += length
    count = len(types)
    embedding = "R" if base_level % 2 else "L"
    sos = eos = embedding

    previous = sos
    for k in range(count):  # W1
        if types[k] == "NSM":
            types[k] = "ON" if previous in ("LRI", "RLI", "FSI", "PDI") else previous
        else:
            previous = types[k]
    last_strong = sos
    for k in range(count):  # W2, W3
        kind = types[k]
        if kind in ("L", "R", "AL"):
            last_strong = kind
            if kind == "AL":
                types[k] = "R"
        elif kind == "EN" and last_strong == "AL":
            types[k] = "AN"
    for k in range(1, count - 1):  # W4
        kind = types[k]
        if lengths[k] != 1 or kind not in ("ES", "CS"):
            continue
        before, after = types[k - 1], types[k + 1]
        if kind == "ES" and before == after == "EN":
            types[k] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            types[k] = before
    for k in range(count):  # W5
        if types[k] == "ET":
            end = k
            while end < count and types[end] == "ET":
                end += 1
            if (k > 0 and types[k - 1] == "EN") or (end < count and types[end] == "EN"):
                for j in range(k, end):
                    types[j] = "EN"
    for k in range(count):  # W6
        if types[k] in ("ES", "ET", "CS"):
            types[k] = "ON"
    last_strong = sos
    for k in range(count):  # W7
        kind = types[k]
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[k] = "L"

    if brackets:
        _resolve_brackets(text, positions, starts, types, original, embedding, sos)

    k = 0
    while k < count:  # N1, N2
        if types[k] not in _NEUTRAL:
            k += 1
            continue
        end = k
        while end < count and types[end] in _NEUTRAL:
            end += 1
        strong_before = _strong(types[k - 1]) if k > 0 else sos
        strong_after = _strong(types[end]) if end < count else eos
        fill = strong_before if strong_before == strong_after and strong_before is not None else embedding
        for j in range(k, end):
            types[j] = fill
        k = end

    resolved: list[int] = []
    even = base_level % 2 == 0
    for kind, length in zip(types, lengths, strict=True):  # I1, I2
        if even:
            level = base_level + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        else:
            level = base_level + (1 if kind in ("L", "EN", "AN") else 0)
        resolved.extend([level] * length)
    if kept is None:
        return resolved
    levels = [base_level] * len(text)
    level = base_level
    cursor = 0
    for i in range(len(text)):
        if cursor < len(kept) and kept[cursor] == i:
            level = levels[i] = resolved[cursor]
            cursor += 1
        else:
            levels[i] = level
    return levels


def _resolve_brackets(
    text: str,
    positions: Sequence[int],
    starts: list[int],
    types: list[str],
    original: list[str],
    embedding: str,
    sos: str,
) -> None:
    """N0: a bracket pair takes the direction of what it encloses, or of the context before it.

    Works on runs; every bracket is a run of its own (see resolve_levels).
    """
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for run, kind in enumerate(types):
        if kind != "ON":
            continue
        char = _canonical_bracket(text[positions[starts[run]]])
        if char in _OPENERS:
            if len(stack) == _MAX_BRACKET_DEPTH:
                return
            stack.append((_OPENERS[char], run))
        elif char in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], run))
                    del stack[depth:]
                    break
    opposite = "L" if embedding == "R" else "R"
    for opening, closing in sorted(pairs):
        inside = {_strong(types[k]) for k in range(opening + 1, closing)}
        if embedding in inside:
            direction = embedding
        elif opposite in inside:
            context = sos
            for k in range(opening - 1, -1, -1):
                found = _strong(types[k])
                if found is not None:
                    context = found
                    break
            direction = opposite if context == opposite else embedding
        else:
            continue
        for bracket in (opening, closing):
            types[bracket] = direction
            follow = bracket + 1
            while follow < len(types) and original[positions[starts[follow]]] == "NSM":
                types[follow] = direction
                follow += 1
