"""The stories of an archive: which story and which reprint group each article belongs to.

Built once per index generation (`build_stories`) and saved beside it (corpus.stories.saved);
extended when files arrive in follow mode (`StoryIndex.extended`), where only the new
articles are sketched and compared. A story is named by a stable id made from the id of its
earliest article, so the same story keeps its id across rebuilds while that article stays.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.article_columns import article_days, article_days_at, article_sources, source_codes
from corpus.garbage_collection import give_back_freed_memory, large_blocks_returned
from corpus.models import Article, Doc, Progress, report_phase
from corpus.search.index import CorpusIndex
from corpus.search.segmented import DELETED_SHARE, TAIL_SHARE, StackedRows
from corpus.sorted_sets import dense_unique, distinct, stable_order
from corpus.stories.grouping import MAX_SPAN_DAYS, join_stories
from corpus.stories.reprints import NUM_PERM, signatures, similar_pairs
from corpus.stories.similarity import WINDOW_DAYS, day_numbers, neighbours, ordinals, term_vectors

__all__ = ["Story", "StoryIndex", "build_stories"]

NO_GROUP = -1
SEEN_TABLE = 1 << 24
"""Stories × sources up to which the pairs of a story and a source are counted by marking them
in a table (16 MB), not by sorting them: 1.1 million articles, 0.03 s where sorting took 0.06 s."""


@dataclass(frozen=True, slots=True)
class Story:
    """One story: its articles (keys, oldest first), sources, dates and title."""

    number: int
    id: str
    title: str
    docs: tuple[Doc, ...]
    sources: tuple[str, ...]
    """Each source once, in the order it first carried the story."""
    first: str
    """The earliest date (ISO), or "" when no article is dated."""
    last: str

    def to_json(self, ids: Sequence[str]) -> dict[str, object]:
        """The story as `akhbar stories --json` prints it, articles named by id."""
        return {
            "id": self.id,
            "title": self.title,
            "articles": [ids[doc] for doc in self.docs],
            "sources": list(self.sources),
            "first": self.first or None,
            "last": self.last or None,
            "size": len(self.docs),
        }


class StoryIndex:
    """Each article's story and reprint group, with the stories' members oldest first."""

    def __init__(
        self,
        articles: Sequence[Article],
        story_of: np.ndarray,
        reprint_of: np.ndarray,
        values: np.ndarray | StackedRows,
    ) -> None:
        """`story_of` (int32, by key): each article's story number; `reprint_of` (int32):
        its reprint group, or NO_GROUP; `values` (uint32, articles × NUM_PERM): the MinHash
        signatures, kept for extending (those saved with a base generation and those of the
        articles added since, when only articles were added: StackedRows)."""
        if not len(story_of) == len(reprint_of) == len(values) == len(articles):
            raise ValueError("story columns do not cover the articles")
        if values.ndim != 2 or values.shape[1] != NUM_PERM:
            raise ValueError("signatures of another width")
        self.articles = articles
        self.story_of = story_of
        self.reprint_of = reprint_of
        self.values = values
        count = int(story_of.max()) + 1 if len(story_of) else 0
        if len(story_of) and int(story_of.min()) < 0:
            raise ValueError("an article without a story")
        self.sizes = np.bincount(story_of, minlength=count).astype(np.int32)
        """How many articles each story has, by story number."""
        self._members: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._sources: Sequence[str] = article_sources(articles)
        self._story_sources: dict[int, tuple[str, ...]] = {}
        self._story_ids: dict[int, str] = {}
        self._source_counts: np.ndarray | None = None
        self._day_numbers: np.ndarray | None = None

    def __len__(self) -> int:
        """How many stories (an article no other joined is a story of one)."""
        return len(self.sizes)

    def story_number(self, doc: Doc) -> int:
        return int(self.story_of[doc])

    def members(self, number: int) -> list[Doc]:
        """The articles of a story, oldest first (then by key), the undated last."""
        member_docs, member_offsets, all_days = self._member_table()
        docs = member_docs[member_offsets[number] : member_offsets[number + 1]]
        return [int(doc) for doc in docs[np.lexsort((docs, all_days[docs]))]]

    def _member_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every story's articles by key, where each story's begin, and each article's day (the
        undated after every dated one), made when a story is first opened: 13 MB a million
        articles, which a session that never opens one does not hold."""
        if self._members is None:
            docs = stable_order(self.story_of).astype(np.int32)
            offsets = np.zeros(len(self.sizes) + 1, dtype=np.int64)
            np.cumsum(self.sizes, out=offsets[1:])
            days = article_days(self.articles)
            self._members = docs, offsets, np.where(days > 0, days, np.iinfo(np.int32).max).astype(np.int32)
        return self._members

    def others(self, doc: Doc) -> list[Doc]:
        """The other articles of `doc`'s story, oldest first."""
        return [other for other in self.members(self.story_number(doc)) if other != doc]

    def sources(self, number: int) -> tuple[str, ...]:
        """The story's sources, each once, in the order they first carried it."""
        found = self._story_sources.get(number)
        if found is None:
            names = [self._sources[doc] or "?" for doc in self.members(number)]
            found = self._story_sources[number] = tuple(dict.fromkeys(names))
        return found

    def other_outlets(self, doc: Doc) -> int:
        """How many sources other than the article's own carried its story: the "+4" of a row."""
        number = self.story_number(doc)
        if self.sizes[number] < 2:
            return 0
        return int(self.source_counts()[number]) - 1  # its own source is one of the story's

    def reprints(self, doc: Doc) -> list[Doc]:
        """The other articles printing the same text (MinHash near-duplicates), by key."""
        group = int(self.reprint_of[doc])
        if group == NO_GROUP:
            return []
        return [int(other) for other in np.flatnonzero(self.reprint_of == group) if other != doc]

    def story(self, number: int) -> Story:
        docs = self.members(number)
        dates = [self.articles[doc].date for doc in docs if self.articles[doc].date]
        first = self.articles[docs[0]]
        return Story(
            number,
            story_id(first.id),
            first.title,
            tuple(docs),
            self.sources(number),
            dates[0] if dates else "",
            dates[-1] if dates else "",
        )

    def story_id(self, doc: Doc) -> str:
        """The id of the article's story (kept once made: a page of results asks for twenty)."""
        number = self.story_number(doc)
        found = self._story_ids.get(number)
        if found is None:
            first = self.members(number)[0]
            ids = getattr(self.articles, "ids", None)  # saved columns: no article made for its id
            found = self._story_ids[number] = story_id(ids[first] if ids is not None else self.articles[first].id)
        return found

    def use_source_counts(self, counts: np.ndarray) -> None:
        """Take the stories' source counts as saved with them (one a story, int32)."""
        self._source_counts = counts

    def source_counts(self) -> np.ndarray:
        """How many sources carried each story, by story number (made once)."""
        if self._source_counts is None:
            codes = source_codes(self.articles)  # a source's number, as `sources` names it
            span = int(codes.max(initial=0)) + 1
            pairs = self.story_of.astype(np.int64) * span + codes
            if len(self) * span <= SEEN_TABLE:  # each (story, source) marked in a table: no sort
                seen = np.zeros(len(self) * span, dtype=bool)
                seen[pairs] = True
                pairs = np.flatnonzero(seen)
                del seen
            else:
                pairs = distinct(pairs, in_place=True)
            self._source_counts = np.bincount(pairs // span, minlength=len(self)).astype(np.int32)
        return self._source_counts

    def use_day_numbers(self, days: np.ndarray) -> None:
        """Take each article's day number (similarity.day_numbers, int32) as saved with the
        stories or carried to them, not made again from the dates."""
        self._day_numbers = days

    def day_numbers(self) -> np.ndarray | None:
        """Each article's day number when known (made by the grouping, saved with it), else None."""
        return self._day_numbers

    def largest(
        self, docs: Sequence[int] | np.ndarray | None = None, *, limit: int = 100, least: int = 2
    ) -> list[Story]:
        """The largest stories (most sources, then most articles, then newest first) among
        the stories of `docs` (every article when None), with at least `least` articles."""
        numbers = np.arange(len(self)) if docs is None else distinct(self.story_of[np.asarray(docs, dtype=np.int64)])
        numbers = numbers[self.sizes[numbers] >= least]
        order = np.lexsort((-numbers, -self.sizes[numbers], -self.source_counts()[numbers]))
        return [self.story(int(number)) for number in numbers[order][:limit]]

    def extended(self, index: CorpusIndex, new_doc: np.ndarray, *, progress: Progress | None = None) -> StoryIndex:
        """The stories of `index`, made from this index's articles (renumbered by `new_doc`,
        old key → new key or -1) and the articles added: only these are sketched, compared
        and joined to a story (or to each other)."""
        kept = np.flatnonzero(new_doc >= 0)
        count = len(index)
        labels = np.arange(count, dtype=np.int64)
        carried = new_doc[kept]
        before = _kept_stacked(self.values, new_doc)
        values: np.ndarray | StackedRows
        if before is not None:  # the saved signatures stay as they are: the new ones go after them
            values = np.empty((count - len(kept), NUM_PERM), dtype=np.uint32)
        else:
            values = np.empty((count, NUM_PERM), dtype=np.uint32)
            values[carried] = self.values[kept]  # stacked rows gathered from each part
        # a story's articles keep one label: the new key of its first surviving article
        old_story = self.story_of[kept]
        first_new = np.full(len(self) + 1, -1, dtype=np.int64)
        order = stable_order(old_story)  # within a story, the carried keys rise
        starts = np.flatnonzero(np.diff(old_story[order], prepend=-2))
        first_new[old_story[order[starts]]] = carried[order[starts]]
        labels[carried] = first_new[old_story]
        reprint = np.full(count, NO_GROUP, dtype=np.int64)
        reprint[carried] = self.reprint_of[kept]
        added = np.ones(count, dtype=bool)
        added[carried] = False
        if added.any():
            report_phase(progress, "joining new articles to stories")
            start = int(np.flatnonzero(added)[0])
            offsets = np.asarray(index.token_offsets[start:]) - int(index.token_offsets[start])
            values[start - (len(kept) if before is not None else 0) :] = signatures(
                index.tokens[int(index.token_offsets[start]) :], offsets
            )
        if before is not None:
            values = _stacked(before, values)
        days = self._carried_days(index, kept, carried, added)
        story_of, reprint_of = _grouped(index, labels, reprint, similar_pairs(values, added), added, days)
        stories = StoryIndex(index.articles, story_of, reprint_of, values)
        stories.use_day_numbers(days.astype(np.int32))
        return stories

    def _carried_days(self, index: CorpusIndex, kept: np.ndarray, carried: np.ndarray, added: np.ndarray) -> np.ndarray:
        """The day numbers of `index`'s articles: this index's for those `kept` (at their new
        keys, `carried`), the added ones' read from their dates (every article's when this
        index's are not known: 0.07 s at 1.1 million)."""
        if self._day_numbers is None:
            return day_numbers(index)
        days = np.empty(len(index), dtype=np.int64)
        days[carried] = self._day_numbers[kept]
        rows = np.flatnonzero(added)
        days[rows] = ordinals(np.asarray(article_days_at(index.articles, rows), dtype=np.int64))
        return days


def _kept_stacked(values: np.ndarray | StackedRows, new_doc: np.ndarray) -> StackedRows | None:
    """The saved signatures `values` with the rows `new_doc` drops left out, the base's linked
    as saved: its rows dropped go into its deletion list while it holds at most DELETED_SHARE
    of them (those of the rows added since are taken out). None past that, or where the kept
    rows change order: the signatures are then gathered into one array."""
    first, second, deleted = (
        (values.first, values.second, values.deleted)
        if isinstance(values, StackedRows)
        else (values, values[:0], np.zeros(0, dtype=np.int64))
    )
    kept = new_doc >= 0
    if not bool((np.diff(new_doc[kept]) > 0).all()):
        return None
    split = len(first) - len(deleted)
    gone = np.flatnonzero(~kept[:split])
    if len(gone):
        stacked = StackedRows(first, second, deleted)
        deleted = np.union1d(deleted, stacked.physical(gone))
        if len(deleted) > DELETED_SHARE * len(first) or len(deleted) >= len(first):
            return None
    tail_kept = kept[split:]
    if not bool(tail_kept.all()):
        second = np.asarray(second)[tail_kept]
    return StackedRows(first, second, deleted)


def _stacked(before: StackedRows, added: np.ndarray) -> np.ndarray | StackedRows:
    """The signatures `before`, then those `added`: the saved base's left as it is while the
    rows added since are at most TAIL_SHARE of it, else one array."""
    tail = np.concatenate([before.second, added]) if len(before.second) else added
    if len(tail) <= TAIL_SHARE * len(before.first):
        return StackedRows(before.first, tail, before.deleted)
    return np.concatenate([before.first_read(slice(None)), tail])


def build_stories(index: CorpusIndex, *, progress: Progress | None = None) -> StoryIndex:
    """The stories of every article of `index`, from scratch. The signatures (256 bytes an
    article: 284 MB at 1.1 million) are made again once the stories are joined rather than
    held beside the term vectors: a tenth of the time it takes to group them, which memory is
    then spared."""
    report_phase(progress, "grouping stories")
    count = len(index)
    with large_blocks_returned():  # its blocks of rows, freed, are given back
        pairs = similar_pairs(signatures(index.tokens, index.token_offsets))
        give_back_freed_memory()
        days = day_numbers(index)
        story_of, reprint_of = _grouped(
            index, np.arange(count, dtype=np.int64), np.full(count, NO_GROUP, dtype=np.int64), pairs, None, days
        )
        del pairs
        give_back_freed_memory()
        stories = StoryIndex(index.articles, story_of, reprint_of, signatures(index.tokens, index.token_offsets))
        stories.use_day_numbers(days.astype(np.int32))
        return stories


def _grouped(
    index: CorpusIndex,
    labels: np.ndarray,
    reprint: np.ndarray,
    pairs: np.ndarray,
    added: np.ndarray | None,
    days: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Join the articles (all of them, or those `added`) to stories and reprint groups, the
    reprint `pairs` and each article's day number given: each article's story number and
    reprint group (int32)."""
    reprint = _reprint_groups(reprint, pairs)
    vectors = term_vectors(index, None if added is None else _near_in_time(days, added))
    own = np.where(reprint >= 0, reprint, -1 - np.arange(len(reprint)))  # an article alone is its own group
    near = neighbours(vectors, days, own, added)
    del own
    joined = join_stories(labels, days, vectors, pairs, near)
    del vectors, near
    give_back_freed_memory()
    return _numbered(joined, days), reprint.astype(np.int32)


def _near_in_time(days: np.ndarray, added: np.ndarray) -> np.ndarray:
    """The articles an added one can join or reach through its story: those dated within the
    neighbour window and a story's span of an added article's date, the added ones, and the
    undated."""
    reach = WINDOW_DAYS + MAX_SPAN_DAYS
    added_days = np.unique(days[added & (days >= 0)])
    near = added | (days < 0)
    if len(added_days):
        at = np.searchsorted(added_days, days)
        below = np.abs(days - added_days[np.clip(at - 1, 0, len(added_days) - 1)]) <= reach
        above = np.abs(days - added_days[np.clip(at, 0, len(added_days) - 1)]) <= reach
        near |= (below | above) & (days >= 0)
    return near


def _reprint_groups(groups: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Reprint groups after joining `pairs` (connected pairs are one group), numbered anew in
    the order of each group's first article."""
    count = len(groups)
    # each article stands for its group (a group's number) or for itself (numbered after them):
    # a grouped article's pairs join its group, not every article of the group again
    groups = np.asarray(groups, dtype=np.int64)
    known = int(groups.max(initial=NO_GROUP)) + 1
    node = np.where(groups != NO_GROUP, groups, known + np.arange(count, dtype=np.int64))
    component = _components(known + count, node, np.asarray(pairs).reshape(-1, 2))[node]
    sizes = np.bincount(component, minlength=known + count)
    grouped = sizes[component] > 1
    del sizes
    result = np.full(count, NO_GROUP, dtype=np.int64)
    _, first_doc, numbered = dense_unique(component[grouped])
    order = stable_order(stable_order(first_doc))  # by first article
    result[grouped] = order[numbered]
    return result


EDGE_CHUNK = 1 << 22
"""Pairs whose labels are spread at a time: their temporary columns stay small."""


def _components(count: int, node: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Each of `count` nodes' connected component under the edges node[a]-node[b] of `pairs`
    (a, b), as the smallest node in it: labels spread along the edges and jump to their labels'
    labels until none changes (in numpy, a few rounds for groups of reprints; no graph library
    imported at a change). The edges are read EDGE_CHUNK at a time, never widened whole."""
    label = np.arange(count, dtype=np.int64)
    while len(pairs):
        spread = label.copy()
        for start in range(0, len(pairs), EDGE_CHUNK):
            part = pairs[start : start + EDGE_CHUNK]
            left, right = node[part[:, 0]], node[part[:, 1]]
            lower = np.minimum(label[left], label[right])
            np.minimum.at(spread, left, lower)
            np.minimum.at(spread, right, lower)
        while True:  # each label to its label's label
            jumped = spread[spread]
            if np.array_equal(jumped, spread):
                break
            spread = jumped
        if np.array_equal(spread, label):
            break
        label = spread
    return label


def _numbered(labels: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Story numbers 0… from labels (any article key), in the order of each story's first
    article (oldest first, undated last, then by key)."""
    dated = np.where(days >= 0, days, int(days.max(initial=-1)) + 1)  # the undated after every date
    order = stable_order(dated)  # by date, then by key
    # each label's first place in that order; the labels numbered by it
    distinct_labels, first_place, which = dense_unique(labels[order])
    rank = np.empty(len(distinct_labels), dtype=np.int64)
    rank[stable_order(first_place)] = np.arange(len(distinct_labels))
    numbers = np.empty(len(labels), dtype=np.int32)
    numbers[order] = rank[which]
    return numbers


def story_id(first_article_id: str) -> str:
    """A story's id: "s" and 10 hex digits of a hash of its earliest article's id."""
    return "s" + hashlib.sha1(first_article_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
