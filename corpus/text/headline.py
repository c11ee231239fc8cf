"""Titles and metadata read from the text of a plain article."""

from __future__ import annotations

import re

TITLE_LIMIT = 90
"""Roughly how many characters a title cut from a long first sentence keeps."""

_BYLINE = re.compile(r"^\s*(?:بواسطة|بقلم|كتب|كتبت|by)\s*[:：]?\s+(?P<value>.+)$", re.IGNORECASE)
_PUBLISHED_STUB = re.compile(r"^\s*(?:تم النشر|نشر)\s+(?:بتاريخ|في)\b")
METADATA_LABELS: dict[str, tuple[str, ...]] = {
    "date": ("تاريخ النشر", "تاريخ", "نشر بتاريخ"),
    "author": ("الكاتب", "الكاتبة", "المؤلف", "الكاتب/ة"),
    "source": ("المصدر",),
    "url": ("نشر لأول مرة على", "نشر لأول مرة في"),
}
"""The labels of metadata lines ("المصدر: …"), by the metadata key they fill."""


def _alternatives(labels: tuple[str, ...]) -> str:
    return "|".join(re.escape(label) for label in labels)


_LABEL_VALUE = r"[ \t]*[:：][ \t]*(?P<value>\S[^\n]*)"
"""A colon and the rest of the line; trailing blanks are stripped in code, not by the pattern,
which keeps every match linear in the line (a lazy value before trailing blanks backtracks)."""
_METADATA_LINES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(rf"^[ \t]*(?:{_alternatives(labels)}){_LABEL_VALUE}")) for key, labels in METADATA_LABELS.items()
)
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_DATE_IN_TEXT = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_HEAD_LINES = 8


def _is_skippable(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped.split()) == 1 and len(stripped) <= 30:
        return True
    if _BYLINE.match(stripped) or _PUBLISHED_STUB.match(stripped):
        return True
    return any(pattern.match(stripped) for _, pattern in _METADATA_LINES)


def shorten(sentence: str, limit: int = TITLE_LIMIT) -> str:
    """`sentence` cut at a word boundary to about `limit` characters, with an ellipsis when cut."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence.rfind(" ", 0, limit + 1)
    if cut < limit // 2:
        cut = limit
    return sentence[:cut].rstrip(" ،,:;-") + "…"


def title_from_text(text: str) -> str:
    """The first line that reads as a headline, skipping category, byline and date lines."""
    lines = text[:4000].split("\n", _HEAD_LINES * 4)
    candidates = [line for line in lines[: _HEAD_LINES * 4] if line.strip()]
    for line in candidates[:_HEAD_LINES]:
        if not _is_skippable(line):
            return shorten(_MARKDOWN_HEADING.sub("", line))
    if candidates:
        return shorten(_MARKDOWN_HEADING.sub("", candidates[0]))
    return ""


def record_title(title: str, text: str) -> str:
    """The title of a JSON record: its own title with blanks folded, else the one read from its text."""
    return " ".join(title.split()) if title else title_from_text(text)


_LABELLED = re.compile(
    "|".join(rf"^[ \t]*(?:{_alternatives(labels)}){_LABEL_VALUE.replace('value', 'value_' + key)}"
             for key, labels in METADATA_LABELS.items()),
    re.MULTILINE,
)  # fmt: skip


def metadata_from_text(text: str) -> dict[str, str]:
    """Date, author, first-published address and source written as labelled lines in the text.

    A byline ("بواسطة …") in the first lines gives the author too; the first of each wins.
    """
    found: dict[str, str] = {}
    for line in text[:2000].split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        byline = _BYLINE.match(line)
        if byline:
            found["author"] = byline.group("value").strip()
            break
    if ":" not in text and "：" not in text:
        return found
    for match in _LABELLED.finditer(text):
        name = match.lastgroup or "value_"
        key = name[len("value_") :]
        value = match.group(name).rstrip(" \t\r")
        found.setdefault(key, value.split()[0] if key == "url" else value)
    return found


def sortable_date(value: str) -> str:
    """An ISO date (YYYY-MM-DD) found in a metadata value, or an empty string."""
    match = _DATE_IN_TEXT.search(value)
    if not match:
        return ""
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"
