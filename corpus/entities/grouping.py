"""Grouping mentions into entities: one entity per person, place or thing, across articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.entities.extract import article_mentions
from corpus.entities.lexicons import places
from corpus.entities.mentions import NAME_TYPES, Entity, Mention
from corpus.models import Doc
from corpus.text.normalization import normalize, without_clitics

__all__ = ["group_mentions", "article_entities", "entity_key", "name_similarity"]

_SOUND_CLASSES = str.maketrans(
    {"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج", "ط": "ت", "ص": "س", "ث": "س", "ض": "د", "ذ": "ز", "ظ": "ز"}
)
MERGE_AT = 70

_normalized = lru_cache(maxsize=1 << 18)(normalize)
"""normalize, remembered: the same names are met again and again across a corpus."""


def entity_key(text: str, kind: str, vocabulary: Container[str] = frozenset()) -> str:
    """The grouping key of a mention: normalized, leading clitics removed ("لكازاخستان" → كازاخستان).

    As in search, و ف ب ل ك go only when what is left is attested in `vocabulary`, so
    كازاخستان keeps its ك.
    """
    words = _normalized(text).split()
    if not words:
        return ""
    if kind in NAME_TYPES:
        words[0] = without_clitics(words[0], vocabulary)
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def _sound_key(word: str) -> str:
    """Letters folded to sound classes, long vowels after the first letter and a final ه dropped."""
    word = word.translate(_SOUND_CLASSES)
    if len(word) > 1:
        word = word[0] + "".join(c for c in word[1:] if c not in "اوي")
    if len(word) > 2 and word.endswith("ه"):
        word = word[:-1]
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])


def name_similarity(a: str, b: str) -> float:
    """How alike two names of the same length are: the weakest aligned word pair, by spelling or sound."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or not left:
        return 0.0
    return min(
        max(fuzz.ratio(x, y), fuzz.ratio(_sound_key(x), _sound_key(y))) for x, y in zip(left, right, strict=True)
    )


class _UnionFind:
    """Disjoint sets over hashable items."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, item: object) -> object:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent.setdefault(parent, parent)
            self.parent[item] = grand
            item, parent = parent, grand
        return item

    def union(self, a: object, b: object) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a


def _article_people(counts: Counter[str]) -> dict[str, str]:
    """Within one article, the name each person key stands for: a surname alone stands for the one
    full name it ends, and spelling variants of a name (same number of words, each word alike in
    letters or in sound) stand for the most frequent of them."""
    full_names = sorted((key for key in counts if " " in key), key=lambda k: (-counts[k], k))
    links = _UnionFind()
    for position, first in enumerate(full_names):
        for second in full_names[position + 1 :]:
            if name_similarity(first, second) >= MERGE_AT:
                links.union(first, second)
    canonical = {key: str(links.find(key)) for key in full_names}
    for key in counts:
        if " " not in key:
            owners = {canonical[name] for name in full_names if name.split()[-1] == key}
            if len(owners) == 1:
                canonical[key] = owners.pop()
    return canonical


def group_mentions(mentions: Sequence[tuple[Doc, Mention]]) -> list[Entity]:
    """One entity per thing named: same key (clitics removed), and, on the evidence of an article,
    a surname joining its full name and spelling variants of one name.

    Surnames and variants are resolved inside each article, where they are one person, by
    giving those mentions the key of the name they stand for; across the corpus a surname
    alone joins a full name only when no other full name ends with it, and otherwise only
    equal keys meet, so two similar names (محمد صالح, محمد صلاح) stay two people.
    """
    vocabulary = {w for text in {m.text for _, m in mentions} for w in _normalized(text).split()} | places()
    by_article: dict[Doc, list[tuple[str, Mention]]] = {}
    for article, mention in mentions:
        key = entity_key(mention.link or mention.text, mention.type, vocabulary)
        if key:
            by_article.setdefault(article, []).append((key, mention))
    keyed: dict[tuple[str, str], list[tuple[Doc, Mention]]] = {}
    for article, found in by_article.items():
        people = Counter(key for key, mention in found if mention.type == "PER")
        canonical = _article_people(people) if people else {}
        for key, mention in found:
            if mention.type == "PER":
                key = canonical.get(key, key)
            keyed.setdefault((mention.type, key), []).append((article, mention))
    owners: dict[str, set[str]] = {}
    for kind, key in keyed:
        if kind == "PER" and " " in key:
            owners.setdefault(key.rsplit(" ", 1)[1], set()).add(key)
    for kind, key in list(keyed):
        if kind == "PER" and " " not in key and len(owners.get(key, ())) == 1:
            (full,) = owners[key]
            keyed[(kind, full)].extend(keyed.pop((kind, key)))
    result: list[Entity] = []
    for (kind, key), pairs in keyed.items():
        entity = Entity(key, key, kind, sorted(pairs, key=lambda pair: (pair[0], pair[1].start)))
        entity.name = _display_name(entity, vocabulary)
        result.append(entity)
    result.sort(key=lambda e: (-len(e.articles), -len(e.mentions), e.name))
    return result


def _display_name(entity: Entity, vocabulary: Container[str]) -> str:
    """The most frequent written form, preferring the longest among forms without a leading clitic."""
    counts = Counter(m.text for _, m in entity.mentions)
    if len(counts) == 1:
        return next(iter(counts))

    def rank(text: str) -> tuple[int, int, int]:
        clean = entity_key(text, entity.type, vocabulary) == _normalized(text)
        return (len(text.split()), int(clean), counts[text])

    return max(counts, key=rank)


def article_entities(text: str, doc: Doc = 0) -> list[Entity]:
    """The entities of one article's text, grouped; their mentions carry `doc` as the article."""
    return group_mentions([(doc, m) for m in article_mentions(text)])
