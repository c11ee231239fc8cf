"""What each part loads at run time: the core never loads a UI toolkit, the command line never
loads Textual, and nothing heavy loads before the app's first paint. (import-linter checks the
import graph in CI; these check what really lands in sys.modules.)"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import corpus

CORE = sorted(
    name for _, name, _ in pkgutil.walk_packages(corpus.__path__, "corpus.") if not name.startswith("corpus.data")
)


def _loaded(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.parametrize("module", ["corpus", *CORE])
def test_corpus_never_imports_textual_or_rich(module: str) -> None:
    code = f"import sys, {module}; print(*[m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')])"
    assert _loaded(code) == []


@pytest.mark.parametrize("module", ["tui.display", "tui.settings", "tui.shell", "tui.shell.commands", "tui.command"])
def test_display_engine_and_command_line_never_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(*[m for m in sys.modules if m.split('.')[0] == 'textual'])"
    assert _loaded(code) == []


def test_the_command_and_app_load_no_index_search_or_tagger_before_the_first_paint() -> None:
    code = (
        "import sys, tui.command, tui.app; "
        "print(*[m for m in ('numpy', 'rapidfuzz', 'pycrfsuite', 'corpus.archive') if m in sys.modules])"
    )
    assert _loaded(code) == []
