"""The `akhbar` command: the app by default, and search, show, list and render for shells and scripts."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from corpus.text.decode import UndecodableError, decode_bytes
from corpus.load import default_corpus_path
from corpus.models import Article
from tui.display.safety import BIDI_CONTROLS, visible
from tui.display import BidiMode, DisplayOptions, is_rtl_text, layout, prepare, render_text

if TYPE_CHECKING:  # the index and search modules load numpy: not before the app's first paint
    from corpus.search.index import CorpusIndex
    from corpus.search.ranking import SearchResult
    from corpus.archive import OpenedCorpus

__all__ = ["main", "resolve_corpus_paths", "CorpusError"]

ENV_CORPUS = "AKHBAR_CORPUS"

_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}
_JSON_ESCAPES.update({ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS | {"\u2028", "\u2029"}})


class CorpusError(Exception):
    """The corpus cannot be opened: a missing path, or nothing loadable in it."""


def dump_json(data: Any) -> str:
    """JSON for scripts; C1 and bidi controls are escaped so the output is safe on a terminal too."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


def resolve_corpus_paths(given: Sequence[str] | None, configured: str | None = None) -> list[Path]:
    """The corpus: --corpus paths, else $AKHBAR_CORPUS, else the configured one, else the seeds."""
    if given:
        paths = [Path(p).expanduser() for p in given]
    elif os.environ.get(ENV_CORPUS):
        paths = [Path(p).expanduser() for p in os.environ[ENV_CORPUS].split(os.pathsep) if p]
    elif configured:
        paths = [Path(configured).expanduser()]
    else:
        paths = [default_corpus_path()]
    for path in paths:
        if not path.exists():
            raise CorpusError(f"no such file or folder: {visible(str(path))}")
    return paths


def load_or_fail(paths: Sequence[Path], *, warn: IO[str] | None = None) -> OpenedCorpus:
    """Open (index, or reuse the snapshot of) the corpus, printing each problem on `warn`.

    Raises CorpusError when no article could be loaded.
    """
    from corpus.archive import open_corpus

    opened = open_corpus(paths)
    stream = warn if warn is not None else sys.stderr
    for problem in opened.problems:
        kind = "skipped" if problem.skipped else "warning"
        print(f"akhbar: {kind}: {visible(str(problem))}", file=stream)
    if not len(opened.index):
        shown = ", ".join(visible(str(p)) for p in paths)
        raise CorpusError(f"no articles found in {shown}")
    return opened


def _display_options(args: argparse.Namespace, stream: IO[str]) -> DisplayOptions:
    mode = args.bidi or ("app" if stream.isatty() else "off")
    return DisplayOptions(BidiMode(mode), shaping=not args.no_shaping)


def _width(args: argparse.Namespace) -> int:
    return args.width or shutil.get_terminal_size(fallback=(80, 24)).columns


def _highlighted(line: str, hits: Sequence[tuple[int, int]], options: DisplayOptions, width: int, tty: bool) -> list[str]:
    """A logical line shown through the display engine, hits in reverse video on a terminal."""
    prepared = prepare(line, None, options)
    out: list[str] = []
    for visual in layout(prepared, width, options):
        text = " " * visual.indent + visual.text
        if tty and hits:
            marks = sorted(r for start, end in hits for r in visual.columns_for(start, end))
            text = _with_reverse(visual, marks)
        out.append(text.rstrip())
    return out


def _with_reverse(visual: Any, ranges: list[tuple[int, int]]) -> str:
    pieces = [" " * visual.indent]
    column = visual.indent
    inside = False
    for glyph, cell_width in zip(visual.glyphs, visual.widths):
        hit = any(start <= column < end for start, end in ranges)
        if hit != inside:
            pieces.append("\x1b[7m" if hit else "\x1b[27m")
            inside = hit
        pieces.append(glyph)
        column += cell_width
    if inside:
        pieces.append("\x1b[27m")
    return "".join(pieces)


def _print_results(results: list[SearchResult], args: argparse.Namespace, out: IO[str]) -> None:
    options = _display_options(args, out)
    tty = out.isatty()
    width = _width(args)
    for rank, result in enumerate(results, start=1):
        prefix = f"{rank}. {visible(result.article.title, bidi='strip')} — "
        snippet = result.snippets[0] if result.snippets else None
        body = visible(snippet.text, bidi="strip") if snippet else ""
        hits = [(len(prefix) + s - snippet.start, len(prefix) + e - snippet.start) for s, e in snippet.hits] if snippet else []
        for line in _highlighted(prefix + body, hits, options, width, tty):
            print(line, file=out)


