"""Finding an entity by any way it is written, and offering the candidates when a name is ambiguous."""

from __future__ import annotations

import pytest

from corpus.entities import Mention, lookup_entities
from corpus.entities.grouping import group_mentions
from corpus.entities.mentions import Entity

ARTICLES = [
    [("PER", "إيمانويل ماكرون"), ("PER", "ماكرون"), ("LOC", "باريس")],
    [("PER", "إيمانويل ماكرون"), ("PER", "لماكرون"), ("LOC", "باريس")],
    [("PER", "إيمانويل ماكرون"), ("PER", "وماكرون"), ("LOC", "باريس")],
    [("PER", "عبد الفتاح السيسي"), ("PER", "السيسي"), ("LOC", "القاهرة")],
    [("PER", "عبدالفتاح السيسي"), ("PER", "للسيسي"), ("LOC", "القاهرة")],
    [("PER", "محمد بن سلمان"), ("PER", "سلمان بن عبدالعزيز"), ("LOC", "الرياض")],
    [("PER", "محمد بن سلمان"), ("PER", "محمد بن نايف"), ("LOC", "الرياض")],
    [("PER", "نوري المالكي"), ("LOC", "بغداد")],
    [("PER", "رياض المالكي"), ("LOC", "رام الله")],
]


@pytest.fixture(scope="module")
def entities() -> list[Entity]:
    pairs = [
        (doc, Mention(i * 40, i * 40 + len(text), kind, text))
        for doc, found in enumerate(ARTICLES)
        for i, (kind, text) in enumerate(found)
    ]
    return group_mentions(pairs)


@pytest.mark.parametrize(
    ("asked", "name"),
    [
        ("ماكرون", "إيمانويل ماكرون"),
        ("لماكرون", "إيمانويل ماكرون"),
        ("بماكرون", "إيمانويل ماكرون"),
        ("ايمانويل  ماكرون", "إيمانويل ماكرون"),
        ("إيمانويل ماكرون", "إيمانويل ماكرون"),
        ("السيسي", "عبد الفتاح السيسي"),
        ("عبدالفتاح السيسي", "عبد الفتاح السيسي"),
        ("عبد الفتاح السيسى", "عبد الفتاح السيسي"),
        ("بالرياض", "الرياض"),
        ("نوري المالكي", "نوري المالكي"),
    ],
)
def test_an_entity_is_found_by_any_way_it_is_written(entities: list[Entity], asked: str, name: str) -> None:
    lookup = lookup_entities(entities, asked)
    assert [e.name for e in lookup.found] == [name] and not lookup.offered


@pytest.mark.parametrize(("asked", "offered"), [("المالكي", {"نوري المالكي", "رياض المالكي"})])
def test_an_ambiguous_name_offers_what_it_may_name(entities: list[Entity], asked: str, offered: set[str]) -> None:
    lookup = lookup_entities(entities, asked)
    assert not lookup.found and offered <= {e.name for e in lookup.offered}


def test_a_name_nobody_has_finds_nothing(entities: list[Entity]) -> None:
    for asked in ("ميدفيديف", "", "  ", "من"):
        lookup = lookup_entities(entities, asked)
        assert not lookup.found and not lookup.offered


def test_a_packed_index_finds_what_a_list_finds(entities: list[Entity]) -> None:
    from corpus.entities import EntityIndex

    index = EntityIndex(
        group_mentions(
            [
                (doc, Mention(i * 40, i * 40 + len(text), kind, text))
                for doc, found in enumerate(ARTICLES)
                for i, (kind, text) in enumerate(found)
            ]
        ),
        [],
    )
    packed = index.entities  # the same entities, as columns over one table
    for asked in ("ماكرون", "لماكرون", "السيسي", "المالكي", "بن سلمان", "بالرياض"):
        plain, fast = lookup_entities(entities, asked), lookup_entities(packed, asked)
        assert [e.key for e in plain.found] == [e.key for e in fast.found]
        assert [e.key for e in plain.offered] == [e.key for e in fast.offered]


def test_a_name_written_together_is_the_entity_written_so_not_a_piece_spaced_like_it() -> None:
    """اردوغان found the one-article piece "أر دوغان" (the same letters, spaced) and not رجب طيب
    أردوغان, whose mentions are written اردوغان: the entity most written so is the answer."""
    articles = [[("PER", "رجب طيب أردوغان"), ("PER", "أردوغان")]] * 6 + [[("PER", "أر دوغان")]]
    pairs = [
        (doc, Mention(i * 40, i * 40 + len(text), kind, text))
        for doc, found in enumerate(articles)
        for i, (kind, text) in enumerate(found)
    ]
    lookup = lookup_entities(group_mentions(pairs), "اردوغان")
    assert [e.name for e in lookup.found] == ["رجب طيب أردوغان"]
    spaced = [[("PER", "حسن نصر الله")]] * 3
    pairs = [(doc, Mention(0, len(text), kind, text)) for doc, found in enumerate(spaced) for kind, text in found]
    assert [e.name for e in lookup_entities(group_mentions(pairs), "حسن نصرالله").found] == ["حسن نصر الله"]


