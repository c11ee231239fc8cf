"""The neural name tagger, run with numpy: a BiLSTM-CRF over word, character, cluster and word-list inputs.

The model (corpus/data/ner_neural.npz) is trained with PyTorch by scripts/train_neural_ner.py on
ANERcorp (CC BY-SA 4.0, see corpus/data/NER-MODEL-LICENSE.md); PyTorch is never needed here.

A token's input is a function of the word alone: its skip-gram vector (a pruned vocabulary of
normalized forms; a form not in it is looked up by its stem), a character CNN with max pooling,
an embedding of each of its four word-cluster numbers, and the word-list bits of the CRF's
features (place and person gazetteers, triggers, shape). So the input vector is computed once
per distinct word and cached; a batch of sentences is then one matrix multiply for both
directions' input gates, one small multiply per time step and direction for the recurrence,
the output layer, and a Viterbi pass over the CRF's transitions. Sentences are tagged in
batches of similar lengths, so little is spent on padding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from corpus.entities.crf import best_paths, fill_rows, new_words, with_room
from corpus.entities.lexicons import DATA
from corpus.entities.tagger import form_and_stem, token_features

__all__ = ["NEURAL_MODEL_PATH", "BITS", "MAX_CHARS", "WordInputs", "word_inputs", "NeuralTagger"]

NEURAL_MODEL_PATH = DATA / "ner_neural.npz"
MAX_CHARS = 20
"""Characters of a word the character CNN reads (its first ten and last ten when longer)."""

BITS = (
    "gaz:place",
    "gaz:person",
    "trigger:person",
    "trigger:org",
    "trigger:place",
    "nisba:place",
    "al",
    "c=none",
    "shape=digit",
    "shape=LATIN",
    "shape=Latin",
    "shape=latin",
    "shape=mixed-digit",
    "shape=arabic",
    "shape=other",
)
"""The CRF features the network also reads, as 0/1 inputs."""

CLUSTER_KEYS = ("ca=", "cb=", "cc=", "cd=")
_CLUSTER_SLOTS = {key: slot for slot, key in enumerate(CLUSTER_KEYS)}

Array = npt.NDArray[np.float32]
WordInputs = tuple[str, str, str, tuple[int, ...], tuple[float, ...]]
"""A word's inputs: its normalized form, its stem, the characters the CNN reads, its cluster
numbers (-1: none) and its word-list bits."""


def word_inputs(word: str) -> WordInputs:
    """What the network reads of one word (the same for training and tagging)."""
    features = token_features(word)
    form, stem = form_and_stem(features)
    present = set(features)
    clusters = [-1, -1, -1, -1]
    for feature in features:  # the cluster features: "ca=12", "cb=200", ...
        slot = _CLUSTER_SLOTS.get(feature[:3])
        if slot is not None and feature[3:].isdigit():
            clusters[slot] = int(feature[3:])
    chars = word if len(word) <= MAX_CHARS else word[: MAX_CHARS // 2] + word[-MAX_CHARS // 2 :]
    bits = tuple([1.0 if bit in present else 0.0 for bit in BITS])
    return form, stem, chars, tuple(clusters), bits


@dataclass(frozen=True, slots=True)
class _WordParts:
    """The parts of words' inputs, a row each: a fifth of the memory of the input vectors, so
    four times as many words stay cached."""

    rows: npt.NDArray[np.int32]
    """Each word's row in the word vectors."""
    shapes: Array
    """The character CNN's output."""
    clusters: npt.NDArray[np.int32]
    """Rows in each cluster table (0: in no cluster)."""
    bits: npt.NDArray[np.uint8]
    """The word-list bits."""

    @classmethod
    def empty(cls, filters: int) -> _WordParts:
        return cls(
            np.zeros(0, dtype=np.int32),
            np.zeros((0, filters), dtype=np.float32),
            np.zeros((0, len(CLUSTER_KEYS)), dtype=np.int32),
            np.zeros((0, len(BITS)), dtype=np.uint8),
        )

    def with_room(self, size: int, most: int) -> _WordParts:
        """These parts, or a copy with room for `size` words (grown twice as long, to `most` at most)."""
        return _WordParts(
            with_room(self.rows, size, most),
            with_room(self.shapes, size, most),
            with_room(self.clusters, size, most),
            with_room(self.bits, size, most),
        )

    def put(self, first: int, parts: _WordParts) -> None:
        """Write `parts` from row `first` on."""
        end = first + len(parts.rows)
        self.rows[first:end], self.shapes[first:end] = parts.rows, parts.shapes
        self.clusters[first:end], self.bits[first:end] = parts.clusters, parts.bits

    def at(self, rows: npt.NDArray[np.int64]) -> _WordParts:
        """The parts of the words at these rows."""
        return _WordParts(self.rows[rows], self.shapes[rows], self.clusters[rows], self.bits[rows])


def _sigmoid_of_negated(z: Array) -> Array:
    """sigmoid(-z) in place."""
    np.exp(z, out=z)
    z += 1.0
    np.reciprocal(z, out=z)
    return z


