"""Telling an article's body from the site furniture after it: share prompts, disclaimers, related links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.text.headline import METADATA_LABELS
from corpus.text.normalization import normalize

__all__ = ["Paragraph", "paragraphs", "boilerplate_start", "looks_like_furniture"]

_PATTERNS = [
    r"^(?:شارك|شاركوا|مشاركة|انشر|تابعونا|تابعوا|تابعنا|اشترك|اقرا ايضا|اقرا المزيد|"
    r"اقرا كذلك|المزيد من|لمزيد من|مواضيع ذات صله|اخبار ذات صله|مقالات ذات صله|ذات صله|روابط|الوسوم|كلمات مفتاحيه)",
    r"^(?:تنويه|ملاحظه|اخلاء مسووليه|حقوق النشر|جميع الحقوق|بتاريخ\s*:|تم جلب هذا المحتوي|ظهرت المقاله)",
    r"^(?:شارك|حصه|انشر) (?:هذه|هذا) (?:الماده|المقال|الخبر|الموضوع)",
    r"(?:لا (?:تعبر|تعكس) بالضروره|المسووليه الكامله تقع|الترجمه الاليه|جميع الحقوق محفوظه|الذكاء الاصطناعي كاداه)",
    r"قبل (?:ايام|ساعات|ساعه|يوم|دقايق|اسبوع)$",
    r"^(?:share|follow us|subscribe|read more|related|tags|advertisement|copyright|©)",
    r"^(?:www\.|https?://)\S+$",
    r"^[-–—_*•·|]+$",
]
_LABELLED_LINE = "^(?:{})\\s*[:：]".format(
    "|".join(re.escape(normalize(label)) for labels in METADATA_LABELS.values() for label in labels)
)
"""A metadata line ("المصدر: …") in normalized form: furniture when it trails the body."""
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in (*_PATTERNS, _LABELLED_LINE)))
_LABELLED = re.compile(_LABELLED_LINE)
_SHORT_WORDS = 6
HEAD_LINES = 8
"""The title and the metadata under it (labelled lines, a byline, a date) are looked for this far."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of an article's text, by its offsets into that text."""

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """Every line of the text with its offsets (blank lines included, so offsets stay exact)."""
    found: list[Paragraph] = []
    start = 0
    for line in text.split("\n"):
        found.append(Paragraph(start, start + len(line), line))
        start += len(line) + 1
    return found


FURNITURE_LINES = 200
"""Trailing furniture longer than this many lines is not looked for."""


def looks_like_furniture(line: str) -> bool:
    """Whether a line reads as site furniture: a share prompt, a disclaimer, a "related" list."""
    return bool(_BOILERPLATE.search(normalize(line.strip())))


def _head(lines: list[tuple[int, str]]) -> int:
    """How many of the first non-blank lines are the title and the metadata under it."""
    count = 1
    while count < min(len(lines), HEAD_LINES):
        line = normalize(lines[count][1].strip())
        if not (_LABELLED.search(line) or len(line.split()) <= _SHORT_WORDS):
            break
        count += 1
    return count


def boilerplate_start(parts: list[Paragraph]) -> int:
    """Index of the first paragraph of the trailing furniture, or len(parts) when there is none.

    The furniture starts at a line that looks like it (a share prompt, a disclaimer, a
    "related" list) after which furniture or short link-like lines make up most of the rest.
    Only the last FURNITURE_LINES non-blank lines are looked at, each once. The title, the
    metadata lines under it ("تاريخ النشر: …", "المصدر: …") and the first line of the body
    are never furniture: labelled lines at the top are the article's, not the site's.
    """
    lines = [(i, p.text) for i, p in enumerate(parts) if p.text.strip()]
    first = max(_head(lines) + 1, len(lines) - FURNITURE_LINES)
    tail = lines[first:]
    looks = [looks_like_furniture(text) for _, text in tail]
    counts = [0] * (len(tail) + 1)  # counts[k]: furniture-like lines among tail[k:]
    for k in range(len(tail) - 1, -1, -1):
        counts[k] = counts[k + 1] + (looks[k] or len(tail[k][1].split()) <= _SHORT_WORDS)
    for k, (index, _) in enumerate(tail):
        if looks[k] and counts[k] * 3 >= (len(tail) - k) * 2:
            return index
    return len(parts)
