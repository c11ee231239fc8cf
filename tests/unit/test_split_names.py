"""Names the tagger cut in two are one name where the archive tags them whole (corpus.entities.split_names)."""

from __future__ import annotations

from corpus.entities.grouping import _vocabulary, group_mentions
from corpus.entities.mentions import Entity, Mention
from corpus.entities.split_names import JOINED_MIN_ARTICLES, PLACE_JOIN_ARTICLES, join_split_names
from corpus.entities.table import MentionColumns
from corpus.models import Doc

Piece = tuple[str, str]
"""(type, text) of a mention."""


def in_a_row(doc: Doc, pieces: list[Piece], gap: int = 1, at: int = 0) -> list[tuple[Doc, Mention]]:
    """Mentions written one after the other, `gap` characters apart, from `at`."""
    mentions = []
    for kind, text in pieces:
        mentions.append((doc, Mention(at, at + len(text), kind, text)))
        at += len(text) + gap
    return mentions


def whole_in(docs: range, kind: str, text: str) -> list[tuple[Doc, Mention]]:
    return [pair for doc in docs for pair in in_a_row(doc, [(kind, text)])]


def named(entities: list[Entity], text: str) -> list[Entity]:
    return [e for e in entities if text in e.variants]


def joined_texts(mentions: list[tuple[Doc, Mention]]) -> dict[Doc, list[str]]:
    """Each article's mention texts once split names are joined (as grouping joins them)."""
    columns = MentionColumns()
    for doc, mention in sorted(mentions, key=lambda pair: (pair[0], pair[1].start)):
        columns.add(doc, mention)
    join_split_names(columns, _vocabulary(columns).prefix)
    strings = list(columns.numbers)
    texts: dict[Doc, list[str]] = {}
    for doc, text in zip(columns.docs, columns.texts, strict=True):
        texts.setdefault(doc, []).append(strings[text])
    return texts


def test_two_pieces_the_archive_tags_as_one_name_are_that_name() -> None:
    wholes = whole_in(range(JOINED_MIN_ARTICLES), "ORG", "باريس سان جرمان")
    split = [pair for doc in range(10, 14) for pair in in_a_row(doc, [("LOC", "باريس"), ("LOC", "سان جرمان")])]
    city = whole_in(range(20, 30), "LOC", "باريس")
    entities = group_mentions(wholes + split + city)
    club = named(entities, "باريس سان جرمان")
    assert len(club) == 1 and club[0].type == "ORG"
    assert len(club[0].articles) == JOINED_MIN_ARTICLES + 4
    assert not named(entities, "سان جرمان")
    (paris,) = named(entities, "باريس")
    assert paris.type == "LOC" and len(paris.articles) == 10  # the city keeps only its own mentions
    joined = [m for _, m in club[0].mentions if m.text == "باريس سان جرمان" and m.type == "ORG"]
    assert all(m.end - m.start == len("باريس سان جرمان") for m in joined)


def test_a_whole_seen_in_too_few_articles_joins_nothing() -> None:
    """The tagger running two names together once or twice is no evidence (إسطنبول بتركيا)."""
    wholes = whole_in(range(JOINED_MIN_ARTICLES - 1), "LOC", "إسطنبول تركيا")
    split = [pair for doc in range(10, 14) for pair in in_a_row(doc, [("LOC", "إسطنبول"), ("LOC", "تركيا")])]
    entities = group_mentions(wholes + split)
    assert len(named(entities, "إسطنبول")[0].articles) == 4
    assert len(named(entities, "تركيا")[0].articles) == 4


def test_pieces_apart_or_a_list_of_names_stay_apart() -> None:
    """More than a space between them (a comma), or و before the second: two names."""
    wholes = whole_in(range(5), "ORG", "حماس والجهاد الإسلامي") + whole_in(range(5, 10), "ORG", "فتح حماس")
    listed = [pair for doc in range(10, 14) for pair in in_a_row(doc, [("ORG", "حماس"), ("ORG", "والجهاد الإسلامي")])]
    comma = [pair for doc in range(20, 24) for pair in in_a_row(doc, [("ORG", "فتح"), ("ORG", "حماس")], gap=2)]
    spaced = [pair for doc in range(30, 34) for pair in in_a_row(doc, [("ORG", "فتح"), ("ORG", "حماس")])]
    texts = joined_texts(wholes + listed + comma + spaced)
    assert texts[10] == ["حماس", "والجهاد الإسلامي"]
    assert texts[20] == ["فتح", "حماس"]
    assert texts[30] == ["فتح حماس"]


def test_a_title_before_a_name_joins_no_person() -> None:
    wholes = whole_in(range(5), "PER", "المشير خليفة حفتر")
    split = [pair for doc in range(10, 14) for pair in in_a_row(doc, [("PER", "المشير"), ("PER", "خليفة حفتر")])]
    entities = group_mentions(wholes + split)
    assert {10, 11, 12, 13} <= set(named(entities, "خليفة حفتر")[0].articles)


