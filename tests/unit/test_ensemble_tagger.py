"""The ensemble tagger: the neural model's and the CRF's scores added, one Viterbi pass over the sum."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus.entities.choice import TAGGER_ENV, available, tagger_files, tagger_name
from corpus.entities.ensemble import ENSEMBLE_PATH, EnsembleTagger, crf_weight
from corpus.entities.neural import NeuralTagger
from corpus.entities.tagger import Tagger, sentence_features

SENTENCES = [
    ["قال", "الرئيس", "جورج", "بوش", "في", "واشنطن"],
    ["وصل", "محمد", "إلى", "القاهرة"],
    ["بوش", "في", "القاهرة"],
    ["Google"],
]
TAGS = [
    ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC"],
    ["O", "B-PERS", "O", "B-LOC"],
    ["B-PERS", "O", "B-LOC"],
    ["B-ORG"],
]


def _small_models(tmp_path: Path) -> tuple[NeuralTagger, Tagger]:
    """A random neural model and a CRF trained on four sentences (its labels in another order)."""
    torch = pytest.importorskip("torch")
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from scripts.train_neural_ner import LABELS, Net, Settings, export

    torch.manual_seed(5)
    words = ["<unk>", "قال", "الرئيس", "واشنطن", "محمد", "القاهره"]
    vectors = np.random.default_rng(5).standard_normal((len(words), 100)).astype(np.float16).astype(np.float32)
    chars = ["<pad>", "<unk>", *sorted({c for s in SENTENCES for w in s for c in w})]
    net = Net(vectors, len(chars), Settings(hidden=16, filters=8))
    with torch.no_grad():
        for parameter in (net.transitions, net.start, net.end):
            parameter.normal_()
    net.eval()
    export(net, words, chars, tmp_path / "neural.npz")
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, tags in zip(SENTENCES, TAGS, strict=True):
        trainer.append(sentence_features(sentence), tags)
    trainer.append(sentence_features(["و"]), ["I-MISC"])  # every label seen, in an order unlike the network's
    trainer.append(sentence_features(["ب"]), ["B-MISC"])
    trainer.append(sentence_features(["ل", "ك"]), ["B-ORG", "I-ORG"])
    trainer.append(sentence_features(["ف", "ه"]), ["B-LOC", "I-LOC"])
    trainer.append(sentence_features(["س", "ت"]), ["B-PERS", "I-PERS"])
    trainer.set_params({"max_iterations": 30, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "crf.crfsuite"))
    crf = Tagger(tmp_path / "crf.crfsuite")
    assert sorted(crf.crf.labels) == sorted(LABELS) and crf.crf.labels != LABELS
    return NeuralTagger(tmp_path / "neural.npz"), crf


def test_the_path_is_the_best_under_the_summed_scores(tmp_path: Path) -> None:
    neural, crf = _small_models(tmp_path)
    weight = 0.7
    ensemble = EnsembleTagger(neural, crf, weight)
    tags = ensemble.tag_sentences(SENTENCES)
    labels = neural.labels
    neural_scores, _ = neural.emissions(SENTENCES)
    crf_scores, _ = crf.crf.emissions(SENTENCES)
    crf_index = [crf.crf.labels.index(label) for label in labels]
    for i, sentence in enumerate(SENTENCES):
        if len(sentence) > 4:
            continue

        def total(path: tuple[int, ...], i: int = i) -> float:
            crf_path = [crf_index[k] for k in path]
            score = neural.start[path[0]] + neural.end[path[-1]]
            score += sum(
                neural_scores[i, t, k] + weight * crf_scores[i, t, c]
                for t, (k, c) in enumerate(zip(path, crf_path, strict=True))
            )
            for (a, b), (ca, cb) in zip(
                zip(path, path[1:], strict=False), zip(crf_path, crf_path[1:], strict=False), strict=True
            ):
                score += neural.transitions[a, b] + weight * crf.crf.transitions[ca, cb]
            return float(score)

        best = max(np.ndindex(*(len(labels),) * len(sentence)), key=total)
        assert tags[i] == [labels[k] for k in best]
    assert EnsembleTagger(neural, crf, 0.0).tag_sentences(SENTENCES) == neural.tag_sentences(SENTENCES)
    assert ensemble.tag_sentences([[], *SENTENCES]) == [[], *tags]  # empty sentences keep their place
    assert [ensemble.tag(s) for s in SENTENCES] == tags


def test_a_large_weight_gives_the_crfs_tags(tmp_path: Path) -> None:
    neural, crf = _small_models(tmp_path)
    assert EnsembleTagger(neural, crf, 1e4).tag_sentences(SENTENCES) == crf.tag_sentences(SENTENCES)


needs_models = pytest.mark.skipif(not available("ensemble"), reason="no shipped ensemble")


@needs_models
def test_the_shipped_ensemble_is_the_default_and_tags_clear_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TAGGER_ENV, raising=False)
    assert tagger_name() == "ensemble" and ENSEMBLE_PATH in tagger_files()
    assert 0 <= crf_weight() <= 10
    tagger = EnsembleTagger()
    sentences = [
        "قال الرئيس الأمريكي جورج بوش في مؤتمر صحفي في واشنطن إن بلاده ستواصل الحرب".split(),
        "وصل رئيس الوزراء البريطاني توني بلير إلى بغداد أمس في زيارة مفاجئة".split(),
    ]
    tags = tagger.tag_sentences(sentences)
    assert tags[0][3:5] == ["B-PERS", "I-PERS"] and tags[0][9] == "B-LOC"
    assert tags[1][4:6] == ["B-PERS", "I-PERS"] and tags[1][7] == "B-LOC"
    assert tagger.tag_sentences(sentences) == tags  # deterministic


def test_asking_for_a_tagger_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("crf", "neural", "ensemble"):
        monkeypatch.setenv(TAGGER_ENV, name)
        assert tagger_name() == (name if available(name) else "crf")
    monkeypatch.setenv(TAGGER_ENV, "no such tagger")
    assert tagger_name() == "crf"


def test_the_ensemble_gives_each_word_its_label_probabilities() -> None:
    """The confidence the app shows needs them: the tags are the plain tagging's, and each word's
    probabilities over the labels sum to one."""
    if not available("ensemble"):
        pytest.skip("the ensemble's model files are not shipped")
    tagger = EnsembleTagger()
    sentences = [
        ["وصل", "الرئيس", "إيمانويل", "ماكرون", "إلى", "بيروت"],
        ["قال", "المتحدث", "باسم", "الأمم", "المتحدة"],
    ]
    tags, probabilities = tagger.tag_sentences_scored(sentences)
    assert tags == tagger.tag_sentences(sentences)
    for words, rows in zip(sentences, probabilities, strict=True):
        assert rows.shape == (len(words), len(tagger.labels))
        assert np.allclose(rows.sum(axis=1), 1.0, atol=1e-3)


def test_the_crfs_saved_weights_are_crfsuites_own_and_a_stale_copy_is_ignored(tmp_path: Path) -> None:
    """The shipped CRF's weights are read from the arrays saved beside it, exactly as crfsuite
    gives them; once the model changes, the saved arrays (another model's digest) are not used."""
    import shutil

    from corpus.entities.crf import _parsed_weights, _saved_weights_path, export_weights, model_weights
    from corpus.entities.tagger import MODEL_PATH

    assert _saved_weights_path(MODEL_PATH).is_file(), "run export_weights after training (scripts/train_ner.py)"
    assert model_weights(MODEL_PATH) == _parsed_weights(MODEL_PATH)
    pycrfsuite = pytest.importorskip("pycrfsuite")
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence, tags in zip(SENTENCES, TAGS, strict=True):
        trainer.append(sentence_features(sentence), tags)
    model = tmp_path / "crf.crfsuite"
    trainer.train(str(model))
    export_weights(model)
    assert model_weights(model) == _parsed_weights(model)
    saved = _saved_weights_path(model)
    for damage in (saved.read_bytes()[:1000], b"", b"version https://git-lfs.github.com/spec/v1\n"):
        saved.write_bytes(damage)  # cut short, empty, a pointer file: the model itself is read
        assert model_weights(model) == _parsed_weights(model)
    export_weights(model)
    whole = dict(np.load(saved, allow_pickle=False))
    damaged = {
        "state_weights": whole["state_weights"][:-1],  # one short: would raise, or broadcast if cut to one
        "state_labels": whole["state_labels"][:1],
        "state_attributes": whole["state_attributes"] + 10**6,  # attributes that do not exist
        "transitions": np.array([[-1, 0, 1.0]]),  # a label before the first
    }
    for name, value in damaged.items():
        np.savez(saved, **(whole | {name: value}))  # the model's own digest, arrays that do not fit
        assert model_weights(model) == _parsed_weights(model), name
    export_weights(model)
    shutil.copyfile(MODEL_PATH, model)  # another model under the same name: its weights, not the saved ones
    assert model_weights(model) == _parsed_weights(MODEL_PATH)
