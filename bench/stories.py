"""Stories on the bench archive: quality on labelled pairs, and what grouping costs.

    python -m bench.stories [--corpus /tmp/akhbar-bench/news69k.jsonl] [--json FILE]

Quality (bench/story_pairs.py says how the pairs are made): pair recall, the share of
positive pairs (one story told by two outlets) that are in one story, and the same-day
false-join rate, the share of random same-day pairs that are, each on the dev half (the
grouping's parameters were chosen on it) and the test half (never looked at while tuning).

Cost, in the same run: the first build of the index in an empty cache (the baseline), then
grouping the stories of that index (MinHash, neighbours, joining, saving) as the app does it
(a helper process; the app's resident memory before and after, the saved copy read back) and
as the shell does (in its own process: time, peak and resident memory added, which counts
the index's memory-mapped pages the grouping reads); reading the saved stories at a later
start; and in follow mode, the time a refresh takes to bring in one
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.story_pairs import negative_pairs, positive_pairs
from corpus import Archive
from corpus.stories.saved import stories_folder
from corpus.stories.similarity import day_numbers


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
    assert archive.generation is not None
    # as the app groups: in a helper process, then the saved copy read back
    before = resident_mb()
    started = time.perf_counter()
    archive.build_stories(separate_process=True)
    figures["app_stories_build_s"] = time.perf_counter() - started
    figures["app_resident_added_mb"] = resident_mb() - before
    # as the shell groups: in its own process (the saved copy removed first), measured there
    shutil.rmtree(stories_folder(archive.generation))
    figures.update(_shell_grouping(corpus, cache))
    reopened = Archive.open([corpus], cache_dir=cache)
    before = resident_mb()
    started = time.perf_counter()
    reopened.build_stories()
    figures["saved_stories_load_s"] = time.perf_counter() - started
    figures["saved_stories_resident_added_mb"] = resident_mb() - before
    del archive, reopened
    figures.update(follow(corpus, work))
    return figures


SHELL_GROUPING = """
import json, resource, sys, time
from pathlib import Path
from corpus import Archive
def resident():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20
archive = Archive.open([sys.argv[1]], cache_dir=Path(sys.argv[2]))
before, peak = resident(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
archive.build_stories()
seconds = time.perf_counter() - started
after_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"shell_stories_build_s": seconds, "shell_peak_added_mb": after_peak - max(peak, before),
                  "shell_resident_added_mb": resident() - before}))
"""


def _shell_grouping(corpus: str, cache: Path) -> dict[str, float]:
    """Grouping as `akhbar stories` does it (in its own process, the saved index reused): time,
    and the memory it adds to that process (the index's mapped pages it reads count)."""
    done = subprocess.run(
        [sys.executable, "-c", SHELL_GROUPING, corpus, str(cache)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
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
