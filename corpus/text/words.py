"""What a word of an article is, for the entity tagger and the rules around it."""

from __future__ import annotations

import re

__all__ = ["WORD"]

WORD = re.compile(r"[^\s()\[\]{}«»“”\"'.,،؛:;!?؟#@_]+")
"""A word: what lies between spaces and punctuation; # and @ of hashtags and handles are left
out, and a hashtag's underscores part its words (#إيمانويل_ماكرون names إيمانويل ماكرون)."""
