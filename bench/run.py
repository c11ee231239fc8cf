"""Akhbar's benchmark over the 69k-article news corpus, with its baselines measured in the same run.

    python -m bench.run [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE] [--queries-only]

Prepares the corpus twice (the JSONL file unpacked from news69k.jsonl.gz, and a folder of
.txt made by the bench's unpack.py), then reports, each with its baseline and ratio:
index build time and peak RSS from nothing; a second start on the unchanged corpus (index
snapshot); query latency p50/p95/max over the fixed queries in bench/queries.txt through
`akhbar search --batch`; the app's first paint and search readiness, headless; keystroke
to updated results in the search pane; rendering of 1,000-word articles; and entity
tagging per article. Baselines: `rg -c WORD` over the folder, Python reading every file,
and reading plus str.split(). Nothing here is part of the test suite, and nothing of the
bench corpus is written into the repository. With --queries-only, only the baselines and the
query latency (each query once, in a fresh process after a warm-up: its expansions are new).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUERIES = Path(__file__).with_name("queries.txt")


def median_time(run, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def prepare(bench: Path, work: Path) -> tuple[Path, Path]:
    """The corpus as one JSONL file and as a folder of .txt (made once, reused)."""
    work.mkdir(parents=True, exist_ok=True)
    jsonl = work / "news69k.jsonl"
    if not jsonl.exists():
        with gzip.open(bench / "news69k.jsonl.gz", "rb") as source, open(jsonl, "wb") as target:
            shutil.copyfileobj(source, target)
    folder = work / "news69k"
    if not folder.exists():
        subprocess.run([sys.executable, str(bench / "unpack.py"), str(folder)], check=True, stdout=subprocess.DEVNULL)
    return jsonl, folder


def baselines(folder: Path, word: str) -> dict[str, float]:
    files = sorted(str(p) for p in folder.rglob("*.txt"))

    def read() -> None:
        for name in files:
            with open(name, "rb") as handle:
                handle.read()

    def read_split() -> None:
        for name in files:
            with open(name, encoding="utf-8") as handle:
                handle.read().split()

    result = {"read_s": median_time(read), "read_split_s": median_time(read_split)}
    rg = shutil.which("rg")
    if rg:
        result["rg_s"] = median_time(lambda: subprocess.run([rg, "-c", word, str(folder)], stdout=subprocess.DEVNULL))
    return result


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, float, str]:
    """(wall seconds, peak RSS in MB, CPU seconds of user and system, stdout) of a command,
    peak and CPU read by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", report.name, *command], capture_output=True, text=True, env=env
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-2000:])
        peak, user, system = report.read().strip().splitlines()[-1].split()
    return wall, int(peak) // 1024, float(user) + float(system), done.stdout


