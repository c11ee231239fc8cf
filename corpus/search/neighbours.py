"""Spelling neighbours one edit away, found by hashing rather than by comparing.

Every word one insertion, deletion, substitution or swap of two neighbours away from a query
word is hashed at once in numpy (each edit changes the word's polynomial hash by a term that
is known in advance) and looked up among the vocabulary's hashes, made once per index. Only
the vocabulary words found are read and checked. A query word of seven letters has about
2,000 such neighbours over the vocabulary's alphabet: looking them up takes a fraction of a
millisecond, where counting shared bigrams over the whole vocabulary took one to three.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import OSA

from corpus.packed import PackedStrings

__all__ = ["TermHashes"]

MASK = (1 << 64) - 1
P = 0x9E3779B97F4A7C15
"""The hash's base (odd, so it has an inverse modulo 2^64: a deletion divides by it)."""
P_INVERSE = pow(P, -1, 1 << 64)
CHUNK_TERMS = 50_000
"""Terms hashed at a time: the code point arrays of a chunk take a few MB."""
SCRIPTS = {"arabic": (0x0600, 0x06FF), "latin": (0x0041, 0x024F)}
"""Code point ranges of the scripts whose words' variants stay in them (a third of the
vocabulary's alphabet for an Arabic word: a third of the neighbours to hash and look up)."""
SPARE = 4.0
"""Slots of the hash table per term: few slots to probe past before an empty one."""


def _powers(count: int) -> np.ndarray:
    """P^0 .. P^(count-1) modulo 2^64."""
    powers = np.empty(count, dtype=np.uint64)
    value = 1
    for k in range(count):
        powers[k] = value
        value = (value * P) & MASK
    return powers