def _placed(articles: list[list[tuple[str, str]]]) -> list[tuple[int, Mention]]:
    """Each article's (type, text) mentions, 40 characters apart."""
    return [
        (doc, Mention(i * 40, i * 40 + len(text), kind, text))
        for doc, found in enumerate(articles)
        for i, (kind, text) in enumerate(found)
    ]


def _grouped(articles: list[list[tuple[str, str]]]) -> list[Entity]:
    return group_mentions(_placed(articles))


def test_an_entity_named_as_typed_is_weighed_against_the_entities_written_so() -> None:
    """صالح typed: the one-article entity named صالح (split off by the grouping) is not the answer
    where علي عبد الله صالح's mentions write صالح many times more."""
    articles = [[("PER", "علي عبد الله صالح"), ("PER", "صالح"), ("LOC", "صنعاء")] for _ in range(12)]
    articles.append([("PER", "صالح"), ("LOC", "صنعاء"), ("PER", "عبد ربه منصور هادي")])
    entities = _grouped(articles)
    lookup = lookup_entities(entities, "صالح")
    assert [e.name for e in lookup.found] == ["علي عبد الله صالح"]
    alone = [e for e in entities if e.name == "صالح"]
    assert lookup_entities(entities, "عبد ربه منصور هادي").found[0].name == "عبد ربه منصور هادي"
    assert not alone or lookup.found[0] is not alone[0]


def test_an_ambiguous_name_says_how_many_it_did_not_offer() -> None:
    articles = [
        [("PER", f"{given} المالكي")]
        for given in ("نوري", "رياض", "تركي", "أحمد", "خالد", "سعيد", "عمر", "علي", "حسن", "فهد", "ماجد", "ناصر", "بدر")
    ]
    entities = _grouped(articles)
    named = [e for e in entities if e.name.endswith("المالكي")]
    lookup = lookup_entities(entities, "المالكي")
    assert len(named) > 10
    assert not lookup.found and len(lookup.offered) == 10 and lookup.more == len(named) - 10


def test_a_name_in_latin_letters_names_the_entity_whose_latin_spelling_it_sounds_like() -> None:
    from corpus.entities.lookup import by_latin_spelling

    articles = [[("PER", "تيريزا ماي"), ("PER", "كيم جونغ أون"), ("ORG", "مانشستر يونايتد")] for _ in range(3)]
    articles += [[("PER", "تامر حسني")]]
    entities = _grouped(articles)
    for typed, name in (
        ("theresa may", "تيريزا ماي"),
        ("Kim Jong-un", "كيم جونغ أون"),
        ("manchester united", "مانشستر يونايتد"),
    ):
        assert [e.name for e in by_latin_spelling(entities, typed).found] == [name]
    for typed in ("xqzt", "zz", "ماي"):
        lookup = by_latin_spelling(entities, typed)
        assert not lookup.found and not lookup.offered


