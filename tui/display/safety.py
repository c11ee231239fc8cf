"""Making untrusted text safe to show: controls become visible symbols, one for one."""

from __future__ import annotations

from typing import Literal

__all__ = ["BIDI_CONTROLS", "BIDI_MARKER", "visible"]

BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Explicit directional marks, embeddings, overrides and isolates (the Trojan Source characters)."""

BIDI_MARKER = "◆"
"""What an explicit bidi control looks like in the reader."""

ZERO_WIDTH_SPACE = "\u200b"

_BASE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}  # ␀ … ␟, ␛ for ESC
_BASE[0x09] = " "
_BASE[0x7F] = "\u2421"  # ␡
_BASE.update({c: "\u2426" for c in range(0x80, 0xA0)})  # C1 controls (CSI, OSC, NEL…) → ␦
_BASE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})  # lone surrogates from JSON
_BASE[0x2028] = "\u21b5"  # line separator → ↵
_BASE[0x2029] = "\u00b6"  # paragraph separator → ¶
_BASE.update({c: "\u2426" for c in range(0xFFF9, 0xFFFC)})  # interlinear annotation
# Blank fillers that Rich measures as 0 cells and terminals draw 1 or 2 cells wide: shown as ␣,
# which every terminal draws in one cell, so no line spills past its width.
_BASE.update({c: "\u2423" for c in (0x115F, 0x1160, 0x3164, 0xFFA0)})
# Variation selector 16 asks for emoji presentation, which xterm, kitty and WezTerm draw two
# cells wide while the character before it is measured as one: dropped from what is drawn.
_BASE[0xFE0F] = ZERO_WIDTH_SPACE

_MARK = dict(_BASE)
_MARK.update({ord(c): BIDI_MARKER for c in BIDI_CONTROLS})
_STRIP = dict(_BASE)
_STRIP.update({ord(c): ZERO_WIDTH_SPACE for c in BIDI_CONTROLS})
_MARK_LINES = {k: v for k, v in _MARK.items() if k != 0x0A}
_STRIP_LINES = {k: v for k, v in _STRIP.items() if k != 0x0A}

_PRINTABLE_SHOWN_OTHERWISE = frozenset(chr(code) for code in _MARK if chr(code).isprintable())
"""The characters replaced that Python calls printable (the blank fillers, VS16); the others
replaced are controls, separators or surrogates, which it does not."""

BidiPolicy = Literal["mark", "strip"]


def visible(text: str, *, bidi: BidiPolicy = "mark", keep_newlines: bool = False) -> str:
    """`text` with every terminal control replaced by a visible symbol, character for character.

    The result has the same length as `text`, so offsets into one are offsets into the
    other. Bidi controls become a visible marker ("mark") or a zero-width space ("strip"),
    so they can never reorder what is shown.
    """
    if text.isprintable() and _PRINTABLE_SHOWN_OTHERWISE.isdisjoint(text):
        return text  # nothing to replace: tested in C, where translating costs a lookup a character
    if keep_newlines:
        return text.translate(_MARK_LINES if bidi == "mark" else _STRIP_LINES)
    return text.translate(_MARK if bidi == "mark" else _STRIP)
