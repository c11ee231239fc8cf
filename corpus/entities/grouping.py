"""Grouping mentions into entities: one entity per person, place or thing, across articles."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.entities.extract import article_mentions
from corpus.entities.lexicons import LETTER_NAMES, not_names, places
from corpus.entities.mentions import NAME_TYPES, Entity, Mention
from corpus.entities.resolution import LINEAGE, SURNAME_SHARE, Candidate, resolve, sound_form, spelling_variants
from corpus.models import Doc
from corpus.text.clitics import ARTICLE_PREFIXES, CHECKED_PREFIXES
from corpus.text.normalization import normalize

__all__ = [
    "NameWords",
    "group_mentions",
    "article_entities",
    "entity_key",
    "name_similarity",
    "written_form",
    "display_name",
]

_SOUND_CLASSES = str.maketrans(
    {"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج", "ط": "ت", "ص": "س", "ث": "س", "ض": "د", "ذ": "ز", "ظ": "ز"}
)
MERGE_AT = 70

_normalized = lru_cache(maxsize=1 << 18)(normalize)
"""normalize, remembered: the same names are met again and again across a corpus."""


PLACE_WEIGHT = 3
"""A place in the gazetteer counts as this many mentions beginning with it (see NameWords)."""


class NameWords:
    """How often each normalized word begins a mention: the evidence for stripping a clitic.

    A leading و ف ب ل ك (alone or with the article) goes only when what is left begins
    names at least as often as the whole word does, or more often once a known place counts
    PLACE_WEIGHT more:
    لكازاخستان → كازاخستان and وبشار → بشار, but فرنسا, لندن, بشار and فرانس (though رانس is
    a French town) keep their first letter.
    The article and its fused forms (ال، لل، وال) always go from a key.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.counts: Counter[str] = Counter()
        for text in texts:
            words = _normalized(text).split()
            if words:
                self.counts[words[0]] += 1

    def _named(self, word: str) -> int:
        return self.counts.get(word, 0) + self.counts.get("ال" + word, 0)

    def _seen(self, word: str) -> int:
        known = word in places() or ("ال" + word) in places()
        return self._named(word) + (PLACE_WEIGHT if known else 0)

    def prefix(self, word: str) -> str:
        """The clitics to strip from the front of a normalized word ("" when none)."""
        for prefix in ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                return prefix
        own = self._seen(word)
        for prefix in CHECKED_PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 3:
                named = self._named(rest)
                if self._seen(rest) > own or (named and named >= own):
                    return prefix
        return ""


def entity_key(text: str, kind: str, words_seen: NameWords | None = None) -> str:
    """The grouping key of a mention: normalized, leading clitics removed ("لكازاخستان" → كازاخستان),
    compound name parts joined (عبد الفتاح → عبدالفتاح), a dangling آل or بن at the end dropped.

    و ف ب ل ك go only where `words_seen` says so (see NameWords), so كازاخستان keeps its ك.
    """
    words = _normalized(text).split()
    if not words:
        return ""
    if kind not in NAME_TYPES:
        return " ".join(words)
    words[0] = words[0][len((words_seen or NameWords()).prefix(words[0])) :]
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


def _alike(first: str, second: str) -> bool:
    """Two full names one person is written as in one article: spelling variants, or alike
    word by word (MERGE_AT) with at least one word the same in sound (so عادل الجبير and
    عبدالله الجاسر, alike in letters, stay two people)."""
    if spelling_variants(first, second):
        return True
    same = any(sound_form(x) == sound_form(y) for x, y in zip(first.split(), second.split(), strict=False))
    return same and name_similarity(first, second) >= MERGE_AT


def _article_people(counts: Counter[str], dominant: dict[str, str]) -> dict[str, str]:
    """Within one article, the name each person key stands for: a surname alone stands for the one
    full name it ends (unless the archive gives that surname overwhelmingly to someone else:
    ترامب in an article on ميلانيا ترامب), and spelling variants of a name stand for the most
    frequent of them."""
    full_names = sorted((key for key in counts if " " in key), key=lambda k: (-counts[k], k))
    links = _UnionFind()
    for position, first in enumerate(full_names):
        for second in full_names[position + 1 :]:
            if _alike(first, second):
                links.union(first, second)
    canonical = {key: str(links.find(key)) for key in full_names}
    for key in counts:
        if " " not in key:
            owners = {name for name in full_names if name.split()[-1] == key}
            if len(owners) == 1 and dominant.get(key, next(iter(owners))) in owners:
                canonical[key] = canonical[owners.pop()]
    return canonical


