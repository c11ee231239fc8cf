"""Rows for `akhbar export`: search results, or every mention of an entity, with offsets,
dates and sources; and the formats they are written in (CSV that spreadsheets open with
Arabic intact, JSON Lines, Markdown).

Offsets are character offsets into the article's text as Akhbar decoded it (`show --json`
gives the same text). CSV is UTF-8 with a byte order mark, which spreadsheets need to read
Arabic as UTF-8; a cell that begins with = + - @, or with a tab or a carriage return, is
written after an apostrophe, so a spreadsheet never runs an article's text as a formula, even
behind leading spaces, line breaks or invisible characters, which spreadsheets skip. JSON Lines
are escaped as `search --json` is (corpus.json_text). A file named to be written is never in
the corpus, and is replaced only when the export is whole.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import IO, TYPE_CHECKING

from corpus.archive import Archive
from corpus.json_text import JSON_ESCAPED, json_text
from corpus.models import Article, ArticleUnreadable
from corpus.walk import as_int64, is_under

if TYPE_CHECKING:
    from corpus.entities.lookup import EntityLookup
    from corpus.entities.mentions import Entity
    from corpus.search.ranking import SearchResult

__all__ = [
    "EXPORT_FORMATS",
    "RESULT_FIELDS",
    "MENTION_FIELDS",
    "result_rows",
    "mention_rows",
    "partial_note",
    "write_rows",
    "find_entities",
    "entity_lookup",
    "other_types",
    "entities_named",
    "entities_json",
    "refused_output",
]

EXPORT_FORMATS = ("csv", "jsonl", "md")
RESULT_FIELDS = ("rank", "id", "date", "source", "title", "path", "url", "score", "match", "hits", "snippet")
MENTION_FIELDS = ("entity", "type", "id", "date", "source", "title", "path", "start", "end", "text", "context")
CONTEXT = 60
"""Characters on each side of a mention in its context."""
_FORMULA_START = ("\t", "\r")
"""What makes a cell a formula when it is the very first character."""
_FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
"""What makes a cell a formula after any leading blanks and invisible characters (with their
full-width forms, which some spreadsheets take for them)."""
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_MARKDOWN_SPECIAL = re.compile(r"[|\\`*_\[\]<>]")
_TERMINAL_CONTROL = re.compile("[\x00-\x1f" + "".join(sorted(JSON_ESCAPED)) + "]")
"""What a Markdown table cell never holds raw: C0 (what .split() leaves), DEL, C1, bidi controls."""
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_CELL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f" + "".join(sorted(JSON_ESCAPED - _BIDI_MARKS)) + "]")
"""What a CSV cell never holds raw: as _TERMINAL_CONTROL, but a cell keeps its line breaks and tabs,
and the bidi marks (LRM, RLM, ALM) Arabic text holds: they embed or override nothing, and a
spreadsheet would show them as \u200f text."""


def result_rows(results: Iterable[SearchResult]) -> Iterator[dict[str, object]]:
    """One row per search result, ranked in the order given: where the article is, how it
    matched, every hit as start-end."""
    for rank, result in enumerate(results, start=1):
        yield {
            **_article_row(rank, result.article),
            "score": round(result.score, 4),
            "match": result.match,
            "hits": " ".join(f"{start}-{end}" for start, end in result.hits),
            "snippet": " ".join(result.snippets[0].text.split()) if result.snippets else "",
        }


ARTICLE_FIELDS = ("rank", "id", "date", "source", "title", "path", "url")


def article_rows(articles: Iterable[Article]) -> Iterator[dict[str, object]]:
    """One row per article of a list in view (filtered, sorted, bookmarks only), in its order."""
    for rank, article in enumerate(articles, start=1):
        yield _article_row(rank, article)


def _article_row(rank: int, article: Article) -> dict[str, object]:
    """Where an article is (ARTICLE_FIELDS), at `rank`."""
    return {
        "rank": rank,
        "id": article.id,
        "date": article.date,
        "source": article.source_name,
        "title": article.title,
        "path": article.path,
        "url": article.metadata.get("url", ""),
    }


def partial_note(written: int, full: int) -> str:
    """What an export of `written` results says when some are partial (the first `full` of the
    results hold every word): " (N holding every word, M partial: see the match column)", or ""."""
    holding = min(written, full)
    if written == holding:
        return ""
    return f" ({holding:,} holding every word, {written - holding:,} partial: see the match column)"


def entity_lookup(archive: Archive, name: str, *, kind: str | None = None) -> EntityLookup:
    """The entities `name` names, by any way it is written (corpus.entities.lookup): its name,
    a variant the articles write (ماكرون, لماكرون, ترمب), or words of its name; when several
    share it and none holds most of it, the ones it may name. A name in Latin letters that
    names none that way names those whose name holds what each of its words is read as in
    Arabic (khashoggi: جمال خاشقجي), else those whose Latin spelling it sounds like (theresa
    may: تيريزا ماي); a word of initials (mbs) names the person they begin the Latin spelling of
    (محمد بن سلمان) where that one is named more. With `kind`, only entities of that type are looked at."""
    from corpus.entities.lookup import EntityLookup, by_initials, named_exactly, one_or_offered
    from corpus.entities.mentions import TYPES

    if archive.entities is None:
        archive.build_entities()
    assert archive.entities is not None
    entities: Sequence[Entity] = archive.entities.entities
    if kind is not None:  # a place and a body named alike (الشرق الأوسط): the one of this type
        types = getattr(entities, "types", None)  # packed: the type column, no entity made
        if types is not None:
            code = TYPES.index(kind)
            entities = [entities[n] for n, t in enumerate(types.tolist()) if t == code]
        else:
            entities = [entity for entity in entities if entity.type == kind]
    places = _places_named_in_latin(entities, name)
    if places:
        return EntityLookup(found=places)
    titled = _after_a_title(archive, entities, name)
    if titled.found or titled.offered:  # king salman: سلمان بن عبدالعزيز آل سعود, not كينغسلي كومان by sound
        exact = named_exactly(entities, name)  # الملك فيصل, a body: weighed beside the people, a span الشيخ تميم too
        if not exact:
            return titled
        return one_or_offered([(len(e.articles), e) for e in _distinct([*exact, *titled.found, *titled.offered])])
    found = _looked_up(archive, entities, name)
    initials = by_initials(entities, name)
    if _most_articles([*initials.found, *initials.offered]) > _most_articles([*found.found, *found.offered]):
        return initials  # mbs: محمد بن سلمان, not غوغل مابس (Google Maps, 4 articles), which it also spells
    return found


def _looked_up(archive: Archive, entities: Sequence[Entity], name: str) -> EntityLookup:
    """entity_lookup's answer by the name's own spellings and readings."""
    from corpus.entities import lookup_entities
    from corpus.entities.lookup import EntityLookup, by_latin_spelling, entities_holding, one_or_offered

    found = lookup_entities(entities, name)
    read = archive.read_as_arabic(name)
    if read is None:
        return found if found.found or found.offered else by_latin_spelling(entities, name)
    by_reading = _named_by_reading(entities, read)
    if by_reading.found and _most_articles(by_reading.found) > _most_articles(found.found):
        return by_reading  # washington: واشنطن, not an English title's Washington Post
    if by_reading.offered and _most_articles(by_reading.offered) > _most_articles(found.found):
        return EntityLookup(offered=_distinct([*by_reading.offered, *found.found]), more=by_reading.more)  # mattis: two
    if found.found or found.offered:
        return found
    holding = [entities[n] for n in entities_holding(entities, read, keys=False)]
    held = one_or_offered([(len(entity.articles), entity) for entity in holding])
    return held if held.found or held.offered else by_latin_spelling(entities, name)


def _after_a_title(archive: Archive, entities: Sequence[Entity], name: str) -> EntityLookup:
    """The person a name typed after a title names, the title in English or Arabic (king, الملك,
    crown prince, ولي العهد): the one keyed with that regal title (الأمير هاري), else the people
    what follows the title names, those whose name it begins first (الملك سلمان, king salman:
    سلمان; الرئيس ترامب: ترامب); nothing when it begins with no title or names no person so."""
    from corpus.entities.lookup import EntityLookup, by_title, one_or_offered
    from corpus.entities.regal import regal_title
    from corpus.text.normalization import normalized_form

    words = _TITLE_PUNCTUATION.sub(" ", name).split()  # king, salman; الملك سلمان،
    for size in (2, 1):
        title = _title_of(" ".join(words[:size])) if len(words) > size else ""
        if title:
            rest = " ".join(words[size:])
            read = archive.read_as_arabic(rest) if rest.isascii() else [{rest}]
            products = itertools.islice(itertools.product(*(sorted(r) for r in read or [])), READINGS_TRIED)
            readings = [" ".join(reading) for reading in products]
            titled = by_title(entities, title, readings)
            if not titled.found and rest.isascii():  # prince charles: Prince Charles, spelled so
                titled = by_title(entities, title, [e.key.split()[1] for e in _titled_by_sound(entities, name, rest)])
            if titled.found:
                return titled
            found = _looked_up(archive, entities, rest)
            typed_title = normalized_form(title)  # as a key holds it
            people = EntityLookup(
                [e for e in found.found if _titled_as(e, typed_title)],
                [e for e in found.offered if _titled_as(e, typed_title)],
            )
            if people.offered:  # سلمان: the king, whose name it begins, not محمد بن سلمان, his son
                begun = _beginning_with(people.offered, readings)
                people = one_or_offered([(len(e.articles), e) for e in begun]) if begun else people
            if people.offered and regal_title(title):  # الأمير محمد: محمد بن سلمان, محمد بن نايف; no محمد صلاح
                royal = [e for e in people.offered if _royal_name(e)]
                people = one_or_offered([(len(e.articles), e) for e in royal]) if royal else people
            return people  # no person: the whole name is looked up as typed (prince harry: Prince Hari)
    return EntityLookup()


def _royal_name(entity: Entity) -> bool:
    """Whether an entity's name is written as a royal's: a father's word or the house's آل
    (محمد بن سلمان, تميم بن حمد آل ثاني) or a regnal number (عبدالله الثاني)."""
    from corpus.entities.regal import REGNAL_NUMBERS
    from corpus.entities.resolution import PARENT
    from corpus.text.normalization import normalize

    words = {*normalize(entity.name).split(), *entity.key.split()}
    return bool(words & PARENT or normalize("آل") in words or words & REGNAL_NUMBERS)


def _titled_as(entity: Entity, title: str) -> bool:
    """Whether an entity may be the person a name typed after `title` (its key's form) names: a
    person named in TITLED_LOOKUP_ARTICLES articles or more, keyed with no other regal title
    (prince francis is no البابا فرنسيس)."""
    from corpus.entities.regal import titled_given_name

    other = bool(titled_given_name(entity.key)) and entity.key.split()[0] != title
    return entity.type == "PER" and not other and len(entity.articles) >= TITLED_LOOKUP_ARTICLES


def _beginning_with(people: list[Entity], readings: list[str]) -> list[Entity]:
    """Those of `people` whose key begins with the words of one of `readings` (a given name after a title)."""
    from corpus.entities.grouping import entity_key

    starts = [entity_key(reading, "PER").split() for reading in readings]
    return [e for e in people if any(s and e.key.split()[: len(s)] == s for s in starts)]


TITLED_SPELLING = 85
"""How alike (0-100, letters as typed) a name typed after a title and the Latin spelling of a
titled person's given name must be for the spelling to name the person (charles: Charles; fahd
is no Fouad, though their consonants sound alike)."""


def _titled_by_sound(entities: Sequence[Entity], name: str, rest: str) -> list[Entity]:
    """The people keyed with a regal title whose Latin spelling a Latin name sounds like and
    whose given name's spelling is nearly the one typed after the title (TITLED_SPELLING)."""
    from rapidfuzz import fuzz

    from corpus.entities.lookup import by_latin_spelling
    from corpus.entities.regal import titled_given_name

    found = by_latin_spelling(entities, name)
    typed = rest.lower()
    return [
        e
        for e in (*found.found, *found.offered)
        if e.type == "PER"
        and titled_given_name(e.key)
        and any(fuzz.ratio(typed, " ".join(s.lower().split()[1:])) >= TITLED_SPELLING for s in e.latin)
    ]


