"""Search quality over the 69k bench corpus: does a query written another way find its article?

    python -m bench.search_quality [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE]
                                   [--expansions FILE] [--precision-only]

First the precision (bench/precision.py): for 200 rare words (held by 1 to 24 articles as
written), the share of their results that hold the word; for 24 one-word names drawn from the tagged
archive (a third of them mistyped), the share of the top 20 and of all results that hold
the name in an accepted spelling; for 40 two-word title phrases held side by side by 8 to
60 articles and apart by four times as many, precision@5. Then the known-item recall:
it builds query variants from the titles of a fixed sample of bench articles, each with the
article it must find, which never holds the variant as written: the whole title with one
word mistyped, and, with two more title words, a title word written with
a prefix (و، ب، وال، بال), with a suffix (a plural, dual, feminine or pronoun form the
corpus itself uses), in the singular or plural,
and with a typo of each kind (a long vowel left out, a letter Arabic writers confuse, two
letters swapped, a letter replaced, a short word missing its vowel), plus foreign names in
another transliteration (ج/غ/ق/ك). Each query is the variant with two more words of the
title. Reports recall@10 per kind and overall. With --expansions, also writes, for 100 title
words, the terms each one is expanded to, for a reader to judge (the precision check).

Run it on one tree, then on another (PYTHONPATH=...), to compare before and after.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from bench.precision import (
    RARE_HELD,
    TYPO_DF,
    name_offers,
    name_precision,
    name_queries,
    phrase_precision,
    phrase_queries,
    rare_summary,
    rare_word_precision,
    rare_word_queries,
    summary,
    typo_precision,
    typo_queries,
    typo_summary,
)
from bench.run import prepare
from corpus import Archive
from corpus.search import with_alternatives
from corpus.search.expansion import expand
from corpus.text import normalize, tokenize

ROOT = Path(__file__).resolve().parents[1]

SEED = 16
ARTICLES = 400
CONFUSED = {"ض": "ظ", "ظ": "ض", "ذ": "ز", "ز": "ذ", "ث": "س", "س": "ث", "ق": "ك", "ك": "ق", "ج": "غ", "غ": "ج"}
TRANSLITERATED = {"ج": "غ", "غ": "ج", "ق": "ك", "ك": "ق", "ت": "ط", "ط": "ت"}
VOWELS = "اوي"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SUFFIXES = ("ها", "هم", "ات", "ين", "ون", "ان", "ه", "تها", "تهم", "تين", "تان")


def _title_words(title: str) -> list[str]:
    """The title's words as written, each one token long."""
    return [word.strip("«»\"'،,.:؛!?()[]") for word in title.split() if len(tokenize(word)) == 1]


class Variants:
    """Makes the variants of one word that the corpus makes plausible."""

    def __init__(self, archive: Archive, rng: random.Random) -> None:
        self.index = archive.index
        self.rng = rng

    def df(self, form: str) -> int:
        term = self.index.term_id(form)
        return int(self.index.document_frequency[term]) if term is not None else 0

    def prefix(self, word: str) -> str | None:
        if len(word) < 3:
            return None
        if word.startswith("ال"):
            return self.rng.choice(["وال", "بال", "فال"]) + word[2:]
        return self.rng.choice(["و", "ب", "ل"]) + word

    def suffix(self, word: str) -> str | None:
        form = normalize(word)
        bare = form[2:] if form.startswith("ال") else form
        if len(bare) < 3:
            return None
        stem = bare[:-1] if bare.endswith("ه") else bare
        options = [stem + s for s in SUFFIXES] + [bare + s for s in ("ها", "هم", "ات", "ين", "ون")]
        attested = [o for o in dict.fromkeys(options) if o != bare and self.df(o) >= 2]
        return self.rng.choice(attested) if attested else None

    def number(self, word: str) -> str | None:
        form = normalize(word)
        bare = form[2:] if form.startswith("ال") else form
        if bare.endswith("ات") and self.df(bare[:-2] + "ه") >= 2:
            return bare[:-2] + "ه"
        if bare.endswith("ه") and self.df(bare[:-1] + "ات") >= 2:
            return bare[:-1] + "ات"
        return None

    def _inner(self, word: str) -> list[int]:
        return list(range(1, len(word) - 1))

    def vowel_dropped(self, word: str) -> str | None:
        places = [i for i in self._inner(word) if word[i] in VOWELS]
        if len(word) < 5 or not places:
            return None
        i = self.rng.choice(places)
        return word[:i] + word[i + 1 :]

    def confused(self, word: str) -> str | None:
        places = [i for i in range(len(word)) if word[i] in CONFUSED]
        if len(word) < 4 or not places:
            return None
        i = self.rng.choice(places)
        return word[:i] + CONFUSED[word[i]] + word[i + 1 :]

    def swapped(self, word: str) -> str | None:
        places = [i for i in self._inner(word)[:-1] if word[i] != word[i + 1]]
        if len(word) < 5 or not places:
            return None
        i = self.rng.choice(places)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    def replaced(self, word: str) -> str | None:
        places = self._inner(word)
        if len(word) < 5 or not places:
            return None
        i = self.rng.choice(places)
        letter = self.rng.choice([c for c in LETTERS if c != word[i]])
        return word[:i] + letter + word[i + 1 :]

    def short_vowel(self, word: str) -> str | None:
        if not (4 <= len(word) <= 5) or word.startswith("ال"):
            return None
        places = [i for i in self._inner(word) if word[i] in VOWELS]
        if not places:
            return None
        i = places[0]
        return word[:i] + word[i + 1 :]

    def transliterated(self, word: str) -> str | None:
        places = [i for i in range(len(word)) if word[i] in TRANSLITERATED]
        if len(word) < 5 or not places or self.df(normalize(word)) > 300:
            return None
        i = self.rng.choice(places)
        return word[:i] + TRANSLITERATED[word[i]] + word[i + 1 :]


