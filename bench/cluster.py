"""Ingest on a Dask cluster against one machine's own build, in one run:

    python -m bench.cluster [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE]

`akhbar index --no-entities` on the 69k bench folder from a fresh cache: without a cluster (the
app's own build: two processes for a large first build), then on a local Dask cluster of 1 and
of 2 workers; then the tagging alone (`akhbar index`, its index already built) of a sample of the
folder, likewise. Wall time, CPU of the driving process (the cluster's workers are its
children: their CPU is counted when they end) and its peak memory, with the plain read of the
same files as the baseline, and the speed-up of 2 workers over 1.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.run import bench_arguments, prepare, timed

MODES: tuple[tuple[str, list[str]], ...] = (
    ("one machine", []),
    ("Dask, 1 worker", ["--workers", "1"]),
    ("Dask, 2 workers", ["--workers", "2"]),
)


def _plain_read(folder: Path) -> float:
    started = time.perf_counter()
    for path in folder.iterdir():
        path.read_bytes()
    return time.perf_counter() - started


def _sample(folder: Path, count: int) -> Path:
    """The first `count` files of the folder, hard-linked into a folder of their own (made once)."""
    target = folder.with_name(f"{folder.name}-sample{count}")
    if not target.exists():
        target.mkdir()
        for path in sorted(folder.iterdir())[:count]:
            os.link(path, target / path.name)
    return target


def _run(corpus: Path, extra: list[str], *, index_only: bool, cache: Path | None = None) -> dict[str, float]:
    own = cache is None
    cache = cache or Path(tempfile.mkdtemp(prefix="akhbar-cluster-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, "-m", "tui", "index", str(corpus), *extra, *(["--no-entities"] if index_only else [])]
    try:
        wall, peak, cpu, out = timed(command, env)
    finally:
        if own:
            shutil.rmtree(cache, ignore_errors=True)
    print(f"    {out.strip().splitlines()[-1]}")
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "peak_mb": peak}


def main() -> int:
    args = bench_arguments(__doc__ or "")
    _, folder = prepare(args.bench, args.work)
    report: dict[str, object] = {"plain_read_seconds": round(_plain_read(folder), 2)}
    print(f"plain read of {folder}: {report['plain_read_seconds']} s")
    print("index, from a fresh cache (--no-entities):")
    for name, extra in MODES:
        report[f"index, {name}"] = figures = _run(folder, extra, index_only=True)
        print(f"  {name}: {figures}")
    sample = _sample(folder, 6000)
    print(f"tagging of {sample} (6,000 articles), its index built beforehand:")
    for name, extra in MODES:
        cache = Path(tempfile.mkdtemp(prefix="akhbar-cluster-"))
        try:
            _run(sample, [], index_only=True, cache=cache)
            report[f"tagging, {name}"] = figures = _run(sample, extra, index_only=False, cache=cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        print(f"  {name}: {figures}")
    for kind in ("index", "tagging"):
        one, two = report[f"{kind}, Dask, 1 worker"], report[f"{kind}, Dask, 2 workers"]
        speedup = one["seconds"] / two["seconds"]  # type: ignore[index]
        report[f"{kind} speed-up, 2 workers over 1"] = round(speedup, 2)
        print(f"{kind}: 2 workers {speedup:.2f}x as fast as 1")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
