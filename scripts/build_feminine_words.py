"""Build the list of definite words that take feminine agreement (corpus/data/feminine_words.txt); run while developing.

    python -m scripts.build_feminine_words /tmp/akhbar-bench/news69k

A place adjective after a definite word describes it (القنصلية السعودية, the Saudi consulate),
and the entity extraction leaves such a word out of the place it looks like
(corpus.entities.extract). Words ending in ة or ات show their agreement; broken plurals
(الأسهم, الأراضي, الحدود) and feminine nouns without ة (الحرب, السوق) do not. This counts, over
a folder of news articles, how often each definite word is followed by a place adjective in the
feminine (ال...ية) and in the masculine (ال...ي) and keeps the words followed by the feminine at
least MIN_FEMININE times and FEMININE_SHARE times as often as by the masculine.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from corpus.entities.extract import WORD, definite_base
from corpus.entities.name_shapes import place_adjective
from corpus.text.normalization import normalize
from corpus.text.shipped import DATA

MIN_FEMININE = 3
FEMININE_SHARE = 5


def count(folder: Path) -> tuple[Counter[str], Counter[str]]:
    """For each definite word, how often a feminine and a masculine place adjective follow it."""
    feminine: Counter[str] = Counter()
    masculine: Counter[str] = Counter()
    adjectives: dict[str, bool] = {}
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            forms = [normalize(w) for w in WORD.findall(line)]
            for before, form in zip(forms, forms[1:], strict=False):
                base = definite_base(before)
                if not base or not form.startswith("ال"):
                    continue
                bare = form[2:]
                if bare not in adjectives:
                    adjectives[bare] = place_adjective(bare)
                if adjectives[bare] and bare.endswith("يه"):
                    feminine[base] += 1
                elif adjectives[bare] and bare.endswith("ي"):
                    masculine[base] += 1
    return feminine, masculine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of news articles as .txt")
    args = parser.parse_args()
    feminine, masculine = count(args.folder)
    kept = sorted(
        word
        for word, times in feminine.items()
        if times >= MIN_FEMININE and times >= FEMININE_SHARE * masculine[word] and not word.endswith(("ه", "ات"))
    )
    header = (
        f"# Definite words a feminine place adjective follows (scripts/build_feminine_words.py on {args.folder.name})"
    )
    (DATA / "feminine_words.txt").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    print(f"{len(kept)} words")


if __name__ == "__main__":
    main()