def _title_of(typed: str) -> str:
    """The Arabic title typed words are (king: الملك; للملك: الملك), or ""."""
    from corpus.text.clitics import without_any_proclitic
    from corpus.text.normalization import normalize
    from corpus.text.titles import TITLES

    if typed.isascii():
        return next((arabic for english, arabic in TITLES if english == " ".join(typed.lower().split())), "")
    form = " ".join(without_any_proclitic(w) if i == 0 else w for i, w in enumerate(normalize(typed).split()))
    return next((arabic for _, arabic in TITLES if normalize(arabic) == form), "")


_TITLE_PUNCTUATION = re.compile(r"[,،.:;!?؛؟]+")
"""Punctuation typed around a title or a name (king, salman), read as a space."""
TITLED_LOOKUP_ARTICLES = 5
"""A person named after a title (الشيخ جراح, البابا شنودة) is taken only if named in this many
articles: a one-article جراح الظفيري or هاني شنودة is no sheikh or pope; the name as typed is then
looked up as any name is."""

READINGS_TRIED = 8
"""Arabic readings of a Latin name (one per word, each way) looked up as names, at most."""


def _named_by_reading(entities: Sequence[Entity], read: list[set[str]]) -> EntityLookup:
    """The entities a Latin name's Arabic reading names as a name (washington: واشنطن), each
    reading looked up as if typed in Arabic; the found ones of every reading, else the offered."""
    from corpus.entities import lookup_entities
    from corpus.entities.lookup import EntityLookup

    found: list[Entity] = []
    offered: list[Entity] = []
    more = 0
    for words in itertools.islice(itertools.product(*(sorted(r) for r in read)), READINGS_TRIED):
        named = lookup_entities(entities, " ".join(words))
        found += named.found
        offered += named.offered
        more = max(more, named.more)  # the readings offer much the same entities: not added up
    if found:
        return EntityLookup(found=_distinct(found))
    return EntityLookup(offered=_distinct(offered), more=more)


