"""A city's name used for its club, a club's name used for its city, told by the words around it.

Football clubs are named after their cities (روما, ليفربول, برشلونة), and the tagger gives each
name one type wherever it stands. Arabic says which is meant: a place is feminine, so the
adjective of a country after a city agrees in the feminine (روما الإيطالية), while a club takes
the masculine (روما الإيطالي, "the Italian club"); and مدينة in front names the city (في مدينة
برشلونة). Here a place followed by a country's masculine adjective is an organisation, and an
organisation right after مدينة is a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from corpus.entities.heads import HEAD_NOUNS, INSTITUTIONS
from corpus.text.normalization import normalize
from corpus.text.shipped import countries

__all__ = ["adjective_country", "clubs_and_cities", "country_adjective", "country_in_full", "country_named"]

_IRREGULAR = {normalize("إنجليزي"): normalize("إنجلترا"), normalize("نمساوي"): normalize("النمسا")}
"""Country adjectives not made from the country's name (إنجليزي of إنجلترا)."""
_SHORT_NAMES = frozenset(
    normalize(word) for word in "السعودية بريطانيا أمريكا أميركا الإمارات إنجلترا إنكلترا اسكتلندا ويلز".split()
)
"""Countries and nations CLDR names only in full (المملكة المتحدة) that news names short."""
_IN_FULL = {
    normalize(short): normalize(full)
    for short, full in (
        ("بريطانيا", "المملكة المتحدة"),
        ("أمريكا", "الولايات المتحدة"),
        ("أميركا", "الولايات المتحدة"),
    )
}
"""The country a short name of _SHORT_NAMES is, named as CLDR names it, where no rule finds it:
السعودية and الإمارات are what is left of their official names once the state words go
(resolution._join_official_names); إنجلترا, اسكتلندا and ويلز are nations of the United Kingdom,
not the country."""


def country_in_full(form: str) -> str:
    """The CLDR name of the country a normalized short name names (بريطانيا → المملكه المتحده), or ""."""
    return _IN_FULL.get(form, "")


_MASCULINE_PLACE_HEADS = frozenset(
    normalize(word)
    for word in "منتجع مرفأ ميناء إقليم حي مخيم سجن معبر شارع ميدان جسر نهر خليج مضيق وادي جبل قطاع سد قصر "
    "مطار فندق مستشفى مركز معهد متحف قضاء ريف سوق مؤشر مجلس مؤتمر معرض منفذ مجمع حقل ساحل بحر لواء موسم".split()
)
"""Masculine nouns a place is named after (منتجع سوتشي الروسي, إقليم هاتاي التركي, سوق دبي
المالي): the adjective after the place agrees with them, not with a club."""

_CITY = normalize("مدينة")
_CLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")


def country_adjective(form: str) -> bool:
    """Whether a normalized word is the masculine adjective, with the article, of a country CLDR
    names (الإيطالي, السعودي, الأرجنتيني, الإنجليزي); not its feminine (الإيطاليه), not a city's or a
    region's (الرياضي "of sport", العالمي "global")."""
    return form.endswith("ي") and bool(adjective_country(form))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Countries as CLDR names them and as news names them short (السعودية, الإمارات)."""
    return countries() | _SHORT_NAMES


def country_named(form: str) -> str:
    """The country a normalized word names, by its name (عمان, الامارات) or as its adjective (الاردنيه), or ""."""
    return form if form in _country_names() else adjective_country(form)


def adjective_country(form: str) -> str:
    """The country (normalized, as CLDR or news names it) whose adjective a normalized word with the
    article is, masculine or feminine (الإيطالي → ايطاليا, الأردنية → الاردن, السورية → سوريا), or ""."""
    if not form.startswith("ال") or len(form) < 6:
        return ""
    word = form[2:-1] if form.endswith("يه") else form[2:]
    if not word.endswith("ي"):
        return ""
    base = word[:-1]
    places = _country_names()
    forms = (_IRREGULAR.get(word, ""), base, base + "ا", word + "ا", "ال" + base, "ال" + word + "ه", word)
    return next((place for place in forms if place in places), "")


def _city_head(form: str) -> bool:
    """مدينة, maybe behind و ف ب ل (بمدينة)."""
    return form == _CITY or any(form == clitic + _CITY for clitic in _CLITICS)


def _named_after_a_head(form: str) -> bool:
    """Whether a word is a noun a place or a thing is named after (ملعب, منتجع), maybe behind a clitic."""
    heads = (HEAD_NOUNS, INSTITUTIONS, _MASCULINE_PLACE_HEADS)
    return any(form in group or any(form == c + h for c in _CLITICS for h in group) for group in heads)


def clubs_and_cities(words: Sequence[str], spans: Sequence[tuple[int, int, str]], out: list[str]) -> None:
    """Retype, in `out` (BIO tags of `words`), the places of `spans` (start, end, type) followed
    by a country's masculine adjective as organisations, unless a noun they are named after
    stands before them; and a one-word organisation right after مدينة as a place. Only names
    without the article, as clubs named after their city are: الجولان السوري, الشمال السوري are
    regions (masculine nouns), مدينة الملك عبدالعزيز للعلوم والتقنية an organisation."""
    for start, end, kind in spans:
        first = normalize(words[start])
        if first.startswith("ال"):
            continue
        before = normalize(words[start - 1]) if start else ""
        if (
            kind == "LOC"
            and end < len(words)
            and out[end] == "O"
            and country_adjective(normalize(words[end]))
            and not _named_after_a_head(before)
        ):
            out[start:end] = ["B-ORG"] + ["I-ORG"] * (end - start - 1)
        elif kind == "ORG" and end - start == 1 and _city_head(before):
            out[start] = "B-LOC"
