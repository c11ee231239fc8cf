"""Build the tagger's word clusters (corpus/data/clusters.tsv.gz) from unlabelled news; run while developing.

    python -m scripts.build_clusters [--bench ../shared/bench/news69k.jsonl.gz] [--seed 7]

Method: every headline and body of the bench archive (and the words of ANERcorp's training
file) are split into words the way the tagger splits them and normalized; gensim trains
skip-gram word2vec vectors on them (100 dimensions, window 5, words seen at least 5 times,
5 epochs; with --workers 1 a seed gives the same vectors every time); k-means
(scikit-learn) groups the vectors of the words seen at least MIN_SHIPPED times into 64, 256,
1024 and 4096 clusters. The file ships one line a word: the normalized word, then its four
cluster numbers. No bench text is shipped: only words frequent enough to be vocabulary,
each with four small numbers. Skip-gram with four granularities measured 1 F1 point above
CBOW with three (64/256/1024) on the held-out split of scripts/train_ner.py.

gensim and scikit-learn are needed here only (pip install gensim scikit-learn), never at run time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from gensim.models import Word2Vec
from sklearn.cluster import KMeans

from corpus.entities.clusters import CLUSTERS_PATH, GRANULARITIES
from corpus.entities.extract import sentence_words
from corpus.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent

MIN_SHIPPED = 8
"""A word must occur this often in the training text to be shipped with its clusters."""


def _record_lines(line: str) -> str:
    """One bench record as normalized sentences, one a line, words separated by spaces."""
    record = json.loads(line)
    out: list[str] = []
    for text in (record.get("title") or "", record.get("text") or ""):
        out.extend(" ".join(normalize(w) for w in words) + "\n" for words in sentence_words(text))
    return "".join(out)


def _anercorp_sentences(path: Path) -> Iterator[str]:
    words: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) >= 2:
            words.append(normalize(parts[0]))
        elif words:
            yield " ".join(words) + "\n"
            words = []


def write_sentences(bench: Path, anercorp: Path, target: Path, workers: int) -> None:
    """The training text: every sentence of the bench archive and of ANERcorp, normalized."""
    with gzip.open(bench, "rt", encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        with Pool(workers) as pool:
            for chunk in pool.imap(_record_lines, lines, chunksize=200):
                out.write(chunk)
        out.writelines(_anercorp_sentences(anercorp))


def train_vectors(bench: Path, anercorp: Path, workers: int, seed: int) -> Word2Vec:
    """Skip-gram vectors (100 dimensions, window 5, words seen 5 times, 5 epochs) of the bench's
    headlines and bodies and ANERcorp's sentences, split as the tagger splits them."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        sentences = Path(scratch) / "sentences.txt"
        write_sentences(bench, anercorp, sentences, workers)
        print(f"sentences written in {time.perf_counter() - started:.0f} s", flush=True)
        return Word2Vec(
            corpus_file=str(sentences),
            vector_size=100,
            window=5,
            min_count=5,
            sg=1,
            epochs=5,
            workers=workers,
            seed=seed,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "news69k.jsonl.gz")
    parser.add_argument("--anercorp", type=Path, default=ROOT.parent / "shared" / "data" / "anercorp" / "train.txt")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    model = train_vectors(args.bench, args.anercorp, args.workers, args.seed)
    print(f"word2vec: {len(model.wv)} words in {time.perf_counter() - started:.0f} s", flush=True)
    words = [w for w in model.wv.index_to_key if model.wv.get_vecattr(w, "count") >= MIN_SHIPPED]
    vectors = np.stack([model.wv[w] for w in words])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    columns = []
    for k in GRANULARITIES:
        kmeans = KMeans(n_clusters=k, n_init=1, max_iter=60, random_state=args.seed)
        columns.append(kmeans.fit_predict(vectors))
        print(f"k-means {k}: done at {time.perf_counter() - started:.0f} s", flush=True)
    CLUSTERS_PATH.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(CLUSTERS_PATH, "wt", encoding="utf-8", compresslevel=9) as out:
        sizes = " ".join(map(str, GRANULARITIES))
        out.write(f"# word clusters: {len(words)} words, k = {sizes}; scripts/build_clusters.py\n")
        for i, word in enumerate(words):
            out.write(word + "\t" + "\t".join(str(int(c[i])) for c in columns) + "\n")
    print(f"{CLUSTERS_PATH}: {len(words)} words, {CLUSTERS_PATH.stat().st_size / 1e6:.2f} MB", flush=True)


if __name__ == "__main__":
    main()