def _distinct(entities: Iterable[Entity]) -> list[Entity]:
    """Each entity once, most articles first: two readings (trump: ترامب، ترمب) name the same
    entity, read from the table as two objects, and its mentions must not be exported twice."""
    unique = {(entity.key, entity.type): entity for entity in entities}
    return sorted(unique.values(), key=lambda entity: -len(entity.articles))


def _most_articles(entities: Sequence[Entity]) -> int:
    """The articles of the most named of these entities (0: none)."""
    return max((len(e.articles) for e in entities), default=0)


def _places_named_in_latin(entities: Sequence[Entity], name: str) -> list[Entity]:
    """The entities a place's whole Latin name names through its Arabic names in the shipped
    list (corpus.text.shipped.latin_names: saudi arabia, united nations, qatar), most articles
    first: before an article's English title that holds the same words."""
    from corpus.entities import lookup_entities
    from corpus.text.latin import fold_latin
    from corpus.text.shipped import latin_names

    words = name.split()
    if not words or not all(word.isascii() and word.isalpha() for word in words):
        return []
    return _distinct(
        entity
        for arabic, _ in latin_names().get(" ".join(fold_latin(word) for word in words), [])
        for entity in lookup_entities(entities, arabic).found
    )


def entities_named(archive: Archive, name: str, limit: int | None = None) -> list[Entity]:
    """For browsing: every entity `name` may name, most articles first: what `entity_lookup`
    finds or offers, every entity whose name holds the words typed (سلمان: the king and the
    crown prince beside a "سلمان" named once), and for a name in Latin letters every entity
    whose name holds what it is read as in Arabic (trump: دونالد ترامب beside an English title
    that holds "Trump"). At most `limit` of them; none for a name that names none."""
    from corpus.entities.lookup import entities_holding, typed_words

    lookup = entity_lookup(archive, name)
    if archive.entities is None:
        return []
    entities = archive.entities.entities
    named = lookup.found or lookup.offered
    holding = [n for words in typed_words(name) for n in entities_holding(entities, [[word] for word in words])]
    read = archive.read_as_arabic(name)
    if read is not None:
        holding += entities_holding(entities, read, keys=False)
    ranked = sorted(named, key=lambda entity: -len(entity.articles))
    unique = {(entity.key, entity.type): entity for entity in ranked}
    for n in sorted(set(holding)):  # entity order: most articles first
        if limit is not None and len(unique) >= limit:
            break
        entity = entities[n]
        unique.setdefault((entity.key, entity.type), entity)
    most = max((len(entity.articles) for entity in unique.values()), default=0)
    rows = sorted(
        unique.values(),
        key=lambda entity: (
            not (len(entity.articles) * 10 >= most and _spelled_so(entity, name)),
            -len(entity.articles),
        ),
    )
    return rows[:limit] if limit is not None else rows


