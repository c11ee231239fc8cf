"""A country's name that is another country's capital (corpus.entities.homonyms): عمان, Oman and Amman."""

from __future__ import annotations

import pytest

from corpus.entities.clubs import adjective_country
from corpus.entities.grouping import group_mentions
from corpus.entities.homonyms import cities_named_like_countries, linked_to_cities
from corpus.entities.mentions import Mention
from corpus.text.normalization import normalize

AMMAN = cities_named_like_countries()[normalize("عمان")]


def places_in(text: str, *names: str) -> list[Mention]:
    """A place mention at the first place each name is written in `text`."""
    mentions = []
    for name in names:
        at = text.index(name)
        mentions.append(Mention(at, at + len(name), "LOC", name))
    return mentions


def links(text: str, *names: str) -> list[str]:
    return [m.link for m in linked_to_cities(text, places_in(text, *names))]


def test_the_shipped_list_holds_amman_with_its_country_and_vowel_marks() -> None:
    assert AMMAN.country == "الأردن" and AMMAN.shown == "عمّان (الأردن)"
    assert "\u0651" in AMMAN.marks  # the shadda of عمّان


@pytest.mark.parametrize(
    "text",
    [
        "عقد المؤتمر في العاصمة الأردنية عمان أمس.",
        "وصل الوفد إلى عمان الأردنية صباحا.",
        "وصل الوفد إلى مدينة عمان صباحا.",
        "وصل الوفد إلى عمان بالأردن صباحا.",
        "استقبلت عمّان الوفد.",
    ],
)
def test_the_words_beside_it_make_it_the_city(text: str) -> None:
    name = next(w for w in ("عمّان", "عمان") if w in text)
    assert links(text, name) == [AMMAN.shown]


@pytest.mark.parametrize(
    "text",
    [
        "زار الوزير سلطنة عمان والتقى كبار المسؤولين في الأردن.",
        "جاء لبنان رابعا وسلطنة عمان خامسا، ثم الأردن.",
        "وقعت السعودية وعمان والأردن اتفاقا.",
        "أعلنت عُمان موقفها، وكذلك الأردن.",
    ],
)
def test_a_state_title_a_list_of_countries_or_the_countrys_vowels_make_it_the_country(text: str) -> None:
    name = next(w for w in ("عُمان", "وعمان", "عمان") if w in text)
    others = [w for w in ("السعودية", "والأردن") if w in text and name == "وعمان"]
    assert links(text, name, *others)[0] == ""


def test_with_nothing_beside_it_the_article_decides() -> None:
    jordan = "وصل الملك إلى عمان قادما من واشنطن. وقال الديوان الملكي الأردني إن الزيارة ناجحة."
    assert links(jordan, "عمان") == [AMMAN.shown]
    both = "وصل الوزير إلى عمان في زيارة. وقالت الخارجية العمانية إن الأردن رحب بها."
    assert links(both, "عمان") == [""]
    alone = "وصل الوزير إلى عمان في زيارة رسمية."
    assert links(alone, "عمان") == [""]


def test_one_article_reads_every_bare_mention_as_its_words_say() -> None:
    text = "في العاصمة الأردنية عمان اجتمعوا. ثم غادروا عمان مساء."
    first = text.index("عمان")
    second = text.index("عمان", first + 1)
    mentions = [Mention(first, first + 4, "LOC", "عمان"), Mention(second, second + 4, "LOC", "عمان")]
    assert [m.link for m in linked_to_cities(text, mentions)] == [AMMAN.shown] * 2


def test_the_city_is_an_entity_of_its_own_shown_with_its_country() -> None:
    city = Mention(0, 4, "LOC", "عمان", link=AMMAN.shown)
    country = Mention(0, 4, "LOC", "عمان")
    entities = group_mentions([(0, city), (1, city), (2, country), (3, country), (4, country)])
    names = {e.name: sorted(e.articles) for e in entities}
    assert names[AMMAN.shown] == [0, 1]
    assert names["عمان"] == [2, 3, 4]


def test_a_countrys_adjective_is_read_either_gender() -> None:
    assert adjective_country(normalize("الأردنية")) == normalize("الأردن")
    assert adjective_country(normalize("الأردني")) == normalize("الأردن")
    assert adjective_country(normalize("العمانية")) == normalize("عمان")
    assert adjective_country(normalize("العربية")) == ""


@pytest.mark.parametrize(
    ("text", "name", "link"),
    [
        ("وصل الوفد إلى بِعمّان أمس. وقال الأردن إن الزيارة ناجحة.", "بِعمّان", True),  # a clitic's vowel
        ("لعب منتخب عمان مع منتخب الأردن أمس.", "عمان", False),  # a national team is a country's
        (
            "وأعلنت الحكومة الأردنية وعمان موقفهما. وقال الأردن إنه يرحب.",
            "وعمان",
            False,
        ),  # the adjective is the other's
        ("زار سلطنة عمان. ثم عاد إلى عمان. وقال الأردن إنه يرحب.", "عمان", False),  # the article's is the country
    ],
)
def test_marks_words_and_titles_read_as_the_review_found(text: str, name: str, link: bool) -> None:
    """The twenty-fifth session's review (M2-M4, L9): only the doubled letter tells the city by
    its marks; a national team, a list after another country's adjective and a state title in the
    article make it the country."""
    at = text.rindex(name)
    mentions = [Mention(at, at + len(name), "LOC", name)]
    if "سلطنة عمان" in text:
        first = text.index("سلطنة عمان")
        mentions.insert(0, Mention(first, first + len("سلطنة عمان"), "LOC", "سلطنة عمان"))
    assert (linked_to_cities(text, mentions)[-1].link == AMMAN.shown) is link


def test_the_name_and_the_citys_countrys_adjective_as_one_mention_is_the_city() -> None:
    text = "وصل الوفد إلى عمان الأردنية أمس."
    at = text.index("عمان")
    mention = Mention(at, at + len("عمان الأردنية"), "LOC", "عمان الأردنية")
    assert linked_to_cities(text, [mention])[0].link == AMMAN.shown


@pytest.mark.parametrize(
    ("text", "name", "link"),
    [
        ("وصل الوفد إلى عمان بالأردن أمس.", "عمان", True),  # the city's country after it
        ("عمان - الأردن: افتتح المعرض أمس.", "عمان", True),
        ("وقعت عمان والأردن اتفاقا.", "عمان", False),  # two states listed
        ("فاز أحمد الشكيلي (عمان) وحسان العتيبي. وقال الأردن إنه يرحب.", "عمان", False),  # a nationality
        ("هنأ سلطان عمان الرئيس. وقال الأردن إنه يرحب.", "عمان", False),  # a country's ruler
    ],
)
def test_the_journalists_cases_read_as_written(text: str, name: str, link: bool) -> None:
    """What the twenty-fifth session's journalist found misread: the city's own country beside it
    is no list of countries; a nationality in brackets and a sultan's title are the country's."""
    at = text.index(name)
    mentions = [Mention(at, at + len(name), "LOC", name)]
    for other in ("بالأردن", "الأردن", "والأردن"):
        if other in text[at + len(name) : at + len(name) + 10]:
            start = text.index(other, at)
            mentions.append(Mention(start, start + len(other), "LOC", other))
            break
    assert (linked_to_cities(text, mentions)[0].link == AMMAN.shown) is link
