"""Articles joined into stories: reprints first, then mutual near neighbours, merged one
link at a time from the closest, each merge checked against the whole of both stories.

A story is not "everything mentioning Trump": a chain of links (a to b, b to c, …) can walk
from one event to another through a shared word. Five guards stop it:
- a text link counts only between mutual near neighbours (each among the other's nearest,
  similarity.NEIGHBOURS) at LINK_COSINE, or at STRONG_COSINE from one end;
- two stories merge only when their centroids (the sum of their articles' vectors) have a
  cosine of CENTROID_COSINE: a long chain's ends pull its centroid apart, and an article
  that shares one word with one member is far from the centroid of all of them;
- a story spans at most MAX_SPAN_DAYS from its first article to its last;
- a story's centroid drifts to what a week's news of a place has in common as it grows (the
  liberation of Aden and every Yemen item of that week; a Chechen president's Umrah and every
  Saudi item), so the cosine two stories need grows with their size past BIG_STORY
  (needed_cosine), and past it each must be near the other's seed too (SEED_COSINE).
Reprints (corpus.stories.reprints) are the same text: they join whatever the centroid says,
within the span.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from corpus.sorted_sets import stable_order
from corpus.stories.similarity import Neighbours

if TYPE_CHECKING:
    import scipy.sparse as sparse

__all__ = ["CENTROID_COSINE", "LINK_COSINE", "MAX_SPAN_DAYS", "STRONG_COSINE", "join_stories", "needed_cosine"]

LINK_COSINE = 0.2
STRONG_COSINE = 0.45
CENTROID_COSINE = 0.2
MAX_SPAN_DAYS = 7
BIG_STORY = 16
GROWTH_STEP = 0.1
MOST_NEEDED = 0.5
SEED_COSINE = 0.25
"""The cosine a story joining another must have with the other's seed (its first two articles
by date when it first took in another, or when a grouping carried from an earlier one first
asks) as well as with its centroid, once together they pass BIG_STORY: a chain of a week's
accident reports (حادث، وفاة، الهلال الأحمر) had grown from a camel crash in Jazan (12
articles) to 67, with crashes in five other cities."""


def needed_cosine(size: int) -> float:
    """The centroid cosine two stories of `size` articles together need to merge: CENTROID_COSINE,
    GROWTH_STEP more each time the size doubles past BIG_STORY, at most MOST_NEEDED."""
    return min(MOST_NEEDED, CENTROID_COSINE + GROWTH_STEP * math.log2(max(1.0, size / BIG_STORY)))


class _Stories:
    """Union-find over articles, each root holding its story's span and centroid. The stories
    given (`labels`) are read in numpy: only those a link touches become Python lists."""

    def __init__(self, labels: np.ndarray, days: np.ndarray, vectors: sparse.csr_matrix) -> None:
        count = len(labels)
        self.vectors = vectors
        # each article points at the first article of its label; the runs of one label in order
        order = stable_order(labels)
        ordered = labels[order]
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]])) if count else order[:0]
        lengths = np.diff(np.append(starts, count))
        roots = order[starts]
        self.parent = np.empty(count, dtype=np.int64)
        self.parent[order] = np.repeat(roots, lengths)
        self._order = order
        self._start = np.zeros(count, dtype=np.int64)
        self._start[roots] = starts
        self._size = np.ones(count, dtype=np.int64)
        self._size[roots] = lengths
        self.members: dict[int, list[int]] = {}
        """The articles of the stories joined here (the others' are read from the runs)."""
        dated = np.where(days >= 0, days, np.iinfo(np.int64).max)
        undated = np.where(days >= 0, days, np.iinfo(np.int64).min)
        self.first, self.last = dated.copy(), undated.copy()
        if count:
            self.first[roots] = np.minimum.reduceat(dated[order], starts)
            self.last[roots] = np.maximum.reduceat(undated[order], starts)
        self.sums: dict[int, dict[int, float]] = {}
        self.norms: dict[int, float] = {}
        self.days = dated
        self.seeds: dict[int, list[int]] = {}
        """A story's root → its seed (see SEED_COSINE), kept when it first takes in another."""
        self._seed_vectors: dict[int, tuple[dict[int, float], float]] = {}

    def docs(self, root: int) -> list[int]:
        """The articles of the story whose root is `root`."""
        found = self.members.get(root)
        if found is not None:
            return found
        if self._size[root] == 1:
            return [root]
        start = int(self._start[root])
        docs: list[int] = self._order[start : start + int(self._size[root])].tolist()
        return docs

    def find(self, doc: int) -> int:
        parent = self.parent
        root = doc
        while parent[root] != root:
            root = int(parent[root])
        while parent[doc] != root:
            parent[doc], doc = root, int(parent[doc])
        return root

    def span_after(self, a: int, b: int) -> int:
        first, last = min(self.first[a], self.first[b]), max(self.last[a], self.last[b])
        return 0 if last < first else int(last - first)

    def centroid(self, root: int) -> dict[int, float]:
        """The sum of the story's article vectors (made when first asked for)."""
        total = self.sums.get(root)
        if total is None:
            total = self.sums[root] = self._summed(self.docs(root))
            self.norms[root] = sum(w * w for w in total.values())
        return total

    def _summed(self, docs: list[int]) -> dict[int, float]:
        """The sum of the articles' vectors, as a dictionary of terms."""
        total: dict[int, float] = {}
        matrix = self.vectors
        for doc in docs:
            start, end = matrix.indptr[doc], matrix.indptr[doc + 1]
            for term, weight in zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True):
                total[term] = total.get(term, 0.0) + weight
        return total

    def centroid_cosine(self, a: int, b: int) -> float:
        return _cosine(self.centroid(a), self.norms[a], self.centroid(b), self.norms[b])

    def _seed_vector(self, root: int) -> tuple[dict[int, float], float]:
        """The summed vector of the story's seed and its squared norm (made when first asked for:
        only stories past BIG_STORY are asked)."""
        found = self._seed_vectors.get(root)
        if found is None:
            total = self._summed(self.seeds.get(root) or self._first_two(root))
            found = self._seed_vectors[root] = (total, sum(w * w for w in total.values()))
        return found

    def _first_two(self, root: int) -> list[int]:
        """A story's seed: its two first articles by date (then by number), as it is now; the
        same for a story grouped here and one carried from an earlier grouping (`labels`)."""
        return sorted(self.docs(root), key=lambda doc: (int(self.days[doc]), doc))[:2]

    def fits_seed(self, a: int, b: int) -> bool:
        """Whether each story (of two articles or more) is near the other's seed (SEED_COSINE)."""
        for seeded, other in ((a, b), (b, a)):
            if self.size(seeded) < 2:
                continue
            seed, seed_norm = self._seed_vector(seeded)
            if _cosine(seed, seed_norm, self.centroid(other), self.norms[other]) < SEED_COSINE:
                return False
        return True

    def size(self, root: int) -> int:
        return int(self._size[root])

    def union(self, a: int, b: int) -> None:
        """Merge story b into story a (both roots); the larger keeps its root."""
        if self._size[a] < self._size[b]:
            a, b = b, a
        if self._size[a] >= 2 and a not in self.seeds:
            self.seeds[a] = self._first_two(a)  # the larger keeps the articles it began with
        self.parent[b] = a
        self.seeds.pop(b, None)
        self._seed_vectors.pop(b, None)
        joined = self.members.get(a)
        if joined is None:
            joined = self.members[a] = self.docs(a)
        joined.extend(self.docs(b))
        self.members.pop(b, None)
        self._size[a] += self._size[b]
        self.first[a], self.last[a] = min(self.first[a], self.first[b]), max(self.last[a], self.last[b])
        if a in self.sums and b in self.sums:
            left, right = self.sums[a], self.sums.pop(b)
            dot = sum(weight * left.get(term, 0.0) for term, weight in right.items())
            for term, weight in right.items():
                left[term] = left.get(term, 0.0) + weight
            self.norms[a] = self.norms[a] + self.norms.pop(b) + 2 * dot
        else:
            self.sums.pop(a, None), self.norms.pop(a, None)
            self.sums.pop(b, None), self.norms.pop(b, None)

    def labels(self) -> np.ndarray:
        """Each article's root, found for all at once (each pointer replaced by its
        pointer's until none moves)."""
        roots = self.parent.copy()
        while True:
            further = roots[roots]
            if bool((further == roots).all()):
                return roots
            roots = further