def _spelled_so(entity: Entity, name: str) -> bool:
    """Whether a name typed in Latin letters is one of the entity's Latin spellings, or words of
    one side by side, as written (bin and ibn as bn): such an entity comes first where it is named
    in a tenth of the articles of the most named (amman: عمّان (الأردن), Amman, before سلطنة
    عمان, Oman; bin salman: محمد بن سلمان, Mohamed Bn Salman, before the king; salman: not the
    bare سلمان of 2 articles before the king)."""
    from corpus.text.latin import latin_spellings

    typed = _latin_words(name)
    if not typed or not all(word.isascii() for word in typed):
        return False
    for spelling in latin_spellings(entity.name, place=entity.type == "LOC"):
        words = _latin_words(spelling)
        if any(words[at : at + len(typed)] == typed for at in range(len(words) - len(typed) + 1)):
            return True
    return False


def _latin_words(text: str) -> list[str]:
    """The words of a Latin name, folded, a parent's particle (bin, ben, ibn, bn) as one."""
    from corpus.text.latin import fold_latin

    parents = _parent_words()
    return ["bn" if word in parents else word for word in (fold_latin(w) for w in text.split())]


@cache
def _parent_words() -> frozenset[str]:
    """The Latin words for بن (bin, ben, ibn, as the search reads them: NAME_PARTICLES) and bn."""
    from corpus.search.transliteration import NAME_PARTICLES

    return frozenset({latin for latin, arabic in NAME_PARTICLES.items() if "بن" in arabic} | {"bn"})


