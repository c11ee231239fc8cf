"""Train the skip-gram word vectors the neural tagger starts from; run while developing.

    python -m scripts.build_word_vectors [--bench ../shared/bench/news69k.jsonl.gz] [--seed 7]
                                         [--out /tmp/akhbar-ner/vectors.kv]

The same text and settings as scripts/build_clusters.py (every headline and body of the bench
archive and every sentence of ANERcorp's training file, split as the tagger splits them and
normalized; skip-gram, 100 dimensions, window 5, words seen at least 5 times, 5 epochs), with
one worker so that a seed gives the same vectors every time. The vectors are written outside
the repository (they are about 150 MB); scripts/train_neural_ner.py reads them and ships only
the rows of the words it keeps, inside the model file.

gensim is needed here only (the `train` extra), never at run time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from scripts.build_clusters import train_vectors

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_VECTORS = Path("/tmp/akhbar-ner/vectors.kv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "news69k.jsonl.gz")
    parser.add_argument("--anercorp", type=Path, default=ROOT.parent / "shared" / "data" / "anercorp" / "train.txt")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_VECTORS)
    args = parser.parse_args()
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model = train_vectors(args.bench, args.anercorp, 1, args.seed)
    model.wv.save(str(args.out))
    print(f"{args.out}: {len(model.wv)} words in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
