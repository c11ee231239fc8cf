"""Names the archive writes with the article only: the word without it is another word.

الخليل (Hebron) is never خليل, a given name; الفتح, the club, is no فتح (Fatah, "opening"); الكاف
(Le Kef) no كاف ("enough"). A search for such a name finds none of the forms without the article
(corpus.search.expansion.word_forms). The archive's entity table says which names they are:
one-word places and organisations with the article, named in NAMED_ARTICLES articles or more and
in NAMED_SHARE of the articles that hold the word, the tagger sure of half their mentions or
more (not marked unsure), whose mentions are never written without the article. A word the
tagger seldom calls a name (الجديدة "the new", which GeoNames lists as a town; المدينة "the
city") keeps the forms without it, and so does one whose word without the article begins names
of several words (named HEAD_MENTIONS_IN_ALL times in the table's places and bodies, or
GAZETTEER_HEADS of the gazetteer's): it is written so in a longer name, as a kind of place
(ريف دمشق of الريف) or the same body (أهلي جدة of الأهلي, بايرن ميونيخ of البايرن).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from corpus.entities.mentions import TYPES, Entity
from corpus.entities.table import PackedEntities
from corpus.text.clitics import with_the_article
from corpus.text.normalization import normalize
from corpus.text.shipped import places

__all__ = ["NAMED_ARTICLES", "NAMED_SHARE", "names_with_the_article"]

NAMED_ARTICLES = 20
"""The fewest articles a name is named in for its word without the article to be another word."""
NAMED_SHARE = 0.5
"""The share of the articles holding the word with the article that must name the entity."""
KINDS = ("LOC", "ORG")
"""Places and bodies: a concept written with the article (الإسلام, القرآن) is one word without it too."""
HEAD_MENTIONS_IN_ALL = NAMED_ARTICLES
"""The mentions of the entity table's names of several words the word without the article may begin."""
GAZETTEER_HEADS = 3
"""...and in the gazetteer."""


def _one_word_with_article(key: str) -> bool:
    """A key of one word that begins with the article (الخليل), of two letters after it or more."""
    return key.startswith("ال") and len(key) >= 5 and " " not in key


HEAD_MENTIONS = 3
"""The fewest mentions of a longer name counted as begun by a word (the rest are the tagger's slips)."""


def _rows(entities: Sequence[Entity], least: int) -> list[int]:
    """The numbers of the places and bodies with at least `least` mentions (of every entity when
    the entities are no columns): picked in numpy, so a million entities' keys are never all read."""
    if not isinstance(entities, PackedEntities):
        return list(range(len(entities)))
    kinds = np.isin(entities.types, [TYPES.index(kind) for kind in KINDS])
    rows: list[int] = np.flatnonzero(kinds & (entities.stops - entities.starts >= least)).tolist()
    return rows


def _heads(entities: Sequence[Entity]) -> Counter[str]:
    """The mentions of the table's places and bodies of several words (HEAD_MENTIONS mentions or
    more each) that each word begins."""
    heads: Counter[str] = Counter()
    if isinstance(entities, PackedEntities):
        counts = (entities.stops - entities.starts).tolist()
        named = ((entities.keys[n], counts[n]) for n in _rows(entities, HEAD_MENTIONS))
    else:
        named = ((e.key, len(e.mentions)) for e in entities if e.type in KINDS and len(e.mentions) >= HEAD_MENTIONS)
    for key, count in named:
        if " " in key:
            heads[key.split(" ", 1)[0]] += count
    return heads


@lru_cache(maxsize=1)
def _gazetteer_heads() -> Counter[str]:
    """How many of the gazetteer's names of several words each word begins."""
    return Counter(name.split(" ", 1)[0] for name in places() if " " in name)


def names_with_the_article(entities: Sequence[Entity], frequency: Callable[[str], int]) -> frozenset[str]:
    """The keys (normalized: الخليل) of the names written with the article only (see the module
    docstring); `frequency` gives how many articles hold a normalized word."""
    numbers = [
        n
        for n in _rows(entities, NAMED_ARTICLES)
        if not isinstance(entities, PackedEntities) or _one_word_with_article(entities.keys[n])
    ]
    heads = _heads(entities)
    gazetteer = _gazetteer_heads()
    found: set[str] = set()
    for number in numbers:
        entity = entities[number]
        key = entity.key
        if entity.type not in KINDS or not _one_word_with_article(key):
            continue
        named = len(entity.articles)
        if named < NAMED_ARTICLES or named < NAMED_SHARE * frequency(key) or entity.unsure:
            continue  # العيار, of «من العيار الثقيل», tagged a body in 60 articles, sure in a third of them
        if heads[key[2:]] >= HEAD_MENTIONS_IN_ALL or gazetteer[key[2:]] >= GAZETTEER_HEADS:
            continue  # ريف دمشق, أهلي جدة: written without the article in longer names
        if all(with_the_article(normalize(written)) for written in entity.variants):
            found.add(key)
    return frozenset(found)
