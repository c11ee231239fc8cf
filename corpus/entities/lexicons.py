"""Word lists the tagger and the rules lean on: trigger words before names, and the place gazetteer."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from corpus.text.normalization import normalize

__all__ = [
    "DATA",
    "LETTER_NAMES",
    "NOT_NAMES_PATH",
    "PERSON_NAMES_PATH",
    "PERSON_TRIGGERS",
    "ORG_TRIGGERS",
    "PLACE_TRIGGERS",
    "not_names",
    "person_names",
    "places",
]

DATA = Path(__file__).resolve().parent.parent / "data"
"""The shipped data files: the tagger model, word clusters, and the place and name lists."""
PERSON_NAMES_PATH = DATA / "person_names.txt"
NOT_NAMES_PATH = DATA / "not_names.txt"

PERSON_TRIGGERS = frozenset(
    normalize(w)
    for w in "الرئيس رئيس الرئيسة السيد السيدة الملك الملكة الأمير الأميرة الشيخ الشيخة الوزير وزير وزيرة "
    "الوزيرة النائب نائب المتحدث الناطق الجنرال العقيد اللواء الدكتور الدكتورة الأستاذ المستشار المستشارة "
    "السفير سفير الزعيم المرشح القاضي البابا الإمام المدير المديرة الكاتب الصحفي المحرر قال قالت أعلن أعلنت "
    "أكد أكدت أضاف أضافت صرح صرحت أوضح أشار أشارت نظيره نظيرته رئيسة".split()
)
ORG_TRIGGERS = frozenset(
    normalize(w)
    for w in "وزارة الوزارة حزب الحزب شركة الشركة جامعة الجامعة منظمة المنظمة وكالة الوكالة مجلس المجلس "
    "اتحاد الاتحاد جمعية الجمعية بنك البنك مصرف هيئة الهيئة حركة الحركة صندوق الصندوق جبهة الجبهة "
    "مؤسسة المؤسسة لجنة اللجنة محكمة المحكمة قناة صحيفة نادي النادي منتدى المنتدى غرفة مركز المركز".split()
)
PLACE_TRIGGERS = frozenset(
    normalize(w)
    for w in "في إلى من مدينة المدينة عاصمة العاصمة دولة بلدة قرية منطقة محافظة إقليم ولاية شمال جنوب شرق "
    "غرب وسط بحر البحر نهر جزيرة جزر".split()
)


def _word_list(path: Path) -> frozenset[str]:
    """The lines of a shipped list, comments left out (empty when the file is missing)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


LETTER_NAMES = frozenset(
    normalize(w)
    for w in "إيه اي أي بي سي دي إي إف اف جي جيه إتش اتش آي كيه كي إل ال إم ام إن ان أو او كيو آر ار إس اس "
    "تي يو في دبليو إكس اكس واي زد زي".split()
)
"""The Latin letters as Arabic spells them out: a name made only of them is an acronym
(بي بي سي، سي إن إن), an organisation."""


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Normalized Arabic place names from CLDR and GeoNames (built by scripts/build_gazetteers.py)."""
    return _word_list(DATA / "places.txt")


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    """Normalized words of person names, from arabnamer's data (built by scripts/build_person_names.py)."""
    return _word_list(PERSON_NAMES_PATH)


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Normalized function, currency and unit words: never a name alone (scripts/build_word_lists.py)."""
    return _word_list(NOT_NAMES_PATH)
