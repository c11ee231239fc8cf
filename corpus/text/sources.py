"""Where an article comes from, when its metadata does not say: its address, or the prefix
that names the source in archives organised by file name.

Rules (`article_source`): the metadata's source (a JSON field or "المصدر: …"); else the host of
its first-published address; else a file-name prefix, only in names built the way archives
name by source: letters and digits (two letters at least), then a dash and a part holding digits (okaz in
sn_okaz-2015-08-01-01165.txt, JA in ant1_JA-localNews-4218-20170530.txt, after an optional
collection tag ending in "_"). A name such as 000_e90027a7146fb653.txt gives no source.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

__all__ = ["article_source", "source_in_name", "host_of"]

_NAMED = re.compile(r"^(?:[A-Za-z0-9]+_)?(?P<source>(?=[A-Za-z0-9]*[A-Za-z]{2})[A-Za-z0-9]+)-[^.]*\d")


def source_in_name(path: str) -> str:
    """The source a file name gives by the archive's naming, or ""."""
    match = _NAMED.match(os.path.basename(path))
    return match["source"] if match else ""


def host_of(url: str) -> str:
    """The host of an http(s) address (or one written from "www.") without "www.", or ""."""
    url = url.strip()
    if url.startswith("www."):
        url = "http://" + url  # written without its scheme ("نشر لأول مرة على www.…")
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname
    return host[4:] if host.startswith("www.") else host


def article_source(metadata: dict[str, str], path: str) -> str:
    """The article's source: metadata, else its address's host, else its file name's prefix."""
    return metadata.get("source", "").strip() or host_of(metadata.get("url", "")) or source_in_name(path)
