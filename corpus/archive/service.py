"""The archive service: opens a corpus and owns its articles, search index, snapshot and entity index.

The command line and the app both go through `Archive`: it loads (or reuses the snapshot of)
the corpus, answers searches, reads article texts explicitly, and builds the entity index.
An article is known everywhere by one key, its position in the archive (`Doc`).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corpus.archive.elsewhere import Merged, merged_elsewhere
from corpus.archive.opening import (
    Opened,
    merged_and_saved,
    open_index,
    releases_texts,
    save_generation,
    saved_entities,
    saved_stories,
    shared_entities,
    shared_stories,
)
from corpus.article_columns import ArticleColumns, article_ids, article_sources
from corpus.entities.turn import TAGGING, TAGGING_LOCK
from corpus.garbage_collection import collector_paused, give_back_freed_memory, set_aside
from corpus.models import Article, Doc, LoadProblem, Progress, report_phase, tally
from corpus.packed import PackedStrings
from corpus.search.archive_order import ArchiveOrder
from corpus.search.company import WordCompany
from corpus.search.expansion import expand, forget_expansions, hash_article_ids, use_names_by_article
from corpus.search.final_ta import writers_of_ta
from corpus.search.index import CorpusIndex
from corpus.search.listing import ArticleListing
from corpus.search.plan import QueryPlan, plan_query, unknown_sources
from corpus.search.query import parse_query
from corpus.search.ranking import QueryNotes, SearchResult, query_notes, search_notes
from corpus.search.results import ResultSet, match_months, matching_docs, search
from corpus.search.stop import Stop
from corpus.search.transliteration import use_named_words, warm_named_words
from corpus.search.transliteration import warm_up as warm_latin
from corpus.storage.disk_merge import worth_merging_on_disk
from corpus.storage.generations import IndexDamaged, IndexStore, KnownFiles
from corpus.storage.incremental import Changes, bring_up_to_date, find_changes
from corpus.storage.merge import kept_numbers
from corpus.storage.trusted_walk import files_by_record, record_walk, trusted_problems
from corpus.text.normalization import search_form
from corpus.user_dirs import cache_dir as user_cache_dir
from corpus.walk import corpus_holding, corpus_roots, display_path
from corpus.walked import walk_corpus

if TYPE_CHECKING:
    from corpus.cluster import Cluster
    from corpus.entities.index import EntityIndex
    from corpus.entities.mentions import Entity
    from corpus.stories.index import StoryIndex

__all__ = ["HELPER_MIN_WORDS", "Archive", "Refreshed"]

ENTITY_CACHE = "entities.sqlite"
HELPER_MIN_WORDS = 20_000
"""An archive of fewer words is tagged and grouped in the app's own process: a helper (a fresh
interpreter with numpy and the tagger's model, about a second to start) costs more than the
work, which takes well under a second there."""
SAVE_EVERY_SECONDS = 60.0
"""A followed archive is saved at most this often: articles that arrive in between are merged
again by the next start, which costs it little."""


class Archive:
    """An opened corpus: its articles, index and problems, and (once built) its entity index."""

    def __init__(
        self,
        paths: Sequence[str],
        opened: Opened,
        problems: list[LoadProblem],
        *,
        cache_dir: Path | None,
        seconds: float = 0.0,
        follow_links: bool = False,
    ) -> None:
        self.paths = list(paths)
        """The corpus paths, absolute and resolved (corpus.load.corpus_roots): the key of the
        saved index and of what the app remembers, the same for any spelling of them."""
        self.index = opened.index
        self.files = opened.files
        """The files the index was made from, with their stamps and articles."""
        self.index.archive_order = ArchiveOrder(self.files.doc_file)
        self.changes = opened.changes
        """What the last start or refresh found changed since the saved index."""
        self.problems = problems
        self.cache_dir = cache_dir
        """Where saved indexes and the entity cache go; None for an archive that caches nothing."""
        self.reused = opened.reused
        """True when the index is the saved one of an unchanged corpus."""
        self.trusted = opened.trusted
        """True when the files were not all looked at (Archive.open's `trust_folders` or
        `check_later`): until `updated` looks, what changed since the index was saved is not seen."""
        self._walk_unknown = opened.walk_unknown
        """The walk's problems (files skipped) are not among `problems` yet: see Opened.walk_unknown."""
        self.generation = opened.generation
        """The saved generation folder this index is the same as, or None (not saved yet): the
        entity index is saved into it and shared from there."""
        self.seconds = seconds
        self.follow_links = follow_links
        self._entities: EntityIndex | None = None
        self.stories: StoryIndex | None = opened.stories
        """Each article's story and reprints, once `build_stories` made or loaded them (or a
        start carried the saved ones over to the files that changed); a followed archive
        extends them as files arrive."""
        self._ids: Sequence[str] | None = None
        self._listing: ArticleListing | None = None
        self._saved_at = -SAVE_EVERY_SECONDS
        self._unsaved = False

    @classmethod
    def open(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        cache_dir: Path | None = None,
        use_snapshot: bool = True,
        follow_links: bool = False,
        cluster: Cluster | None = None,
        trust_folders: bool = False,
        check_later: bool = False,
    ) -> Archive:
        """Load and index every article under `paths`, reusing the saved index of the corpus (and
        bringing it up to date) when `use_snapshot`. Bad files become problems, never exceptions.
        With `cluster`, the files to read are indexed in parts on its workers (corpus.cluster).
        With `trust_folders`, the saved index is taken without stating every file when no folder
        changed since a walk found its files; with `check_later`, whatever changed (the app, which
        shows it at once and brings it up to date after: `trusted` says so, `updated` does it).

        Nothing is ever written under a corpus path: a cache folder inside the corpus is not
        walked, and is not used (the archive then caches nothing, and says so). The paths are
        resolved here, once: a folder that a link later replaces is refused at every refresh.
        """
        shown = corpus_roots(paths)
        folder = cache_dir or user_cache_dir()
        problems: list[LoadProblem] = []
        inside = corpus_holding(folder, shown)
        if inside is not None:
            reason = f"the cache folder {display_path(str(folder))} is inside the corpus: nothing is cached"
            problems.append(LoadProblem(display_path(inside), reason, skipped=False))
        cache = folder if use_snapshot and inside is None else None
        started = time.perf_counter()
        with collector_paused():
            opened = open_index(
                shown,
                progress,
                cache,
                problems,
                [folder],
                follow_links,
                cluster,
                trust_folders=trust_folders,
                check_later=check_later,
            )
        set_aside()
        give_back_freed_memory()
        seconds = time.perf_counter() - started
        return cls(shown, opened, problems, cache_dir=cache, seconds=seconds, follow_links=follow_links)

    def refresh(self, *, progress: Progress | None = None) -> Refreshed | None:
        """Bring the archive up to date with its files (new, changed and gone ones), and save
        it; None when nothing changed. Article keys change: `Refreshed.new_doc` maps the old ones."""
        refreshed = self.updated(progress=progress)
        if refreshed is not None:
            self.adopt(refreshed)
            self.save(force=True)
        return refreshed

    def updated(self, *, progress: Progress | None = None) -> Refreshed | None:
        """The archive's index brought up to date with its files, without changing the archive
        (an app adopts it on its own thread, between two keystrokes); None when nothing changed."""
        folder = self.cache_dir or user_cache_dir()
        store = IndexStore.at(self.generation.parent) if self.generation is not None else None
        on_disk = store is not None and worth_merging_on_disk(self.index)
        if self.generation is not None and on_disk:
            merged = merged_elsewhere(self.generation, self.paths, self.follow_links, [str(folder)], progress=progress)
            if merged is not None and merged.generation is None:
                self.trusted = False
                if self._walk_unknown and store is not None:  # the helper recorded its walk
                    self._walk_problems_known(trusted_problems(store, self.generation.name, self.follow_links))
                return None  # nothing changed
            refreshed = self._merged(merged) if merged is not None else None
            if refreshed is not None:
                self.trusted = False
                return refreshed
            # no helper, or its generation gone before it was read (two more saved meanwhile): here
        problems: list[LoadProblem] = []
        files = (
            files_by_record(
                store,
                self.generation.name,
                self.follow_links,
                problems,
                lambda: self.files.paths,
                roots=self.paths,
                skip=[folder],
            )
            if store is not None and self.generation is not None
            else None
        )
        if files is None:
            files = walk_corpus(self.paths, problems, follow_links=self.follow_links, skip=[folder], resolved=True)
        changes = find_changes(self.files, len(self.index), files)
        self.trusted = False
        if changes.none:
            if store is not None and self.generation is not None:  # its files: a start may trust them
                record_walk(store, self.generation.name, files, problems, self.follow_links)
            self._walk_problems_known(problems)
            del files
            give_back_freed_memory()  # the walk's names and columns (100 MB a million files)
            return None
        walk_problems = list(problems)
        release = releases_texts(files)
        # A large index is merged on disk into the generation it is saved as, under the store's
        # lock (a merge in memory held 7.5 GB at 1.1 million articles; 3.3 GB in a session whose
        # generation another session had replaced): it becomes the current one.
        merging = store.writing() if store is not None and on_disk else nullcontext(False)
        generation: Path | None = None
        with collector_paused(), merging as writable:
            if store is not None and writable:
                index, table, generation = merged_and_saved(
                    store, self.index, self.files, changes, problems, progress=progress, release=release
                )
            else:
                index, table = bring_up_to_date(
                    self.index, self.files, changes, problems, progress=progress, release_texts=release
                )
        new_doc = kept_numbers(changes.keep)
        counts = self._counts(index, changes.keep)
        stories = self.stories.extended(index, new_doc, progress=progress) if self.stories is not None else None
        if stories is not None and generation is not None:
            stories = shared_stories(generation, stories, index.articles)
        if stories is not None:
            stories.source_counts()  # made here, off the thread that draws the rows' "+N"
        if store is not None and generation is not None:
            record_walk(store, generation.name, files, walk_problems, self.follow_links)
        return Refreshed(changes, new_doc, *counts, index, table, problems, stories, generation)

    def _walk_problems_known(self, walked: list[LoadProblem] | None) -> None:
        """After a look that found nothing changed: the problems of the walk a trusted start had
        no record of (a link out of the corpus skipped) join the archive's, each once; the
        caller says so (`problems` then differs). None: still unknown."""
        if not self._walk_unknown or walked is None:
            return
        self._walk_unknown = False
        known = set(self.problems)
        self.problems = [*self.problems, *(p for p in walked if p not in known)]

    def _merged(self, merged: Merged) -> Refreshed | None:
        """The generation a helper saved (merged_elsewhere), read back as a start reads it; None
        when it is gone already (then `updated` brings the index up to date itself)."""
        if self.generation is None or merged.generation is None or merged.changes is None:
            return None
        store = IndexStore.at(self.generation.parent)
        try:
            saved = store.load(merged.generation)
        except IndexDamaged:
            return None
        if saved is None:
            return None
        generation = store.folder / merged.generation
        index, changes = saved.index, merged.changes
        stories = saved_stories(generation, index.articles)
        if stories is not None:
            stories.source_counts()
        return Refreshed(
            changes, kept_numbers(changes.keep), *self._counts(index, changes.keep), index, saved.files,
            list(merged.problems), stories, generation,
        )  # fmt: skip

    def _counts(self, index: CorpusIndex, keep: np.ndarray) -> tuple[int, int, int]:
        """Articles new, read again and gone, between this archive's index and `index`."""
        removed = {self.ids[doc] for doc in np.nonzero(~keep)[0].tolist()}
        added = set(article_ids(index.articles)[int(keep.sum()) :])
        return len(added - removed), len(added & removed), len(removed - added)

    def adopt(self, refreshed: Refreshed) -> None:
        """Use an index made by `updated` from this archive's current one."""
        self.index, self.files, self.changes = refreshed.index, refreshed.files, refreshed.changes
        self.index.archive_order = ArchiveOrder(self.files.doc_file)
        self.problems = refreshed.problems
        self.reused = False
        self._ids = None
        if self._listing is not None:
            self._listing = self._listing.carried(refreshed.index, refreshed.new_doc, self.arrival_times)
        self._unsaved = refreshed.generation is None  # merged on disk: saved already
        self.generation = refreshed.generation
        self.entities = None  # its keys are the old ones: the caller builds it again
        self.stories = refreshed.stories
        set_aside()
        give_back_freed_memory()  # the old index's and the merge's

    def save(self, *, force: bool = False) -> bool:
        """Save an index adopted since the last save (at most every SAVE_EVERY_SECONDS unless
        `force`), so that the next start, and other sessions, begin from it; True when saved."""
        due = force or time.monotonic() - self._saved_at >= SAVE_EVERY_SECONDS
        if not self._unsaved or not due or self.cache_dir is None:
            return False
        store = IndexStore(self.cache_dir, self.paths)
        with store.writing() as writable:
            if not writable:
                return False
            self.generation = save_generation(store, self.index, self.files)
        if self.generation is not None and self.stories is not None:
            self.stories = shared_stories(self.generation, self.stories, self.index.articles)
        self._saved_at = time.monotonic()
        self._unsaved = False
        return True

    def arrival_times(self) -> np.ndarray:
        """Each article's file modification time (ns since the epoch, int64), by key: newest
        first sorts the articles as they arrived."""
        times: np.ndarray = np.asarray(self.files.stamps[:, 1])[self.files.doc_file]
        return times

    def listing(self) -> ArticleListing:
        """The article list's filter and orders over the current index (made once per index)."""
        listing = self._listing
        if listing is None or listing.index is not self.index:
            listing = self._listing = ArticleListing(self.index, self.arrival_times)
        return listing

    # Articles

    def __len__(self) -> int:
        return len(self.index)

    def worth_a_helper(self) -> bool:
        """Whether tagging and grouping this archive are worth a helper process (the app's
        keystrokes then never wait on them): from HELPER_MIN_WORDS words on."""
        return int(np.sum(self.index.word_counts)) >= HELPER_MIN_WORDS

    @property
    def articles(self) -> Sequence[Article]:
        """Every article, by key (its position)."""
        return self.index.articles

    def in_archive_order(self) -> Iterator[Article]:
        """Every article in the archive's order: as a build from scratch numbers them, whatever
        changes were taken in since (corpus.search.archive_order)."""
        articles = self.index.articles
        order = self.index.archive_order
        if order is None or order.is_numbering():
            yield from articles
            return
        for doc in order.every(len(articles)).tolist():
            yield articles[doc]

    @property
    def ids(self) -> Sequence[str]:
        """Each article's id, by key (unique within the archive)."""
        if self._ids is None:
            self._ids = article_ids(self.index.articles)
        return self._ids

    def docs_of(self, ids: Sequence[str]) -> list[Doc | None]:
        """Each id's article (None: no article has it now): looked up in numpy in a saved index's
        column, never an object per article."""
        column = self.ids
        if isinstance(column, PackedStrings):
            rows = PackedStrings.of(list(ids)).rows_in(column).tolist()
            return [row if row >= 0 else None for row in rows]
        where = {article_id: doc for doc, article_id in enumerate(column)}
        return [where.get(article_id) for article_id in ids]

    def docs_at(self, paths: Collection[str]) -> list[Doc]:
        """The articles read from any of `paths` (a JSON Lines file holds many), in key order."""
        articles = self.index.articles
        if isinstance(articles, ArticleColumns) and isinstance(articles.paths, PackedStrings):
            column = articles.paths
            wanted = PackedStrings.of(sorted(paths))
            near = np.flatnonzero(np.isin(column.hashes(), wanted.hashes()))
            return [doc for doc in near.tolist() if column[doc] in paths]
        return [doc for doc, article in enumerate(articles) if article.path in paths]

    def source_counts(self) -> list[tuple[str, int]]:
        """Each source name with its number of articles, most first (then by name); articles
        with no source are not counted. No file is read."""
        counts = Counter(name for name in article_sources(self.index.articles) if name)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    def article(self, doc: Doc) -> Article:
        return self.index.articles[doc]

    def read_text(self, doc: Doc) -> str:
        """The article's text; raises ArticleUnreadable (with a message) when its file cannot be read."""
        return self.index.articles[doc].read_text()

    def word_count(self, doc: Doc) -> int:
        """The article's length in words, as stored at indexing: no file is read."""
        return self.index.word_count(doc)

    def find(self, key: str) -> Doc | None:
        """An article by id (ids are unique), else by path, else by its 1-based position in
        `akhbar list`. `#N` is always the N-th article, whatever the ids are."""
        articles = self.index.articles
        if key.startswith("#") and key[1:].isdigit():
            position = int(key[1:])
            return position - 1 if 1 <= position <= len(articles) else None
        for doc, article_id in enumerate(self.ids):
            if article_id == key:
                return doc
        wanted = os.path.realpath(key)  # article paths are under the resolved corpus paths
        for doc, article in enumerate(articles):
            if article.path == key or article.path == wanted:
                return doc
        if key.isdigit() and 1 <= int(key) <= len(articles):
            return int(key) - 1
        return None

    @property
    def entities(self) -> EntityIndex | None:
        """The corpus-wide entity index, once `build_entities` (or the app's process) made it."""
        return self._entities

    @entities.setter
    def entities(self, entities: EntityIndex | None) -> None:
        """The entity index, and the names it shows written only with the article or only without
        it, which the search then finds without their other forms (الخليل: no خليل; حماس: no
        الحماس; corpus.entities.article_names)."""
        from corpus.entities.article_names import names_by_the_article, words_named

        self._entities = entities
        names = frozenset[str]()
        if entities is not None:
            if entities.names_by_article is None:  # made elsewhere (tests, a table saved before they were)
                entities.names_by_article = names_by_the_article(entities.entities, self.index.frequency)
            names = entities.names_by_article
        use_names_by_article(self.index, names)
        named = None
        if entities is not None:
            saved = entities.words_named
            named = partial(words_named, entities.entities) if saved is None else lambda: saved
        use_named_words(self.index, named)  # a Latin word read as a name's word before a common one
        forget_expansions(self.index)

    # Search

    def search(
        self,
        query: str | QueryPlan,
        *,
        limit: int = 20,
        snippets: int = 1,
        by_date: bool = False,
        stop: Stop | None = None,
    ) -> list[SearchResult]:
        """The best `limit` articles for a query in the query language (see corpus.search.query),
        or with `by_date` the newest of those that match. Each call that takes `stop` raises
        SearchStopped once it says to."""
        return search(
            self.index, self._planned(query, stop), limit=limit, snippets=snippets, by_date=by_date, stop=stop
        )

    def plan(self, query: str | QueryPlan, *, stop: Stop | None = None) -> QueryPlan:
        """The query parsed and its words expanded once, for every consumer of one keystroke:
        `results`, `query_notes`, `matching` and `match_months` take it in place of the text.
        Once the entity table is in, a run of Latin words that spells one of its names is read
        as that name (theresa may: تيريزا ماي; corpus.entities.lookup.latin_name_read)."""
        return plan_query(self.index, query, stop, self._latin_names if self.entities is not None else None)

    def _latin_names(self, words: Sequence[str]) -> str:
        """The Arabic name of the entity Latin words spell, or "" (see `plan`)."""
        from corpus.entities.lookup import latin_name_read

        entities = self.entities
        return latin_name_read(entities.entities, words) if entities is not None else ""

    def _planned(self, query: str | QueryPlan, stop: Stop | None) -> QueryPlan:
        """A query's plan, made by `plan` where it is a text or a plan for an index this archive
        no longer searches (made before a refresh: planned again, names read as now)."""
        return query if isinstance(query, QueryPlan) and query.index is self.index else self.plan(query, stop=stop)

    def results(self, query: str | QueryPlan, *, by_date: bool = False, stop: Stop | None = None) -> ResultSet:
        """Every article the query matches, in the order shown, counted exactly and made into
        results a page at a time: what the app lists, counts, charts and exports."""
        return ResultSet(self.index, self._planned(query, stop), by_date=by_date, stop=stop)

    def query_problems(self, plan: QueryPlan) -> list[str]:
        """What was left out of a planned query, and the source filters that name no source:
        the notes a batch of queries gives (no offers, which cost a look at every word)."""
        return [*plan.query.problems, *unknown_sources(self.index, plan.query)]

    def search_notes(
        self, query: str | QueryPlan, *, stop: Stop | None = None, held: np.ndarray | None = None
    ) -> list[str]:
        """What to say before the results: what was left out of the query, words no article holds
        as written (`held`: the articles holding every word, when the results have them)."""
        return search_notes(self.index, self._planned(query, stop), stop=stop, held=held)

    def query_notes(
        self, query: str | QueryPlan, *, stop: Stop | None = None, held: np.ndarray | None = None
    ) -> QueryNotes:
        """The notes of `search_notes`, and the spelling variant each note offers to add, by word."""
        return query_notes(self.index, self._planned(query, stop), stop=stop, held=held)

    def matching(self, query: str | QueryPlan, *, stop: Stop | None = None) -> np.ndarray:
        """The keys of every article the query matches, in archive order (no text is read)."""
        return matching_docs(self.index, self._planned(query, stop), stop=stop)

    def match_months(self, query: str | QueryPlan, *, stop: Stop | None = None) -> list[tuple[str, int]]:
        """Matching articles per month ("YYYY-MM", count), oldest first: the query's timeline."""
        return match_months(self.index, self._planned(query, stop), stop=stop)

    def read_as_arabic(self, text: str) -> list[set[str]] | None:
        """For a name typed in Latin letters or Arabizi (khashoggi, mohamed bin salman), the
        Arabic words each of its words is read as (corpus.search.transliteration), normalized as
        entity names are (جدة as جده); None when a word of it is no Latin word or is read as nothing."""
        words = [word for clause in parse_query(text).clauses for word in clause.words]
        read: list[set[str]] = []
        for word in words:
            spelled = expand(self.index, word, fuzzy=False).read_as
            if not spelled:
                return None
            read.append({search_form(self.index.terms[term]) for term in spelled})
        return read or None

    def warm_up(self) -> None:
        """Make the structures the first query would otherwise make (after the first paint), the
        alias table of Latin spellings among them."""
        self.index.warm_up()
        warm_latin(self.index)
        writers_of_ta(self.index)
        hash_article_ids(self.index)

    # Entities

    @property
    def entity_cache_path(self) -> Path | None:
        """The entity cache beside the snapshots; None for an archive that caches nothing."""
        return self.cache_dir / ENTITY_CACHE if self.cache_dir is not None else None

    @property
    def _tagging_lock(self) -> Path | None:
        """The lock file of this archive's turn to tag into the entity cache (TaggingTurn), in
        its saved index's folder: builds of one corpus take turns, of two never wait for each other."""
        return self.generation.parent / TAGGING_LOCK if self.generation is not None else None

    def article_entities(self, doc: Doc) -> list[tuple[Entity, int]]:
        """The entities of one article with how often it names each: from the entity index when
        it is built, else by tagging the article now. Raises ArticleUnreadable."""
        if self.entities is not None:
            return self.entities.for_article(doc)
        from corpus.entities.grouping import article_entities

        return [(entity, len(entity.mentions)) for entity in article_entities(self.read_text(doc), doc)]

    def warm_entity_lookups(self) -> None:
        """Make what the first name typed in Latin letters would otherwise wait for (the entity
        table's Latin spellings and the words its names hold: about two seconds on the 69k),
        once the entity table is in."""
        entities = self.entities
        if entities is not None:
            from corpus.entities.lookup import warm_latin_lookups

            warm_latin_lookups(entities.entities)
            warm_named_words(self.index)

    def use_saved_names(self) -> None:
        """Search with the names the saved entity table writes only with the article or without it (see the
        `entities` setter) and the words its names hold (a Latin word is read as a name's), read
        without the table itself: what a search needs of it unless a name of two Latin words is
        typed (`use_saved_entities`)."""
        if self.entities is None and self.generation is not None:
            from corpus.entities.saved import saved_names

            names, counts = saved_names(self.generation)
            if names is not None:
                use_names_by_article(self.index, names)
            if counts is not None:  # a word typed in Latin letters read as a name's, as the app reads it
                use_named_words(self.index, lambda: counts)
                forget_expansions(self.index)

    def use_saved_entities(self) -> bool:
        """Take the archive's saved entity table when there is one for this index (nothing is
        tagged); True when the entities are in."""
        if self.entities is None and self.generation is not None:
            self.entities = saved_entities(self.generation, self.articles)
        return self.entities is not None

    def build_entities(
        self,
        *,
        progress: Progress | None = None,
        processes: int = 0,
        separate_process: bool = False,
        cluster: Cluster | None = None,
    ) -> int:
        """Tag every article (reusing the entity cache) and keep the entity index; returns how many
        articles were tagged anew. `separate_process` builds it in a fresh interpreter, so that
        the caller's threads (an app's keystrokes) never wait on it; with `cluster`, the
        articles are tagged on its workers."""
        from corpus.entities.choice import forget_tagger
        from corpus.entities.grouping import forget_name_caches
        from corpus.entities.index import EntityIndex

        index, generation = self.index, self.generation
        report_phase(progress, "reading saved entities")
        if generation is not None and (saved := saved_entities(generation, self.articles)) is not None:
            self.entities = saved
            return 0
        report_phase(progress, TAGGING)
        if separate_process:
            mapped = generation is not None and isinstance(self.articles, ArticleColumns) and not self.articles.texts
            entities, tagged = EntityIndex.build_elsewhere(
                self.articles,
                cache_path=self.entity_cache_path,
                progress=progress,
                mapped_from=generation if mapped else None,
                tagging_lock=self._tagging_lock,
            )
        else:
            try:
                entities, tagged = EntityIndex.build_cached(
                    self.articles,
                    cache_path=self.entity_cache_path,
                    progress=progress,
                    processes=processes,
                    executor=cluster.executor if cluster is not None else None,
                    tagging_lock=self._tagging_lock,
                )
            finally:
                forget_tagger()  # the models stay in memory only while this process tags
        if self.index is not index:
            return tagged  # the archive changed meanwhile: these entities name the old keys
        report_phase(progress, "saving entities")
        entities.drop_common_words(self.index.frequency, in_place=True, company=WordCompany(self.index))  # built here
        entities.prepare()
        from corpus.entities.article_names import names_by_the_article

        entities.names_by_article = names_by_the_article(entities.entities, self.index.frequency)  # saved with it
        if generation is not None and generation == self.generation:
            entities = shared_entities(generation, entities)
        self.entities = entities
        forget_name_caches()
        give_back_freed_memory()
        set_aside()  # the entity index lives as long as the archive
        return tagged

    # Stories

    def build_stories(self, *, progress: Progress | None = None, separate_process: bool = False) -> StoryIndex:
        """Each article's story and reprint group: the copy saved in the index generation, else
        grouped now (about ten seconds for 69k articles) and saved there for every later
        session; with `separate_process`, grouped by a helper process (the app's memory never
        holds the grouping's work)."""
        from corpus.stories.index import build_stories

        index, generation = self.index, self.generation
        if self.stories is not None:
            return self.stories
        report_phase(progress, "reading saved stories")
        stories = saved_stories(generation, index.articles) if generation is not None else None
        if stories is None and separate_process and generation is not None:
            from corpus.stories.elsewhere import group_elsewhere

            if group_elsewhere(generation, progress=progress):
                stories = saved_stories(generation, index.articles)
        if stories is None:
            index.let_go()  # what the start and the queries read: the grouping reads its own share
            stories = build_stories(index, progress=progress)
            if generation is not None and generation == self.generation:
                stories = shared_stories(generation, stories, index.articles)
        stories.source_counts()  # made here, off the thread that draws the rows' "+N"
        if self.index is index:
            self.stories = stories
        return stories


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a refresh changed."""

    changes: Changes
    new_doc: np.ndarray
    """Old article key → new key, or -1 for an article that is gone or was read again."""
    arrived: int
    """Articles that were not there before."""
    updated: int
    """Articles read again from changed files."""
    left: int
    """Articles that are gone."""
    index: CorpusIndex
    files: KnownFiles
    problems: list[LoadProblem]
    stories: StoryIndex | None = None
    """The archive's stories extended to the new index, when it had them."""
    generation: Path | None = None
    """Where the index was saved as it was merged (on disk: a large archive's), or None."""

    def describe(self) -> str:
        """ "3 new articles · 1 gone", or what changed in files when no article did."""
        articles = tally((self.arrived, "new article{s}"), (self.updated, "updated"), (self.left, "gone"))
        return articles or self.changes.describe()

    def lines_waiting(self) -> bool:
        """Whether a JSON Lines file's last line is left unread (unfinished as it was read, the
        file being written): a look once the file has been quiet reads it or names it."""
        return bool(len(self.files.unread_tails()))
