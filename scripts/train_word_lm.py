"""Train the word language models whose states the neural name tagger reads (TagLM-style
context), on the bench's news, with PyTorch; run while developing.

    python -m scripts.train_word_lm [--bench ../shared/bench/news69k.jsonl.gz]
                                    [--vectors /tmp/akhbar-ner/vectors.kv] [--out /tmp/akhbar-ner/lm.pt]
                                    [--hidden 96] [--tokens 12000000] [--seed 1]

Two LSTMs over the tokens the tagger reads (`tagger_tokens` of every headline and body of the
bench archive, sentence by sentence): one reads a sentence left to right and predicts each next
token, the other right to left and predicts each previous one. A token's input is its skip-gram
vector (scripts/build_word_vectors.py, frozen, normalized and rounded to float16 as the tagger
ships it; a form not in the vectors is looked up by its stem, else zero) and a trained
16-dimension embedding of its form among the `--vocabulary` commonest forms (row 0: any other
form). The predicted token is its form among the same forms (an adaptive softmax; the others
one class). One pass over the first `--tokens` tokens of the shuffled sentences, batches of
64 sentences of similar lengths, Adam (lr 0.002), dropout 0.1 on the inputs, gradients clipped
at 1. The softmax is not kept: scripts/train_neural_ner.py `--lm FILE` reads the LSTMs and
the form table, frozen, and ships them inside the tagger's model. Written outside the
repository; the bench's text never enters it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import torch
from torch import nn

from corpus.entities.extract import tagger_tokens
from corpus.entities.neural import word_inputs

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LM = Path("/tmp/akhbar-ner/lm.pt")
FORM_DIM = 16
BATCH = 64


def _record_sentences(line: str) -> list[list[str]]:
    record = json.loads(line)
    out: list[list[str]] = []
    for text in (record.get("title") or "", record.get("text") or ""):
        out.extend(s for s in tagger_tokens(text) if len(s) >= 3)
    return out


def _forms(words: list[str]) -> list[tuple[str, str]]:
    return [word_inputs(w)[:2] for w in words]


def read_bench(bench: Path, workers: int) -> tuple[list[str], list[np.ndarray]]:
    """Every distinct token of the bench's sentences and each sentence as token ids."""
    types: dict[str, int] = {}
    sentences: list[np.ndarray] = []
    with gzip.open(bench, "rt", encoding="utf-8") as lines, Pool(workers) as pool:
        for article in pool.imap(_record_sentences, lines, chunksize=100):
            for words in article:
                sentences.append(np.array([types.setdefault(w, len(types)) for w in words], dtype=np.int32))
    return list(types), sentences


class LanguageModels(nn.Module):
    """The forward and backward word LSTMs (the parts the tagger keeps) and their softmaxes."""

    def __init__(self, vectors: np.ndarray, forms: int, hidden: int) -> None:
        super().__init__()
        self.vectors = nn.Embedding.from_pretrained(torch.tensor(vectors), freeze=True)  # type: ignore[no-untyped-call]
        self.form = nn.Embedding(forms, FORM_DIM)
        self.dropout = nn.Dropout(0.1)
        size = vectors.shape[1] + FORM_DIM
        self.forward_lstm = nn.LSTM(size, hidden, batch_first=True)
        self.backward_lstm = nn.LSTM(size, hidden, batch_first=True)
        cutoffs = [c for c in (2000, 10000) if c < forms - 1] or [forms // 2]
        self.forward_out = nn.AdaptiveLogSoftmaxWithLoss(hidden, forms, cutoffs, div_value=4.0)
        self.backward_out = nn.AdaptiveLogSoftmaxWithLoss(hidden, forms, cutoffs, div_value=4.0)

    def inputs(self, rows: torch.Tensor, forms: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.vectors(rows), self.form(forms)], dim=-1)

    def loss(self, rows: torch.Tensor, forms: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, int]:
        """The summed negative log-likelihood of both directions' predictions, and how many there were."""
        x = self.dropout(self.inputs(rows, forms))
        longest = rows.shape[1]
        mask = torch.arange(longest)[None, :] < lengths[:, None]
        forward, _ = self.forward_lstm(x)
        # backward: each sentence reversed within its own length
        positions = (lengths[:, None] - 1 - torch.arange(longest)[None, :]).clamp(min=0)
        flipped = x.gather(1, positions[..., None].expand_as(x))
        backward, _ = self.backward_lstm(flipped)
        flipped_forms = forms.gather(1, positions)
        pairs = mask[:, 1:]
        total = torch.zeros(())
        for states, targets, out in (
            (forward, forms, self.forward_out),
            (backward, flipped_forms, self.backward_out),
        ):
            total = total - out(states[:, :-1][pairs], targets[:, 1:][pairs]).output.sum()
        return total, 2 * int(pairs.sum())