def other_types(archive: Archive, found: Sequence[Entity]) -> list[Entity]:
    """The entities of the archive keyed as one of `found` but of another type (the newspaper
    «الشرق الأوسط» beside the region), most articles first: what `--type` would export instead."""
    from corpus.entities.lookup import name_index

    if archive.entities is None:
        return []
    entities = archive.entities.entities
    named = name_index(entities).named
    mine = {(entity.key, entity.type) for entity in found}
    others = {
        (entities[n].key, entities[n].type): entities[n]
        for key, _ in mine
        for n in named.get(key, ())
        if (entities[n].key, entities[n].type) not in mine
    }
    return _distinct(others.values())


NAMED_SHARE = 5
"""An entity an export reaches by a name is named in at least one in this many of the articles
that write the name, or the export says so and exports nothing (named_in_few)."""
NAMED_GAP = 20
"""...and in at most this many articles fewer: a name few articles write is never refused."""


def named_in_few(archive: Archive, name: str, found: Sequence[Entity]) -> int:
    """How many articles write `name` (articles_writing) when the entities it reached are named
    in fewer than one in NAMED_SHARE of them, else 0: «مقتدى» is written in 138 articles and
    the only entity holding it, أبو مقتدى العصار, is named in one; `sabic` is read as سابق,
    "former", in 9,671, عبدالله سابق named in one (the shell exports neither: each is another's
    name); «الهلال» in 1,596, its entity named in 269 (exported, and said)."""
    named = sum(len(entity.articles) for entity in found)
    written = articles_writing(archive, name)
    return written if named * NAMED_SHARE < written and written - named > NAMED_GAP else 0


def articles_writing(archive: Archive, name: str) -> int:
    """How many articles write `name`: a name in Arabic letters as written, its words side by
    side (="…": no spelling variant, no other form), one in Latin letters as the search reads it
    (sabic: سابق); never read as the query language's filters (source:okaz is two words)."""
    words = re.sub(r'[":=()]+', " ", name).split()
    if not words:
        return 0
    query = " ".join(words) if in_latin_letters(name) else f'="{" ".join(words)}"'
    try:
        return len(archive.matching(query))
    except ValueError:
        return 0


def in_latin_letters(name: str) -> bool:
    """Whether a name is typed with Latin letters (read as the search reads them: sabic, سابق)."""
    return any("a" <= char <= "z" for char in name.lower())


def find_entities(archive: Archive, name: str) -> list[Entity]:
    """The entities `name` names (see entity_lookup); empty when it names none or is ambiguous."""
    return entity_lookup(archive, name).found


