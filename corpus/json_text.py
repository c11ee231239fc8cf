"""JSON that is safe on a terminal: what `search --json`, `list --json` and `export --format
jsonl` print.

`json.dumps(..., ensure_ascii=False)` keeps Arabic readable but leaves DEL, the C1 controls
(U+0080 to U+009F, among them CSI, which terminals obey), the bidi controls and the line and
paragraph separators raw. They are written as \\u escapes instead, which every JSON reader
decodes back to the same text.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["JSON_ESCAPED", "json_text"]

BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Explicit directional marks, embeddings, overrides and isolates (tui.display.BIDI_CONTROLS,
which a test keeps equal: the display engine may not import the core)."""

JSON_ESCAPED = frozenset(chr(c) for c in range(0x7F, 0xA0)) | BIDI_CONTROLS | {"\u2028", "\u2029"}
"""What json.dumps leaves raw that a terminal would act on."""

_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in JSON_ESCAPED}
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(c) for c in sorted(JSON_ESCAPED)) + "]")
"""Most text has none of the escaped characters: a regex scan finds out faster than translating."""


def json_text(data: Any, *, indent: int | None = None) -> str:
    """`data` as JSON (on one line unless `indent`), Arabic kept as it is, every character of
    JSON_ESCAPED written as a \\u escape."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text
