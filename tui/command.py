"""The `akhbar` command: the app without a command; search, show, list, entities, stories and render with one.

Nothing here imports Textual: the app is imported only when it is about to run, in a child
process that this one waits for, to give the terminal back should a signal kill it (tui/crash.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial

from tui.crash import run_guarded
from tui.display import visible
from tui.settings import CorpusError, Settings, resolve
from tui.shell.parser import build_parser

__all__ = ["main"]


NO_TERMINAL = (
    "akhbar: the app needs a terminal, and stdin or stdout is not one "
    "(over ssh, connect with a terminal: ssh -t). Without a terminal, use a command: "
    "akhbar search, show, list, entities, stories or render."
)


def _settings(args: argparse.Namespace, *, warn: bool = True) -> Settings:
    """The settings for this run; with `warn`, config-file warnings go to stderr (the app shows
    them on its screen instead: printed before it starts, they would be hidden until it ends)."""
    settings = resolve(
        getattr(args, "corpus", None),
        getattr(args, "bidi", None),
        bool(getattr(args, "no_shaping", False)),
        follow_links=bool(getattr(args, "follow_links", False)),
        follow=not getattr(args, "no_follow", False),
        trust_folders=bool(getattr(args, "trust_folders", False)),
    )
    for warning in settings.warnings if warn else ():
        print(f"akhbar: config: {visible(warning)}", file=sys.stderr)
    return settings


def _run_app(settings: Settings) -> int:
    """The app itself (Textual is imported here, in the process that runs it)."""
    from tui.app import run_app

    return run_app(settings)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `akhbar` console script."""
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                print(NO_TERMINAL, file=sys.stderr)
                return 2
            return run_guarded(partial(_run_app, _settings(args, warn=False)))
        if args.command == "search" and not args.query and args.batch is None:
            print("akhbar: search: give a query, or --batch FILE", file=sys.stderr)
            return 2
        from tui.shell.commands import run_command

        settings = Settings(corpus=()) if args.command == "render" else _settings(args)
        return run_command(args, settings)
    except CorpusError as error:
        print(f"akhbar: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
