"""How many of a common word's results hold only a relative adjective of it (دول: الدولي).

    python -m bench.nisba_reach [--work /tmp/akhbar-bench]

Draws 200 words by rule (seed 16): held as written by 25 to 5,000 articles of the 69k bench
JSONL, three Arabic letters or more, no place of the shipped gazetteer. For each, every result
of the word as a whole query is checked: it is reached only through a relative adjective when
the terms that bring it are all nisbas of the word's base (corpus.text.normalization.derived_nisba:
الدوليين of دول, with clitics). Prints the mean number of results and of those, per word, and
the words with the most. Run it on two trees to compare.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

from bench.precision import ARABIC_WORD
from bench.run import prepare
from corpus import Archive
from corpus.search.expansion import expand
from corpus.text.normalization import clitic_base, derived_nisba
from corpus.text.shipped import places

ROOT = Path(__file__).resolve().parents[1]
SEED = 16
WORDS = 200
HELD = (25, 5000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--work", type=Path, default=Path("/tmp/akhbar-bench"))
    args = parser.parse_args()
    jsonl, _ = prepare(args.bench, args.work)
    archive = Archive.open([jsonl])
    index = archive.index
    frequency = index.document_frequency
    towns = places()
    held = np.nonzero((frequency >= HELD[0]) & (frequency <= HELD[1]))[0].tolist()
    words = [
        index.terms[t]
        for t in held
        if len(index.terms[t]) >= 3 and ARABIC_WORD.fullmatch(index.terms[t]) and index.terms[t] not in towns
    ]
    rows = []
    for word in random.Random(SEED).sample(words, WORDS):
        base = clitic_base(word, index.vocabulary, index.frequency) or word
        if base in towns or "ال" + base in towns:
            continue
        expansion = expand(index, word)
        nisba = [t for t in expansion.weights if derived_nisba(index.terms[t], base)]
        others = [t for t in expansion.weights if t not in nisba]
        by_nisba = np.unique(np.concatenate([index.postings(t)[0] for t in nisba] or [np.zeros(0, np.int64)]))
        by_others = np.unique(np.concatenate([index.postings(t)[0] for t in others] or [np.zeros(0, np.int64)]))
        only = len(np.setdiff1d(by_nisba, by_others, assume_unique=True))
        rows.append((only, word, len(archive.matching(word + " "))))
    print(f"{len(rows)} common words (seed {SEED}): results {np.mean([r[2] for r in rows]):.1f} a word on average,")
    print(f"  of which reached only through a relative adjective {np.mean([r[0] for r in rows]):.1f}")
    for only, word, results in sorted(rows, reverse=True)[:10]:
        print(f"  {word:<12} {only:>6} of {results:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
