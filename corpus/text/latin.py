"""Latin letters for Arabic words: the sound keys that let a word typed in Latin letters
(putin, erdogan, khashoggi, al-sisi) or in Arabizi (mo7amed, 7amas, 3abd) meet the Arabic
words of the archive, and the Arabic keyboard pressed on a Latin layout (hgsdsd is السيسي).

Both scripts are read into one alphabet of sound classes, loose enough that the usual
spellings of a name meet (p/b, v/f, e/i/y, g/j/q/k/gh, ou/u, doubled letters, the article):

- the **coarse key** keeps the consonant classes only (بوتين and putin: BTN); the archive's
  words are looked up by it;
- the **shape** also marks where vowels stand (bVtVn); it scores how closely a word of the
  archive fits, the Latin short vowels that Arabic does not write costing a little.

A Latin spelling often has several readings (c is k or s, ch is sh, kh or k, a final h is
written or not); `latin_readings` gives them all (a few), and each is compared.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from functools import lru_cache

from corpus.text.normalization import normalize
from corpus.text.shipped import cities_named_like_countries, countries, latin_name_words, latin_names
from corpus.text.titles import REGAL_TITLES

__all__ = [
    "ARABIZI_DIGITS",
    "arabic_key",
    "arabic_shape",
    "fold_latin",
    "from_keyboard",
    "is_latin_word",
    "latin_readings",
    "latin_spelled",
    "latin_spellings",
    "spelled_by_rule",
    "spelled_letters",
    "spelled_name_words",
    "latin_words",
    "romanize",
    "shape_cost",
    "strip_arabic_article",
    "strip_article",
]

VOWELS = "aeiouăĕĭŏŭ"
"""Vowels in a shape, lower case: Arabic writes its long ones (ا a, و u, ي i), Latin all of
them; ă ĕ ĭ ŏ ŭ are Latin vowels known to be short (before a doubled consonant)."""
SHORT_VOWELS = "ăĕĭŏŭ"
GLOTTAL = "'"
"""ع and ء in a shape: Latin writes them as a vowel, 3, 2, an apostrophe or nothing."""
FINAL_HA = "h"
"""A final ه in an Arabic shape (mostly ة): written a, ah or nothing in Latin."""
FINAL_YA = "y"
"""A final ي in an Arabic shape after a consonant: i (علي) or, where it was ى, a (موسى، مصطفى)."""

_ARABIC_CLASSES = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "T", "ج": "J", "ح": "H", "خ": "X", "د": "D", "ذ": "D", "ض": "D",
    "ر": "R", "ز": "Z", "ظ": "Z", "س": "S", "ص": "S", "ش": "C", "چ": "C", "غ": "Ɣ", "ق": "Q", "ك": "K", "گ": "G",
    "ف": "F", "ڤ": "F", "ل": "L", "م": "M", "ن": "N", "ه": "H", "ا": "a", "و": "u", "ي": "i", "ع": GLOTTAL,
    "ء": GLOTTAL,
}  # fmt: skip
"""Each Arabic letter (normalized: ة is ه, ى is ي, أ إ آ are ا) → its sound class; ج (J), غ (Ɣ),
ق (Q) and ك (K) are one class in a coarse key (KINDRED), as Latin mixes them up (g, j, q, k, gh)."""
KINDRED = {"J": "K", "G": "K", "Ɣ": "K", "Q": "K"}
"""Sound classes of one coarse class: the key of every reading of g, j, q, k, gh is K."""

Unit = tuple[tuple[str, float], ...]
"""What one Latin letter or digraph may stand for: (classes, what that reading costs)."""


def _unit(*readings: str) -> Unit:
    """The readings of a unit, the first free, each other costing a little (c is k first, s second)."""
    return tuple((reading, 0.1 * rank) for rank, reading in enumerate(readings))


_LATIN_UNITS: dict[str, Unit] = {
    "sch": _unit("C"), "tch": _unit("C", "TC"), "sh": _unit("C", "SH"), "ch": _unit("C", "TC", "X", "K"),
    "wh": _unit("w"),
    "kh": _unit("X"), "gh": _unit("Ɣ"), "th": _unit("T", "D", "TH"), "dh": _unit("D", "Z", "DH"), "ph": _unit("F"),
    "ck": _unit("K"), "dj": _unit("J"), "zh": _unit("ZH", "J"), "aa": _unit("a", "'a"), "3'": _unit("Ɣ"),
    "7'": _unit("X"), "ou": _unit("u"), "oo": _unit("u"),
    "ee": _unit("i"), "b": _unit("B"), "p": _unit("B"), "t": _unit("T"), "d": _unit("D"), "j": _unit("J"),
    "g": _unit("G"), "q": _unit("Q"), "k": _unit("K", "X"), "c": _unit("K", "S"), "x": _unit("KS", "C", "X"),
    "h": _unit("H"), "r": _unit("R"), "z": _unit("Z"), "s": _unit("S"), "f": _unit("F"), "v": _unit("F"),
    "l": _unit("L"), "m": _unit("M"), "n": _unit("N"), "a": _unit("a"), "e": _unit("e"), "i": _unit("i"),
    "o": _unit("o"), "u": _unit("u"), "y": _unit("y"), "w": _unit("w"), "2": _unit(GLOTTAL, "Q"), "3": _unit(GLOTTAL),
    "5": _unit("X"), "6": _unit("T"), "7": _unit("H"), "8": _unit("Ɣ"), "9": _unit("Q", "S"), "'": _unit(GLOTTAL),
}  # fmt: skip
"""Latin letters, digraphs and Arabizi digits → the sound classes each may stand for."""
_UNIT = re.compile("|".join(sorted(map(re.escape, _LATIN_UNITS), key=len, reverse=True)))
_GLIDE_AFTER_VOWEL = re.compile("([aeiou])([yw])")
"""A y or w after a vowel is one with it (riyadh, houthi's ou, mawlid): read as the vowel ي or و."""
_SILENT_H = re.compile("[aeiou](h)[bdfjklmnpqrstvz]")
"""An h between a vowel and a consonant, which may be silent (johnson) or not (ahmed)."""
_NH_BEFORE_VOWEL = re.compile("n(h)[aeiou]")
"""Portuguese nh before a vowel, said ny (mourinho: مورينيو, coutinho: كوتينيو), or an h of its own."""
_SOLID_ARTICLE = re.compile(r"^[aeiu](?:([tdrzsnl])\1|shsh)")
"""A word that begins with a vowel and a doubled sun letter may hold the article written solid
(essebsi: السبسي, ennahda: النهضة, assad): the vowel may then stand for nothing written."""
_SILENT_G = re.compile("(?<=n)g(?=[bcdfjklmnpqrstvz])")
"""A g between n and a consonant, which Arabic may leave out (washington: واشنطن); at a word's
end it is written (hong kong: هونغ كونغ, king: كينغ)."""
_M_BEFORE_B = re.compile("m(?=[bp])")
"""An m before b or p, which Arabic often writes ن (jumblatt: جنبلاط, istambul)."""
_BEFORE_DOUBLE = re.compile(r"([aeiou])(?!\1)([b-df-hj-np-tv-z])\2")
"""A vowel before a doubled consonant, which is short: Arabic does not write it (qassim: القصيم,
not القاسم; jeddah: جدة, not جيدا; al-nassr: النصر, not الناصر)."""
_FINAL_ER = re.compile(r"(?<=[b-df-hj-np-tv-z])e(?=rs?$)")
"""The e of a final -er after a consonant, which is short: Arabic does not write it (twitter:
تويتر, not توتير; manchester: مانشستر; amer: عامر)."""
_BEFORE_SILENT_E = re.compile(r"(?<![aeiou])([aiu])(?=[bcdfgklmnprstvz]e(?:[b-df-hj-np-tv-z]|$))")
"""A vowel before one consonant and an e that ends the word or a syllable, which English says
long (face, tube, nike): a may be ي (facebook: فيسبوك), i اي (nike: نايكي), u يو (youtube:
يوتيوب), at a little cost beside the plain reading."""
_ENGLISH_LONG = {"a": (("a", 0.0), ("e", 0.1)), "i": (("i", 0.0), ("ai", 0.1)), "u": (("u", 0.0), ("iu", 0.1))}
_S_BETWEEN_VOWELS = re.compile("(?<=[aeiou])s(?=[aeiou])")
"""An s between vowels, which may be said z (theresa: تيريزا; not in Arabic names: mousa, موسى)."""
_SHORT = dict(zip("aeiou", "ăĕĭŏŭ", strict=True))
"""Each vowel → the same vowel known to be short (SHORT_VOWELS)."""
SILENT_H = 0.3
"""What reading a final h as silent costs (salah is صلاح before صلاه)."""
ARABIZI_DIGITS = "2356789"
"""Digits that Arabizi writes for letters Latin lacks (2 ء/ق, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ, 9 ق/ص)."""
_ARABIZI = re.compile(rf"^(?=(?:.*[a-z]){{3}})[a-z']*(?:[{ARABIZI_DIGITS}]'?[a-z']*)+$|^[a-z']+$")
"""A word of Latin letters alone, or with Arabizi digits, never two digits in a row (f35, a320
and covid19 are no Arabizi), and then with at least three letters (mp3 is none)."""
_FOLDED_LATIN = {"ş": "sh", "ç": "ch", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ı": "i", "đ": "d", "ł": "l"}
ARTICLES = ("al", "el", "ul", "il", "as", "ash", "ad", "an", "ar", "at", "az", "ath", "adh", "ez", "es", "et", "en")
"""The Arabic article as Latin spellings write it, the sun letters assimilated (ash-sham, ar-riyad)."""
_WITH_ARTICLE = re.compile(rf"^(?:{'|'.join(sorted(ARTICLES, key=len, reverse=True))})-(?=[a-z0-9'])")
ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
"""The Arabic article and the clitics fused with it, left out of a key (الرياض is keyed as رياض)."""
MAX_READINGS = 32
"""Readings of one Latin word compared at most (every reading of a long word with many c, ch, x)."""


def fold_latin(word: str) -> str:
    """A Latin word without its accents (erdoğan → erdogan, şam → sham), lower case."""
    word = "".join(_FOLDED_LATIN.get(c, c) for c in word.casefold())
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def is_latin_word(word: str) -> bool:
    """The (normalized) query word is written in Latin letters, maybe with Arabizi digits and
    an article (putin, mo7amed, al-sisi), and can be read as Arabic: three letters or more, a
    vowel among them (bbc and cnn are spelled out, not read)."""
    word = fold_latin(word)
    body = _WITH_ARTICLE.sub("", word)
    letters = sum(c.isalpha() for c in body)
    return bool(_ARABIZI.match(body)) and letters >= 3 and body.isascii() and any(c in "aeiouy" for c in body)


def strip_article(word: str) -> tuple[str, bool]:
    """The Latin word without an article written before it with a hyphen (al-sisi → sisi), and
    whether it had one."""
    bare = _WITH_ARTICLE.sub("", word)
    return bare, bare != word


def latin_words(chunk: str) -> list[str] | None:
    """The query words of a chunk typed in Latin letters or Arabizi, kept whole where tokenizing
    would cut them (mo7amed, 3abd, fatta7, al-sisi, 3'arib); None when the chunk is no such word
    (Arabic, numbers, punctuation: tokenizing reads it)."""
    word = fold_latin(normalize(chunk).strip().strip('.,;:!?()[]{}"«»“”'))
    for apostrophe in "’‘`´":
        word = word.replace(apostrophe, "'")
    possessive = word.endswith("'s")
    word = word[:-2] if possessive else word
    if not word.isascii() or not (possessive or any(c in ARABIZI_DIGITS or c in "-'" for c in word)):
        return None
    if "-" in word and not _WITH_ARTICLE.match(word):
        return None
    return [word] if is_latin_word(word) else None


def _collapse(classes: list[str] | tuple[str, ...]) -> str:
    """The classes as a string, a class that follows itself (or a kindred one) written once (gg,
    ee; قج in خاشقجي)."""
    out: list[str] = []
    for item in classes:
        for c in item:
            if not out or KINDRED.get(out[-1], out[-1]) != KINDRED.get(c, c):
                out.append(c)
    return "".join(out)


def coarse(shape: str) -> str:
    """The coarse key of a shape: its consonant classes (upper case), kindred ones as one,
    doubles across a vowel kept."""
    return "".join(KINDRED.get(c, c) for c in shape if c.isupper())


def strip_arabic_article(term: str) -> str:
    """A normalized Arabic word without its article, or a clitic fused with it (والرياض → رياض)."""
    for article in ARABIC_ARTICLES:
        if term.startswith(article) and len(term) > len(article) + 2:
            return term[len(article) :]  # not الله: its article is part of it
    return term


def _alef_for_maqsura(term: str) -> str:
    """A word's final ى as the long a it is said (موسى: musa, على: ala, never ali), and its final
    ة as the ه normalized text writes (an index term keeps it: جدة, jeddah)."""
    if len(term) > 1 and term[-1] in "ىة":
        return term[:-1] + ("ا" if term[-1] == "ى" else "ه")
    return term


def arabic_shape(term: str, *, article: bool = False) -> str:
    """The shape of a normalized Arabic word: its article (and a clitic fused with it) left out
    unless `article` says it is part of the word (اليسا, Elissa), every letter as its class, a
    final ه as FINAL_HA (بوتين → BuTiN, الرياض → RiaD, مكه → MKh)."""
    term = _alef_for_maqsura(term if article else strip_arabic_article(term))
    final = ""
    if term.endswith("ه") and len(term) > 2:
        term, final = term[:-1], FINAL_HA
    classes = [_ARABIC_CLASSES.get(c, "?") for c in term]
    if term.startswith(("او", "اي")) and len(term) > 2:
        classes[0] = ""  # a hamza's seat before a long vowel is that vowel: أوباما, إيران, أوبك
    elif term.startswith("ا") and len(term) > 2:
        classes[0] = GLOTTAL  # a hamza's seat: أحمد, أردوغان
    if not final and len(term) > 2 and term[-1] == "ي" and classes[-2].isupper():
        classes[-1] = FINAL_YA
    merged: list[tuple[str, str]] = []
    for letter, sound in zip(term, classes, strict=True):
        if merged and (merged[-1][0] == letter == "ل" or _kindred(merged[-1], (letter, sound))):
            continue  # قج in خاشقجي is the gg of khashoggi, لل in الله the ll of allah; سس in مؤسسة stays two
        merged.append((letter, sound))
    return "".join(sound for _, sound in merged) + final


def _kindred(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """Two Arabic letters side by side, (letter, sound class) each, are other letters of one kindred class."""
    return first[0] != second[0] and KINDRED.get(first[1], first[1]) == KINDRED.get(second[1], second[1]) == "K"


_MERGED = re.compile("[جغقك]{2,}|ل{2,}")
"""Runs of letters that a key may count once (arabic_shape): kindred ones, and لل."""


def _merge_run(found: re.Match[str]) -> str:
    """A run of _MERGED as arabic_shape counts it: each letter kindred to the one kept before it
    and not the same letter is left out (قج), and so is every ل after the first."""
    kept = [found[0][0]]
    for letter in found[0][1:]:
        if letter != kept[-1] or letter == "ل":
            continue
        kept.append(letter)
    return "".join(kept)


_COARSE = str.maketrans(
    {letter: KINDRED.get(sound, sound) if sound.isupper() else "" for letter, sound in _ARABIC_CLASSES.items()}
)


def arabic_key(term: str, *, article: bool = False) -> str:
    """The coarse key of a normalized Arabic word, coarse(arabic_shape(term, article=article))
    made faster for the alias table ("" for a word with letters outside Arabic)."""
    term = _alef_for_maqsura(term if article else strip_arabic_article(term))
    if term.endswith("ه") and len(term) > 2:
        term = term[:-1]
    key = _MERGED.sub(_merge_run, term).translate(_COARSE)
    return "" if any(c not in _KEYS for c in key) else key


_KEYS = frozenset(KINDRED.get(sound, sound) for sound in _ARABIC_CLASSES.values() if sound.isupper())


@lru_cache(maxsize=1024)
def latin_readings(word: str, *, solid_article: bool = False) -> tuple[tuple[str, float], ...]:
    """The shapes a Latin or Arabizi word may be read as, each with what the reading costs,
    cheapest first: each letter or digraph as each class it may stand for, the article left
    out, a final h written or silent (فتح, مكه), at most MAX_READINGS. With `solid_article`,
    the readings of the word as one that begins with the article written solid (essebsi:
    sebsi, for السبسي), or none when it cannot be one."""
    bare, _ = strip_article(fold_latin(word))
    bare = _GLIDE_AFTER_VOWEL.sub(lambda m: m[1] + ("i" if m[2] == "y" else "u"), bare.replace("-", ""))
    units = [_LATIN_UNITS.get(u, (("", 0.0),)) for u in _UNIT.findall(bare)]
    if solid_article:
        if not _SOLID_ARTICLE.match(bare):
            return ()
        units[0] = (("", 0.1),)  # essebsi, ennahda: the article written solid
    if len(units) > 2 and bare.endswith(("ah", "eh")) and units[-1] == _LATIN_UNITS["h"]:
        units[-2:] = [((FINAL_HA, 0.0), (bare[-2] + "H", 0.1), (bare[-2], SILENT_H))]  # جده, مكه, فتح
    elif len(units) > 1 and units[-1] == _LATIN_UNITS["h"] and bare[-2:-1] in VOWELS:
        units[-1] = (("H", 0.0), ("", SILENT_H))
    for place, found in enumerate(_SILENT_H.finditer(bare)):
        if place < 2:
            units[_unit_at(bare, found.start(1))] = (("H", 0.0), ("", SILENT_H))  # john, johnson
    for found in _NH_BEFORE_VOWEL.finditer(bare):
        units[_unit_at(bare, found.start(1))] = (("H", 0.0), ("i", 0.1))  # mourinho: مورينيو and مورينهو
    for found in _SILENT_G.finditer(bare):
        units[_unit_at(bare, found.start())] = (("G", 0.0), ("", 0.1))  # washington: واشنطن
    for found in _M_BEFORE_B.finditer(bare):
        units[_unit_at(bare, found.start())] = (("M", 0.0), ("N", 0.1))  # jumblatt: جنبلاط
    for found in _BEFORE_DOUBLE.finditer(bare):
        at = _unit_at(bare, found.start())
        if units[at] == _LATIN_UNITS[found[1]]:
            units[at] = ((_SHORT[found[1]], 0.0),)  # qassim: القصيم; jeddah: جدة
    for found in _FINAL_ER.finditer(bare):
        at = _unit_at(bare, found.start())
        if units[at] == _LATIN_UNITS["e"]:
            units[at] = (("ĕ", 0.0),)
    for found in _BEFORE_SILENT_E.finditer(bare):
        at = _unit_at(bare, found.start())
        if units[at] == _LATIN_UNITS[found[1]]:
            units[at] = _ENGLISH_LONG[found[1]]
    for found in _S_BETWEEN_VOWELS.finditer(bare):
        at = _unit_at(bare, found.start())
        if units[at] == _LATIN_UNITS["s"]:
            units[at] = (("S", 0.0), ("Z", 0.1))
    shapes: dict[str, float] = {}
    for combination, cost in _cheapest(units, MAX_READINGS):
        shape = _collapse(combination)
        if coarse(shape) and cost < shapes.get(shape, 99.0):
            shapes[shape] = cost
    return tuple(sorted(shapes.items(), key=lambda item: item[1]))


def _cheapest(units: list[Unit], most: int) -> list[tuple[list[str], float]]:
    """The `most` cheapest ways to read every unit, cheapest first (a unit's readings cost more
    the later they come, so the cheapest of all is every unit's first)."""
    start = (0,) * len(units)
    heap = [(sum(u[0][1] for u in units), start)]
    seen = {start}
    found: list[tuple[list[str], float]] = []
    while heap and len(found) < most:
        cost, picks = heapq.heappop(heap)
        found.append(([units[i][p][0] for i, p in enumerate(picks)], cost))
        for i, p in enumerate(picks):
            if p + 1 < len(units[i]):
                step = picks[:i] + (p + 1,) + picks[i + 1 :]
                if step not in seen:
                    seen.add(step)
                    heapq.heappush(heap, (cost - units[i][p][1] + units[i][p + 1][1], step))
    return found


def _unit_at(text: str, offset: int) -> int:
    """The number of the unit that starts at `offset` of the text."""
    return sum(1 for found in _UNIT.finditer(text) if found.start() < offset)


def latin_keys(word: str) -> tuple[str, ...]:
    """The coarse keys of a Latin word's readings, with and without a solid article."""
    readings = latin_readings(word) + latin_readings(word, solid_article=True)
    return tuple(dict.fromkeys(coarse(shape) for shape, _ in readings))


SILENT_GLOTTAL = 0.5
"""An ع or ء that the Latin word does not write (abbas for عباس costs less: a vowel stands for it)."""
SHORT_VOWEL = 0.25
"""A Latin vowel that Arabic does not write (the a and e of mohamed)."""
SHORT_AS_LONG = 0.3
"""A Latin vowel known to be short read as an Arabic long vowel."""
INITIAL_VOWEL = 0.8
"""A Latin word's first vowel that the Arabic word does not write: Arabic writes a carrier for
it (ا, ع, أو, إي), so apple is أبل, not بله; opec is أوبك, not بيك."""
LONG_VOWEL = 1.0
"""An Arabic long vowel that the Latin word does not write."""
_VOWEL_PAIRS = {
    ("e", "i"): 0.0, ("o", "u"): 0.0, ("e", "a"): 0.3, ("u", "a"): 0.3, ("o", "a"): 0.5, ("a", "i"): 0.7,
    ("a", "u"): 0.7,
}  # fmt: skip
"""A Latin vowel read as an Arabic long vowel of another quality (trump: ترامب; erdogan: أردوغان)."""
_FINAL_HA = {FINAL_HA: 0.0, "a": 0.1, "e": 0.2, "H": 0.15}
_KINDRED_PAIRS = {
    ("G", "J"): 0.1, ("G", "Ɣ"): 0.1, ("G", "Q"): 0.15, ("J", "G"): 0.1, ("Q", "K"): 0.1, ("K", "Q"): 0.1,
    ("Ɣ", "Q"): 0.3, ("Q", "Ɣ"): 0.3, ("G", "K"): 0.3, ("K", "G"): 0.3, ("Q", "G"): 0.3,
}  # fmt: skip
"""A Latin g, j, q, k or gh read as another Arabic letter of its coarse class: g is ج in Egypt
(gamal), غ (ghouta) or ق (gaddafi); q and k are ق or ك (iraq, irak); the rest cost KINDRED_COST."""
KINDRED_COST = 0.5


def _substitution(latin: str, arabic: str) -> float:
    """What reading a Latin class as an Arabic one costs (a vowel for a vowel of another quality)."""
    if latin in SHORT_VOWELS:
        plain = "aeiou"[SHORT_VOWELS.index(latin)]
        return _substitution(plain, arabic) + (SHORT_AS_LONG if arabic in "aiu" or arabic == FINAL_YA else 0.0)
    if latin == arabic:
        return 0.0
    if arabic == FINAL_HA:
        return _FINAL_HA.get(latin, 2.0)
    if arabic == GLOTTAL:
        return 0.1 if latin in VOWELS else 2.0
    if arabic == FINAL_YA:
        return {"i": 0.0, "e": 0.0, "y": 0.0, "a": 0.4}.get(latin, 0.9)
    if (latin, arabic) in (("y", "i"), ("w", "u")):
        return 0.0
    if latin in VOWELS and arabic in VOWELS:
        return _VOWEL_PAIRS.get((latin, arabic), 0.9)
    if latin in KINDRED or latin == "K":
        return _KINDRED_PAIRS.get((latin, arabic), KINDRED_COST) if arabic in KINDRED or arabic == "K" else 2.0
    return 2.0


def _insertion(latin: str) -> float:
    return SHORT_VOWEL if latin in VOWELS else 1.0


def _deletion(arabic: str) -> float:
    return 0.2 if arabic == FINAL_HA else SILENT_GLOTTAL if arabic == GLOTTAL else LONG_VOWEL


@lru_cache(maxsize=4096)
def _costs(latin: str, arabic: str) -> float:
    """_substitution, kept: a shape has few classes, and the alignment asks for each pair often."""
    return _substitution(latin, arabic)


def shape_cost(latin: str, arabic: str, limit: float = math.inf) -> float:
    """What it costs to read a Latin shape as an Arabic one: an alignment in which a Latin vowel
    that Arabic does not write costs little, an Arabic long vowel the Latin leaves out much, a
    consonant of another class most. Once every alignment costs more than `limit`, some value
    above it is given."""
    deletions = [_deletion(c) for c in arabic]
    previous = [0.0]
    for deletion in deletions:
        previous.append(previous[-1] + deletion)
    for position, latin_class in enumerate(latin):
        insertion = INITIAL_VOWEL if position == 0 and latin_class in VOWELS else _insertion(latin_class)
        current = [previous[0] + insertion]
        for j, arabic_class in enumerate(arabic, start=1):
            current.append(
                min(
                    previous[j - 1] + _costs(latin_class, arabic_class),
                    previous[j] + insertion,
                    current[j - 1] + deletions[j - 1],
                )
            )
        if min(current) > limit:
            return min(current)
        previous = current
    return previous[-1]


_KEYBOARD = {
    "q": "ض", "w": "ص", "e": "ث", "r": "ق", "t": "ف", "y": "غ", "u": "ع", "i": "ه", "o": "خ", "p": "ح", "[": "ج",
    "]": "د", "a": "ش", "s": "س", "d": "ي", "f": "ب", "g": "ل", "h": "ا", "j": "ت", "k": "ن", "l": "م", ";": "ك",
    "'": "ط", "z": "ئ", "x": "ء", "c": "ؤ", "v": "ر", "b": "لا", "n": "ى", "m": "ة", ",": "و", ".": "ز", "/": "ظ",
    "`": "ذ",
}  # fmt: skip
"""The Arabic (101) keyboard: the letter each key of a US layout gives (b gives لا)."""


def from_keyboard(word: str) -> str | None:
    """What a word typed on a Latin layout gives on the Arabic (101) one (hgsdsd → السيسي), or
    None when it holds a character no Arabic key gives."""
    if not word or not word.isascii():
        return None
    letters = [_KEYBOARD.get(c) for c in word.lower()]
    if any(c is None for c in letters):
        return None
    return "".join(c for c in letters if c)


_ROMAN = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ء": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}  # fmt: skip


def romanize(term: str) -> str:
    """A plain Latin spelling of a normalized Arabic word, for a name no list knows (بوتين →
    butin, الرياض → al-riyad): long vowels as a/u/i (w/y between vowels or first), the article
    as al-, a final ه (ة) as a."""
    prefix = ""
    if term.startswith("ال") and len(term) > 3:
        prefix, term = "al-", term[2:]
    out: list[str] = []
    for position, letter in enumerate(term):
        before = term[position - 1] if position else ""
        after = term[position + 1] if position + 1 < len(term) else ""
        if letter == "ع" and position == 0 and after and after not in "اوي":
            out.append("a")  # a first ع before a consonant carries its vowel: عسير → asir
        elif letter == "ا":
            out.append("a" if out[-1:] != ["a"] else "")
        elif letter in "وي":
            consonant = position == 0 or (before and before in "اوي") or (after and after in "اوي")
            out.append(("w" if letter == "و" else "y") if consonant else ("u" if letter == "و" else "i"))
        elif letter == "ه" and position == len(term) - 1 and position > 1:
            out.append("a")
        else:
            out.append(_ROMAN.get(letter, letter))
    return prefix + "".join(out).strip("'")


def _spelling_key(latin: str) -> str:
    """A Latin spelling as a query word meets it: folded, without hyphens, blanks or apostrophes
    (Al-Hariri and al hariri → alhariri; Sa'd → sad)."""
    if latin.isascii():
        return _NOT_ALNUM.sub("", latin.lower())
    return "".join(c for c in fold_latin(latin) if c.isalnum())


_NOT_ALNUM = re.compile("[^a-z0-9]")


@lru_cache(maxsize=1)
def latin_spelled() -> dict[str, dict[str, int]]:
    """A Latin spelling of a name word (its _spelling_key) → the normalized Arabic name words it
    spells, each with the rank of the spelling among the word's (0: its most usual), from the
    shipped name data (corpus.text.shipped.latin_name_words read backwards)."""
    spelled: dict[str, dict[str, int]] = {}
    for arabic, spellings in latin_name_words().items():
        for rank, latin in enumerate(spellings):
            words = spelled.setdefault(_spelling_key(latin), {})
            words[arabic] = min(rank, words.get(arabic, rank))
    return spelled


_ARABIZI_AS_LATIN = str.maketrans({"2": "", "3": "", "5": "kh", "6": "t", "7": "h", "8": "gh", "9": "q"})
"""Arabizi digits as a Latin spelling writes those letters (mo7amed: mohamed, 3ali: ali)."""


def spelled_name_words(word: str) -> dict[str, int]:
    """The Arabic name words that a Latin or Arabizi query word is a usual spelling of, each
    with the rank of the spelling among the word's (salah: صلاح 0, صالح 2; 3ali: علي 0)."""
    return latin_spelled().get(_spelling_key(word.translate(_ARABIZI_AS_LATIN)), {})


@lru_cache(maxsize=1)
def _place_spellings() -> dict[str, str]:
    """A normalized Arabic place name → its English name (CLDR first), title-cased; of a country's
    names from one source, the longest (تونس is Tunisia, CLDR's name for the country, before Tunis,
    its name for the capital)."""
    found: dict[str, tuple[int, int, str]] = {}
    states = countries()
    for latin, names in sorted(latin_names().items()):
        for arabic, source in names:
            rank = (source, -len(latin) if arabic in states else 0)
            if rank < found.get(arabic, (99, 0, ""))[:2]:
                found[arabic] = (*rank, latin.title())
    return {arabic: latin for arabic, (_, _, latin) in found.items()}


@lru_cache(maxsize=1)
def _city_spellings() -> dict[str, str]:
    """A capital named like another country, as its entity is named (عمّان (الأردن)), normalized → its English name."""
    return {" ".join(normalize(city.shown).split()): city.english for city in cities_named_like_countries().values()}


def latin_spellings(name: str, most: int = 2, *, place: bool = True) -> list[str]:
    """The usual Latin spellings of an Arabic name (an entity's), at most `most`: a name
    spelled in letter names is its letters (بي بي سي → BBC); a place's English name (مصر →
    Egypt; only where `place`: الجزيرة the channel is no place); else each word as the name
    data spells it (جمال خاشقجي → Jamal Khashoggi, Gamal Khashoggi), or as `romanize` writes a
    word it does not know (then `spelled_by_rule` says so)."""
    normalized = " ".join(normalize(name).split())
    letters = spelled_letters(normalized)
    if letters:
        return [letters]
    english = (_place_spellings().get(normalized) or _city_spellings().get(normalized)) if place else None
    if english:
        return [english]
    choices = [spellings for spellings, _ in _spelled_words(normalized)]
    if not choices:
        return []
    spellings = [_capital_first(" ".join(c[0] for c in choices))]
    for rank in range(1, len(max(choices, key=len))):
        if len(spellings) >= most:
            break
        other = _capital_first(" ".join(c[min(rank, len(c) - 1)] for c in choices))
        if other not in spellings:
            spellings.append(other)
    return spellings


def _capital_first(spelling: str) -> str:
    """A name's spelling with its first letter a capital (ibn Khaldun first in a name: Ibn Khaldun)."""
    return spelling[:1].upper() + spelling[1:]


_PARTICLES = {"بن": ["bin", "ben"], "ابن": ["ibn"], "بنت": ["bint"], "ال": ["Al"]}
"""Name words that link names (son of, daughter of): written as such in Latin, lower case."""
_TITLES = {normalize(arabic): [english.title()] for english, arabic in REGAL_TITLES}
"""A regal title a name begins with (الملكة إليزابيث: corpus.entities.regal), as English writes it."""
_ABD = "عبد"
_ABD_BEFORE_ARTICLE = ["Abdul", "Abdel"]
"""عبد before a name with its article (عبد الفتاح, عبد الملك), as Latin writes it: Abdul Fattah, Abdel Fattah."""


def _spelled_words(normalized: str) -> list[tuple[list[str], bool]]:
    """Each word's Latin spellings (given the words around it), and whether `romanize` made them."""
    words = normalized.split()
    return [
        _word_spellings(word, words[i + 1] if i + 1 < len(words) else "", words[i - 1] if i else "")
        for i, word in enumerate(words)
    ]


def _word_spellings(word: str, following: str, previous: str = "") -> tuple[list[str], bool]:
    """The Latin spellings of one normalized name word, given the words around it, and whether
    they are made by rule alone: a list's, a particle's (بن → bin), a title's first (الملكة →
    Queen), عبد joined to or before a name with the article as Abdul/Abdel (عبدالعزيز →
    Abdulaziz, عبد الفتاح → Abdul Fattah, the name after it without its article; عبد الله → Abd
    Allah), else `romanize`'s (by rule)."""
    if word in _PARTICLES:
        return _PARTICLES[word], False
    if not previous and word in _TITLES:
        return _TITLES[word], False
    if word == _ABD and following == "الله":
        return ["Abd"], False
    if word == _ABD and strip_arabic_article(following) != following:
        return _ABD_BEFORE_ARTICLE, False
    if previous == _ABD and (bare := strip_arabic_article(word)) != word:
        known = _known_spellings(bare)
        return (known, False) if known else ([romanize(bare).title()], True)
    known = _known_spellings(word)
    if known:
        return known, False
    if word.startswith(_ABD + "ال") and len(word) > len(_ABD) + 3:
        rest = word[len(_ABD) + 2 :]
        ends = _known_spellings(rest)
        return [
            prefix + end.lower() for end in (ends or [romanize(rest)])[:1] for prefix in _ABD_BEFORE_ARTICLE
        ], not ends
    return [romanize(word).title()], True


def spelled_by_rule(name: str, *, place: bool = True, person: bool = True) -> bool:
    """The Latin spellings of the name are made, in part, by rule (`romanize`): no list knows a word
    of it; or, for a name that is no person's (`person` False), a word is spelled as people's
    names are (آيفون, iPhone, is no Yvonne)."""
    normalized = " ".join(normalize(name).split())
    if spelled_letters(normalized) or (place and (normalized in _place_spellings() or normalized in _city_spellings())):
        return False
    words = normalized.split()
    if not person and any(_as_a_name(word, i) for i, word in enumerate(words)):
        return True
    return any(by_rule for _, by_rule in _spelled_words(normalized))


def _as_a_name(word: str, position: int) -> bool:
    """Whether a word's Latin spelling is taken from people's names (not a particle, a title or عبد)."""
    if word in _PARTICLES or word == _ABD or (position == 0 and word in _TITLES):
        return False
    return bool(_known_spellings(word) or _known_spellings(strip_arabic_article(word)))


LETTER_NAMES = {
    "A": ("إيه", "ايه"), "B": ("بي",), "C": ("سي",), "D": ("دي",), "E": ("إي",), "F": ("إف", "اف"),
    "G": ("جي",), "H": ("إتش", "اتش", "إيتش"), "I": ("آي",), "J": ("جيه", "جاي"), "K": ("كيه",),
    "L": ("إل",), "M": ("إم", "ام"), "N": ("إن",), "O": ("أو",), "Q": ("كيو",), "R": ("آر", "ار"),
    "S": ("إس", "اس"), "T": ("تي",), "U": ("يو",), "V": ("في",), "W": ("دبليو",), "X": ("إكس", "اكس"),
    "Y": ("واي",), "Z": ("زد", "زي"),
}  # fmt: skip
"""How Arabic writes the names of Latin letters in a spelled acronym (بي بي سي, سي إن إن, إف بي آي);
بي also stands for P, read as B, the commoner."""


@lru_cache(maxsize=1)
def _letter_of() -> dict[str, str]:
    return {normalize(name): letter for letter, names in LETTER_NAMES.items() for name in names}


def spelled_letters(normalized: str) -> str:
    """The letters of a name of two or more words that are all letter names (بي بي سي → BBC), else ""."""
    words, letters = normalized.split(), _letter_of()
    if len(words) < 2 or not all(word in letters for word in words):
        return ""
    return "".join(letters[word] for word in words)


def _known_spellings(word: str) -> list[str]:
    """The usual Latin spellings of one normalized Arabic name word, or of it without its article."""
    words = latin_name_words()
    return words.get(word) or words.get(strip_arabic_article(word)) or []