class _Archive:
    """What entity_lookup reads of an archive: its entities, and no Latin reading."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = type("Index", (), {"entities": entities})()

    def read_as_arabic(self, name: str) -> None:
        return None


def test_a_place_and_a_body_named_alike_are_told_apart_by_type() -> None:
    from corpus.export import entity_lookup, other_types

    articles = [[("LOC", "الشرق الأوسط")]] * 20 + [[("ORG", "الشرق الأوسط")]] * 5
    archive = _Archive(_grouped(articles))
    found = entity_lookup(archive, "الشرق الأوسط")  # type: ignore[arg-type]
    assert [e.type for e in found.found] == ["LOC"]
    assert [e.type for e in other_types(archive, found.found)] == ["ORG"]  # type: ignore[arg-type]
    paper = entity_lookup(archive, "الشرق الأوسط", kind="ORG")  # type: ignore[arg-type]
    assert [(e.type, len(e.articles)) for e in paper.found] == [("ORG", 5)]
    assert not entity_lookup(archive, "الشرق الأوسط", kind="PER").found  # type: ignore[arg-type]


def test_a_bare_surname_names_the_man_of_the_most_articles_not_of_the_most_mentions() -> None:
    """ميلنر: a profile of the investor writes it twenty times in one article, the footballer's
    reports once each in ten; the mentions gave the investor the name."""
    james = Entity("جيمس ميلنر", "جيمس ميلنر", "PER", [(doc, Mention(0, 5, "PER", "ميلنر")) for doc in range(10)])
    yuri = Entity(
        "يوري ميلنر", "يوري ميلنر", "PER", [(10, Mention(i * 9, i * 9 + 5, "PER", "ميلنر")) for i in range(20)]
    )
    assert lookup_entities([james, yuri], "ميلنر").found == [james]


def test_a_latin_name_puts_the_entity_it_spells_first_when_it_is_no_stray() -> None:
    """amman listed the Sultanate (سلطنة عمان, Oman: more articles) before عمّان, Amman: an
    entity one of whose Latin spellings is the name typed comes first (beirut: بيروت before a
    university named in more articles); salman must not put a bare سلمان of two articles
    before the king."""
    from corpus.export import entities_named

    articles = [[("ORG", "جامعة بيروت العربية")]] * 30 + [[("LOC", "بيروت")]] * 20
    articles += [[("PER", "سلمان بن عبدالعزيز")]] * 40 + [[("PER", "سلمان")]] * 2
    articles += [[("PER", "محمد بن سلمان")]] * 30
    archive = _Reading(_grouped(articles))
    assert [e.name for e in entities_named(archive, "beirut")][:2] == ["بيروت", "جامعة بيروت العربية"]  # type: ignore[arg-type]
    assert entities_named(archive, "salman")[0].name == "سلمان بن عبدالعزيز"  # type: ignore[arg-type]
    assert entities_named(archive, "bin salman")[0].name == "محمد بن سلمان"  # type: ignore[arg-type]


class _Reading(_Archive):
    """An archive that reads beirut as بيروت and salman as سلمان, as the search's transliteration does."""

    def read_as_arabic(self, name: str) -> list[set[str]] | None:  # type: ignore[override]
        if not name.isascii():
            return None  # as the archive: a word in Arabic letters is no Latin word
        return {"beirut": [{"بيروت"}], "bin salman": [{"بن"}, {"سلمان"}]}.get(name, [{"سلمان"}])


def test_initials_name_the_person_whose_latin_spelling_they_begin() -> None:
    """mbs is محمد بن سلمان (Mohammed Bin Salman), the most named person they begin; a word with a
    vowel is no initials, and initials no one has name no one."""
    from corpus.entities.lookup import by_initials

    mentions = [(doc, Mention(0, 13, "PER", "محمد بن سلمان")) for doc in range(12)]
    mentions += [(doc, Mention(20, 32, "PER", "محمد بن زايد")) for doc in range(12, 16)]
    mentions += [(doc, Mention(40, 45, "ORG", "غوغل مابس")) for doc in range(16, 18)]
    entities = group_mentions(mentions)
    assert [e.name for e in by_initials(entities, "mbs").found] == ["محمد بن سلمان"]
    assert [e.name for e in by_initials(entities, "MBZ").found] == ["محمد بن زايد"]
    assert not by_initials(entities, "mabs").found and not by_initials(entities, "xqz").found


def test_a_name_after_a_title_names_the_person_its_given_name_begins() -> None:
    """king salman, الملك سلمان: the king, never a footballer whose Latin name sounds like the two
    words run together (Kingsley Coman); الشيخ تميم: the emir, not a span that kept the title;
    الأمير هاري: the person the archive keys with his title; الأمير محمد: several, offered, those
    named as royals are (a father's name, a house, a regnal number), not محمد صلاح."""
    from corpus.export import entity_lookup

    articles = [[("PER", "سلمان بن عبدالعزيز")]] * 40 + [[("PER", "كينغسلي كومان")]] * 10
    articles += [[("PER", "تميم بن حمد آل ثاني")]] * 20 + [[("PER", "الشيخ تميم")]]
    articles += [[("PER", "محمد بن سلمان")]] * 30 + [[("PER", "محمد بن نايف")]] * 20
    articles += [[("PER", "محمد صلاح")]] * 25  # a footballer: no prince (newcomer)
    mentions = _placed(articles)
    mentions += [(len(articles) + n, Mention(0, 4, "PER", "هاري", "الأمير هاري")) for n in range(3)]
    mentions += [(len(articles) + 3, Mention(0, 7, "PER", "هاري كين"))] * 1
    archive = _Reading(group_mentions(mentions))
    for typed in ("king salman", "الملك سلمان", "للملك سلمان", "king, salman", "الملك سلمان،"):
        assert [e.name for e in entity_lookup(archive, typed).found] == ["سلمان بن عبدالعزيز"], typed  # type: ignore[arg-type]
    assert [e.name for e in entity_lookup(archive, "الشيخ تميم").found] == ["تميم بن حمد آل ثاني"]  # type: ignore[arg-type]
    assert [e.name for e in entity_lookup(archive, "الأمير هاري").found] == ["الأمير هاري"]  # type: ignore[arg-type]
    offered = entity_lookup(archive, "الأمير محمد")  # type: ignore[arg-type]
    assert not offered.found and {e.name for e in offered.offered} == {"محمد بن سلمان", "محمد بن نايف"}


