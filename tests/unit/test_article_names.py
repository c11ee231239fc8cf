"""Names the archive writes with the article only (corpus.entities.article_names): which the
entity table puts on the list a search leaves the word without the article out for."""

from __future__ import annotations

from corpus.entities import Mention
from corpus.entities.article_names import NAMED_ARTICLES, names_with_the_article
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
    found = names_with_the_article(entities, lambda form: held.get(form, 0))
    assert found == {normalize("الخليل")}
    packed = EntityIndex(entities, []).entities
    assert names_with_the_article(packed, lambda form: held.get(form, 0)) == found
