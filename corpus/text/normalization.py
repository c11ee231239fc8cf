"""Arabic-aware normalization and tokenization, one function for documents and queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator

from corpus.text.clitics import ARTICLE_PREFIXES, CHECKED_PREFIXES, CLITIC_LETTERS

__all__ = [
    "normalize",
    "iter_token_spans",
    "tokenize",
    "clitic_base",
    "without_clitics",
    "nisba_base",
    "search_keys",
]

_REMOVED = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat and other Arabic marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]  # zero-width, soft hyphen
    + ["\u200e", "\u200f", "\u061c"]  # LRM, RLM, ALM
    + [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
    + [chr(c) for c in range(0x0610, 0x061B)]  # Quranic annotation marks
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)

_FOLDED = {
    "آ": "ا",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
}

_TABLE: dict[int, str | None] = {ord(c): None for c in _REMOVED}
_TABLE.update({ord(k): v for k, v in _FOLDED.items()})
for _digit in range(10):
    _TABLE[0x0660 + _digit] = str(_digit)  # Arabic-Indic
    _TABLE[0x06F0 + _digit] = str(_digit)  # Persian (Extended Arabic-Indic)
_TABLE[0x066B] = "."  # Arabic decimal separator
_TABLE[0x066C] = ","  # Arabic thousands separator


def normalize(text: str) -> str:
    """Fold `text` to its search form: NFKC, no marks, one alef, one ya, ASCII digits, casefolded."""
    if text.isascii():
        return text.casefold()
    if len(text) > LONG_MARK_RUN and _MARK_RUN.search(text):
        # NFKC reorders a run of marks by insertion sort: quadratic in a run of 200,000
        # harakat. Marks are dropped in the end anyway, so such text loses them first.
        text = _MARK_RUN.sub("", text.translate(_TABLE))
    return unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
LONG_MARK_RUN = 32
"""More combining marks than this in a row never occur in real text (see normalize)."""
_MARK_RUN = re.compile(rf"[\u0300-\u036f{_MARKS}]{{{LONG_MARK_RUN},}}")
TOKEN_PATTERN = re.compile(rf"\d+(?:[.,\u066b\u066c]\d+)*|[{_MARKS}]*[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")
"""A token: a number (with decimal or thousands separators), or a run of letters and their marks."""


def iter_token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, normalized form) for every token of `text`, offsets into `text`."""
    for match in TOKEN_PATTERN.finditer(text):
        form = normalize(match.group())
        if form:
            yield match.start(), match.end(), form


def tokenize(text: str) -> list[str]:
    """The normalized tokens of `text`, in order."""
    return [form for _, _, form in iter_token_spans(text)]


_NISBA_SUFFIXES = ("يون", "يين", "يات", "يه", "ي")
_MIN_BASE = 3
_STARTS = CLITIC_LETTERS | {"ا"}
"""A word that can carry a clitic starts with one of these (ا for the article)."""


def _attested(word: str, vocabulary: Container[str]) -> bool:
    return word in vocabulary or ("ال" + word) in vocabulary


def clitic_base(word: str, vocabulary: Container[str]) -> str | None:
    """The word without its leading clitics, or None when nothing attested can be stripped.

    The article and its fused forms (ال، لل، وال) always go; the conjunctions and
    prepositions (و ف ب ل ك and their combinations with ال) go only when what is left
    is itself in the vocabulary, so names such as فلسطين and لبنان stay whole.
    """
    if word[:1] not in _STARTS:
        return None
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    for prefix in CHECKED_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= _MIN_BASE and _attested(rest, vocabulary):
            return rest
    return None


def without_clitics(word: str, vocabulary: Container[str]) -> str:
    """The word without its leading clitics where they can be stripped, else the word itself."""
    return clitic_base(word, vocabulary) or word


def nisba_base(word: str, vocabulary: Container[str]) -> str | None:
    """The place or group a relative adjective is formed from (كازاخستاني → كازاخستان), if attested."""
    if word[-1:] not in ("ي", "ه", "ن", "ت"):
        return None
    for suffix in _NISBA_SUFFIXES:
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= _MIN_BASE and rest in vocabulary:
            return rest
    return None


def search_keys(word: str, vocabulary: Container[str]) -> tuple[str, ...]:
    """The keys a normalized word is found under besides itself: its clitic base and nisba base."""
    keys: list[str] = []
    base = clitic_base(word, vocabulary)
    if base is not None:
        keys.append(base)
    nisba = nisba_base(base if base is not None else word, vocabulary)
    if nisba is not None and nisba != word:
        keys.append(nisba)
    return tuple(keys)