def test_a_name_typed_is_weighed_against_the_names_it_begins_not_only_those_written_so() -> None:
    """تميم: the emir, whose mentions write تميم بن حمد, before the one man whose mentions write a
    bare تميم; مانشستر: both clubs offered, not the one whose mentions write it bare."""
    articles = [[("PER", "تميم بن حمد آل ثاني")]] * 30 + [[("PER", "خلفان تميم"), ("PER", "تميم")]] * 3
    articles += [[("ORG", "مانشستر يونايتد"), ("ORG", "مانشستر")]] * 20 + [[("ORG", "مانشستر سيتي")]] * 15
    entities = _grouped(articles)
    assert [e.name for e in lookup_entities(entities, "تميم").found] == ["تميم بن حمد آل ثاني"]
    clubs = lookup_entities(entities, "مانشستر")
    assert not clubs.found and [e.name for e in clubs.offered] == ["مانشستر يونايتد", "مانشستر سيتي"]


def test_a_surname_after_a_title_names_its_owner_not_a_name_it_begins() -> None:
    """الرئيس ترامب, president trump: دونالد ترامب, whose surname it is, not a span that begins
    with it (ترامب تاور)."""
    from corpus.export import entity_lookup

    articles = [[("PER", "دونالد ترامب"), ("PER", "ترامب")]] * 30 + [[("PER", "ترامب تاور")]] * 4
    archive = _Trump(_grouped(articles))
    for typed in ("الرئيس ترامب", "president trump"):
        assert [e.name for e in entity_lookup(archive, typed).found] == ["دونالد ترامب"], typed  # type: ignore[arg-type]


class _Trump(_Reading):
    def read_as_arabic(self, name: str) -> list[set[str]] | None:  # type: ignore[override]
        return [{"ترامب"}] if name == "trump" else super().read_as_arabic(name)


def test_a_title_never_makes_a_small_namesake_or_another_titled_person_the_answer() -> None:
    """الشيخ جراح (a neighbourhood): not a one-article جراح الظفيري; الملك فيصل: the body named so
    is offered beside the people; البابا فرنسيس is no answer to الأمير فرنسيس."""
    from corpus.export import entity_lookup

    articles = [[("PER", "جراح الظفيري")]] + [[("ORG", "الملك فيصل")]] * 12
    articles += [[("PER", "فيصل بن خالد")]] * 20 + [[("PER", "فيصل بن بندر")]] * 15
    mentions = _placed(articles)
    mentions += [(len(articles) + n, Mention(0, 6, "PER", "فرنسيس", "البابا فرنسيس")) for n in range(8)]
    archive = _Archive(group_mentions(mentions))
    assert not entity_lookup(archive, "الشيخ جراح").found  # type: ignore[arg-type]
    faisal = entity_lookup(archive, "الملك فيصل")  # type: ignore[arg-type]
    assert ("ORG", "الملك فيصل") in {(e.type, e.name) for e in faisal.offered}
    assert not entity_lookup(archive, "الأمير فرنسيس").found  # type: ignore[arg-type]


class _Royals(_Archive):
    def read_as_arabic(self, name: str) -> list[set[str]] | None:  # type: ignore[override]
        return {"fahd": [{"فهد"}], "charles": [{"كارليس"}]}.get(name)


def test_a_latin_name_after_a_title_is_a_titled_person_only_as_it_is_spelled() -> None:
    """prince charles: الأمير تشارلز (Prince Charles), not a كارليس read from its letters; king fahd:
    no الملك فؤاد (King Fouad), though fahd and fouad sound alike without their vowels."""
    from corpus.export import entity_lookup

    mentions = [(n, Mention(0, 6, "PER", "تشارلز", "الأمير تشارلز")) for n in range(6)]
    mentions += [(6 + n, Mention(0, 4, "PER", "فؤاد", "الملك فؤاد")) for n in range(6)]
    mentions += [(12 + n, Mention(0, 14, "PER", "كارليس بويول")) for n in range(6)]
    mentions += [(18 + n, Mention(0, 16, "PER", "فهد بن عبدالعزيز")) for n in range(6)]
    archive = _Royals(group_mentions(mentions))
    assert [e.name for e in entity_lookup(archive, "prince charles").found] == ["الأمير تشارلز"]  # type: ignore[arg-type]
    fahd = entity_lookup(archive, "king fahd")  # type: ignore[arg-type]
    assert "الملك فؤاد" not in {e.name for e in (*fahd.found, *fahd.offered)}


