"""Word lists the tagger and the rules lean on: trigger words before names, and the place gazetteer."""

from __future__ import annotations

from corpus.text.normalization import normalize
from corpus.text.shipped import DATA, not_names, person_names, places

__all__ = [
    "DATA",
    "GENERATIONS",
    "LETTER_CLITICS",
    "LETTER_NAMES",
    "letter_clitic",
    "NOT_NAMES_PATH",
    "PERSON_NAMES_PATH",
    "PERSON_TRIGGERS",
    "ORG_TRIGGERS",
    "PLACE_TRIGGERS",
    "not_names",
    "person_names",
    "places",
]

PERSON_NAMES_PATH = DATA / "person_names.txt"
NOT_NAMES_PATH = DATA / "not_names.txt"

PERSON_TRIGGERS = frozenset(
    normalize(w)
    for w in "الرئيس رئيس الرئيسة السيد السيدة الملك الملكة الأمير الأميرة الشيخ الشيخة الوزير وزير وزيرة "
    "الوزيرة النائب نائب المتحدث الناطق الجنرال العقيد اللواء الدكتور الدكتورة الأستاذ المستشار المستشارة "
    "السفير سفير الزعيم المرشح القاضي البابا الإمام المدير المديرة الكاتب الصحفي المحرر المشير المارشال "
    "قال قالت أعلن أعلنت "
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


LETTER_NAMES = frozenset(
    normalize(w)
    for w in "إيه اي أي بي سي دي إي إف اف جي جيه إتش اتش آي كيه كي إل ال إم ام إن ان أو او كيو آر ار إس اس "
    "تي يو في دبليو إكس اكس واي زد زي".split()
)
"""The Latin letters as Arabic spells them out: a name made only of them is an acronym
(بي بي سي، سي إن إن), an organisation."""

LETTER_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
"""What may be joined to the first letter of a spelled acronym (لبي بي سي, وإن بي سي)."""


def letter_clitic(form: str) -> str | None:
    """The clitic a normalized word joins to a spelled letter ("" for a letter alone: بي; ل for
    لبي), or None when the word is no letter."""
    if form in LETTER_NAMES:
        return ""
    return next((c for c in LETTER_CLITICS if form.startswith(c) and form[len(c) :] in LETTER_NAMES), None)


GENERATIONS = frozenset(normalize(w) for w in ("الابن", "الأب", "جونيور", "الحفيد"))
"""Words after a person's name that make it another member of the family (جورج بوش الابن, دونالد
ترامب جونيور): part of the name, which the tagger leaves out."""
