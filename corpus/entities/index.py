"""Entities across the archive: who and what each article mentions, and what occurs together."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from corpus.entities.cache import EntityCache, open_cache
from corpus.entities.extract import articles_mentions
from corpus.entities.grouping import group_columns
from corpus.entities.heads import head_forms, head_type
from corpus.entities.lexicons import person_names
from corpus.entities.mentions import CONFIDENT, NAME_TYPES, TYPES, Entity, Mention
from corpus.entities.resolution import known_place
from corpus.entities.table import (
    ArticleEntities,
    MentionColumns,
    MentionTable,
    PackedEntities,
    articles_each,
    articles_named,
    pack_entities,
)
from corpus.entities.turn import TAGGING, TAGGING_WAIT, WAITING, TaggingTurn
from corpus.garbage_collection import collector_paused, give_back_freed_memory, large_blocks_returned
from corpus.models import Article, ArticleUnreadable, Doc, Progress, report_phase
from corpus.packed import range_positions
from corpus.processes import ends_with_parent, one_thread_each, spawn_context, starting_helpers
from corpus.sorted_sets import distinct, members, paired
from corpus.text.clitics import CHECKED_PREFIXES, SHORT_PARTICLES, without_proclitic
from corpus.text.headline import sortable_date
from corpus.text.normalization import normalize
from corpus.text.shipped import places, world_places

__all__ = ["EntityIndex"]

TAGGED_TOGETHER = 80
"""Articles a worker tags in one call: their sentences go through the tagger together, in
batches of similar lengths; the network, Viterbi and forward-backward cost a fixed overhead
per time step, and 3,000 bench articles take 6,900 steps in groups of 80 against 14,500 in
groups of 20."""


def _process_pool(processes: int) -> Executor | None:
    """A pool of fresh interpreters for tagging, or None where processes cannot be started."""
    from concurrent.futures import ProcessPoolExecutor

    with starting_helpers():
        try:
            pool = ProcessPoolExecutor(processes, mp_context=spawn_context(), initializer=one_thread_each)
            pool.submit(len, "").result(timeout=60)
            return pool
        except (OSError, ValueError, RuntimeError, TimeoutError):
            return None


COMMON_SURNAME_ARTICLES = 2
"""A person's bare surname that the archive holds in over this many times as many articles as it
names the person in is a word of its own too (صالح, الأسد): where the tagger was unsure of it, it
is dropped (EntityIndex._drop_unsure_common_surnames)."""
HEADED_ARTICLES = 20
"""A one-word name the tagger names in fewer than COMMON_WORD_SHARE of the word's articles is still
kept when it names it in this many articles or more and the archive writes it right after a head
noun of its type in as many (EntityIndex._written_as_a_name)."""
PIECE_SHARE = 0.5
"""A word with one same word right before or after it in this share of its articles or more is a
piece of a longer name (سكاي of سكاي نيوز), never kept for being written after a head noun."""
COMMON_WORD_SHARE = 0.2
"""A one-word name must be named in at least this share of the articles that hold the word (a
quarter of it for a country or a great city CLDR names: مسقط of مسقط رأسه, "birthplace", is Muscat
wherever the tagger says so)."""

PEOPLE_EVIDENCE = 1.5
"""A one-word organisation is a people or a sect, no organisation, where the archive holds the
adjective it is the plural of (الكردي, الكردية of الأكراد) in this many times its articles."""


def _a_people(key: str, articles: int, frequency: Callable[[str], int]) -> bool:
    """Whether a one-word name with the article is the plural of a relative adjective the archive
    uses PEOPLE_EVIDENCE times as often: الأكراد (أفعال of كردي), الشيعة (the collective of شيعي).
    ANERcorp tags peoples O; the tagger sometimes calls them organisations."""
    if " " in key or not key.startswith("ال"):
        return False
    word = key[2:]
    roots = [word[:-1]] if word.endswith("ه") and len(word) >= 4 else []
    if len(word) == 5 and word[0] == "ا" and word[3] == "ا":
        roots.append(word[1:3] + word[4])  # أفعال: اكراد → كرد
    return any(
        frequency("ال" + root + "ي") + frequency("ال" + root + "يه") >= PEOPLE_EVIDENCE * articles for root in roots
    )


SEND_ENTITIES = 20_000
"""Entities per message from the building process (their mentions come first, as arrays):
each message is unpickled on its own, so the app never holds the interpreter for long."""


@contextmanager
def _opened_cache(path: Path | None) -> Iterator[tuple[EntityCache | None, str]]:
    """The cache at `path`, closed afterwards, and why it could not be used (then None: tagging
    goes on, uncached)."""
    cache, problem = open_cache(path)
    try:
        yield cache, problem
    finally:
        if cache is not None:
            cache.close()


SEND_ARTICLES = 2_000
"""Articles per message to the building process: sent a slice at a time after it starts, so
starting it never waits for all of them to be pickled, and a quit stops the sending."""


def _build_in_child(
    source: Any, cache_path: Path | None, results: Any, done: Any, batch: int, tagging_lock: Path | None = None
) -> None:
    """In a fresh interpreter: take the articles a slice at a time until None (or, first, the
    generation folder and count of their saved columns, mapped here), build the entity index,
    send back its parts a slice at a time."""
    ends_with_parent()
    articles: Sequence[Article]
    first = source.recv()
    if isinstance(first, tuple):  # (folder, count): a million articles never pickled nor held as objects
        from corpus.article_columns import read_article_columns

        try:
            articles = read_article_columns(Path(first[0]), int(first[1]))
        except (OSError, ValueError):
            raise SystemExit(MAPS_GONE) from None  # gone meanwhile: ended quietly, the articles are sent instead
    else:
        received: list[Article] = []
        part = first
        while part is not None:
            received.extend(part)
            part = source.recv()
        articles = received
    source.close()

    with _opened_cache(cache_path) as (cache, problem):
        index, tagged = EntityIndex.build(
            articles, cache=cache, progress=_SharedCount(done), batch=batch, tagging_lock=tagging_lock
        )
    results.send(("table", index.table.parts()))
    packed = index.entities
    for start in range(0, len(packed), SEND_ENTITIES):
        end = start + SEND_ENTITIES
        columns = (packed.keys[start:end], packed.names[start:end], packed.types[start:end])
        results.send(("entities", (*columns, packed.starts[start:end], packed.stops[start:end])))
    results.send(("done", (tagged, problem)))
    results.close()


class _SharedCount:
    """A build's progress in a helper process, as a count the app's process reads: the articles
    tagged, or WAITING while another process holds the turn to tag (see TaggingTurn)."""

    def __init__(self, done: Any) -> None:
        self._done = done

    def __call__(self, finished: int, total: int) -> None:
        self._done.value = finished

    def phase(self, name: str) -> None:
        if name == TAGGING_WAIT:
            self._done.value = WAITING
        elif name == TAGGING and self._done.value == WAITING:
            self._done.value = 0


WORKERS_UNCOUNTED = 1 << 20
"""The tagging processes said for a build on a cluster's executor: more than any one machine's."""
BATCHES_AHEAD = 2
"""Batches handed to the tagging workers before the oldest one's mentions are stored: while
this process reads the cache and stores mentions, the workers are never idle."""


@dataclass
class _Batch:
    """One batch of articles on its way through the cache and the tagging workers."""

    start: int
    keys: list[str]
    texts: list[str]
    cached: dict[str, list[Mention]]
    missing: list[int]
    """Positions in the batch of the articles the cache does not hold."""
    tagging: list[Future[list[list[Mention]]]] | None
    """The workers' tasks for the missing articles, TAGGED_TOGETHER at a time (None: tagged here)."""
    refused: str = ""
    """Why the workers could not be handed the missing articles (a broken pool), or ""."""

    @classmethod
    def started(
        cls,
        articles: Sequence[Article],
        start: int,
        size: int,
        cache: EntityCache | None,
        pool: Executor | None,
        turn: TaggingTurn | None = None,
    ) -> _Batch:
        """Read a batch's texts and cached mentions, and hand what is missing to the workers,
        once this process has the `turn` to tag (the cache is read again if it had to wait)."""
        texts = [_text_or_nothing(a) for a in articles[start : start + size]]
        keys = [EntityCache.key(text) for text in texts]
        cached = cache.get_many(keys) if cache is not None else {}
        missing = [i for i, key in enumerate(keys) if key not in cached]
        if missing and cache is not None and turn is not None and turn.take():
            cached.update(cache.get_many([keys[i] for i in missing]))  # what the other process tagged
            missing = [i for i in missing if keys[i] not in cached]
        tagging, refused = None, ""
        if pool is not None and missing:
            try:
                tagging = [
                    pool.submit(articles_mentions, [texts[i] for i in missing[g : g + TAGGED_TOGETHER]])
                    for g in range(0, len(missing), TAGGED_TOGETHER)
                ]
            except RuntimeError as error:  # the pool broke or shut down: tag here
                tagging, refused = None, str(error) or type(error).__name__
        return cls(start, keys, texts, cached, missing, tagging, refused)

    def finish(self, columns: MentionColumns, cache: EntityCache | None) -> tuple[int, str]:
        """Wait for the batch's mentions, add them to `columns` and the cache; how many were
        tagged, and why the workers failed to tag them (then tagged here), or ""."""
        found: list[list[Mention]] | None = None
        failure = self.refused
        if self.tagging is not None:
            try:
                found = [mentions for task in self.tagging for mentions in task.result()]
            except Exception as error:  # noqa: BLE001 - no worker process, a cluster's worker lost: tag here
                found = None
                failure = str(error) or type(error).__name__
        if found is None:
            found = articles_mentions([self.texts[i] for i in self.missing]) if self.missing else []
        fresh = [(self.keys[i], mentions) for i, mentions in zip(self.missing, found, strict=True)]
        self.cached.update(fresh)
        for doc, key in enumerate(self.keys, start=self.start):
            for mention in self.cached[key]:
                columns.add(doc, mention)
        if cache is not None and fresh:
            cache.put_many(fresh)
        return len(fresh), failure