def entities_json(archive: Archive, entities: Iterable[Entity]) -> Iterator[dict[str, object]]:
    """Entities as `akhbar entities --json` prints them, one at a time, articles named by id
    (the ids decoded once, not once a mention)."""
    ids = list(archive.ids)
    for entity in entities:
        yield entity.to_json(ids)


def mention_rows(archive: Archive, entities: Iterable[Entity]) -> Iterator[dict[str, object]]:
    """One row per mention of the entities, in article order, with its context."""
    for entity in entities:
        current, text = -1, ""
        for doc, mention in entity.mentions:  # in article order: each text is read once
            article = archive.article(doc)
            if doc != current:
                current = doc
                try:
                    text = archive.read_text(doc)
                except ArticleUnreadable:
                    text = ""
            context = " ".join(text[max(0, mention.start - CONTEXT) : mention.end + CONTEXT].split())
            yield {
                "entity": entity.name,
                "type": entity.type,
                "id": article.id,
                "date": article.date,
                "source": article.source_name,
                "title": article.title,
                "path": article.path,
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
                "context": context,
            }


def write_rows(rows: Iterable[dict[str, object]], fields: tuple[str, ...], form: str, out: IO[str]) -> int:
    """Write the rows in `form` (EXPORT_FORMATS); returns how many were written."""
    count = 0
    if form == "csv":
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
            count += 1
    elif form == "jsonl":
        for row in rows:
            out.write(json_text(row) + "\n")
            count += 1
    else:
        out.write("| " + " | ".join(fields) + " |\n|" + "---|" * len(fields) + "\n")
        for row in rows:
            out.write("| " + " | ".join(_markdown(row.get(key, "")) for key in fields) + " |\n")
            count += 1
    return count


def _cell(value: object) -> object:
    """A spreadsheet cell that is never read as a formula, and holds no character a terminal
    would act on (written \\uXXXX, as the JSON Lines export writes it): `cat` shows it as text."""
    if not isinstance(value, str):
        return value
    value = _CELL_CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", value)
    if value.startswith(_FORMULA_START) or _after_blanks(value)[:1] in _FORMULA_SIGNS:
        return "'" + value
    return value


def _after_blanks(value: str) -> str:
    """`value` from its first character that is not white space (Unicode White_Space), a
    control (Cc) or a format character (Cf)."""
    for at, character in enumerate(value):
        if not (character.isspace() or unicodedata.category(character) in _SKIPPED_CATEGORIES):
            return value[at:]
    return ""


def refused_output(archive: Archive, output: str) -> str | None:
    """Why `output` may not be written, or None: it is, is under, or links to a corpus path,
    or is the same file (a hard link) or under the same folder (a bind mount) as one."""
    real = os.path.realpath(output)
    for root in archive.paths:
        real_root = os.path.realpath(root)
        if is_under(real, real_root):
            return f"{output} is in the corpus ({root}); export never writes there"
    try:
        info = os.stat(real)
    except OSError:
        info = None
    stamps = archive.files.stamps
    if info is not None and bool(
        ((stamps[:, 3] == as_int64(info.st_dev)) & (stamps[:, 4] == as_int64(info.st_ino))).any()
    ):
        return f"{output} is a file of the corpus under another name; export never writes there"
    folders = _corpus_folders(archive)
    folder = os.path.dirname(real)
    while True:
        try:
            here = os.stat(folder)
        except OSError:
            return None  # a folder that is not there cannot be in the corpus; the write will say why
        if (here.st_dev, here.st_ino) in folders:
            return f"{output} is in a corpus folder seen under another name; export never writes there"
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _corpus_folders(archive: Archive) -> set[tuple[int, int]]:
    """(device, inode) of every folder of the corpus, as the archive walks them (a folder met
    again through a link is not walked twice)."""
    found: set[tuple[int, int]] = set()
    waiting = list(archive.paths)  # a stack, not os.walk's recursion: a corpus 1,000 folders deep
    while waiting:
        top = waiting.pop()
        try:
            info = os.stat(top)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in found:
            continue
        found.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(top) as entries:
                waiting.extend(e.path for e in entries if e.is_dir(follow_symlinks=archive.follow_links))
        except OSError:
            continue
    return found


def _markdown(value: object) -> str:
    """A table cell: one line, with Markdown's own characters escaped and no character a
    terminal would act on (control, C1, bidi), written as \\uXXXX as JSON writes them."""
    line = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", _TERMINAL_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", line))
