"""What a name's words look like: keys no name has (a function, currency or unit word, a
place's adjective, one letter, digits), places the gazetteer knows, and spelled letters."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.entities.lexicons import LETTER_NAMES, ORG_TRIGGERS, not_names, person_names
from corpus.entities.mentions import NAME_TYPES
from corpus.entities.resolution import known_place, without_article
from corpus.entities.rules import currency_word
from corpus.text.normalization import normalize

__all__ = [
    "GENERIC_WORDS",
    "gazetteer_place",
    "generic_organisation",
    "junk_key",
    "known_place",
    "named_by_kind",
    "not_a_name",
    "place_adjective",
    "relative_adjective",
    "spelled_acronym",
]

_MIN_NAME_LETTERS = 3

GENERIC_WORDS = frozenset(
    normalize(w) for w in "تنظيم التنظيم نادي فريق الفريق منتخب المنتخب الدولي العالمي العربي".split()
)
"""Words of organisations' names that name no one organisation alone (with ORG_TRIGGERS)."""


def generic_organisation(key: str) -> bool:
    """A normalized name made only of words that say what kind of body it is and adjectives
    (البنك المركزي, الاتحاد الدولي, الجامعة العربية): the name of many bodies, a country's or a sport's each."""
    return all(
        word in ORG_TRIGGERS or word in GENERIC_WORDS or (word.startswith("ال") and word.endswith(("ي", "يه")))
        for word in key.split()
    )


SCOPES = frozenset(normalize(w) for w in ("الدولي", "الدولية", "العالمي", "العالمية"))
"""Adjectives that say how far a body reaches, not where it is."""
_REGIONS = frozenset(normalize(w) for w in ("العربي", "العربية"))
"""Adjectives that say where as a place's would (الجامعة العربية is one body, the Arab League)."""


def named_by_kind(words: Sequence[str], *, scope: bool = True) -> bool:
    """Whether normalized words name a body only by the kind of body it is (ORG_TRIGGERS: البنك,
    الاتحاد, اللجنة) and adjectives that say no place (البنك المركزي; الاتحاد الدولي unless not
    `scope`): a name many bodies have, each country's or sport's. Never one that says where
    (الاتحاد الأوروبي, الاتحاد الأفريقي: one body each)."""
    if not words or words[0] not in ORG_TRIGGERS:
        return False
    return all(
        word.startswith("ال")
        and generic_organisation(word)
        and (word in SCOPES or not (word in _REGIONS or place_adjective(word[2:])))
        and (scope or word not in SCOPES)
        for word in words[1:]
    )


def junk_key(key: str, kind: str) -> bool:
    """A key no name has: a one- or two-letter word (له, بي) that is not a known place, a
    function, currency or unit word alone (هناك, الدولار), a name made only of such words,
    one spelled-out letter, a place's adjective alone (الكازاخستانية), a currency (إسترليني), or
    no letter at all (2006-2007)."""
    if kind not in NAME_TYPES:
        return False
    words = [without_article(w) for w in key.split()]
    if len(words) == 1 and len(words[0]) < _MIN_NAME_LETTERS and not known_place(words[0]):
        return True
    if all(not_a_name(w) for w in words):
        return True
    described = place_adjective if kind == "PER" else (lambda w: place_adjective(w) or relative_adjective(w))
    if not_a_name(words[0]) and all(described(w) for w in words[1:]):
        return True  # الدولار الأمريكي, جنيه إسترليني: a currency, not a name (باسكال مشعلاني is a person)
    if len(words) == 1 and (words[0] in LETTER_NAMES or key in LETTER_NAMES):
        return True
    if len(words) == 1 and kind != "PER" and place_adjective(words[0]):
        return True
    if kind != "PER" and currency_word(key):
        return True  # إسترليني alone, الجنيه الإسترليني: a currency
    return not any(c.isalpha() for c in key)  # 2006-2007


def not_a_name(word: str) -> bool:
    """A function, currency or unit word, with or without the article or an accusative ا (ريالا)."""
    forms = (
        word,
        "ال" + word,
        word[2:] if word.startswith("ال") else word,
        word[:-1] if word.endswith("ا") and len(word) > 3 else word,
    )
    return any(form in not_names() for form in forms)


def gazetteer_place(key: str) -> bool:
    """Whether a person or other name is a place whatever the tagger said: a place name of
    several words (الإمارات العربية المتحدة), or of one that is not also a person's name (a MISC
    or person "دمشق"). Organisations stay: a club is named after its city (برشلونة), and the
    gazetteer's regions include الاتحاد الأوروبي and الأمم المتحدة."""
    if not known_place(key):
        return False
    return " " in key or (key not in person_names() and without_article(key) not in person_names())


_ADJECTIVE_ENDINGS = ("يون", "يين", "يه", "ي")


def place_adjective(word: str) -> bool:
    """A relative adjective of a known place (الكازاخستانية): a description, not a name."""
    for ending in _ADJECTIVE_ENDINGS:
        base = word[: -len(ending)]
        if (
            word.endswith(ending)
            and len(base) >= 3
            and any(known_place(form) for form in (base, base + "ا", word + "ا"))
        ):
            return True  # كازاخستاني of كازاخستان, روسي of روسيا
    return False


def relative_adjective(word: str) -> bool:
    """A word shaped as a relative adjective (إسترليني, الأمريكية): it describes, it names nothing alone."""
    return len(without_article(word)) >= 4 and word.endswith(_ADJECTIVE_ENDINGS)


def spelled_acronym(key: str) -> bool:
    """Whether a key is Latin letters spelled out in Arabic (بي بي سي): an organisation."""
    words = key.split()
    return len(words) > 1 and all(w in LETTER_NAMES for w in words)
