"""User settings from ~/.config/akhbar/config.toml (the platform's config directory)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir

from tui.display import BidiMode

__all__ = ["Settings", "config_path", "load_settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the config file may set; command-line options win over it."""

    bidi: BidiMode = BidiMode.APP
    shaping: bool = True
    theme: str | None = None
    corpus: str | None = None


def config_path() -> Path:
    """Where the config file lives: $XDG_CONFIG_HOME/akhbar/config.toml on Linux."""
    return Path(user_config_dir("akhbar")) / "config.toml"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and a warning when the file exists but cannot be used (defaults then apply)."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(), f"{path}: ignored ({error})"
    try:
        bidi = BidiMode(str(data.get("bidi", "app")))
    except ValueError:
        return Settings(), f"{path}: ignored (bidi must be app, terminal or off)"
    theme = data.get("theme")
    corpus = data.get("corpus")
    return (
        Settings(
            bidi=bidi,
            shaping=bool(data.get("shaping", True)),
            theme=str(theme) if theme else None,
            corpus=str(corpus) if corpus else None,
        ),
        None,
    )
