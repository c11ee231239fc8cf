"""The archive service (`service.Archive`) and how its index is opened and saved (`opening`)."""

from corpus.archive.opening import RESIDENT_BYTES
from corpus.archive.service import HELPER_MIN_WORDS, Archive, Refreshed

__all__ = ["HELPER_MIN_WORDS", "RESIDENT_BYTES", "Archive", "Refreshed"]
