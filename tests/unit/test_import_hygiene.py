"""What each part loads at run time: the core never loads a UI toolkit, the command line never
loads Textual, and nothing heavy loads before the app's first paint. (import-linter checks the
import graph in CI; these check what really lands in sys.modules.)"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import corpus

CORE = sorted(
    name for _, name, _ in pkgutil.walk_packages(corpus.__path__, "corpus.") if not name.startswith("corpus.data")
)


def _loaded(code: str, *modules: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True, text=True, check=True)
    return done.stdout.split()


_IMPORT_ALL = "import importlib, sys; [importlib.import_module(m) for m in sys.argv[1:]]; "


def _culprits(modules: list[str], toolkits: tuple[str, ...]) -> dict[str, list[str]]:
    """Which of `modules` load one of `toolkits`, each checked in a fresh interpreter of its own.

    What one interpreter holds after importing every module is the union of what each one
    imports: checked at once, then module by module only to name the culprits when it fails.
    """
    probe = f"print(*[m for m in sys.modules if m.split('.')[0] in {toolkits!r}])"
    if not _loaded(_IMPORT_ALL + probe, *modules):
        return {}
    found = {module: _loaded(_IMPORT_ALL + probe, module) for module in modules}
    return {module: loaded for module, loaded in found.items() if loaded}


def test_corpus_never_imports_textual_or_rich() -> None:
    assert _culprits(["corpus", *CORE], ("textual", "rich")) == {}


def test_display_engine_and_command_line_never_import_textual() -> None:
    modules = ["tui.display", "tui.settings", "tui.shell", "tui.shell.commands", "tui.command"]
    assert _culprits(modules, ("textual",)) == {}


def test_the_command_and_app_load_no_index_search_or_tagger_before_the_first_paint() -> None:
    code = (
        "import sys, tui.command, tui.app; "
        "print(*[m for m in ('numpy', 'rapidfuzz', 'pycrfsuite', 'corpus.archive') if m in sys.modules])"
    )
    assert _loaded(code) == []
