"""Train the name tagger on ANERcorp and measure it on a held-out part; run while developing.

    python -m scripts.train_ner [--data ../shared/data/anercorp/train.txt] [--iterations 150]
                                [--c1 0.05 --c2 0.01 | --search]

Held-out measure: the last 15% of the file's sentences (a contiguous block, so repeated
articles rarely straddle the split) are kept out of training; the model trained on the
first 85% tags them, and entity-level precision, recall and F1 (seqeval style: a hit
needs the exact span and type) are computed per type and overall, without and with the
per-article consistency pass (applied over windows of 20 consecutive sentences, as
ANERcorp marks no article boundaries), and end to end: the held-out words joined into
text, 20 sentences an "article", through `article_mentions` (rules, tagger, consistency
pass, span cuts at punctuation) exactly as the app extracts, mentions mapped back to words.

--search picks the L1/L2 regularisation (c1, c2) on a dev part cut from the end of the
training part (never on the held-out part), then measures as above. The shipped model is
then trained on all of the file with the chosen settings.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from corpus.entities.crf import export_weights
from corpus.entities.extract import consistency_pass, tag_words
from corpus.entities.tagger import MODEL_PATH, SentenceTagger, Tagger, sentence_features

ROOT = Path(__file__).resolve().parent.parent

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


def train(sentences: list[Sentence], target: Path, iterations: int, c1: float, c2: float) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(sentence_features(words), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(target))


def tag_all(model: Path, sentences: list[Sentence]) -> list[list[str]]:
    """Tags from crfsuite itself, checked against the app's numpy inference (they must agree)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    reference = [list(tagger.tag(sentence_features(words))) for words, _ in sentences]
    fast = Tagger(model).tag_sentences([words for words, _ in sentences])
    differing = sum(a != b for a, b in zip(reference, fast, strict=True))
    if differing:
        print(f"warning: numpy inference differs from crfsuite on {differing} sentences", file=sys.stderr)
    return reference


def end_to_end(tagger: SentenceTagger, sentences: list[Sentence], window: int = 20) -> list[list[str]]:
    """Tags of every word as the app extracts them (`tag_words`, as `akhbar tag` prints them),
    `window` sentences an article."""
    articles = [[words for words, _ in sentences[i : i + window]] for i in range(0, len(sentences), window)]
    return [tags for article in tag_words(articles, tagger) for tags in article]


def choose_regularisation(train_part: list[Sentence], iterations: int) -> tuple[float, float]:
    """The (c1, c2) with the best F1 on the last 15% of the training part."""
    cut = int(len(train_part) * 0.85)
    fit, dev = train_part[:cut], train_part[cut:]
    scratch = MODEL_PATH.with_suffix(".dev.tmp")
    best = (0.0, 0.05, 0.01)
    for c1 in (0.0, 0.02, 0.05, 0.1):
        for c2 in (0.001, 0.01, 0.05):
            train(fit, scratch, iterations, c1, c2)
            f1 = score([t for _, t in dev], tag_all(scratch, dev))["ALL"]["f1"]
            print(f"c1={c1} c2={c2}: dev F1 {f1}", flush=True)
            best = max(best, (f1, c1, c2))
    scratch.unlink()
    return best[1], best[2]


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
    parser.add_argument("--c1", type=float, default=0.01)  # see the README: L1 keeps the model at 3 MB
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--search", action="store_true", help="choose c1 and c2 on a dev part of the training part")
    parser.add_argument("--no-ship", action="store_true", help="measure only; leave the shipped model alone")
    args = parser.parse_args()
    sentences = read_conll(args.data)
    cut = int(len(sentences) * 0.85)
    train_part, held_out = sentences[:cut], sentences[cut:]
    c1, c2 = choose_regularisation(train_part, args.iterations) if args.search else (args.c1, args.c2)
    scratch = MODEL_PATH.with_suffix(".heldout.tmp")
    started = time.perf_counter()
    train(train_part, scratch, args.iterations, c1, c2)
    trained = time.perf_counter() - started
    gold = [tags for _, tags in held_out]
    predicted = tag_all(scratch, held_out)
    plain = score(gold, predicted)
    consistent = score(gold, with_consistency(held_out, predicted))
    app = score(gold, end_to_end(Tagger(scratch), held_out))
    model_mb = round(scratch.stat().st_size / 1e6, 1)
    scratch.unlink()
    if not args.no_ship:
        train(sentences, MODEL_PATH, args.iterations, c1, c2)
        export_weights(MODEL_PATH)  # read by the app in milliseconds instead of parsed by crfsuite
    result = {
        "method": (
            "train on the first 85% of ANERcorp's training file's sentences, test on the last 15%; "
            "entity-level exact span and type"
        ),
        "train_sentences": len(train_part),
        "held_out_sentences": len(held_out),
        "iterations": args.iterations,
        "c1": c1,
        "c2": c2,
        "held_out_model_mb": model_mb,
        "train_seconds": round(trained, 1),
        "held_out": plain,
        "held_out_with_consistency_pass": consistent,
        "held_out_as_the_app_extracts": app,
    }
    print(json.dumps({k: v.get("ALL", v) if isinstance(v, dict) else v for k, v in result.items()}, indent=2))
    if args.no_ship:
        return
    (MODEL_PATH.parent / "ner_eval.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
