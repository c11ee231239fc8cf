"""Train the name tagger on ANERcorp and measure it on a held-out part; run while developing.

    python scripts/train_ner.py [--data ../shared/data/anercorp/train.txt] [--iterations 150]

Held-out measure: the last 15% of the file's sentences (a contiguous block, so repeated
articles rarely straddle the split) are kept out of training; the model trained on the
first 85% tags them, and entity-level precision, recall and F1 (seqeval style: a hit
needs the exact span and type) are computed per type and overall, without and with the
per-article consistency pass (applied over windows of 20 consecutive sentences, as
ANERcorp marks no article boundaries). The shipped model is then trained on all of it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pycrfsuite  # noqa: E402

from corpus.entities.extract import consistency_pass  # noqa: E402
from corpus.entities.tagger import MODEL_PATH, sentence_features  # noqa: E402

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if words:
                sentences.append((words, tags))
                words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        sentences.append((words, tags))
    return sentences


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type) from BIO tags; an I- without a B- starts an entity."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        inside = tag.startswith("I-") and tag[2:] == kind and start >= 0
        if not inside:
            if start >= 0:
                found.add((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (-1, "")
    return found


def score(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, dict[str, float]]:
    counts: dict[str, Counter[str]] = {}
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        g, p = spans(g_tags), spans(p_tags)
        for kind in {k for *_, k in g | p} | {"ALL"}:
            c = counts.setdefault(kind, Counter())
            gk = {s for s in g if kind in ("ALL", s[2])}
            pk = {s for s in p if kind in ("ALL", s[2])}
            c["tp"] += len(gk & pk)
            c["fp"] += len(pk - gk)
            c["fn"] += len(gk - pk)
    report: dict[str, dict[str, float]] = {}
    for kind, c in sorted(counts.items()):
        precision = c["tp"] / max(1, c["tp"] + c["fp"])
        recall = c["tp"] / max(1, c["tp"] + c["fn"])
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        report[kind] = {
            "precision": round(100 * precision, 1),
            "recall": round(100 * recall, 1),
            "f1": round(100 * f1, 1),
            "support": c["tp"] + c["fn"],
        }
    return report


def train(sentences: list[Sentence], target: Path, iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(sentence_features(words), tags)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(target))


def tag_all(model: Path, sentences: list[Sentence]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return [list(tagger.tag(sentence_features(words))) for words, _ in sentences]


def with_consistency(sentences: list[Sentence], predicted: list[list[str]], window: int = 20) -> list[list[str]]:
    out: list[list[str]] = []
    for start in range(0, len(sentences), window):
        block = [words for words, _ in sentences[start : start + window]]
        out.extend(consistency_pass(block, predicted[start : start + window]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "anercorp" / "train.txt")
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args()
    sentences = read_conll(args.data)
    cut = int(len(sentences) * 0.85)
    train_part, held_out = sentences[:cut], sentences[cut:]
    scratch = MODEL_PATH.with_suffix(".heldout.tmp")
    started = time.perf_counter()
    train(train_part, scratch, args.iterations)
    trained = time.perf_counter() - started
    gold = [tags for _, tags in held_out]
    predicted = tag_all(scratch, held_out)
    plain = score(gold, predicted)
    consistent = score(gold, with_consistency(held_out, predicted))
    scratch.unlink()
    train(sentences, MODEL_PATH, args.iterations)
    result = {
        "method": (
            "train on the first 85% of ANERcorp's training file's sentences, test on the last 15%; "
            "entity-level exact span and type"
        ),
        "train_sentences": len(train_part),
        "held_out_sentences": len(held_out),
        "iterations": args.iterations,
        "train_seconds": round(trained, 1),
        "held_out": plain,
        "held_out_with_consistency_pass": consistent,
    }
    (MODEL_PATH.parent / "ner_eval.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
