"""Entity figures on the 69k-article folder, with their baseline measured in the same run.

    python -m bench.entities [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE]
                             [--taggers neural,crf]

For each tagger asked for (AKHBAR_TAGGER, see corpus/entities/choice.py), in the same run and
each with a fresh entity cache, it reports: the first tagging of the whole archive
(`akhbar entities --json`, both cores), wall time and peak RSS; the same command again with
the cache full (a cached load), and its peak RSS (the issue's bound: 1 GB); the memory the
entity index adds to an opened archive (RSS before and after a cached `build_entities`),
built the app's way in a separate process and, for the shell commands, in the same process,
each in a fresh interpreter; and, as the baseline, Python reading every file. The search
snapshot is built first so that only entity work is timed. Nothing here is part of the test suite.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.run import bench_parser, prepare
from corpus.entities.choice import TAGGER_ENV, TAGGERS, available

ROOT = Path(__file__).resolve().parent.parent


def read_every_file(folder: Path) -> float:
    started = time.perf_counter()
    for path in folder.rglob("*.txt"):
        path.read_bytes()
    return time.perf_counter() - started


def timed_command(args: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user and system, the command and its worker
    processes) of one akhbar command, its output thrown away. The CPU figure moves less with
    the load of a shared machine than the wall time does."""
    command = ["/usr/bin/time", "-f", "%M %U %S", sys.executable, "-m", "tui", *args]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    seconds = time.perf_counter() - started
    peak, user, system = done.stderr.strip().splitlines()[-1].split()
    return seconds, int(peak) // 1024, float(user) + float(system)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def index_memory(folder: Path, separate_process: bool) -> dict[str, float]:
    """RSS of an opened archive before and after its (cached) entity index is built: in this
    process (as `akhbar entities` does) or in a separate one (as the app does)."""
    from corpus import Archive

    archive = Archive.open([folder])
    archive.warm_up()
    before = rss_mb()
    started = time.perf_counter()
    archive.build_entities(processes=os.cpu_count() or 1, separate_process=separate_process)
    seconds = time.perf_counter() - started
    after = rss_mb()
    assert archive.entities is not None
    mentions = sum(len(e.mentions) for e in archive.entities.entities)
    return {
        "rss_before_mb": round(before),
        "rss_after_mb": round(after),
        "added_mb": round(after - before),
        "cached_build_s": round(seconds, 1),
        "entities": len(archive.entities.entities),
        "mentions": mentions,
    }


def memory_in_fresh_process(folder: Path, separate_process: bool, env: dict[str, str]) -> dict[str, float]:
    """index_memory, run in a fresh interpreter so that one measure never inherits another's heap."""
    code = (
        "import json, sys; from pathlib import Path; from bench.entities import index_memory; "
        f"print(json.dumps(index_memory(Path({str(folder)!r}), {separate_process})))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def tagger_figures(folder: Path, tagger: str) -> dict[str, object]:
    """Every figure of one tagger, with a fresh entity cache."""
    if tagger not in TAGGERS or not available(tagger):
        raise SystemExit(f"no model for the {tagger!r} tagger ({', '.join(TAGGERS)} are known)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": cache, TAGGER_ENV: tagger}
        corpus = ["--corpus", str(folder)]
        subprocess.run([sys.executable, "-m", "tui", *corpus, "search", "--limit", "1", "x"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        first_s, first_mb, first_cpu = timed_command([*corpus, "entities", "--json"], env)
        cached_s, cached_mb, cached_cpu = timed_command([*corpus, "entities", "--json"], env)
        app = memory_in_fresh_process(folder, True, env)
        memory = memory_in_fresh_process(folder, False, env)
    return {
        "first_tagging_s": round(first_s, 1),
        "first_tagging_cpu_s": round(first_cpu, 1),
        "first_tagging_peak_mb": first_mb,
        "cached_entities_json_s": round(cached_s, 1),
        "cached_entities_json_cpu_s": round(cached_cpu, 1),
        "cached_entities_json_peak_mb": cached_mb,
        "app_separate_process": app,
        "in_process": memory,
    }


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--taggers", default="ensemble,crf", help="comma-separated: " + ", ".join(TAGGERS))
    args = parser.parse_args()
    _, folder = prepare(args.bench, args.work)
    read_s = read_every_file(folder)
    report: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "read_every_file_s": round(read_s, 2),
    }
    for tagger in args.taggers.split(","):
        figures = tagger_figures(folder, tagger)
        report[tagger] = figures
        app, memory = figures["app_separate_process"], figures["in_process"]
        assert isinstance(app, dict) and isinstance(memory, dict)
        first_s, cached_s = float(figures["first_tagging_s"]), float(figures["cached_entities_json_s"])  # type: ignore[arg-type]
        print(
            f"{tagger} tagger, entities on {folder}: first tagging {first_s / 60:.1f} min "
            f"({figures['first_tagging_cpu_s']} s of CPU; peak {figures['first_tagging_peak_mb']} MB) · "
            f"cached `entities --json` {cached_s:.1f} s = "
            f"{cached_s / read_s:.1f}x reading every file (peak {figures['cached_entities_json_peak_mb']} MB) · "
            f"cached entity index in the app's way (separate process): adds {app['added_mb']} MB "
            f"({app['rss_before_mb']} → {app['rss_after_mb']} MB) in {app['cached_build_s']} s; in one process: "
            f"adds {memory['added_mb']} MB in {memory['cached_build_s']} s "
            f"({memory['entities']} entities, {memory['mentions']} mentions)",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