def measured(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB, stdout) of a command."""
    wall, peak, _, out = timed(command, env)
    return wall, peak, out


def index_figures(corpus: Path, env: dict[str, str]) -> dict[str, float]:
    """Build from nothing (fresh cache), then a second start reusing the snapshot; one query each."""
    cache = Path(tempfile.mkdtemp(prefix="akhbar-cache-"))
    env = {**env, "XDG_CACHE_HOME": str(cache)}
    akhbar = [sys.executable, "-m", "tui", "search", "--corpus", str(corpus), "--limit", "5", "--json", "الحكومة"]
    code = (
        "import sys,time;from corpus import Archive;t=time.perf_counter();"
        f"o=Archive.open([{str(corpus)!r}], use_snapshot=False);print(time.perf_counter()-t, len(o))"
    )
    build_wall, build_peak, out = measured([sys.executable, "-c", code], env)
    build_s = float(out.split()[0])
    first_wall, first_peak, _ = measured(akhbar, env)
    second_wall, second_peak, _ = measured(akhbar, env)
    started_code = (
        "import time;t=time.perf_counter();from corpus import Archive;"
        f"o=Archive.open([{str(corpus)!r}]);print(time.perf_counter()-t, o.reused)"
    )
    opens = []
    for _ in range(3):  # the machine is noisy: the median of three fresh processes
        _, _, out = measured([sys.executable, "-c", started_code], env)
        opens.append(out.split())
    reuse_s, reused = sorted(opens, key=lambda pair: float(pair[0]))[1]
    shutil.rmtree(cache, ignore_errors=True)
    return {
        "build_s": build_s,
        "build_peak_mb": build_peak,
        "search_first_run_s": first_wall,
        "search_first_run_peak_mb": first_peak,
        "search_second_run_s": second_wall,
        "search_second_run_peak_mb": second_peak,
        "snapshot_open_s": float(reuse_s),
        "snapshot_reused": reused == "True",
    }


def query_figures(corpus: Path, env: dict[str, str]) -> dict[str, float]:
    cache = Path(tempfile.mkdtemp(prefix="akhbar-cache-"))
    env = {**env, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, "-m", "tui", "search", "--corpus", str(corpus), "--batch", str(QUERIES), "--limit", "20"]
    subprocess.run(command, env=env, capture_output=True, check=True)  # builds the snapshot
    _, peak, out = measured(command, env)
    lines = [json.loads(line) for line in out.splitlines()]
    times = sorted(line["elapsed_ms"] for line in lines)
    shutil.rmtree(cache, ignore_errors=True)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    slowest = max(lines, key=lambda line: line["elapsed_ms"])
    return {
        "queries": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": p95,
        "max_ms": times[-1],
        "slowest_query": slowest["query"],
        "batch_peak_mb": peak,
        "empty_results": sum(1 for line in lines if not line["results"]),
    }


def app_figures(corpus: Path, cache: Path) -> dict[str, float]:
    """First paint and search readiness of the app, headless (index snapshot already in `cache`);
    keystroke to updated results: from the key's dispatch to the results message being handled."""
    os.environ["XDG_CACHE_HOME"] = str(cache)
    from tui.app import make_app
    from tui.app.messages import ArchiveReady
    from tui.app.panes.search import SearchPane

    figures: dict[str, float] = {}

    # What `akhbar` imports before its first paint: the command module, then the app.
    import_code = "import time;t=time.perf_counter();import tui.command, tui.app;print(time.perf_counter()-t)"
    imports = [
        float(
            subprocess.run(
                [sys.executable, "-c", import_code],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            ).stdout.strip()
        )
        for _ in range(3)
    ]
    figures["import_s"] = statistics.median(imports)

    async def main() -> None:
        started = time.perf_counter()
        app = make_app([corpus])
        painted: list[float] = []
        app.call_later(lambda: app.call_after_refresh(lambda: painted.append(time.perf_counter())))
        ready: list[float] = []
        searched: list[float] = []

        def hook(message) -> None:  # type: ignore[no-untyped-def]
            if isinstance(message, ArchiveReady):
                ready.append(time.perf_counter())
            elif isinstance(message, SearchPane.Finished) and message.query == app.main.search_input.value:
                searched.append(time.perf_counter())

        async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
            while not ready or not painted:
                await asyncio.sleep(0.005)
            figures["first_paint_s"] = figures["import_s"] + painted[0] - started
            figures["search_ready_s"] = figures["import_s"] + ready[0] - started
            latencies = []
            for word in ["الحكومة", "السعودية", "فلسطين", "الانتخابات", "المنتخب"]:
                await pilot.press("escape", "escape")
                await pilot.pause()
                for key in word:
                    before = len(searched)
                    pressed = time.perf_counter()
                    await pilot.press(key)
                    while len(searched) == before and time.perf_counter() - pressed < 5:
                        await asyncio.sleep(0.001)
                    if len(searched) > before:
                        latencies.append((searched[-1] - pressed) * 1000)
            latencies.sort()
            figures["keystroke_p50_ms"] = statistics.median(latencies)
            figures["keystroke_p95_ms"] = latencies[int(round(0.95 * (len(latencies) - 1)))]
            figures["keystroke_max_ms"] = latencies[-1]

    asyncio.run(main())
    return figures


def render_figures(jsonl: Path, count: int = 50) -> dict[str, float]:
    """1,000-word articles at width 80: cold (every cache empty) and as met in use (caches from other articles)."""
    from tui.display import DisplayOptions, forget_prepared, is_rtl_text, layout, prepare, shaping

    texts: list[str] = []
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            words = json.loads(line)["text"].split(" ")
            if len(words) >= 1000:
                texts.append(" ".join(words[:1000]))
                if len(texts) == count:
                    break
    options = DisplayOptions()

    def render(text: str) -> float:
        started = time.perf_counter()
        rtl = is_rtl_text(text)
        for paragraph in text.split("\n"):
            layout(prepare(paragraph, rtl, options), 80, options)
        return (time.perf_counter() - started) * 1000

    cold = []
    for text in texts:
        forget_prepared()
        shaping._word_clusters.cache_clear()
        cold.append(render(text))
    forget_prepared()
    in_use = [render(text) for text in texts]
    resize = [render(text) for text in texts]
    return {
        "articles": len(texts),
        "cold_median_ms": statistics.median(cold),
        "cold_max_ms": max(cold),
        "in_use_median_ms": statistics.median(in_use),
        "in_use_max_ms": max(in_use),
        "rewrap_median_ms": statistics.median(resize),
    }


