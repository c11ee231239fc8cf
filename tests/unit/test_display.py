"""The display engine: golden lines written from first principles, properties, and FriBidi."""

from __future__ import annotations

import glob
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import need_tool
from tui.display import BidiMode, DisplayOptions, layout, prepare, render_text, timeline_chart
from tui.display.layout import LONG_KEPT, LONG_PARAGRAPH, _prepared_long, _prepared_short, forget_prepared
from tui.display.shaping import _word_clusters, clusters, reading_reshaper

APP = DisplayOptions()
ROOT = Path(__file__).resolve().parents[2]


_LIGATURES_SHOWN = {c: unicodedata.normalize("NFKC", chr(c))[::-1] for c in range(0xFEF5, 0xFEFD)}


def base_letters(visual: str) -> str:
    """A visual line with presentation forms folded back to base letters, in visual order.

    A lam-alef ligature shows lam on the right and alef on the left, so it folds to "ال".
    """
    return unicodedata.normalize("NFKC", visual.translate(_LIGATURES_SHOWN))


def lines(text: str, width: int = 40, rtl: bool | None = True) -> list[str]:
    return [line.text for line in layout(prepare(text, rtl, APP), width, APP)]


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        # Brackets take the paragraph's direction (N0) and are mirrored at odd levels (L4).
        ("قال (TITR) هنا", "انه (TITR) لاق"),
        ("طريق (TRIPP) للسلام", "مالسلل (TRIPP) قيرط"),
        ("قال: «نعم» ثم [مضى]", "[ىضم] مث «معن» :لاق"),
        # Numbers after Arabic letters are AN; the percent sign stays on the Arabic side.
        ("زاد 40%", "%40 داز"),
        ("في 8 أغسطس 2025", "2025 سطسغأ 8 يف"),
        ("بلغت 1.1 مليار دولار", "رالود رايلم 1.1 تغلب"),
        # A Latin word with a comma: the comma belongs to the Arabic side.
        ("المصدر President.az, سي سي", "يس يس ,President.az ردصملا"),
        ("موقع www.example.com للأخبار", "رابخألل www.example.com عقوم"),
        # A paragraph of an Arabic article that starts with a Latin word is still RTL.
        ("TRIPP هو طريق", "قيرط وه TRIPP"),
    ],
)
def test_golden_rtl_lines(logical: str, visual: str) -> None:
    shown = lines(logical)
    assert len(shown) == 1
    assert base_letters(shown[0]) == visual


def test_rtl_lines_are_right_aligned_and_ltr_left_aligned() -> None:
    rtl = layout(prepare("قال هنا", True, APP), 20, APP)[0]
    assert rtl.indent == 20 - 7 and rtl.padded(20).endswith("ﺎﻨﻫ ﻝﺎﻗ")
    english = layout(prepare("Hello (world) again", True, APP), 30, APP)[0]
    assert english.indent == 0 and english.text == "Hello (world) again"


def test_shaping_picks_joining_forms() -> None:
    # ق initial, ا final, ل isolated: shown right to left.
    assert lines("قال") == ["\ufedd\ufe8e\ufed7"]
    assert lines("لا") == ["\ufefb"]  # lam-alef is one cell
    assert lines("سلام") == ["\ufee1\ufefc\ufeb3"]  # medial lam + alef: final ligature


def test_harakat_stay_on_their_letters() -> None:
    shown = lines("بِسْمِ")[0]
    assert shown == "\ufee2\u0650\ufeb4\u0652\ufe91\u0650"
    assert [c.isspace() for c in shown] == [False] * 6


def test_allah_is_not_a_ligature() -> None:
    assert "\ufdf2" not in lines("الله أكبر")[0]


def test_wrapping_happens_in_logical_order() -> None:
    first, second = lines("واحد اثنان ثلاثة أربعة", width=12)
    assert base_letters(first).split() == ["نانثا", "دحاو"]
    assert base_letters(second).split() == ["ةعبرأ", "ةثالث"]


def test_a_word_wider_than_the_line_is_split() -> None:
    shown = lines("كازاخستانكازاخستان", width=5)
    assert [len(s) for s in shown] == [5, 5, 5, 3]


def test_terminal_mode_sends_logical_text_and_off_sends_raw() -> None:
    terminal = DisplayOptions(BidiMode.TERMINAL)
    off = DisplayOptions(BidiMode.OFF)
    assert layout(prepare("قال (هنا)", True, terminal), 40, terminal)[0].text == "ﻗﺎﻝ (ﻫﻨﺎ)"
    assert layout(prepare("قال (هنا)", True, off), 40, off)[0].text == "قال (هنا)"
    no_shape = DisplayOptions(BidiMode.APP, shaping=False)
    assert layout(prepare("قال", True, no_shape), 40, no_shape)[0].text == "لاق"


