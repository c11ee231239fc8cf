"""The app's export files: a name of its own for each export, and a clear word when none can be made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tui.app.exporting import export_name, export_path


def test_exports_started_in_one_second_never_share_a_file(tmp_path: Path) -> None:
    names = [export_name(str(tmp_path)) for _ in range(5)]
    assert len(set(names)) == 5
    assert all(Path(name).exists() for name in names)  # each name is taken at once


class _App:
    def __init__(self) -> None:
        self.told: list[str] = []

    def notify(self, message: str, **_: Any) -> None:
        self.told.append(message)


def test_an_export_from_a_folder_that_is_gone_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    os.rmdir(gone)
    with pytest.raises(OSError):
        export_name()
    app = _App()
    assert export_path(app) == ""  # type: ignore[arg-type]
    assert app.told and "current folder" in app.told[0]