def test_a_place_after_in_joins_only_where_the_archive_mostly_tags_it_whole() -> None:
    """دوما بسوريا is Douma, in Syria; بروسيا دورتموند (Borussia) is a club, tagged whole far
    more often than in two pieces."""
    place = whole_in(range(PLACE_JOIN_ARTICLES), "LOC", "دوما بسوريا")
    place += [
        pair
        for doc in range(20, 20 + PLACE_JOIN_ARTICLES)
        for pair in in_a_row(doc, [("LOC", "دوما"), ("LOC", "بسوريا")])
    ]
    club = whole_in(range(40, 40 + PLACE_JOIN_ARTICLES), "ORG", "بروسيا دورتموند")
    club += [pair for doc in range(60, 62) for pair in in_a_row(doc, [("LOC", "بروسيا"), ("ORG", "دورتموند")])]
    others = whole_in(range(70, 80), "LOC", "روسيا") + whole_in(range(80, 90), "LOC", "سوريا")
    texts = joined_texts(place + club + others)
    assert texts[20] == ["دوما", "بسوريا"]
    assert texts[60] == ["بروسيا دورتموند"]


def test_the_first_piece_is_read_without_its_clitic() -> None:
    """وباريس سان جرمان is the club though the archive tags it whole only without و."""
    wholes = whole_in(range(4), "ORG", "باريس سان جرمان") + whole_in(range(4, 14), "LOC", "باريس")
    split = [pair for doc in range(20, 23) for pair in in_a_row(doc, [("LOC", "وباريس"), ("LOC", "سان جرمان")])]
    entities = group_mentions(wholes + split)
    (club,) = named(entities, "باريس سان جرمان")
    assert {20, 21, 22} <= set(club.articles)


def test_spelled_letters_and_a_body_before_its_head_join_nothing() -> None:
    """بي | سي may be the end of إن بي سي (NBC) as well as of بي بي سي; رئيس أبل | تيم كوك is
    an office and its holder, whatever the tagger once ran together."""
    wholes = whole_in(range(5), "ORG", "بي سي") + whole_in(range(5, 10), "PER", "أبل تيم كوك")
    letters = [pair for doc in range(10, 13) for pair in in_a_row(doc, [("ORG", "بي"), ("ORG", "سي")])]
    office = [pair for doc in range(20, 23) for pair in in_a_row(doc, [("ORG", "أبل"), ("PER", "تيم كوك")])]
    texts = joined_texts(wholes + letters + office)
    assert texts[10] == ["بي", "سي"]
    assert texts[20] == ["أبل", "تيم كوك"]


def test_two_names_the_tagger_ran_together_a_few_times_stay_two() -> None:
    """Three articles tag «ترامب بوتين» as one person; where the two are tagged apart they stay
    apart: each is named alone in far more articles (review of the twenty-fifth session, H1)."""
    wholes = whole_in(range(3), "PER", "ترامب بوتين")
    split = [pair for doc in range(10, 30) for pair in in_a_row(doc, [("PER", "ترامب"), ("PER", "بوتين")])]
    alone = whole_in(range(100, 260), "PER", "ترامب") + whole_in(range(300, 420), "PER", "بوتين")
    texts = joined_texts(wholes + split + alone)
    assert texts[10] == ["ترامب", "بوتين"]


def test_rows_already_in_article_order_are_joined_as_sorted_ones_are() -> None:
    """Columns in article order are paired where they stand (no sort): every row's start, end
    and text comes out as when the rows came in another order and were sorted first."""
    wholes = whole_in(range(JOINED_MIN_ARTICLES), "ORG", "باريس سان جرمان")
    split = [pair for doc in range(10, 14) for pair in in_a_row(doc, [("LOC", "باريس"), ("LOC", "سان جرمان")])]
    others = [pair for doc in range(10, 20) for pair in in_a_row(doc, [("PERS", "زيدان")], at=40)]
    mentions = sorted(wholes + split + others, key=lambda pair: (pair[0], pair[1].start))

    def joined(order: list[tuple[Doc, Mention]]) -> list[tuple[int, int, int, str]]:
        columns = MentionColumns()
        for doc, mention in order:
            columns.add(doc, mention)
        assert join_split_names(columns, _vocabulary(columns).prefix) == 4
        strings = list(columns.numbers)
        rows = zip(columns.docs, columns.starts, columns.ends, columns.texts, strict=True)
        return sorted((doc, start, end, strings[text]) for doc, start, end, text in rows)

    assert joined(mentions) == joined(mentions[::-1])
    assert (10, 40, 45, "زيدان") in joined(mentions)
