"""The `akhbar` command line: argument parsing, the shell commands and their output. No Textual."""

from tui.shell.main import build_parser, main

__all__ = ["build_parser", "main"]
