"""A web address as a terminal hyperlink: what is shown means what is linked, and the target
is plain printable ASCII that no control, format or bidi character reaches."""

from __future__ import annotations

import sys
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.display import link_target, shown_address, visible

PIECES = [
    *"abcxyzAZ09.-_~/:@?#[]%\\!$&'()*+,;= ",
    "%2F", "%2f", "%3F", "%23", "%40", "%3A", "%25", "%5C", "%2E", "%20", "%00", "%1B", "%07",
    "%D9%88", "%E2%80%AE", "%C2%9C", "%C3", "%FF", "%41",
    "www.bbc.com", "evil.example", "bbc.com%2Farabic%2F@", "//", ":80", ":99999", "[::1]", "xn--wgbh1c",
    "خبر", "مصر", "\u202e", "\u2066", "\u200f", "\u00ad", "\ufeff", "\u2028", "\x1b]8;;", "\x1b\\", "\x07", "\x9c",
    "\uff0e", "\u3002", "\uff0f", "é", "\u0338",
]  # fmt: skip

urls = st.one_of(
    st.builds(
        lambda scheme, host, rest: scheme + host + "/" + "".join(rest),
        st.sampled_from(["https://", "http://"]),
        st.sampled_from(["news.example", "www.bbc.com:8080", "[::1]", "مصر.eg", "a.b", "x%2Fy", "u@h.example"]),
        st.lists(st.sampled_from(PIECES), max_size=14),
    ),
    st.builds(
        lambda scheme, rest: scheme + "".join(rest),
        st.sampled_from(["https://", "http://", "HTTPS://", "https:", "https:///", "ftp://", ""]),
        st.lists(st.sampled_from(PIECES), max_size=14),
    ),
    st.text(max_size=40).map(lambda text: "https://" + text),
)


def authority(url: str) -> str:
    """The authority as a browser reads it: from `//` to the first `/ \\ ? #`."""
    rest = url.split("://", 1)[1]
    for stop in "/\\?#":
        rest = rest.split(stop, 1)[0]
    return rest


@settings(max_examples=300)
@given(urls)
def test_what_is_shown_names_the_host_the_link_opens(url: str) -> None:
    target = link_target(url)
    if not target:
        return
    assert target.isascii() and target.isprintable() and " " not in target
    shown = visible(shown_address(target), bidi="strip")
    assert urlsplit(shown).hostname == urlsplit(target).hostname
    assert urlsplit(shown).port == urlsplit(target).port
    # no user information and no backslash, so every parser reads the same host
    assert authority(target) == authority(shown) == urlsplit(target).netloc
    assert "@" not in authority(target)


def test_encoded_separators_are_never_read_back() -> None:
    for byte in range(0x80):
        char = chr(byte)
        if char.isalnum() or char in "-._~":
            continue
        escape = f"%{byte:02X}"
        for where in ("/a{}b", "/p?q={}", "/p#f{}"):
            shown = shown_address(link_target("https://news.example" + where.format(escape)))
            assert escape in shown and urlsplit(shown).hostname == "news.example", (escape, shown)


def test_encoded_words_are_read_back_and_encoded_controls_are_not() -> None:
    shown = shown_address(link_target("https://news.example/%D8%AE%D8%A8%D8%B1?q=%D9%85%D8%B5%D8%B1#%41"))
    assert shown == "https://news.example/خبر?q=مصر#A"
    for char in [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))] + [*FORMAT_CHARS, "\u2028", "\u2029"]:
        escape = "".join(f"%{b:02X}" for b in char.encode("utf-8"))
        shown = shown_address(link_target(f"https://news.example/a{escape}b"))
        assert shown == f"https://news.example/a{escape}b", (hex(ord(char)), shown)


def test_user_information_refuses_the_link() -> None:
    for url in (
        "https://www.bbc.com%2Farabic%2F@evil.example/news",
        "https://www.bbc.com@evil.example/",
        "https://user:pass@news.example/",
        "https://evil.example\\@www.bbc.com/",
    ):
        assert link_target(url) == "", url


def test_a_raw_arabic_address_links_encoded_and_shows_its_words() -> None:
    url = "http://www.alarabiya.net/ar/2018/02/28/هل-انفصلت؟.html"
    target = link_target(url)
    assert target.isascii() and target.startswith("http://www.alarabiya.net/ar/2018/02/28/%D9%87%D9%84-")
    assert shown_address(target) == url
    arabic_host = link_target("https://مصر.eg/خبر")
    assert arabic_host.startswith("https://xn--wgbh1c.eg/") and shown_address(arabic_host).startswith(
        "https://xn--wgbh1c.eg/"
    )  # the host the link opens, not a look-alike


FORMAT_CHARS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
SEPARATORS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp")]
SEQUENCES = ["\x1b]8;;https://evil.example\x1b\\", "\x1b[2J", "\x07", "\x1b\\", "\x9c", "\x9d8;;x\x9c"]


PLACES = ["https://news{}.example/a", "https://news.example/a{}b", "https://n.example/?q={}x", "https://n.example/#{}x"]


@pytest.mark.parametrize("where", [*PLACES, "https://u{}@n.example/"])
def test_no_control_format_bidi_or_space_character_reaches_a_link(where: str) -> None:
    assert len(FORMAT_CHARS) > 150  # bidi controls, zero-width joiners, soft hyphen, tags …
    for char in FORMAT_CHARS + CONTROLS + SEPARATORS + ["\u2028", "\u2029"] + SEQUENCES:
        assert link_target(where.format(char)) == "", (where, ascii(char))


@pytest.mark.parametrize(
    "char",
    ["\u2215", "\u2044", "\u29f8", "\uff0f", "\u2800", "\u3000", "\u0338", "\u064e", "\u2024", "\uff0e", "\u00b7"],
)
def test_an_encoded_symbol_blank_or_lone_mark_stays_encoded(char: str) -> None:
    encoded = "".join(f"%{b:02X}" for b in char.encode("utf-8"))
    shown = shown_address(link_target(f"https://evil.example/{encoded}{encoded}www.bbc.com/arabic"))
    assert char not in shown and encoded in shown


def test_an_arabic_word_with_its_marks_is_read_back() -> None:
    word = "مَدِينَة"
    encoded = "".join(f"%{b:02X}" for b in word.encode("utf-8"))
    assert shown_address(link_target(f"https://example.com/{encoded}")) == f"https://example.com/{word}"
