"""Ranked search over a CorpusIndex, with snippets whose offsets point into the article text."""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass

import numpy as np

from corpus.members import gather_ranges
from corpus.models import Article, ArticleUnreadable, Doc
from corpus.search.expansion import expand, same_word
from corpus.search.index import TITLE_BONUS, CorpusIndex
from corpus.search.query import Clause, Query, parse_query
from corpus.search.snippets import Snippet, make_snippets
from corpus.search.stop import Stop, check_stop
from corpus.search.transliteration import compound_reading, keyboard_reading
from corpus.sized_cache import SizedCache
from corpus.text.normalization import TOKEN_PATTERN, tokenize

__all__ = [
    "MATCH_ORDER",
    "MatchedClause",
    "SearchResult",
    "WordMatch",
    "filter_mask",
    "PARTIAL_BELOW",
    "candidates",
    "make_result",
    "phrase_docs",
    "search_notes",
    "query_notes",
    "QueryNotes",
    "token_spans",
    "find_hits",
    "word_matches",
]

PHRASE_BONUS = 1.5
PARTIAL_BELOW = 10
"""When all the words together match fewer articles than this (about a screenful), articles
matching all but one of them follow, ranked below and marked partial."""


MATCH_ORDER = ("exact", "base", "variant", "transliteration", "prefix")
"""How a query word can match, most direct first (see Expansion.kinds)."""


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How one query word matched an article: `kind` (MATCH_ORDER) through the form `found`."""

    word: str
    kind: str
    found: str

    def to_json(self) -> dict[str, str]:
        return {"word": self.word, "match": self.kind, "found": self.found}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One matching article: its rank score, a few snippets, every hit in its text, and how
    each query word matched it."""

    article: Article
    doc: Doc
    score: float
    snippets: tuple[Snippet, ...]
    hits: tuple[tuple[int, int], ...]
    words: tuple[WordMatch, ...] = ()
    partial: bool = False
    """The article holds all but one of the query's words (ranked after every full match)."""

    @property
    def match(self) -> str:
        """How the article matched as a whole: "partial" when a word is missing, else its least
        direct word's way ("exact" when all were)."""
        if self.partial:
            return "partial"
        kinds = [MATCH_ORDER.index(w.kind) for w in self.words if w.kind in MATCH_ORDER]
        return MATCH_ORDER[max(kinds)] if kinds else "exact"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.article.id,
            "path": self.article.path,
            "title": self.article.title,
            "date": self.article.date,
            "source": self.article.source_name,
            "score": round(self.score, 4),
            "match": self.match,
            "words": [w.to_json() for w in self.words],
            "snippets": [s.to_json() for s in self.snippets],
        }


SPAN_CACHE_TOKENS = 500_000
"""Token spans kept between searches, counted in tokens (about 100 bytes each): the spans of
one 10-million-word article are never kept, those of a few screens of results are."""
_spans: SizedCache[str, tuple[tuple[int, int], ...]] = SizedCache(SPAN_CACHE_TOKENS, len)


