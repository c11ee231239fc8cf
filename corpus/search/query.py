"""The query language, in the manner of fzf: words, "phrases", 'exact words and !exclusions,
word|other or word OR other (either word: a spelling variant added), = before the whole query (every word
as written only: no other forms, no variants), with filters: after:2015-08-01 (on or after
that day; a month or a year means its first day), before:2018-03 (before the first day of
March 2018), source:okaz (the source's name holds it, case and Arabic spelling folded;
several source: filters are alternatives)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from corpus.text.dates import ASCII_DIGITS
from corpus.text.latin import ARTICLES, latin_words
from corpus.text.normalization import (
    TOKEN_PATTERN,
    index_form,
    index_tokens,
    normalize,
    tokenize,
)

ClauseKind = Literal["word", "exact", "phrase"]

MAX_QUERY_CHARS = 1_000
"""Characters of a query that are read: ten lines of text, a whole vocalized sentence pasted;
the rest is left out, and the query's notes say so."""
AS_WRITTEN = "="
"""Written before a query, it searches every word as written only (as 'word does one word)."""
MAX_QUERY_WORDS = 64
"""Words of a query that are searched (each costs up to 20 ms on 69k articles): a headline or
two sentences quoted whole; the rest is left out, and the query's notes say so."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One condition of a query, over normalized words."""

    kind: ClauseKind
    """word: fuzzy and by base; exact: surface form only; phrase: words in a row."""
    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False
    """True for the word being typed: it also matches the words it begins."""
    alternatives: tuple[str, ...] = ()
    """Other words that match as the word does (ترمب|ترامب): an offered variant, added."""
    as_written: bool = False
    """Only the words' own forms match (the query began with AS_WRITTEN): no clitics, endings or variants."""
    latin: tuple[str, ...] = ()
    """The words in Latin letters the clause was read from (saudi arabia: السعودية), if any."""
    read_as: str = ""
    """With `latin`, what they were read as: "a name", "a title" or "a people" (said in the notes)."""
    sounded: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Words typed with a Persian letter Arabic writes otherwise (گ, چ), each with the words
    Arabic would write (OTHER_READINGS)."""

    respelled: tuple[str, ...] = ()
    """The word as typed with its hamza on the other seat (مسؤول for مسئول): one word in two
    spellings, searched where the archive writes it so (corpus.search.plan); normalizing folds ؤ
    into و and ئ into ي, so the two never meet."""

    def readings_of(self, word: str) -> tuple[str, ...]:
        """How Arabic writes a word typed with a Persian letter (none for any other word)."""
        return next((readings for typed, readings in self.sounded if typed == word), ())


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: every positive clause must match, no negated one may."""

    text: str
    clauses: tuple[Clause, ...]
    after: int = 0
    """Only articles dated on or after this day (YYYYMMDD); 0: no bound."""
    before: int = 0
    """Only articles dated before this day (YYYYMMDD); 0: no bound."""
    sources: tuple[str, ...] = ()
    """Only articles whose source name holds one of these (normalized)."""
    problems: tuple[str, ...] = ()
    """What was left out, said to the user: filters that could not be read, the words or
    characters past the bounds of a query (MAX_QUERY_WORDS, MAX_QUERY_CHARS)."""
    rest: str = ""
    """The text less its filters (phrases without their quotes): what the list filter looks for in titles."""

    @property
    def as_written(self) -> bool:
        """The query searches its words as written only (it began with AS_WRITTEN)."""
        return bool(self.clauses) and all(c.as_written for c in self.clauses)

    @property
    def filtered(self) -> bool:
        """True when the query has a date or source filter."""
        return bool(self.after or self.before or self.sources)

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)


OTHER_READINGS = {"گ": ("ك", "غ", "ج", "ق"), "چ": ("تش", "ش"), "ی": ("ي", "ى")}
"""Persian letters a keyboard types for sounds Arabic writes otherwise, and how Arabic writes
them: گ (g) as ك, غ, ج or ق (گوگل is غوغل or جوجل), چ (ch) as تش or ش, never as the ج normalizing
folds it to (چاد is تشاد, not جاد); ی, which a Persian keyboard types for both, as ي or ى at a
word's end (یحیی is يحيى)."""


