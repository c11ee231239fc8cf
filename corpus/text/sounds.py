"""Letters one foreign sound is written with in Arabic, folded to one class: how names written
several ways (غوتيريش, جوتيريش, غوتيريس; بوتين, بوتن) are found to be one name."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["LONG_VOWELS", "SOUND_CLASSES", "letter_classes", "sound_form", "sound_key"]

SOUND_CLASSES = str.maketrans(
    {"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج", "ط": "ت", "ص": "س", "ث": "س", "ش": "س"}
    | {"ض": "د", "ذ": "ز", "ظ": "ز", "ة": "ه"}
)
"""ج غ ق ك گ; ت ط; س ص ث ش; د ض; ز ذ ظ; ه ة (the last is folded already in normalized text)."""

_KEY_CLASSES = {letter: sound for letter, sound in SOUND_CLASSES.items() if letter != ord("ش")}
"""SOUND_CLASSES with ش kept apart, for `sound_key`: its fuzzy comparisons of surnames within an
article would otherwise join الشلهوب and السهلاوي, الشمراني and الناصر (measured on the 69k bench:
12 people changed, most of them wrongly joined)."""

_FOREIGN_SOUNDS = str.maketrans({"خ": "ج"})
"""خ also writes a foreign person's g or j (سيرخيو, سيرجيو: Sergio; يواخيم, يواكيم: Joachim): for
`sound_form(…, foreign=True)` alone. Elsewhere it joins too much: الخليل and الجليل (Hebron,
Galilee), a typo's neighbours, surnames inside an article."""

LONG_VOWELS = frozenset("اوي")


def letter_classes(*, shin: bool = True) -> list[frozenset[str]]:
    """SOUND_CLASSES as sets of letters (each with the letter it folds to); without ش when not `shin`."""
    classes: dict[str, set[str]] = {}
    for letter, sound in SOUND_CLASSES.items():
        if shin or letter != ord("ش"):
            classes.setdefault(str(sound), {str(sound)}).add(chr(letter))
    return [frozenset(letters) for letters in classes.values()]


@lru_cache(maxsize=1 << 18)
def sound_form(word: str, *, foreign: bool = False) -> str:
    """Letters folded to sound classes, doubles collapsed, تش read as ش (the ch of a foreign name,
    written both ways: تشافيز and شافيز, منوتشين and منوشين, راكيتيتش and راكيتيش); with `foreign`,
    خ as ج too (_FOREIGN_SOUNDS)."""
    word = word.replace("تش", "ش").translate(SOUND_CLASSES)
    if foreign:
        word = word.translate(_FOREIGN_SOUNDS)
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])


@lru_cache(maxsize=1 << 16)
def sound_key(word: str) -> str:
    """`sound_form` without the long vowels after the first letter nor a final ه: the skeleton
    two spellings of one surname share (محمدوفا, مامادوفا); ش stays itself (see _KEY_CLASSES)."""
    word = word.translate(_KEY_CLASSES)
    if len(word) > 1:
        word = word[0] + "".join(c for c in word[1:] if c not in LONG_VOWELS)
    if len(word) > 2 and word.endswith("ه"):
        word = word[:-1]
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