def word_table(vectors_path: Path, types: list[str], vocabulary: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each type's vector row and form id, the vector matrix (row 0 zero) and the kept forms."""
    from gensim.models import KeyedVectors

    kv = KeyedVectors.load(str(vectors_path))
    matrix = np.zeros((len(kv.index_to_key) + 1, kv.vector_size), dtype=np.float32)
    matrix[1:] = kv.vectors
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
    matrix = matrix.astype(np.float16).astype(np.float32)  # as the tagger ships its vectors
    chunks = [types[i : i + 5000] for i in range(0, len(types), 5000)]
    with Pool(2) as pool:
        forms = [f for chunk in pool.imap(_forms, chunks) for f in chunk]
    index = kv.key_to_index
    rows = np.array([1 + index.get(form, index.get(stem, -1)) for form, stem in forms], dtype=np.int64)
    return rows, matrix, [form for form, _ in forms]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "news69k.jsonl.gz")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/akhbar-ner/vectors.kv"))
    parser.add_argument("--out", type=Path, default=DEFAULT_LM)
    parser.add_argument("--hidden", type=int, default=96)
    parser.add_argument("--vocabulary", type=int, default=30_000)
    parser.add_argument("--tokens", type=int, default=12_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    types, sentences = read_bench(args.bench, 2)
    print(
        f"{len(sentences)} sentences, {sum(map(len, sentences))} tokens, {len(types)} types "
        f"read in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    rows, matrix, type_forms = word_table(args.vectors, types, args.vocabulary)
    counts: Counter[int] = Counter()
    for s in sentences:
        counts.update(s.tolist())
    form_counts: Counter[str] = Counter()
    for t, n in counts.items():
        form_counts[type_forms[t]] += n
    kept = [f for f, _ in form_counts.most_common(args.vocabulary)]
    form_id = {f: i + 1 for i, f in enumerate(kept)}
    type_form = np.array([form_id.get(f, 0) for f in type_forms], dtype=np.int64)
    print(
        f"vectors for {(rows > 0).mean():.1%} of types; forms kept {len(kept)} ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    model = LanguageModels(matrix, len(kept) + 1, args.hidden)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trained, lr=0.002)
    random.shuffle(sentences)
    chosen, total = [], 0
    for s in sentences:
        if total >= args.tokens:
            break
        chosen.append(s[:80])
        total += len(chosen[-1])
    order = sorted(range(len(chosen)), key=lambda i: len(chosen[i]))
    batches = [order[k : k + BATCH] for k in range(0, len(order), BATCH)]
    random.shuffle(batches)
    model.train()
    seen, loss_sum, count_sum, clock = 0, 0.0, 0, time.perf_counter()
    for number, batch in enumerate(batches, 1):
        longest = max(len(chosen[i]) for i in batch)
        ids = np.zeros((len(batch), longest), dtype=np.int64)
        for k, i in enumerate(batch):
            ids[k, : len(chosen[i])] = chosen[i]
        lengths = torch.tensor([len(chosen[i]) for i in batch])
        ids_t = torch.from_numpy(ids)
        optimizer.zero_grad()
        loss, count = model.loss(torch.from_numpy(rows)[ids_t], torch.from_numpy(type_form)[ids_t], lengths)
        (loss / count).backward()  # type: ignore[no-untyped-call]
        nn.utils.clip_grad_norm_(trained, 1.0)
        optimizer.step()
        seen += int(lengths.sum())
        loss_sum, count_sum = loss_sum + float(loss), count_sum + count
        if number % 200 == 0 or number == len(batches):
            rate = seen / (time.perf_counter() - clock)
            print(
                f"batch {number}/{len(batches)}: {seen} tokens, perplexity {np.exp(loss_sum / count_sum):.1f}, "
                f"{rate:.0f} tokens/s",
                flush=True,
            )
            loss_sum, count_sum = 0.0, 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "forms": kept,
            "hidden": args.hidden,
            "state": {k: v for k, v in model.state_dict().items() if not k.startswith("vectors.")},
        },
        args.out,
    )
    print(f"{args.out} written ({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
