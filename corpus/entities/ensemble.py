"""The default name tagger: the neural BiLSTM-CRF and the feature CRF scoring every sentence together.

Both models are linear-chain CRFs, so their scores add: a label path's score is the neural model's
(emissions, transitions, start and end) plus `crf_weight` times the CRF's (its feature sums and
transitions), and one Viterbi pass finds the best path under the sum. The weight is chosen by
scripts/train_neural_ner.py on a dev part (models trained without it), never on the held-out part,
and stored in corpus/data/ner_ensemble.json. The two models make different mistakes (the CRF reads
neighbouring words and word pairs as features, the network whole sentences and characters), so the
sum is more accurate than either (bench/RESULTS.md); it costs both models' time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corpus.entities.crf import best_paths, label_marginals
from corpus.entities.lexicons import DATA
from corpus.entities.neural import NEURAL_MODEL_PATH, NeuralTagger
from corpus.entities.tagger import MODEL_PATH, Tagger

__all__ = ["ENSEMBLE_PATH", "EnsembleTagger", "crf_weight"]

ENSEMBLE_PATH = DATA / "ner_ensemble.json"


def crf_weight(path: Path = ENSEMBLE_PATH) -> float:
    """The CRF's weight in the sum, as chosen on the dev part."""
    return float(json.loads(path.read_text(encoding="utf-8"))["crf_weight"])


class EnsembleTagger:
    """BIO tags (PERS, LOC, ORG, MISC) from the neural tagger's and the CRF's scores added."""

    def __init__(
        self,
        neural: NeuralTagger | None = None,
        crf: Tagger | None = None,
        weight: float | None = None,
    ) -> None:
        self.neural = neural or NeuralTagger(NEURAL_MODEL_PATH)
        self.crf = crf or Tagger(MODEL_PATH)
        self.weight = crf_weight() if weight is None else weight
        self.labels = self.neural.labels
        model = self.crf.crf
        missing = set(self.labels) - set(model.labels)
        if missing:
            raise ValueError(f"the CRF has no label {sorted(missing)}")
        self._order = np.array([model.labels.index(label) for label in self.labels])
        """The CRF's label positions in the neural model's order."""
        self._transitions = self.neural.transitions + self.weight * model.transitions[np.ix_(self._order, self._order)]

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags of one sentence's words."""
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags of every sentence, in the neural tagger's batches of similar lengths."""
        return self._tagged(sentences, scored=False)[0]

    def tag_sentences_scored(self, sentences: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[np.ndarray]]:
        """BIO tags of every sentence and each word's probability of every label (words × labels,
        in `labels` order), by forward-backward over the summed scores."""
        return self._tagged(sentences, scored=True)

    def _tagged(self, sentences: Sequence[Sequence[str]], *, scored: bool) -> tuple[list[list[str]], list[np.ndarray]]:
        out: list[list[str]] = [[] for _ in sentences]
        probabilities = [np.zeros((0, len(self.labels)), dtype=np.float32) for _ in sentences]
        start, end = self.neural.start, self.neural.end
        for batch in self.neural.batches(sentences):
            words = [sentences[i] for i in batch]
            scores, lengths = self.neural.emissions(words)
            crf_scores, _ = self.crf.crf.emissions(words)
            scores += self.weight * crf_scores[:, :, self._order]
            paths = best_paths(scores, lengths, self._transitions, self.labels, start, end)
            marginals = label_marginals(scores, lengths, self._transitions, start, end) if scored else None
            for row, (i, tags) in enumerate(zip(batch, paths, strict=True)):
                out[i] = tags
                if marginals is not None:
                    probabilities[i] = marginals[row, : lengths[row]]
        return out, probabilities
