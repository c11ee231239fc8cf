"""Web addresses as terminal hyperlinks (OSC 8): what the terminal opens, and what is shown for it.

An article's address is untrusted text. The link target is plain printable ASCII, rebuilt
from its parts (non-ASCII percent-encoded, the host in its ASCII form), and the text shown
for it is made from that target, so that what is shown means what is linked: the scheme
and host as the target has them, the path, query and fragment with their encoded words
read back (%D9%88… as Arabic) but never an encoded separator, control or format character.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, quote, urlsplit

__all__ = ["LINK_SCHEMES", "is_web_address", "link_target", "shown_address"]

LINK_SCHEMES = ("http", "https")
MAX_LINK = 2000
"""A longer address is no link (terminals cap OSC 8 targets; none of a news site is this long)."""

_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
"""Printable ASCII kept as it is in a target's path, query and fragment; the rest
(non-ASCII, and `"<>\\^`{|}`) is percent-encoded."""
_HOST = re.compile(r"[a-z0-9_.-]+")
_IPV6_HOST = re.compile(r"[0-9a-f:.]+")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_READABLE_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
"""The ASCII an encoded address may show decoded: letters, digits and unreserved marks; an
encoded separator (%2F %3F %23 %40 %3A %25 …) stays encoded, so it separates nothing."""


def is_web_address(url: str) -> bool:
    """Whether the address names a web scheme (http or https), a link or not."""
    scheme, sep, _ = url.strip().partition(":")
    return bool(sep) and scheme.lower() in LINK_SCHEMES


def _forbidden(char: str) -> bool:
    """Controls (C0, C1, DEL), format characters (bidi controls among them), separators and
    whitespace: never in a link, encoded or not."""
    return not char.isprintable() or char.isspace()


def _ascii_host(parts: SplitResult) -> str:
    """The host and port as the target has them, ASCII only; empty when there is none or it is
    not a plain host name or address (a percent sign, a backslash, a bad port)."""
    host = parts.hostname or ""
    if not host:
        return ""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")  # an Arabic domain, as xn--…
        except UnicodeError:
            return ""
    if "[" in parts.netloc:
        if not _IPV6_HOST.fullmatch(host):
            return ""
        host = f"[{host}]"
    elif not _HOST.fullmatch(host):
        return ""
    try:
        port = parts.port
    except ValueError:
        return ""
    return host if port is None else f"{host}:{port}"


def link_target(url: str) -> str:
    """The address as a link the terminal may open, or empty (then no link is made).

    http or https only, with a host and no user information (`bbc.com%2F@evil.example`
    would show one host and open another); any control, format, bidi or space character
    refuses the link. What is returned is printable ASCII without spaces.
    """
    url = url.strip()
    if not url or len(url) > MAX_LINK or any(_forbidden(char) for char in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in LINK_SCHEMES or "@" in parts.netloc:
        return ""
    netloc = _ascii_host(parts)
    if not netloc:
        return ""
    target = f"{parts.scheme.lower()}://{netloc}{quote(parts.path, safe=_URL_SAFE)}"
    if parts.query:
        target += "?" + quote(parts.query, safe=_URL_SAFE)
    if parts.fragment:
        target += "#" + quote(parts.fragment, safe=_URL_SAFE)
    return target if len(target) <= MAX_LINK else ""


def _utf8_length(lead: int) -> int:
    """How many bytes the UTF-8 sequence starting with this byte has (1 for a stray byte)."""
    return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1


def _read_escapes(match: re.Match[str]) -> str:
    """A run of percent escapes with the words it encodes read back: letters and digits, and a
    mark only after one of them. Each escape that would be a separator, a control, a symbol
    (a look-alike slash such as U+2215), a blank (U+2800) or a mark on its own is left as it is."""
    escaped = match.group()
    data = bytes.fromhex(escaped.replace("%", ""))
    out: list[str] = []
    index = 0
    after_word = False
    while index < len(data):
        length = _utf8_length(data[index])
        chunk = data[index : index + length]
        try:
            char = chunk.decode("utf-8")
        except UnicodeDecodeError:
            char = ""
        if char in _READABLE_ASCII if length == 1 else len(char) == 1 and _word_char(char, after_word):
            out.append(char)
            after_word = char.isalnum() or (after_word and unicodedata.category(char).startswith("M"))
            index += length
        else:
            out.append(escaped[3 * index : 3 * index + 3])
            after_word = False
            index += 1
    return "".join(out)


def _word_char(char: str, after_word: bool) -> bool:
    """A non-ASCII character shown decoded: a letter or a digit, a mark that follows one, or
    Arabic punctuation (؟ ، ؛), which no Latin separator looks like."""
    category = unicodedata.category(char)
    if _forbidden(char):
        return False
    arabic_punctuation = category[0] == "P" and "\u0600" <= char <= "\u06ff"
    return category[0] in "LN" or (category[0] == "M" and after_word) or arabic_punctuation


def _readable(part: str) -> str:
    return _ESCAPES.sub(_read_escapes, part)


def shown_address(target: str) -> str:
    """What is shown for a link target (from `link_target`): its scheme and host as they are,
    its path, query and fragment with encoded words read back and encoded separators kept."""
    parts = urlsplit(target)
    shown = f"{parts.scheme}://{parts.netloc}{_readable(parts.path)}"
    if parts.query:
        shown += "?" + _readable(parts.query)
    if parts.fragment:
        shown += "#" + _readable(parts.fragment)
    return shown