def _joined(slices: list[tuple[Any, ...]], table: MentionTable) -> PackedEntities:
    """The entity columns sent a slice at a time, as one."""
    if not slices:
        empty = np.empty(0, dtype=np.int64)
        return PackedEntities([], [], np.empty(0, dtype=np.int8), empty, empty, table)
    keys, names, types, starts, stops = zip(*slices, strict=True)
    return PackedEntities(
        [key for part in keys for key in part],
        [name for part in names for name in part],
        np.concatenate(types),
        np.concatenate(starts),
        np.concatenate(stops),
        table,
    )


def _text_or_nothing(article: Article) -> str:
    """The article's text, or "" (no mentions) when its file can no longer be read."""
    try:
        return article.read_text()
    except ArticleUnreadable:
        return ""


_PREPOSITIONS = ("وبال", "وكال", "فبال", "بال", "كال", "لل", "وب", "ول", "فب", "فل", "وك", "ب", "ل", "ك")
"""Prepositions a name can be written after (longest first); و and ف alone are conjunctions."""


def _read(column: np.ndarray, rows: np.ndarray, whole: bool) -> np.ndarray:
    """A table column at `rows`: the column itself when the rows are the whole table in order."""
    return column if whole else column[rows]


def _prepositional(form: str) -> bool:
    """A one-word form that begins with a preposition and has a word after it."""
    return " " not in form and any(form.startswith(p) and len(form) - len(p) >= 3 for p in _PREPOSITIONS)


