"""scripts/pseudo_label.py: the articles drawn by a seed, sentences naming nothing kept to their share."""

from __future__ import annotations

from pathlib import Path

from scripts.pseudo_label import balanced, drawn_articles


def test_the_same_seed_draws_the_same_articles(tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"{i:02}.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    first = drawn_articles(tmp_path, 5, seed=3)
    assert first == drawn_articles(tmp_path, 5, seed=3)
    assert len(set(first)) == 5 and all(p.suffix == ".txt" for p in first)
    assert len(drawn_articles(tmp_path, 50, seed=3)) == 20


def test_sentences_naming_nothing_are_cut_to_their_share() -> None:
    named = [(["زار", f"مدينة{i}"], ["O", "B-LOC"]) for i in range(6)]
    empty = [(["قال", f"كلمة{i}"], ["O", "O"]) for i in range(10)]
    sentences = [s for pair in zip(named + empty[:6], empty[6:] + named, strict=False) for s in pair]
    kept = balanced(named + empty, empty_share=0.25, seed=1)
    assert sum(all(t == "O" for t in tags) for _, tags in kept) == 2  # 6 named: 2 of 8 name nothing
    assert [s for s in kept if s in named] == named  # every named one, in order
    assert balanced(sentences, empty_share=1.0, seed=1) == sentences