class TermHashes:
    """The vocabulary's hashes, sorted, with the term each belongs to, and its alphabet.

    A word's hash: the sum of its code points c_j times P^(j+1), plus its length, modulo 2^64."""

    __slots__ = ("hashes", "bits", "slots", "alphabet", "_powers", "_scripts")

    def __init__(self, hashes: np.ndarray, slots: np.ndarray, alphabet: np.ndarray) -> None:
        """The table as `of` makes it (or as a saved index holds it); raises ValueError when
        the parts do not fit together."""
        bits = int(len(slots)).bit_length() - 1
        fits = len(slots) == 1 << bits and bits >= 4 and np.asarray(slots).dtype == np.int32
        if not fits or int(np.max(slots, initial=-1)) >= len(hashes) or int(np.min(slots, initial=0)) != -1:
            raise ValueError("the hash table does not fit the terms")  # no empty slot: a probe would never end
        self.hashes, self.bits, self.slots = np.asarray(hashes), bits, np.asarray(slots)
        self.alphabet = np.asarray(alphabet, dtype=np.uint64)
        """Every character the vocabulary holds but digits (a variant with a digit is never one)."""
        self._powers = _powers(2)
        self._scripts: dict[str, np.ndarray] = {}

    @classmethod
    def of(cls, terms: Sequence[str]) -> TermHashes:
        """The table of a vocabulary (a fifth of a second for 350,000 terms)."""
        hashes, letters = _hashed(terms)
        bits = _table_bits(len(terms))
        return cls(hashes, _placed(hashes, bits), _alphabet(letters))

    def extended(self, added: Sequence[str]) -> TermHashes:
        """The table of this vocabulary with `added` after its terms (numbered from
        len(self.hashes) on): the hashes of the new terms alone are made and placed into a copy
        of the slots, as a tail's change adds a few words; the whole is made again only when
        the table must grow. Finds what `of` of the whole would find."""
        count = len(self.hashes) + len(added)
        if _table_bits(count) != self.bits:
            raise ValueError("the hash table must grow: make it whole")
        new_hashes, letters = _hashed(added)
        hashes = np.concatenate([np.asarray(self.hashes, dtype=np.uint64), new_hashes])
        slots = np.array(self.slots, dtype=np.int32)  # a copy: the saved table is mapped read-only
        _placed(hashes, self.bits, slots, np.arange(len(self.hashes), count, dtype=np.int64))
        letters.update(int(c) for c in np.asarray(self.alphabet).tolist())
        return TermHashes(hashes, slots, _alphabet(letters))

    def one_edit(self, word: str, terms: Sequence[str]) -> list[tuple[int, str]]:
        """(term id, term) of every vocabulary word one edit from `word` (optimal string
        alignment: an insertion, a deletion, a substitution or two neighbours swapped)."""
        if not word:
            return []
        ids = np.unique(self._found(self._neighbour_hashes(word)))
        texts = terms.many(ids) if isinstance(terms, PackedStrings) else [terms[t] for t in ids.tolist()]
        return [
            (term, text)
            for term, text in zip(ids.tolist(), texts, strict=True)
            if text and text != word and OSA.distance(word, text, score_cutoff=1) <= 1
        ]

    def _found(self, wanted: np.ndarray) -> np.ndarray:
        """The terms whose hash is one of `wanted` (equal hashes may still be other words)."""
        slot = (wanted >> np.uint64(64 - self.bits)).astype(np.int64)
        found = []
        mask = (1 << self.bits) - 1
        while len(slot):
            term = self.slots[slot]
            filled = term >= 0
            slot, term, wanted = slot[filled], term[filled], wanted[filled]
            same = self.hashes[term] == wanted
            found.append(term[same])
            slot = (slot + 1) & mask  # linear probing: the next slot, until an empty one
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def _letters_for(self, word: str) -> np.ndarray:
        """The letters an edit of `word` may bring in: those of its script when it is written in
        one (an Arabic word's variants stay Arabic, a Latin word's Latin), else every one."""
        script = _script_of(word)
        if script is None:
            return self.alphabet
        letters = self._scripts.get(script)
        if letters is None:
            low, high = SCRIPTS[script]
            letters = self._scripts[script] = self.alphabet[(self.alphabet >= low) & (self.alphabet <= high)]
        return letters

    def _neighbour_hashes(self, word: str) -> np.ndarray:
        """The hashes of every word one edit from `word`, over the alphabet, sorted and unique."""
        points = [ord(c) for c in word]
        size = len(points)
        powers = self._powers  # read once: another thread may replace it
        if size + 3 > len(powers):
            powers = self._powers = _powers(size + 3)
        power = [int(p) for p in powers[: size + 3]]
        term = [(c * power[j + 1]) & MASK for j, c in enumerate(points)]
        before = [0] * (size + 1)  # before[i]: the terms of the letters before i
        for j in range(size):
            before[j + 1] = (before[j] + term[j]) & MASK
        whole = before[size]
        after = [(whole - before[i]) & MASK for i in range(size + 1)]  # the letters from i on
        letters = self._letters_for(word)
        parts = []
        # Substitution at i: the letter's term replaced by the new letter's.
        bases = np.array([(whole - term[i] + size) & MASK for i in range(size)], dtype=np.uint64)
        scales = np.array(power[1 : size + 1], dtype=np.uint64)
        parts.append((bases[:, None] + letters[None, :] * scales[:, None]).ravel())
        # Insertion before i: the letters from i on move one place right.
        bases = np.array([(before[i] + after[i] * P + size + 1) & MASK for i in range(size + 1)], dtype=np.uint64)
        scales = np.array(power[1 : size + 2], dtype=np.uint64)
        parts.append((bases[:, None] + letters[None, :] * scales[:, None]).ravel())
        # Deletion at i, and the swap of i and i + 1.
        single = [(before[i] + after[i + 1] * P_INVERSE + size - 1) & MASK for i in range(size)]
        for i in range(size - 1):
            a, b = points[i], points[i + 1]
            moved = b * power[i + 1] + a * power[i + 2] - term[i] - term[i + 1]
            single.append((whole + moved + size) & MASK)
        parts.append(np.array(single, dtype=np.uint64))
        return np.concatenate(parts)


