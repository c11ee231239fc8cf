"""Terms as the articles write them: a token's spans in a text, and a search form's spelling
(حافلة, not حافله) read from the articles that use it most."""

from __future__ import annotations

from collections import Counter
from itertools import compress, islice
from operator import methodcaller

import numpy as np

from corpus.models import ArticleUnreadable
from corpus.search.index import CorpusIndex, indexed_text
from corpus.sized_cache import SizedCache
from corpus.text.normalization import TOKEN_PATTERN, index_form

__all__ = ["SPAN_CACHE_TOKENS", "spans_at", "token_spans", "written_form"]

SPAN_CACHE_TOKENS = 500_000
"""Token spans kept between searches, counted in tokens (about 100 bytes each): the spans of
one 10-million-word article are never kept, those of a few screens of results are."""
_spans: SizedCache[str, tuple[tuple[int, int], ...]] = SizedCache(SPAN_CACHE_TOKENS, len)


def spans_at(text: str, positions: list[int], count: int) -> list[tuple[int, int]] | None:
    """(start, end) of the tokens of `text` at `positions` (ascending), or None when the text
    has not `count` tokens. The others' are never kept: for a text of more tokens than the
    cache keeps (token_spans), whose spans of every token took 360 MB for 3.2 million."""
    if count == 0:
        return [] if next(TOKEN_PATTERN.finditer(text), None) is None else None
    wanted = np.zeros(count, dtype=bool)
    wanted[positions] = True
    wanted[count - 1] = True  # the last token's span says that the text has as many
    matches = TOKEN_PATTERN.finditer(text)
    found = list(compress(map(methodcaller("span"), islice(matches, count)), wanted.tolist()))
    if len(found) != int(wanted.sum()) or next(matches, None) is not None:
        return None
    return found if positions and positions[-1] == count - 1 else found[:-1]


def token_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every token of `text`, aligned with CorpusIndex.doc_tokens."""
    found = _spans.get(text)
    if found is None:
        found = tuple([m.span() for m in TOKEN_PATTERN.finditer(text)])
        _spans.put(text, found)
    return found


WRITTEN_FROM = 3
"""Articles read to find how a term is written (those that use it most, that write it as it is
indexed where it stands)."""
WRITTEN_TRIED = 12
"""Articles read at most for them: those that write the term otherwise (a final ى folded into ي
by an article that writes في as فى) are passed over while others can be found."""
TATWEEL = "\u0640"


def written_form(index: CorpusIndex, term: int) -> str:
    """A term as the articles write it (حافلة, not its search form حافله): its most frequent
    spelling in the few articles that use it most; the search form when none can be read."""
    docs, counts = index.postings(term)
    form = index.terms[term]
    spellings: Counter[str] = Counter()
    folded: Counter[str] = Counter()  # written otherwise, folded by the article's habit: على, in a فى writer's, is علي
    read = 0
    for doc in docs[np.argsort(-counts, kind="stable")[:WRITTEN_TRIED]].tolist():
        if read == WRITTEN_FROM:
            break
        try:
            text = index.articles[doc].read_text()
        except ArticleUnreadable:
            continue
        spans = token_spans(indexed_text(text))
        tokens = index.doc_tokens(doc)
        if len(spans) != len(tokens):
            continue  # the file changed since it was indexed
        found: Counter[str] = Counter()
        for position in np.nonzero(tokens == term)[0].tolist():
            start, end = spans[position]
            found[text[start:end].replace(TATWEEL, "")] += 1  # as written, less tatweel
        own = Counter({spelling: n for spelling, n in found.items() if index_form(spelling) == form})
        spellings.update(own)
        folded.update(found - own)
        read += bool(own)
    return (spellings or folded).most_common(1)[0][0] if spellings or folded else form
