"""Names whose article tells them from another word: written with it only, or without it only.

الخليل (Hebron) is never خليل, a given name; الفتح, the club, is no فتح (Fatah, "opening"); الكاف
(Le Kef) no كاف ("enough"). A search for such a name finds none of the forms without the article
(corpus.search.expansion.word_forms), and the word typed without it none of the name's. The
archive's entity table says which names they are:

- one-word places and organisations with the article, named in NAMED_ARTICLES articles or more and
  in NAMED_SHARE of the articles that hold the word, the tagger sure of half their mentions or
  more (not marked unsure), whose mentions are never written without the article. A word the
  tagger seldom calls a name (الجديدة "the new", which GeoNames lists as a town; المدينة "the
  city") keeps the forms without it, and so does one whose word without the article begins names
  of several words (named HEAD_MENTIONS_IN_ALL times in the table's places and bodies, or
  GAZETTEER_HEADS of the gazetteer's): it is written so in a longer name, as a kind of place
  (ريف دمشق of الريف) or the same body (أهلي جدة of الأهلي, بايرن ميونيخ of البايرن);
- the article-bearing last word of people's names (الشاهد of يوسف الشاهد, not شاهد "watched";
  الفيصل, a family, not فيصل, a given name) and of places' (دير الزور: no زور "forgery"; مكة
  المكرمة: no مكرمة "a generous deed"), named so in NAMED_ARTICLES articles or more and in
  NAMED_SHARE of those holding the word; a place's last word only when it is no adjective of
  origin (الشمالية of كوريا الشمالية is شمالية "northern" too) and its word without the article is
  named in under OTHER_NAMED of the articles holding it (الأوسط, of الشرق الأوسط, is written
  أوسط in other names);
- one-word names written without the article (حماس, not الحماس "the enthusiasm"; سيول, Seoul,
  not السيول "the floods"; جدة, not الجدة "the grandmother"), named so in NAMED_ARTICLES articles
  or more and in NAMED_SHARE of those holding the word, whose form with the article is named in
  under OTHER_NAMED of the articles holding it (الناتو, الفيفا and الغوطة are the same names)
  and is no country's adjective (التشيلي of تشيلي).

The list holds each name as it is written: الخليل with the article, حماس without it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from corpus.entities.mentions import TYPES, Entity
from corpus.entities.table import PackedEntities
from corpus.text.clitics import with_the_article
from corpus.text.normalization import normalize, twin_with_maqsura
from corpus.text.shipped import countries, places

__all__ = ["NAMED_ARTICLES", "NAMED_SHARE", "OTHER_NAMED", "names_by_the_article"]

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
OTHER_NAMED = 0.1
"""A name's word with the article (or without it) names something in fewer than this share of the
articles that hold it, for it to be another word than the name."""


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


def names_by_the_article(entities: Sequence[Entity], frequency: Callable[[str], int]) -> frozenset[str]:
    """The names (normalized: الخليل, حماس) written only with the article or only without it (see
    the module docstring); `frequency` gives how many articles hold a normalized word."""
    rows = _named_words(entities)
    with_article = _one_word_names_with_article(entities, frequency)
    kept = _seldom_named(rows, {name: (name[2:], kind) for name, kind in with_article.items()}, frequency)
    return frozenset(kept) | _last_words(rows, frequency) | _bare_names(rows, frequency)


def _one_word_names_with_article(entities: Sequence[Entity], frequency: Callable[[str], int]) -> dict[str, str]:
    """One-word places and bodies with the article that are never written without it, with their kinds."""
    numbers = [
        n
        for n in _rows(entities, NAMED_ARTICLES)
        if not isinstance(entities, PackedEntities) or _one_word_with_article(entities.keys[n])
    ]
    heads = _heads(entities)
    gazetteer = _gazetteer_heads()
    found: dict[str, str] = {}
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
            found[key] = entity.type
    return found


_NAMES = ("PER", "LOC", "ORG")


class _NamedWords:
    """Per kind of name (PER, LOC, ORG), each distinct mention text normalized with the articles
    (numbers) naming it so."""

    def __init__(self, texts: dict[str, list[tuple[str, int]]]) -> None:
        self.texts = texts
        """Per kind, (mention text normalized, article) pairs, each once."""

    def articles_naming(self, words: dict[str, str]) -> dict[str, set[int]]:
        """Of each of `words` (word → a kind of name), the articles that hold it in a name of that kind."""
        found: dict[str, set[int]] = {word: set() for word in words}
        for kind, pairs in self.texts.items():
            for text, doc in pairs:
                for word in text.split():
                    if words.get(word) == kind:
                        found[word].add(doc)
        return found


def _named_words(entities: Sequence[Entity]) -> _NamedWords:
    """The mention texts of the table's people, places and bodies, normalized, with their articles:
    read from the packed columns (one text normalized once) or from the entities' mentions."""
    texts: dict[str, list[tuple[str, int]]] = {kind: [] for kind in _NAMES}
    if isinstance(entities, PackedEntities):
        table = entities.table
        kinds = np.isin(table.types, [TYPES.index(kind) for kind in _NAMES])
        columns = (table.texts[kinds], table.docs[kinds], table.types[kinds])
        pairs = np.unique(np.stack([column.astype(np.int64) for column in columns], axis=1), axis=0)
        numbers = np.unique(pairs[:, 0]).tolist()
        normalized = dict(zip(numbers, (normalize(text) for text in table.strings_at(numbers)), strict=True))
        for text, doc, kind in pairs.tolist():
            texts[TYPES[kind]].append((normalized[text], doc))
        return _NamedWords(texts)
    seen: set[tuple[str, str, int]] = set()
    for entity in entities:
        if entity.type in texts:
            seen.update((entity.type, normalize(mention.text), doc) for doc, mention in entity.mentions)
    for kind, text, doc in sorted(seen):
        texts[kind].append((text, doc))
    return _NamedWords(texts)


