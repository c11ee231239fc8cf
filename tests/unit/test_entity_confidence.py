"""How sure the tagger is: CRF label marginals, each mention's confidence, and what keeps it."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from corpus.entities import CONFIDENT, Entity, Mention, article_entities
from corpus.entities.cache import EntityCache
from corpus.entities.crf import label_marginals
from corpus.entities.extract import article_mentions
from corpus.entities.table import pack_entities, percent
from corpus.entities.tagger import MODEL_PATH, Tagger, sentence_features


def _brute_force(
    emissions: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray, length: int
) -> np.ndarray:
    """Label marginals by summing over every label sequence (for checking)."""
    size = emissions.shape[1]
    totals = np.zeros((length, size))
    for path in itertools.product(range(size), repeat=length):
        score = start[path[0]] + end[path[-1]] + sum(emissions[t, path[t]] for t in range(length))
        score += sum(transitions[path[t - 1], path[t]] for t in range(1, length))
        for t in range(length):
            totals[t, path[t]] += np.exp(score)
    marginals: np.ndarray = totals / totals.sum(axis=1, keepdims=True)
    return marginals


def test_label_marginals_are_those_of_every_path_summed() -> None:
    rng = np.random.default_rng(7)
    emissions = rng.normal(scale=3, size=(3, 5, 3)).astype(np.float32)
    transitions = rng.normal(scale=2, size=(3, 3)).astype(np.float32)
    start, end = rng.normal(size=3), rng.normal(size=3)
    lengths = np.array([5, 2, 1])
    found = label_marginals(emissions, lengths, transitions, start, end)
    for i, length in enumerate(lengths.tolist()):
        expected = _brute_force(emissions[i], transitions, start, end, length)
        assert np.allclose(found[i, :length], expected, atol=1e-5)
        assert not found[i, length:].any()  # past the sentence's end: nothing


def test_the_taggers_marginals_are_crfsuites() -> None:
    sentences = [
        "استقبل الملك عبد الله الثاني في عمان وزير الخارجية الياباني".split(),
        "وقالت وكالة الأنباء إن شركة سامسونج افتتحت مصنعا في القاهرة".split(),
    ]
    tagger = Tagger()
    tags, marginals = tagger.tag_sentences_scored(sentences)
    assert tags == tagger.tag_sentences(sentences)
    reference = pycrfsuite.Tagger()
    reference.open(str(MODEL_PATH))
    for words, found in zip(sentences, marginals, strict=True):
        reference.set(sentence_features(words))
        reference.tag()
        for position in range(len(words)):
            for column, label in enumerate(tagger.labels):
                assert found[position, column] == pytest.approx(reference.marginal(label, position), abs=1e-4)


def test_every_mention_has_a_confidence_and_rules_are_sure() -> None:
    text = "قال وزير المالية سامي الحلبي في بيروت إن الدين بلغ 90 مليار دولار في 3 مارس 2024."
    mentions = article_mentions(text)
    assert {"PER", "LOC", "MONEY", "DATE"} <= {m.type for m in mentions}
    for mention in mentions:
        assert 0 <= mention.confidence <= 1
        if mention.type in ("MONEY", "DATE"):
            assert mention.confidence == 1.0
    assert Mention(0, 3, "PER", "سام", confidence=0.2) == Mention(0, 3, "PER", "سام", confidence=0.9)


def test_confident_counts_agree_packed_or_not() -> None:
    values = [0.95, 0.2, 0.9, 0.899, 1.0]
    mentions = [
        (doc, Mention(4 * i, 4 * i + 3, "PER", "سام", confidence=c))
        for i, (doc, c) in enumerate(zip([0, 0, 1, 1, 1], values, strict=True))
    ]
    plain = Entity("سام", "سام", "PER", list(mentions))
    packed = Entity("سام", "سام", "PER", list(mentions))
    pack_entities([packed])
    for entity in (plain, packed):
        assert entity.confident_count == 3 and not entity.unsure
        assert entity.unsure_in(0) is False and entity.unsure_in(1) is False
    doubtful = Entity("ر", "ر", "MISC", [(0, Mention(0, 1, "MISC", "ر", confidence=0.5))] * 3)
    pack_entities([doubtful])
    assert doubtful.unsure and doubtful.unsure_in(0)
    assert [percent(v) for v in values] == [95, 20, 90, 89, 100] and percent(CONFIDENT) == 90


def test_the_cache_keeps_the_confidence_and_misses_rows_of_the_old_shape(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path / "entities.sqlite")
    mentions = [Mention(0, 4, "PER", "سامي", confidence=0.934), Mention(5, 9, "DATE", "2024")]
    cache.put_many([("a", mentions)])
    found = cache.get_many(["a"])["a"]
    assert [m.confidence for m in found] == [0.93, 1.0]
    old = json.dumps([[0, 4, "PER", "سامي", ""]], ensure_ascii=False)
    with cache._db:
        cache._db.execute("INSERT OR REPLACE INTO mentions VALUES (?, ?)", ("b", old))
        cache._db.execute("INSERT OR REPLACE INTO mentions VALUES (?, ?)", ("c", old.replace('""]', '"", 101]')))
    assert set(cache.get_many(["a", "b", "c"])) == {"a"}
    cache.close()


def test_an_article_entity_carries_its_mentions_confidence() -> None:
    entities = article_entities("التقى سامي الحلبي في بيروت نظيره. وقال الحلبي إن بيروت تنتظر.")
    for entity in entities:
        assert entity.confident_count == sum(1 for _, m in entity.mentions if m.confidence >= CONFIDENT)
        assert entity.to_json(["x"])["confident_mentions"] == entity.confident_count


def test_a_place_the_gazetteer_knows_by_all_its_words_is_sure() -> None:
    """مكة المكرمة: the tagger's data names the city مكة and leaves المكرمة out, so the tagger is
    unsure of the whole; the gazetteer knows it by both words."""
    from corpus.entities.extract import _as_sure_as_the_name

    mentions = [
        Mention(0, 11, "LOC", "مكة المكرمة", confidence=0.1),
        Mention(20, 32, "LOC", "بمكة المكرمة", confidence=0.2),
    ]
    mentions.append(Mention(40, 45, "LOC", "مكة", confidence=0.3))  # one word: as the tagger said
    assert [m.confidence for m in _as_sure_as_the_name(mentions)] == [1.0, 1.0, 0.3]
