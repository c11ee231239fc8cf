"""Word clusters learned from unlabelled news: the tagger's distributional features.

Built by scripts/build_clusters.py (word2vec vectors of the bench archive, grouped by
k-means at three granularities) into corpus/data/clusters.tsv.gz: a word that never
occurs in the labelled training data still shares a cluster with names seen there.
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from corpus.entities.lexicons import DATA

__all__ = ["CLUSTERS_PATH", "GRANULARITIES", "word_clusters"]

CLUSTERS_PATH = DATA / "clusters.tsv.gz"
GRANULARITIES = (64, 256, 1024, 4096)
"""How many clusters each of the three groupings has, coarse to fine."""


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, ...]]:
    """Normalized word -> its cluster at each granularity (empty when the file is missing)."""
    if not CLUSTERS_PATH.exists():
        return {}
    table: dict[str, tuple[str, ...]] = {}
    with gzip.open(CLUSTERS_PATH, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            word, *numbers = line.rstrip("\n").split("\t")
            table[word] = tuple(numbers)
    return table
