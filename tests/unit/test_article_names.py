"""Names the archive writes with the article only (corpus.entities.article_names): which the
entity table puts on the list a search leaves the word without the article out for."""

from __future__ import annotations

from corpus.entities import Mention
from corpus.entities.article_names import NAMED_ARTICLES, names_by_the_article
from corpus.entities.grouping import group_mentions
from corpus.entities.index import EntityIndex
from corpus.entities.mentions import Entity
from corpus.text.normalization import normalize


def _entities(articles: list[list[tuple[str, str, float]]]) -> list[Entity]:
    return group_mentions(
        [
            (doc, Mention(i * 40, i * 40 + len(text), kind, text, confidence=sure))
            for doc, found in enumerate(articles)
            for i, (kind, text, sure) in enumerate(found)
        ]
    )


def test_a_name_is_on_the_list_only_where_the_table_says_the_word_is_a_name_without_its_bare_form() -> None:
    """الخليل: named in most articles holding it, never bare: on the list. المدينة: named in few of
    the articles holding the word (the city, a common noun). البايرن: its bare word begins بايرن
    ميونيخ, named often (the same club). العيار: the tagger unsure of most of its mentions. الكرك:
    written without the article too (كرك, its variant where an article writes both). Each list is
    the same from the entities as from their packed columns."""
    many = NAMED_ARTICLES
    articles = [[("LOC", "الخليل", 1.0)] for _ in range(many)]
    articles += [[("LOC", "المدينة", 1.0)] for _ in range(many)]
    articles += [[("ORG", "البايرن", 1.0), ("ORG", "بايرن ميونيخ", 1.0)] for _ in range(many)]
    articles += [[("ORG", "العيار", 0.3)] for _ in range(many)]
    articles += [[("LOC", "الكرك", 1.0)] for _ in range(many)] + [[("LOC", "الكرك", 1.0), ("LOC", "كرك", 1.0)]] * 3
    articles += [[("LOC", "الفاو", 1.0)] for _ in range(many - 1)]  # too few articles
    held = {normalize(word): many for word in ("الخليل", "البايرن", "العيار", "الكرك", "الفاو")}
    held[normalize("المدينة")] = 10 * many
    entities = _entities(articles)
    found = names_by_the_article(entities, lambda form: held.get(form, 0))
    assert found == {normalize("الخليل")}
    packed = EntityIndex(entities, []).entities
    assert names_by_the_article(packed, lambda form: held.get(form, 0)) == found


def test_the_last_word_of_peoples_and_places_names_is_on_the_list_where_it_is_a_name() -> None:
    """الشاهد ends يوسف الشاهد in most articles holding it: on the list (شاهد "watched" is another
    word). الزور ends دير الزور: on it. الشمالية ends كوريا الشمالية but is an adjective of origin
    (شمالية "northern" is the same word): not on it. العمر ends a name in few of the articles
    holding it (العمر, "the age"): not on it. Each list is the same from the packed columns."""
    many = NAMED_ARTICLES
    articles = [[("PER", "يوسف الشاهد", 1.0)] for _ in range(many)]
    articles += [[("LOC", "دير الزور", 1.0)] for _ in range(many)]
    articles += [[("LOC", "كوريا الشمالية", 1.0)] for _ in range(many)]
    articles += [[("PER", "عبدالله العمر", 1.0)] for _ in range(many)]
    held = {normalize(word): many for word in ("الشاهد", "الزور", "الشمالية", "شاهد", "زور", "شمالية")}
    held[normalize("العمر")] = 10 * many
    entities = _entities(articles)
    found = names_by_the_article(entities, lambda form: held.get(form, 0))
    assert found == {normalize("الشاهد"), normalize("الزور")}
    assert names_by_the_article(EntityIndex(entities, []).entities, lambda form: held.get(form, 0)) == found


def test_a_one_word_name_without_the_article_is_on_the_list_where_the_word_with_it_names_nothing() -> None:
    """حماس, named in most articles holding it, and الحماس ("the enthusiasm") named in none and held
    by a fifth as many: on the list. الناتو names the same body as ناتو: not on it. تشيلي is a
    country, whose adjective is the word with the article (التشيلي): not on it. سيول with its الـ
    form in too few articles: not on it. مشهد, which the tagger calls a place, with المشهد ("the
    scene") held as often: a common word, not on it. عسير named by unsure mentions only: not on it."""
    many = NAMED_ARTICLES
    articles = [[("ORG", "حماس", 1.0)] for _ in range(many)]
    articles += [[("ORG", "ناتو", 1.0)] for _ in range(many)] + [[("ORG", "الناتو", 1.0)] for _ in range(many)]
    articles += [[("LOC", "تشيلي", 1.0)] for _ in range(many)]
    articles += [[("LOC", "سيول", 1.0)] for _ in range(many)]
    articles += [[("LOC", "مشهد", 1.0)] for _ in range(many)]
    articles += [[("LOC", "عسير", 0.5)] for _ in range(many)]
    held = {normalize(word): many for word in ("حماس", "ناتو", "تشيلي", "مشهد", "المشهد", "عسير")}
    held.update({normalize(word): many // 5 for word in ("الحماس", "الناتو", "التشيلي", "العسير")})
    held[normalize("سيول")], held[normalize("السيول")] = many, 2
    entities = _entities(articles)
    found = names_by_the_article(entities, lambda form: held.get(form, 0))
    assert found == {normalize("حماس")}
    assert names_by_the_article(EntityIndex(entities, []).entities, lambda form: held.get(form, 0)) == found
