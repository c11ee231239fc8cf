"""The neural tagger: numpy inference equals PyTorch's forward pass, and the shipped model tags clear sentences."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from corpus.entities.extract import article_mentions, articles_mentions, tagger_tokens
from corpus.entities.neural import NEURAL_MODEL_PATH, NeuralTagger

SENTENCES = [
    ["قال", "الرئيس", "الأمريكي", "جورج", "بوش", "في", "واشنطن", "إن", "الأمم", "المتحدة", "ستجتمع"],
    ["وصل", "محمد", "إلى", "القاهرة"],
    ["Google"],
    ["أعلنت", "شركة", "تويوتا", "اليابانية", "عن", "أرباحها", "في", "طوكيو", "وبكين", "أمس", "الأول", "2024"],
]


def test_numpy_forward_equals_pytorch(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from scripts.train_neural_ner import LABELS, Inputs, Net, Settings, export, padded

    torch.manual_seed(3)
    rng = np.random.default_rng(3)
    words = ["<unk>", "قال", "الرئيس", "واشنطن", "محمد", "القاهره"]
    vectors = rng.standard_normal((len(words), 100)).astype(np.float16).astype(np.float32)
    chars = ["<pad>", "<unk>", *sorted({c for s in SENTENCES for w in s for c in w})[:-3]]  # a few unknown
    data = [(s, ["O"] * len(s)) for s in SENTENCES]
    net = Net(vectors, len(chars), Settings(hidden=24, filters=16, tune_words=0.001, word_dropout=0.5))
    with torch.no_grad():  # CRF scores away from zero, so Viterbi has something to decide
        for parameter in (net.transitions, net.start, net.end):
            parameter.normal_()
        assert net.tuned is not None
        # a trained correction to the word vectors is exported added to them (float16 sums, as shipped)
        tuned = (vectors + rng.normal(0, 0.1, vectors.shape)).astype(np.float16).astype(np.float32)
        net.tuned.weight.copy_(torch.tensor(tuned - vectors))
    net.eval()
    export(net, words, chars, tmp_path / "model.npz")
    tagger = NeuralTagger(tmp_path / "model.npz")
    inputs = Inputs(words, chars, data)
    tokens, _, _, lengths = padded(inputs, data)
    with torch.no_grad():
        expected = net.emissions(inputs, tokens, lengths).numpy()
    got, got_lengths = tagger.emissions(SENTENCES)
    assert list(got_lengths) == [len(s) for s in SENTENCES]
    for i, sentence in enumerate(SENTENCES):
        np.testing.assert_allclose(got[i, : len(sentence)], expected[i, : len(sentence)], rtol=1e-4, atol=1e-4)
    # Viterbi: numpy's path scores the best of every labelling (brute force on the short sentences)
    tags = tagger.tag_sentences(SENTENCES)
    for sentence, sentence_tags, emissions in zip(SENTENCES, tags, got, strict=True):
        if len(sentence) > 4:
            continue
        best = max(
            np.ndindex(*(len(LABELS),) * len(sentence)),
            key=lambda path: _path_score(net, emissions, path),
        )
        assert sentence_tags == [LABELS[k] for k in best]


def _path_score(net: object, emissions: np.ndarray, path: tuple[int, ...]) -> float:
    start = net.start.detach().numpy()  # type: ignore[attr-defined]
    end = net.end.detach().numpy()  # type: ignore[attr-defined]
    transitions = net.transitions.detach().numpy()  # type: ignore[attr-defined]
    total = start[path[0]] + end[path[-1]] + sum(emissions[t, k] for t, k in enumerate(path))
    return float(total + sum(transitions[a, b] for a, b in zip(path, path[1:], strict=False)))


needs_model = pytest.mark.skipif(not NEURAL_MODEL_PATH.exists(), reason="no shipped neural model")


@needs_model
def test_shipped_model_tags_clear_sentences() -> None:
    tagger = NeuralTagger()
    sentences = [
        "قال الرئيس الأمريكي جورج بوش في مؤتمر صحفي في واشنطن إن بلاده ستواصل الحرب".split(),
        "وصل رئيس الوزراء البريطاني توني بلير إلى بغداد أمس في زيارة مفاجئة".split(),
        "وأعلنت منظمة الصحة العالمية في جنيف عن حالات جديدة".split(),
    ]
    tags = tagger.tag_sentences(sentences)
    spans = [
        {
            (" ".join(words[i : j + 1]), t[2:])
            for i, t in enumerate(sentence_tags)
            if t.startswith("B-")
            for j in [_end(sentence_tags, i)]
        }  # fmt: skip
        for words, sentence_tags in zip(sentences, tags, strict=True)
    ]
    assert ("جورج بوش", "PERS") in spans[0] and ("واشنطن", "LOC") in spans[0]
    assert ("توني بلير", "PERS") in spans[1] and ("بغداد", "LOC") in spans[1]
    assert ("جنيف", "LOC") in spans[2]
    assert any(kind == "ORG" and "الصحة" in name for name, kind in spans[2])
    assert tagger.tag_sentences(sentences) == tags  # deterministic, and batching changes nothing
    assert [tagger.tag(words) for words in sentences] == tags


def _end(tags: list[str], start: int) -> int:
    end = start
    while end + 1 < len(tags) and tags[end + 1] == "I-" + tags[start][2:]:
        end += 1
    return end


@needs_model
def test_extraction_with_the_neural_tagger_end_to_end() -> None:
    text = "قال الرئيس الأمريكي جورج بوش في واشنطن إن القوات ستبقى.\nوقال بوش إن الحرب لن تطول."
    mentions = article_mentions(text, NeuralTagger())
    found = {(m.type, m.text) for m in mentions}
    assert ("PER", "جورج بوش") in found
    assert ("LOC", "واشنطن") in found
    assert ("PER", "بوش") in found  # the surname, tagged again by the consistency pass
    for m in mentions:
        assert text[m.start : m.end] == m.text


class _ListTagger:
    """A tagger that tags given words, and remembers the tokens it was given."""

    def __init__(self, tags: dict[str, str]) -> None:
        self.tags = tags
        self.seen: list[list[str]] = []

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        self.seen.extend(list(s) for s in sentences)
        return [[self.tags.get(w, "O") for w in s] for s in sentences]


def test_the_tagger_reads_punctuation_as_tokens_and_names_never_merge_across_it() -> None:
    tagger = _ListTagger({"برشلونة": "B-ORG", "إسبانيا": "B-LOC"})
    text = "فاز برشلونة (إسبانيا) على ضيفه"
    mentions = article_mentions(text, tagger)
    assert tagger.seen == [["فاز", "برشلونة", "(", "إسبانيا", ")", "على", "ضيفه"]]
    assert {(m.type, m.text) for m in mentions} == {("ORG", "برشلونة"), ("LOC", "إسبانيا")}


def test_tagger_tokens_are_the_sentences_the_tagger_reads() -> None:
    tagger = _ListTagger({})
    text = "فاز برشلونة (إسبانيا) على ضيفه. وقال المدرب: «سنعود»"
    article_mentions(text, tagger)
    assert tagger_tokens(text) == tagger.seen
    assert tagger.seen[1] == ["وقال", "المدرب", ":", "«", "سنعود"]


def test_an_amount_never_hides_a_name_the_tagger_found() -> None:
    tagger = _ListTagger({"دولارا": "B-MISC"})
    found = {(m.type, m.text) for m in article_mentions("بلغ سعر البرميل 60 دولارا أمس", tagger)}
    assert ("MONEY", "60 دولارا") in found and ("MISC", "دولارا") in found


def test_articles_tagged_together_give_what_each_gives_alone() -> None:
    tagger = _ListTagger({"بوش": "B-PERS", "واشنطن": "B-LOC"})
    texts = ["قال بوش في واشنطن.", "", "وصل الوفد إلى واشنطن، ثم غادر."]
    assert articles_mentions(texts, tagger) == [article_mentions(t, tagger) for t in texts]


def test_a_pseudo_sentence_weighs_in_the_loss_as_told() -> None:
    torch = pytest.importorskip("torch")
    from scripts.train_neural_ner import Inputs, Net, Settings, padded

    torch.manual_seed(1)
    words = ["<unk>", "وصل", "محمد", "إلى", "القاهره"]
    vectors = np.random.default_rng(1).standard_normal((len(words), 100)).astype(np.float32)
    chars = ["<pad>", "<unk>", *sorted({c for s in SENTENCES for w in s for c in w})]
    data = [(SENTENCES[1], ["O", "B-PERS", "O", "B-LOC"]), (SENTENCES[0], ["O"] * len(SENTENCES[0]))]
    net = Net(vectors, len(chars), Settings(hidden=8, filters=4)).eval()
    inputs = Inputs(words, chars, data)
    tokens, labels, mask, lengths = padded(inputs, data)
    with torch.no_grad():
        emissions = net.emissions(inputs, tokens, lengths)
        both = net.loss(emissions, labels, mask)
        assert torch.allclose(net.loss(emissions, labels, mask, torch.ones(2)), both)
        first = net.loss(emissions[:1], labels[:1], mask[:1, :])
        half = net.loss(emissions, labels, mask, torch.tensor([1.0, 0.5]))
        assert torch.allclose(half, first + 0.5 * (both - first))