def token_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every token of `text`, aligned with CorpusIndex.doc_tokens."""
    found = _spans.get(text)
    if found is None:
        found = tuple([m.span() for m in TOKEN_PATTERN.finditer(text)])
        _spans.put(text, found)
    return found


@dataclass(slots=True)
class MatchedClause:
    """A positive clause after expansion: per word, the weighted terms it matches."""

    clause: Clause
    words: list[dict[int, float]]
    kinds: list[dict[int, str]]
    ranked: list[list[int]]
    """Per word, its terms from the most direct match to the least (for word_matches)."""


def _expand(index: CorpusIndex, clause: Clause, stop: Stop | None = None) -> MatchedClause:
    clause = _as_compound(index, clause)
    exact = clause.kind == "exact" or clause.as_written
    fuzzy = clause.kind == "word" and not clause.negated
    expansions = []
    for word in clause.words:
        check_stop(stop)
        expansions.append(expand(index, word, exact=exact, fuzzy=fuzzy, prefix=clause.prefix))
    for other in clause.alternatives:
        added = expand(index, other, exact=exact, fuzzy=False)
        for term, weight in added.weights.items():
            if weight > expansions[0].weights.get(term, 0.0):
                expansions[0].weights[term] = weight
                expansions[0].kinds[term] = "variant" if added.kinds[term] == "exact" else added.kinds[term]
    ranked = [sorted(e.weights, key=e.weights.__getitem__, reverse=True) for e in expansions]
    return MatchedClause(clause, [e.weights for e in expansions], [e.kinds for e in expansions], ranked)


def _as_compound(index: CorpusIndex, clause: Clause) -> Clause:
    """A word clause in Latin letters that the archive writes as two Arabic words more often than
    as one (hezbollah: حزب الله; ramallah: رام الله, not الرملة; but abdallah stays عبدالله), as
    the phrase of those two; any other clause as it is. Decided once per word and index."""
    if clause.kind != "word" or len(clause.words) != 1 or clause.alternatives or clause.as_written:
        return clause
    word = clause.words[0]
    with _compounds_lock:
        decided = _compounds.setdefault(index, {})
        if word not in decided:
            decided[word] = _compound_of(index, word)
        parts = decided[word]
    return clause if parts is None else Clause("phrase", parts, negated=clause.negated)


_compounds: weakref.WeakKeyDictionary[CorpusIndex, dict[str, tuple[str, ...] | None]] = weakref.WeakKeyDictionary()
_compounds_lock = threading.Lock()


def _compound_of(index: CorpusIndex, word: str) -> tuple[str, ...] | None:
    """The two Latin words a Latin word stands for, when the archive writes their Arabic readings
    side by side in more articles than it writes the word's own reading; else None."""
    same = same_word(index)
    parts = compound_reading(index, word, same)
    if parts is None:
        return None
    whole = expand(index, word, fuzzy=False).read_as
    held = max((int(index.document_frequency[t]) for t in whole), default=0)
    first, second = (expand(index, part, fuzzy=False) for part in parts)
    pair = [{t: 1.0 for t in first.read_as}, {t: 1.0 for t in second.read_as}]
    held_first, held_second = (np.unique(np.concatenate([index.postings(t)[0] for t in terms])) for terms in pair)
    docs = np.intersect1d(held_first, held_second)
    return parts if len(phrase_docs(index, docs, pair)) > held else None


def word_matches(index: CorpusIndex, doc: Doc, matched: list[MatchedClause]) -> tuple[WordMatch, ...]:
    """How each word of the positive clauses matched the document: the most direct of its
    terms that the document holds, in its text or its title."""
    body = set(index.doc_tokens(doc).tolist())
    found: list[WordMatch] = []
    for m in matched:
        for word, ranked, kinds in zip(m.clause.words, m.ranked, m.kinds, strict=True):
            for term in ranked:
                if term in body or doc in index.title_postings(term):
                    found.append(WordMatch(word, kinds.get(term, "exact"), index.terms[term]))
                    break
    return tuple(found)


def filter_mask(index: CorpusIndex, query: Query) -> np.ndarray | None:
    """Which documents the query's date and source filters let through (None: no filter).
    An article with no date never passes a date filter."""
    if not query.filtered:
        return None
    keep = np.ones(len(index), dtype=bool)
    if query.after or query.before:
        days = index.article_days()
        keep &= days > 0
        if query.after:
            keep &= days >= query.after
        if query.before:
            keep &= days < query.before
    if query.sources:
        names = index.source_keys()
        admitted = {name for name in set(names) if any(w in name for w in query.sources)}  # few sources, many articles
        keep &= np.fromiter((name in admitted for name in names), dtype=bool, count=len(names))
    return keep


def _word_scores(index: CorpusIndex, weights: dict[int, float]) -> np.ndarray:
    body = np.zeros(len(index), dtype=np.float32)
    title = np.zeros(len(index), dtype=np.float32)
    for term, weight in weights.items():
        docs, scores = index.bm25(term)
        body[docs] = np.maximum(body[docs], scores * weight)
        title_docs = index.title_postings(term)
        title[title_docs] = np.maximum(title[title_docs], weight)
    return body * (1.0 + TITLE_BONUS * title) + title