def _a_preposition_and(form: str, key: str) -> bool:
    """Whether a written form is a preposition and a word of the name keyed `key` (لصالح and
    صالح or علي عبدالله صالح, بالرياض and الرياض)."""
    names = set(key.split())
    for prefix in _PREPOSITIONS:
        if form.startswith(prefix):
            rest = form[len(prefix) :]
            if {rest, "ال" + rest} & names or (rest.startswith("ال") and rest[2:] in names):
                return True
    return False


_L_AND_ARTICLE = ("ولل", "فلل", "لل")
"""ل and the article folded into it (للخرج is ل + الخرج), maybe after و or ف."""
_READ_OFF = (*CHECKED_PREFIXES, *_L_AND_ARTICLE)
"""What `_plain_readings` reads off a word: a conjunction or preposition, alone or with the article."""


def _plain_readings(forms: set[str]) -> set[str]:
    """What one-word forms read as without a leading conjunction or preposition, the article kept
    or restored (بالخرج: الخرج, never خرج "went out"; وجبيل: جبيل, never الجبيل), where such a
    reading can be: what is left has three letters or more beside the article, or is a function
    word (لله is ل + له; بالي is no ب + الي);
    the form is never also written with the article (فاو, written الفاو too, is no ف before
    او, "or") nor a name the name lists know (فورد, بيليه); and a place the gazetteer knows
    is read so only where what is left is a place too (كابل is no ك before ابل, as the grouping
    reads it; وجدة may be و and جدة), as is a form whose و or ف leaves such a place (وكابل is
    و + كابل, never وك + ابل)."""
    readings: set[str] = set()
    for form in forms:
        if "ال" + form in forms or form in person_names():
            continue
        found = {
            reading
            for prefix in _READ_OFF
            if form.startswith(prefix)
            and (
                len((reading := without_proclitic(form, prefix)).removeprefix("ال")) >= 3 or reading in SHORT_PARTICLES
            )
        }
        shortest = without_proclitic(form, form[0]) if form[:1] in ("و", "ف") else ""
        if known_place(form) or known_place(shortest):  # وكابل: و + كابل; ولجنه may be و + لجنه
            found = {reading for reading in found if known_place(reading)}
        readings |= found
    return readings


