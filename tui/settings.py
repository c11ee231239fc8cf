"""Settings and which source wins: command line, then environment, then config file, then defaults.

The shell commands and the app both call `resolve`, so `corpus = …` in config.toml reaches
`akhbar search` as it reaches the app. A config value that cannot be used is named, and the
file's other keys still apply.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus import AkhbarError, config_dir, default_corpus_path, read_regular_file
from tui.display import BidiMode, DisplayOptions, visible

__all__ = ["ENV_CORPUS", "Config", "CorpusError", "Settings", "config_path", "load_config", "resolve"]

ENV_CORPUS = "AKHBAR_CORPUS"
"""Corpus paths, separated by `:`, when no --corpus is given."""


class CorpusError(AkhbarError):
    """The corpus cannot be opened: a missing path, or nothing loadable in it."""


@dataclass(frozen=True, slots=True)
class Config:
    """What the config file set (None: not set), and a warning a line for each value it could not use."""

    bidi: BidiMode | None = None
    shaping: bool | None = None
    theme: str | None = None
    corpus: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings in force once every source has had its say."""

    corpus: tuple[Path, ...]
    bidi: BidiMode = BidiMode.APP
    """The app's bidi mode; shell commands use it on a terminal and `off` in a pipe, unless told."""
    bidi_given: bool = False
    """True when --bidi or the config file chose the mode."""
    shaping: bool = True
    theme: str | None = None
    follow_links: bool = False
    """Follow symbolic links out of the corpus folders too (-L)."""
    follow: bool = True
    """Watch the corpus while the app runs and index what arrives (off with --no-follow)."""
    trust_folders: bool = False
    """Shell commands take the saved index without a look at every file when no folder changed
    (--trust-folders; the app shows the saved index at once, then looks at every file)."""
    warnings: tuple[str, ...] = field(default=())

    def display_options(self, *, terminal: bool = True) -> DisplayOptions:
        """How to show text: the chosen mode, or for a pipe with no mode chosen, raw text."""
        mode = self.bidi if terminal or self.bidi_given else BidiMode.OFF
        return DisplayOptions(mode, shaping=self.shaping)


CONFIG_LIMIT = 1024 * 1024
"""Bytes of the config file read at most: only a regular file is read (a FIFO or a link to
/dev/zero in its place is named and ignored, never waited on nor read for ever)."""


def config_path() -> Path:
    """Where the config file lives: $XDG_CONFIG_HOME/akhbar/config.toml on Linux."""
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config file's settings; a missing file is no settings, an unreadable one a warning."""
    path = path or config_path()
    try:
        data = tomllib.loads(read_regular_file(path, CONFIG_LIMIT, follow_links=True).decode("utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(warnings=(f"{path}: ignored ({error})",))
    warnings: list[str] = []

    def bad(key: str, expected: str) -> None:
        warnings.append(f"{path}: {key} = {data[key]!r} ignored ({expected})")

    bidi = None
    if "bidi" in data:
        try:
            bidi = BidiMode(str(data["bidi"]))
        except ValueError:
            bad("bidi", "app, terminal or off")
    shaping = data.get("shaping")
    if shaping is not None and not isinstance(shaping, bool):
        bad("shaping", "true or false")
        shaping = None
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        bad("theme", "a theme name")
        theme = None
    corpus = data.get("corpus")
    paths: tuple[str, ...] = ()
    if isinstance(corpus, str) and corpus:
        paths = (corpus,)
    elif isinstance(corpus, list) and corpus and all(isinstance(p, str) and p for p in corpus):
        paths = tuple(corpus)
    elif corpus is not None:
        bad("corpus", "a path or a list of paths")
    for key in sorted(set(data) - {"bidi", "shaping", "theme", "corpus"}):
        warnings.append(f"{path}: unknown setting {key!r} ignored")
    return Config(bidi, shaping, theme or None, paths, tuple(warnings))


def resolve(
    corpus: Sequence[str] | None = None,
    bidi: str | None = None,
    no_shaping: bool = False,
    *,
    follow_links: bool = False,
    follow: bool = True,
    trust_folders: bool = False,
    environ: Mapping[str, str] = os.environ,
    config: Config | None = None,
) -> Settings:
    """The settings from the command line's values, the environment and the config file, in that order.

    Raises CorpusError when a corpus path does not exist or is empty.
    """
    config = config if config is not None else load_config()
    if corpus and any(not p for p in corpus):  # --corpus "$UNSET": not the current folder, unsaid
        raise CorpusError('an empty corpus path was given (--corpus "")')
    if corpus:
        chosen = [Path(p).expanduser() for p in corpus]
    elif environ.get(ENV_CORPUS):
        chosen = [Path(p).expanduser() for p in environ[ENV_CORPUS].split(os.pathsep) if p]
    elif config.corpus:
        chosen = [Path(p).expanduser() for p in config.corpus]
    else:
        chosen = [default_corpus_path()]
    for path in chosen:
        if not path.exists():
            raise CorpusError(f"no such file or folder: {visible(str(path))}")
    mode = BidiMode(bidi) if bidi else config.bidi
    shaping = (config.shaping if config.shaping is not None else True) and not no_shaping
    return Settings(
        corpus=tuple(chosen),
        bidi=mode or BidiMode.APP,
        bidi_given=mode is not None,
        shaping=shaping,
        theme=config.theme,
        follow_links=follow_links,
        follow=follow,
        trust_folders=trust_folders,
        warnings=config.warnings,
    )