def entity_figures(jsonl: Path, count: int = 200) -> dict[str, float]:
    from corpus.entities.extract import article_mentions

    texts = []
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == count:
                break
    article_mentions(texts[0])
    times = []
    words = 0
    for text in texts:
        started = time.perf_counter()
        article_mentions(text)
        times.append((time.perf_counter() - started) * 1000)
        words += len(text.split())
    times.sort()
    return {
        "articles": len(texts),
        "mean_words": words / len(texts),
        "median_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "ms_per_1000_words": sum(times) / words * 1000,
    }


def bench_parser(doc: str) -> argparse.ArgumentParser:
    """The options every benchmark takes: where the bench is, where to work, where to write JSON."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "akhbar-bench")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser


def bench_arguments(doc: str) -> argparse.Namespace:
    """The parsed options of `bench_parser`."""
    return bench_parser(doc).parse_args()


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--queries-only", action="store_true", help="only the baselines and the query latency")
    args = parser.parse_args()
    jsonl, folder = prepare(args.bench, args.work)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    report: dict[str, object] = {"machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"}
    print(f"machine: {report['machine']}")
    base = baselines(folder, "كازاخستان")
    report["baselines"] = base
    print(
        f"baselines: read {base['read_s']:.2f} s · read+split {base['read_split_s']:.2f} s · rg -c "
        f"{base.get('rg_s', float('nan')):.2f} s"
    )
    for name, corpus in () if args.queries_only else (("folder", folder), ("jsonl", jsonl)):
        figures = index_figures(corpus, env)
        report[f"index_{name}"] = figures
        print(
            f"index ({name}): build {figures['build_s']:.1f} s = "
            f"{figures['build_s'] / base['read_split_s']:.1f}x read+split, "
            f"peak {figures['build_peak_mb']} MB; akhbar search first run {figures['search_first_run_s']:.1f} s "
            f"(peak {figures['search_first_run_peak_mb']} MB), second run {figures['search_second_run_s']:.1f} s "
            f"(peak {figures['search_second_run_peak_mb']} MB); snapshot open {figures['snapshot_open_s']:.2f} s "
            f"= {figures['snapshot_open_s'] / base['read_s']:.2f}x read"
        )
    queries = query_figures(folder, env)
    report["queries"] = queries
    rg = base.get("rg_s", float("nan"))
    print(
        f"queries ({queries['queries']}): p50 {queries['p50_ms']:.1f} ms · p95 {queries['p95_ms']:.1f} ms "
        f"(= 1/{rg * 1000 / queries['p95_ms']:.0f} of one rg scan) · max {queries['max_ms']:.1f} ms "
        f"({queries['slowest_query']}) · peak {queries['batch_peak_mb']} MB · {queries['empty_results']} with no result"
    )
    if args.queries_only:
        return _written(report, args.json)
    cache = args.work / "cache"
    subprocess.run(
        [sys.executable, "-m", "tui", "search", "--corpus", str(folder), "--limit", "1", "x"],
        env={**env, "XDG_CACHE_HOME": str(cache)},
        capture_output=True,
        check=True,
    )
    app = app_figures(folder, cache)
    report["app"] = app
    print(
        f"app (headless, 80x24, snapshot present): first paint {app['first_paint_s']:.2f} s (of which imports "
        f"{app['import_s']:.2f} s) · search ready {app['search_ready_s']:.1f} s · "
        f"keystroke→results p50 {app['keystroke_p50_ms']:.0f} ms, p95 {app['keystroke_p95_ms']:.0f} "
        f"ms, max {app['keystroke_max_ms']:.0f} ms"
    )
    render = render_figures(jsonl)
    report["render"] = render
    print(
        f"render ({render['articles']} articles of 1,000 words, width 80): cold median "
        f"{render['cold_median_ms']:.1f} ms "
        f"(max {render['cold_max_ms']:.1f}) · in use median {render['in_use_median_ms']:.1f} ms "
        f"(max {render['in_use_max_ms']:.1f}) "
        f"· re-wrap {render['rewrap_median_ms']:.1f} ms"
    )
    entities = entity_figures(jsonl)
    report["entities"] = entities
    print(
        f"entities ({entities['articles']} articles, {entities['mean_words']:.0f} words on average): "
        f"median {entities['median_ms']:.1f} ms, "
        f"p95 {entities['p95_ms']:.1f} ms, {entities['ms_per_1000_words']:.0f} ms per 1,000 words"
    )
    return _written(report, args.json)


def _written(report: dict[str, object], path: Path | None) -> int:
    if path:
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