class NeuralTagger:
    """The exported BiLSTM-CRF: BIO tags (PERS, LOC, ORG, MISC) for the tokens of sentences."""

    MAX_WORDS = 400_000
    """Cached words past this many are dropped and computed again (bounded memory: about 80 MB)."""
    BATCH_TOKENS = 20_000
    """About this many token slots (sentences x longest) go through the network at once."""

    def __init__(self, model: Path = NEURAL_MODEL_PATH) -> None:
        with np.load(model, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(bytes(arrays.pop("meta")).decode("utf-8"))
        self.labels: list[str] = meta["labels"]
        self._words = {w: i for i, w in enumerate(meta["words"])}
        self._chars = {c: i for i, c in enumerate(meta["chars"])}
        self._word_vectors = arrays.pop("word_vectors")  # float16 as stored: half the memory; rows widen on use
        f32 = {name: a.astype(np.float32) for name, a in arrays.items()}
        conv = f32["char_conv"]  # (filters, char dim, width)
        self._char_filters = np.stack([f32["char_vectors"] @ conv[:, :, k].T for k in range(conv.shape[2])])
        """What each character adds to each filter at each place of the window (width, chars, filters):
        the convolution of a word is these rows gathered and added, no multiply."""
        self._conv_bias = f32["char_conv_bias"]
        self._clusters = [f32[f"cluster_{k}"] for k in range(len(CLUSTER_KEYS))]
        size = f32["forward_w_hh"].shape[1]
        # PyTorch's gate order i, f, g, o becomes i, f, o, g: one sigmoid over the first three
        order = np.concatenate([np.arange(2 * size), np.arange(3 * size, 4 * size), np.arange(2 * size, 3 * size)])
        # the sigmoid gates' weights negated (exactly): a step's sums come out as the -z the sigmoid takes
        sign = np.where(np.arange(4 * size) < 3 * size, np.float32(-1), np.float32(1))[:, None]
        w_in = [sign * f32["forward_w_ih"][order], sign * f32["backward_w_ih"][order]]
        self._w_in = np.concatenate(w_in).T.copy()  # (inputs, 8H)
        self._b_in = np.concatenate(
            [
                sign[:, 0] * (f32["forward_b_ih"] + f32["forward_b_hh"])[order],
                sign[:, 0] * (f32["backward_b_ih"] + f32["backward_b_hh"])[order],
            ]
        )
        self._w_hh = [(sign * f32["forward_w_hh"][order]).T.copy(), (sign * f32["backward_w_hh"][order]).T.copy()]
        self._hidden = size
        self._w_out = f32["out_w"].T.copy()  # (2H, labels)
        self._b_out = f32["out_b"]
        self._transitions: Array = f32["transitions"]
        self._start: Array = f32["start"]
        self._end: Array = f32["end"]
        self._rows: dict[str, int] = {}
        self._cache = _WordParts.empty(len(self._conv_bias))

    # --- inputs -----------------------------------------------------------------------------
    def input_vectors(self, words: Sequence[str]) -> Array:
        """The network's input for each word (what the training script's model computes), (words, inputs)."""
        return self._assembled(self._word_parts(words))

    def _word_parts(self, words: Sequence[str]) -> _WordParts:
        """What a word's input is made of: its word vector's row, its character CNN's output, its
        clusters and its word-list bits."""
        width = len(self._char_filters)
        vocabulary, letters = self._words, self._chars
        inputs = [word_inputs(word) for word in words]
        rows = [
            vocabulary.get(form, vocabulary.get(stem, 0)) for form, stem, *_ in inputs
        ]  # the form's, else the stem's
        lengths = np.array([len(text) for _, _, text, _, _ in inputs], dtype=np.int64)
        chars = np.zeros((len(words), MAX_CHARS + width - 1), dtype=np.int64)  # 0: padding at both ends
        inside = np.arange(MAX_CHARS)[None, :] < lengths[:, None]
        chars[:, width // 2 : width // 2 + MAX_CHARS][inside] = [
            letters.get(c, 1) for _, _, text, _, _ in inputs for c in text
        ]
        conv = self._conv_bias + sum(self._char_filters[k][chars[:, k : k + MAX_CHARS]] for k in range(width))
        conv[~inside] = -np.inf
        return _WordParts(
            np.array(rows, dtype=np.int32),
            np.tanh(conv.max(axis=1)),
            np.array([cluster for _, _, _, cluster, _ in inputs], dtype=np.int32).reshape(-1, len(CLUSTER_KEYS)) + 1,
            np.array([bit for _, _, _, _, bit in inputs], dtype=np.uint8).reshape(-1, len(BITS)),
        )

    def _assembled(self, parts: _WordParts) -> Array:
        """The input vectors the parts make, (words, inputs)."""
        pieces = [self._word_vectors[parts.rows], parts.shapes]
        pieces.extend(table[parts.clusters[:, k]] for k, table in enumerate(self._clusters))
        pieces.append(parts.bits)
        return np.concatenate(pieces, axis=1).astype(np.float32)

    def _row_ids(self, sentences: Sequence[Sequence[str]], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Cache rows of every word (padding: row 0), computing the parts of new words at once."""
        known = self._rows
        new = new_words(sentences, known)
        if new:
            first = len(known)
            self._cache = self._cache.with_room(first + len(new), self.MAX_WORDS)
            self._cache.put(first, self._word_parts(new))
            known.update((w, first + i) for i, w in enumerate(new))
        rows = np.zeros((len(sentences), int(lengths.max()) if len(lengths) else 0), dtype=np.int64)
        fill_rows(rows, np.arange(rows.shape[1])[None, :] < lengths[:, None], sentences, known)
        return rows

    # --- the network ------------------------------------------------------------------------
    def emissions(self, sentences: Sequence[Sequence[str]]) -> tuple[Array, npt.NDArray[np.int64]]:
        """Per-token label scores of sentences tagged together (count, longest, labels), and lengths."""
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        count, longest = len(sentences), int(lengths.max()) if len(lengths) else 0
        if len(self._rows) + int(lengths.sum()) > self.MAX_WORDS:  # forget between batches, never inside one
            self._rows.clear()
        rows = self._row_ids(sentences, lengths)
        distinct, where = np.unique(rows, return_inverse=True)  # a word's input gates are computed once a batch
        projected = self._assembled(self._cache.at(distinct)) @ self._w_in
        projected += self._b_in
        order = np.argsort(lengths, kind="stable")  # shortest first: the sentences still running are a suffix
        ids = where.reshape(count, longest)[order].T.copy()  # (time, sentences): a step's rows are contiguous
        hidden = self._hidden
        running_from = np.searchsorted(lengths[order], np.arange(longest), side="right")
        both = np.zeros((count, longest, 2 * hidden), dtype=np.float32)
        forward, backward = projected[:, : 4 * hidden].copy(), projected[:, 4 * hidden :].copy()
        self._run(forward, ids, self._w_hh[0], range(longest), running_from, both[:, :, :hidden])
        self._run(backward, ids, self._w_hh[1], range(longest - 1, -1, -1), running_from, both[:, :, hidden:])
        scores = np.empty((count, longest, len(self.labels)), dtype=np.float32)
        scores[order] = both @ self._w_out + self._b_out
        return scores, lengths

    def _run(
        self,
        gates: Array,
        ids: npt.NDArray[np.int64],
        w_hh: Array,
        steps: range,
        running_from: npt.NDArray[np.int64],
        out: Array,
    ) -> None:
        """One LSTM direction over the time steps in `steps`: `gates` holds each distinct word's input
        gates (in the order i, f, o, g) and ids[t] the word of each sentence at step t, sentences
        sorted shortest first: at step t only rows from running_from[t] on hold a word, so only they
        are computed. A row's state stays zero until its first word, so the backward direction
        starts at each sentence's last word."""
        size = self._hidden
        count = ids.shape[1]
        h = np.zeros((count, size), dtype=np.float32)
        c = np.zeros((count, size), dtype=np.float32)
        for t in steps:
            first = int(running_from[t])
            z = h[first:] @ w_hh
            z += gates[ids[t, first:]]
            _sigmoid_of_negated(z[:, : 3 * size])
            g = np.tanh(z[:, 3 * size :])
            state = c[first:]
            state *= z[:, size : 2 * size]
            g *= z[:, :size]
            state += g
            running = np.tanh(state)
            running *= z[:, 2 * size : 3 * size]
            h[first:] = running
            out[first:, t] = running

    def viterbi(self, emissions: Array, lengths: npt.NDArray[np.int64]) -> list[list[str]]:
        """The best label path of each sentence under the CRF's start, transition and end scores."""
        return best_paths(emissions, lengths, self._transitions, self.labels, self._start, self._end)

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags of one sentence's words."""
        return self.tag_sentences([words])[0]

    @property
    def transitions(self) -> Array:
        """The CRF layer's transition scores (from, to), in the order of `labels`."""
        return self._transitions

    @property
    def start(self) -> Array:
        """The CRF layer's scores for a sentence's first label."""
        return self._start

    @property
    def end(self) -> Array:
        """The CRF layer's scores for a sentence's last label."""
        return self._end

    def batches(self, sentences: Sequence[Sequence[str]]) -> list[list[int]]:
        """Positions of the non-empty sentences, sorted by length, in batches of about BATCH_TOKENS slots."""
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        out: list[list[int]] = []
        first = 0
        while first < len(order):
            last = first + 1
            while last < len(order) and (last - first + 1) * len(sentences[order[last]]) <= self.BATCH_TOKENS:
                last += 1
            out.append(order[first:last])
            first = last
        return out

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of every sentence: sorted by length and run in batches of about BATCH_TOKENS slots."""
        out: list[list[str]] = [[] for _ in sentences]
        for batch in self.batches(sentences):
            emissions, lengths = self.emissions([sentences[i] for i in batch])
            for i, tags in zip(batch, self.viterbi(emissions, lengths), strict=True):
                out[i] = tags
        return out
