"""The postings of an index as numpy arrays (`IndexArrays`: every token in document order, the
documents and term frequencies of each term, the title postings), and how they are built from
articles (`PostingsBuilder`): texts tokenized and normalized, each distinct chunk of text looked
up once, flushed into arrays in batches."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from corpus.packed import ChainedStrings, ExtendedIndex, PackedStrings, numbered, range_positions
from corpus.text.normalization import (
    NEVER_FOLDED,
    TOKEN_PATTERN,
    YA_AS_MAQSURA,
    YA_WRITTEN_SO,
    fold_final_ya,
    index_form,
)

__all__ = ["EMPTY_TERM", "IndexArrays", "KeyTerms", "PostingsBuilder"]

EMPTY_TERM = 0
"""The id of the empty term: every vocabulary holds it first, and no query matches it."""


def _folded(term: str) -> bool:
    """Whether a careless article's form is read with its final ى as ي (never a NEVER_FOLDED particle)."""
    return term.endswith("ى") and term not in NEVER_FOLDED


class _Chunks(dict[str, int]):
    """Whitespace-separated chunks of text → chunk id; each new chunk is tokenized once.

    Tokens never span whitespace, so tokenizing chunk by chunk gives the same tokens, in the
    same order, as TOKEN_PATTERN over the whole text; and news text repeats its chunks (17.7
    million in the bench corpus, 0.8 million distinct), so the regex and the normalization
    run on few of them, and the per-token work left is done by numpy.
    """

    def __init__(self, vocabulary: dict[str, int], terms: list[str]) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.terms = terms
        self.flat = array("I")
        """Term ids of every chunk, one after another."""
        self.offsets = array("I", [0])
        """Where each chunk's term ids start in `flat`."""
        self.tells = array("i")
        """Per chunk, how many of its forms show ي written as ى (YA_AS_MAQSURA: فى) less how many
        show it written as ي (YA_WRITTEN_SO: في)."""
        self.maqsura = bytearray(_folded(term) for term in terms)
        """Per term, whether it ends in a ى that a careless article's folding reads as ي."""

    def __missing__(self, chunk: str) -> int:
        tell = 0
        for raw in TOKEN_PATTERN.findall(chunk):
            form = index_form(raw)
            term_id = self.term(form)
            tell += (form in YA_AS_MAQSURA) - (form in YA_WRITTEN_SO)
            self.flat.append(term_id)
        chunk_id = self[chunk] = len(self.offsets) - 1
        self.offsets.append(len(self.flat))
        self.tells.append(tell)
        return chunk_id

    def term(self, form: str) -> int:
        """The id of a form, a new term if the vocabulary has none."""
        term_id = self.vocabulary.get(form)
        if term_id is None:
            term_id = self.vocabulary[form] = len(self.terms)
            self.terms.append(form)
            self.maqsura.append(_folded(form))
        return term_id

    def careless(self, chunks: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Per document (its `counts` of `chunks`), whether it writes ي as ى: more of its forms
        show so (فى, الذى) than show ي (في, الذي). A slip or two in a careful article does not
        make every ى of it an ي (its على "on" the name علي)."""
        tells = np.frombuffer(self.tells, dtype=np.int32)[chunks] if len(chunks) else np.zeros(0, np.int32)
        owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        return np.bincount(owner, weights=tells, minlength=len(counts)) > 0

    def fold_maqsura(self, tokens: np.ndarray, per_doc: np.ndarray, careless: np.ndarray) -> None:
        """Fold the final ى of the tokens of the `careless` documents (each `per_doc` tokens)
        into ي, in place: where ي is written as ى, ى tells nothing (but على is still "on")."""
        if not careless.any() or not len(tokens):
            return
        maqsura = np.frombuffer(self.maqsura, dtype=np.uint8).astype(bool)
        folded = np.repeat(careless, per_doc) & maqsura[tokens]
        if not folded.any():
            return
        found = np.unique(tokens[folded])
        twins = np.array([self.term(fold_final_ya(self.terms[t])) for t in found.tolist()], dtype=tokens.dtype)
        tokens[folded] = twins[np.searchsorted(found, tokens[folded])]


class _Field:
    """Chunk ids of a batch of documents of one field (body or title), until they are flushed."""

    def __init__(self) -> None:
        self.chunks = array("I")
        self.counts = array("I")
        self.batches: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, chunk_ids: array[int]) -> None:
        self.chunks.extend(chunk_ids)
        self.counts.append(len(chunk_ids))


@dataclass(slots=True)
class IndexArrays:
    """What an index is made of, as built or as a snapshot stores it; the rest is derived."""

    terms: Sequence[str]
    """Every normalized form, by term id (0 is the empty term): a list, or a saved column."""
    tokens: np.ndarray
    """Term ids of every document's body tokens, one document after another."""
    token_offsets: np.ndarray
    """Where each document's tokens start in `tokens` (one more entry than documents)."""
    post_offsets: np.ndarray
    """Where each term's postings start in `post_docs` and `post_tf`."""
    post_docs: np.ndarray
    post_tf: np.ndarray
    title_offsets: np.ndarray
    title_docs: np.ndarray
    word_counts: np.ndarray
    """Whitespace-separated words of each document's text, as the lists show them."""
    vocabulary: Mapping[str, int] | None = None
    """Term → id; made from `terms` when not given."""
    key_terms: KeyTerms | None = None
    """Search key → terms; derived from the vocabulary when not given."""

    ARRAY_NAMES = (
        "tokens", "token_offsets", "post_offsets", "post_docs", "post_tf", "title_offsets", "title_docs", "word_counts",
    )  # fmt: skip
    """The numpy members, as a snapshot names them, in the order `numpy_members` gives them."""

    @classmethod
    def from_members(
        cls,
        terms: Sequence[str],
        members: Sequence[np.ndarray],
        *,
        vocabulary: Mapping[str, int] | None = None,
        key_terms: KeyTerms | None = None,
    ) -> IndexArrays:
        """The arrays from `terms` and the numpy members in the order of ARRAY_NAMES."""
        tokens, token_offsets, post_offsets, post_docs, post_tf, title_offsets, title_docs, word_counts = members
        return cls(
            terms,
            tokens,
            token_offsets,
            post_offsets,
            post_docs,
            post_tf,
            title_offsets,
            title_docs,
            word_counts,
            vocabulary,
            key_terms,
        )

    def numpy_members(self) -> tuple[np.ndarray, ...]:
        """The numpy arrays, in the order of ARRAY_NAMES."""
        return (
            self.tokens,
            self.token_offsets,
            self.post_offsets,
            self.post_docs,
            self.post_tf,
            self.title_offsets,
            self.title_docs,
            self.word_counts,
        )


class PostingsBuilder:
    """Builds the positional index document by document, in batches, with the per-token work in numpy.

    Memory stays near the size of the result: no per-token Python objects, no sort over the
    whole corpus (each batch is sorted by term on its own, then placed into the final arrays).
    """

    BATCH = 4096

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {"": EMPTY_TERM}
        self.terms: list[str] = [""]
        self._chunks = _Chunks(self.vocabulary, self.terms)
        self._lookup = self._chunks.__getitem__
        self._body = _Field()
        self._title = _Field()
        self._docs = 0
        self._batch_start = 0
        self._tokens = array("I")
        self._lengths = array("I")
        self._words = array("I")

    def add(self, text: str, title: str) -> None:
        chunks = text.split()
        self._words.append(min(len(chunks), 0xFFFFFFFF))
        self._body.add(array("I", map(self._lookup, chunks)))
        self._title.add(array("I", map(self._lookup, title.split())))
        self._docs += 1
        if self._docs - self._batch_start >= self.BATCH:
            self._flush()

    def _expand(self, field: _Field, careless: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Term ids of the batch's tokens, in order, and how many tokens each document has
        (the final ى of the `careless` documents' tokens folded)."""
        flat = np.frombuffer(self._chunks.flat, dtype=np.uint32)
        offsets = np.frombuffer(self._chunks.offsets, dtype=np.uint32).astype(np.int64)
        chunks = np.frombuffer(field.chunks, dtype=np.uint32) if field.chunks else np.zeros(0, np.uint32)
        counts = np.frombuffer(field.counts, dtype=np.uint32).astype(np.int64)
        starts = offsets[chunks]
        lengths = offsets[chunks + 1] - starts
        tokens = flat[range_positions(starts, lengths)].copy()
        owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        per_doc = np.bincount(owner, weights=lengths, minlength=len(counts)).astype(np.int64)
        del flat, offsets, chunks
        self._chunks.fold_maqsura(tokens, per_doc, careless)
        return tokens, per_doc

    @staticmethod
    def _postings(tokens: np.ndarray, per_doc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term, doc within the batch, count) for every distinct term of every document, by term then doc."""
        docs = np.repeat(np.arange(len(per_doc), dtype=np.uint64), per_doc)
        keys, counts = np.unique((tokens.astype(np.uint64) << np.uint64(32)) | docs, return_counts=True)
        counts = np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16)
        return (keys >> np.uint64(32)).astype(np.uint32), (keys & np.uint64(0xFFFF)).astype(np.uint16), counts

    def _flush(self) -> None:
        if self._docs == self._batch_start:
            return
        body = self._body
        chunks = np.frombuffer(body.chunks, dtype=np.uint32) if body.chunks else np.zeros(0, np.uint32)
        careless = self._chunks.careless(chunks, np.frombuffer(body.counts, dtype=np.uint32).astype(np.int64))
        tokens, per_doc = self._expand(body, careless)
        self._body.batches.append(self._postings(tokens, per_doc))
        self._tokens.frombytes(tokens.astype(np.uint32).tobytes())
        self._lengths.frombytes(per_doc.astype(np.uint32).tobytes())
        title_tokens, title_per_doc = self._expand(self._title, careless)
        self._title.batches.append(self._postings(title_tokens, title_per_doc))
        for part in (self._body, self._title):
            part.chunks = array("I")
            part.counts = array("I")
        self._batch_start = self._docs

    @staticmethod
    def _place(
        batches: list[tuple[np.ndarray, np.ndarray, np.ndarray]], size: int, batch: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Merge per-batch postings into one CSR: offsets per term, then docs and counts.

        Batch k holds documents k*batch to (k+1)*batch-1, numbered from 0 within the batch.
        """
        counts = np.zeros(size, dtype=np.int64)
        for terms, _, _ in batches:
            counts += np.bincount(terms, minlength=size)
        offsets = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        docs = np.empty(int(offsets[-1]), dtype=np.uint32)
        frequency = np.empty(int(offsets[-1]), dtype=np.uint16)
        written = np.zeros(size, dtype=np.int64)
        first_doc = 0
        while batches:
            terms, batch_docs, batch_counts = batches.pop(0)
            rank = np.arange(len(terms), dtype=np.int64) - np.searchsorted(terms, terms, side="left")
            destination = offsets[terms] + written[terms] + rank
            docs[destination] = batch_docs.astype(np.uint32) + first_doc
            first_doc += batch
            frequency[destination] = batch_counts
            written += np.bincount(terms, minlength=size)
        return offsets, docs, frequency

    def finish(self) -> IndexArrays:
        """The finished arrays and vocabulary."""
        self._flush()
        self._chunks.clear()
        self._chunks.flat = array("I")
        self._chunks.offsets = array("I", [0])
        size = len(self.terms)
        post_offsets, post_docs, post_tf = self._place(self._body.batches, size, self.BATCH)
        title_offsets, title_docs, _ = self._place(self._title.batches, size, self.BATCH)
        tokens = np.frombuffer(self._tokens, dtype=np.uint32) if self._tokens else np.zeros(0, np.uint32)
        lengths = np.frombuffer(self._lengths, dtype=np.uint32) if self._lengths else np.zeros(0, np.uint32)
        token_offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=token_offsets[1:])
        words = np.frombuffer(self._words, dtype=np.uint32) if self._words else np.zeros(0, np.uint32)
        terms, vocabulary = self.terms, self.vocabulary
        used = used_terms(post_offsets, title_offsets)
        if not bool(used.all()):  # a form read before an article's final ى was folded: no article holds it
            terms = [terms[t] for t in np.flatnonzero(used).tolist()]
            vocabulary = numbered(terms)
            tokens = (np.cumsum(used) - 1).astype(np.uint32)[tokens]
            post_offsets, title_offsets = used_rows(post_offsets, used), used_rows(title_offsets, used)
        members = (tokens, token_offsets, post_offsets, post_docs, post_tf, title_offsets, title_docs, words)
        return IndexArrays.from_members(terms, members, vocabulary=vocabulary)


def used_terms(post_offsets: np.ndarray, title_offsets: np.ndarray, first: int = 1) -> np.ndarray:
    """Which terms a body or a title holds, by their postings' offsets; the `first` terms (the
    empty term, or a base's terms that its own postings number) count as held whatever."""
    used = (np.diff(post_offsets) > 0) | (np.diff(title_offsets) > 0)
    used[:first] = True
    return used


def used_rows(offsets: np.ndarray, used: np.ndarray) -> np.ndarray:
    """CSR offsets over the `used` terms alone: an unused term's row is empty, so each used row
    starts where it did."""
    return np.append(np.asarray(offsets, dtype=np.int64)[np.flatnonzero(used)], int(offsets[-1]))


LOOKUPS_PER_KEYED = 50
"""Past one term keyed again in this many saved keys, the saved keys are read into a dictionary
(a few lookups a term by bisection in the saved column, against the dictionary of every key:
measured at 1x, 50 against 400 took 0.3 s off a change of 100 articles, nothing off one)."""


def _placed_pairs(
    owners: np.ndarray, terms: np.ndarray, added_owners: np.ndarray, added_terms: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(owner, term) pairs in that order: the added ones sorted and put in among the others,
    which a renumbering in order leaves sorted (a copy, not a sort of the whole table); sorted
    whole when they are not."""
    pair = owners * (1 << 32) + terms
    if len(pair) > 1 and not bool((pair[1:] >= pair[:-1]).all()):
        order = np.lexsort((np.concatenate([terms, added_terms]), np.concatenate([owners, added_owners])))
        return np.concatenate([owners, added_owners])[order], np.concatenate([terms, added_terms])[order]
    if not len(added_owners):
        return owners, terms
    order = np.lexsort((added_terms, added_owners))
    added_owners, added_terms = added_owners[order], added_terms[order]
    places = np.searchsorted(pair, added_owners * (1 << 32) + added_terms)
    return np.insert(owners, places, added_owners), np.insert(terms, places, added_terms)


class KeyTerms:
    """Search key (a clitic or nisba base) → ids of the terms that have it, stored flat.

    One offsets array and one members array instead of a list per key: smaller in memory,
    and a snapshot loads it without making 300,000 lists.
    """

    def __init__(
        self, keys: Sequence[str], offsets: np.ndarray, members: np.ndarray, where: Mapping[str, int] | None = None
    ) -> None:
        """`where` (key → its number) is made from `keys` unless given (a saved index maps it)."""
        if len(offsets) == 1:
            keys = []
        if len(offsets) != len(keys) + 1 or (len(offsets) and int(offsets[-1]) != len(members)):
            raise ValueError("key table arrays do not match")
        self._keys = keys
        self._where = where if where is not None and len(keys) else dict(zip(keys, range(len(keys)), strict=True))
        self._offsets = offsets
        self._members = members

    @classmethod
    def from_dict(cls, table: dict[str, list[int]]) -> KeyTerms:
        keys = list(table)
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum([len(table[k]) for k in keys], out=offsets[1:])
        members = np.fromiter((t for k in keys for t in table[k]), dtype=np.uint32, count=int(offsets[-1]))
        return cls(keys, offsets, members)

    def get(self, key: str, default: Sequence[int] = ()) -> Sequence[int]:
        found = self._where.get(key)
        if found is None:
            return default
        members: list[int] = self._members[self._offsets[found] : self._offsets[found + 1]].tolist()
        return members

    def __len__(self) -> int:
        return len(self._keys)

    def arrays(self) -> tuple[Sequence[str], np.ndarray, np.ndarray]:
        """(keys, offsets, members), as a snapshot stores them."""
        return self._keys, self._offsets, self._members

    def rekeyed(
        self, renumber: np.ndarray, redone: Iterable[int], keyed: Iterable[tuple[int, Iterable[str]]]
    ) -> KeyTerms:
        """This table for another vocabulary: each member renumbered (`renumber[old id]`, -1 for
        a term gone), the `redone` terms (new ids) left out, then each (term, its keys) of `keyed`
        put under its keys; each key's members in term order, as a table made whole has them."""
        owner = np.repeat(np.arange(len(self._keys), dtype=np.int64), np.diff(self._offsets))
        renumbered = renumber[np.asarray(self._members, dtype=np.int64)]
        again = np.fromiter(redone, dtype=np.int64)
        still = (renumbered >= 0) & ~np.isin(renumbered, again)
        saved = isinstance(self._keys, PackedStrings) and not isinstance(self._where, dict)
        saved = saved and len(again) * LOOKUPS_PER_KEYED < len(self._keys)  # else a dictionary is quicker
        new_keys: dict[str, int] = {}
        where: Mapping[str, int]
        if saved:  # the saved keys are neither listed nor put in a dictionary: the new ones follow them
            where = ExtendedIndex(self._where, new_keys)
        else:
            where = new_keys
            new_keys.update(numbered(self._keys))
        count = len(self._keys)
        added_owner: list[int] = []
        added_member: list[int] = []
        for term, keys in keyed:
            for key in keys:
                number = where.get(key)
                if number is None:
                    number = new_keys[key] = count
                    count += 1
                added_owner.append(number)
                added_member.append(term)
        owners, terms = _placed_pairs(
            owner[still],
            renumbered[still],
            np.array(added_owner, dtype=np.int64),
            np.array(added_member, dtype=np.int64),
        )
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=count), out=offsets[1:])
        if saved and isinstance(self._keys, PackedStrings):
            key_column = ChainedStrings.of_parts(self._keys, PackedStrings.of(list(new_keys)))
            return KeyTerms(key_column, offsets, terms.astype(np.uint32), where)
        return KeyTerms(list(new_keys), offsets, terms.astype(np.uint32))