def _written_as_a_name(entity: Entity, company: WordCompany) -> bool:
    """Whether a one-word body, or a place the gazetteer knows, that the tagger seldom names is
    written as a name all the same: named in HEADED_ARTICLES articles or more, written right
    after a head noun of its type (نادي الهلال, صحيفة عكاظ, مدينة تدمر) in as many, no head
    noun of that type itself (منظمة), and no piece of a longer name (PIECE_SHARE). A club the
    training text knows only as the moon (الهلال), or a site (تويتر) whose word is mostly the
    site's name used as a word, stays in the table. A place no gazetteer lists is left out:
    words before names (وادي, سان) are written after مدينة and محافظة as much as places are."""
    heads = head_forms(entity.type)
    return (
        len(entity.articles) >= HEADED_ARTICLES
        and (entity.type == "ORG" or (entity.type == "LOC" and entity.key in places()))
        and bool(heads)
        and head_type(entity.key.removeprefix("ال")) != entity.type  # منظمة: a head noun is no name of its kind
        and company.articles_after(entity.key, heads) >= HEADED_ARTICLES
        and company.partner_share(entity.key) < PIECE_SHARE
    )


def _bare_forms(form: str) -> tuple[str, ...]:
    """A one-word normalized form and what it is without a leading preposition or conjunction
    (للسياسي: السياسي, سياسي), or () for a form of several words."""
    if " " in form:
        return ()
    bare = [form]
    for prefix in CHECKED_PREFIXES:
        rest = form[len(prefix) :]
        if form.startswith(prefix) and len(rest) >= 3:
            bare.append(rest)
    for prefix in _L_AND_ARTICLE:  # the article's ال folded into a ل
        if form.startswith(prefix) and len(form) - len(prefix) >= 3:
            bare += ["ال" + form[len(prefix) :], form[len(prefix) :]]
            break
    return tuple(dict.fromkeys(bare))


MAPS_GONE = 3
"""The entity process's exit status when the generation it was to map the articles from is gone."""


class WordCompany(Protocol):
    """What the archive's index says of the words beside a word (corpus.search.company)."""

    def articles_after(self, word: str, before: Collection[str]) -> int:
        """Articles holding `word` right after one of the forms `before`."""

    def partner_share(self, word: str) -> float:
        """The largest share of the word's articles with one same word right before, or after, it."""


class _HelperFailed(RuntimeError):
    """The process building the entity index ended before it sent them."""

    def __init__(self, message: str, *, status: int | None) -> None:
        super().__init__(message)
        self.status = status
        """Its exit status (MAPS_GONE: the generation it was to map was gone)."""


