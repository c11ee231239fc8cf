"""Precision of search on the bench corpus: names as a journalist types them, and title phrases.

Both query sets are drawn by a rule from the data with a seed, never picked by hand:

- **Names**: the last word of the person and place names the tagger finds in two or more
  sampled articles, held by NAME_DF articles, beginning with a clitic letter or not (two sets); every
  third one mistyped (a long vowel left out, a letter of the same sound) into a form the
  archive holds rarely or never. An article holds
  the name when one of its words, without its proclitics (و ف ب ل ك and the article) and
  with or without a nisba or pronoun ending (and a name written without the article also with
  it), is the name or an accepted spelling of it: a
  word that `corpus.entities.resolution.spelling_variants` calls the same name (sound
  classes, one long vowel) and that the word2vec clusters of the tagger
  (corpus/data/clusters.tsv.gz) put with it, so ترمب accepts ترامب but السيسي not السياسي.
- **Rare words**: words of the vocabulary held as written by 1 to 24 articles (the rare ones,
  for which search once matched spelling variants freely). A result is right when it holds a
  word of the same stem by the judge's own light stemmer (proclitics and one ending off, a
  feminine ت read as ه); each result that does not is another word's article.
- **Typos**: words held by TYPO_DF articles, each mistyped once as a hand slips (a letter left
  out, doubled, swapped with the next, or replaced by its neighbour on the Arabic keyboard) into
  a word no article holds. A result is right when it holds a word of the meant word's stem (as
  for rare words); the recall is the share of the meant word's own results the typo finds.
- **Phrases**: two neighbouring words of sampled titles, held next to each other (in that
  order) by PHRASE_DF articles and as two words anywhere by at least SCATTERED times as
  many. A result is right when it holds the two words next to each other, in order.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from corpus import Archive
from corpus.entities.clusters import word_clusters
from corpus.entities.extract import article_mentions
from corpus.entities.resolution import spelling_variants
from corpus.search.expansion import expand, offered
from corpus.text import tokenize
from corpus.text.normalization import folded_ta

NAME_DF = (40, 5000)
RARE_WORDS = 200
RARE_HELD = (1, 24)
"""Articles holding a rare word as written: fewer than search's RARE_DF."""
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
NAMES = 24
NAME_ARTICLES = 1500
TYPO_DF = (30, 3000)
TYPOS = 120
KEYBOARD_ROWS = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ءؤرىةوزظ")
"""The letter rows of the Arabic keyboard: a slip replaces a letter by its neighbour in its row."""
PHRASE_DF = (8, 60)
SCATTERED = 4
PHRASES = 40
PHRASE_ARTICLES = 4000
PROCLITICS = tuple("وبال وكال فبال وال بال كال فال ولل لل ال وب ول فب فل وك و ف ب ل ك".split())
ENDINGS = ("", "ي", "يه", "يون", "يين", "يات", "ه", "ها", "هم", "ات")
CLUSTER_LEVEL = 2
"""Which granularity of the word clusters two spellings must share (0: 64 … 3: 4096): 1024."""


@dataclass(frozen=True, slots=True)
class NameQuery:
    query: str
    name: str
    """The name as the archive writes it (the query itself unless mistyped)."""
    accepted: frozenset[str]


@dataclass(frozen=True, slots=True)
class PhraseQuery:
    query: str
    first: int
    second: int
    held: int
    scattered: int


def _df(archive: Archive, form: str) -> int:
    term = archive.index.term_id(form)
    return int(archive.index.document_frequency[term]) if term is not None else 0


def accepted_spellings(archive: Archive, name: str) -> frozenset[str]:
    """The name and the attested words that spell the same name (see the module doc)."""
    clusters = word_clusters()
    own = clusters.get(name)
    found = {name}
    index = archive.index
    for term, _ in index.lexicon.fuzzy_terms(name, limit=60):
        other = index.terms[term]
        theirs = clusters.get(other)
        if own and theirs and own[CLUSTER_LEVEL] == theirs[CLUSTER_LEVEL] and spelling_variants(name, other):
            found.add(other)
    return frozenset(found)


