"""Place names that are two places: a country, and the capital of another country.

عمان is Oman and Amman, the capital of Jordan; news writes both the same way, and the tagger
calls both a place. GeoNames gives the capitals whose Arabic name is another country's
(scripts/build_place_homonyms.py → corpus/data/place_homonyms.tsv). A mention of such a name is
the city, and linked to it (Mention.link: عمّان (الأردن), its own entity), where:

- it is written with the city's vowel marks (عمّان), not others (عُمان is the country);
- or the words beside it say so: the city's country's adjective (العاصمة الأردنية عمان, عمان
  الأردنية), the city's country after it (عمان بالأردن), or a word only a city takes before it
  (العاصمة عمان, بمدينة عمان);
- or, with nothing beside it either way, its article names the city's country (الأردن, الأردني)
  and never the country it shares a name with (العماني, سلطنة عمان).

A state title before it (سلطنة عمان) or a country right before or after it in a list (السعودية
وعمان والأردن) makes it the country; so does anything else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from corpus.entities.clubs import adjective_country, country_named
from corpus.entities.mentions import Mention
from corpus.entities.resolution import STATE_WORDS, state_named
from corpus.text.clitics import CHECKED_PREFIXES, without_any_proclitic
from corpus.text.normalization import normalize
from corpus.text.shipped import CityNamedLikeACountry, cities_named_like_countries
from corpus.text.words import WORD

__all__ = ["CityNamedLikeACountry", "LIST_GAP", "cities_named_like_countries", "linked_to_cities"]

LIST_GAP = 3
"""At most this many characters between two places of a list (، و)."""

_CITY_WORDS = frozenset(normalize(word) for word in ("العاصمة", "مدينة", "المدينة"))
"""Words that stand only before a city (العاصمة عمان, بمدينة عمان), with or without a clitic."""


def _named(text: str) -> CityNamedLikeACountry | None:
    places = cities_named_like_countries()
    form = normalize(text)
    return places.get(form) or next(
        (places[form[len(p) :]] for p in CHECKED_PREFIXES if form.startswith(p) and form[len(p) :] in places), None
    )


_SENTENCE_END = re.compile(r"[.!?؟\n]")
_SHADDA, _DAMMA = "\u0651", "\u064f"
_COUNTRY_WORDS = STATE_WORDS | frozenset(normalize(word) for word in ("منتخب", "حكومة", "شعب", "سلطان"))
"""Words that stand only before a country (سلطنة عمان, منتخب عمان, حكومة عمان, سلطان عمان),
with or without a clitic."""


def _word_before(text: str, at: int) -> str:
    """The normalized word just before `at` in its sentence, or ""."""
    window = text[max(0, at - 40) : at]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    words = WORD.findall(window, ends[-1] if ends else 0)
    return normalize(words[-1]) if words else ""


def _word_after(text: str, at: int) -> str:
    """The normalized word just after `at` in its sentence, or ""."""
    window = text[at : at + 40]
    end = _SENTENCE_END.search(window)
    match = WORD.search(window, 0, end.start() if end else len(window))
    return normalize(match.group()) if match else ""


def _country_of(word: str) -> str:
    """The country a normalized word names by its name or adjective, behind any clitic (بالأردن,
    والأردنية → الاردن), or ""."""
    forms = [word] + [word[len(p) :] for p in CHECKED_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3]
    forms += ["ال" + form for form in forms[1:] if not form.startswith("ال")]
    return next((found for form in forms if (found := adjective_country(form) or country_named(form))), "")


class _Reading:
    """What one mention's own writing and the words beside it say: "city", "country" or ""."""

    def __init__(self, text: str, mentions: list[Mention], place: CityNamedLikeACountry) -> None:
        self.text, self.place = text, place
        self.countries = [m for m in mentions if m.type == "LOC" and _a_country(m.text, but=place.country_key)]
        """Places beside which the name is in a list of countries: none its city's own (عمان بالأردن)."""

    def of(self, mention: Mention) -> str:
        if _SHADDA in mention.text and _SHADDA in self.place.marks:
            return "city"  # عمّان: the doubled letter only the city's name has
        if _DAMMA in mention.text and _DAMMA not in self.place.marks:
            return "country"  # عُمان
        before, after = _word_before(self.text, mention.start), _word_after(self.text, mention.end)
        country = self.place.country_key
        if normalize(mention.text).startswith("و"):  # a list: what stands before is the other item
            if _country_of(before):
                return "country"  # السعودية وعمان, الحكومة الأردنية وعمان: states listed
            before = ""
        if after.startswith("و") and _country_of(after):
            return "country"  # عمان والأردن: two states listed
        bare = without_any_proclitic(before)
        if country in (adjective_country(before), _country_of(after)) or bare in _CITY_WORDS:
            return "city"  # العاصمة الأردنية عمان, عمان الأردنية, عمان بالأردن, عمان - الأردن, بمدينة عمان
        if self._bracketed(mention) or bare in _COUNTRY_WORDS or before in STATE_WORDS:
            return "country"  # a nationality in brackets (الشكيلي (عمان)), سلطنة عمان, منتخب عمان
        return "country" if self._listed(mention) else ""

    def _bracketed(self, mention: Mention) -> bool:
        return self.text[mention.start - 1 : mention.start] == "(" and self.text[mention.end : mention.end + 1] == ")"

    def _listed(self, mention: Mention) -> bool:
        return any(
            0 <= mention.start - other.end <= LIST_GAP or 0 <= other.start - mention.end <= LIST_GAP
            for other in self.countries
            if other is not mention
        )


