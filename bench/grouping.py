"""The entity grouping's memory as an archive grows: the mentions of a tagged folder, repeated.

    python -m bench.grouping --corpus FOLDER [--cache DIR] [--times 1,4,16] [--drops]

The folder's mentions are taken from its entity cache (tagged first where the cache lacks
them: minutes for the 69k bench), then, for each K, a fresh process groups them repeated K
times, each copy numbered as other articles (the bench's 4x and 16x archives are its own
articles with their paragraphs shuffled, so they name what it names, K times over). Reported
for each: mentions, entities, seconds, the process's RSS before grouping and its peak
(/proc VmHWM), and the peak's growth per mention against K=1. Baseline in the same run: the
same process's peak holding the repeated columns alone. With --drops, the
entity index is then made from the grouping and the common words dropped from it, in place, as
the archive's build does (freed memory given back between, as there; each word's article count
the folder's own, times K): the peak is the whole of it. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:
    from corpus.models import Article


def _status(key: str) -> int:
    """A line of /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) // 1024
    return 0


def save_columns(corpus: str, cache: Path | None, out: Path) -> int:
    """Tag (or read from the cache) every article of `corpus` and pickle its mention columns to
    `out`, and how many articles of it hold each word of its index to `out` + ".words"."""
    import corpus.entities.index as entity_index
    from corpus.archive.service import Archive
    from corpus.entities.grouping import group_columns
    from corpus.entities.table import MentionColumns

    caught: list[int] = []

    def keeping(columns: MentionColumns) -> object:
        out.write_bytes(pickle.dumps(columns))  # before grouping, which joins split names in place
        caught.append(len(columns))
        return group_columns(columns)

    setattr(entity_index, "group_columns", keeping)  # noqa: B010 - the index module's own name, for this run
    archive = Archive.open([corpus], cache_dir=cache)
    index = archive.index
    words = {form: index.frequency(form) for form in index.terms}
    Path(f"{out}.words").write_bytes(pickle.dumps(words))
    entity_index.EntityIndex.build_cached(archive.articles, cache_path=archive.entity_cache_path, processes=2)
    return caught[0]


def group_repeated(path: Path, times: int, group: bool, drops: bool = False) -> dict[str, float]:
    """Group the columns at `path` repeated `times` times (or only hold them, without `group`);
    with `drops`, then make the entity index and drop the common words from it."""
    from corpus.entities.grouping import group_columns
    from corpus.entities.index import EntityIndex
    from corpus.entities.table import COLUMNS, MentionColumns
    from corpus.garbage_collection import give_back_freed_memory

    saved = pickle.loads(path.read_bytes())
    span = max(saved.docs) + 1
    columns = MentionColumns()
    columns.numbers = saved.numbers
    for name in COLUMNS:
        column = getattr(saved, name)
        values = np.frombuffer(column, dtype=np.dtype(column.typecode))
        repeated = (
            np.concatenate([values + k * span for k in range(times)]) if name == "docs" else np.tile(values, times)
        )
        made = array(column.typecode)
        made.frombytes(repeated.astype(values.dtype).tobytes())
        setattr(columns, name, made)
        del repeated
    del saved
    mentions = len(columns)
    words: dict[str, int] = pickle.loads(Path(f"{path}.words").read_bytes()) if drops else {}
    before = _status("VmRSS")
    started = time.perf_counter()
    entities = 0
    if group:
        grouped, table = group_columns(columns)
        del columns
        entities = len(grouped)
        if drops:
            give_back_freed_memory()  # as the archive's build does before the index is made
            articles = cast("Sequence[Article]", _Articles(span * times))  # only its length is read
            index = EntityIndex(grouped, articles, table=table)
            del grouped, table
            index.drop_common_words(lambda form: times * words.get(form, 0), in_place=True)
            entities = len(index.entities)
    return {
        "times": times,
        "mentions": mentions,
        "entities": entities,
        "seconds": round(time.perf_counter() - started, 1),
        "rss_before_mb": before,
        "peak_mb": _status("VmHWM"),
    }


class _Articles:
    """As many articles as the repeated columns name (the index reads only how many)."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--times", default="1,4,16")
    parser.add_argument("--drops", action="store_true", help="also make the index and drop the common words")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # COLUMNS TIMES 0|1|2 (2: with drops): a child's run
    args = parser.parse_args()
    if args.one:
        step = args.one[2]
        print(json.dumps(group_repeated(Path(args.one[0]), int(args.one[1]), step != "0", drops=step == "2")))
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "columns.pickle"
        print(f"mentions of {args.corpus}: {save_columns(args.corpus, args.cache, path):,}", flush=True)
        first = None
        for times in [int(t) for t in args.times.split(",")]:
            rows = {}
            for group in ("0", "2" if args.drops else "1"):
                done = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "bench.grouping",
                        "--corpus",
                        args.corpus,
                        "--one",
                        str(path),
                        str(times),
                        group,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rows[group] = json.loads(done.stdout.splitlines()[-1])
            row, held = rows["2" if args.drops else "1"], rows["0"]
            first = first or row
            extra = (row["peak_mb"] - first["peak_mb"]) * 2**20 / max(1, row["mentions"] - first["mentions"])
            print(
                f"{times:>3}x: {row['mentions']:,} mentions, {row['entities']:,} entities, {row['seconds']} s,"
                f" peak {row['peak_mb']} MB (the columns alone {held['peak_mb']} MB)"
                + (f", {extra:.0f} bytes a mention more than 1x" if row is not first else ""),
                flush=True,
            )


if __name__ == "__main__":
    main()