def test_position_maps_point_back_to_original_text() -> None:
    text = "قال الرئيسُ لا (TITR) 40%"
    line = layout(prepare(text, True, APP), 60, APP)[0]
    start = text.index("TITR")
    columns = line.columns_for(start, start + 4)
    assert len(columns) == 1
    left, right = columns[0]
    assert line.padded(60)[left:right] == "TITR"
    lam_alef = text.index("لا")
    ((left, right),) = line.columns_for(lam_alef, lam_alef + 1)
    assert right - left == 1 and line.offset_at(left) == lam_alef


def test_controls_in_text_become_visible_symbols() -> None:
    shown = lines("نص\x1b[2J\u202eمقلوب\u202c")[0]
    assert "\x1b" not in shown and "\u202e" not in shown and "␛" in shown and "◆" in shown


def test_a_bidi_control_inside_a_number_never_reverses_it() -> None:
    """بـ8 LRO . PDF 9 كغ (8.9 kg, a point wrapped in an override in a real article): the marker
    shown for each control splits no number into runs, so the digits stay 8 then 9."""
    shown = lines("قدرت بـ8\u202d.\u202c9 كغ")[0].strip()
    assert "8◆.◆9" in shown
    assert "9" not in shown.split("8")[0]  # nothing of the number drawn before its first digit


def test_shaping_agrees_with_arabic_reshaper() -> None:
    reshaper = reading_reshaper()
    words = {w for path in glob.glob(str(ROOT / "seeds" / "*.txt")) for w in Path(path).read_text().split()}
    words |= {"لَا", "بِسْمِ", "ـلا", "فلاّح", "سلامٌ", "لآلئ", "ب\u200dب", "ء"}
    for word in sorted(words):
        ours = "".join(_word_clusters(word, True)[0]).replace("\u200d", "")
        assert ours == reshaper.reshape(word), word


ARABICISH = st.text(
    alphabet=st.sampled_from(
        list("قال الرئيس لا سلام أإآء ة ى")
        + list("\u064e\u0650\u0651\u0652")
        + list("TRIP az.,:;!?")
        + list("0123456789%")
        + list("()[]«»{}")
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(ARABICISH, st.integers(min_value=1, max_value=60), st.sampled_from([True, False, None]))
def test_every_character_shown_once_and_lines_fit(text: str, width: int, rtl: bool | None) -> None:
    prepared = prepare(text, rtl, APP)
    shown: list[int] = []
    for line in layout(prepared, width, APP):
        assert line.width <= width or len(line.widths) == 1
        assert line.indent + line.width <= max(width, line.width)
        for start, end in zip(line.starts, line.ends, strict=True):
            shown.extend(range(start, end))
    assert sorted(shown) == sorted(set(shown)), "a character is shown twice"
    non_space = [i for i, c in enumerate(text) if c != " "]
    assert [i for i in sorted(shown) if text[i] != " "] == non_space


@settings(max_examples=200, deadline=None)
@given(ARABICISH, st.integers(min_value=4, max_value=60))
def test_position_maps_round_trip(text: str, width: int) -> None:
    for line in layout(prepare(text, True, APP), width, APP):
        column = line.indent
        for start, end, cell in zip(line.starts, line.ends, line.widths, strict=True):
            if cell:
                assert any(a <= column < b for a, b in line.columns_for(start, end))
                assert line.offset_at(column) == start
            column += cell


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=1, max_value=50))
def test_arbitrary_unicode_never_breaks_the_engine(text: str, width: int) -> None:
    for options in (APP, DisplayOptions(BidiMode.TERMINAL), DisplayOptions(BidiMode.OFF)):
        for line in render_text(text, width, options, rtl=True):
            assert not any(unicodedata.category(c) == "Cc" for c in line)


def test_agrees_with_fribidi_on_the_seeds() -> None:
    need_tool("fribidi")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fribidi_compare.py"), "--widths", "30-100", "--show", "3"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " 0 real mismatches" in done.stdout


def test_clusters_cover_the_paragraph() -> None:
    text = "لَا إِلَهَ"
    cells, words = clusters(text)
    assert [(cells.starts[a], cells.ends[b - 1]) for a, b, _ in words] == [(0, 3), (4, len(text))]
    covered = [i for s, e in zip(cells.starts, cells.ends, strict=True) for i in range(s, e)]
    assert covered == list(range(len(text)))


@pytest.mark.parametrize("line", ["-", "40%", "2025", "***"])
def test_a_line_without_letters_takes_the_articles_direction(line: str) -> None:
    assert render_text(line, 20, APP, rtl=True) == [line.rjust(20)]
    assert render_text(line, 20, APP, rtl=False) == [line]
    assert render_text("Hello", 20, APP, rtl=True) == ["Hello"]


def _months_of(chart: str) -> tuple[str, str, str, str]:
    """(first label, bars, last label, unit) of a timeline chart."""
    head, _, label = chart.partition("  (articles ")
    first, bars, last = head[:7], head[8:-8], head[-7:]
    return first, bars, last, label.split(", peak")[0]


