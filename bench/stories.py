"""Stories on the bench archive: quality on labelled pairs, and what grouping costs.

    python bench/stories.py [--corpus /tmp/akhbar-bench/news69k.jsonl] [--json FILE]

Quality (bench/story_pairs.py says how the pairs are made): pair recall, the share of
positive pairs (one story told by two outlets) that are in one story, and the same-day
false-join rate, the share of random same-day pairs that are, each on the dev half (the
grouping's parameters were chosen on it) and the test half (never looked at while tuning).

Cost, in the same run: the first build of the index in an empty cache (the baseline), then
grouping the stories of that index (MinHash, neighbours, joining, saving); the resident
memory the grouping adds (peak while grouping, and after, with the saved stories read back
in place of the built ones); and in follow mode, the time a refresh takes to bring in one
added file holding a reprint of an archived article, with and without stories, and whether
that article joined its original's story.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.story_pairs import negative_pairs, positive_pairs  # noqa: E402
from corpus import Archive  # noqa: E402
from corpus.stories.similarity import day_numbers  # noqa: E402


def resident_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quality(archive: Archive) -> dict[str, dict[str, float]]:
    stories = archive.build_stories()
    labels = np.asarray(stories.story_of)
    days = day_numbers(archive.index)
    found: dict[str, dict[str, float]] = {}
    sets = positive_pairs(archive, days, random.Random(27)) + negative_pairs(archive, days, random.Random(28))
    for pairs in sets:
        row: dict[str, float] = {}
        for half in ("dev", "test"):
            chosen = np.array(getattr(pairs, half), dtype=np.int64).reshape(-1, 2)
            if len(chosen):
                row[half] = float((labels[chosen[:, 0]] == labels[chosen[:, 1]]).mean())
                row[f"{half}_pairs"] = len(chosen)
        found[pairs.kind] = row
    return found


def cost(corpus: str, work: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    cache = work / "cache"
    started = time.perf_counter()
    archive = Archive.open([corpus], cache_dir=cache)
    figures["index_build_s"] = time.perf_counter() - started
    before, peak_before = resident_mb(), peak_mb()
    started = time.perf_counter()
    archive.build_stories()
    figures["stories_build_s"] = time.perf_counter() - started
    figures["stories_peak_added_mb"] = max(0.0, peak_mb() - max(peak_before, before))
    figures["stories_resident_added_mb"] = resident_mb() - before
    reopened = Archive.open([corpus], cache_dir=cache)
    before = resident_mb()
    started = time.perf_counter()
    loaded = reopened.build_stories()
    figures["stories_load_s"] = time.perf_counter() - started
    figures["stories_load_resident_added_mb"] = resident_mb() - before
    del archive, loaded, reopened
    figures.update(follow(corpus, work))
    return figures


def follow(corpus: str, work: Path) -> dict[str, float]:
    """A refresh bringing in one added file, with stories and without (the baseline)."""
    folder = work / "followed"
    folder.mkdir()
    shutil.copy(corpus, folder / "news.jsonl")
    with open(corpus, encoding="utf-8") as handle:
        original = json.loads(next(line for number, line in enumerate(handle) if number == 1000))
    figures: dict[str, float] = {}
    for with_stories in (False, True):
        cache = work / f"follow-cache-{with_stories}"
        archive = Archive.open([str(folder)], cache_dir=cache)
        if with_stories:
            archive.build_stories()
        added = folder / f"added-{with_stories}.jsonl"
        reprint = {**original, "id": f"reprint-{with_stories}", "source": "bench:reprint"}
        added.write_text(json.dumps(reprint, ensure_ascii=False) + "\n", encoding="utf-8")
        started = time.perf_counter()
        archive.refresh()
        figures[f"follow_refresh_{'stories' if with_stories else 'baseline'}_s"] = time.perf_counter() - started
        added.unlink()
        if with_stories:
            assert archive.stories is not None
            doc, source = archive.find(f"reprint-{with_stories}"), archive.find(original["id"])
            joined = (
                doc is not None
                and source is not None
                and archive.stories.story_of[doc] == archive.stories.story_of[source]
            )
            figures["follow_reprint_joined"] = float(joined)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="/tmp/akhbar-bench/news69k.jsonl")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="akhbar-stories-") as temporary:
        work = Path(temporary)
        figures = cost(args.corpus, work)
        archive = Archive.open([args.corpus], cache_dir=work / "cache")
        found = quality(archive)
    print(f"load: {os.getloadavg()}")
    for name, value in figures.items():
        print(f"{name:36} {value:10.2f}")
    for kind, row in found.items():
        shown = "  ".join(
            f"{half} {row[half]:.3f} ({row[f'{half}_pairs']} pairs)" for half in ("dev", "test") if half in row
        )
        print(f"{kind:36} {shown}")
    if args.json:
        Path(args.json).write_text(json.dumps({"cost": figures, "quality": found}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
