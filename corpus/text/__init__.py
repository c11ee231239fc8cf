"""Text: decoding files, Arabic normalization and clitics, titles and metadata, site furniture."""

from corpus.text.boilerplate import Paragraph, boilerplate_start, paragraphs
from corpus.text.decode import Decoded, UndecodableError, decode_bytes
from corpus.text.headline import METADATA_LABELS, metadata_from_text, sortable_date, title_from_text
from corpus.text.normalization import TOKEN_PATTERN, normalize, tokenize

__all__ = [
    "Decoded",
    "METADATA_LABELS",
    "Paragraph",
    "TOKEN_PATTERN",
    "UndecodableError",
    "boilerplate_start",
    "decode_bytes",
    "metadata_from_text",
    "normalize",
    "paragraphs",
    "sortable_date",
    "title_from_text",
    "tokenize",
]
