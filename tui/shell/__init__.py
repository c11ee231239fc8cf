"""The shell commands (search, show, list, entities, render): parsing, running, output. No Textual."""

from tui.shell.parser import build_parser

__all__ = ["build_parser"]
