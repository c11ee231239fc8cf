"""Train the neural name tagger (BiLSTM-CRF) on ANERcorp with PyTorch, measure it alone and in the
ensemble with the feature CRF, export it for numpy.

    python -m scripts.build_word_vectors            # once: skip-gram vectors, cached under /tmp
    python -m scripts.train_neural_ner [--data ../shared/data/anercorp/train.txt]
                                       [--vectors /tmp/akhbar-ner/vectors.kv] [--seed 1]
                                       [--epochs N | --max-epochs 30] [--crf-weight W] [--no-ship]
                                       [--dev-only] [--scratch DIR] [settings: --hidden 64 ...]
                                       [--pseudo FILE --pseudo-per-epoch N --pseudo-weight W
                                        --gold-epochs K --crf-pseudo N]
    python -m scripts.train_neural_ner --epochs N --ship-only   # the shipped model alone

The shipped model is self-trained (below): the Settings defaults, seed 1, 30 epochs,
`--pseudo-per-epoch 5760 --pseudo-weight 0.5 --gold-epochs 5`, CRF weight 0.5; its pseudo
sentences are scripts/pseudo_label.py's defaults (4,000 bench articles, seed 1, min-prob 0.9)
tagged by the ensemble shipped before it. The settings it keeps were chosen before: `--dev-only
--crf-weight 0` chose 30 epochs (dev F1 80.9), and the CRF weight 0.75 was chosen on the same
dev part with that dev model (dev F1 with the consistency pass 83.4; the neural model alone
81.3); then `--epochs 30 --crf-weight 0.75` was measured on the held-out part and shipped (the
model before self-training). Without --epochs and --crf-weight the script chooses both itself,
as above, in one run. One thread, fixed seeds: the same command gives the same weights every
time. Tried on the dev part since and not shipped (bench/RESULTS.md): 50 epochs, hidden 100 with
50 filters, seed 2, weights averaged over 10 epochs, word dropout 0.25, two networks' mean
scores; all within half a point of the shipped settings in the ensemble, and the best of them
(`--average 10 --epochs 41 --crf-weight 0.75`) no better on the held-out part.

Method (the same splits as scripts/train_ner.py): the last 15% of the file's sentences (a
contiguous block) are the held-out part, never used to choose anything. The epoch count and
the CRF's weight in the ensemble (corpus/entities/ensemble.py) are chosen on a dev part, the
last 15% of the training part: a network is trained on the rest and scored on the dev part
after every epoch (the best epoch wins), and a CRF trained on the rest as scripts/train_ner.py
trains it is added with each weight of CRF_WEIGHTS (the best F1 with the consistency pass
wins). A network and a CRF are then trained on the whole training part and measured on the
held-out part, the network alone and the ensemble: the tagger alone, with the per-article
consistency pass (windows of 20 sentences), and end to end as the app extracts
(`article_mentions`). Unless --no-ship, the shipped network is then trained on the whole
file, as many epochs, and exported to corpus/data/ner_neural.npz, the weight to
corpus/data/ner_ensemble.json, the figures to corpus/data/ner_neural_eval.json (the shipped
CRF, corpus/data/ner.crfsuite, is scripts/train_ner.py's, also trained on the whole file).

The network: per word, a skip-gram vector (scripts/build_word_vectors.py; vocabulary: the
`vocabulary` commonest words of the bench, by default all 122,000 of them, and the training
data's words that have one; stored as float16), frozen unless `tune_words` trains a sparse
correction; a character CNN (embedding 25, `filters` filters of width 3, max pooling, tanh);
an 8-dimension embedding of each of the word's four cluster numbers; and the CRF's word-list
bits. In training a token's word vector is replaced by the unknown word's (zero) with
probability `word_dropout`, so the network also learns to name a word from its characters and
clusters. Dropout 0.5; one BiLSTM layer (`hidden` a direction); dropout 0.5; a linear layer to
the BIO labels; a CRF with start, transition and end scores. Adam (lr 0.002), batches of 16
sentences of similar lengths (the shuffled order cut into chunks, each sorted by length),
gradients clipped at 5, one thread; the weights measured and shipped are the mean of those
after each of the last `average` epochs.

Self-training (`--pseudo FILE`, written by scripts/pseudo_label.py: bench sentences a teacher
ensemble tagged surely): each epoch trains on the gold sentences and a fresh random draw of
`--pseudo-per-epoch` pseudo ones (0: all), a pseudo sentence's loss counting `--pseudo-weight`
of a gold one's; the last `--gold-epochs` epochs train on gold alone; `--crf-pseudo N` trains the
measured ensemble's CRF on N of them too. The teacher must be trained on the student's gold
sentences only, so each run takes its own file: the dev run (`--dev-only`) one tagged by models
trained on the dev run's training sentences, the held-out run (`--epochs N --crf-weight W`) one
tagged by models trained on the training part, the shipped model (`--ship-only
--held-out-figures FILE`) one tagged by the shipped ensemble. Chosen on the dev part (30 epochs
each; the ensemble as the app extracts, 83.4 without pseudo sentences): 2,880 pseudo sentences
an epoch at weight 1, 83.0; the same with the last 5 epochs on gold, 83.4; 5,760 an epoch at
weight 0.5 with 5 gold epochs, 84.1 (shipped; the network alone 79.7 -> 82.7); the same from
12,000 articles, 83.2; its CRF also trained on 5,000 pseudo sentences, 83.7. Held-out as the
app extracts: the ensemble 76.6 -> 77.6, the network alone 75.8 -> 77.3 (bench/RESULTS.md).

torch, gensim: the `train` extra (pip install -e '.[train]'), never needed at run time.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from corpus.entities.clusters import GRANULARITIES
from corpus.entities.ensemble import ENSEMBLE_PATH, EnsembleTagger
from corpus.entities.neural import BITS, MAX_CHARS, NEURAL_MODEL_PATH, NeuralTagger, word_inputs
from corpus.entities.tagger import SentenceTagger, Tagger
from scripts.train_ner import Sentence, end_to_end, read_conll, score, with_consistency
from scripts.train_ner import train as train_crf

ROOT = Path(__file__).resolve().parent.parent

CHAR_DIM = 25
CLUSTER_DIM = 8
BATCH = 16
LABELS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
DEFAULT_VECTORS = Path("/tmp/akhbar-ner/vectors.kv")
CRF_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
"""The CRF's weights in the ensemble tried on the dev part (0: the neural tagger alone)."""
CRF_ITERATIONS, CRF_C1, CRF_C2 = 150, 0.01, 0.01
"""The feature CRF's training settings (scripts/train_ner.py's defaults, as shipped)."""


