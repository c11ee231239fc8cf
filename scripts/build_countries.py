"""Build the country list (corpus/data/countries.txt) from CLDR; run while developing.

CLDR through babel (BSD): the Arabic names of the territories with a two-letter code (countries
and dependencies, not regions such as العالم or أوروبا, not cities), normalized. A club is named
with its country's adjective (روما الإيطالي: corpus.entities.clubs); a city's or a region's
adjective is mostly a family name or a plain word (البغدادي, العالمي).

    python -m scripts.build_countries
"""

from __future__ import annotations

from babel import Locale

from corpus.text.normalization import normalize
from scripts.shipped_lists import ROOT, write_list

OUT = ROOT / "corpus" / "data" / "countries.txt"


def main() -> None:
    territories = Locale("ar").territories
    forms = sorted({normalize(name).strip() for code, name in territories.items() if not code.isdigit()})
    header = "Arabic country names, normalized; built by scripts/build_countries.py from CLDR (babel)"
    write_list(OUT, header, [form for form in forms if form], "countries")


if __name__ == "__main__":
    main()
