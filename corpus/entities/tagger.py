"""The statistical name tagger: CRF features over Arabic tokens, and the trained model that uses them.

The model (corpus/data/ner.crfsuite) is trained by scripts/train_ner.py on ANERcorp
(CC BY-SA 4.0, see corpus/data/NER-MODEL-LICENSE.md); training never happens at startup.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from corpus.entities.clusters import word_clusters
from corpus.entities.crf import ChainCRF, PairParts, Vectors
from corpus.entities.lexicons import DATA, ORG_TRIGGERS, PERSON_TRIGGERS, PLACE_TRIGGERS, person_names, places
from corpus.text.clitics import TAGGER_PREFIXES
from corpus.text.normalization import normalize

__all__ = [
    "MODEL_PATH",
    "clitic_stem",
    "token_features",
    "PAIR_KINDS",
    "pair_features",
    "form_and_stem",
    "pair_parts",
    "sentence_features",
    "SentenceTagger",
    "Tagger",
]

MODEL_PATH = DATA / "ner.crfsuite"


def clitic_stem(form: str) -> str:
    """The form without the first of TAGGER_PREFIXES it starts with (three letters kept at least)."""
    for prefix in TAGGER_PREFIXES:
        if form.startswith(prefix) and len(form) - len(prefix) >= 3:
            return form[len(prefix) :]
    return form


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if word.isascii() and word.isalpha():
        return "LATIN" if word.isupper() else "Latin" if word[:1].isupper() else "latin"
    if any(c.isdigit() for c in word):
        return "mixed-digit"
    if all("\u0600" <= c <= "\u06ff" for c in word):
        return "arabic"
    return "other"


@lru_cache(maxsize=1 << 17)
def token_features(word: str) -> tuple[str, ...]:
    """Features of one token by itself (cached: news vocabulary repeats)."""
    form = normalize(word)
    stem = clitic_stem(form)
    place_names = places()
    features = [
        "bias",
        f"w={form}",
        f"stem={stem}",
        f"shape={_shape(word)}",
        f"p2={form[:2]}",
        f"p3={form[:3]}",
        f"s2={form[-2:]}",
        f"s3={form[-3:]}",
        f"len={min(len(form), 10)}",
    ]
    clusters = word_clusters()
    known = clusters.get(form) or clusters.get(stem)
    if known:
        features.extend(f"c{k}={c}" for k, c in zip("abcd", known, strict=False))
    else:
        features.append("c=none")
    if form.startswith("ال"):
        features.append("al")
    if form in place_names or stem in place_names or ("ال" + stem) in place_names:
        features.append("gaz:place")
    if form in person_names() or stem in person_names():
        features.append("gaz:person")
    if form in PERSON_TRIGGERS:
        features.append("trigger:person")
    if form in ORG_TRIGGERS or stem in ORG_TRIGGERS:
        features.append("trigger:org")
    if form in PLACE_TRIGGERS:
        features.append("trigger:place")
    if form.endswith(("يه", "ي")) and (
        form[:-1] in place_names or form[:-2] in place_names or clitic_stem(form[:-1]) in place_names
    ):
        features.append("nisba:place")
    return tuple(features)


def form_and_stem(features: tuple[str, ...]) -> tuple[str, str]:
    """A token's normalized form and stem, read from its `token_features` (second and third)."""
    return features[1][2:], features[2][5:]


_CONTEXT = ("w=", "stem=", "gaz:", "trigger:", "shape=", "c")


PAIR_KINDS = ("pair", "pairw")
"""The pair features, each the same part of two words: their 256-clusters, their forms."""

_START = ("cb=<s>", "w=<s>")
"""What stands before a sentence's first word in pair features (its parts, in PAIR_KINDS order)."""


@lru_cache(maxsize=1 << 17)
def pair_parts(word: str | None) -> tuple[str, ...]:
    """The parts of a word its pair features join, in PAIR_KINDS order: its 256-cluster and its
    form, from its features (None: the sentence's start; cached: each word is in many pairs)."""
    if word is None:
        return _START
    features = token_features(word)
    cluster = next((f for f in features if f.startswith("cb=")), "cb=?")
    form = next((f for f in features if f.startswith("w=")), "w=?")
    return cluster, form


def pair_features(previous: str | None, word: str) -> tuple[str, ...]:
    """Features of a word together with the one before it (None: the sentence's start): the two
    word clusters, which carry where multi-word names begin and end, and the two forms."""
    before, here = pair_parts(previous), pair_parts(word)
    return tuple(f"{kind}:{a}|{b}" for kind, a, b in zip(PAIR_KINDS, before, here, strict=True))


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """CRF features of every token of a sentence: its own, those of its neighbours (±2), and
    those of it with the word before it."""
    own = [token_features(w) for w in words]
    result: list[list[str]] = []
    count = len(words)
    for i in range(count):
        features = list(own[i])
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < count:
                features.extend(f"{offset}:{f}" for f in own[j] if f.startswith(_CONTEXT))
            else:
                features.append(f"{offset}:edge")
        features.extend(pair_features(words[i - 1] if i else None, words[i]))
        result.append(features)
    return result


class SentenceTagger(Protocol):
    """What extraction needs of a tagger: BIO tags for the words of many sentences at once."""

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...


class Tagger:
    """The trained CRF: BIO tags (PERS, LOC, ORG, MISC) for the tokens of a sentence."""

    def __init__(self, model: Path = MODEL_PATH) -> None:
        self._crf = ChainCRF(model, token_features, PairParts(PAIR_KINDS, pair_parts))

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags of one sentence's words."""
        return self.tag_sentences([words])[0]

    @property
    def labels(self) -> list[str]:
        """The model's labels, in the order of `tag_sentences_scored`'s columns."""
        return self._crf.labels

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of every sentence, tagged together (much faster than one at a time)."""
        return self._crf.tag_sentences(sentences)

    def tag_sentences_scored(self, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[Vectors]]:
        """BIO tags of every sentence and each word's probability of every label (words × labels)."""
        return self._crf.tag_sentences_scored(sentences)

    @property
    def crf(self) -> ChainCRF:
        """The model's weights, for scoring tokens without tagging them (an ensemble does)."""
        return self._crf
