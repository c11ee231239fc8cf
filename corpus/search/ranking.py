"""Ranked search over a CorpusIndex, with snippets whose offsets point into the article text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from corpus.models import Article, ArticleUnreadable, Doc, counted
from corpus.search.archive_order import ArchiveOrder, ties_in_archive_order
from corpus.search.expansion import OFFERS, expand, offered
from corpus.search.final_ta import held_spelling
from corpus.search.index import TITLE_BONUS, CorpusIndex, indexed_text
from corpus.search.phrases import WordTable, phrase_docs
from corpus.search.plan import MatchedClause, QueryPlan, plan_query, unknown_sources
from corpus.search.query import Query
from corpus.search.snippets import Snippet, TokenSpans, snippets_at
from corpus.search.stop import Stop, check_stop
from corpus.search.transliteration import SHARE, keyboard_reading
from corpus.search.written import SPAN_CACHE_TOKENS, spans_at, token_spans, written_form
from corpus.text.latin import is_latin_word
from corpus.text.normalization import (
    TOKEN_PATTERN,
    clitic_base,
    folded_ta,
    index_form,
    normalize,
    search_form,
    search_keys,
    tokenize,
    twin_with_ta,
    unmarked,
)

__all__ = [
    "MATCH_ORDER",
    "best_first",
    "SearchResult",
    "WordMatch",
    "PARTIAL_BELOW",
    "PARTIAL_MOST",
    "candidates",
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
PARTIAL_MOST = 2 * PARTIAL_BELOW
"""...the best this many of them: enough to keep on screen the article of a typo the matching
cannot forgive; two names seldom named together (ماكرون خامنئي: 7 articles) had become a search
for either (1,016 more), in the count, the timeline and an export."""


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


class SearchResult:
    """One matching article: its rank score, how each query word matched it, and (made when
    first asked, from the article's text) a few snippets and every hit in its text."""

    __slots__ = ("article", "doc", "score", "words", "partial", "_index", "_table", "_count", "_snippets", "_hits")

    def __init__(
        self,
        index: CorpusIndex,
        doc: Doc,
        score: float,
        matched: list[MatchedClause],
        table: WordTable,
        *,
        snippets: int = 1,
        partial: bool = False,
    ) -> None:
        """`table`: the words of `matched`, as the result set makes it once for its results."""
        self.article: Article = index.articles[doc]
        self.doc = doc
        self.score = score
        self.words = word_matches(index, doc, matched, table)
        self.partial = partial
        """The article holds all but one of the query's words (ranked after every full match)."""
        self._index, self._table, self._count = index, table, snippets
        self._snippets: tuple[Snippet, ...] | None = None
        self._hits: tuple[tuple[int, int], ...] | None = None

    @property
    def ready(self) -> bool:
        """The snippets are made (asking for them reads no text)."""
        return self._snippets is not None

    @property
    def snippets(self) -> tuple[Snippet, ...]:
        """Windows of the text around its densest hits (none when it cannot be read): the text is
        read and tokenized only as far as they need, once."""
        if self._snippets is None:
            self._snippets = self._made_snippets(self._text())
        return self._snippets

    @property
    def hits(self) -> tuple[tuple[int, int], ...]:
        """Offsets into the text of every token a positive clause matches, in text order (none
        when the text cannot be read, or changed since it was indexed). The snippets are made
        from the same reading when they are not yet (an export asks for both)."""
        if self._hits is None:
            text = self._text()
            self._hits = tuple(find_hits(self._index, self.doc, text, self._table)) if text is not None else ()
            if self._snippets is None:
                self._snippets = self._made_snippets(text)
        return self._hits

    def _text(self) -> str | None:
        """The article's text; None when it cannot be read."""
        try:
            return self.article.read_text()
        except ArticleUnreadable:
            return None

    def _made_snippets(self, text: str | None) -> tuple[Snippet, ...]:
        if text is None:
            return ()
        index, tokens = self._index, self._index.doc_tokens(self.doc)
        terms, spans = index.terms, TokenSpans(text)
        positions = self._table.hit_positions(tokens).tolist()

        def located(position: int) -> tuple[int, int] | None:
            span = spans[position]
            if span is None or normalize(text[span[0] : span[1]]) != search_form(terms[int(tokens[position])]):
                return None  # the file changed since it was indexed: its tokens no longer line up
            return span

        return snippets_at(text, positions, spans.__getitem__, self._count, self.article.title, checked=located)

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


def word_matches(index: CorpusIndex, doc: Doc, matched: list[MatchedClause], table: WordTable) -> tuple[WordMatch, ...]:
    """How each word of the positive clauses (the query's words as `table`) matched the
    document: the most direct of its terms that the document holds, in its text or its title."""
    body = table.held(index.doc_tokens(doc))
    found: list[WordMatch] = []
    for m in matched:
        for word, ranked, kinds in zip(m.clause.words, m.ranked, m.kinds, strict=True):
            for term in ranked:
                if term in body or doc in index.title_postings(term):
                    said = m.alternative_of.get(term, word)  # مرسي of السيسي|مرسي: that word, as it matched
                    found.append(WordMatch(said, kinds.get(term, "exact"), index.terms[term]))
                    break
    return tuple(found)


def _word_scores(index: CorpusIndex, weights: dict[int, float], *, blended: bool = False) -> np.ndarray:
    """Each document's score for one query word: its best-weighted term's BM25, raised when the
    title holds one of its terms (all terms at once, in numpy)."""
    body = np.zeros(len(index), dtype=np.float32)
    title = np.zeros(len(index), dtype=np.float32)
    if weights:
        docs, scores = index.bm25_many(weights, blended=blended)
        np.maximum.at(body, docs, scores)
        titled = [index.title_postings(term) for term in weights]
        lengths = [len(docs) for docs in titled]
        term_weights = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        np.maximum.at(title, np.concatenate(titled), np.repeat(term_weights, lengths))
    return body * (1.0 + TITLE_BONUS * title) + title


def _clause_scores(index: CorpusIndex, matched: MatchedClause, *, check_phrase: bool = True) -> np.ndarray:
    """Each document's score for one clause (0: no match). For a phrase, `check_phrase=False`
    scores every document holding all its words as if the words were adjacent; the caller then
    checks adjacency only for the documents it takes (see corpus.search.results)."""
    scores = np.zeros(len(index), dtype=np.float32)
    present = np.ones(len(index), dtype=bool)
    for weights, kinds in zip(matched.words, matched.kinds, strict=True):
        own = (kind for term, kind in kinds.items() if term not in matched.alternative_of)  # not b's of a|b
        word = _word_scores(index, weights, blended="exact" not in own)  # a typo: one idf for its guesses
        scores += word
        present &= word > 0
    if len(matched.words) > 1:
        if check_phrase:
            phrase = np.zeros(len(index), dtype=bool)
            phrase[phrase_docs(index, np.nonzero(present)[0], matched.words, matched.joined)] = True
            present &= phrase
        scores *= PHRASE_BONUS
    return np.where(present, scores, 0.0).astype(np.float32)


def find_hits(index: CorpusIndex, doc: Doc, text: str, table: WordTable) -> list[tuple[int, int]]:
    """Offsets into `text` (the document's) of every token a positive clause matches (the
    query's words as `table`), in text order."""
    tokens = index.doc_tokens(doc)
    positions = table.hit_positions(tokens).tolist()
    if len(tokens) > SPAN_CACHE_TOKENS:  # a long text's spans found for its hits alone
        found = spans_at(indexed_text(text), positions, len(tokens))
        return found if found is not None else []  # the file changed since it was indexed
    spans = token_spans(indexed_text(text))
    if len(spans) != len(tokens):
        return []  # the file changed since it was indexed: its tokens no longer line up
    return [spans[i] for i in positions]


def best_first(docs: np.ndarray, scores: np.ndarray, order: ArchiveOrder | None = None) -> np.ndarray:
    """`docs` by their `scores` (float32, by document), highest first, equal scores in the
    archive's `order` (None: by key): one sort of 64-bit keys (the score's bits made to sort as
    the score does, above the key), a fifth of the time of sorting by two keys over the tens
    of thousands of documents a common word matches."""
    bits = (scores[docs].astype(np.float32) + np.float32(0.0)).view(np.uint32)  # -0.0 is 0.0
    negative = (bits >> np.uint32(31)).astype(bool)
    ascending = np.where(negative, ~bits, bits | np.uint32(0x80000000))  # sorts as the floats do
    keys = np.sort((~ascending).astype(np.uint64) << np.uint64(32) | docs.astype(np.uint64))
    ranked = (keys & np.uint64(0xFFFFFFFF)).astype(np.int64)
    return ties_in_archive_order(order, ranked, keys >> np.uint64(32))


def candidates(
    index: CorpusIndex, plan: QueryPlan, stop: Stop | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Every document's score for the plan's positive clauses, the documents that hold every
    positive clause (phrases not checked yet), no negated one, and pass the filters; and those
    that hold all but one word clause (None for a query of fewer than two words, or with phrases)."""
    matched = plan.positive
    total = np.zeros(len(index), dtype=np.float32)
    held = np.zeros(len(index), dtype=np.int32)
    for m in matched:
        check_stop(stop)
        scores = _clause_scores(index, m, check_phrase=False)
        total += scores
        held += scores > 0
    allowed = np.ones(len(index), dtype=bool)
    for negated in plan.negative:
        check_stop(stop)
        allowed &= _clause_scores(index, negated) <= 0
    mask = plan.mask()
    if mask is not None:
        allowed &= mask
    docs = np.nonzero(allowed & (held == len(matched)))[0]
    partial = None
    if len(matched) >= 2 and all(len(m.words) == 1 for m in matched):
        partial = np.nonzero(allowed & (held == len(matched) - 1))[0]
    return total, docs, partial


@dataclass(frozen=True, slots=True)
class QueryNotes:
    """What is said before a query's results, and the variants offered for its words."""

    notes: list[str]
    offers: dict[str, str]
    """Each query word with an offered spelling variant → the variant its note proposes to add."""


def _as_typed(text: str) -> dict[str, str]:
    """Each word of a query's text, as the query's words are normalized, with its first writing
    there, marks and tatweel left out (what a note names the word by)."""
    typed: dict[str, str] = {}
    for match in TOKEN_PATTERN.finditer(text):
        form = index_form(match.group())  # as a query's words are (a final ى kept: سلمى is no سلمي)
        if form and form not in typed:
            typed[form] = unmarked(match.group())
    return typed


def _in_ta(index: CorpusIndex, word: str) -> tuple[int, ...]:
    """The term of a word typed with a final ه written with ة, where the archive holds it so: رئيسه
    is searched as written ("his president"), and رئيسة, the word a keyboard's ه may have meant,
    is offered when the archive writes the two apart (else it is searched too: see final_ta);
    behind a clitic, the word without it (برئيسه: رئيسة, not the rarer برئيسة)."""
    in_ta = twin_with_ta(clitic_base(word, index.forms, index.frequency) or word)
    term = index.term_id(in_ta) if in_ta is not None else None
    return (term,) if term is not None and int(index.document_frequency[term]) else ()


def search_notes(
    index: CorpusIndex,
    query: str | Query | QueryPlan,
    limit: int = 5,
    *,
    stop: Stop | None = None,
    held: np.ndarray | None = None,
) -> list[str]:
    """The notes of `query_notes`."""
    return query_notes(index, query, limit, stop=stop, held=held).notes


def query_notes(
    index: CorpusIndex,
    query: str | Query | QueryPlan,
    limit: int = 5,
    *,
    stop: Stop | None = None,
    held: np.ndarray | None = None,
) -> QueryNotes:
    """What the user must know before the results: what was left out of the query (filters that
    could not be read, words past its bounds), each query word that no article holds as
    written, with the words searched instead, one of each ("no exact match for توكاييف; searched
    as: توكايا، …"), and the spelling variants offered, not searched, with how many articles
    hold each and how to add it ("also ترامب in 3,611 articles (ترمب|ترامب adds ترامب)"), and how a
    word in Latin letters was read; and where the archive mostly writes the words together, how many
    of the articles holding them all do (`held`, those articles when the caller's results have
    them: corpus.search.results.ResultSet.full_docs; else found here). Read from the query's plan
    (made here from a text). Raises SearchStopped once `stop` says to."""
    plan = plan_query(index, query, stop)
    notes = [*plan.query.problems, *unknown_sources(index, plan.query)]
    proposed: dict[str, str] = {}
    read_held: dict[str, int] = {}
    """A Latin word read as Arabic → the articles of its likeliest reading."""
    as_typed = _as_typed(plan.query.text)
    for matched in plan.positive:
        clause = matched.clause
        if clause.latin:  # a name or a title in Latin letters, read as the shipped list names it
            named = "، ".join(  # saudi: سعودي، السعودية
                " ".join(written_form(index, t) if (t := held_spelling(index, w)) is not None else w for w in words)
                for words in (clause.words, *((a,) for a in clause.alternatives))
            )
            notes.append(f"{' '.join(clause.latin)} → {named} ({clause.read_as} in Latin letters)")
            continue
        if matched.typed is not None and is_latin_word(matched.typed.words[0]):  # a Latin word read as two Arabic words
            read = [expand(index, part, fuzzy=False).read_as for part in clause.words]
            shown = " ".join(written_form(index, terms[0]) for terms in read if terms)
            notes.append(f"{matched.typed.words[0]} → {shown} (Latin letters read as Arabic, two words)")
            continue
        if clause.kind == "phrase":
            continue
        expanded = zip(
            clause.words,
            matched.words,
            matched.kinds,
            matched.offers,
            matched.read_as,
            matched.unless_none,
            strict=True,
        )
        for i, (word, weights, kinds, offers_of, read_as, unless_none) in enumerate(expanded):
            check_stop(stop)
            typed = as_typed.get(word, word)  # طرطوشة as typed, not the طرطوشه the index folds it into
            if matched.widened[i]:
                best = max(unless_none.values())
                typos = [t for t, weight in unless_none.items() if weight == best][:limit]  # not their forms
                shown = "، ".join(dict.fromkeys(written_form(index, t) for t in typos))
                notes.append(f"no article holds {typed} with the other words: searched as {shown} too")
            chosen = offered(index, word, offers_of) if not clause.prefix else ()  # not for the word being typed
            if not clause.prefix and typed.endswith("ه"):
                chosen = (*_in_ta(index, word), *chosen)
                keys = set(search_keys(word, index.forms, index.frequency))  # رئيس of رئيسه: no spelling of it
                bases = keys - set(search_keys(word, index.forms, index.frequency, pronouns=False))
                chosen = tuple(t for t in chosen if folded_ta(index.terms[t]) not in bases)
            unasked = (t for t in chosen if index.terms[t] not in clause.alternatives and t not in weights)
            offers = list(dict.fromkeys(unasked))[:OFFERS]
            if offers and not clause.prefix:
                # "ارودغان in 13 articles": a Latin word between the Arabic and the number, which the
                # bidi algorithm would otherwise draw on the Arabic's side ("13 :ارودغان")
                written = [written_form(index, t) for t in offers]  # as the articles write it
                found_in = [counted(int(index.document_frequency[t]), "article{s}") for t in offers]
                counts = ", ".join(f"{w} in {n}" for w, n in zip(written, found_in, strict=True))
                notes.append(f"also {counts} ({typed}|{written[0]} adds {written[0]})")
                proposed[word] = written[0]  # as the note names it (رئيسة, not the search form رييسة)
            if matched.respelled:
                shown = "، ".join(written_form(index, t) for t in matched.respelled)
                notes.append(f"{typed}: {shown} too (the same word, its hamza on the other seat)")
            elif not read_as and not matched.widened[i] and index.term_id(word) is not None:
                spelled = sorted(
                    (t for t, kind in kinds.items() if kind == "variant"),
                    key=lambda t: -int(index.document_frequency[t]),
                )
                asked = {_family(index, word), *(_family(index, a) for a in clause.alternatives)}  # by OR or |
                other = _distinct_words(index, spelled, leaving=asked)[:limit]
                if other:  # ترمب with ترامب: matched because the archive writes it where it writes the word
                    shown = "، ".join(written_form(index, t) for t in other)
                    either = "|".join([typed, *(as_typed.get(a, a) for a in clause.alternatives)])  # each its own
                    notes.append(
                        f"also searched: {shown}, the archive's other {'spelling' if len(other) == 1 else 'spellings'}"
                        f" of {either} (={either}: as written only)"
                    )
            if read_as:
                read_held[word] = max(int(index.document_frequency[t]) for t in read_as)
                shown = "، ".join(dict.fromkeys(written_form(index, t) for t in read_as))
                notes.append(f"{typed} → {shown} (Latin letters read as Arabic)")
                continue
            if index.term_id(word) is not None:
                continue  # written as is
            similar = [t for t in sorted(weights, key=lambda t: -weights[t]) if kinds.get(t) != "prefix"]
            if clause.prefix and _begins_words(index, word, similar):
                continue  # the word being typed: the beginning of words the archive writes
            added = {_family(index, alternative) for alternative in clause.alternatives}  # by OR or |
            other = _distinct_words(index, similar, leaving=added)[:limit]  # every word searched for this one, once
            shown = "، ".join(dict.fromkeys(written_form(index, t) for t in other))
            notes.append(f"no exact match for {typed}" + (f"; searched as: {shown}" if shown else ""))
    for chunk in plan.query.text.split():
        term = keyboard_reading(index, chunk)
        words = tokenize(chunk)
        holding = int(index.document_frequency[term]) if term is not None else 0
        if term is not None and words and words[0] not in proposed and holding > SHARE * read_held.get(words[0], 0):
            arabic = index.terms[term]  # jong is جونغ, a name the archive writes, before تخيل
            notes.append(
                f"{chunk} looks typed with the keyboard set to Latin instead of Arabic: "
                f"{holding:,} articles hold {arabic} ({words[0]}|{arabic} adds it)"
            )
            proposed[words[0]] = arabic
    together = _written_together(index, plan, as_typed, stop, held)
    if together:
        notes.append(together)
    return QueryNotes(list(dict.fromkeys(notes)), proposed)  # each note once (w0 w1 … named w 64 times)


TOGETHER_SHARE = 0.5
"""A query's words are a name or a term of their own (محمد بن سلمان, وزير الخارجية) where at least this
share of the articles holding them all write them together, one after another."""
HELD_APART_SHARE = 0.1
"""...and the notes say so where at least this share of those articles hold them apart (الأمم
المتحدة, apart in 3%, says nothing)."""
TOGETHER_TOKENS = 4_000_000
"""Tokens read at most to count them (as proximity ranking reads: corpus.search.proximity)."""


def _written_together(
    index: CorpusIndex, plan: QueryPlan, as_typed: dict[str, str], stop: Stop | None, held: np.ndarray | None
) -> str:
    """For a query of several words (none quoted) that the archive mostly writes
    together, how many of the articles holding them all write them so, and how to find only those:
    the others hold the words apart (محمد، بن and سلمان in an article on someone else), and the
    results, their count, timeline and export hold them too. "" when there is nothing to say."""
    matched = plan.positive
    clauses = [m.clause for m in matched]
    if len(matched) < 2 or any(c.kind != "word" or len(m.words) != 1 for c, m in zip(clauses, matched, strict=True)):
        return ""
    docs = held if held is not None else candidates(index, plan, stop)[1]
    if len(docs) < 2 or int(np.sum(index.token_offsets[docs + 1] - index.token_offsets[docs])) > TOGETHER_TOKENS:
        return ""
    check_stop(stop)
    whole = [{t: w for t, w in m.words[0].items() if m.kinds[0].get(t) != "prefix"} for m in matched]
    together = len(phrase_docs(index, docs, whole))  # the word being typed as the quoted name reads it: whole
    if not TOGETHER_SHARE * len(docs) <= together <= (1 - HELD_APART_SHARE) * len(docs):
        return ""
    shown = " ".join(" ".join(c.latin) if c.latin else as_typed.get(c.words[0], c.words[0]) for c in clauses)
    return (
        f"{together:,} of the {len(docs):,} articles holding every word write {shown} together;"
        f' "{shown}" finds only them'
    )


BEGINNING_SHARE = 0.1
"""A word being typed that no article holds is taken for the beginning of longer words (and its
"no exact match" note left out) where they are held by this share of the articles holding the
word it is searched as, or more: الحكومه, typed for الحكومة (7,464 articles), is no beginning of
a misprint one article holds."""


def _begins_words(index: CorpusIndex, word: str, searched: list[int]) -> bool:
    """Whether `word`, being typed, is the beginning of longer words more than a slip of the words
    it is searched as (BEGINNING_SHARE)."""
    longer = index.lexicon.prefix_terms(word, limit=3)
    if not longer:
        return False
    frequency = index.document_frequency
    most = max((int(frequency[t]) for t in searched), default=0)
    return max(int(frequency[t]) for t in longer) >= BEGINNING_SHARE * most


def _family(index: CorpusIndex, text: str) -> str:
    """A word's shortest search key (بالقاهره: القاهره), or the word: what its forms share."""
    form = folded_ta(text)
    return min((*search_keys(form, index.forms, index.frequency), form), key=len)


def _distinct_words(index: CorpusIndex, terms: list[int], *, leaving: Iterable[str] = ()) -> list[int]:
    """The terms, in order, one of each word (its shortest search key: بالقاهره is القاهره,
    قارات القاره), none of the words `leaving` names: what a note names is each word searched,
    not its every form."""
    kept: list[int] = []
    families: set[str] = set(leaving)
    for term in terms:
        family = _family(index, index.terms[term])
        if family not in families:
            families.add(family)
            kept.append(term)
    return kept