@pytest.mark.parametrize(
    ("months", "width", "expected"),
    [
        ([("2020-01", 4), ("2020-04", 2)], 40, ("2020-01", "█  ▄", "2020-04", "a month")),  # empty months: blanks
        ([("2019-11", 1), ("2020-02", 1)], 40, ("2019-11", "█  █", "2020-02", "a month")),  # across a year's end
        ([("2020-05", 3)], 40, ("2020-05", "█", "2020-05", "a month")),
        ([("2020-01", 1), ("2020-03", 1), ("2020-12", 2)], 4, ("2020-01", "█  █", "2020-12", "per 3 months")),
        ([("1970-04", 1), ("2018-06", 8)], 40, ("1970-04", "▁" + " " * 23 + "█", "2018-06", "per 2 years")),
    ],
)
def test_timeline_bars_are_calendar_spans_as_labelled(
    months: list[tuple[str, int]], width: int, expected: tuple[str, str, str, str]
) -> None:
    assert _months_of(timeline_chart(months, width)) == expected


@pytest.mark.parametrize("span", [1, 7, 39, 40, 41, 100, 577, 5000])
def test_a_timeline_fits_its_width_and_spans_every_month(span: int) -> None:
    months = [(f"{2000 + n // 12:04d}-{n % 12 + 1:02d}", 1 + n % 3) for n in range(0, span, 2)]
    first, bars, last, unit = _months_of(timeline_chart(months, width=40))
    assert 1 <= len(bars) <= 40 and first == months[0][0] and last == months[-1][0]  # the newest month named
    covered = len(range(0, span, 2)) * 2 - 1  # months from the first to the last
    if covered <= 40:
        assert unit == "a month" and len(bars) == covered and bars[1::2].strip() == ""
    else:
        assert unit != "a month"


@pytest.mark.parametrize("fit", [60, 78, 100])
def test_a_timeline_asked_to_fit_a_line_takes_fewer_bars_and_never_wraps_its_label(fit: int) -> None:
    months = [(f"{2015 + n // 12:04d}-{n % 12 + 1:02d}", 100 + n) for n in range(40)]
    chart = timeline_chart(months, width=40, fit=fit)
    assert len(chart) <= fit and chart.endswith(")") and "peak" in chart


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 مقالات"),
        (1, "1 مقال"),
        (2, "2 مقالان"),
        (3, "3 مقالات"),
        (10, "10 مقالات"),
        (11, "11 مقالًا"),
        (99, "99 مقالًا"),
        (100, "100 مقال"),
        (102, "102 مقال"),
        (103, "103 مقالات"),
        (111, "111 مقالًا"),
        (1000, "1,000 مقال"),
        (2013, "2,013 مقالًا"),
    ],
)
def test_counted_arabic_nouns_agree_with_their_number(count: int, expected: str) -> None:
    from tui.display import ARTICLES, MENTIONS, arabic_count

    assert arabic_count(count, ARTICLES) == expected
    assert arabic_count(count, MENTIONS).split(" ")[1] in MENTIONS


def _engine_lines(text: str, width: int, options: DisplayOptions) -> list[str]:
    """What the engine lays out, line by line, as the shell writes it."""
    return [
        (" " * line.indent + line.text).rstrip()
        for paragraph in text.split("\n")
        for line in layout(prepare(paragraph, None, options), width, options)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(codec="utf-8")
        | st.sampled_from("السلام عليكم، \u064b\u0651ـ «قال» 12,5 (TRIPP) \t\u200f\u202e\u2067\x1b\u00ad\u3000中")
    ),
    st.sampled_from([BidiMode.OFF, BidiMode.APP, BidiMode.TERMINAL]),
    st.booleans(),
)
def test_text_neither_reordered_nor_wrapped_is_what_the_engine_lays_out(
    text: str, mode: BidiMode, shaping: bool
) -> None:
    options = DisplayOptions(mode, shaping=shaping)
    if options.reorders or options.shapes:
        return  # the fast way is only for text laid out as it is written
    assert render_text(text, 1_000_000, options) == _engine_lines(text, 1_000_000, options)


def test_long_paragraphs_are_kept_prepared_a_few_at_a_time() -> None:
    """The pieces of a long article pass through `prepare` one after another: only the last
    LONG_KEPT of them stay (about 120 bytes a character each), short paragraphs as many as before."""
    options = DisplayOptions()
    forget_prepared()
    long_ones = [f"فقرة {n} " + "كلمة عربية طويلة " * 80 for n in range(LONG_KEPT * 2)]
    assert all(len(text) >= LONG_PARAGRAPH for text in long_ones)
    first = prepare(long_ones[0], True, options)
    assert prepare(long_ones[0], True, options) is first  # kept
    for text in long_ones:
        prepare(text, True, options)
    short = [f"سطر {n}" for n in range(LONG_KEPT * 2)]
    for text in short:
        prepare(text, True, options)
    assert _prepared_long.cache_info().currsize == LONG_KEPT
    assert _prepared_short.cache_info().currsize == len(short)
    assert prepare(long_ones[0], True, options) is not first  # let go, made again
