"""Build the person-name list (corpus/data/person_names.txt) from arabnamer's data; run while developing.

arabnamer (https://github.com/sayedyousef/arabnamer) ships 22.8k English-Arabic name pairs
under CC BY 4.0 inside a 40 MB wheel (mostly a model we do not need), so the list is taken
out of the wheel here, once, and never installed:

    pip download arabnamer==0.1.3 --no-deps -d /tmp/arabnamer
    python -m scripts.build_person_names /tmp/arabnamer/arabnamer-0.1.3-py3-none-any.whl

Each Arabic side is split into words and normalized; words of fewer than three letters
and the lineage particles (آل، بن، أبو ...) are left out.
"""

from __future__ import annotations

import argparse
import json
import re
import zipfile
from pathlib import Path

from corpus.entities.lexicons import PERSON_NAMES_PATH
from corpus.entities.resolution import LINEAGE
from corpus.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent

ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{3,}$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path)
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        pairs = json.loads(wheel.read("arabnamer/data/dict_FINAL.json"))
    words = {normalize(w) for arabic in pairs.values() for w in str(arabic).split()}
    names = sorted(w for w in words if ARABIC_WORD.match(w) and w not in LINEAGE)
    header = "# Arabic person-name words, normalized; from arabnamer's dictionary (CC BY 4.0)\n"
    PERSON_NAMES_PATH.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} name words → {PERSON_NAMES_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
