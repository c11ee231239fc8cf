"""Spelling variants: what a typo costs, by the letters involved, and how much a word may spend.

Edits that Arabic writers make all the time cost half: a long vowel left out or added
(خلد for خالد), a letter swapped for one that sounds or looks alike (ض/ظ, ذ/ز, ث/س, the
ق/ك/ج/غ of transliterated names), and a hamza written on the line for one on its seat
(مءتمر). Two neighbouring letters typed the wrong way round (الكيوت for الكويت: the commonest
slip of the fingers) cost three quarters: a typo more
likely than any other edit, but less than a vowel, which would make بابا of اببا (ابابا); so do a
letter typed for its neighbour on the keyboard (الرياص for الرياض) and a letter typed twice
(قطرر for قطر). Every other insertion, deletion or substitution costs one.
"""

from __future__ import annotations

import os

from corpus.text.sounds import letter_classes

__all__ = ["CHEAP", "SWAP", "budget", "edit_cost", "may_be_fuzzed", "same_skeleton", "variant_cost"]

CHEAP = 0.5
SWAP = 0.75
VOWELS = frozenset("اوي")
CONFUSED = (
    frozenset("ايهى"),  # ا/ى/ي/ة/ه at a word's end (ة is folded to ه)
    *letter_classes(shin=False),  # the letters one sound is written with (ش is too far from س for a typo)
    frozenset("ضظد"),  # ظ also looks like ض and is said د or ض in much of the Arab world
)
HAMZA_SEATS = "اوي"
"""A hamza on the line written for one on its seat costs half (مءتمر for مؤتمر, folded to موتمر),
the seats never for each other."""
_CONFUSED_PAIRS = frozenset((a, b) for group in CONFUSED for a in group for b in group if a != b) | frozenset(
    pair for seat in HAMZA_SEATS for pair in (("ء", seat), (seat, "ء"))
)


ARABIC_KEYS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ءؤرىةوزظ")
"""The rows of the Arabic keyboard (PC Arabic 101, ة and ى as normalized words hold them; لا,
two letters on one key, left out): a letter typed for its neighbour in a row is a slip of the
finger (الرياص for الرياض: ص beside ض)."""
_KEY_PAIRS = {pair for row in ARABIC_KEYS for a, b in zip(row, row[1:], strict=False) for pair in ((a, b), (b, a))}
_NEIGHBOUR_KEYS = frozenset(
    _KEY_PAIRS | {(a.replace("ه", "ة"), b.replace("ه", "ة")) for a, b in _KEY_PAIRS if "ه" in a + b}
)
"""Letters on neighbouring keys, ة as ه's (a word's final ة is typed as ه as often: one letter)."""


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if (a, b) in _CONFUSED_PAIRS:
        return CHEAP
    return SWAP if (a, b) in _NEIGHBOUR_KEYS else 1.0


def _indel_at(word: str, at: int) -> float:
    """What the letter of `word` at `at` costs left out or added: a vowel half, a letter beside
    its twin (a key struck twice: قطرر) three quarters, any other one."""
    letter = word[at]
    if letter in VOWELS:
        return CHEAP
    doubled = (at > 0 and word[at - 1] == letter) or (at + 1 < len(word) and word[at + 1] == letter)
    return SWAP if doubled else 1.0


def edit_cost(a: str, b: str) -> float:
    """The weighted optimal-string-alignment distance between two words (see the module doc)."""
    rows, cols = len(a) + 1, len(b) + 1
    table = [[0.0] * cols for _ in range(rows)]
    for i in range(1, rows):
        table[i][0] = table[i - 1][0] + _indel_at(a, i - 1)
    for j in range(1, cols):
        table[0][j] = table[0][j - 1] + _indel_at(b, j - 1)
    for i in range(1, rows):
        for j in range(1, cols):
            best = min(
                table[i - 1][j] + _indel_at(a, i - 1),
                table[i][j - 1] + _indel_at(b, j - 1),
                table[i - 1][j - 1] + _substitution(a[i - 1], b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, table[i - 2][j - 2] + SWAP)
            table[i][j] = best
    return table[-1][-1]


def variant_cost(a: str, b: str, distance: int) -> float:
    """`edit_cost`, knowing the plain edit distance: one edit is classified in linear time
    (the common case, and the one the search path meets for every candidate)."""
    if distance != 1:
        return edit_cost(a, b)
    i = len(os.path.commonprefix([a, b]))
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return _substitution(a[i], b[i])
        return SWAP  # two neighbours swapped
    longer = a if len(a) > len(b) else b
    return _indel_at(longer, i)


def budget(word: str) -> float:
    """What a spelling variant of `word` may cost: one cheap edit for three letters, one edit up
    to seven, two beyond; nothing for shorter words."""
    if len(word) < 3:
        return 0.0
    if len(word) == 3:
        return CHEAP
    return 1.0 if len(word) <= 7 else 2.0


def may_be_fuzzed(word: str) -> bool:
    """Numbers, and short Latin words (acronyms: TRIPP, UN), are only ever matched as written."""
    if any(c.isdigit() for c in word):
        return False
    return not (word.isascii() and len(word) <= 5)


def same_skeleton(word: str, candidate: str) -> bool:
    """A variant keeps the word's first or last letter: توكاييف does not drift to كوكايين."""
    return word[:1] == candidate[:1] or word[-1:] == candidate[-1:]