TYPO_KINDS = ("vowel_dropped", "confused", "swapped", "replaced")


KINDS = (
    "title_typo",
    "prefix",
    "suffix",
    "number",
    "vowel_dropped",
    "confused",
    "swapped",
    "replaced",
    "short_vowel",
    "transliterated",
)


def build_queries(archive: Archive, rng: random.Random) -> list[dict[str, object]]:
    """(kind, query, article) for a fixed sample of articles."""
    variants = Variants(archive, rng)
    docs = rng.sample(range(len(archive)), ARTICLES)
    queries: list[dict[str, object]] = []
    index = archive.index
    for doc in docs:
        words = [w for w in _title_words(archive.article(doc).title) if len(w) >= 3]
        if len(words) < 3:
            continue
        written = {index.terms[t] for t in index.doc_tokens(doc).tolist()}
        title_typo = _title_with_a_typo(variants, words, written, rng)
        if title_typo is not None:
            queries.append({"kind": "title_typo", "query": title_typo[0], "word": title_typo[1], "doc": doc})
        for kind in KINDS[1:]:
            targets = [w for w in words if len(w) >= (3 if kind == "short_vowel" else 4)]
            rng.shuffle(targets)
            for word in targets:
                made = getattr(variants, kind)(word)
                if made is None or normalize(made) in written:
                    continue  # the article itself must not hold the variant as written
                others = [w for w in words if w != word][:2]
                queries.append({"kind": kind, "query": " ".join([made, *others]), "word": word, "doc": doc})
                break
    return queries


def _title_with_a_typo(
    variants: Variants, words: list[str], written: set[str], rng: random.Random
) -> tuple[str, str] | None:
    """The whole title (its first eight words) with one word of four letters or more mistyped."""
    title = words[:8]
    places = [i for i, w in enumerate(title) if len(w) >= 4]
    rng.shuffle(places)
    for i in places:
        made = getattr(variants, rng.choice(TYPO_KINDS))(title[i])
        if made is not None and normalize(made) not in written:
            return " ".join([*title[:i], made, *title[i + 1 :]]), title[i]
    return None