def command_search(args: argparse.Namespace, out: IO[str]) -> int:
    from corpus.search.ranking import search

    index = load_or_fail(resolve_corpus_paths(args.corpus)).index
    if args.batch is not None:
        return _run_batch(index, args, out)
    query = " ".join(args.query)
    results = search(index, query, limit=args.limit)
    if args.json:
        print(dump_json([r.to_json() for r in results]), file=out)
    elif not results:
        print(f"no articles match {visible(query)!r}", file=sys.stderr)
    else:
        _print_results(results, args, out)
    return 0


def _run_batch(index: CorpusIndex, args: argparse.Namespace, out: IO[str]) -> int:
    from corpus.search.ranking import search

    index.warm_up()
    source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8", errors="replace")
    with source:
        for line in source:
            query = line.rstrip("\n")
            if not query.strip():
                continue
            started = time.perf_counter()
            results = search(index, query, limit=args.limit)
            payload = [r.to_json() for r in results]
            elapsed = (time.perf_counter() - started) * 1000
            record = {"query": query, "elapsed_ms": round(elapsed, 3), "results": payload}
            print(json.dumps(record, ensure_ascii=False).translate(_JSON_ESCAPES), file=out)
    return 0


def find_article(articles: Sequence[Article], key: str) -> Article | None:
    """An article by id, by path, or by its 1-based position in the list."""
    for article in articles:
        if article.id == key:
            return article
    wanted = os.path.abspath(key)
    for article in articles:
        if os.path.abspath(article.path) == wanted or article.path == key:
            return article
    if key.isdigit() and 1 <= int(key) <= len(articles):
        return articles[int(key) - 1]
    return None


def command_show(args: argparse.Namespace, out: IO[str]) -> int:
    articles = load_or_fail(resolve_corpus_paths(args.corpus)).index.articles
    article = find_article(articles, args.article)
    if article is None:
        print(f"akhbar: no article {visible(args.article)!r} (give an id, a path or a number from `akhbar list`)", file=sys.stderr)
        return 1
    if args.json:
        print(dump_json({**article.summary(), "text": article.text}), file=out)
        return 0
    options = _display_options(args, out)
    width = _width(args)
    rtl = is_rtl_text(article.text)
    lines = [article.title, ""]
    lines += [f"{key}: {value}" for key, value in article.metadata.items()]
    lines += [f"id: {article.id}", f"path: {article.path}", ""]
    for line in lines:
        for shown in render_text(visible(line, bidi="strip"), width, options, rtl=rtl):
            print(shown, file=out)
    for shown in render_text(article.text, width, options, rtl=rtl):
        print(shown, file=out)
    return 0


def command_list(args: argparse.Namespace, out: IO[str]) -> int:
    articles = load_or_fail(resolve_corpus_paths(args.corpus)).index.articles
    if args.json:
        print(dump_json([a.summary() for a in articles]), file=out)
        return 0
    options = _display_options(args, out)
    width = _width(args)
    for number, article in enumerate(articles, start=1):
        line = f"{number}. {article.title} [{article.id}{' · ' + article.date if article.date else ''}]"
        for shown in render_text(visible(line, bidi="strip"), width, options):
            print(shown, file=out)
    return 0


def command_entities(args: argparse.Namespace, out: IO[str]) -> int:
    from corpus.entities.grouping import article_entities
    from corpus.entities.index import EntityCache, EntityIndex, default_cache_path

    articles = load_or_fail(resolve_corpus_paths(args.corpus)).index.articles
    wanted = args.type.upper() if args.type else None
    if args.article is not None:
        article = find_article(articles, args.article)
        if article is None:
            print(f"akhbar: no article {visible(args.article)!r}", file=sys.stderr)
            return 1
        rows = [(e, len(e.mentions)) for e in article_entities(article)]
    else:
        cache = EntityCache(default_cache_path())
        try:
            index, _ = EntityIndex.build(articles, cache=cache, processes=os.cpu_count() or 1, batch=400)
        finally:
            cache.close()
        rows = [(e, len(e.mentions)) for e in index.entities]
    rows = [(e, n) for e, n in rows if wanted is None or e.type == wanted]
    if args.json:
        print(dump_json([e.to_json() for e, _ in rows]), file=out)
        return 0
    options = _display_options(args, out)
    width = _width(args)
    for entity, count in rows:
        line = f"{len(entity.articles):>4} art {count:>4}× {entity.type:<8} {visible(entity.name, bidi='strip')}"
        for shown in render_text(line, width, options):
            print(shown, file=out)
    return 0


