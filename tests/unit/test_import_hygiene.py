"""The core and the display engine never import the UI toolkits."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["corpus", "corpus.load", "corpus.text.normalize", "corpus.search.index", "corpus.search.ranking", "corpus.search.query"]


@pytest.mark.parametrize("module", CORE)
def test_corpus_never_imports_textual_or_rich(module: str) -> None:
    code = f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; print(bad)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_display_engine_never_imports_textual() -> None:
    code = "import sys, tui.display; print([m for m in sys.modules if m.split('.')[0] == 'textual'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_cli_commands_do_not_load_textual() -> None:
    code = "import sys, tui.shell.main; print([m for m in sys.modules if m.split('.')[0] == 'textual'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
