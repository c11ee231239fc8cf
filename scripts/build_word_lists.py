"""Build the list of words that are never a name by themselves (corpus/data/not_names.txt); run while developing.

    pip download stopwordsiso==0.7.1 --no-deps -d /tmp/words
    python -m scripts.build_word_lists /tmp/words/stopwordsiso-0.7.1-py3-none-any.whl

Sources, both well kept and freely licensed:
- function words: the Arabic list of stopwords-iso (MIT), taken from its wheel;
- currency and unit words: CLDR's Arabic currency names (singular and plural) and unit
  display names, through babel (pip install babel): the first word of each currency name
  unless it is an adjective (أفغاني), and every word of a unit name, less CLDR's names of
  countries (قطر of نصف قطر, "radius", is Qatar).

The entity grouping drops a one-word name found here (له, هناك, الدولار, ريال) and a name
made only of such words; longer names keep them (ريال مدريد).
"""

from __future__ import annotations

import argparse
import json
import re
import zipfile
from pathlib import Path

from babel.localedata import load as load_locale_data

from corpus.entities.lexicons import NOT_NAMES_PATH
from corpus.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent

ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")


def function_words(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        table = json.loads(archive.read("stopwordsiso/stopwords-iso.json"))
    return {normalize(w) for w in table["ar"]}


def currency_and_unit_words() -> set[str]:
    data = load_locale_data("ar")
    names = list(data["currency_names"].values())
    names += [form for forms in data["currency_names_plural"].values() for form in forms.values()]
    words = {normalize(name.split()[0]) for name in names if name.split() and not name.split()[0].endswith("ي")}
    for unit in data["unit_display_names"].values():
        if not isinstance(unit, dict):
            continue
        for width in ("long", "short"):
            value = unit.get(width)
            if isinstance(value, str):
                words.update(normalize(w) for w in value.split())
    return words - {normalize(name) for name in data["territories"].values()}  # قطر of نصف قطر is Qatar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stopwords_wheel", type=Path)
    args = parser.parse_args()
    words = function_words(args.stopwords_wheel) | currency_and_unit_words()
    forms = sorted(w for w in words if ARABIC_WORD.match(w))
    header = "# Words never a name by themselves: stopwords-iso (MIT), CLDR currencies and units (babel)\n"
    NOT_NAMES_PATH.write_text(header + "\n".join(forms) + "\n", encoding="utf-8")
    print(f"{len(forms)} words → {NOT_NAMES_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
