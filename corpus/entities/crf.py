"""Fast inference for the trained linear-chain CRF, with numpy.

Every feature of the tagger is a function of one word at one offset (the word itself, or a
neighbour up to two words away), or of a word and the one before it, so a token's emission
score is a sum of cached vectors: what word w contributes at offset k is computed once per
distinct word (new words of a batch together); a pair of words is mostly new, so its
features are looked up for all tokens at once in sorted tables of the weighted pairs, by the
two words' part numbers cached with each word. Tagging an article is then a gather, six
shifted sums and one Viterbi pass over all its sentences at once;
crfsuite itself builds and scores every feature string of every token, about five times
slower here. The training script checks that both give the same tags.

Reading a model's weights through crfsuite parses a text dump of it (most of a second for the
shipped model, in every process that tags); `export_weights` saves them beside the model as
arrays, read in milliseconds while the digest they carry is the model's.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

__all__ = [
    "OFFSETS",
    "ChainCRF",
    "ModelWeights",
    "PairParts",
    "best_paths",
    "export_weights",
    "fill_rows",
    "label_marginals",
    "model_weights",
    "new_words",
    "with_room",
]

OFFSETS = (-2, -1, 0, 1, 2)
"""Where a word's features count, relative to the token being tagged."""

Vectors = npt.NDArray[np.float32]
ArrayT = TypeVar("ArrayT", bound=npt.NDArray[np.generic])


@dataclass(frozen=True)
class ModelWeights:
    """A crfsuite model's labels, state features ((attribute, label) → weight) and transitions
    ((label before, label after) → weight)."""

    labels: list[str]
    state_features: dict[tuple[str, str], float]
    transitions: dict[tuple[str, str], float]


def _digest(model: Path) -> str:
    return hashlib.sha256(model.read_bytes()).hexdigest()


def _saved_weights_path(model: Path) -> Path:
    return model.with_name(model.stem + "_weights.npz")


