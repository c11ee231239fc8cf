"""Where Akhbar keeps its own files: the user's cache, config and state directories, never a corpus."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_state_dir

__all__ = ["cache_dir", "config_dir", "data_dir", "state_dir"]

APP_NAME = "akhbar"


def cache_dir() -> Path:
    """Index snapshots and the entity cache: $XDG_CACHE_HOME/akhbar on Linux."""
    return Path(user_cache_dir(APP_NAME))


def config_dir() -> Path:
    """config.toml: $XDG_CONFIG_HOME/akhbar on Linux."""
    return Path(user_config_dir(APP_NAME))


def state_dir() -> Path:
    """Logs and what a session remembers: $XDG_STATE_HOME/akhbar on Linux."""
    return Path(user_state_dir(APP_NAME))


def data_dir() -> Path:
    """What the user made and keeps per corpus (bookmarks, read marks, history, saved
    searches, where they were): $XDG_DATA_HOME/akhbar on Linux."""
    return Path(user_data_dir(APP_NAME))
