"""The app's export files: a name of its own for each export, and a clear word when none can be made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tui.app.exporting import TOAST_FRAME, export_name, export_path, shown_path


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


def test_a_notice_names_an_export_here_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown_path(str(tmp_path / "akhbar-20261207-141556.csv"), 80) == "./akhbar-20261207-141556.csv"


def test_a_long_path_in_a_notice_breaks_after_a_slash_never_inside_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = "/srv/newsroom/exports/december/akhbar-20261207-141556.csv"
    lines = shown_path(path, 80).split("\n")
    assert len(lines) > 1 and "".join(lines) == path
    assert all(len(line) <= 40 - TOAST_FRAME for line in lines)
    assert all(line.startswith("/") for line in lines)  # each line starts a folder's or the file's name
    assert shown_path(path, 100) == "/srv/newsroom/exports/december\n/akhbar-20261207-141556.csv"
    assert shown_path(path, 200) == path  # a notice 60 wide holds it


def test_a_path_with_a_control_in_a_notice_shows_it_harmless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shown = shown_path("/srv/a\x1b[2Jb/\nx.csv", 80)
    assert "\x1b" not in shown and shown.count("\n") <= 1


def test_a_notice_names_the_path_whole_when_the_current_folder_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    os.rmdir(gone)
    assert shown_path("/srv/x.csv", 80) == "/srv/x.csv"


def test_an_export_into_the_temporary_folder_is_its_owners_alone(tmp_path: Path) -> None:
    """Where the current folder and the home folder are in the corpus, an export goes to /tmp:
    made readable by every user of a shared server (0644); by its owner alone now."""
    import stat
    import tempfile

    made = Path(export_name(tempfile.gettempdir()))
    try:
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
    finally:
        made.unlink()
    elsewhere = Path(export_name(str(tmp_path)))
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