class EntityIndex:
    """Entity → articles, mentions and counts; and the entities that occur with it."""

    def __init__(
        self,
        entities: Sequence[Entity],
        articles: Sequence[Article],
        by_article: ArticleEntities | None = None,
        table: MentionTable | None = None,
    ) -> None:
        """`articles` in archive order (an entity's mentions name them by position); the
        entities' mentions are packed into one table unless `table` already holds them, and
        the entities into columns (`PackedEntities`) unless they already are; `by_article`
        (article → entity numbers) is derived from them unless given."""
        self.articles = articles
        self.cache_problem = ""
        """Why the entity cache could not be used while this index was built, or empty."""
        self.tagged_here = ""
        """What of the tagging handed to worker processes (or a cluster's workers) failed there
        and was done in this process instead, and why, or empty."""
        self.names_by_article: frozenset[str] | None = None
        """The names the archive writes only with the article or only without it (corpus.entities.article_names),
        once the archive worked them out from its index (saved with the table), or None."""
        self.words_named: dict[str, int] | None = None
        """How many articles hold each word in a name (corpus.entities.article_names.words_named),
        as saved with the table (the words two or more articles name), or None (count them)."""
        if isinstance(entities, PackedEntities):
            self.table = entities.table
        else:
            self.table = table if table is not None else pack_entities(entities)
        self._use(entities, by_article)

    def _use(self, entities: Sequence[Entity], by_article: ArticleEntities | None = None) -> None:
        packed = entities if isinstance(entities, PackedEntities) else PackedEntities.of(entities, self.table)
        self.entities = packed
        self._by_article = by_article

    def prepare(self) -> None:
        """Make the article → entities table now, on the caller's thread (a background one), not
        when an article's entities are first asked for."""
        _ = self.by_article

    @property
    def by_article(self) -> ArticleEntities:
        """Article → the numbers of the entities it names: made when first asked for (not at each
        of the drops that follow a grouping)."""
        if self._by_article is None:
            self._by_article = ArticleEntities.of(self.entities, len(self.articles))
        return self._by_article

    def drop_common_words(
        self, frequency: Callable[[str], int], *, in_place: bool = False, company: WordCompany | None = None
    ) -> int:
        """Drop one-word names the archive mostly uses as plain words: named in fewer than
        COMMON_WORD_SHARE of the articles holding the word, as written or without a leading
        preposition (له, منظمة, بالجهة, where the tagger slipped; see _plain_readings), unless
        `company` shows the archive writes it as a name (_written_as_a_name); organisations that are a
        people (الأكراد: _a_people); and, from any name, the
        mentions written as a preposition and the name that the archive mostly uses as a word
        of its own (لصالح "in favour of" is not صالح); `frequency` gives a normalized word's
        article count. Returns how many entities were dropped. `in_place`: the table keeps its
        rows in place (PackedEntities.keeping), for an index no one else holds the entities or
        the table of yet, as the archive's build: a million articles' table is never held twice."""
        before = len(self.entities)
        with large_blocks_returned():  # a million articles' blocks of rows, freed, are given back
            self._drop_prepositional_words(frequency, in_place)
            self._drop_common_word_variants(frequency, in_place)
            self._drop_unsure_common_surnames(frequency, in_place)
        kept: list[Entity] = []
        states = world_places()
        most_named: Counter[str] = Counter()  # a one-word key → the articles of its most named entity
        for entity in self.entities:
            if entity.type in NAME_TYPES and " " not in entity.key:
                most_named[entity.key] = max(most_named[entity.key], len(entity.articles))

        def written_as_a_name(entity: Entity) -> bool:
            return (
                company is not None
                and len(entity.articles) == most_named[entity.key]
                and _written_as_a_name(entity, company)
            )

        for entity in self.entities:
            if entity.type == "ORG" and _a_people(entity.key, len(entity.articles), frequency):
                if not written_as_a_name(entity):  # نادي الاتحاد: no plural of التحدي
                    continue
            elif entity.type in NAME_TYPES and " " not in entity.key:
                share = COMMON_WORD_SHARE / (4 if entity.type == "LOC" and entity.key in states else 1)
                forms = {normalize(text) for text, _ in entity.variant_counts}
                forms |= _plain_readings(forms)
                seen = max((frequency(form) for form in forms if " " not in form), default=0)
                if len(entity.articles) < share * seen and not written_as_a_name(entity):
                    continue
            kept.append(entity)
        if len(self.entities) - len(kept):
            self._use(kept)
        return before - len(self.entities)

    def _drop_prepositional_words(self, frequency: Callable[[str], int], in_place: bool = False) -> None:
        """Drop the mentions written as a preposition (ل ب ك, alone or after و ف) and a name's
        key when the archive holds that written word in over 1/COMMON_WORD_SHARE times as many
        articles as name it so (its spellings counted together, as the archive's count is: a
        rare لاوباما beside لأوباما is Obama's too)."""
        packed, table = self.entities, self.table
        rows, owners, whole = self._mention_rows()
        texts = _read(table.texts, rows, whole)  # int32: widened only where a pair is made
        candidates = {n: form for n, form in enumerate(map(normalize, table.strings)) if _prepositional(form)}
        if not candidates:
            return
        suspect = members(texts, np.fromiter(candidates, dtype=np.int64))
        if not suspect.any():
            return
        text_numbers, articles = articles_named(texts[suspect], table.docs[rows[suspect]])
        named: Counter[str] = Counter()  # a normalized form → the articles naming it, in any of its spellings
        for number, count in zip(text_numbers.tolist(), articles.tolist(), strict=True):
            named[candidates[number]] += count  # لأوباما and لاوباما: the archive's count is of both
        common = {
            number
            for number in text_numbers.tolist()
            if named[candidates[number]] < COMMON_WORD_SHARE * frequency(candidates[number])
        }
        keep = np.ones(len(table), dtype=bool)
        for position in np.flatnonzero(suspect).tolist():
            number = int(texts[position])
            if number in common and _a_preposition_and(candidates[number], packed.keys[owners[position]]):
                keep[rows[position]] = False
        del rows, owners, texts  # a million articles' mentions are many: gone before the table is copied
        if not keep.all():
            self._keep_mentions(keep, in_place)

    def _drop_common_word_variants(self, frequency: Callable[[str], int], in_place: bool = False) -> None:
        """Drop a person's mentions written as one word that is no word of the person's name
        (a spelling the grouping took as a variant) when the archive holds that word, without
        a leading preposition or conjunction, in over 1/COMMON_WORD_SHARE times as many
        articles as any name holds it in (للسياسي "for the politician" is no السيسي; ترمب, a
        name wherever it is written, stays with ترامب)."""
        packed, table = self.entities, self.table
        rows, owners, whole = self._mention_rows()
        if not (packed.types == TYPES.index("PER")).any():
            return
        texts = _read(table.texts, rows, whole)  # int32: widened only where a pair is made
        numbers, articles = articles_named(texts, _read(table.docs, rows, whole))
        forms = {text: normalize(table.strings[text]) for text in numbers.tolist()}
        named: Counter[str] = Counter()  # a word → articles a name holds it in (an upper bound)
        for text, count in zip(numbers.tolist(), articles.tolist(), strict=True):
            for word in set(forms[text].split()) | set(_bare_forms(forms[text])):
                named[word] += count
        people = np.flatnonzero(packed.types[owners] == TYPES.index("PER"))
        pairs = distinct(paired(texts[people], len(packed), owners[people]), in_place=True)
        drop: list[int] = []
        for code in pairs.tolist():
            text, owner = divmod(code, len(packed))
            bare = _bare_forms(forms[text])
            if not bare:
                continue  # a name of several words
            names = set(packed.keys[owner].split())
            if set(bare) & (names | {"ال" + word for word in names} | {word[2:] for word in names}):
                continue  # a word of the name, maybe after a preposition
            form = max(bare, key=frequency)
            if named[form] < COMMON_WORD_SHARE * frequency(form):
                drop.append(code)
        if not drop:
            return
        keep = np.ones(len(table), dtype=bool)
        placed = paired(texts[people], len(packed), owners[people])  # only people's rows can be dropped
        keep[rows[people[members(placed, np.array(drop, dtype=np.int64))]]] = False
        del rows, owners, texts, people, placed  # gone before the table is copied
        self._keep_mentions(keep, in_place)

    def _drop_unsure_common_surnames(self, frequency: Callable[[str], int], in_place: bool = False) -> None:
        """Drop a person's mentions the tagger was unsure of (below CONFIDENT) that are one word
        of the person's name written alone, where the archive holds that word in over
        COMMON_SURNAME_ARTICLES times as many articles as it names the person in: the word is a
        word of its own there as often as the name (في صالح الحوثيين, "in the Houthis' favour", is
        no علي عبد الله صالح; حصة الأسد, "the lion's share", no بشار الأسد)."""
        packed, table = self.entities, self.table
        rows, owners, whole = self._mention_rows()
        person = packed.types[owners] == TYPES.index("PER")
        unsure = person & (_read(table.confidences, rows, whole) < round(CONFIDENT * 100))
        if not unsure.any():
            return
        articles = articles_each(owners, _read(table.docs, rows, whole), len(packed))
        texts = _read(table.texts, rows, whole)  # int32: widened only where a pair is made
        common: dict[tuple[int, int], bool] = {}
        keep = np.ones(len(table), dtype=bool)
        for position in np.flatnonzero(unsure).tolist():
            pair = (int(texts[position]), int(owners[position]))
            if pair not in common:
                form, owner = normalize(table.strings[pair[0]]), pair[1]
                names = set(packed.keys[owner].split())
                words = [word for word in _bare_forms(form) if word in names or word[2:] in names]
                common[pair] = (
                    bool(words)
                    and " " in packed.keys[owner]
                    and max(frequency(word) for word in words) > COMMON_SURNAME_ARTICLES * int(articles[owner])
                )
            if common[pair]:
                keep[rows[position]] = False
        del rows, owners, texts  # a million articles' mentions are many: gone before the table is copied
        if not keep.all():
            self._keep_mentions(keep, in_place)

    def _mention_rows(self) -> tuple[np.ndarray, np.ndarray, bool]:
        """Every mention's row of the table, entity after entity, the entity it belongs to, and
        whether those rows are the table's own (its columns are then read as they are, not copied)."""
        packed = self.entities
        lengths = packed.stops - packed.starts
        owners = np.repeat(np.arange(len(packed), dtype=np.int32), lengths)
        if packed.whole_table():  # runs one after another: the whole table
            return np.arange(len(owners), dtype=np.int32), owners, True
        return range_positions(packed.starts, lengths), owners, False

    def _keep_mentions(self, keep: np.ndarray, in_place: bool = False) -> None:
        """Keep only the mentions (rows of the table) where `keep` is true; an entity left with none goes."""
        entities = self.entities.keeping(keep, in_place=in_place)
        self.table = entities.table
        self._use(entities)

    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        *,
        cache: EntityCache | None = None,
        progress: Progress | None = None,
        batch: int = 50,
        processes: int = 0,
        executor: Executor | None = None,
        tagging_lock: Path | None = None,
    ) -> tuple[EntityIndex, int]:
        """Tag every article (reusing cached mentions); returns the index and how many were tagged anew.

        With `processes`, the tagging runs in that many worker processes, so a busy tagger never
        holds the interpreter lock the app needs to answer keystrokes; with `executor` (a
        cluster's, which stays the caller's), on its workers. `tagging_lock`: the archive's
        lock file for its turn to tag into the cache (see TaggingTurn).
        """
        columns = MentionColumns()
        tagged = 0
        total = len(articles)
        own_pool = executor is None
        pool = executor
        if pool is None and processes > 0 and total > batch:
            pool = _process_pool(processes)
        waiting: deque[_Batch] = deque()
        failures: list[tuple[int, str]] = []
        workers = WORKERS_UNCOUNTED if executor is not None else max(1, processes)
        turn = TaggingTurn(cache.path if cache is not None else None, tagging_lock, progress, workers)

        def store_oldest(into: MentionColumns) -> int:
            done = waiting.popleft()
            fresh, failure = done.finish(into, cache)
            if failure:
                failures.append((len(done.missing), failure))
            if progress is not None:
                progress(min(total, done.start + batch), total)
            return fresh

        try:
            for start in range(0, total, batch):
                waiting.append(_Batch.started(articles, start, batch, cache, pool, turn))
                if len(waiting) > BATCHES_AHEAD:  # the workers tag the next batches while this one is stored
                    tagged += store_oldest(columns)
            while waiting:
                tagged += store_oldest(columns)
        finally:
            turn.release()
            if pool is not None and own_pool:
                pool.shutdown(cancel_futures=True)
        report_phase(progress, "grouping entities")
        entities, table = group_columns(columns)
        del columns  # the table holds the mentions now (22 bytes each, 460 MB at a million articles)
        give_back_freed_memory()  # the grouping's own work is freed: the drops that follow start lower
        index = cls(entities, articles, table=table)
        if failures:
            count = sum(size for size, _ in failures)
            index.tagged_here = (
                f"the tagging of {count:,} article{'s' * (count != 1)} failed on the workers"
                f" ({failures[0][1][:200]}) and was done here"
            )
        return index, tagged

    @classmethod
    def build_cached(
        cls,
        articles: Sequence[Article],
        *,
        cache_path: Path | None,
        progress: Progress | None = None,
        processes: int = 0,
        executor: Executor | None = None,
        tagging_lock: Path | None = None,
    ) -> tuple[EntityIndex, int]:
        """`build` with the cache at `cache_path` (opened and closed here; without one when it
        cannot be opened), tagging in `processes` worker processes (or on `executor`) over large
        batches."""
        helped = processes > 0 or executor is not None
        with _opened_cache(cache_path) as (cache, problem):
            index, tagged = cls.build(
                articles,
                cache=cache,
                progress=progress,
                processes=processes,
                executor=executor,
                batch=400 if helped else 50,
                tagging_lock=tagging_lock,
            )
        index.cache_problem = problem
        return index, tagged

    @classmethod
    def build_elsewhere(
        cls,
        articles: Sequence[Article],
        *,
        cache_path: Path | None = None,
        progress: Progress | None = None,
        batch: int = 200,
        mapped_from: Path | None = None,
        tagging_lock: Path | None = None,
    ) -> tuple[EntityIndex, int]:
        """`build`, run in a fresh interpreter that ends when it is done, for the app. With
        `mapped_from`, the generation folder `articles` were read from: the other process maps
        them from there instead of receiving them.

        Reading the cache, tagging and grouping hold Python's interpreter lock for tens of
        seconds over 69k articles; done here, in a thread of the app, they made keystrokes
        wait up to a second. Only the finished parts come back, in slices. `progress` is polled
        here and may raise to stop the work, which ends the other process. Where no process
        can be started, builds here.
        """
        if mapped_from is not None:
            try:
                return cls._elsewhere(articles, cache_path, progress, batch, mapped_from, tagging_lock)
            except _HelperFailed as failure:
                if failure.status != MAPS_GONE:
                    raise
                # the generation went before the other process mapped it: send the articles
        return cls._elsewhere(articles, cache_path, progress, batch, None, tagging_lock)

    @classmethod
    def _elsewhere(
        cls,
        articles: Sequence[Article],
        cache_path: Path | None,
        progress: Progress | None,
        batch: int,
        mapped_from: Path | None,
        tagging_lock: Path | None = None,
    ) -> tuple[EntityIndex, int]:
        context = spawn_context()
        receiver, sender = context.Pipe(duplex=False)
        article_receiver, article_sender = context.Pipe(duplex=False)
        done = context.Value("q", 0, lock=False)
        child = context.Process(
            target=_build_in_child, args=(article_receiver, cache_path, sender, done, batch, tagging_lock), daemon=True
        )
        with starting_helpers():
            try:
                child.start()
                started = True
            except (OSError, ValueError, RuntimeError):
                started = False
        if not started:
            return cls.build_cached(articles, cache_path=cache_path, progress=progress, tagging_lock=tagging_lock)
        sender.close()
        article_receiver.close()
        columns: list[tuple[Any, ...]] = []
        table: MentionTable | None = None
        receiving = ExitStack()  # the collector pauses from the first slice on (see collector_paused)
        waited = False
        try:
            if mapped_from is not None:
                article_sender.send((str(mapped_from), len(articles)))
            else:
                for start in range(0, len(articles), SEND_ARTICLES):
                    if progress is not None:
                        progress(0, len(articles))  # may raise to stop: a quit does not wait for the rest
                    article_sender.send(list(articles[start : start + SEND_ARTICLES]))
                article_sender.send(None)
            article_sender.close()
            while True:
                if not receiver.poll(0.1):
                    if not child.is_alive() and not receiver.poll(0):
                        failure = f"the entity process ended with status {child.exitcode}"
                        raise _HelperFailed(failure, status=child.exitcode)
                    if progress is not None:
                        count = done.value
                        if count == WAITING:
                            report_phase(progress, TAGGING_WAIT)
                            waited = True
                            continue
                        if waited:
                            report_phase(progress, TAGGING)
                            waited = False
                        progress(count, len(articles))
                        if count >= len(articles):
                            report_phase(progress, "grouping entities")  # the other process groups them now
                    continue
                if table is None:
                    receiving.enter_context(collector_paused())
                try:
                    kind, part = receiver.recv()
                except EOFError:
                    child.join(timeout=10)
                    failure = f"the entity process ended with status {child.exitcode}"
                    raise _HelperFailed(failure, status=child.exitcode) from None
                if kind == "table":
                    table = MentionTable(*part)
                elif kind == "entities" and table is not None:
                    columns.append(part)
                    time.sleep(0.01)  # let the app's own thread in between slices
                elif kind == "done":
                    tagged, problem = part
                    break
            if table is None:
                raise RuntimeError("the entity process sent no mentions")
            index = cls(_joined(columns, table), articles)
            index.cache_problem = problem
        finally:
            receiving.close()
            receiver.close()
            article_sender.close()
            if child.is_alive():
                child.terminate()
            child.join(timeout=10)
        return index, tagged

    def for_article(self, doc: Doc) -> list[tuple[Entity, int]]:
        """The entities of one article with how often it names each, most named first."""
        found = []
        for number in self.by_article.get(doc):
            entity = self.entities[number]
            found.append((entity, entity.count_in(doc)))
        found.sort(key=lambda pair: (-pair[1], pair[0].name))
        return found

    def most_named_in(self, docs: Sequence[Doc] | np.ndarray, limit: int) -> list[tuple[Entity, int]]:
        """The names (NAME_TYPES) most of `docs` name, each with how many of them do, most first
        (then in entity order): the archive's entities of a period, a source or a search."""
        wanted = np.asarray(docs, dtype=np.int64)
        offsets = self.by_article.offsets
        wanted = wanted[(wanted >= 0) & (wanted < len(offsets) - 1)]
        starts = offsets[wanted]
        numbers = self.by_article.numbers[range_positions(starts, offsets[wanted + 1] - starts)]
        counts = np.bincount(numbers, minlength=len(self.entities)) if len(numbers) else np.zeros(0, dtype=np.int64)
        names = np.isin(np.asarray(self.entities.types), [TYPES.index(kind) for kind in NAME_TYPES])
        counts = np.where(names[: len(counts)], counts, 0)
        order = np.argsort(-counts, kind="stable")[:limit]
        return [(self.entities[int(n)], int(counts[n])) for n in order.tolist() if counts[n]]

    def cooccurring(self, entity: Entity, limit: int = 10) -> list[tuple[Entity, int]]:
        """The entities found in the most articles together with this one."""
        counts: Counter[int] = Counter()
        for article in entity.articles:
            counts.update(self.by_article.get(article))
        own = self.entities.number_of(entity)
        return [(self.entities[n], c) for n, c in counts.most_common(limit + 1) if n != own][:limit]

    def timeline(self, entity: Entity) -> list[tuple[str, int]]:
        """Articles naming the entity per month (YYYY-MM), for those with a date; oldest first."""
        months: Counter[str] = Counter()
        for doc in entity.articles:
            date = sortable_date(self.articles[doc].date) if 0 <= doc < len(self.articles) else ""
            if date:
                months[date[:7]] += 1
        return sorted(months.items())