def _sounded(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each word of `text` typed with a letter of OTHER_READINGS, with its readings (each such
    letter of the word read the same way)."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for raw in TOKEN_PATTERN.findall(text):
        letters = [letter for letter in OTHER_READINGS if letter in raw]
        if letters:
            readings = [
                index_form(raw.replace(letter, sound)) for letter in letters for sound in OTHER_READINGS[letter]
            ]
            found.append((index_form(raw), tuple(dict.fromkeys(readings))))
    return tuple(found)


HAMZA_SEATS = str.maketrans({"ئ": "ؤ", "ؤ": "ئ"})
"""The two seats a hamza inside a word is written on, one for the other as writers differ
(مسؤول and مسئول, شؤون and شئون, التباطؤ and التباطئ)."""


def _respelled(text: str) -> dict[str, str]:
    """Each word of `text` typed with a hamza on a seat (normalized) → the word as typed with
    it on the other."""
    found: dict[str, str] = {}
    for raw in TOKEN_PATTERN.findall(text):
        if "ئ" in raw or "ؤ" in raw:
            other = raw.translate(HAMZA_SEATS)
            if index_form(other) != index_form(raw):
                found[index_form(raw)] = other
    return found


def query_words(text: str) -> list[str]:
    """The normalized words of a chunk of a query: a Latin or Arabizi word whole (mo7amed,
    al-sisi: see corpus.text.latin), any other text as tokenizing cuts it."""
    return latin_words(text) or index_tokens(text)


def _glue_articles(chunks: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """An article typed apart in Latin letters (al assad, el sisi) joined to the word after it, as al-assad."""
    glued: list[tuple[str, bool]] = []
    for chunk, quoted in chunks:
        if glued and not quoted and not glued[-1][1] and glued[-1][0].lower() in ARTICLES and chunk[:1].isascii():
            if chunk[:1].isalpha() or chunk[:1] in "2357789":
                glued[-1] = (f"{glued[-1][0]}-{chunk}", False)
                continue
        glued.append((chunk, quoted))
    return glued


def _chunks(text: str) -> list[tuple[str, bool]]:
    """Split on whitespace, keeping double-quoted runs whole; (chunk, was quoted as a phrase)."""
    chunks: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start = i
        negated = text[i] == "!"
        body_start = i + 1 if negated else i
        if body_start < n and text[body_start] in '"“”«':
            close = min(
                (p for p in (text.find(q, body_start + 1) for q in '"“”»') if p != -1),
                default=n,
            )
            chunks.append((("!" if negated else "") + text[body_start + 1 : close], True))
            i = close + 1
            continue
        while i < n and not text[i].isspace():
            i += 1
        chunks.append((text[start:i], False))
    return _either_joined(_glue_articles(chunks))


EITHER = "OR"
"""Between two words, as search engines write it, the same as word|other: either of them."""
PERCENT_NOTE = "% is not searched: 50% finds the number 50 wherever it stands"
OR_NOTE = (
    f"or is searched as a word; for either of two words write {EITHER} in capitals (word {EITHER} other) or word|other"
)
"""What a query holding % or a lower-case or between words is told."""


def _either_joined(chunks: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Words with EITHER between them made one chunk `word|other` (ماكرون OR بوتين); an EITHER
    at an end, or beside a phrase, a filter, an exclusion or what is more than one word, stays
    (parse_query leaves it out and says so)."""
    joined: list[tuple[str, bool]] = []
    i = 0
    while i < len(chunks):
        chunk, quoted = chunks[i]
        if chunk == EITHER and not quoted and joined and i + 1 < len(chunks):
            (before, before_quoted), (after, after_quoted) = joined[-1], chunks[i + 1]
            plain = not (before_quoted or after_quoted) and not any(
                c.startswith(("!", "'")) or _FILTER.match(c) or c == EITHER for c in (before, after)
            )
            plain = plain and all(len(tokenize(part)) == 1 for part in (*before.split("|"), after))
            if plain:
                joined[-1] = (f"{before}|{after}", False)
                i += 2
                continue
        joined.append((chunk, quoted))
        i += 1
    return joined


_FILTER = re.compile(r"^(after|before|source|بعد|قبل|المصدر):(.*)$", re.IGNORECASE)
_DAY = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?$")
_NAMES = {"بعد": "after", "قبل": "before", "المصدر": "source"}


def bounded_query(text: str) -> tuple[str, str]:
    """The query text within MAX_QUERY_CHARS, cut after its last whole word and ended by a space
    (no word of it is being typed), and the note that says so ("" when nothing was cut)."""
    if len(text) <= MAX_QUERY_CHARS:
        return text, ""
    end = MAX_QUERY_CHARS - 1
    kept = text[:end]
    if not text[end].isspace():
        whole = max(kept.rfind(" "), kept.rfind("\n"), kept.rfind("\t"))
        kept = kept[:whole] if whole > 0 else kept
    return kept.rstrip() + " ", f"query cut to its first {MAX_QUERY_CHARS:,} characters"


def filter_day(value: str) -> int:
    """YYYY, YYYY-MM or YYYY-MM-DD as the number YYYYMMDD of its first day; 0 when it is no date."""
    match = _DAY.match(value.translate(ASCII_DIGITS).strip())
    if not match:
        return 0
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        return 0
    return year * 10000 + month * 100 + day


def parse_query(text: str) -> Query:
    """Parse a query; never raises, whatever the text. Unknown syntax is read as words; a
    filter whose value is no date is left out and named in `problems`, and so are the words
    past MAX_QUERY_WORDS and the characters past MAX_QUERY_CHARS."""
    clauses: list[Clause] = []
    bounds = {"after": 0, "before": 0}
    sources: list[str] = []
    problems: list[str] = []
    text, cut = bounded_query(text)
    as_written = text.lstrip().startswith(AS_WRITTEN)
    chunks = _chunks(text.lstrip()[1:] if as_written else text)
    typing_last = bool(text) and not text[-1].isspace()
    room, dropped = MAX_QUERY_WORDS, 0
    rest: list[str] = []
    for number, (chunk, quoted) in enumerate(chunks):
        if chunk == EITHER and not quoted:
            note = f"{EITHER} stands between two single words (word {EITHER} other): left out here"
            problems.extend([note] if note not in problems else [])
            continue
        found = _FILTER.match(chunk) if not quoted else None
        if not found:
            rest.append(chunk)
        if found:
            name, value = _NAMES.get(found[1], found[1].lower()), found[2]
            if name == "source":
                if normalize(value).strip():
                    sources.append(normalize(value).strip().casefold())
            elif filter_day(value):
                bounds[name] = filter_day(value)
            elif value:
                problems.append(f"{chunk} is not a date (write {name}:2018, {name}:2018-03 or {name}:2018-03-15)")
            continue
        if not quoted and ("%" in chunk or "٪" in chunk) and PERCENT_NOTE not in problems:
            problems.append(PERCENT_NOTE)
        if (
            not quoted
            and chunk.lower() == EITHER.lower()
            and chunk != EITHER
            and 0 < number < len(chunks) - 1
            and OR_NOTE not in problems
        ):
            problems.append(OR_NOTE)
        negated = chunk.startswith("!")
        body = chunk[1:] if negated else chunk
        exact = not quoted and body.startswith("'")
        words = tuple(query_words(body[1:] if exact else body))
        dropped += max(0, len(words) - room)
        words = words[:room]
        if not words:
            continue
        room -= len(words)
        is_last = number == len(chunks) - 1 and typing_last and not quoted and not dropped
        either = [tokenize(part) for part in body.split("|")] if not quoted and not exact else []
        sounded = _sounded(body)
        seats = _respelled(body)
        if len(either) > 1 and all(len(part) == 1 for part in either):
            first, *others = words  # the words kept within the bound
            clauses.append(Clause("word", (first,), negated=negated, alternatives=tuple(others), sounded=sounded))
        elif exact:
            clauses.append(Clause("exact", words, negated=negated))
        elif quoted or (len(words) > 1 and negated):
            clauses.append(Clause("phrase", words, negated=negated, sounded=sounded))
        else:
            for position, word in enumerate(words):
                last_word = is_last and not negated and position == len(words) - 1
                own = tuple(pair for pair in sounded if pair[0] == word)
                respelled = tuple(other for typed, other in seats.items() if typed == word)  # as typed, too
                clauses.append(
                    Clause(
                        "word",
                        (word,),
                        negated=negated,
                        prefix=last_word,
                        sounded=own,
                        respelled=respelled,
                    )
                )
    if as_written:
        clauses = [_as_written(clause) for clause in clauses]
    if dropped:
        cut = f"query cut to its first {MAX_QUERY_WORDS} words"
    notes = (cut, *problems) if cut else tuple(problems)
    return Query(text, tuple(clauses), bounds["after"], bounds["before"], tuple(sources), notes, " ".join(rest))


def _as_written(clause: Clause) -> Clause:
    """The clause matching its words' own forms only."""
    kind: ClauseKind = "phrase" if clause.kind == "phrase" else "exact"
    return Clause(kind, clause.words, negated=clause.negated, alternatives=clause.alternatives, as_written=True)


def toggle_as_written(text: str) -> str:
    """The query with AS_WRITTEN put before it, or taken away when it is there."""
    stripped = text.lstrip()
    if stripped.startswith(AS_WRITTEN):
        return stripped[1:].lstrip()
    return f"{AS_WRITTEN}{text}"


def with_alternatives(text: str, added: dict[str, str]) -> str:
    """The query text with `word|variant` for each word of `added` (normalized word → the
    variant to add) wherever that word stands alone, outside phrases, not negated; the rest as typed."""
    kept, _ = bounded_query(text)
    parts: list[str] = []
    for chunk, quoted in _chunks(kept):
        words = tokenize(chunk.split("|")[0].lstrip("'")) if not quoted else []
        variant = added.get(words[0]) if len(words) == 1 and not chunk.startswith(("!", "'")) else None
        if quoted:
            chunk = f'"{chunk}"' if not chunk.startswith("!") else f'!"{chunk[1:]}"'
        elif variant is not None and variant not in tokenize(chunk.replace("|", " ")):
            chunk = f"{chunk}|{variant}"
        parts.append(chunk)
    return " ".join(parts) + (" " if kept[-1:].isspace() else "")