def test_latin_words_are_read_as_the_one_entity_whose_spelling_sounds_as_they_do() -> None:
    """A search reads Latin words as an entity's name only where they sound as its Latin spelling
    word for word and as no other entity's: mohamed salah sounds as محمد صلاح (Mohamed Salah) and
    as محمد صالح (Mohamed Saleh), so it is read as neither; stephen king is no ستيفن هوكينغ (its h
    is sounded); a word the name lists spell as another name is no word of the entity's (mahmoud
    ibrahim sounds as محمد إبراهيم once the vowels go); an entity named in fewer than
    LATIN_READ_ARTICLES articles is never read."""
    from corpus.entities.lookup import LATIN_READ_ARTICLES, latin_name_read

    many = LATIN_READ_ARTICLES
    names = ["جمال خاشقجي", "ستيفن كينغ", "ستيفن هوكينغ", "محمد صلاح", "محمد صالح", "محمد إبراهيم", "النصر"]
    names.append("محمد بن سلمان بن عبدالعزيز")
    articles = [[("PER", name)] for name in names for _ in range(many)]
    articles += [[("PER", "تيريزا ماي")] for _ in range(many - 1)]
    found = group_mentions(_placed(articles))
    assert latin_name_read(found, ["jamal", "khashoggi"]) == "جمال خاشقجي"
    assert latin_name_read(found, ["stephen", "king"]) == "ستيفن كينغ"
    assert latin_name_read(found, ["mohamed", "salah"]) == ""
    assert latin_name_read(found, ["mahmoud", "ibrahim"]) == ""  # mahmoud is محمود, no محمد (review)
    assert latin_name_read(found, ["mohamed", "ibrahim"]) == "محمد إبراهيم"
    assert latin_name_read(found, ["ali", "nasser"]) == ""  # ali is علي: no word of النصر (review)
    assert latin_name_read(found, ["theresa", "may"]) == ""  # too few articles
    assert latin_name_read(found, ["khashoggi"]) == ""  # one word: the transliteration's
    assert latin_name_read(found, ["mbs"]) == "محمد بن سلمان"  # initials: the words they stand for
    assert latin_name_read(found, ["mbx"]) == ""


class _Writing:
    """An archive whose searches match made-up numbers of articles."""

    def __init__(self, written: dict[str, int]) -> None:
        self.written = written
        self.asked: list[str] = []

    def matching(self, query: str) -> list[int]:
        self.asked.append(query)
        return list(range(self.written.get(query, 0)))


def test_an_entity_named_in_few_of_the_articles_writing_its_name_is_said() -> None:
    """مقتدى is written in 141 articles and reached أبو مقتدى العصار, named in one: an export would
    give another man's mention as his; a name that few articles write, or whose entity is named in
    a fifth of them, is exported as it is; a name in Arabic letters is counted as written (its
    words side by side), one in Latin letters as the search reads it."""
    from corpus.export import named_in_few

    pairs = [(doc, Mention(0, 16, "PER", "أبو مقتدى العصار")) for doc in range(1)]
    pairs += [(doc, Mention(0, 6, "ORG", "الهلال")) for doc in range(1, 41)]
    one, club = sorted(group_mentions(pairs), key=lambda e: len(e.articles))
    archive = _Writing({'="مقتدى"': 141, '="الهلال"': 150, '="نادر"': 15, '="ولي العهد"': 2000, "sabic": 9671})
    assert named_in_few(archive, "مقتدى", [one]) == 141  # type: ignore[arg-type]
    assert named_in_few(archive, "الهلال", [club]) == 0  # type: ignore[arg-type]  # 40 of 150: over a fifth
    assert named_in_few(archive, "نادر", [one]) == 0  # type: ignore[arg-type]  # 15: too few to tell
    assert named_in_few(archive, "ولي  العهد", [one]) == 2000  # type: ignore[arg-type]
    assert archive.asked[-1] == '="ولي العهد"'  # as written, side by side: no variant, no other form
    assert named_in_few(archive, "sabic", [one]) == 9671  # type: ignore[arg-type]  # Latin: as the search reads it
    named_in_few(archive, 'source:"okaz"', [one])  # type: ignore[arg-type]
    assert archive.asked[-1] == "source okaz"  # never a filter of the query language