def _phrase_positions(index: CorpusIndex, tokens: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """Token positions where the phrase's words occur one after another."""
    span = len(words)
    if len(tokens) < span:
        return np.zeros(0, dtype=np.int64)
    ok = np.ones(len(tokens) - span + 1, dtype=bool)
    for offset, weights in enumerate(words):
        ok &= _member(index, tokens[offset : len(tokens) - span + 1 + offset], weights)
    return np.nonzero(ok)[0]


def _member(index: CorpusIndex, tokens: np.ndarray, terms: dict[int, float]) -> np.ndarray:
    """Which tokens are one of `terms`: a lookup table over the vocabulary, one gather per token."""
    table = np.zeros(len(index.terms), dtype=bool)
    table[np.fromiter(terms, dtype=np.int64, count=len(terms))] = True
    found: np.ndarray = table[tokens]
    return found


def phrase_docs(index: CorpusIndex, candidates: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """The candidate documents in which the phrase's words occur one after another (in numpy):
    the places of the first word are found in their tokens, and each next word is looked for
    only after those places."""
    if len(candidates) == 0:
        return candidates
    starts = index.token_offsets[candidates]
    lengths = index.token_offsets[candidates + 1] - starts
    tokens = gather_ranges(index.tokens, starts, lengths)
    ends = np.cumsum(lengths)
    at = np.flatnonzero(_member(index, tokens, words[0]))
    owner = np.searchsorted(ends, at, side="right")
    for offset, weights in enumerate(words[1:], start=1):
        inside = at + offset < ends[owner]
        at, owner = at[inside], owner[inside]
        follows = _member(index, tokens[at + offset], weights)
        at, owner = at[follows], owner[follows]
    matching: np.ndarray = candidates[np.unique(owner)]
    return matching


def _clause_scores(index: CorpusIndex, matched: MatchedClause, *, check_phrase: bool = True) -> np.ndarray:
    """Each document's score for one clause (0: no match). For a phrase, `check_phrase=False`
    scores every document holding all its words as if the words were adjacent; the caller then
    checks adjacency only for the documents it takes (see corpus.search.results)."""
    scores = np.zeros(len(index), dtype=np.float32)
    present = np.ones(len(index), dtype=bool)
    for weights in matched.words:
        word = _word_scores(index, weights)
        scores += word
        present &= word > 0
    if len(matched.words) > 1:
        if check_phrase:
            phrase = np.zeros(len(index), dtype=bool)
            phrase[phrase_docs(index, np.nonzero(present)[0], matched.words)] = True
            present &= phrase
        scores *= PHRASE_BONUS
    return np.where(present, scores, 0.0).astype(np.float32)


def find_hits(index: CorpusIndex, doc: Doc, text: str, matched: list[MatchedClause]) -> list[tuple[int, int]]:
    """Offsets into `text` (the document's) of every token a positive clause matches, in text order."""
    tokens = index.doc_tokens(doc)
    spans = token_spans(text)
    if len(spans) != len(tokens):
        return []  # the file changed since it was indexed: its tokens no longer line up
    marked = np.zeros(len(tokens), dtype=bool)
    for m in matched:
        if len(m.words) > 1:
            for position in _phrase_positions(index, tokens, m.words):
                marked[position : position + len(m.words)] = True
        else:
            marked |= _member(index, tokens, m.words[0])
    return [spans[i] for i in np.nonzero(marked)[0].tolist()]


def make_result(
    index: CorpusIndex, doc: Doc, score: float, matched: list[MatchedClause], snippets: int, *, partial: bool = False
) -> SearchResult:
    """One result, its snippets and hits read from the article's text (none when it cannot be read)."""
    article = index.articles[doc]
    words = word_matches(index, doc, matched)
    try:
        text = article.read_text()
    except ArticleUnreadable:
        return SearchResult(article, doc, score, (), (), words, partial)
    hits = find_hits(index, doc, text, matched)
    return SearchResult(
        article, doc, score, make_snippets(text, hits, snippets, article.title), tuple(hits), words, partial
    )


def candidates(
    index: CorpusIndex, parsed: Query, stop: Stop | None = None
) -> tuple[list[MatchedClause], np.ndarray, np.ndarray, np.ndarray | None]:
    """The expanded positive clauses, every document's score, the documents that hold every
    positive clause (phrases not checked yet), no negated one, and pass the filters; and those
    that hold all but one word clause (None for a query of fewer than two words, or with phrases)."""
    matched = [_expand(index, clause, stop) for clause in parsed.positive]
    total = np.zeros(len(index), dtype=np.float32)
    held = np.zeros(len(index), dtype=np.int32)
    for m in matched:
        check_stop(stop)
        scores = _clause_scores(index, m, check_phrase=False)
        total += scores
        held += scores > 0
    allowed = np.ones(len(index), dtype=bool)
    for clause in parsed.negative:
        allowed &= _clause_scores(index, _expand(index, clause, stop)) <= 0
    mask = filter_mask(index, parsed)
    if mask is not None:
        allowed &= mask
    docs = np.nonzero(allowed & (held == len(matched)))[0]
    partial = None
    if len(matched) >= 2 and all(len(m.words) == 1 for m in matched):
        partial = np.nonzero(allowed & (held == len(matched) - 1))[0]
    return matched, total, docs, partial


@dataclass(frozen=True, slots=True)
class QueryNotes:
    """What is said before a query's results, and the variants offered for its words."""

    notes: list[str]
    offers: dict[str, str]
    """Each query word with an offered spelling variant → the variant its note proposes to add."""


def search_notes(index: CorpusIndex, query: str | Query, limit: int = 5, *, stop: Stop | None = None) -> list[str]:
    """The notes of `query_notes`."""
    return query_notes(index, query, limit, stop=stop).notes


def query_notes(index: CorpusIndex, query: str | Query, limit: int = 5, *, stop: Stop | None = None) -> QueryNotes:
    """What the user must know before the results: what was left out of the query (filters that
    could not be read, words past its bounds), each query word that no article holds as
    written, with the similar words searched instead ("no exact match for توكاييف; similar
    words: توكايا، …"), and the spelling variants offered, not searched, with how many articles
    hold each and how to add it ("also ترامب: 3,611 articles (ترمب|ترامب adds it)"). Raises
    SearchStopped once `stop` says to."""
    parsed = parse_query(query) if isinstance(query, str) else query
    notes = list(parsed.problems)
    offered: dict[str, str] = {}
    for clause in parsed.positive:
        compound = _as_compound(index, clause)
        if compound is not clause:
            read = [expand(index, part, fuzzy=False).read_as for part in compound.words]
            shown = " ".join(written_form(index, terms[0]) for terms in read if terms)
            notes.append(f"{clause.words[0]} → {shown} (Latin letters read as Arabic, two words)")
            continue
        if clause.kind == "phrase":
            continue
        for word in clause.words:
            check_stop(stop)
            expansion = expand(index, word, exact=clause.kind == "exact", fuzzy=clause.kind == "word")
            offers = [index.terms[t] for t in expansion.offers if index.terms[t] not in clause.alternatives]
            if offers and not clause.prefix:
                counts = ", ".join(
                    f"{o}: {int(index.document_frequency[index.term_id(o) or 0]):,} articles" for o in offers
                )
                notes.append(f"also {counts} ({word}|{offers[0]} adds {offers[0]})")
                offered[word] = offers[0]
            if expansion.read_as:
                shown = "، ".join(dict.fromkeys(written_form(index, t) for t in expansion.read_as))
                notes.append(f"{word} → {shown} (Latin letters read as Arabic)")
                continue
            if index.term_id(word) is not None or (clause.prefix and index.prefix_terms(word, limit=1)):
                continue  # written as is, or (the word being typed) the beginning of words that are
            similar = sorted(expansion.weights, key=lambda t: -expansion.weights[t])
            other = [t for t in similar if expansion.kinds.get(t) != "base"][:limit]  # a base is the word itself
            shown = "، ".join(dict.fromkeys(written_form(index, t) for t in other))
            notes.append(f"no exact match for {word}" + (f"; similar words: {shown}" if shown else ""))
    for chunk in parsed.text.split():
        term = keyboard_reading(index, chunk)
        words = tokenize(chunk)
        if term is not None and words and words[0] not in offered:
            arabic, held = index.terms[term], int(index.document_frequency[term])
            notes.append(
                f"{chunk} looks typed with the keyboard set to Latin instead of Arabic: "
                f"{held:,} articles hold {arabic} ({words[0]}|{arabic} adds it)"
            )
            offered[words[0]] = arabic
    return QueryNotes(notes, offered)


WRITTEN_FROM = 3
"""Articles read to find how a term is written (those that use it most)."""
TATWEEL = "\u0640"


def written_form(index: CorpusIndex, term: int) -> str:
    """A term as the articles write it (حافلة, not its search form حافله): its most frequent
    spelling in the few articles that use it most; the search form when none can be read."""
    docs, counts = index.postings(term)
    spellings: Counter[str] = Counter()
    for doc in docs[np.argsort(-counts, kind="stable")[:WRITTEN_FROM]].tolist():
        try:
            text = index.articles[doc].read_text()
        except ArticleUnreadable:
            continue
        spans = token_spans(text)
        tokens = index.doc_tokens(doc)
        if len(spans) != len(tokens):
            continue  # the file changed since it was indexed
        for position in np.nonzero(tokens == term)[0].tolist():
            start, end = spans[position]
            spellings[text[start:end].replace(TATWEEL, "")] += 1  # as written, less tatweel
    return spellings.most_common(1)[0][0] if spellings else index.terms[term]
