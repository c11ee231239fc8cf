"""The `akhbar` command: the app by default; search, show, list, entities and render for shells and scripts.

Nothing here imports Textual: the app is imported only when it is about to run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from corpus.entities import TYPES
from tui.display import BidiMode, visible
from tui.settings import ENV_CORPUS, CorpusError, Settings, resolve

__all__ = ["main", "build_parser"]


def _add_corpus(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        default=argparse.SUPPRESS if sub else None,
        help=f"a folder or file of articles (repeatable); default ${ENV_CORPUS}, else the config file's corpus, else the bundled seeds",
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
    entities.add_argument("--type", choices=TYPES, type=str.upper)
    entities.add_argument("--json", action="store_true", help="a list of {name, type, count, articles, variants, mentions}")
    entities.add_argument("--width", type=int, help="line width (default: the terminal's)")
    _add_display(entities, "default app on a terminal, off in a pipe")

    render = commands.add_parser("render", help="shape and order text from stdin for this terminal")
    render.add_argument("--width", type=int, help="line width N (default: the terminal's, else 80)")
    _add_display(render, "default app")
    return parser


NO_TERMINAL = (
    "akhbar: the app needs a terminal, and stdin or stdout is not one "
    "(over ssh, connect with a terminal: ssh -t). Without a terminal, use a command: "
    "akhbar search, show, list, entities or render."
)


def _settings(args: argparse.Namespace) -> Settings:
    """The settings for this run; config-file warnings go to stderr once."""
    settings = resolve(
        getattr(args, "corpus", None), getattr(args, "bidi", None), bool(getattr(args, "no_shaping", False))
    )
    for warning in settings.warnings:
        print(f"akhbar: config: {visible(warning)}", file=sys.stderr)
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `akhbar` console script."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                print(NO_TERMINAL, file=sys.stderr)
                return 2
            settings = _settings(args)
            from tui.app import run_app

            return run_app(settings)
        if args.command == "search" and not args.query and args.batch is None:
            print("akhbar: search: give a query, or --batch FILE", file=sys.stderr)
            return 2
        from tui.shell.commands import COMMANDS

        settings = Settings(corpus=()) if args.command == "render" else _settings(args)
        return COMMANDS[args.command](args, settings, sys.stdout)
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
