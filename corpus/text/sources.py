"""Where an article comes from, when its metadata does not say: its address, or the prefix
that names the source in archives organised by file name.

Rules (`article_source`): the metadata's source (a JSON field or "المصدر: …"); else the host of
its first-published address; else a file-name prefix, only in names built the way archives
name by source: letters and digits (two letters at least), then a dash and a part holding digits (okaz in
sn_okaz-2015-08-01-01165.txt, JA in ant1_JA-localNews-4218-20170530.txt, after an optional
collection tag ending in "_"). A name such as 000_e90027a7146fb653.txt gives no source.
Two-letter codes that archives use for a source in file names are written as the source's
name (NAME_OF_CODE: BB in ant2_BB-….txt is BBC, as the same archive's JSON Lines names it);
an unknown code stays as written.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

__all__ = ["article_source", "source_in_name", "host_of", "NAME_OF_CODE"]

NAME_OF_CODE: dict[str, str] = {
    "AL": "alarabia",
    "BB": "BBC",
    "CN": "CNN",
    "FR": "france24",
    "JA": "Jawhara FM",
    "SK": "skynews",
}
"""Source codes in file names, with the name the same archive gives them in its metadata
(the 69k bench archive: ant2_BB-… files are the records whose source is "ant2:BBC"). Each
code opens its name, case aside, so a `source:` filter finds an article by either."""

_NAMED = re.compile(r"^(?:[A-Za-z0-9]+_)?(?P<source>(?=[A-Za-z0-9]*[A-Za-z]{2})[A-Za-z0-9]+)-[^.]*\d")


def source_in_name(path: str) -> str:
    """The source a file name gives by the archive's naming (a known code as its name), or ""."""
    match = _NAMED.match(os.path.basename(path))
    if not match:
        return ""
    return NAME_OF_CODE.get(match["source"], match["source"])


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
