"""Labelled pairs for judging stories on the bench archive, made from the archive itself and
never tuned on the test half.

Positive pairs (one story told by two outlets): two articles of different sources, dated
within POSITIVE_DAYS of each other, whose titles are the same or nearly the same once
normalized (at least MIN_TITLE_WORDS words, word Jaccard ≥ 0.6), or whose leads (the first
LEAD_WORDS index terms of the body) are the same; plus the hand-checked pairs of
`story_pairs_checked.tsv` (same event, different wording, read in Arabic). Negative pairs:
random pairs of different articles dated the same day; harder, random same-day pairs that
share a frequent title word (a name in the news that day). Each pair falls in the dev or the
test half by a hash of its ids: parameters were chosen on dev only.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus import Archive
from corpus.text import tokenize

POSITIVE_DAYS = 3
MIN_TITLE_WORDS = 6
LEAD_WORDS = 25
TITLE_JACCARD = 0.6
CHECKED = Path(__file__).with_name("story_pairs_checked.tsv")


@dataclass(frozen=True, slots=True)
class Pairs:
    kind: str
    dev: list[tuple[int, int]]
    test: list[tuple[int, int]]


def half(ids: Sequence[str], a: int, b: int) -> str:
    """ "dev" or "test", by a hash of the pair's ids (the same whatever the order)."""
    first, second = sorted((ids[a], ids[b]))
    digest = hashlib.sha1(f"{first}\0{second}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


def split(kind: str, ids: Sequence[str], pairs: Sequence[tuple[int, int]]) -> Pairs:
    dev = [pair for pair in pairs if half(ids, *pair) == "dev"]
    test = [pair for pair in pairs if half(ids, *pair) == "test"]
    return Pairs(kind, dev, test)


def _title_words(title: str) -> tuple[str, ...]:
    return tuple(word for word in tokenize(title) if word)


def positive_pairs(archive: Archive, days: np.ndarray, rng: random.Random, limit: int = 3000) -> list[Pairs]:
    """Same-title, near-same-title and same-lead pairs of different sources, close in time."""
    articles = archive.articles
    sources = [article.source_name for article in articles]
    titles = [_title_words(article.title) for article in articles]
    same_title: list[tuple[int, int]] = []
    by_title: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for doc, words in enumerate(titles):
        if len(words) >= MIN_TITLE_WORDS and days[doc] >= 0:
            by_title[words].append(doc)
    for docs in by_title.values():
        same_title.extend(_cross_source(docs, sources, days))
    near_title: list[tuple[int, int]] = []
    by_word: dict[str, list[int]] = defaultdict(list)
    for doc, words in enumerate(titles):
        if len(words) >= MIN_TITLE_WORDS and days[doc] >= 0:
            for word in set(words):
                by_word[word].append(doc)
    frequent = {word for word, docs in by_word.items() if len(docs) > 200}
    seen: set[tuple[int, int]] = set()
    for docs in by_word.values():
        if len(docs) > 200:
            continue
        for a, b in _cross_source(docs, sources, days):
            if (a, b) in seen or titles[a] == titles[b]:
                continue
            seen.add((a, b))
            left, right = set(titles[a]) - frequent, set(titles[b]) - frequent
            if left and right and len(left & right) / len(left | right) >= TITLE_JACCARD:
                near_title.append((a, b))
    same_lead: list[tuple[int, int]] = []
    by_lead: dict[tuple[int, ...], list[int]] = defaultdict(list)
    index = archive.index
    for doc in range(len(articles)):
        tokens = index.doc_tokens(doc)
        if len(tokens) >= 2 * LEAD_WORDS and days[doc] >= 0:
            by_lead[tuple(tokens[:LEAD_WORDS].tolist())].append(doc)
    for docs in by_lead.values():
        same_lead.extend(pair for pair in _cross_source(docs, sources, days) if titles[pair[0]] != titles[pair[1]])
    checked = [pair for pair in _checked_pairs(archive)]
    found = []
    for kind, pairs in (("same title", same_title), ("near-same title", near_title), ("same lead", same_lead)):
        pairs = sorted(set(pairs))
        rng.shuffle(pairs)
        found.append(split(kind, archive.ids, pairs[:limit]))
    found.append(split("hand-checked, other wording", archive.ids, checked))
    return found


def _cross_source(docs: list[int], sources: Sequence[str], days: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of `docs` from different sources dated within POSITIVE_DAYS (each once, a < b)."""
    pairs: list[tuple[int, int]] = []
    if len(docs) > 60:
        return pairs  # a title written every day (a column's name) is no story
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if sources[a] != sources[b] and abs(int(days[a]) - int(days[b])) <= POSITIVE_DAYS:
                pairs.append((min(a, b), max(a, b)))
    return pairs


def _checked_pairs(archive: Archive) -> list[tuple[int, int]]:
    if not CHECKED.exists():
        return []
    where = {article_id: doc for doc, article_id in enumerate(archive.ids)}
    pairs = []
    for line in CHECKED.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        first, second = line.split("\t")[:2]
        if first in where and second in where:
            pairs.append((where[first], where[second]))
    return pairs


def negative_pairs(archive: Archive, days: np.ndarray, rng: random.Random, count: int = 4000) -> list[Pairs]:
    """Random same-day pairs, and random same-day pairs whose titles share a frequent word."""
    by_day: dict[int, list[int]] = defaultdict(list)
    for doc, day in enumerate(days.tolist()):
        if day >= 0:
            by_day[day].append(doc)
    dated = [doc for docs in by_day.values() if len(docs) > 1 for doc in docs]
    random_pairs: set[tuple[int, int]] = set()
    while len(random_pairs) < count:
        a = rng.choice(dated)
        b = rng.choice(by_day[int(days[a])])
        if a != b:
            random_pairs.add((min(a, b), max(a, b)))
    titles = [set(_title_words(article.title)) for article in archive.articles]
    word_docs: dict[tuple[int, str], list[int]] = defaultdict(list)
    for doc, words in enumerate(titles):
        if days[doc] >= 0:
            for word in sorted(words):  # a set's order changes from run to run
                if len(word) >= 4:
                    word_docs[(int(days[doc]), word)].append(doc)
    shared = [docs for docs in word_docs.values() if 5 <= len(docs)]
    hard: set[tuple[int, int]] = set()
    attempts = 0
    while len(hard) < count and shared and attempts < 50 * count:
        attempts += 1
        docs = rng.choice(shared)
        a, b = rng.sample(docs, 2)
        hard.add((min(a, b), max(a, b)))
    return [
        split("same day, random", archive.ids, sorted(random_pairs)),
        split("same day, a shared title word", archive.ids, sorted(hard)),
    ]