def export_weights(model: Path) -> Path:
    """Save the model's weights beside it as arrays, with the model's digest; the path written."""
    arrays = _as_arrays(_parsed_weights(model))
    label = {name: n for n, name in enumerate(arrays.labels)}
    target = _saved_weights_path(model)
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as out:
        np.savez_compressed(
            out,
            digest=np.frombuffer(_digest(model).encode("ascii"), dtype=np.uint8),
            labels=np.frombuffer(json.dumps(arrays.labels).encode("utf-8"), dtype=np.uint8),
            attributes=np.frombuffer(json.dumps(arrays.attributes, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            state_attributes=arrays.attribute.astype(np.int32),
            state_labels=arrays.label.astype(np.int16),
            state_weights=arrays.weight,
            transitions=np.array(
                [(label[a], label[b], weight) for (a, b), weight in arrays.transitions.items()], dtype=np.float64
            ).reshape(-1, 3),
        )
    os.replace(partial, target)  # a reader never sees half a file
    return target


@dataclass(frozen=True)
class _StateArrays:
    """A model's state features as arrays: attribute and label numbers and weights, one a feature."""

    labels: list[str]
    attributes: list[str]
    attribute: npt.NDArray[np.int64]
    label: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    transitions: dict[tuple[str, str], float]


def _numbers_within(numbers: npt.NDArray[np.generic], size: int) -> bool:
    """Whether every number is a whole one from 0 to size - 1."""
    if not numbers.size:
        return True
    whole = np.array_equal(numbers, np.floor(numbers))
    return bool(whole and numbers.min() >= 0 and numbers.max() < size)


def _state_arrays(model: Path) -> _StateArrays:
    """The model's weights as arrays: from those `export_weights` saved beside it when they carry
    its digest (no dictionary of features made), else parsed by crfsuite."""
    saved = _saved_weights_path(model)
    try:
        with np.load(saved, allow_pickle=False) as data:
            if bytes(data["digest"]).decode("ascii") == _digest(model):
                labels: list[str] = json.loads(bytes(data["labels"]).decode("utf-8"))
                attributes: list[str] = json.loads(bytes(data["attributes"]).decode("utf-8"))
                attribute = data["state_attributes"].astype(np.int64)
                label = data["state_labels"].astype(np.int64)
                weight = data["state_weights"].astype(np.float64)
                pairs = data["transitions"]
                if not len(attribute) == len(label) == len(weight) or attribute.ndim != 1 or pairs.ndim != 2:
                    raise ValueError("the saved state features are not one attribute, label and weight each")
                if not _numbers_within(attribute, len(attributes)) or not _numbers_within(label, len(labels)):
                    raise IndexError("a feature names an attribute or label that does not exist")
                if pairs.shape[1] != 3 or not _numbers_within(pairs[:, :2], len(labels)):
                    raise IndexError("a transition names a label that does not exist")
                transitions = {(labels[int(a)], labels[int(b)]): w for a, b, w in pairs.tolist()}
                return _StateArrays(labels, attributes, attribute, label, weight, transitions)
    except (OSError, ValueError, KeyError, IndexError, EOFError, zipfile.BadZipFile):
        pass  # missing, cut short or not arrays at all (JSON and Unicode errors are ValueErrors): parse the model
    return _as_arrays(_parsed_weights(model))


def _as_arrays(weights: ModelWeights) -> _StateArrays:
    """Parsed weights as arrays: the attributes in sorted order, each state feature numbered."""
    attributes = sorted({attribute for attribute, _ in weights.state_features})
    number = {attribute: n for n, attribute in enumerate(attributes)}
    label_number = {name: n for n, name in enumerate(weights.labels)}
    state = list(weights.state_features.items())
    return _StateArrays(
        weights.labels,
        attributes,
        np.array([number[attribute] for (attribute, _), _ in state], dtype=np.int64),
        np.array([label_number[name] for (_, name), _ in state], dtype=np.int64),
        np.array([weight for _, weight in state], dtype=np.float64),
        weights.transitions,
    )


def model_weights(model: Path) -> ModelWeights:
    """The model's weights: from the arrays `export_weights` saved beside it when they carry its
    digest, else parsed by crfsuite."""
    arrays = _state_arrays(model)
    labels, attributes = arrays.labels, arrays.attributes
    state = zip(arrays.attribute.tolist(), arrays.label.tolist(), arrays.weight.tolist(), strict=True)
    return ModelWeights(labels, {(attributes[a], labels[b]): w for a, b, w in state}, dict(arrays.transitions))


def _parsed_weights(model: Path) -> ModelWeights:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    info = tagger.info()
    return ModelWeights(list(tagger.labels()), dict(info.state_features), dict(info.transitions))


@dataclass(frozen=True)
class PairParts:
    """How a model's pair features are made: the feature `f"{kinds[k]}:{a}|{b}"` joins part k of
    the word before (`parts(None)`: the sentence's start) and part k of the word."""

    kinds: tuple[str, ...]
    parts: Callable[[str | None], tuple[str, ...]]


class _PairTable:
    """The weights of one kind of pair feature, looked up by the two parts' numbers."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._found: list[tuple[int, int, Vectors]] = []
        self.keys = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, 0), dtype=np.float32)

    def add(self, joined: str, vector: Vectors) -> None:
        """A weighted feature's "a|b" (a part may hold "|": every split is kept, only a real
        pair of parts ever meets it)."""
        for i, char in enumerate(joined):
            if char == "|":
                numbers = self._numbers
                first = numbers.setdefault(joined[:i], len(numbers))
                second = numbers.setdefault(joined[i + 1 :], len(numbers))
                self._found.append((first, second, vector))

    def seal(self, labels: int) -> None:
        """Sort the pairs for lookup, summing the weights of a pair met twice."""
        size = len(self._numbers)
        keys = np.array([a * size + b for a, b, _ in self._found], dtype=np.int64)
        self.keys, where = np.unique(keys, return_inverse=True)
        self.vectors = np.zeros((len(self.keys), labels), dtype=np.float32)
        if self._found:
            np.add.at(self.vectors, where, np.array([v for _, _, v in self._found], dtype=np.float32))
        self._found = []

    def number(self, part: str) -> int:
        """A part's number, -1 when no weighted pair holds it."""
        return self._numbers.get(part, -1)

    def lookup(
        self, first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        """Which of these pairs of numbers are weighted, and their rows in `vectors`."""
        keys = first * len(self._numbers) + second
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        found = self.keys[at] == keys if len(self.keys) else np.zeros(len(keys), dtype=bool)
        return found, at[found]


class ChainCRF:
    """A crfsuite model's weights as arrays, scoring tokens through per-word vectors."""

    MAX_WORDS = 400_000
    """Cached word vectors past this many are dropped and recomputed (bounded memory)."""

    def __init__(
        self, model: Path, own_features: Callable[[str], tuple[str, ...]], pairs: PairParts | None = None
    ) -> None:
        info = _state_arrays(model)
        self.labels: list[str] = info.labels
        index = {label: i for i, label in enumerate(self.labels)}
        size = len(self.labels)
        zero = OFFSETS.index(0)
        offset_of = {f"{k}:": j for j, k in enumerate(OFFSETS) if k}
        numbers: dict[str, int] = {}
        """A word's own feature → its number (its weights at each offset: a row of `weights`)."""
        feature_of = np.empty(len(info.attributes), dtype=np.int64)
        position_of = np.empty(len(info.attributes), dtype=np.int64)
        for n, attribute in enumerate(info.attributes):
            head, _, rest = attribute.partition(":")
            j = offset_of.get(head + ":") if rest else None
            feature, position = (rest, j) if j is not None else (attribute, zero)
            feature_of[n] = numbers.setdefault(feature, len(numbers))
            position_of[n] = position
        weights = np.zeros((len(numbers), len(OFFSETS), size), dtype=np.float32)
        weights[feature_of[info.attribute], position_of[info.attribute], info.label] = info.weight
        self._transitions = np.zeros((size, size), dtype=np.float32)
        for (before, after), weight in info.transitions.items():
            self._transitions[index[before], index[after]] = weight
        edge_number = numbers.pop("edge", None)
        edge = weights[edge_number] if edge_number is not None else np.zeros((len(OFFSETS), size), dtype=np.float32)
        self._own_features = own_features
        self._pairs = pairs
        self._rows: dict[str, int] = {}
        """Each cached word's row (from 1: row 0 stands for no word, before or after a sentence)."""
        self._vectors = np.zeros((1024, len(OFFSETS), size), dtype=np.float32)
        self._vectors[0] = edge  # no word at a neighbour's place: the edge feature's weight there
        self._vectors[0, OFFSETS.index(0)] = 0
        self._pair_tables = [_PairTable() for _ in pairs.kinds] if pairs is not None else []
        if pairs is not None:
            kinds = {kind: k for k, kind in enumerate(pairs.kinds)}
            for feature in list(numbers):
                kind, colon, rest = feature.partition(":")
                if colon and kind in kinds:
                    self._pair_tables[kinds[kind]].add(rest, weights[numbers.pop(feature), zero])
            for table in self._pair_tables:
                table.seal(size)
        self._word_parts = np.zeros((1024, len(self._pair_tables)), dtype=np.int64)
        """Each cached word's number in each pair table (-1: in no weighted pair), row by row; row 0
        the sentence start's."""
        if pairs is not None:
            self._word_parts[0] = self._part_numbers(None)
        self._feature_numbers = {feature: n for n, feature in enumerate(numbers)}
        self._feature_weights = weights[np.fromiter(numbers.values(), dtype=np.int64, count=len(numbers))]
        """Each own feature's scores at each offset (features, offsets, labels), by number."""

    def _part_numbers(self, word: str | None) -> list[int]:
        assert self._pairs is not None
        return [table.number(part) for table, part in zip(self._pair_tables, self._pairs.parts(word), strict=True)]

    def _add_words(self, words: list[str]) -> None:
        """Cache rows for words met for the first time: each one's own features summed at each
        offset (all the words' feature scores gathered and added at once), its pair parts."""
        first = len(self._rows) + 1
        self._vectors = with_room(self._vectors, first + len(words), self.MAX_WORDS + 1)
        numbers, owners = [], []
        known = self._feature_numbers.get
        for n, word in enumerate(words, start=first):
            for feature in self._own_features(word):
                number = known(feature)
                if number is not None:
                    numbers.append(number)
                    owners.append(n)
        self._vectors[first : first + len(words)] = 0
        np.add.at(self._vectors, np.array(owners, dtype=np.int64), self._feature_weights[numbers])
        if self._pairs is not None:
            self._word_parts = with_room(self._word_parts, first + len(words), self.MAX_WORDS + 1)
            self._word_parts[first : first + len(words)] = [self._part_numbers(word) for word in words]
        self._rows.update((word, n) for n, word in enumerate(words, start=first))

    @property
    def transitions(self) -> Vectors:
        """The transition scores (from, to), in the order of `labels`."""
        return self._transitions

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The best label sequence of every sentence (Viterbi), all sentences in one pass."""
        if not any(sentences):
            return [[] for _ in sentences]
        return self._viterbi(*self.emissions(sentences))

    def tag_sentences_scored(self, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[Vectors]]:
        """`tag_sentences`, and for every sentence the probability of each label at each word
        (words × labels, in `labels` order) by forward-backward over the same scores."""
        if not any(sentences):
            return [[] for _ in sentences], [np.zeros((0, len(self.labels)), dtype=np.float32) for _ in sentences]
        emissions, lengths = self.emissions(sentences)
        paths = self._viterbi(emissions, lengths)
        marginals = label_marginals(emissions, lengths, self._transitions)
        return paths, [marginals[i, : lengths[i]] for i in range(len(sentences))]

    def emissions(self, sentences: Sequence[Sequence[str]]) -> tuple[Vectors, npt.NDArray[np.int64]]:
        """Every token's label scores (sentences, longest, labels), padded with zeros, and the lengths."""
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        count, longest, size = len(sentences), int(lengths.max()) if len(lengths) else 0, len(self.labels)
        tokens = int(lengths.sum())
        if len(self._rows) + tokens > self.MAX_WORDS:  # forget between articles, never inside one
            self._rows.clear()
        new = new_words(sentences, self._rows)
        if new:
            self._add_words(new)
        rows = np.zeros((count, longest + 4), dtype=np.int64)  # two columns of no word on each side
        inside = np.arange(longest)[None, :] < lengths[:, None]
        fill_rows(rows[:, 2 : 2 + longest], inside, sentences, self._rows)
        emissions = np.zeros((count, longest, size), dtype=np.float32)
        for j, k in enumerate(OFFSETS):
            emissions += self._vectors[rows[:, 2 + k : 2 + k + longest], j]
        if self._pairs is not None:
            emissions += self._pair_scores(rows, inside)
        emissions[~inside] = 0
        return emissions, lengths

    def _pair_scores(self, rows: npt.NDArray[np.int64], inside: npt.NDArray[np.bool_]) -> Vectors:
        """What the pair features of every token add to its scores (sentences, longest, labels),
        from the word rows `emissions` made (two columns of padding on each side): each kind's
        weight for the pair of part numbers of the word before (the start's before the first
        word) and the word, found by a binary search over the weighted pairs, all tokens at once."""
        count, longest = inside.shape
        here = rows[:, 2 : 2 + longest]
        before = rows[:, 1 : 1 + longest]
        parts_here, parts_before = self._word_parts[here], self._word_parts[before]
        scores = np.zeros((count * longest, len(self.labels)), dtype=np.float32)
        for k, table in enumerate(self._pair_tables):
            a, b = parts_before[..., k].ravel(), parts_here[..., k].ravel()
            where = np.flatnonzero(inside.ravel() & (a >= 0) & (b >= 0))
            found, rows_found = table.lookup(a[where], b[where])
            scores[where[found]] += table.vectors[rows_found]
        return scores.reshape(count, longest, len(self.labels))

    def _viterbi(self, emissions: Vectors, lengths: npt.NDArray[np.int64]) -> list[list[str]]:
        return best_paths(emissions, lengths, self._transitions, self.labels)


def best_paths(
    emissions: np.ndarray,
    lengths: npt.NDArray[np.int64],
    transitions: np.ndarray,
    labels: Sequence[str],
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[list[str]]:
    """Viterbi over a batch of sentences at once: `emissions` (sentence, position, label)
    padded to the longest, `transitions` (from, to), and scores for starting and ending on
    each label when the model has them; the best labels of each sentence, its own length.
    The sentences are taken shortest first, so each step computes only those still running
    (one long sentence in a batch costs its own steps, not the whole batch's)."""
    count, longest, size = emissions.shape
    order = np.argsort(lengths, kind="stable")
    emissions, lengths = emissions[order], lengths[order]
    running_from = np.searchsorted(lengths, np.arange(longest), side="right")
    score = emissions[:, 0].copy()
    if start is not None:
        score += start
    if end is not None:
        score += np.where((lengths == 1)[:, None], end, 0)
    identity = np.arange(size)
    back = np.broadcast_to(identity, (count, longest, size)).copy()  # a finished sentence stays put
    for t in range(1, longest):
        first = int(running_from[t])
        candidates = score[first:, :, None] + transitions[None]
        best = candidates.argmax(axis=1)
        moved = candidates.max(axis=1) + emissions[first:, t]
        if end is not None:
            moved += np.where(np.equal(lengths[first:] - 1, t)[:, None], end, 0)
        score[first:] = moved
        back[first:, t] = best
    state = score.argmax(axis=1)
    path = np.zeros((count, longest), dtype=np.int64)
    path[:, longest - 1] = state
    rows = np.arange(count)
    for t in range(longest - 1, 0, -1):
        state = back[rows, t, state]
        path[:, t - 1] = state
    found: list[list[str]] = [[] for _ in range(count)]
    for i, row in enumerate(order.tolist()):
        found[row] = [labels[x] for x in path[i, : lengths[i]]]
    return found


def label_marginals(
    emissions: np.ndarray,
    lengths: npt.NDArray[np.int64],
    transitions: np.ndarray,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> Vectors:
    """The probability of each label at each position of each sentence under the CRF
    (forward-backward over the batch, the tables `best_paths` reads): (sentence, position,
    label), rows past a sentence's end are zero. Scaled in probability space, each step
    normalized, so it needs one small matrix product per position and direction, over the
    sentences still running there (taken shortest first, as `best_paths` does)."""
    count, longest, size = emissions.shape
    order = np.argsort(lengths, kind="stable")
    emissions, lengths = emissions[order], lengths[order]
    running_from = np.searchsorted(lengths, np.arange(longest + 1), side="right")
    peak = emissions.max(axis=2, keepdims=True)
    local = np.exp(emissions - peak, dtype=np.float32)
    moves = np.exp(transitions - transitions.max(), dtype=np.float32)
    ends = np.exp(end - end.max(), dtype=np.float32) if end is not None else np.ones(size, dtype=np.float32)
    forward = np.zeros((count, longest, size), dtype=np.float32)
    alpha = local[:, 0] * (np.exp(start - start.max(), dtype=np.float32) if start is not None else 1.0)
    forward[:, 0] = alpha / alpha.sum(axis=1, keepdims=True)
    for t in range(1, longest):
        first = int(running_from[t])
        alpha = (forward[first:, t - 1] @ moves) * local[first:, t]
        forward[first:, t] = alpha / np.maximum(alpha.sum(axis=1, keepdims=True), 1e-30)
    backward = np.zeros((count, longest, size), dtype=np.float32)
    backward[:, longest - 1] = ends
    for t in range(longest - 2, -1, -1):
        backward[:, t] = ends  # a sentence's last word; its earlier words are computed below
        first = int(running_from[t + 1])  # the sentences with a word after position t
        beta = (local[first:, t + 1] * backward[first:, t + 1]) @ moves.T
        backward[first:, t] = beta / np.maximum(beta.sum(axis=1, keepdims=True), 1e-30)
    joint = forward * backward
    joint /= np.maximum(joint.sum(axis=2, keepdims=True), 1e-30)
    joint *= (np.arange(longest)[None, :] < lengths[:, None])[..., None]
    out = np.empty_like(joint)
    out[order] = joint
    return out


def new_words(sentences: Sequence[Sequence[str]], known: Mapping[str, int]) -> list[str]:
    """The distinct words of the sentences that `known` lacks, in the order they first appear."""
    return [word for word in dict.fromkeys(chain.from_iterable(sentences)) if word not in known]


def fill_rows(
    rows: npt.NDArray[np.int64],
    inside: npt.NDArray[np.bool_],
    sentences: Sequence[Sequence[str]],
    known: Mapping[str, int],
) -> None:
    """Write each word's number in `known` at its place in `rows` (sentences, longest), where
    `inside` marks the places that hold a word; the rest are left as they are."""
    numbers = map(known.__getitem__, chain.from_iterable(sentences))
    rows[inside] = np.fromiter(numbers, dtype=np.int64, count=int(inside.sum()))


def with_room(vectors: ArrayT, size: int, most: int | None = None) -> ArrayT:
    """`vectors`, or a copy with room for `size` rows when it holds fewer: twice as long, but no
    longer than `most` rows unless `size` needs more."""
    if size <= len(vectors):
        return vectors
    doubled = 2 * len(vectors) if most is None else min(2 * len(vectors), most)
    grown = np.zeros_like(vectors, shape=(max(size, doubled), *vectors.shape[1:]))
    grown[: len(vectors)] = vectors
    return cast(ArrayT, grown)
