"""The config file is read as the session and cache files are: only a regular file, bounded."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tui.settings import CONFIG_LIMIT, load_config


def _make(path: Path, shape: str) -> None:
    if shape == "fifo":
        os.mkfifo(path)
    elif shape == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif shape == "folder":
        path.mkdir()
    elif shape == "too large":
        with open(path, "wb") as handle:
            handle.write(b'bidi = "app"\n')
            handle.truncate(CONFIG_LIMIT + 1)  # sparse: costs nothing to make


@pytest.mark.parametrize("shape", ["fifo", "link to /dev/zero", "folder", "too large"])
def test_a_config_file_that_is_no_regular_file_of_a_sane_size_is_named_and_ignored(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "config.toml"
    _make(path, shape)
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.append(load_config(path)), daemon=True)
    reader.start()
    reader.join(60)
    assert found, "reading the config waited for ever"
    config = found[0]
    assert config.warnings and str(path) in config.warnings[0]  # type: ignore[attr-defined]


def test_a_regular_config_file_still_applies(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('bidi = "off"\nshaping = false\n', encoding="utf-8")
    config = load_config(path)
    assert not config.warnings and config.shaping is False


def test_a_config_file_linked_from_elsewhere_applies(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("shaping = false\n", encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)  # as dotfile managers (stow) lay configs out
    config = load_config(link)
    assert not config.warnings and config.shaping is False
