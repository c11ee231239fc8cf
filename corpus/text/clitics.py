"""Arabic proclitics: the letters and prefixes that attach to the front of a word, in one place."""

from __future__ import annotations

__all__ = [
    "CLITIC_LETTERS",
    "ARTICLE_PREFIXES",
    "CHECKED_PREFIXES",
    "DEFINITE_PREFIXES",
    "SHORT_PARTICLES",
    "JOINED_NAME_ENDS",
    "JOINED_NAME_PARTS",
    "TAGGER_PREFIXES",
    "WORD_PREFIXES",
    "with_the_article",
    "without_proclitic",
]

CLITIC_LETTERS = frozenset("وفبلك")
"""The one-letter proclitics: و and, ف so, ب with, ل for, ك like."""

ARTICLE_PREFIXES = ("وال", "لل", "ال")
"""The article and its fused forms: search always strips them."""

CHECKED_PREFIXES = (
    "وبال", "وكال", "فبال", "فال", "بال", "كال", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك",
)  # fmt: skip
"""Conjunctions and prepositions, alone or with the article: stripped only when what is left
is itself a word of the corpus (so فلسطين and لبنان stay whole). Longest first."""

DEFINITE_PREFIXES = tuple(
    sorted({*ARTICLE_PREFIXES, *(p for p in CHECKED_PREFIXES if p.endswith("ال"))}, key=len, reverse=True)
)
"""The article and every clitic fused with it (ال، وال، لل، بال، وبال …), longest first."""


def with_the_article(word: str) -> str:
    """A word behind the article, maybe with a clitic fused with it (بالخليل, للعلا), with the
    article alone (الخليل, العلا); "" for a word without the article."""
    prefix = next((p for p in DEFINITE_PREFIXES if word.startswith(p) and len(word) > len(p) + 1), "")
    return "ال" + word[len(prefix) :] if prefix else ""


WORD_PREFIXES = ("", *ARTICLE_PREFIXES, *CHECKED_PREFIXES)
"""What may stand before a word's base: nothing, the article, a conjunction or preposition
(alone or with the article)."""

SHORT_PARTICLES = frozenset("له لك لي لن لم لو لا ما من عن في ان او ام ثم هو هي هم قد كي يا ذا بل هل اذ كم مع".split())
"""The two-letter function words (prepositions, particles, pronouns, as normalized: إن أن أو أم
folded): what is left when the article comes off الله (له), الأم (أم, "or"), the closed class
Arabic grammar lists, not nouns."""

TAGGER_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
"""What the name tagger's stem feature strips. The shipped model was trained with exactly
these: changing them means retraining it (scripts/train_ner.py)."""


def without_proclitic(word: str, prefix: str) -> str:
    """`word` without its leading `prefix` (a conjunction or preposition), the article kept or
    restored: بالرياض, للرياض, والرياض → الرياض; لكازاخستان → كازاخستان; "" or ال alone: unchanged."""
    if prefix in ("", "ال"):
        return word
    rest = word[len(prefix) :]
    return "ال" + rest if prefix.endswith(("ال", "لل")) else rest


_PROCLITICS_LONGEST_FIRST = tuple(sorted({*CHECKED_PREFIXES, *ARTICLE_PREFIXES}, key=len, reverse=True))


def without_any_proclitic(form: str) -> str:
    """A normalized word without the longest proclitic it carries that leaves three letters or
    more, the article kept or restored as `without_proclitic` does (وبالرئيس → الرئيس, للشيخ →
    الشيخ, وبعمان → عمان)."""
    for prefix in _PROCLITICS_LONGEST_FIRST:
        if form.startswith(prefix) and len(form) - len(prefix) >= 3:
            return without_proclitic(form, prefix)
    return form


JOINED_NAME_PARTS = ("عبد", "ابو")
"""Name parts written both apart and joined to the next word (normalized): عبد الفتاح / عبدالفتاح,
أبو ظبي / أبوظبي."""
JOINED_NAME_ENDS = ("الله",)
"""Name parts written both apart and joined to the word before (normalized): نصر الله / نصرالله,
فضل الله / فضلالله."""