def _mistyped(archive: Archive, name: str, rng: random.Random) -> str | None:
    """The name with a long vowel left out or a letter of the same sound, held by at most 3 articles."""
    swaps = {"ت": "ط", "ط": "ت", "س": "ص", "ص": "س", "ك": "ق", "ق": "ك", "ج": "غ", "غ": "ج", "ذ": "ز", "ز": "ذ"}
    made = [name[:i] + name[i + 1 :] for i in range(2, len(name) - 1) if name[i] in "اوي"]
    made += [name[:i] + swaps[name[i]] + name[i + 1 :] for i in range(len(name)) if name[i] in swaps]
    made = [m for m in made if len(m) >= 4 and _df(archive, m) <= 3]
    return rng.choice(made) if made else None


def _begins_as_asked(archive: Archive, name: str, clitic_letter: bool) -> bool:
    """Whether the name begins with a clitic's letter as asked; one that does must be more
    frequent than each word it would leave without a clitic in front (بوتين, not للبنان)."""
    if name[0] not in "وفبلك":
        return not clitic_letter
    if not clitic_letter:
        return False
    own = _df(archive, name)
    rests = {name[len(p) :] for p in PROCLITICS if name.startswith(p) and len(name) - len(p) >= 2}
    return all(own > _df(archive, rest) + _df(archive, "ال" + rest) for rest in rests)


def name_queries(archive: Archive, seed: int, *, clitic_letter: bool = False) -> list[NameQuery]:
    """NAMES one-word names from tagged sample articles (see the module doc); with
    `clitic_letter`, only names whose first letter is a clitic's (بوتين, وليد, فيصل, لندن),
    which search must not take for a clitic in front of another word."""
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    for doc in rng.sample(range(len(archive)), NAME_ARTICLES):
        for mention in article_mentions(archive.read_text(doc)):
            words = tokenize(mention.text)
            if mention.type in ("PER", "PERS", "LOC") and words and len(words[-1]) >= 4:
                seen[words[-1]] += 1
    names = sorted(
        name
        for name, count in seen.items()
        if count >= 2
        and NAME_DF[0] <= _df(archive, name) <= NAME_DF[1]
        and _begins_as_asked(archive, name, clitic_letter)
    )
    rng.shuffle(names)
    queries: list[NameQuery] = []
    for name in names:
        if len(queries) == NAMES:
            break
        accepted = accepted_spellings(archive, name)
        typed = _mistyped(archive, name, rng) if len(queries) % 3 == 2 else name
        if typed is not None:
            queries.append(NameQuery(typed, name, accepted))
    return queries


def _bare_forms(token: str) -> Iterable[str]:
    yield token
    for clitic in PROCLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 3:
            rest = token[len(clitic) :]
            yield rest
            if clitic.endswith("لل") or clitic.endswith("ال"):
                yield "ال" + rest


def holds_name(words: Iterable[str], accepted: frozenset[str]) -> bool:
    """One of the words is an accepted spelling, with proclitics and a nisba or pronoun ending."""
    for token in words:
        for bare in _bare_forms(token):
            for ending in ENDINGS:
                if (not ending or bare.endswith(ending)) and bare[: len(bare) - len(ending)] in accepted:
                    return True
    return False


def name_holders(archive: Archive, accepted: frozenset[str]) -> np.ndarray:
    """Whether each article holds the name, in its text or its title: the terms that hold it
    are found once in the vocabulary, then their articles."""
    index = archive.index
    written = [folded_ta(term) for term in index.terms]  # the names are normalized: جدة is their جده
    terms = [t for t in range(1, len(written)) if any(a in written[t] for a in accepted)]
    return _holding(archive, [t for t in terms if holds_name([written[t]], accepted)])


def _holding(archive: Archive, terms: Iterable[int]) -> np.ndarray:
    """Whether each article holds one of the terms, in its text or its title."""
    index = archive.index
    held = np.zeros(len(archive), dtype=bool)
    for term in terms:
        held[index.postings(term)[0]] = True
        held[index.title_postings(term)] = True
    return held


