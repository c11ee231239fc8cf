"""Grouping mentions into entities: one entity per person, place or thing, across articles."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Container, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.entities.extract import article_mentions
from corpus.entities.lexicons import places
from corpus.entities.mentions import NAME_TYPES, Entity, Mention
from corpus.entities.resolution import LINEAGE, Candidate, resolve
from corpus.models import Doc
from corpus.text.normalization import clitic_base, normalize, without_clitics

__all__ = ["group_mentions", "article_entities", "entity_key", "name_similarity", "written_form", "display_name"]

_SOUND_CLASSES = str.maketrans(
    {"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج", "ط": "ت", "ص": "س", "ث": "س", "ض": "د", "ذ": "ز", "ظ": "ز"}
)
MERGE_AT = 70

_normalized = lru_cache(maxsize=1 << 18)(normalize)
"""normalize, remembered: the same names are met again and again across a corpus."""


def entity_key(text: str, kind: str, vocabulary: Container[str] = frozenset()) -> str:
    """The grouping key of a mention: normalized, leading clitics removed ("لكازاخستان" → كازاخستان),
    compound name parts joined (عبد الفتاح → عبدالفتاح), a dangling آل or بن at the end dropped.

    As in search, و ف ب ل ك go only when what is left is attested in `vocabulary`, so
    كازاخستان keeps its ك.
    """
    words = _normalized(text).split()
    if not words:
        return ""
    if kind not in NAME_TYPES:
        return " ".join(words)
    words[0] = without_clitics(words[0], vocabulary)
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in _JOINED:
            joined[-1] += word
        else:
            joined.append(word)
    while len(joined) > 1 and joined[-1] in LINEAGE | {"عبد", "و"}:
        joined.pop()
    return " ".join(joined)


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
    """One entity per thing named: same key (clitics removed, spacing of compound names
    folded), surnames and spelling variants resolved inside each article, then across the
    archive on the evidence of the whole of it (corpus.entities.resolution).
    """
    vocabulary = {w for text in {m.text for _, m in mentions} for w in _normalized(text).split()} | places()
    by_article: dict[Doc, list[tuple[str, Mention]]] = {}
    for article, mention in mentions:
        key = entity_key(mention.link or mention.text, mention.type, vocabulary)
        if key and not _junk_key(key, mention.type):
            by_article.setdefault(article, []).append((key, mention))
    keyed: dict[tuple[str, str], list[tuple[Doc, Mention]]] = {}
    surname_owners: dict[str, Counter[str]] = {}
    for article, found in by_article.items():
        people = Counter(key for key, mention in found if mention.type == "PER")
        canonical = _article_people(people) if people else {}
        for key, mention in found:
            if mention.type == "PER":
                resolved = canonical.get(key, key)
                if resolved != key and " " not in key:
                    surname_owners.setdefault(key, Counter())[resolved] += 1
                key = resolved
            keyed.setdefault((mention.type, key), []).append((article, mention))
    candidates = [Candidate(kind, key, {doc for doc, _ in pairs}, len(pairs)) for (kind, key), pairs in keyed.items()]
    joins, dropped = resolve(candidates, {k: Counter(v) for k, v in surname_owners.items()})
    groups: dict[int, list[tuple[Doc, Mention]]] = {}
    for number, pairs in enumerate(keyed.values()):
        root = joins[number]
        if root not in dropped:
            groups.setdefault(root, []).extend(pairs)
    result: list[Entity] = []
    for root, pairs in groups.items():
        entity = Entity(candidates[root].key, candidates[root].key, candidates[root].type)
        entity.mentions = sorted(pairs, key=lambda pair: (pair[0], pair[1].start))
        entity.name = display_name(entity, vocabulary)
        result.append(entity)
    result.sort(key=lambda e: (-len(e.articles), -len(e.mentions), e.name))
    return result


_JOINED = ("عبد", "ابو")
"""Name parts written both apart and joined to the next word (عبد الفتاح / عبدالفتاح, أبو ظبي / أبوظبي)."""
_MIN_NAME_LETTERS = 3


def _junk_key(key: str, kind: str) -> bool:
    """A key no name has: a one- or two-letter word (له, بي) that is not a known place, or digits alone."""
    if kind not in NAME_TYPES:
        return False
    if " " not in key and len(key) < _MIN_NAME_LETTERS and key not in places() and ("ال" + key) not in places():
        return True
    return key.replace(" ", "").isdigit()


def written_form(text: str, vocabulary: Container[str]) -> str:
    """A mention as a name is written on its own: marks dropped, a leading conjunction or
    preposition removed, the article kept (وبالرياض → الرياض, للسعودية → السعودية)."""
    plain = "".join(c for c in text if not unicodedata.combining(c) and c != "\u0640").strip()
    words = plain.split()
    if not words:
        return plain
    first = _normalized(words[0])
    base = clitic_base(first, vocabulary)
    if base is None or len(first) != len(words[0]):
        return plain
    prefix = first[: len(first) - len(base)]
    rest = words[0][len(prefix) :]
    article = "ال" if prefix.endswith("ال") or prefix.endswith("لل") else ""
    if prefix in ("ال",):
        return plain
    return " ".join([article + rest, *words[1:]])


def display_name(entity: Entity, vocabulary: Container[str]) -> str:
    """The entity's most frequent complete written form: among forms frequent enough (at least
    NAME_SHARE of its mentions: a one-off span never names a popular entity), the one with
    the most words, then the most used."""
    counts = Counter(written_form(m.text, vocabulary) for _, m in entity.mentions)
    total = sum(counts.values())
    frequent = [f for f, c in counts.items() if c >= NAME_SHARE * total]
    return max(frequent, key=lambda f: (len(f.split()), counts[f], f))


NAME_SHARE = 0.1


def article_entities(text: str, doc: Doc = 0) -> list[Entity]:
    """The entities of one article's text, grouped; their mentions carry `doc` as the article."""
    return group_mentions([(doc, m) for m in article_mentions(text)])
