"""Which name tagger the app uses: the ensemble of the neural BiLSTM-CRF and the feature CRF by
default, either of them alone on request.

`AKHBAR_TAGGER=neural` (or `crf`, `ensemble`) in the environment picks one, for comparing them on
the same archive (bench/entities.py runs them); a tagger with a model file missing falls back to
the CRF. The default is the one that measured best as the app extracts (bench/RESULTS.md). The
entity cache is keyed by the chosen tagger and its files (`tagger_files`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from corpus.entities.ensemble import ENSEMBLE_PATH, EnsembleTagger
from corpus.entities.neural import NEURAL_MODEL_PATH, NeuralTagger
from corpus.entities.tagger import MODEL_PATH, SentenceTagger, Tagger

__all__ = [
    "TAGGER_ENV",
    "TAGGERS",
    "TAGGER_FILES",
    "DEFAULT_TAGGER",
    "available",
    "tagger_name",
    "tagger_files",
    "default_tagger",
    "forget_tagger",
]

TAGGER_ENV = "AKHBAR_TAGGER"
TAGGER_FILES = {
    "ensemble": (NEURAL_MODEL_PATH, MODEL_PATH, ENSEMBLE_PATH),
    "neural": (NEURAL_MODEL_PATH,),
    "crf": (MODEL_PATH,),
}
"""Each tagger's model files."""
TAGGERS = tuple(TAGGER_FILES)
DEFAULT_TAGGER = "ensemble"
"""The tagger used unless TAGGER_ENV says otherwise: the one that measured better (bench/RESULTS.md)."""


def tagger_name() -> str:
    """The tagger asked for (TAGGER_ENV, else DEFAULT_TAGGER), or the CRF when its model is missing."""
    asked = os.environ.get(TAGGER_ENV, "").strip().lower() or DEFAULT_TAGGER
    if asked not in TAGGER_FILES or not available(asked):
        return "crf"
    return asked


def available(name: str) -> bool:
    """True when every model file of the tagger `name` is there."""
    return all(path.exists() for path in TAGGER_FILES[name])


def tagger_files() -> tuple[Path, ...]:
    """The model files the chosen tagger reads."""
    return TAGGER_FILES[tagger_name()]


@lru_cache(maxsize=3)
def _loaded(name: str) -> SentenceTagger | None:
    if not available(name):
        return None
    if name == "ensemble":
        return EnsembleTagger()
    return NeuralTagger() if name == "neural" else Tagger()


def default_tagger() -> SentenceTagger | None:
    """The bundled model chosen, or None when it is missing (rules and gazetteer still work)."""
    return _loaded(tagger_name())


def forget_tagger() -> None:
    """Drop the loaded models (about 100 MB): a process that has tagged its archive needs them
    again only for an article tagged on its own, which loads them anew."""
    _loaded.cache_clear()
