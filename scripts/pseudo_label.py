"""Pseudo-label unlabelled news with a teacher ensemble, for self-training the neural tagger.

    python -m scripts.pseudo_label --bench /tmp/akhbar-bench/news69k --out /tmp/pseudo.conll
                                   --neural MODEL.npz --crf MODEL.crfsuite --crf-weight W
                                   [--seed 1] [--articles 4000] [--min-prob 0.9]
                                   [--empty-share 0.25] [--min-tokens 5 --max-tokens 80]

The teacher is an ensemble (corpus/entities/ensemble.py) of the models given: for an honest
measure it must be trained on the student's gold sentences only (the dev run's teacher on the
dev run's training sentences, the held-out run's on the training part; see
scripts/train_neural_ner.py --pseudo). `--articles` of the bench folder's .txt files (sorted by
name, drawn by `--seed`: the same command writes the same file) are cut into sentences and tokens
as the app tags them (`tagger_tokens`: punctuation marks as tokens, as ANERcorp has them). Every
sentence is tagged with each token's label probabilities (forward-backward over the summed
scores); the tags are then mended per article by the consistency pass, as the app does. A
sentence is kept when the teacher's probability of its own tag is at least `--min-prob` at every
token and the consistency pass changed none of its tags; sentences naming nothing are then cut
(the first ones of the shuffled order kept) to at most `--empty-share` of those kept (ANERcorp: a
quarter of its sentences name nothing). Written as CoNLL (word, tag; a blank line between
sentences), in the drawn articles' order; the bench's text stays outside the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from corpus.entities.ensemble import EnsembleTagger
from corpus.entities.extract import consistency_pass, tagger_tokens
from corpus.entities.neural import NeuralTagger
from corpus.entities.tagger import Tagger

Labelled = tuple[list[str], list[str]]


def drawn_articles(bench: Path, count: int, seed: int) -> list[Path]:
    """`count` of the folder's .txt files, drawn by `seed` from the files sorted by name."""
    files = sorted(bench.glob("*.txt"))
    return random.Random(seed).sample(files, min(count, len(files)))


def confident_sentences(
    articles: list[list[list[str]]], teacher: EnsembleTagger, min_prob: float
) -> tuple[list[Labelled], Counter[str]]:
    """The sentences the teacher tags surely (every token's own tag at least `min_prob`, none
    changed by the consistency pass), and counts of why the others were left out."""
    flat = [sentence for article in articles for sentence in article]
    tags, probabilities = teacher.tag_sentences_scored(flat)
    index = {label: i for i, label in enumerate(teacher.labels)}
    kept: list[Labelled] = []
    counts: Counter[str] = Counter()
    first = 0
    for article in articles:
        raw = tags[first : first + len(article)]
        mended = consistency_pass(article, raw)
        for k, words in enumerate(article):
            chances = probabilities[first + k]
            own = chances[np.arange(len(words)), [index[t] for t in raw[k]]]
            if float(own.min()) < min_prob:
                counts["unsure"] += 1
            elif mended[k] != raw[k]:
                counts["mended"] += 1
            else:
                kept.append((words, raw[k]))
        first += len(article)
    return kept, counts


def balanced(sentences: list[Labelled], empty_share: float, seed: int) -> list[Labelled]:
    """The sentences with at most `empty_share` of them naming nothing (a seeded random choice of
    those), in their order."""
    named = [i for i, (_, tags) in enumerate(sentences) if any(t != "O" for t in tags)]
    empty = [i for i, (_, tags) in enumerate(sentences) if all(t == "O" for t in tags)]
    room = int(len(named) * empty_share / (1 - empty_share)) if empty_share < 1 else len(empty)
    random.Random(seed).shuffle(empty)
    keep = sorted(named + empty[:room])
    return [sentences[i] for i in keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path("/tmp/akhbar-bench/news69k"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--neural", type=Path, required=True, help="the teacher's neural model (.npz)")
    parser.add_argument("--crf", type=Path, required=True, help="the teacher's feature CRF (.crfsuite)")
    parser.add_argument("--crf-weight", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--min-prob", type=float, default=0.9)
    parser.add_argument("--empty-share", type=float, default=0.25)
    parser.add_argument("--min-tokens", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=80)
    args = parser.parse_args()
    started = time.perf_counter()
    teacher = EnsembleTagger(NeuralTagger(args.neural), Tagger(args.crf), args.crf_weight)
    articles: list[list[list[str]]] = []
    for path in drawn_articles(args.bench, args.articles, args.seed):
        sentences = tagger_tokens(path.read_text(encoding="utf-8", errors="replace"))
        sentences = [s for s in sentences if args.min_tokens <= len(s) <= args.max_tokens]
        if sentences:
            articles.append(sentences)
    kept, counts = confident_sentences(articles, teacher, args.min_prob)
    written = balanced(kept, args.empty_share, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for words, tags in written:
            out.writelines(f"{w} {t}\n" for w, t in zip(words, tags, strict=True))
            out.write("\n")
    names = Counter(t[2:] for _, tags in written for t in tags if t.startswith("B-"))
    report = {
        "articles": len(articles),
        "sentences": sum(len(a) for a in articles),
        **counts,
        "confident": len(kept),
        "written": len(written),
        "naming_nothing": sum(all(t == "O" for t in tags) for _, tags in written),
        "names": dict(names.most_common()),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