def _dominant_full_names(by_article: dict[Doc, list[tuple[str, Mention]]]) -> dict[str, str]:
    """Surname → the full person name holding at least SURNAME_SHARE of the articles that name
    a full name ending with it."""
    articles: Counter[str] = Counter()
    for found in by_article.values():
        articles.update({key for key, mention in found if mention.type == "PER" and " " in key})
    ending: dict[str, Counter[str]] = {}
    for key, count in articles.items():
        words = key.split()
        if words[-2] not in LINEAGE:
            ending.setdefault(words[-1], Counter())[key] = count
    dominant = {}
    for surname, owners in ending.items():
        owner, count = owners.most_common(1)[0]
        if count >= SURNAME_SHARE * sum(owners.values()):
            dominant[surname] = owner
    return dominant


def group_mentions(mentions: Sequence[tuple[Doc, Mention]]) -> list[Entity]:
    """One entity per thing named: same key (clitics removed, spacing of compound names
    folded), surnames and spelling variants resolved inside each article, then across the
    archive on the evidence of the whole of it (corpus.entities.resolution).
    """
    vocabulary = NameWords(m.link or m.text for _, m in mentions)
    by_article: dict[Doc, list[tuple[str, Mention]]] = {}
    for article, mention in mentions:
        key = entity_key(mention.link or mention.text, mention.type, vocabulary)
        if key and not _junk_key(key, mention.type):
            by_article.setdefault(article, []).append((key, mention))
    dominant = _dominant_full_names(by_article)
    keyed: dict[tuple[str, str], list[tuple[Doc, Mention]]] = {}
    surname_owners: dict[str, Counter[str]] = {}
    for article, found in by_article.items():
        people = Counter(key for key, mention in found if mention.type == "PER" and not _spelled_acronym(key))
        canonical = _article_people(people, dominant) if people else {}
        for key, mention in found:
            kind = "ORG" if mention.type in NAME_TYPES and _spelled_acronym(key) else mention.type
            if kind == "PER":
                resolved = canonical.get(key, key)
                if resolved != key and " " not in key:
                    surname_owners.setdefault(key, Counter())[resolved] += 1
                key = resolved
            keyed.setdefault((kind, key), []).append((article, mention))
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
    """A key no name has: a one- or two-letter word (له, بي) that is not a known place, a
    function, currency or unit word alone (هناك, الدولار), a name made only of such words,
    one spelled-out letter, a place's adjective alone (الكازاخستانية), or digits."""
    if kind not in NAME_TYPES:
        return False
    words = key.split()
    if len(words) == 1 and len(key) < _MIN_NAME_LETTERS and key not in places() and ("ال" + key) not in places():
        return True
    if all(w in not_names() or ("ال" + w) in not_names() for w in words):
        return True
    if len(words) == 1 and key in LETTER_NAMES:
        return True
    if len(words) == 1 and kind != "PER" and _place_adjective(key):
        return True
    return key.replace(" ", "").isdigit()


_ADJECTIVE_ENDINGS = ("يون", "يين", "يه", "ي")


def _place_adjective(word: str) -> bool:
    """A relative adjective of a known place (الكازاخستانية): a description, not a name."""
    for ending in _ADJECTIVE_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 3 and (base in places() or "ال" + base in places()):
            return True
    return False


def _spelled_acronym(key: str) -> bool:
    """Whether a key is Latin letters spelled out in Arabic (بي بي سي): an organisation."""
    words = key.split()
    return len(words) > 1 and all(w in LETTER_NAMES for w in words)


def written_form(text: str, vocabulary: NameWords) -> str:
    """A mention as a name is written on its own: marks dropped, a leading conjunction or
    preposition removed, the article kept (وبالرياض → الرياض, للسعودية → السعودية)."""
    plain = "".join(c for c in text if not unicodedata.combining(c) and c != "\u0640").strip()
    words = plain.split()
    if not words:
        return plain
    first = _normalized(words[0])
    prefix = vocabulary.prefix(first)
    if not prefix or len(first) != len(words[0]):
        return plain
    rest = words[0][len(prefix) :]
    article = "ال" if prefix.endswith("ال") or prefix.endswith("لل") else ""
    if prefix in ("ال",):
        return plain
    return " ".join([article + rest, *words[1:]])


def display_name(entity: Entity, vocabulary: NameWords) -> str:
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
