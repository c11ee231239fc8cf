"""A body named with its country's adjective is the body named without it.

News writes a company, a party or a club with the adjective of its country after its name or
without it: أرامكو السعودية and أرامكو, حزب العمال الكردستاني التركي and حزب العمال الكردستاني,
لخويا القطري and لخويا. The tagger takes the adjective into the span some of the time, and each
way became an entity of its own. They are one where the name without the adjective is written
with one country's adjective only and that country is the one its articles name most: الأهلي
beside الأهلي الليبي stays itself (its articles are Saudi and Egyptian clubs'), as does حزب الاتحاد
الديمقراطي (the Kurdish party of Syria) beside حزب الاتحاد الديمقراطي الكرواتي (Croatia's), and
البنك المركزي, written with the adjectives of many countries, is no bank of one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from corpus.entities.clubs import adjective_country, country_in_full, country_named
from corpus.entities.name_shapes import generic_organisation
from corpus.entities.resolution import Candidate, state_named

__all__ = ["country_qualified_pairs"]


def _one_name(country: str) -> str:
    """A country by one name: a short name as CLDR names the country (امريكا, اميركا: الولايات المتحده)."""
    return country_in_full(country) or country


def _country_of_place(key: str) -> str:
    """The country a place's key names: the country itself (مصر, السعوديه, الولايات المتحده) or its
    official name (المملكه العربيه السعوديه), or ""."""
    words = key.split()
    return _one_name(state_named(words) or (key if country_named(key) == key else ""))


def _most_named_country(docs: object, countries: dict[str, list[Candidate]]) -> str:
    """The country the articles `docs` name most often (each article counted once a country), or ""."""
    named: Counter[str] = Counter()
    for country, places in countries.items():
        for place in places:
            named[country] += len(place.docs & docs)  # type: ignore[operator]
    if not named:
        return ""
    (top, count), *rest = named.most_common(2) + [("", 0)]
    return top if count > rest[0][1] else ""  # a tie names no one country


def country_qualified_pairs(candidates: Sequence[Candidate]) -> list[tuple[int, int]]:
    """Pairs of organisation candidates (the name, the name and its country's adjective) that
    are one body (see the module's docstring)."""
    bodies = {c.key: n for n, c in enumerate(candidates) if c.type == "ORG"}
    countries: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.type == "LOC" and (country := _country_of_place(candidate.key)):
            countries[country].append(candidate)
    qualified: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for key, number in bodies.items():
        *name, last = key.split()
        country = _one_name(adjective_country(last)) if name else ""  # never a country's name: الناتو روسيا is two
        short = bodies.get(" ".join(name)) if country else None
        if short is not None and not generic_organisation(" ".join(name)):  # شركة السعودية: no شركة
            qualified[short][country].append(number)
    pairs: list[tuple[int, int]] = []
    for short, by_country in qualified.items():
        if len(by_country) != 1:
            continue  # البنك المركزي المصري, البنك المركزي التركي: a name of several countries' bodies
        ((country, longer),) = by_country.items()
        if _most_named_country(candidates[short].docs, countries) == country:
            pairs.extend((short, number) for number in longer)
    return pairs