def name_precision(archive: Archive, queries: list[NameQuery]) -> list[dict[str, object]]:
    """Per name query: of its top 20 and of all its results, how many hold the name."""
    outcomes: list[dict[str, object]] = []
    for query in queries:
        held = name_holders(archive, query.accepted)
        top = [r.doc for r in archive.search(query.query, limit=20)]
        every = archive.matching(query.query)
        outcomes.append(
            {
                "query": query.query,
                "name": query.name,
                "accepted": sorted(query.accepted),
                "top20": [int(held[top].sum()) if top else 0, len(top)],
                "all": [int(held[every].sum()), len(every)],
                "holders": int(held.sum()),
            }
        )
    return outcomes


def name_offers(archive: Archive, queries: list[NameQuery]) -> list[dict[str, object]]:
    """Per name as the archive writes it: the spelling variants search offers to add, and which
    of them are accepted spellings of the name (the rest are other words)."""
    index = archive.index
    outcomes: list[dict[str, object]] = []
    for query in queries:
        if query.query != query.name:
            continue
        found = expand(index, query.name, exact=False, fuzzy=True, prefix=False)
        offers = [index.terms[t] for t in offered(index, query.name, found.offers)]
        outcomes.append({"query": query.name, "offers": offers, "right": [o for o in offers if o in query.accepted]})
    return outcomes


def rare_word_queries(archive: Archive, seed: int) -> list[str]:
    """RARE_WORDS words of four Arabic letters or more drawn from the vocabulary, each held as
    written by RARE_HELD articles: the words a journalist looks up because they are rare."""
    index = archive.index
    frequency = index.document_frequency
    low, high = RARE_HELD
    held = np.nonzero((frequency >= low) & (frequency <= high))[0].tolist()
    words = [index.terms[t] for t in held if len(index.terms[t]) >= 4 and ARABIC_WORD.fullmatch(index.terms[t])]
    return random.Random(seed).sample(words, min(RARE_WORDS, len(words)))


STEM_ENDINGS = (
    "",
    "ه",
    "ها",
    "هم",
    "هما",
    "هن",
    "ي",
    "نا",
    "ك",
    "كم",
    "ات",
    "ان",
    "ين",
    "ون",
    "تين",
    "تان",
    "يه",
    "يات",
)


def _stems(word: str) -> set[str]:
    """The word without proclitics and without one ending (a feminine ت read as its ه): a light
    stemmer of the judge's own, so that لاصابتهم and اصابات are one word, and خاصيه is not خاص."""
    stems: set[str] = set()
    for bare in _bare_forms(folded_ta(word)):  # an index term keeps its final ة: the judge reads it as ه
        for ending in STEM_ENDINGS:
            if bare.endswith(ending) and len(bare) - len(ending) >= 3:
                stem = bare[: len(bare) - len(ending)]
                stems.add(stem[:-1] + "ه" if stem.endswith("ت") else stem)
    return stems


def stem_holders(archive: Archive, word: str) -> np.ndarray:
    """Whether each article holds a word of the same stem as `word` (see `_stems`), in its text or title."""
    index = archive.index
    wanted = _stems(word)
    starts = {stem[:3] for stem in wanted}  # what a term of the stem must hold, to test few terms
    terms = (
        t
        for t in range(1, len(index.terms))
        if any(start in folded_ta(index.terms[t]) for start in starts) and _stems(index.terms[t]) & wanted
    )
    return _holding(archive, terms)


def rare_word_precision(archive: Archive, words: list[str]) -> list[dict[str, object]]:
    """Per rare word: of all its results, how many hold a word of its stem (see `_stems`)."""
    outcomes: list[dict[str, object]] = []
    for word in words:
        held = stem_holders(archive, word)
        every = archive.matching(word + " ")  # a whole word, not one being typed
        outcomes.append({"query": word, "all": [int(held[every].sum()), len(every)], "holders": int(held.sum())})
    return outcomes


