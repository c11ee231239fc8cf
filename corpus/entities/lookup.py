"""Finding an entity by any way it is written: its name, a written variant, or words of its name.

A journalist types ماكرون, لماكرون, عبدالفتاح السيسي or بن سلمان, not the name the table shows.
The lookup tries, in order: the name or key (spacing, marks and clitics folded); a form the
articles write it as; the words of its key. Where a form or a word belongs to several
entities, one of them is the answer only when it holds OWNER_SHARE of what matched (its
mentions written so, or the articles of the entities whose names hold the words); else the
lookup is ambiguous and offers them, most named first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from corpus.entities.grouping import NameWords, entity_key
from corpus.entities.mentions import TYPES, Entity
from corpus.entities.table import PackedEntities
from corpus.text.clitics import CHECKED_PREFIXES, without_proclitic
from corpus.text.normalization import normalize

__all__ = ["OWNER_SHARE", "EntityLookup", "lookup_entities"]

VALUE_TYPES = TYPES[4:]
"""DATE, MONEY, PERCENT, QUANTITY: keyed by their value (corpus.entities.values)."""
OWNER_SHARE = 0.75
"""The share of what matched one entity must hold to be the answer among several."""
OFFERED = 10
"""At most this many entities are offered when the lookup is ambiguous."""


@dataclass(slots=True)
class EntityLookup:
    """What a name found: the entities it names (`found`), or, when it is ambiguous, the
    entities it may name (`offered`, most named first, `found` empty)."""

    found: list[Entity] = field(default_factory=list)
    offered: list[Entity] = field(default_factory=list)


def _keyed(name: str) -> set[str]:
    """The keys a typed name may have: as typed, and as a person's or a place's key (clitics and
    compound parts folded, ال kept or not)."""
    wanted = " ".join(normalize(name).split())
    keys = {wanted, *(entity_key(name, kind, NameWords()) for kind in ("PER", "LOC", *VALUE_TYPES))}
    return {key for key in keys if key}


def _without_clitic(name: str) -> set[str]:
    """The typed name without a leading conjunction or preposition (لماكرون → ماكرون), each way
    it may be cut."""
    words = " ".join(normalize(name).split()).split()
    if not words:
        return set()
    cuts = {without_proclitic(words[0], p) for p in CHECKED_PREFIXES if words[0].startswith(p)}
    return {" ".join([cut, *words[1:]]) for cut in cuts if len(cut) >= 3} - {" ".join(words)}


def lookup_entities(entities: Sequence[Entity], name: str) -> EntityLookup:
    """The entities `name` names (see the module); the name without a leading conjunction or
    preposition is tried when the name as typed finds nothing."""
    found = _lookup(entities, _keyed(name))
    if found.found or found.offered:
        return found
    return _lookup(entities, {key for cut in _without_clitic(name) for key in _keyed(cut)})


def _lookup(entities: Sequence[Entity], keys: set[str]) -> EntityLookup:
    if not keys:
        return EntityLookup()
    named = [e for e in entities if e.key in keys or " ".join(normalize(e.name).split()) in keys]
    if named:
        return EntityLookup(named)
    written = _written_as(entities, keys)
    if written:
        return _one_or_offered(written)
    words = [set(key.split()) for key in keys]
    holding = [
        (len(e.articles), e)
        for e in entities
        if any(w <= set(e.key.split()) | set(normalize(e.name).split()) for w in words)
    ]  # a date's or a sum's key is its value (06-14): its words are its name's (14 يونيو)
    return _one_or_offered(holding)


def _written_as(entities: Sequence[Entity], keys: set[str]) -> list[tuple[int, Entity]]:
    """The entities with mentions written as one of `keys`, with how many each has: over a
    packed table, each distinct text is normalized once and the rows counted in numpy."""
    if not isinstance(entities, PackedEntities):
        found = []
        for entity in entities:
            count = sum(n for text, n in entity.variant_counts if " ".join(normalize(text).split()) in keys)
            if count:
                found.append((count, entity))
        return found
    table = entities.table
    numbers = [n for n, text in enumerate(table.strings) if " ".join(normalize(text).split()) in keys]
    rows = np.flatnonzero(np.isin(table.texts, np.array(numbers, dtype=np.int32)))
    order = np.argsort(entities.starts, kind="stable")
    position = np.searchsorted(entities.starts[order], rows, side="right") - 1
    owners = order[np.maximum(position, 0)]
    inside = (position >= 0) & (rows < entities.stops[owners])
    counts = np.bincount(owners[inside], minlength=len(entities))
    return [(int(counts[n]), entities[n]) for n in np.flatnonzero(counts).tolist()]


def _one_or_offered(matches: list[tuple[int, Entity]]) -> EntityLookup:
    """The entity holding OWNER_SHARE of the weight, or the entities offered."""
    if not matches:
        return EntityLookup()
    matches.sort(key=lambda pair: (-pair[0], pair[1].name))
    total = sum(weight for weight, _ in matches)
    top, entity = matches[0]
    if top >= OWNER_SHARE * total:
        return EntityLookup([entity])
    return EntityLookup(offered=[e for _, e in matches[:OFFERED]])