def _a_country(text: str, *, but: str) -> bool:
    """Whether a mention names a country (by its name, adjective or state title) other than `but`."""
    form = normalize(text)
    country = _country_of(form)
    return country != but and bool(country or state_named(form.split()))


def _article_says_city(text: str, place: CityNamedLikeACountry) -> bool:
    """Whether the article names the city's country (its name or adjective) and never the
    country sharing the city's name by its adjective (العماني)."""
    forms = {normalize(word) for word in WORD.findall(text)}
    return any(_country_of(form) == place.country_key for form in forms) and not any(
        adjective_country(form) == place.name for form in forms
    )


def _titled(words: list[str], name: str) -> bool:
    """Whether normalized words are a state title and `name` (سلطنة عمان)."""
    return len(words) > 1 and words[0] in STATE_WORDS and [w for w in words if w not in STATE_WORDS] == [name]


def _described(text: str) -> CityNamedLikeACountry | None:
    """The city a mention written as the name and its country's adjective is (عمان الأردنية)."""
    words = normalize(text).split()
    place = _named(words[0]) if len(words) == 2 else None
    return place if place is not None and adjective_country(words[1]) == place.country_key else None


def linked_to_cities(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions, those of a name shared by a country and another country's capital linked
    to the city where the article means it (see the module)."""
    out = list(mentions)
    found: list[tuple[int, CityNamedLikeACountry]] = []
    for i, mention in enumerate(mentions):
        if mention.type != "LOC" or mention.link:
            continue
        if (city := _described(mention.text)) is not None:
            out[i] = replace(mention, link=city.shown)
        elif (place := _named(mention.text)) is not None:
            found.append((i, place))
    for place in {p.name: p for _, p in found}.values():
        reading = _Reading(text, mentions, place)
        own = [(i, reading.of(mentions[i])) for i, p in found if p is place]
        said = Counter(read for _, read in own if read)
        titled = sum(1 for m in mentions if m.type == "LOC" and _titled(normalize(m.text).split(), place.name))
        if titled:
            said["country"] += titled  # a mention of سلطنة عمان says the article's is the country
        article_city = said["city"] > said["country"] or (not said and _article_says_city(text, place))
        for i, read in own:
            if read == "city" or (not read and article_city):
                out[i] = replace(mentions[i], link=place.shown)
    return out