@dataclass(frozen=True)
class Settings:
    """What a training run may vary (the defaults are the shipped model's)."""

    vocabulary: int = 200_000
    """The commonest bench words kept with their vectors (besides the training data's words)."""
    hidden: int = 64
    filters: int = 40
    word_dropout: float = 0.1
    """A training token's word vector is replaced by the unknown word's this often (so the
    network learns to name words from their characters and clusters)."""
    tune_words: float = 0.0
    """Learning rate of a trained correction added to the word vectors (0: vectors frozen)."""
    average: int = 3
    """The weights measured and exported are the mean of those after each of the last this many epochs."""
    lr: float = 0.002


@dataclass(frozen=True)
class SelfTraining:
    """How pseudo-labelled sentences (scripts/pseudo_label.py) join the gold ones in training."""

    per_epoch: int = 0
    """Each epoch trains on the gold sentences and a fresh random draw of this many pseudo ones (0: all)."""
    weight: float = 1.0
    """A pseudo sentence's loss counts this much of a gold sentence's."""
    gold_epochs: int = 0
    """The last this many of the epochs train on the gold sentences alone."""
    crf_sentences: int = 0
    """The ensemble's CRF (not the shipped one) trains on this many pseudo sentences too, a seeded draw."""


class Inputs:
    """Every distinct word of the data as the network's input indices, computed once."""

    def __init__(self, words: list[str], chars: list[str], sentences: Sequence[Sentence]) -> None:
        self.word_index = {w: i for i, w in enumerate(words)}
        self.char_index = {c: i for i, c in enumerate(chars)}
        self.types: dict[str, int] = {}
        rows: list[int] = []
        char_ids: list[list[int]] = []
        clusters: list[tuple[int, ...]] = []
        bits: list[tuple[float, ...]] = []
        for words_, _ in sentences:
            for word in words_:
                if word in self.types:
                    continue
                self.types[word] = len(self.types)
                form, stem, text, cluster, bit = word_inputs(word)
                rows.append(self.word_index.get(form, self.word_index.get(stem, 0)))
                char_ids.append([self.char_index.get(c, 1) for c in text])
                clusters.append(cluster)
                bits.append(bit)
        self.rows = torch.tensor(rows)
        self.chars = torch.zeros((len(rows), MAX_CHARS), dtype=torch.long)
        self.char_lengths = torch.tensor([len(c) for c in char_ids])
        for i, ids in enumerate(char_ids):
            self.chars[i, : len(ids)] = torch.tensor(ids)
        self.clusters = torch.tensor(clusters) + 1
        self.bits = torch.tensor(bits, dtype=torch.float32)


