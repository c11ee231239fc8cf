"""Build the country list (corpus/data/countries.txt) from CLDR; run while developing.

CLDR through babel (BSD): the Arabic names of the territories with a two-letter code (countries
and dependencies, not regions such as العالم or أوروبا, not cities), normalized. A club is named
with its country's adjective (روما الإيطالي: corpus.entities.clubs); a city's or a region's
adjective is mostly a family name or a plain word (البغدادي, العالمي).

    python -m scripts.build_countries
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale

from corpus.text.normalization import normalize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "data" / "countries.txt"


def main() -> None:
    territories = Locale("ar").territories
    forms = sorted({normalize(name).strip() for code, name in territories.items() if not code.isdigit()})
    header = "# Arabic country names, normalized; built by scripts/build_countries.py from CLDR (babel)\n"
    OUT.write_text(header + "\n".join(form for form in forms if form) + "\n", encoding="utf-8")
    print(f"{len(forms)} countries → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
