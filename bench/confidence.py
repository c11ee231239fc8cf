"""How far the tagger's confidence can be trusted, and the end-to-end F1 of mentions and of the
entity table, on held-out ANERcorp.

    python -m bench.confidence [--data ../shared/data/anercorp/train.txt] [--model FILE]

As `scripts/train_ner.py` measures: a CRF trained on the first 85% of the file's sentences
(or the one given by --model, trained so before) tags the last 15% joined into text, 20
sentences an "article", through `article_mentions` exactly as the app extracts. It reports
the end-to-end F1 (exact span and type); the same F1 of the mentions the entity table keeps
(every pseudo-article's mentions grouped together by `group_mentions`, as the archive groups
them: what the table rules take away shows here); and, for the mentions at or above
CONFIDENT and below it, how many there are and the share that are right (precision): the
figure behind the "?" mark. Nothing here is part of the test suite; the model is written to --model
(a scratch file by default) and never shipped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from corpus.entities.extract import article_mentions
from corpus.entities.grouping import group_mentions
from corpus.entities.mentions import CONFIDENT, NAME_TYPES, Mention
from corpus.entities.tagger import Tagger
from corpus.models import Doc
from scripts.train_ner import end_to_end, read_conll, score, spans, train

ROOT = Path(__file__).resolve().parent.parent

_APP_TYPES = {"PER": "PERS"}


def confidence_bands(
    tagger: Tagger, sentences: list[tuple[list[str], list[str]]], window: int = 20
) -> dict[str, object]:
    """Mentions (of names) at or above CONFIDENT and below it: how many, and the share that
    are a gold entity with the same span and type."""
    bands = {"confident": [0, 0], "unsure": [0, 0]}
    for first in range(0, len(sentences), window):
        block = sentences[first : first + window]
        where, ends = _word_places(block)
        gold = [spans(tags) for _, tags in block]
        text = "\n".join(" ".join(words) for words, _ in block)
        for mention in article_mentions(text, tagger):
            if mention.type not in NAME_TYPES:
                continue
            band = bands["confident" if mention.confident else "unsure"]
            band[0] += 1
            if mention.start in where and mention.end in ends:
                (s, start), (s_end, last) = where[mention.start], ends[mention.end]
                kind = _APP_TYPES.get(mention.type, mention.type)
                band[1] += s == s_end and (start, last + 1, kind) in gold[s]
    return {
        name: {"mentions": count, "precision": round(100 * right / max(1, count), 1)}
        for name, (count, right) in bands.items()
    }


def _word_places(
    block: list[tuple[list[str], list[str]]],
) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Where each word of a block (its sentences joined by line breaks, words by spaces) starts
    and ends, as offsets → (sentence, word)."""
    where: dict[int, tuple[int, int]] = {}
    ends: dict[int, tuple[int, int]] = {}
    offset = 0
    for s, (words, _) in enumerate(block):
        for w, word in enumerate(words):
            where[offset], ends[offset + len(word)] = (s, w), (s, w)
            offset += len(word) + 1
    return where, ends


def table_tags(tagger: Tagger, sentences: list[tuple[list[str], list[str]]], window: int = 20) -> list[list[str]]:
    """Tags of every word from the mentions the entity table keeps (types as the table gives them)."""
    pairs: list[tuple[Doc, Mention]] = []
    places: list[tuple[int, dict[int, tuple[int, int]], dict[int, tuple[int, int]]]] = []
    for doc, first in enumerate(range(0, len(sentences), window)):
        block = sentences[first : first + window]
        where, ends = _word_places(block)
        places.append((first, where, ends))
        pairs.extend((doc, m) for m in article_mentions("\n".join(" ".join(w) for w, _ in block), tagger))
    tags = [["O"] * len(words) for words, _ in sentences]
    for entity in group_mentions(pairs):
        if entity.type not in NAME_TYPES:
            continue
        for doc, mention in entity.mentions:
            first, where, ends = places[doc]
            if mention.start in where and mention.end in ends:
                (s, start), (s_end, last) = where[mention.start], ends[mention.end]
                kind = _APP_TYPES.get(entity.type, entity.type)
                if s == s_end:
                    tags[first + s][start : last + 1] = [f"B-{kind}"] + [f"I-{kind}"] * (last - start)
    return tags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "anercorp" / "train.txt")
    parser.add_argument("--model", type=Path, default=Path("/tmp/akhbar-heldout.crfsuite"))
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args()
    sentences = read_conll(args.data)
    cut = int(len(sentences) * 0.85)
    train_part, held_out = sentences[:cut], sentences[cut:]
    if not args.model.exists():
        train(train_part, args.model, args.iterations, 0.01, 0.01)
    tagger = Tagger(args.model)
    app = score([tags for _, tags in held_out], end_to_end(tagger, held_out))
    result = {
        "threshold": CONFIDENT,
        "held_out_as_the_app_extracts": app,
        "held_out_as_the_entity_table_keeps": score([tags for _, tags in held_out], table_tags(tagger, held_out)),
        "bands": confidence_bands(tagger, held_out),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
