"""Telling an article's body from the site furniture after it: share prompts, disclaimers, related links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.text.headline import METADATA_LABELS
from corpus.text.normalization import normalize

__all__ = ["Paragraph", "paragraphs", "boilerplate_start", "looks_like_furniture", "trailing_furniture"]

_PATTERNS = [
    r"^(?:شارك|شاركوا|مشاركة|انشر|تابعونا|تابعوا|تابعنا|اشترك|اقرا ايضا|اقرا المزيد|"
    r"اقرا كذلك|المزيد من|لمزيد من|مواضيع ذات صله|اخبار ذات صله|مقالات ذات صله|ذات صله|روابط|الوسوم|كلمات مفتاحيه)",
    r"^(?:تنويه|ملاحظه|اخلاء مسووليه|حقوق النشر|جميع الحقوق|بتاريخ\s*:|تم جلب هذا المحتوي|ظهرت المقاله)",
    r"^(?:شارك|حصه|انشر) (?:هذه|هذا) (?:الماده|المقال|الخبر|الموضوع)",
    r"(?:لا (?:تعبر|تعكس) بالضروره|المسووليه الكامله تقع|الترجمه الاليه|جميع الحقوق محفوظه|الذكاء الاصطناعي كاداه)",
    r"قبل (?:ايام|ساعات|ساعه|يوم|دقايق|اسبوع)$",
    r"^(?:share|follow us|subscribe|read more|related|tags|advertisement|copyright|©)",
]
_CLEAR_PATTERNS = [
    r"^(?:www\.|https?://)\S+$",
    r"^[-–—_*•·|]+$",
    r"^[\W_]*(?:(?:يمكنكم|بامكانكم|تستطيعون) (?:استلام|تسلم|متابعه|تحميل|الاشتراك|مشاهده|الاستماع|التواصل)|للتواصل)\b",
    # the site offering its readers a service: get our notifications, watch, write to us
    r"تطبيق [^.]{0,80}(?:هاتفكم|هواتفكم|جهازكم|اجهزتكم|جوالكم)|^[\W_]*(?:حملوا|نزلوا) (?:تطبيق|التطبيق) ",
    r"تمثل (?:راي|اراء|وجهه نظر) (?:كاتبها|كتابها|كاتبيها|اصحابها|صاحبها|الكاتب)",
]
"""Lines that are furniture wherever they stand, alone: an address, a rule, the site offering its
readers a service, an opinion disclaimer. The other patterns (شارك "share", which also begins
"took part"; ملاحظة) say furniture only among more of it (boilerplate_start)."""
_LABELLED_LINE = "^(?:{})\\s*[:：]".format(
    "|".join(re.escape(normalize(label)) for labels in METADATA_LABELS.values() for label in labels)
)
"""A metadata line ("المصدر: …") in normalized form: furniture when it trails the body."""
_BOILERPLATE = tuple(re.compile(p) for p in (*_PATTERNS, *_CLEAR_PATTERNS, _LABELLED_LINE))
"""Each kind of furniture line on its own: one alternation of them all searches several times slower."""
_CLEAR = tuple(re.compile(p) for p in _CLEAR_PATTERNS)
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


def looks_like_furniture(line: str, patterns: tuple[re.Pattern[str], ...] = _BOILERPLATE) -> bool:
    """Whether a line reads as site furniture: a share prompt, a disclaimer, a "related" list (by
    `patterns`: _CLEAR for lines that are furniture wherever they stand)."""
    line = normalize(line.strip())
    return any(pattern.search(line) for pattern in patterns)


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


TRAILING_LINES = 5
"""How many furniture lines at the end of an article `trailing_furniture` looks through."""
FURNITURE_CHARS = 250
"""A line longer than this is the article's, whatever it begins with."""


def trailing_furniture(text: str) -> int:
    """Where the furniture lines that end an article begin (len(text) when none): its last
    non-blank lines, up to TRAILING_LINES, read from the end while each is furniture wherever it
    stands (_CLEAR_PATTERNS: a site's "get our app" line, an opinion disclaimer, a rule). The
    first non-blank line, the title, is never furniture. Reads only the end of the text, however long."""
    first = len(text) - len(text.lstrip())
    cut = position = len(text)
    for _ in range(TRAILING_LINES):
        while position > 0 and text[position - 1] in "\n\r \t":
            position -= 1
        start = text.rfind("\n", 0, position) + 1
        if (
            start <= first
            or position - start > FURNITURE_CHARS
            or not looks_like_furniture(text[start:position], _CLEAR)
        ):
            break
        cut = position = start
    return cut
