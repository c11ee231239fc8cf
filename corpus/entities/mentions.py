"""What entity extraction finds: mentions in one article's text, and entities that group them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from corpus.models import Doc
from corpus.text.latin import latin_spellings, spelled_by_rule

__all__ = ["TYPES", "NAME_TYPES", "CONFIDENT", "UNSURE_SHARE", "Mention", "Entity"]

TYPES = ("PER", "LOC", "ORG", "MISC", "DATE", "MONEY", "PERCENT", "QUANTITY")
"""Entity types, in the order lists group them: names first, then what rules find."""
NAME_TYPES = TYPES[:4]
"""The types the tagger finds: people, places, organisations, other names."""
CONFIDENT = 0.9
"""A mention is confident when the tagger gives its span its type with at least this
probability (see Mention.confidence); on held-out ANERcorp text, see bench/RESULTS.md."""
UNSURE_SHARE = 0.5
"""A name is marked unsure when fewer than this share of its mentions are confident."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in an article's text where an entity is named."""

    start: int
    end: int
    type: str
    text: str
    link: str = ""
    """The name the mention stands for where its text alone would say another: for the expansion
    of an acronym ("طريق … الدوليين" for TRIPP), the acronym; for a capital named like another
    country, the city (عمّان (الأردن): corpus.entities.homonyms)."""
    confidence: float = field(default=1.0, compare=False)
    """How sure the tagger is of this span and type: the least, over its words, of the
    probability the CRF gives that word of being part of a name of this type (marginals by
    forward-backward); 1.0 for what a rule found, or when the tagger gives no probabilities."""

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


@dataclass(slots=True)
class Entity:
    """One person, place, organisation, thing, date or amount, with all its mentions."""

    key: str
    name: str
    type: str
    mentions: Sequence[tuple[Doc, Mention]] = field(default_factory=list)
    """(article, mention) pairs, in article order (a list, or a run of a packed table)."""

    @property
    def variant_counts(self) -> list[tuple[str, int]]:
        """The distinct ways the entity is written with how many mentions each has, most frequent first."""
        packed = getattr(self.mentions, "text_counts", None)
        counts = packed() if packed is not None else Counter(m.text for _, m in self.mentions)
        return _most_frequent_first(counts)

    @property
    def variants(self) -> list[str]:
        """The distinct ways the entity is written, most frequent first."""
        return [text for text, _ in self.variant_counts]

    @property
    def latin(self) -> list[str]:
        """The name's usual Latin spellings (Jamal Khashoggi, Gamal Khashoggi; a place's English
        name: Egypt; spelled letters: BBC), for a name the tagger finds (NAME_TYPES); none for a
        date or an amount."""
        if self.type not in NAME_TYPES:
            return []
        if self.name.isascii():
            return [self.name]  # CNN, GPS: written in Latin letters already
        return latin_spellings(self.name, place=self.type == "LOC")

    @property
    def latin_by_rule(self) -> bool:
        """Its Latin spellings are made by rule, in part: no list knows a word of the name."""
        return self._by_rule(self.latin)

    def _by_rule(self, latin: list[str]) -> bool:
        return (
            bool(latin)
            and not self.name.isascii()
            and spelled_by_rule(self.name, place=self.type == "LOC", person=self.type == "PER")
        )

    @property
    def articles(self) -> list[Doc]:
        """The articles that name it, each once, in order."""
        packed = getattr(self.mentions, "docs", None)
        if packed is not None:
            return [int(d) for d in dict.fromkeys(packed().tolist())]
        return list(dict.fromkeys(doc for doc, _ in self.mentions))

    @property
    def confident_count(self) -> int:
        """How many of its mentions are confident (CONFIDENT)."""
        packed = getattr(self.mentions, "confidences", None)
        if packed is not None:
            return int((packed() >= round(CONFIDENT * 100)).sum())
        return sum(1 for _, m in self.mentions if m.confident)

    @property
    def unsure(self) -> bool:
        """Fewer than UNSURE_SHARE of its mentions are confident: a name to check."""
        return self._unsure_with(self.confident_count)

    def _unsure_with(self, confident: int) -> bool:
        return confident < UNSURE_SHARE * len(self.mentions)

    def unsure_in(self, doc: Doc) -> bool:
        """Fewer than UNSURE_SHARE of its mentions in the article `doc` are confident."""
        packed = getattr(self.mentions, "docs", None)
        confidences = getattr(self.mentions, "confidences", None)
        if packed is not None and confidences is not None:
            here = packed() == doc
            return int((confidences()[here] >= round(CONFIDENT * 100)).sum()) < UNSURE_SHARE * int(here.sum())
        own = [m for d, m in self.mentions if d == doc]
        return sum(1 for m in own if m.confident) < UNSURE_SHARE * len(own)

    def count_in(self, doc: Doc) -> int:
        """How many times the article `doc` names it."""
        packed = getattr(self.mentions, "docs", None)
        if packed is not None:
            return int((packed() == doc).sum())
        return sum(1 for d, _ in self.mentions if d == doc)

    def to_json(self, ids: Sequence[str]) -> dict[str, object]:
        """As `akhbar entities --json` prints it; `ids` gives each article's id by its key (the
        spellings and the confident mentions counted from the mention rows made for it)."""
        latin = self.latin
        packed = getattr(self.mentions, "json_rows", None)
        mentions = (
            packed(ids)
            if packed is not None
            else [
                {"article": ids[doc], "start": m.start, "end": m.end, "text": m.text, "confidence": m.confidence}
                for doc, m in self.mentions
            ]
        )
        counts = _most_frequent_first(Counter(cast(str, row["text"]) for row in mentions))
        confident = sum(1 for row in mentions if cast(float, row["confidence"]) >= CONFIDENT)
        return {
            "name": self.name,
            "type": self.type,
            "count": len(self.mentions),
            "articles": [ids[doc] for doc in self.articles],
            "variants": [text for text, _ in counts],
            "latin": latin,
            "latin_by_rule": self._by_rule(latin),
            "variant_counts": [{"text": text, "count": count} for text, count in counts],
            "confident_mentions": confident,
            "unsure": self._unsure_with(confident),
            "mentions": mentions,
        }


def _most_frequent_first(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
