"""Finding text inside one article, as `/` does in less, with Arabic spelling folded."""

from __future__ import annotations

from corpus.text.normalization import TOKEN_PATTERN, normalize, tokenize

__all__ = ["find_in_text"]


def find_in_text(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text`, as (start, end) offsets into `text`, in order.

    Words are compared as search compares them (hamza forms, taa marbuta, alif maqsura and
    diacritics folded): one word matches the words that hold it (شاط finds نشاطات), several
    words match where they follow one another, the first ending and the last beginning as typed.
    Text without letters or digits (punctuation) is found as written.
    """
    words = tokenize(needle)
    if not words:
        return _literal(text, needle.strip())
    spans = [match.span() for match in TOKEN_PATTERN.finditer(text)]
    forms = [normalize(text[start:end]) for start, end in spans]
    found: list[tuple[int, int]] = []
    if len(words) == 1:
        return [span for span, form in zip(spans, forms, strict=True) if words[0] in form]
    last = len(words) - 1
    for i in range(len(forms) - last):
        if not forms[i].endswith(words[0]) or not forms[i + last].startswith(words[last]):
            continue
        if all(forms[i + k] == words[k] for k in range(1, last)):
            found.append((spans[i][0], spans[i + last][1]))
    return found


def _literal(text: str, needle: str) -> list[tuple[int, int]]:
    if not needle:
        return []
    found, start = [], text.find(needle)
    while start != -1:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return found
