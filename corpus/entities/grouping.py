"""Entities of an article: tagger and rule mentions, grouped into one entity per person, place or thing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from corpus.models import ENTITY_TYPES, Article
from corpus.entities.tagger import PERSON_TRIGGERS, SENTENCE_END, default_tagger, places
from corpus.text.normalize import clitic_base, normalize
from corpus.entities.rules import ClaimedSpans, rule_mentions

__all__ = [
    "TYPES",
    "Mention",
    "Entity",
    "article_mentions",
    "group_mentions",
    "article_entities",
    "consistency_pass",
    "entity_key",
    "name_similarity",
]

TYPES = ENTITY_TYPES
_TAGGER_TYPES = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_WORD = re.compile(r"[^\s()\[\]{}«»“”\"'.,،؛:;!?؟]+")
_SOUND_CLASSES = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "گ": "ج", "ط": "ت", "ص": "س", "ث": "س", "ض": "د", "ذ": "ز", "ظ": "ز"})
MERGE_AT = 70

_normalized = lru_cache(maxsize=1 << 18)(normalize)
"""normalize, remembered: the same names are met again and again across a corpus."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in an article's text where an entity is named."""

    start: int
    end: int
    type: str
    text: str
    link: str = ""
    """For the expansion of an acronym ("طريق … الدوليين" for TRIPP), the acronym it belongs to."""


@dataclass(slots=True)
class Entity:
    """One person, place, organisation, thing, date or amount, with all its mentions."""

    key: str
    name: str
    type: str
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    """(article id, mention) pairs."""

    @property
    def variants(self) -> list[str]:
        """The distinct ways the entity is written, most frequent first."""
        counts = Counter(m.text for _, m in self.mentions)
        return [text for text, _ in counts.most_common()]

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(article for article, _ in self.mentions))

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "type": self.type,
            "count": len(self.mentions),
            "articles": self.articles,
            "variants": self.variants,
            "mentions": [{"article": a, "start": m.start, "end": m.end, "text": m.text} for a, m in self.mentions],
        }


def _strip_clitics(form: str, vocabulary: Container[str]) -> str:
    return clitic_base(form, vocabulary) or form


def entity_key(text: str, kind: str, vocabulary: Container[str] = frozenset()) -> str:
    """The grouping key of a mention: normalized, leading clitics removed ("لكازاخستان" → كازاخستان).

    As in search, و ف ب ل ك go only when what is left is attested in `vocabulary`, so
    كازاخستان keeps its ك.
    """
    words = _normalized(text).split()
    if not words:
        return ""
    if kind in ("PER", "LOC", "ORG", "MISC"):
        words[0] = _strip_clitics(words[0], vocabulary)
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
    return min(max(fuzz.ratio(x, y), fuzz.ratio(_sound_key(x), _sound_key(y))) for x, y in zip(left, right))


def _sentences(text: str) -> list[list[re.Match[str]]]:
    """Words of each sentence of the text, as matches (so their offsets are known)."""
    sentences: list[list[re.Match[str]]] = []
    start = 0
    for end_match in [*SENTENCE_END.finditer(text), None]:
        end = end_match.start() if end_match else len(text)
        words = list(_WORD.finditer(text, start, end))
        if words:
            sentences.append(words)
        start = end_match.end() if end_match else len(text)
    return sentences


def _bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and tag[2:] == kind and start >= 0:
            continue
        if start >= 0:
            spans.append((start, i, kind))
        start, kind = (i, tag[2:]) if tag != "O" else (-1, "")
    return spans