def command_render(args: argparse.Namespace, out: IO[str]) -> int:
    data = sys.stdin.buffer.read()
    try:
        text = decode_bytes(data).text if data.strip() else ""
    except UndecodableError as error:
        print(f"akhbar: render: {error}", file=sys.stderr)
        return 1
    text = text.replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    options = DisplayOptions(BidiMode(args.bidi or "app"), shaping=not args.no_shaping)
    for line in render_text(text, _width(args), options, rtl=is_rtl_text(text)):
        print(line, file=out)
    return 0


def _add_corpus(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        default=argparse.SUPPRESS if sub else None,
        help=f"a folder or file of articles (repeatable); default ${ENV_CORPUS}, else the bundled seeds",
    )


def _add_display(parser: argparse.ArgumentParser, default_note: str, *, sub: bool = True) -> None:
    parser.add_argument(
        "--bidi",
        choices=[m.value for m in BidiMode],
        default=argparse.SUPPRESS if sub else None,
        help=f"who orders right-to-left text: app (shape and reorder), terminal (send logical text), off ({default_note})",
    )
    parser.add_argument(
        "--no-shaping",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="do not shape Arabic letters (for terminals that shape but do not reorder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akhbar",
        description="A terminal explorer for Arabic news articles. Without a command, opens the app.",
    )
    _add_corpus(parser, sub=False)
    _add_display(parser, "default app, or the config file's", sub=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    found = commands.add_parser("search", help="search the corpus")
    found.add_argument("query", nargs="*", help='words, "a phrase", \'exact, !excluded')
    _add_corpus(found)
    found.add_argument("--limit", type=int, default=20, help="at most N results (default 20)")
    found.add_argument("--json", action="store_true", help="results as JSON")
    found.add_argument("--batch", metavar="FILE", help="one query a line from FILE (- for stdin), JSON lines out")
    found.add_argument("--width", type=int, help="line width for people (default: the terminal's)")
    _add_display(found, "default app on a terminal, off in a pipe")

    show = commands.add_parser("show", help="print one article")
    show.add_argument("article", help="an id, a path, or a number from `akhbar list`")
    _add_corpus(show)
    show.add_argument("--json", action="store_true", help="the article as JSON")
    show.add_argument("--width", type=int, help="line width (default: the terminal's)")
    _add_display(show, "default app on a terminal, off in a pipe")

    listing = commands.add_parser("list", help="list every article")
    _add_corpus(listing)
    listing.add_argument("--json", action="store_true", help="the list as JSON")
    listing.add_argument("--width", type=int, help="line width (default: the terminal's)")
    _add_display(listing, "default app on a terminal, off in a pipe")

    entities = commands.add_parser("entities", help="who, where, what: entities of one article or the corpus")
    entities.add_argument("article", nargs="?", help="an id, a path or a number; without it, the whole corpus")
    _add_corpus(entities)
    entities.add_argument("--type", choices=["PER", "LOC", "ORG", "MISC", "DATE", "MONEY", "PERCENT", "QUANTITY"], type=str.upper)
    entities.add_argument("--json", action="store_true", help="a list of {name, type, count, articles, variants, mentions}")
    entities.add_argument("--width", type=int, help="line width (default: the terminal's)")
    _add_display(entities, "default app on a terminal, off in a pipe")

    render = commands.add_parser("render", help="shape and order text from stdin for this terminal")
    render.add_argument("--width", type=int, help="line width N (default: the terminal's, else 80)")
    _add_display(render, "default app")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str]], int]] = {
    "search": command_search,
    "show": command_show,
    "list": command_list,
    "render": command_render,
    "entities": command_entities,
}


NO_TERMINAL = (
    "akhbar: the app needs a terminal, and stdin or stdout is not one "
    "(over ssh, connect with a terminal: ssh -t). Without a terminal, use a command: "
    "akhbar search, show, list, entities or render."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `akhbar` console script."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                print(NO_TERMINAL, file=sys.stderr)
                return 2
            from tui.app.app import run_app

            return run_app(args)
        if args.command == "search" and not args.query and args.batch is None:
            print("akhbar: search: give a query, or --batch FILE", file=sys.stderr)
            return 2
        return COMMANDS[args.command](args, sys.stdout)
    except CorpusError as error:
        print(f"akhbar: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