def expansions(archive: Archive, rng: random.Random, count: int = 100) -> list[dict[str, object]]:
    """For `count` title words, the terms each is expanded to (best first), to be judged by a reader."""
    index = archive.index
    words: list[str] = []
    for doc in rng.sample(range(len(archive)), count * 3):
        candidates = [w for w in _title_words(archive.article(doc).title) if len(w) >= 3]
        if candidates:
            words.append(rng.choice(candidates))
        if len(words) == count:
            break
    found: list[dict[str, object]] = []
    for word in words:
        expansion = expand(index, normalize(word))
        ranked = sorted(expansion.weights.items(), key=lambda pair: -pair[1])
        found.append({"word": word, "terms": [[index.terms[t], round(w, 2)] for t, w in ranked[:15]]})
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--work", type=Path, default=Path("/tmp/akhbar-bench"))
    parser.add_argument("--json", type=Path, help="also write the figures and every query's outcome here")
    parser.add_argument("--expansions", type=Path, help="write 100 words' expansions here, for judging by hand")
    parser.add_argument("--precision-only", action="store_true", help="only the name and phrase precision")
    args = parser.parse_args()
    jsonl, _ = prepare(args.bench, args.work)
    archive = Archive.open([jsonl])
    archive.warm_up()
    report: dict[str, object] = precision_report(archive)
    if not args.precision_only:
        report.update(recall_report(archive))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.expansions:
        args.expansions.write_text(
            json.dumps(expansions(archive, random.Random(SEED + 1)), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 0


def precision_report(archive: Archive) -> dict[str, object]:
    """Name precision (top 20, all results), for names whose first letter is no clitic's and for
    names whose first letter is (بوتين), and phrase precision@5: printed and returned."""
    names_queried = name_queries(archive, SEED)
    names = name_precision(archive, names_queried)
    clitic_names = name_precision(archive, name_queries(archive, SEED, clitic_letter=True))
    phrases = phrase_precision(archive, phrase_queries(archive, SEED))
    rare = rare_word_precision(archive, rare_word_queries(archive, SEED))
    typos = typo_precision(archive, typo_queries(archive, SEED))
    offers = name_offers(archive, names_queried)
    figures = summary(names, phrases) | rare_summary(rare) | typo_summary(typos)
    figures["offers_right"] = float(sum(len(r["right"]) for r in offers))  # type: ignore[misc, arg-type]
    figures["offers"] = float(sum(len(r["offers"]) for r in offers))  # type: ignore[misc, arg-type]
    figures |= {f"clitic_letter_{k}": v for k, v in summary(clitic_names, []).items() if k.startswith("name")}
    for title, rows, prefix in (
        ("name queries", names, ""),
        ("names beginning with a clitic's letter", clitic_names, "clitic_letter_"),
    ):
        print(f"{len(rows)} {title} (seed {SEED}): the name held by")
        for row in rows:
            top, every = row["top20"], row["all"]
            print(f"  {row['query']:<14} top 20 {top[0]:>2}/{top[1]:<2}  all {every[0]:>5}/{every[1]:<5}")  # type: ignore[index]
        print(
            f"  mean share: top 20 {figures[prefix + 'name_top20']:.3f}, all results"
            f" {figures[prefix + 'name_all_mean']:.3f} (pooled {figures[prefix + 'name_all_pooled']:.3f})"
        )
    print(
        f"{len(phrases)} title phrases (seed {SEED}): precision@5 {figures['phrase_p5']:.3f},"
        f" all five right in {figures['phrase_all_five']:.0f}"
    )
    print(
        f"{len(rare)} rare words (held by {RARE_HELD[0]} to {RARE_HELD[1]} articles, seed {SEED}): share of the"
        f" results holding the word {figures['rare_all_mean']:.3f} (pooled {figures['rare_all_pooled']:.3f});"
        f" results not holding it, mean {figures['rare_others_mean']:.1f}"
    )
    print(
        f"{len(typos)} typos held nowhere (words held by {TYPO_DF[0]} to {TYPO_DF[1]} articles, mistyped once, seed"
        f" {SEED}): share holding the meant word, top 10 {figures['typo_top10']:.3f}, all results"
        f" {figures['typo_all_mean']:.3f} (pooled {figures['typo_all_pooled']:.3f}); the meant word's own results"
        f" found {figures['typo_recall']:.3f}; no result for {figures['typo_none']:.0f}"
    )
    print(
        f"{len(offers)} names as written: {figures['offers']:.0f} spelling variants offered,"
        f" {figures['offers_right']:.0f} of them spellings of the name"
    )
    for row in offers:
        if row["offers"]:
            print(f"  {row['query']}: {'، '.join(row['offers'])} (right: {'، '.join(row['right']) or '-'})")  # type: ignore[arg-type]
    return {
        "precision": figures,
        "names": names,
        "clitic_letter_names": clitic_names,
        "phrases": phrases,
        "rare_words": rare,
        "typos": typos,
        "offers": offers,
    }


def recall_report(archive: Archive) -> dict[str, object]:
    """Known-item recall@10 of the query variants, printed and returned."""
    queries = build_queries(archive, random.Random(SEED))
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    outcomes = defaultdict(list)
    offered: Counter[str] = Counter()
    for query in queries:
        text = str(query["query"])
        hit = any(r.doc == query["doc"] for r in archive.search(text, limit=10))
        kind = str(query["kind"])
        total[kind] += 1
        found[kind] += hit
        with_offers = hit or _found_with_offers(archive, text, int(str(query["doc"])))
        offered[kind] += with_offers
        outcomes[kind].append({**query, "found": hit, "found_with_offers": with_offers})
    print(f"{len(queries)} queries from {ARTICLES} sampled articles (seed {SEED}); with offers: variants added (+)")
    for kind in KINDS:
        if total[kind]:
            print(
                f"  {kind:<15} recall@10 {found[kind] / total[kind]:.3f}  ({found[kind]}/{total[kind]})"
                f"  with offers {offered[kind] / total[kind]:.3f}"
            )
    overall = sum(found.values()) / max(1, sum(total.values()))
    overall_offered = sum(offered.values()) / max(1, sum(total.values()))
    print(
        f"  {'all':<15} recall@10 {overall:.3f}  ({sum(found.values())}/{sum(total.values())})"
        f"  with offers {overall_offered:.3f} ({sum(offered.values())})"
    )
    return {
        "recall_at_10": overall,
        "recall_at_10_with_offers": overall_offered,
        "by_kind": {k: found[k] / total[k] for k in total},
        "by_kind_with_offers": {k: offered[k] / total[k] for k in total},
        "queries": outcomes,
    }


def _found_with_offers(archive: Archive, query: str, doc: int) -> bool:
    """The article is in the top 10 once the spelling variants the notes offer are added (the + key)."""
    offers = archive.query_notes(query).offers
    if not offers:
        return False
    added = with_alternatives(query, offers)
    return any(r.doc == doc for r in archive.search(added, limit=10))


if __name__ == "__main__":
    raise SystemExit(main())