def _held(frequency: Callable[[str], int], word: str) -> int:
    """How many articles hold a normalized word, its final ي written ى too (الأقصى)."""
    twin = twin_with_maqsura(word)
    return frequency(word) + (frequency(twin) if twin is not None else 0)


def _named_enough(named: dict[str, set[int]], frequency: Callable[[str], int]) -> set[str]:
    """The words named in NAMED_ARTICLES articles or more and NAMED_SHARE of those holding them."""
    return {
        word
        for word, docs in named.items()
        if len(docs) >= NAMED_ARTICLES and len(docs) >= NAMED_SHARE * _held(frequency, word)
    }


OTHER_HELD = 3
"""The fewest articles holding a bare name's form with the article for the list to hold the name
(fewer: leaving them out hardly matters)."""


def _seldom_named(rows: _NamedWords, others: dict[str, tuple[str, str]], frequency: Callable[[str], int]) -> set[str]:
    """The names of `others` (name → its other form, the name's kind) whose other form is a name of
    that kind in under OTHER_NAMED of the articles holding it (ناتو is الناتو; خليل, a person, is
    not الخليل, a place)."""
    naming = rows.articles_naming(dict(others.values()))
    return {
        name
        for name, (other, _) in others.items()
        if len(naming[other]) < OTHER_NAMED * max(1, _held(frequency, other))
    }


def _last_words(rows: _NamedWords, frequency: Callable[[str], int]) -> frozenset[str]:
    """The article-bearing last words of people's and places' names of several words (see the
    module docstring)."""
    found: set[str] = set()
    for kind in ("PER", "LOC"):
        named: dict[str, set[int]] = {}
        for text, doc in rows.texts[kind]:
            words = text.split()
            last = words[-1] if len(words) > 1 else ""
            if _one_word_with_article(last) and last.isalpha() and not (kind == "LOC" and last.endswith(_ORIGIN)):
                named.setdefault(last, set()).add(doc)
        enough = _named_enough(named, frequency)
        if kind == "LOC":  # الأوسط of الشرق الأوسط: أوسط ends other places' names
            enough = _seldom_named(rows, {word: (word[2:], kind) for word in enough}, frequency)
        found.update(enough)
    return frozenset(found)


_ORIGIN = ("ي", "يه")
"""The endings of an adjective of origin, normalized (الشمالية, الأمريكي)."""


def _bare_names(rows: _NamedWords, frequency: Callable[[str], int]) -> frozenset[str]:
    """One-word names written without the article whose form with it is another word (see the
    module docstring)."""
    named: dict[str, dict[str, set[int]]] = {}
    for kind in _NAMES:
        for text, doc in rows.texts[kind]:
            if " " not in text and len(text) >= 3 and text.isalpha() and not text.startswith("ال"):
                named.setdefault(text, {}).setdefault(kind, set()).add(doc)
    enough = _named_enough({word: set().union(*kinds.values()) for word, kinds in named.items()}, frequency)
    listed = countries()
    kind_of = {word: max(named[word], key=lambda kind: len(named[word][kind])) for word in enough}
    candidates = {
        word: ("ال" + word, kind_of[word])
        for word in enough
        if word not in listed and _held(frequency, "ال" + word) >= OTHER_HELD
    }
    return frozenset(_seldom_named(rows, candidates, frequency))
