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

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

from corpus.entities.mentions import CONFIDENT, TYPES, Entity
from corpus.entities.table import MentionTable, PackedEntities
from corpus.text.clitics import with_the_article
from corpus.text.normalization import normalize, twin_with_maqsura
from corpus.text.shipped import countries, places

__all__ = ["NAMED_ARTICLES", "NAMED_SHARE", "OTHER_NAMED", "names_by_the_article", "words_named"]

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
    """The table's people, places and bodies: each distinct mention text normalized once, and one
    row per distinct (text, article, kind of name), in columns."""

    def __init__(
        self, strings: list[str], texts: np.ndarray, docs: np.ndarray, kinds: np.ndarray, sure: np.ndarray
    ) -> None:
        self.strings = strings
        """The distinct mention texts, normalized."""
        self.texts, self.docs, self.kinds = texts, docs, kinds
        self.sure = sure
        """Per row, whether the tagger is sure of it (CONFIDENT)."""

    def articles(
        self, words_of: Callable[[str], Iterable[str]], *, sure: bool = False
    ) -> tuple[Counter[tuple[str, str]], Counter[str]]:
        """How many articles name each word that `words_of` picks out of a mention text: in names
        of each kind ((word, kind) → articles), and in names of any kind. One pass over the texts,
        the rows counted in numpy."""
        picked = [tuple(dict.fromkeys(words_of(text))) for text in self.strings]
        names = sorted({word for words in picked for word in words})
        number = {word: n for n, word in enumerate(names)}
        lengths = np.array([len(words) for words in picked], dtype=np.int64)
        flat = np.array([number[word] for words in picked for word in words], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        rows = lengths[self.texts] > 0 if len(lengths) else np.zeros(len(self.texts), dtype=bool)
        if sure:  # the tagger's sure mentions only
            rows &= self.sure
        texts = self.texts[rows]
        each = lengths[texts]
        within = np.arange(int(each.sum())) - np.repeat(np.cumsum(each) - each, each)
        words = flat[np.repeat(starts[texts], each) + within]
        docs, kinds = np.repeat(self.docs[rows], each), np.repeat(self.kinds[rows], each)
        span = int(self.docs.max()) + 1 if len(self.docs) else 1
        by_kind = np.unique((words * len(_NAMES) + kinds) * span + docs) // span  # one (word, kind) an article
        anywhere = np.unique(words * span + docs) // span
        kinds_found, counts = np.unique(by_kind, return_counts=True)
        of_kind: Counter[tuple[str, str]] = Counter()
        for pair, count in zip(kinds_found.tolist(), counts.tolist(), strict=True):
            of_kind[names[pair // len(_NAMES)], _NAMES[pair % len(_NAMES)]] = count
        words_found, counts = np.unique(anywhere, return_counts=True)
        return of_kind, Counter(dict(zip((names[w] for w in words_found.tolist()), counts.tolist(), strict=True)))


def _named_words(entities: Sequence[Entity]) -> _NamedWords:
    """The mention texts of the table's people, places and bodies, normalized, with their articles:
    read from the packed columns or from the entities' mentions."""
    if isinstance(entities, PackedEntities):
        return _named_in_table(entities.table)
    seen = {
        (normalize(mention.text), doc, _NAMES.index(entity.type), int(mention.confident))
        for entity in entities
        if entity.type in _NAMES
        for doc, mention in entity.mentions
    }
    strings = sorted({text for text, _, _, _ in seen})
    number = {text: n for n, text in enumerate(strings)}
    found = np.array(sorted((number[text], *rest) for text, *rest in seen), dtype=np.int64).reshape(-1, 4)
    return _NamedWords(strings, found[:, 0], found[:, 1], found[:, 2], found[:, 3] == 1)


def _named_in_table(table: MentionTable) -> _NamedWords:
    """The people's, places' and bodies' mention texts of a packed table (every mention it holds,
    those of names dropped after the grouping too), as `_named_words` gives them."""
    named = np.isin(table.types, [TYPES.index(kind) for kind in _NAMES])
    columns = (table.texts[named], table.docs[named], table.types[named])
    text, doc, kind = (column.astype(np.int64) for column in columns)
    sure = (table.confidences[named] >= round(CONFIDENT * 100)).astype(np.int64)
    docs, types = int(doc.max()) + 1 if len(doc) else 1, len(TYPES)
    rows = np.unique(((text * docs + doc) * types + kind) * 2 + sure)  # each (text, article, kind, sure) once
    numbers, texts = np.unique(rows // (docs * types * 2), return_inverse=True)
    strings = [normalize(text) for text in table.strings_at(numbers.tolist())]
    kind_of = np.array([_NAMES.index(kind) if kind in _NAMES else -1 for kind in TYPES], dtype=np.int64)
    return _NamedWords(
        strings, texts.reshape(-1), rows // (types * 2) % docs, kind_of[rows // 2 % types], rows % 2 == 1
    )


def _held(frequency: Callable[[str], int], word: str) -> int:
    """How many articles hold a normalized word, its final ي written ى too (الأقصى)."""
    twin = twin_with_maqsura(word)
    return frequency(word) + (frequency(twin) if twin is not None else 0)


def _named_enough(named: dict[str, int], frequency: Callable[[str], int]) -> set[str]:
    """The words named in NAMED_ARTICLES articles or more and NAMED_SHARE of those holding them."""
    return {
        word
        for word, count in named.items()
        if count >= NAMED_ARTICLES and count >= NAMED_SHARE * _held(frequency, word)
    }


WITH_ARTICLE_SHARE = 0.5
"""A one-word name written without the article is on the list only where its form with the article
is held by fewer than this share of the articles holding it: a name seldom takes the article
(الحماس: 111 beside حماس's 558), a common word the tagger took for a name takes it as often as
not (المشهد, "the scene", 665 beside مشهد's 374, which the tagger calls a place)."""
OTHER_HELD = 3
"""The fewest articles holding a bare name's form with the article for the list to hold the name
(fewer: leaving them out hardly matters)."""


def _seldom_named(rows: _NamedWords, others: dict[str, tuple[str, str]], frequency: Callable[[str], int]) -> set[str]:
    """The names of `others` (name → its other form, the name's kind) whose other form is a name of
    that kind in under OTHER_NAMED of the articles holding it (ناتو is الناتو; خليل, a person, is
    not الخليل, a place)."""
    wanted = {other for other, _ in others.values()}
    naming, _ = rows.articles(lambda text: (word for word in text.split() if word in wanted))
    return {
        name
        for name, (other, kind) in others.items()
        if naming[other, kind] < OTHER_NAMED * max(1, _held(frequency, other))
    }


def _last_word(text: str) -> tuple[str, ...]:
    """The last word of a name of several words, where it begins with the article."""
    words = text.split()
    last = words[-1] if len(words) > 1 else ""
    return (last,) if _one_word_with_article(last) and last.isalpha() else ()


def _last_words(rows: _NamedWords, frequency: Callable[[str], int]) -> frozenset[str]:
    """The article-bearing last words of people's and places' names of several words (see the
    module docstring)."""
    named, _ = rows.articles(_last_word, sure=True)
    people = _named_enough({word: count for (word, kind), count in named.items() if kind == "PER"}, frequency)
    places = _named_enough(
        {word: count for (word, kind), count in named.items() if kind == "LOC" and not word.endswith(_ORIGIN)},
        frequency,
    )  # الأوسط of الشرق الأوسط: أوسط ends other places' names
    return frozenset(people | _seldom_named(rows, {word: (word[2:], "LOC") for word in places}, frequency))


_ORIGIN = ("ي", "يه")
"""The endings of an adjective of origin, normalized (الشمالية, الأمريكي)."""


def _one_word(text: str) -> tuple[str, ...]:
    """A mention text of one word without the article, of three letters or more."""
    return (text,) if " " not in text and len(text) >= 3 and text.isalpha() and not text.startswith("ال") else ()


def _bare_names(rows: _NamedWords, frequency: Callable[[str], int]) -> frozenset[str]:
    """One-word names written without the article whose form with it is another word (see the
    module docstring)."""
    by_kind, named = rows.articles(_one_word, sure=True)
    listed = countries()
    candidates = {
        word: ("ال" + word, max(_NAMES, key=lambda kind: by_kind[word, kind]))
        for word in _named_enough(named, frequency)
        if word not in listed
        and OTHER_HELD <= _held(frequency, "ال" + word) < WITH_ARTICLE_SHARE * _held(frequency, word)
    }
    return frozenset(_seldom_named(rows, candidates, frequency))


_WORDS_NAMED: list[tuple[Sequence[Entity], dict[str, int]]] = []
_WORDS_LOCK = threading.Lock()


def words_named(entities: Sequence[Entity]) -> dict[str, int]:
    """How many articles hold each word (normalized) in a person's, a place's or a body's name:
    what a Latin word read as Arabic prefers (corpus.search.transliteration: uber is أوبر, a
    body's name, before عبر "through", which no name holds); made once for `entities` (the last
    made is kept, as corpus.entities.lookup keeps its Latin spellings)."""
    with _WORDS_LOCK:
        if _WORDS_NAMED and _WORDS_NAMED[0][0] is entities:
            return _WORDS_NAMED[0][1]
    _, anywhere = _named_words(entities).articles(str.split)
    made = dict(anywhere)
    with _WORDS_LOCK:
        _WORDS_NAMED[:] = [(entities, made)]
    return made