def _slips(word: str) -> list[str]:
    """The word mistyped once: a letter left out, doubled, swapped with the next, or replaced by
    a neighbour on the keyboard (see KEYBOARD_ROWS)."""
    made = [word[:i] + word[i + 1 :] for i in range(1, len(word))]
    made += [word[:i] + word[i] + word[i:] for i in range(1, len(word))]
    made += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)]
    for i, letter in enumerate(word):
        for row in KEYBOARD_ROWS:
            at = row.find(letter)
            if at >= 0:
                made += [word[:i] + row[j] + word[i + 1 :] for j in (at - 1, at + 1) if 0 <= j < len(row)]
    return made


def typo_queries(archive: Archive, seed: int) -> list[tuple[str, str]]:
    """TYPOS (typo, meant word) pairs: words of five Arabic letters or more held by TYPO_DF
    articles, each mistyped once (see `_slips`) into a word no article holds."""
    rng = random.Random(seed)
    index = archive.index
    frequency = index.document_frequency
    low, high = TYPO_DF
    held = np.nonzero((frequency >= low) & (frequency <= high))[0].tolist()
    words = [index.terms[t] for t in held if len(index.terms[t]) >= 5 and ARABIC_WORD.fullmatch(index.terms[t])]
    rng.shuffle(words)
    pairs: list[tuple[str, str]] = []
    for word in words:
        if len(pairs) == TYPOS:
            break
        slips = [s for s in _slips(word) if len(tokenize(s)) == 1 and index.term_id(tokenize(s)[0]) is None]
        if slips:
            pairs.append((tokenize(rng.choice(slips))[0], word))
    return pairs


def typo_precision(archive: Archive, pairs: list[tuple[str, str]]) -> list[dict[str, object]]:
    """Per typo: of its top 10 and of all its results, how many hold the meant word's stem, and
    how many of the meant word's own results it finds."""
    outcomes: list[dict[str, object]] = []
    for typo, word in pairs:
        held = stem_holders(archive, word)
        top = [r.doc for r in archive.search(typo + " ", limit=10)]
        every = archive.matching(typo + " ")
        meant = archive.matching(word + " ")
        outcomes.append(
            {
                "query": typo,
                "meant": word,
                "top10": [int(held[top].sum()) if top else 0, len(top)],
                "all": [int(held[every].sum()), len(every)],
                "recall": [int(np.isin(meant, every).sum()), len(meant)],
            }
        )
    return outcomes


def typo_summary(rows: list[dict[str, object]]) -> dict[str, float]:
    """Typos: mean precision of the top 10 and of all results, pooled precision, mean recall."""

    def mean(key: str) -> float:
        shares = [r[key][0] / r[key][1] for r in rows if r[key][1]]  # type: ignore[index]
        return float(np.mean(shares)) if shares else 0.0

    right = sum(r["all"][0] for r in rows)  # type: ignore[index]
    every = sum(r["all"][1] for r in rows)  # type: ignore[index]
    return {
        "typo_top10": mean("top10"),
        "typo_all_mean": mean("all"),
        "typo_all_pooled": right / max(1, every),
        "typo_recall": mean("recall"),
        "typo_none": float(sum(1 for r in rows if not r["all"][1])),  # type: ignore[index, misc]
    }


def _adjacent_docs(archive: Archive, docs: np.ndarray, first: int, second: int) -> tuple[np.ndarray, np.ndarray]:
    """The documents of `docs` whose text holds term `first` right before `second`, and how often."""
    index = archive.index
    starts = index.token_offsets[docs]
    lengths = index.token_offsets[docs + 1] - starts
    tokens = index.tokens_in(starts, lengths)
    owner = np.repeat(np.arange(len(docs)), lengths)
    pairs = (tokens[:-1] == first) & (tokens[1:] == second) & (owner[:-1] == owner[1:])
    counts = np.bincount(owner[:-1][pairs], minlength=len(docs))
    return docs[counts > 0], counts[counts > 0]