def consistency_pass(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tag again, throughout one article, the names tagged somewhere in it (a surname included)."""
    names: dict[tuple[str, ...], Counter[str]] = {}
    vocabulary = {normalize(w) for words in sentences for w in words}
    for words, sentence_tags in zip(sentences, tags):
        for start, end, kind in _bio_spans(sentence_tags):
            forms = tuple(_strip_clitics(normalize(w), vocabulary) if i == 0 else normalize(w) for i, w in enumerate(words[start:end]))
            names.setdefault(forms, Counter())[kind] += 1
            if kind in ("PERS", "PER") and end - start >= 2:
                surname = normalize(words[end - 1])
                if len(surname) >= 4 and surname not in PERSON_TRIGGERS:
                    names.setdefault((surname,), Counter())[kind] += 1
    if not names:
        return [list(t) for t in tags]
    longest = max(len(k) for k in names)
    result: list[list[str]] = []
    for words, sentence_tags in zip(sentences, tags):
        out = list(sentence_tags)
        forms = [normalize(w) for w in words]
        i = 0
        while i < len(words):
            if out[i] != "O":
                i += 1
                continue
            for size in range(min(longest, len(words) - i), 0, -1):
                window = forms[i : i + size]
                key = (_strip_clitics(window[0], vocabulary), *window[1:])
                if key in names and all(t == "O" for t in out[i : i + size]):
                    kind = names[key].most_common(1)[0][0]
                    out[i : i + size] = [f"B-{kind}"] + [f"I-{kind}"] * (size - 1)
                    i += size - 1
                    break
            i += 1
        result.append(out)
    return result


def _unbroken(text: str, words: list[re.Match[str]], start: int, end: int) -> Iterator[tuple[int, int]]:
    """A tagged span cut wherever anything but spaces stands between two of its words
    (a comma, a quote, a bracket), so a list of names is several names."""
    first = start
    for i in range(start + 1, end):
        if text[words[i - 1].end() : words[i].start()].strip():
            yield first, i
            first = i
    yield first, end


TAGGED_CHARS = 100_000
"""Only this much of an article is tagged (about 16,000 words, 15 long articles): a 50 MB
file pasted into an archive must not hold the tagger, or quitting the app, for minutes."""


def article_mentions(text: str) -> list[Mention]:
    """Every mention in an article's text (its first TAGGED_CHARS): rules first, then the
    tagger where rules found nothing."""
    if len(text) > TAGGED_CHARS:
        cut = text.rfind(" ", 0, TAGGED_CHARS)
        text = text[: cut if cut > 0 else TAGGED_CHARS]
    ruled = rule_mentions(text)
    mentions = [Mention(m.start, m.end, m.type, m.text, m.link) for m in ruled]
    taken = ClaimedSpans.of(len(text), ruled)  # what a rule found, the tagger leaves alone
    tagger = default_tagger()
    if tagger is not None:
        sentences = _sentences(text)
        words = [[m.group() for m in sentence] for sentence in sentences]
        tags = consistency_pass(words, [tagger.tag(w) for w in words])
        for sentence, sentence_tags in zip(sentences, tags):
            for start, end, kind in _bio_spans(sentence_tags):
                for first, last in _unbroken(text, sentence, start, end):
                    begin, finish = sentence[first].start(), sentence[last - 1].end()
                    if taken.overlaps(begin, finish):
                        continue
                    mentions.append(Mention(begin, finish, _TAGGER_TYPES.get(kind, "MISC"), text[begin:finish]))
    mentions.sort(key=lambda m: m.start)
    return mentions


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


def group_mentions(mentions: Sequence[tuple[str, Mention]]) -> list[Entity]:
    """One entity per thing named: same key (clitics removed), and, on the evidence of an article,
    a surname joining its full name and spelling variants of one name.

    Surnames and variants are resolved inside each article, where they are one person, by
    giving those mentions the key of the name they stand for; across the corpus a surname
    alone joins a full name only when no other full name ends with it, and otherwise only
    equal keys meet, so two similar names (محمد صالح, محمد صلاح) stay two people.
    """
    vocabulary = {w for text in {m.text for _, m in mentions} for w in _normalized(text).split()} | places()
    by_article: dict[str, list[tuple[str, Mention]]] = {}
    for article, mention in mentions:
        key = entity_key(mention.link or mention.text, mention.type, vocabulary)
        if key:
            by_article.setdefault(article, []).append((key, mention))
    keyed: dict[tuple[str, str], list[tuple[str, Mention]]] = {}
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


def article_entities(article: Article) -> list[Entity]:
    """The entities of one article, grouped."""
    return group_mentions([(article.id, m) for m in article_mentions(article.text)])