class Net(nn.Module):
    """The BiLSTM-CRF; corpus/entities/neural.py computes the same forward pass with numpy."""

    def __init__(self, word_vectors: np.ndarray, chars: int, settings: Settings) -> None:
        super().__init__()
        self.words = nn.Embedding.from_pretrained(torch.tensor(word_vectors, dtype=torch.float32), freeze=True)  # type: ignore[no-untyped-call]
        tuned = nn.Embedding(len(word_vectors), word_vectors.shape[1], sparse=True) if settings.tune_words else None
        self.tuned = tuned  # sparse: a batch updates only its own words' rows
        if self.tuned is not None:
            nn.init.zeros_(self.tuned.weight)
        self.word_dropout = settings.word_dropout
        self.chars = nn.Embedding(chars, CHAR_DIM, padding_idx=0)
        self.conv = nn.Conv1d(CHAR_DIM, settings.filters, 3, padding=1)
        self.clusters = nn.ModuleList(nn.Embedding(k + 1, CLUSTER_DIM) for k in GRANULARITIES)
        size = word_vectors.shape[1] + settings.filters + CLUSTER_DIM * len(GRANULARITIES) + len(BITS)
        self.dropout = nn.Dropout(0.5)
        self.lstm = nn.LSTM(size, settings.hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * settings.hidden, len(LABELS))
        self.transitions = nn.Parameter(torch.zeros(len(LABELS), len(LABELS)))
        self.start = nn.Parameter(torch.zeros(len(LABELS)))
        self.end = nn.Parameter(torch.zeros(len(LABELS)))

    def type_vectors(self, inputs: Inputs, types: torch.Tensor) -> torch.Tensor:
        """The input vector of each word type in `types`."""
        chars = self.chars(inputs.chars[types]).transpose(1, 2)  # (types, dim, positions)
        conv = self.conv(chars)
        lengths = inputs.char_lengths[types]
        outside = torch.arange(MAX_CHARS)[None, :] >= lengths[:, None]
        pooled = torch.tanh(conv.masked_fill(outside[:, None, :], float("-inf")).max(dim=2).values)
        rows = inputs.rows[types]
        parts = [self.words(rows) if self.tuned is None else self.words(rows) + self.tuned(rows), pooled]
        parts.extend(table(inputs.clusters[types, k]) for k, table in enumerate(self.clusters))
        parts.append(inputs.bits[types])
        return torch.cat(parts, dim=1)

    def emissions(self, inputs: Inputs, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Label scores (batch, longest, labels) of padded token-type ids."""
        types, where = torch.unique(tokens, return_inverse=True)
        x = self.type_vectors(inputs, types)[where]
        if self.training and self.word_dropout:
            dim = self.words.embedding_dim
            kept = (torch.rand(tokens.shape) >= self.word_dropout).float()[..., None]
            x = torch.cat([x[..., :dim] * kept, x[..., dim:]], dim=-1)  # the unknown word's vector is 0
        x = self.dropout(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        hidden, _ = self.lstm(packed)
        hidden, _ = nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=tokens.shape[1])
        return self.out(self.dropout(hidden))  # type: ignore[no-any-return]

    def loss(
        self, emissions: torch.Tensor, labels: torch.Tensor, mask: torch.Tensor, weights: torch.Tensor | None = None
    ) -> torch.Tensor:
        """The CRF's negative log-likelihood of the gold labels, summed over the batch (each
        sentence's times its weight when `weights` are given)."""
        count, longest, _ = emissions.shape
        rows = torch.arange(count)
        gold = self.start[labels[:, 0]] + emissions[rows, 0, labels[:, 0]]
        alpha = self.start + emissions[:, 0]
        for t in range(1, longest):
            live = mask[:, t]
            step = self.transitions[labels[:, t - 1], labels[:, t]] + emissions[rows, t, labels[:, t]]
            gold = gold + step * live
            moved = torch.logsumexp(alpha[:, :, None] + self.transitions[None], dim=1) + emissions[:, t]
            alpha = torch.where(live[:, None].bool(), moved, alpha)
        last = labels[rows, mask.sum(dim=1).long() - 1]
        gold = gold + self.end[last]
        losses = torch.logsumexp(alpha + self.end, dim=1) - gold
        return (losses if weights is None else losses * weights).sum()


def padded(inputs: Inputs, batch: Sequence[Sentence]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    longest = max(len(words) for words, _ in batch)
    tokens = torch.zeros((len(batch), longest), dtype=torch.long)
    labels = torch.zeros((len(batch), longest), dtype=torch.long)
    mask = torch.zeros((len(batch), longest))
    for i, (words, tags) in enumerate(batch):
        tokens[i, : len(words)] = torch.tensor([inputs.types[w] for w in words])
        labels[i, : len(words)] = torch.tensor([LABELS.index(t) if t in LABELS else 0 for t in tags])
        mask[i, : len(words)] = 1
    return tokens, labels, mask, torch.tensor([len(words) for words, _ in batch])


def export(net: Net, words: list[str], chars: list[str], target: Path, compressed: bool = True) -> None:
    """The weights as numpy arrays (word vectors float16, the rest float32) and the vocabularies
    (uncompressed for a scratch copy: much quicker to write)."""
    state = {name: value.detach().numpy() for name, value in net.state_dict().items()}
    vectors = state["words.weight"] + state["tuned.weight"] if "tuned.weight" in state else state["words.weight"]
    arrays = {
        "word_vectors": vectors.astype(np.float16),
        "char_vectors": state["chars.weight"],
        "char_conv": state["conv.weight"],
        "char_conv_bias": state["conv.bias"],
        "forward_w_ih": state["lstm.weight_ih_l0"],
        "forward_w_hh": state["lstm.weight_hh_l0"],
        "forward_b_ih": state["lstm.bias_ih_l0"],
        "forward_b_hh": state["lstm.bias_hh_l0"],
        "backward_w_ih": state["lstm.weight_ih_l0_reverse"],
        "backward_w_hh": state["lstm.weight_hh_l0_reverse"],
        "backward_b_ih": state["lstm.bias_ih_l0_reverse"],
        "backward_b_hh": state["lstm.bias_hh_l0_reverse"],
        "out_w": state["out.weight"],
        "out_b": state["out.bias"],
        "transitions": state["transitions"],
        "start": state["start"],
        "end": state["end"],
    }
    arrays.update({f"cluster_{k}": state[f"clusters.{k}.weight"] for k in range(len(GRANULARITIES))})
    meta = {"labels": LABELS, "words": words, "chars": chars}
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        (np.savez_compressed if compressed else np.savez)(out, **arrays)


def vocabularies(
    vectors_path: Path, sentences: Sequence[Sentence], vocabulary: int
) -> tuple[list[str], np.ndarray, list[str]]:
    """Words with their vectors (row 0: unknown), and the characters (0: padding, 1: unknown)."""
    from gensim.models import KeyedVectors

    vectors = KeyedVectors.load(str(vectors_path))
    seen = Counter(word_inputs(w)[k] for words, _ in sentences for w in words for k in (0, 1))
    keep = [w for w in vectors.index_to_key[:vocabulary]]
    kept = set(keep)
    keep.extend(sorted(w for w in seen if w in vectors.key_to_index and w not in kept))
    matrix = np.zeros((len(keep) + 1, vectors.vector_size), dtype=np.float32)
    matrix[1:] = np.stack([vectors[w] for w in keep])
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
    matrix = matrix.astype(np.float16).astype(np.float32)  # as shipped, so numpy and torch agree
    letters = Counter(c for words, _ in sentences for w in words for c in word_inputs(w)[2])
    chars = ["<pad>", "<unk>", *sorted(c for c, n in letters.items() if n >= 2)]
    return ["<unk>", *keep], matrix, chars


def batches(order: list[int], fit: Sequence[Sentence]) -> list[list[int]]:
    """Batches of BATCH sentences of similar lengths (little padding): the shuffled order is cut
    into chunks of 32 batches, each sorted by length and cut into batches; the batches are shuffled."""
    out: list[list[int]] = []
    chunk = 32 * BATCH
    for first in range(0, len(order), chunk):
        part = sorted(order[first : first + chunk], key=lambda i: len(fit[i][0]))
        out.extend(part[k : k + BATCH] for k in range(0, len(part), BATCH))
    random.shuffle(out)
    return out


def averaged(net: Net, states: Sequence[dict[str, torch.Tensor]]) -> Net:
    """`net` with the mean of `states` as its weights (itself when there is one state)."""
    if len(states) == 1:
        net.load_state_dict(states[0])
        return net
    net.load_state_dict({name: torch.stack([s[name] for s in states]).mean(dim=0) for name in states[0]})
    return net


def train(
    fit: Sequence[Sentence],
    epochs: int,
    seed: int,
    vectors: Path,
    settings: Settings,
    dev: Sequence[Sentence] = (),
    best_dev_model: Path | None = None,
    pseudo: Sequence[Sentence] = (),
    self_training: SelfTraining = SelfTraining(),
) -> tuple[Net, list[str], list[str], list[float]]:
    """A model trained on `fit` (and the `pseudo` sentences as `self_training` says) for `epochs`
    epochs; with `dev`, its F1 there after every epoch (and the best one exported to `best_dev_model`)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    every = [*fit, *pseudo]
    words, matrix, chars = vocabularies(vectors, every, settings.vocabulary)
    inputs = Inputs(words, chars, every)
    net = Net(matrix, len(chars), settings)
    tuned = [p for name, p in net.named_parameters() if name.startswith("tuned.")]
    rest = [p for name, p in net.named_parameters() if p.requires_grad and not name.startswith("tuned.")]
    optimizers: list[torch.optim.Optimizer] = [torch.optim.Adam(rest, lr=settings.lr)]
    if tuned:
        optimizers.append(torch.optim.SparseAdam(tuned, lr=settings.tune_words))
    gold_order = list(range(len(fit)))  # shuffled in place each gold-only epoch, as without pseudo sentences
    pseudo_ids = list(range(len(fit), len(every)))
    draw = self_training.per_epoch or len(pseudo_ids)
    weights = torch.tensor([1.0] * len(fit) + [self_training.weight] * len(pseudo_ids)) if pseudo_ids else None
    dev_f1: list[float] = []
    states: deque[dict[str, torch.Tensor]] = deque(maxlen=settings.average)
    for epoch in range(epochs):
        started = time.perf_counter()
        net.train()
        order = gold_order
        if pseudo_ids and epoch < epochs - self_training.gold_epochs:
            order = gold_order + random.sample(pseudo_ids, min(draw, len(pseudo_ids)))
        random.shuffle(order)
        total = 0.0
        for batch_ids in batches(order, every):
            batch = [every[i] for i in batch_ids]
            tokens, labels, mask, lengths = padded(inputs, batch)
            for optimizer in optimizers:
                optimizer.zero_grad()
            loss = net.loss(
                net.emissions(inputs, tokens, lengths), labels, mask, None if weights is None else weights[batch_ids]
            )
            (loss / len(batch)).backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(rest, 5.0)
            for optimizer in optimizers:
                optimizer.step()
            total += float(loss.detach())
        line = f"epoch {epoch + 1}: loss {total / len(order):.3f} ({time.perf_counter() - started:.0f} s)"
        states.append({name: value.detach().clone() for name, value in net.state_dict().items()})
        if dev:
            measured = averaged(Net(matrix, len(chars), settings), states).eval()
            f1 = score([t for _, t in dev], tag_with(measured, words, chars, dev))["ALL"]["f1"]
            if best_dev_model is not None and f1 > max(dev_f1, default=-1.0):
                export(measured, words, chars, best_dev_model)
            dev_f1.append(f1)
            line += f", dev F1 {f1}"
        print(line, flush=True)
    return averaged(net, states).eval(), words, chars, dev_f1


def exported(net: Net, words: list[str], chars: list[str]) -> NeuralTagger:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "model.npz"
        export(net, words, chars, path, compressed=False)
        return NeuralTagger(path)


def tag_with(net: Net, words: list[str], chars: list[str], sentences: Sequence[Sentence]) -> list[list[str]]:
    return exported(net, words, chars).tag_sentences([w for w, _ in sentences])


def measure(tagger: SentenceTagger, held_out: Sequence[Sentence]) -> dict[str, object]:
    gold = [tags for _, tags in held_out]
    predicted = tagger.tag_sentences([words for words, _ in held_out])
    return {
        "held_out": score(gold, predicted),
        "held_out_with_consistency_pass": score(gold, with_consistency(list(held_out), predicted)),
        "held_out_as_the_app_extracts": score(gold, end_to_end(tagger, list(held_out))),
    }


def trained_crf(sentences: Sequence[Sentence], target: Path) -> Tagger:
    """The feature CRF trained on `sentences` as scripts/train_ner.py trains the shipped one."""
    train_crf(list(sentences), target, CRF_ITERATIONS, CRF_C1, CRF_C2)
    return Tagger(target)


def crf_pseudo(pseudo: Sequence[Sentence], self_training: SelfTraining, seed: int) -> list[Sentence]:
    """The pseudo sentences the ensemble's CRF trains on as well (`crf_sentences` of them, drawn by `seed`)."""
    count = min(self_training.crf_sentences, len(pseudo))
    return [pseudo[i] for i in sorted(random.Random(seed).sample(range(len(pseudo)), count))]


def choose_crf_weight(neural: NeuralTagger, crf: Tagger, dev: Sequence[Sentence]) -> tuple[float, dict[str, float]]:
    """The CRF's weight in the ensemble with the best F1 on the dev part with the consistency pass
    (as `akhbar tag` and the app tag), and every weight's F1; the smaller weight wins a tie."""
    gold, words = [t for _, t in dev], [w for w, _ in dev]
    tried = {}
    for weight in CRF_WEIGHTS:
        predicted = with_consistency(list(dev), EnsembleTagger(neural, crf, weight).tag_sentences(words))
        tried[str(weight)] = score(gold, predicted)["ALL"]["f1"]
    print(f"dev F1 (with the consistency pass) by CRF weight: {tried}", flush=True)
    best = max(CRF_WEIGHTS, key=lambda w: (tried[str(w)], -w))
    return best, tried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "anercorp" / "train.txt")
    parser.add_argument("--vectors", type=Path, default=DEFAULT_VECTORS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=0, help="skip choosing the epoch count on the dev part")
    parser.add_argument("--max-epochs", type=int, default=30)
    parser.add_argument("--crf-weight", type=float, help="skip choosing the CRF's weight in the ensemble")
    parser.add_argument("--no-ship", action="store_true", help="measure only; leave the shipped model alone")
    parser.add_argument("--held-out-model", type=Path, help="also keep the model the held-out figures come from")
    parser.add_argument("--figures", type=Path, help="also write the held-out figures to this JSON file")
    parser.add_argument(
        "--ship-only", action="store_true", help="with --epochs: only train and export the shipped model"
    )
    parser.add_argument(
        "--held-out-figures",
        type=Path,
        help="with --ship-only: the held-out run's --figures file, shipped with the model",
    )
    parser.add_argument("--dev-only", action="store_true", help="stop after the dev run (for comparing settings)")
    parser.add_argument("--scratch", type=Path, help="keep the dev run's models (and the CRFs) in this folder")
    parser.add_argument(
        "--pseudo", type=Path, help="pseudo-labelled sentences (scripts/pseudo_label.py) to train on as well"
    )
    parser.add_argument("--pseudo-per-epoch", type=int, default=0, help="a fresh draw of this many each epoch (0: all)")
    parser.add_argument("--pseudo-weight", type=float, default=1.0, help="a pseudo sentence's loss weight")
    parser.add_argument("--gold-epochs", type=int, default=0, help="the last this many epochs on gold sentences only")
    parser.add_argument("--crf-pseudo", type=int, default=0, help="the measured CRF trains on this many pseudo too")
    defaults = Settings()
    for name, value in asdict(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    args = parser.parse_args()
    settings = Settings(**{name: getattr(args, name) for name in asdict(defaults)})
    print(f"settings: {settings}", flush=True)
    torch.set_num_threads(1)
    sentences = read_conll(args.data)
    pseudo = read_conll(args.pseudo) if args.pseudo else []
    self_training = SelfTraining(args.pseudo_per_epoch, args.pseudo_weight, args.gold_epochs, args.crf_pseudo)
    if pseudo and not (args.dev_only or args.ship_only or (args.epochs and args.crf_weight is not None)):
        parser.error("--pseudo: the dev run and the held-out run need their own teachers' files (run them apart)")
    if args.ship_only:
        if not args.epochs:
            parser.error("--ship-only needs --epochs (the count the held-out run chose)")
        figures = json.loads(args.held_out_figures.read_text(encoding="utf-8")) if args.held_out_figures else {}
        ship(sentences, args.epochs, args.seed, args.vectors, settings, figures, pseudo, self_training)
        return
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.scratch or Path(temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        result = held_out_run(args, settings, sentences, scratch, pseudo, self_training)
    print(json.dumps({k: v.get("ALL", v) if isinstance(v, dict) else v for k, v in result.items()}, indent=2))
    if args.figures is not None:
        args.figures.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.no_ship and not args.dev_only:
        epochs = int(result["epochs"])  # type: ignore[call-overload]
        ship(sentences, epochs, args.seed, args.vectors, settings, result, pseudo, self_training)


def held_out_run(
    args: argparse.Namespace,
    settings: Settings,
    sentences: Sequence[Sentence],
    scratch: Path,
    pseudo: Sequence[Sentence] = (),
    self_training: SelfTraining = SelfTraining(),
) -> dict[str, object]:
    """Choose the epochs and the CRF's weight on the dev part, then measure on the held-out part
    (with `pseudo`: the dev run or the held-out run, whichever this one is, trains on them too)."""
    cut = int(len(sentences) * 0.85)
    train_part, held_out = sentences[:cut], sentences[cut:]
    dev_cut = int(len(train_part) * 0.85)
    fit, dev = train_part[:dev_cut], train_part[dev_cut:]
    result: dict[str, object] = {
        "method": (
            "train on the first 85% of ANERcorp's training file's sentences, test on the last 15%; "
            "entity-level exact span and type; the epoch count and the CRF's weight in the ensemble "
            "chosen on the last 15% of the training part (models trained on the rest)"
        ),
        "train_sentences": len(train_part),
        "held_out_sentences": len(held_out),
        "seed": args.seed,
        "settings": asdict(settings),
    }
    if pseudo:
        result["self_training"] = {"pseudo": str(args.pseudo), "pseudo_sentences": len(pseudo), **asdict(self_training)}
    epochs, weight = args.epochs, args.crf_weight
    if not epochs or weight is None:
        dev_model = scratch / "neural_dev.npz"
        if not epochs:
            *_, dev_f1 = train(
                fit, args.max_epochs, args.seed, args.vectors, settings, dev, dev_model, pseudo, self_training
            )
            epochs = 1 + int(np.argmax(dev_f1))
            result["dev_f1_by_epoch"] = dev_f1
            print(f"chosen on the dev part: {epochs} epochs (dev F1 {max(dev_f1)})", flush=True)
        else:
            net, words, chars, _ = train(
                fit, epochs, args.seed, args.vectors, settings, pseudo=pseudo, self_training=self_training
            )
            export(net, words, chars, dev_model)
        if weight is None:
            crf = trained_crf([*fit, *crf_pseudo(pseudo, self_training, args.seed)], scratch / "crf_dev.crfsuite")
            weight, result["dev_f1_by_crf_weight"] = choose_crf_weight(NeuralTagger(dev_model), crf, dev)
            result["dev"] = {
                "neural": measure(NeuralTagger(dev_model), dev),
                "ensemble": measure(EnsembleTagger(NeuralTagger(dev_model), crf, weight), dev),
            }
    result["epochs"], result["crf_weight"] = epochs, weight
    if args.dev_only:
        return result
    started = time.perf_counter()
    net, words, chars, _ = train(
        train_part, epochs, args.seed, args.vectors, settings, pseudo=pseudo, self_training=self_training
    )
    result["train_seconds"] = round(time.perf_counter() - started, 1)
    neural = exported(net, words, chars)
    if args.held_out_model is not None:
        export(net, words, chars, args.held_out_model)
    result["neural"] = measure(neural, held_out)
    crf = trained_crf([*train_part, *crf_pseudo(pseudo, self_training, args.seed)], scratch / "crf_train_part.crfsuite")
    result["ensemble"] = measure(EnsembleTagger(neural, crf, weight), held_out)
    return result


def ship(
    sentences: Sequence[Sentence],
    epochs: int,
    seed: int,
    vectors: Path,
    settings: Settings,
    result: dict[str, object],
    pseudo: Sequence[Sentence] = (),
    self_training: SelfTraining = SelfTraining(),
) -> None:
    """Train on the whole file (and `pseudo`), export the model and write its figures and the
    ensemble's CRF weight (kept from an earlier held-out run when `result` is empty: with the same
    seed, epochs and pseudo sentences the model is the same). The shipped CRF (scripts/train_ner.py)
    is trained on the whole file too."""
    net, words, chars, _ = train(sentences, epochs, seed, vectors, settings, pseudo=pseudo, self_training=self_training)
    export(net, words, chars, NEURAL_MODEL_PATH)
    eval_path = NEURAL_MODEL_PATH.parent / "ner_neural_eval.json"
    if not result and eval_path.exists():
        result = json.loads(eval_path.read_text(encoding="utf-8"))
    result["shipped_epochs"] = epochs
    if pseudo:
        result["shipped_self_training"] = {"pseudo_sentences": len(pseudo), **asdict(self_training)}
    result["shipped_model_mb"] = round(NEURAL_MODEL_PATH.stat().st_size / 1e6, 1)
    result["shipped_vocabulary"] = len(words)
    eval_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if "crf_weight" in result:
        ENSEMBLE_PATH.write_text(json.dumps({"crf_weight": result["crf_weight"]}) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
