"""A city's name used for its club, a club's for its city (corpus.entities.clubs)."""

from __future__ import annotations

import pytest

from corpus.entities.clubs import clubs_and_cities, country_adjective
from corpus.text.normalization import normalize


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الإيطالي", True),
        ("الإنجليزي", True),  # of إنجلترا
        ("السعودي", True),  # of السعودية, which CLDR names in full
        ("الإيطالية", False),  # feminine: a city's
        ("العربي", False),
        ("الدولي", False),
        ("الرياضي", False),  # of sport, not of الرياض (a city)
        ("العالمي", False),  # global, not of العالم (a region)
        ("الشمالي", False),
        ("إيطالي", False),  # no article: no adjective of a name with the article
    ],
)
def test_a_countrys_masculine_adjective_is_told(word: str, expected: bool) -> None:
    assert country_adjective(normalize(word)) is expected


def _retyped(words: list[str], tags: list[str]) -> list[str]:
    out = list(tags)
    spans = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            end = i + 1
            while end < len(tags) and tags[end].startswith("I-"):
                end += 1
            spans.append((i, end, tag[2:]))
    clubs_and_cities(words, spans, out)
    return out


def test_a_city_with_a_masculine_country_adjective_is_its_club() -> None:
    assert _retyped(["من", "روما", "الإيطالي"], ["O", "B-LOC", "O"]) == ["O", "B-ORG", "O"]
    assert _retyped(["زار", "روما", "الإيطالية"], ["O", "B-LOC", "O"]) == ["O", "B-LOC", "O"]  # the city


def test_a_place_named_after_a_masculine_noun_or_with_the_article_stays_a_place() -> None:
    assert _retyped(["منتجع", "سوتشي", "الروسي"], ["O", "B-LOC", "O"]) == ["O", "B-LOC", "O"]
    assert _retyped(["على", "الجولان", "السوري"], ["O", "B-LOC", "O"]) == ["O", "B-LOC", "O"]  # a region
    assert _retyped(["سوق", "دبي", "المالي"], ["O", "B-LOC", "O"]) == ["O", "B-LOC", "O"]  # a market (review H2)


def test_a_club_right_after_madina_is_the_city() -> None:
    assert _retyped(["في", "مدينة", "برشلونة"], ["O", "O", "B-ORG"]) == ["O", "O", "B-LOC"]
    assert _retyped(["في", "بمدينة", "ليفربول"], ["O", "O", "B-ORG"]) == ["O", "O", "B-LOC"]
    kacst = ["مدينة", "الملك", "عبدالعزيز", "للعلوم"]  # an organisation named so
    assert _retyped(kacst, ["O", "B-ORG", "I-ORG", "I-ORG"]) == ["O", "B-ORG", "I-ORG", "I-ORG"]
