"""Growth: archives k times the bench, made from the bench's own articles, measured in one run.

    python -m bench.scale [--sizes 1,4,16] [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE]

An archive of size k is the 69k folder (hard links) plus k - 1 copies of each article with its
paragraphs shuffled (seeded) under new file names, so new ids and new postings, the same
language; it is written once under the work folder (about 340 MB a copy). For each size, from a
fresh cache, with the command line as a journalist runs it: the cold build (`akhbar index
--no-entities`: wall time and peak memory), the first search after it (which groups the
stories: wall time and peak memory), the unchanged start (every file looked at, and with
--trust-folders, as the app starts) and the start after adding 1 and then 100 files
(`akhbar search --limit 1`, each in a fresh process; what the first wrote and what it linked
from the generation before, and the start after it), the start after deleting those 101 files
(the tail made again: every one of them was added since the last whole merge), the start after
deleting one article of the base and then after changing another (each goes into the base's
deletion list: what each wrote, and the queries' p50 and p95 then), the 54 queries of
bench/queries.txt (`search --batch`: p50 and p95 of their elapsed_ms) and the saved index on
disk; with --sessions N (default 10; 0 leaves them out), the first tagging (`akhbar index`, both
cores: its articles a second) and then N real app sessions in tmux at 80x24 started together
on the archive (bench/archive.py's session_figures: once each shows its entities, their PSS
summed and the median session's private memory); then each figure's growth from the smallest
size (the exponent b of size^b).
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from bench.archive import session_figures
from bench.run import ROOT, bench_parser, prepare, timed

QUERIES = ROOT / "bench" / "queries.txt"
PROBE = "الحكومة"


def _archive(folder: Path, size: int, work: Path) -> Path:
    """The bench folder with size - 1 shuffled copies of each article beside it (made once)."""
    target = work / f"scale-x{size}"
    done = target / ".complete"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    rng = random.Random(size)
    for path in sorted(folder.iterdir()):
        os.link(path, target / path.name)
        if size == 1:
            continue
        title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
        paragraphs = [p for p in body.split("\n") if p.strip()]
        for copy in range(1, size):
            rng.shuffle(paragraphs)
            (target / f"c{copy}-{path.name}").write_text(title + "\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    done.touch()
    return target


def _akhbar(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def _search(corpus: Path, *options: str) -> list[str]:
    return _akhbar("search", *options, "--corpus", str(corpus), "--limit", "1", "--json", PROBE)


def _start(corpus: Path, env: dict[str, str], *options: str) -> float:
    wall, _, _, _ = timed(_search(corpus, *options), env)
    return round(wall, 2)


def _add(corpus: Path, count: int, tag: str) -> None:
    for n in range(count):
        text = f"خبر جديد {tag} {n}\nقال وزير الخارجية إن المفاوضات مستمرة في جنيف {tag} {n}.\n"
        (corpus / f"zz-{tag}-{n}.txt").write_text(text, encoding="utf-8")


def _remove_added(corpus: Path) -> None:
    for path in corpus.glob("zz-*.txt"):
        path.unlink()


def _queries(corpus: Path, env: dict[str, str]) -> tuple[float, float]:
    done = subprocess.run(
        _akhbar("search", "--corpus", str(corpus), "--batch", str(QUERIES)),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    elapsed = [json.loads(line)["elapsed_ms"] for line in done.stdout.splitlines() if line.strip()]
    return round(float(np.percentile(elapsed, 50)), 1), round(float(np.percentile(elapsed, 95)), 1)


def _disk(folder: Path) -> int:
    """MB on disk under `folder`, each file once however many links it has."""
    seen = {(s.st_dev, s.st_ino): s.st_size for p in folder.rglob("*") if p.is_file() for s in [p.stat()]}
    return sum(seen.values()) // (1024 * 1024)


def _written_and_linked(cache: Path) -> tuple[float, float]:
    """MB of the current generation written by the start that made it, and MB linked from the
    generation before (the base of a segmented index, corpus.search.segmented)."""
    (pointer,) = cache.glob("akhbar/index/*/current")
    folder = pointer.parent / pointer.read_text().strip()
    files = [p.stat() for p in folder.rglob("*") if p.is_file()]
    written = sum(s.st_size for s in files if s.st_nlink == 1)
    linked = sum(s.st_size for s in files if s.st_nlink > 1)
    return round(written / 1e6, 1), round(linked / 1e6, 1)


def _base_changes(corpus: Path, env: dict[str, str], cache: Path) -> dict[str, float]:
    """The start after one article of the archive's base is deleted, then after another is
    changed (a correction: its file replaced, so a hard-linked bench file is never written),
    and what each wrote; both files are put back as they were after."""
    first, second = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[:2]
    kept = corpus.parent / f".{corpus.name}-kept"
    kept.mkdir(exist_ok=True)
    for path in (first, second):
        (kept / path.name).unlink(missing_ok=True)
    figures: dict[str, float] = {}
    try:
        os.link(first, kept / first.name)  # a link changes the file's inode time: taken just before it goes
        first.unlink()
        figures["start_after_1_base_file_deleted_s"] = _start(corpus, env)
        figures["written_for_base_deletion_mb"], _ = _written_and_linked(cache)
        os.link(second, kept / second.name)
        corrected = corpus / f".{second.name}.new"
        corrected.write_text(second.read_text(encoding="utf-8") + "\nتصحيح: ورد في نسخة سابقة خطأ.\n", encoding="utf-8")
        os.replace(corrected, second)
        figures["start_after_1_base_file_changed_s"] = _start(corpus, env)
        figures["written_for_base_change_mb"], _ = _written_and_linked(cache)
        figures["query_p50_with_deletions_ms"], figures["query_p95_with_deletions_ms"] = _queries(corpus, env)
    finally:
        for path in (first, second):
            if (kept / path.name).exists():
                os.replace(kept / path.name, path)
        shutil.rmtree(kept, ignore_errors=True)
    return figures


def measure(corpus: Path, sessions: int) -> dict[str, float]:
    """One archive's figures, from a fresh cache."""
    cache = Path(tempfile.mkdtemp(prefix="akhbar-scale-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    _remove_added(corpus)
    try:
        articles = sum(1 for p in corpus.iterdir() if p.suffix == ".txt")
        wall, peak, cpu, _ = timed(_akhbar("index", str(corpus), "--no-entities"), env)
        figures: dict[str, float] = {"articles": articles, "cold_build_s": round(wall, 1), "cold_build_peak_mb": peak}
        figures["cold_build_cpu_s"] = round(cpu, 1)
        wall, peak, _, _ = timed(_search(corpus), env)  # the first search groups the stories
        figures["first_search_s"], figures["first_search_peak_mb"] = round(wall, 1), peak
        figures["unchanged_start_s"] = min(_start(corpus, env), _start(corpus, env))
        trusting = min(_start(corpus, env, "--trust-folders"), _start(corpus, env, "--trust-folders"))
        figures["unchanged_start_trusting_folders_s"] = trusting  # as the app starts
        _add(corpus, 1, "one")
        figures["start_after_1_file_s"] = _start(corpus, env)
        figures["written_for_1_file_mb"], figures["linked_for_1_file_mb"] = _written_and_linked(cache)
        figures["start_after_that_s"] = _start(corpus, env)
        _add(corpus, 100, "hundred")
        figures["start_after_100_files_s"] = _start(corpus, env)
        figures["query_p50_ms"], figures["query_p95_ms"] = _queries(corpus, env)
        figures["index_on_disk_mb"] = _disk(cache)
        _remove_added(corpus)
        figures["start_after_101_deleted_s"] = _start(corpus, env)  # the tail made again, empty
        figures.update(_base_changes(corpus, env, cache))
        if sessions:
            wall, peak, cpu, _ = timed(_akhbar("index", str(corpus)), env)
            figures["tagging_articles_per_s"] = round(articles / wall, 1)
            figures["tagging_peak_mb"], figures["tagging_cpu_s"] = peak, round(cpu, 1)
            memory = session_figures(corpus, cache, sessions)
            figures["sessions"] = memory.get("sessions", 0)
            figures["session_private_mb"] = round(memory.get("private_median_mb", 0.0), 1)
            figures["sessions_pss_total_mb"] = round(memory.get("pss_total_mb", 0.0), 1)
    finally:
        _remove_added(corpus)
        shutil.rmtree(cache, ignore_errors=True)
    return figures


def growth(rows: dict[int, dict[str, float]]) -> dict[str, float]:
    """Each figure's exponent b in figure ~ size^b, from the smallest size to the largest."""
    small, large = min(rows), max(rows)
    if small == large:
        return {}
    fitted = {}
    for name, value in rows[large].items():
        base = rows[small].get(name, 0)
        if name != "articles" and base > 0 and value > 0:
            fitted[name] = round(math.log(value / base) / math.log(large / small), 2)
    return fitted


def main() -> int:
    parser = bench_parser(__doc__ or "")
    parser.add_argument("--sizes", default="1,4,16", help="archive sizes, in copies of the bench (default 1,4,16)")
    parser.add_argument("--sessions", type=int, default=10, help="app sessions measured together (0: none, no tagging)")
    args = parser.parse_args()
    _, folder = prepare(args.bench, args.work)
    rows: dict[int, dict[str, float]] = {}
    for size in sorted({int(s) for s in args.sizes.split(",")}):
        corpus = _archive(folder, size, args.work)
        rows[size] = measure(corpus, args.sessions)
        print(f"x{size}: {rows[size]}", flush=True)
    fitted = growth(rows)
    print(f"growth exponents from x{min(rows)} to x{max(rows)}: {fitted}")
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "growth": fitted}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
