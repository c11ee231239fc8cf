"""The word lists shipped in corpus/data, read once: the place gazetteer, person-name words, words never a name."""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from corpus.text.data_files import DATA, person_names, word_list
from corpus.text.normalization import normalize

__all__ = [
    "PLACE_SOURCES",
    "CityNamedLikeACountry",
    "cities_named_like_countries",
    "DATA", "countries", "feminine_words", "known_names", "latin_name_words", "latin_names", "listed_names",
    "not_names", "person_names", "places",
    "word_list", "world_places",
]  # fmt: skip


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Normalized Arabic place names from CLDR and GeoNames (built by scripts/build_gazetteers.py)."""
    return word_list(DATA / "places.txt")


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Normalized Arabic country names from CLDR, no region or city (built by scripts/build_countries.py)."""
    return word_list(DATA / "countries.txt")


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Normalized function, currency and unit words: never a name alone (scripts/build_word_lists.py)."""
    return word_list(DATA / "not_names.txt")


@lru_cache(maxsize=1)
def feminine_words() -> frozenset[str]:
    """Normalized definite words that take feminine agreement without showing it (الأسهم, الحدود,
    السوق): a feminine adjective after them describes them (scripts/build_feminine_words.py)."""
    return word_list(DATA / "feminine_words.txt")


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Single-word place names and person-name words."""
    return frozenset(name for name in places() | person_names() if " " not in name)


@lru_cache(maxsize=1)
def latin_names() -> dict[str, list[tuple[str, int]]]:
    """A place's Latin name (folded: egypt, aleppo, maroc) → its Arabic names, normalized, each
    with where it is from (its place in PLACE_SOURCES): built by scripts/build_latin_names.py."""
    names: dict[str, list[tuple[str, int]]] = {}
    for line in word_list(DATA / "latin_names.tsv"):
        latin, arabic, source = line.split("\t")
        names.setdefault(latin, []).append((arabic, PLACE_SOURCES.index(source)))
    from corpus.text.normalization import normalize

    for line in sorted(word_list(DATA / "latin_names_in_use.tsv")):  # kept by hand: see its head
        latin, arabic = line.split("\t")
        names.setdefault(latin, []).append((normalize(arabic), PLACE_SOURCES.index("usage")))
    return names


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """The Arabic names, normalized, CLDR gives the world's countries and its great cities
    (latin_names' entries from CLDR): places whatever else their words mean (قطر, مسقط)."""
    return frozenset(arabic for names in latin_names().values() for arabic, source in names if source == 0)


def listed_names(latin: str) -> list[str]:
    """The Arabic names (normalized) the shipped list gives a folded Latin name, from its best
    sources: CLDR's whenever CLDR has one (not آنفا for casablanca, GeoNames' too), else the best
    source's."""
    names = latin_names().get(latin, [])
    best = min((source for _, source in names), default=0)
    geonames = PLACE_SOURCES.index("geonames")
    return [arabic for arabic, source in names if source == best or source < geonames]


PLACE_SOURCES = ("cldr", "cldr-fr", "geonames", "usage")
"""Where latin_names has a name from, the best first: CLDR's English name, its French one,
GeoNames, the names in everyday use CLDR's main names lack (latin_names_in_use.tsv)."""


@lru_cache(maxsize=1)
def latin_name_words() -> dict[str, list[str]]:
    """A normalized Arabic name word → its usual Latin spellings, most attested first (Wikidata's
    labels of people, through scripts/build_latin_names.py): جمال → Jamal, Gamal."""
    path = DATA / "latin_name_words.tsv.gz"
    if not path.exists():
        return {}
    words: dict[str, list[str]] = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            arabic, latin = line.split("\t")
            words[arabic] = latin.split("|")
    return words


@dataclass(frozen=True, slots=True)
class CityNamedLikeACountry:
    """A capital whose name is, normalized, another country's (عمان: Amman, in Jordan)."""

    name: str
    """The shared name, normalized."""
    city: str
    """The city as written, with its vowel marks where GeoNames has them (عمّان)."""
    country: str
    """The city's country as CLDR writes it (الأردن)."""
    marks: frozenset[str]
    """The vowel marks the city's written forms carry."""
    english: str
    """The city's English name (GeoNames): Amman."""

    @property
    def country_key(self) -> str:
        return normalize(self.country)

    @property
    def shown(self) -> str:
        """The city entity's name as a reader sees it, and its mentions' link: عمّان (الأردن)."""
        return f"{self.city} ({self.country})"


@lru_cache(maxsize=1)
def cities_named_like_countries() -> dict[str, CityNamedLikeACountry]:
    """Capitals named like another country (corpus/data/place_homonyms.tsv, built by
    scripts/build_place_homonyms.py), by the shared name."""
    found = {}
    for line in (DATA / "place_homonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, city, country, forms, english = (line.split("\t") + [""] * 5)[:5]
        marks = frozenset(c for form in forms.split("|") for c in form if unicodedata.combining(c))
        found[name] = CityNamedLikeACountry(name, city, country, marks, english)
    return found
