"""What long work reports as it goes: the phase it is in, and counts that mean something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Archive
from corpus.storage import reading


class Recorder:
    """A progress callback that listens for phases too (see corpus.report_phase)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, int]] = []
        self.current = ""

    def __call__(self, done: int, total: int) -> None:
        self.events.append((self.current, done, total))

    def phase(self, name: str) -> None:
        if name != self.current:
            self.current = name
            self.events.append((name, 0, -1))

    @property
    def phases(self) -> list[str]:
        return [name for name, _, total in self.events if total == -1]


def _folder(root: Path, count: int) -> Path:
    root.mkdir()
    for n in range(count):
        (root / f"a{n}.txt").write_text(f"خبر رقم {n}\nنص الخبر عن الرياض", encoding="utf-8")
    return root


def test_a_first_build_names_each_phase_and_a_reused_index_only_its_own(tmp_path: Path) -> None:
    corpus, cache = _folder(tmp_path / "corpus", 7), tmp_path / "cache"
    first = Recorder()
    Archive.open([corpus], progress=first, cache_dir=cache)
    assert first.phases == ["finding the files", "reading and indexing", "indexing", "saving the index"]
    counts = [(done, total) for name, done, total in first.events if name == "reading and indexing" and total >= 0]
    assert counts[-1] == (7, 7)  # files, for a folder
    again = Recorder()
    archive = Archive.open([corpus], progress=again, cache_dir=cache)
    assert again.phases == ["finding the files"]  # nothing read, indexed or saved
    entities = Recorder()
    archive.build_entities(progress=entities)
    assert entities.phases[:2] == ["reading saved entities", "tagging entities"]
    assert entities.phases[-2:] == ["grouping entities", "saving entities"]


@pytest.mark.parametrize("records", [1, 999, 2500])
def test_a_single_records_file_counts_its_records_not_its_files(tmp_path: Path, records: int) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = (
        json.dumps({"id": str(n), "title": f"خبر {n}", "text": "نص الخبر"}, ensure_ascii=False) for n in range(records)
    )
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen = Recorder()
    Archive.open([feed], progress=seen, use_snapshot=False)
    counted = [done for name, done, total in seen.events if total == 0]
    every = reading.RECORDS_EVERY
    assert counted == list(range(every, records + 1, every))  # records so far, of a total not known


def test_a_plain_callable_is_only_given_counts(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    Archive.open([_folder(tmp_path / "corpus", 3)], progress=lambda d, t: calls.append((d, t)), use_snapshot=False)
    assert calls[-1] == (3, 3)