def _cosine(left: dict[int, float], left_norm: float, right: dict[int, float], right_norm: float) -> float:
    """The cosine of two summed vectors given with their squared norms (0 when either is empty)."""
    if len(left) > len(right):
        left, right = right, left
    dot = sum(weight * right.get(term, 0.0) for term, weight in left.items())
    norms = left_norm * right_norm
    return dot / norms**0.5 if norms > 0 else 0.0


def _in_runs(pairs: np.ndarray, chosen: np.ndarray | None, run: int = 1 << 16) -> Iterator[list[int]]:
    """The pairs (those at `chosen`, in its order, when given) as lists of two ints, made a run at
    a time: millions of pairs made into Python lists at once took over a gigabyte."""
    for start in range(0, len(pairs) if chosen is None else len(chosen), run):
        part = pairs[start : start + run] if chosen is None else pairs[chosen[start : start + run]]
        yield from part.tolist()


def join_stories(
    labels: np.ndarray,
    days: np.ndarray,
    vectors: sparse.csr_matrix,
    reprints: np.ndarray,
    near: Neighbours,
) -> np.ndarray:
    """Stories after adding the links: `labels` gives each article's story so far (its own
    key for a fresh build), `reprints` pairs of reprints, `near` the text neighbours. Returns
    each article's story as the key of one of its articles."""
    stories = _Stories(labels, days, vectors)
    for a, b in _in_runs(reprints, None):
        root_a, root_b = stories.find(a), stories.find(b)
        if root_a != root_b and stories.span_after(root_a, root_b) <= MAX_SPAN_DAYS:
            stories.union(root_a, root_b)
    linked = np.flatnonzero((near.cosines >= STRONG_COSINE) | (near.mutual & (near.cosines >= LINK_COSINE)))
    linked = linked[np.argsort(-near.cosines[linked], kind="stable")]  # the closest first
    for a, b in _in_runs(near.pairs, linked):
        root_a, root_b = stories.find(a), stories.find(b)
        if root_a == root_b or stories.span_after(root_a, root_b) > MAX_SPAN_DAYS:
            continue
        single = stories.size(root_a) == 1 and stories.size(root_b) == 1
        if single or (
            stories.centroid_cosine(root_a, root_b) >= needed_cosine(stories.size(root_a) + stories.size(root_b))
            and (stories.size(root_a) + stories.size(root_b) <= BIG_STORY or stories.fits_seed(root_a, root_b))
        ):
            stories.union(root_a, root_b)
    return stories.labels()
