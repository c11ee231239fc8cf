"""Which name tagger the app uses: the feature CRF by default, the neural one (BiLSTM-CRF) on request.

`AKHBAR_TAGGER=neural` (or `crf`) in the environment picks one, for comparing them on the same
archive (bench/entities.py runs both); a tagger whose model file is missing falls back to the
CRF. The default stays the CRF until the neural tagger measures better as the app extracts
(bench/RESULTS.md: on the held-out split they are level, 74.3 and 74.2). The entity cache is
keyed by the chosen tagger and its files (`tagger_files`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from corpus.entities.neural import NEURAL_MODEL_PATH, NeuralTagger
from corpus.entities.tagger import MODEL_PATH, SentenceTagger, Tagger

__all__ = ["TAGGER_ENV", "TAGGERS", "DEFAULT_TAGGER", "tagger_name", "tagger_files", "default_tagger"]

TAGGER_ENV = "AKHBAR_TAGGER"
TAGGERS = {"neural": NEURAL_MODEL_PATH, "crf": MODEL_PATH}
"""Each tagger's model file."""
DEFAULT_TAGGER = "crf"
"""The tagger used unless TAGGER_ENV says otherwise: the one that measured better (bench/RESULTS.md)."""


def tagger_name() -> str:
    """The tagger asked for (TAGGER_ENV, else DEFAULT_TAGGER), or the CRF when its model is missing."""
    asked = os.environ.get(TAGGER_ENV, "").strip().lower() or DEFAULT_TAGGER
    if asked not in TAGGERS or not TAGGERS[asked].exists():
        return "crf"
    return asked


def tagger_files() -> tuple[Path, ...]:
    """The model files the chosen tagger reads."""
    return (TAGGERS[tagger_name()],)


@lru_cache(maxsize=2)
def _loaded(name: str) -> SentenceTagger | None:
    path = TAGGERS[name]
    if not path.exists():
        return None
    return NeuralTagger(path) if name == "neural" else Tagger(path)


def default_tagger() -> SentenceTagger | None:
    """The bundled model chosen, or None when it is missing (rules and gazetteer still work)."""
    return _loaded(tagger_name())