def _joined(terms: Sequence[str], start: int, stop: int) -> tuple[str, np.ndarray]:
    """Terms start to stop as one string, and the length of each in characters."""
    if isinstance(terms, PackedStrings):
        offsets = terms.offsets[start : stop + 1]
        data = np.asarray(terms.data)[int(offsets[0]) : int(offsets[-1])]
        leads = np.zeros(len(data) + 1, dtype=np.int64)
        np.cumsum((data & 0xC0) != 0x80, out=leads[1:])  # one lead byte a character
        lengths = np.diff(leads[offsets - offsets[0]])
        return bytes(data).decode("utf-8", "surrogatepass"), lengths
    chosen = [terms[t] for t in range(start, stop)]
    return "".join(chosen), np.fromiter(map(len, chosen), dtype=np.int64, count=len(chosen))


def _hashed(terms: Sequence[str]) -> tuple[np.ndarray, set[int]]:
    """Each term's hash, and every code point the terms hold."""
    hashes = np.zeros(len(terms), dtype=np.uint64)
    letters: set[int] = set()
    longest = 1  # the longest term so far, and the two characters an edit may add
    for start in range(0, len(terms), CHUNK_TERMS):
        stop = min(len(terms), start + CHUNK_TERMS)
        text, lengths = _joined(terms, start, stop)
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        letters.update(np.unique(points).tolist())
        longest = max(longest, int(lengths.max(initial=0)) + 2)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        position = np.arange(len(points), dtype=np.int64) - np.repeat(offsets[:-1], lengths)
        powers = _powers(longest)
        summed = np.zeros(len(points) + 1, dtype=np.uint64)
        np.cumsum(points.astype(np.uint64) * powers[position + 1], out=summed[1:])
        hashes[start:stop] = summed[offsets[1:]] - summed[offsets[:-1]] + lengths.astype(np.uint64)
    return hashes, letters


def _table_bits(count: int) -> int:
    """The hash table's size (a power of two) for `count` terms: SPARE slots a term or more."""
    return max(4, int(np.ceil(np.log2(max(1, count) * SPARE))))


def _alphabet(letters: set[int]) -> np.ndarray:
    """The code points an edit may bring in: those of the vocabulary but digits."""
    return np.array(sorted(c for c in letters if not chr(c).isdigit()), dtype=np.uint64)


def _placed(
    hashes: np.ndarray, bits: int, slots: np.ndarray | None = None, pending: np.ndarray | None = None
) -> np.ndarray:
    """An open-addressing table of 2^bits slots holding each term id at the first free slot
    from its hash's top bits on (-1: empty), placed in numpy rounds; with `slots` and
    `pending`, those terms are placed into that table (in place) among the ones it holds."""
    if slots is None:
        slots = np.full(1 << bits, -1, dtype=np.int32)
    mask = (1 << bits) - 1
    if pending is None:
        pending = np.arange(len(hashes), dtype=np.int64)
    slot = (hashes[pending] >> np.uint64(64 - bits)).astype(np.int64)
    while len(pending):
        free = slots[slot] < 0
        # Of the terms that want one free slot, the first takes it; the rest try the next slot.
        chosen, first = np.unique(slot[free], return_index=True)
        taken = np.flatnonzero(free)[first]
        slots[chosen] = pending[taken]
        keep = np.ones(len(pending), dtype=bool)
        keep[taken] = False
        pending, slot = pending[keep], (slot[keep] + 1) & mask
    return slots


def _script_of(word: str) -> str | None:
    """The script (of SCRIPTS) all of the word's characters are in, if there is one."""
    for script, (low, high) in SCRIPTS.items():
        if all(low <= ord(c) <= high for c in word):
            return script
    return None
