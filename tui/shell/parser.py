"""The `akhbar` command line: its options and commands, as argparse reads them."""

from __future__ import annotations

import argparse
import sys

from corpus.entities import TYPES
from tui.display import BidiMode
from tui.settings import ENV_CORPUS

__all__ = ["build_parser"]


def _add_corpus(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        default=argparse.SUPPRESS if sub else None,
        help=(
            f"a folder or file of articles (repeatable); default ${ENV_CORPUS}, "
            f"else the config file's corpus, else the bundled seeds"
        ),
    )


def _add_links(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    parser.add_argument(
        "-L",
        "--follow-links",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="follow symbolic links that lead out of the corpus folders too (by default they are named and skipped)",
    )
    parser.add_argument(
        "--trust-folders",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help=(
            "take the saved index without looking at every file when no folder changed since the "
            "last full look (one stat a folder, not one a file: seconds on a million files); a file "
            "rewritten in place since is not seen. The app shows the saved index at once, then looks at every file"
        ),
    )


def _add_display(parser: argparse.ArgumentParser, default_note: str, *, sub: bool = True) -> None:
    parser.add_argument(
        "--bidi",
        choices=[m.value for m in BidiMode],
        default=argparse.SUPPRESS if sub else None,
        help=(
            f"who orders right-to-left text: app (shape and reorder), "
            f"terminal (send logical text), off ({default_note})"
        ),
    )
    parser.add_argument(
        "--no-shaping",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="do not shape Arabic letters (for terminals that shape but do not reorder)",
    )


def _positive(text: str) -> int:
    """A whole number of at least 1, or argparse's error naming the value."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return min(value, sys.maxsize)  # more than any archive holds: no limit (islice takes no bigger)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akhbar",
        description="A terminal explorer for Arabic news articles. Without a command, opens the app.",
    )
    _add_corpus(parser, sub=False)
    _add_links(parser, sub=False)
    parser.add_argument(
        "--no-follow",
        action="store_true",
        help="do not watch the corpus for new articles while the app runs (R still reloads by hand)",
    )
    _add_display(parser, "default app, or the config file's", sub=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    found = commands.add_parser("search", help="search the corpus")
    found.add_argument(
        "query", nargs="*", help='words, "a phrase", \'exact, !excluded; after:2018-01 before:2018-06 source:okaz'
    )
    _add_corpus(found)
    _add_links(found)
    found.add_argument("--limit", type=_positive, default=20, help="at most N results (default 20)")
    found.add_argument("--json", action="store_true", help='results as JSON (each with how it matched: "match")')
    found.add_argument("--by-date", action="store_true", help="newest first instead of best first")
    found.add_argument("--batch", metavar="FILE", help="one query a line from FILE (- for stdin), JSON lines out")
    found.add_argument(
        "--width", type=int, help="line width for people (default: the terminal's; in a pipe, none: one result a line)"
    )
    _add_display(found, "default app on a terminal, off in a pipe")

    show = commands.add_parser("show", help="print one article")
    show.add_argument(
        "article",
        help="an id; else a path; else N or #N, the N-th article of `akhbar list` (#N always means a position)",
    )
    _add_corpus(show)
    _add_links(show)
    show.add_argument("--json", action="store_true", help="the article as JSON")
    show.add_argument(
        "--width", type=int, help="line width (default: the terminal's; in a pipe, none: one paragraph a line)"
    )
    _add_display(show, "default app on a terminal, off in a pipe")

    listing = commands.add_parser("list", help="list every article")
    _add_corpus(listing)
    _add_links(listing)
    listing.add_argument("--json", action="store_true", help="the list as JSON")
    listing.add_argument(
        "--width", type=int, help="line width (default: the terminal's; in a pipe, none: one article a line)"
    )
    _add_display(listing, "default app on a terminal, off in a pipe")

    sources = commands.add_parser("sources", help="list the sources, with how many articles each has")
    _add_corpus(sources)
    _add_links(sources)
    sources.add_argument("--json", action="store_true", help="the sources as JSON: source, articles")

    skipped = commands.add_parser(
        "skipped", help="every file or line of the corpus that was skipped, and every warning, with why"
    )
    _add_corpus(skipped)
    _add_links(skipped)
    skipped.add_argument(
        "--json", action="store_true", help="a list of {path, line, skipped, lines, message}, one a line"
    )

    index = commands.add_parser(
        "index",
        help="index and tag the corpus now, on a Dask cluster if asked, so that every later start reuses it",
    )
    index.add_argument(
        "corpus",
        nargs="*",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="folders or files of articles (default: as --corpus)",
    )
    _add_corpus(index)
    _add_links(index)
    where = index.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=_positive, metavar="N", help="read, index and tag on a local Dask cluster of N processes"
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="read, index and tag on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
        "its workers must see the corpus at the same paths",
    )
    index.add_argument("--no-entities", action="store_true", help="index only; tag the entities later")

    entities = commands.add_parser("entities", help="who, where, what: entities of one article or the corpus")
    entities.add_argument("article", nargs="?", help="an id, a path or a number; without it, the whole corpus")
    _add_corpus(entities)
    _add_links(entities)
    entities.add_argument("--type", choices=TYPES, type=str.upper)
    entities.add_argument(
        "--json",
        action="store_true",
        help="a list of {name, type, count, articles, variants, variant_counts, mentions}, streamed",
    )
    entities.add_argument(
        "--width", type=int, help="line width (default: the terminal's; in a pipe, none: one entity a line)"
    )
    _add_display(entities, "default app on a terminal, off in a pipe")

    stories = commands.add_parser(
        "stories",
        help="stories: the articles of one event across sources and days, largest first",
        description="Each story with an id, a title (its earliest article's), its articles' ids, its "
        "sources and its first and last dates. Reprints (the same text, by MinHash) and articles on "
        "one event within a few days (text similarity) are one story.",
    )
    _add_corpus(stories)
    _add_links(stories)
    stories.add_argument(
        "--json",
        action="store_true",
        help="a list of {id, title, articles, sources, first, last, size}, a story a line",
    )
    stories.add_argument("--limit", type=_positive, help="at most N stories (default: all)")
    stories.add_argument(
        "--min-articles", type=_positive, default=2, help="only stories of at least N articles (default 2)"
    )
    stories.add_argument(
        "--width", type=int, help="line width (default: the terminal's; in a pipe, none: one story a line)"
    )
    _add_display(stories, "default app on a terminal, off in a pipe")

    export = commands.add_parser(
        "export",
        help="write search results, or an entity's mentions, as CSV, JSON Lines or Markdown",
        description="Search results (rank, id, date, source, title, path, url, score, match, hits as "
        "start-end offsets, snippet), or with --entity every mention of that entity (entity, type, id, "
        "date, source, title, path, start, end, text, context). Offsets count characters of the text "
        "as `akhbar show --json` gives it. CSV is UTF-8 with a byte order mark, for spreadsheets.",
    )
    export.add_argument("query", nargs="*", help="the search, in the query language of `search`")
    export.add_argument("--entity", metavar="NAME", help="export the mentions of the entity with this name instead")
    export.add_argument(
        "--type",
        choices=("PER", "LOC", "ORG", "MISC"),
        type=str.upper,
        help="with --entity: only an entity of this type (a place and a body named alike: الشرق الأوسط)",
    )
    export.add_argument("--format", choices=("csv", "jsonl", "md"), default="csv", help="default csv")
    export.add_argument(
        "--limit", type=_positive, help="at most N search results, or mentions of --entity (default: all)"
    )
    export.add_argument("--by-date", action="store_true", help="results newest first instead of best first")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default, or -: standard output)")
    _add_corpus(export)
    _add_links(export)

    tag = commands.add_parser(
        "tag",
        help="tag pre-split words (CoNLL: a word a line, first column) with PERS/LOC/ORG/MISC",
        description="Read words one a line (a word's first column; other columns such as a gold tag are "
        "ignored), a blank line between sentences and -DOCSTART- between articles (without it, every "
        "20 sentences are taken as one article); print each word and its BIO tag, tab-separated.",
    )
    tag.add_argument("file", nargs="?", help="the words (default: standard input)")
    render = commands.add_parser("render", help="shape and order text from stdin for this terminal")
    render.add_argument("--width", type=int, help="line width N (default: the terminal's, else 80)")
    _add_display(render, "default app")
    return parser