def phrase_queries(archive: Archive, seed: int) -> list[PhraseQuery]:
    """PHRASES two-word title phrases held by PHRASE_DF articles and scattered in many more."""
    rng = random.Random(seed)
    index = archive.index
    found: dict[tuple[int, int], PhraseQuery] = {}
    for doc in rng.sample(range(len(archive)), PHRASE_ARTICLES):
        words = [w for w in archive.article(doc).title.split() if len(tokenize(w)) == 1]
        pairs = [(tokenize(a)[0], tokenize(b)[0]) for a, b in zip(words, words[1:], strict=False)]
        rng.shuffle(pairs)
        for a, b in pairs[:1]:
            ta, tb = index.term_id(a), index.term_id(b)
            if ta is None or tb is None or min(len(a), len(b)) < 3 or (ta, tb) in found or a.isdigit() or b.isdigit():
                continue
            both = np.intersect1d(index.postings(ta)[0], index.postings(tb)[0])
            if len(both) < SCATTERED * PHRASE_DF[0]:
                continue
            held, _ = _adjacent_docs(archive, both, ta, tb)
            if PHRASE_DF[0] <= len(held) <= PHRASE_DF[1] and len(both) >= SCATTERED * len(held):
                found[(ta, tb)] = PhraseQuery(f"{a} {b}", ta, tb, len(held), len(both))
        if len(found) >= PHRASES:
            break
    return list(found.values())[:PHRASES]


def phrase_precision(archive: Archive, queries: list[PhraseQuery]) -> list[dict[str, object]]:
    """Per phrase query: how many of its top five hold the phrase (in the text or the title)."""
    index = archive.index
    outcomes: list[dict[str, object]] = []
    for query in queries:
        top = np.array([r.doc for r in archive.search(query.query, limit=5)], dtype=np.int64)
        in_text, _ = _adjacent_docs(archive, top, query.first, query.second) if len(top) else (top, top)
        right = set(in_text.tolist())
        a, b = index.terms[query.first], index.terms[query.second]
        for doc in top.tolist():
            title = tokenize(archive.article(doc).title)
            if any(x == a and y == b for x, y in zip(title, title[1:], strict=False)):
                right.add(doc)
        outcomes.append(
            {"query": query.query, "held": query.held, "scattered": query.scattered, "top5": [len(right), len(top)]}
        )
    return outcomes


def rare_summary(rows: list[dict[str, object]]) -> dict[str, float]:
    """Rare words: the mean share of a word's results that hold it, the pooled share, and the
    mean number of results not holding it."""
    right = [r["all"][0] for r in rows]  # type: ignore[index]
    every = [r["all"][1] for r in rows]  # type: ignore[index]
    shares = [a / b for a, b in zip(right, every, strict=True) if b]
    return {
        "rare_all_mean": float(np.mean(shares)) if shares else 0.0,
        "rare_all_pooled": sum(right) / max(1, sum(every)),
        "rare_others_mean": float(np.mean([b - a for a, b in zip(right, every, strict=True)])) if rows else 0.0,
    }


def summary(names: list[dict[str, object]], phrases: list[dict[str, object]]) -> dict[str, float]:
    """The figures the issue asks for: name precision (top 20, all results), phrase precision@5."""

    def share(rows: list[dict[str, object]], key: str) -> list[float]:
        return [r[key][0] / r[key][1] for r in rows if r[key][1]]  # type: ignore[index]

    top20, every, top5 = share(names, "top20"), share(names, "all"), share(phrases, "top5")
    pooled_right = sum(r["all"][0] for r in names)  # type: ignore[index]
    pooled = sum(r["all"][1] for r in names)  # type: ignore[index]
    return {
        "name_top20": float(np.mean(top20)) if top20 else 0.0,
        "name_all_mean": float(np.mean(every)) if every else 0.0,
        "name_all_pooled": pooled_right / max(1, pooled),
        "phrase_p5": float(np.mean(top5)) if top5 else 0.0,
        "phrase_all_five": float(sum(1 for s in top5 if s == 1.0)),
    }
