"""The growing, shared archive on the 69k bench folder, with its baselines measured in the same run.

    python -m bench.archive [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE]

AKHBAR_BENCH_SESSIONS (default 10) sets the number of app sessions; AKHBAR_BENCH_ENTITY_CACHE
may name a full entity cache (entities.sqlite) to start from, instead of tagging once here.

Reports, each in fresh processes and with its ratio: the cold build (a new cache) against
reading and splitting every file; the start on an unchanged archive, folder and JSONL,
against reading every file; the start after adding 1 and after adding 100 files, against
the unchanged start; the time until a file added while the app runs is found by a search
(the real app, headless); query p95 against one `rg` scan; one-shot `show`, `list --json`
and the first line of `list`; and the memory of N concurrent app sessions in tmux at 80x24,
each with its entities (PSS summed from /proc/PID/smaps_rollup, and each session's own
private memory). The corpus paths are the bench folder and an extra folder the runs add to:
nothing is ever written into the bench folder.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import baselines, bench_arguments, measured, prepare, query_figures

ROOT = Path(__file__).resolve().parent.parent

OPEN = (
    "import sys,time;t=time.perf_counter();from corpus import Archive;"
    "a=Archive.open(sys.argv[1:]);print(time.perf_counter()-t, a.reused, len(a), a.changes.describe() or '-')"
)


def start(paths: list[Path], env: dict[str, str]) -> tuple[float, str]:
    """Seconds to open the archive in a fresh process (imports included), and what it found."""
    _, _, out = measured([sys.executable, "-c", OPEN, *map(str, paths)], env)
    seconds, reused, count, *found = out.split(maxsplit=3)
    return float(seconds), f"reused={reused} articles={count} {' '.join(found).strip()}"


def median_start(paths: list[Path], env: dict[str, str], repeat: int = 3) -> float:
    return statistics.median(start(paths, env)[0] for _ in range(repeat))


def add_files(folder: Path, extra: Path, count: int, tag: str) -> None:
    """Copy `count` bench articles into the extra folder under new names (new files, new ids)."""
    for number, source in enumerate(sorted(folder.iterdir())[:count]):
        shutil.copyfile(source, extra / f"{tag}-{number}-{source.name}")


def start_figures(folder: Path, jsonl: Path, env: dict[str, str], read_s: float, read_jsonl_s: float) -> dict[str, Any]:
    """Cold build, unchanged start, and the start after adding 1 and 100 files."""
    extra = Path(tempfile.mkdtemp(prefix="akhbar-extra-"))
    paths = [folder, extra]
    figures: dict[str, Any] = {}
    cold, found = start(paths, env)
    figures["cold_build_s"] = cold
    figures["cold_found"] = found
    figures["unchanged_s"] = unchanged = median_start(paths, env)
    figures["unchanged_over_read"] = unchanged / read_s
    for count in (1, 100):
        add_files(folder, extra, count, f"added{count}")
        seconds, found = start(paths, env)
        figures[f"after_{count}_s"] = seconds
        figures[f"after_{count}_over_unchanged"] = seconds / unchanged
        figures[f"after_{count}_found"] = found
        figures[f"after_{count}_then_s"] = median_start(paths, env, 1)
    start([jsonl], env)  # its cold build
    figures["jsonl_unchanged_s"] = jsonl_unchanged = median_start([jsonl], env)
    figures["jsonl_unchanged_over_read"] = jsonl_unchanged / read_jsonl_s
    shutil.rmtree(extra, ignore_errors=True)
    return figures


def one_shot_figures(folder: Path, env: dict[str, str]) -> dict[str, float]:
    """`show`, `list --json` (whole runs) and the first line of `list` for people, unchanged archive."""
    akhbar = [sys.executable, "-m", "tui"]
    figures: dict[str, float] = {}
    for name, args in (
        ("show", ["show", "#100"]),
        ("list_json", ["list", "--json"]),
        ("search", ["search", "الحكومة"]),
    ):
        runs = [measured([*akhbar, *args, "--corpus", str(folder)], env)[0] for _ in range(3)]
        figures[f"{name}_s"] = statistics.median(runs)
    firsts = []
    for _ in range(3):
        started = time.perf_counter()
        with subprocess.Popen(
            [*akhbar, "list", "--corpus", str(folder)], stdout=subprocess.PIPE, env=env, stderr=subprocess.DEVNULL
        ) as process:
            assert process.stdout is not None
            process.stdout.readline()
            firsts.append(time.perf_counter() - started)
            process.stdout.read()
    figures["list_first_line_s"] = statistics.median(firsts)
    return figures


def follow_figures(folder: Path, cache: Path) -> dict[str, float]:
    """Seconds from writing a new file into a followed corpus until the running app (headless)
    finds it by a word only it holds; five files, one after another."""
    os.environ["XDG_CACHE_HOME"] = str(cache)
    from tui.app import make_app

    extra = Path(tempfile.mkdtemp(prefix="akhbar-follow-"))
    delays: list[float] = []

    async def main() -> None:
        app = make_app([folder, extra])
        async with app.run_test(size=(80, 24)) as pilot:
            while app.session.archive is None:
                await asyncio.sleep(0.05)
            await asyncio.sleep(2.0)  # the watch starts once the archive is in
            for number in range(5):
                word = f"كلمةفريدة{'ب' * (number + 1)}"
                written = time.perf_counter()
                (extra / f"new-{number}.txt").write_text(f"خبر جديد\n{word} في خبر وصل الآن.\n", encoding="utf-8")
                while time.perf_counter() - written < 60:
                    archive = app.session.archive
                    if archive is not None and archive.search(word, limit=1):
                        break
                    await pilot.pause(0.02)
                delays.append(time.perf_counter() - written)
                await asyncio.sleep(1.0)

    asyncio.run(main())
    shutil.rmtree(extra, ignore_errors=True)
    return {"follow_median_s": statistics.median(delays), "follow_max_s": max(delays)}


def _smaps(pid: int) -> dict[str, int]:
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1])
    return values


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def _summed(maps: list[dict[str, int]]) -> dict[str, int]:
    return {key: sum(m.get(key, 0) for m in maps) for key in maps[0]}


def session_figures(folder: Path, cache: Path, sessions: int) -> dict[str, float]:
    """N real app sessions in tmux at 80x24 on one archive, started together; once every one
    shows its entities, their PSS summed, and each one's private memory."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return {}
    socket = f"akhbar-bench-{os.getpid()}"
    akhbar = str(Path(sys.executable).with_name("akhbar"))
    env = f"XDG_CACHE_HOME={cache}"
    try:
        for number in range(sessions):
            subprocess.run(
                [tmux, "-L", socket, "new-session", "-d", "-s", f"s{number}", "-x", "80", "-y", "24",
                 f"{env} {akhbar} --corpus {folder}"],
                check=True,
            )  # fmt: skip
        started = time.perf_counter()
        waiting = set(range(sessions))
        while waiting and time.perf_counter() - started < 1800:
            for number in list(waiting):
                screen = subprocess.run(
                    [tmux, "-L", socket, "capture-pane", "-p", "-t", f"s{number}"], capture_output=True, text=True
                ).stdout
                if " entities (" in screen:
                    waiting.discard(number)
            time.sleep(2)
        ready_s = time.perf_counter() - started
        time.sleep(5)
        pids = [
            int(pid)
            for pid in subprocess.run(
                ["pgrep", "-f", f"{akhbar} --corpus {folder}"], capture_output=True, text=True
            ).stdout.split()
            if int(pid) != os.getpid()
        ]
        apps = [pid for pid in pids if "python" in Path(f"/proc/{pid}/exe").resolve().name]
        # a session is the akhbar process and the app it forked (tui/crash.py): their figures summed
        parents = {pid: _parent(pid) for pid in apps}
        maps = [
            _summed([_smaps(pid), *(_smaps(child) for child, parent in parents.items() if parent == pid)])
            for pid in apps
            if parents[pid] not in parents
        ]
    finally:
        subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True)
    private = [(m["Private_Clean"] + m["Private_Dirty"]) / 1024 for m in maps]
    return {
        "sessions": len(maps),
        "all_ready_s": ready_s,
        "pss_total_mb": sum(m["Pss"] for m in maps) / 1024,
        "private_median_mb": statistics.median(private),
        "shared_median_mb": statistics.median((m["Shared_Clean"] + m["Shared_Dirty"]) / 1024 for m in maps),
        "rss_median_mb": statistics.median(m["Rss"] / 1024 for m in maps),
    }


def main() -> int:
    parser_args = bench_arguments(__doc__)
    sessions = int(os.environ.get("AKHBAR_BENCH_SESSIONS", "10"))
    jsonl, folder = prepare(parser_args.bench, parser_args.work)
    cache = Path(tempfile.mkdtemp(prefix="akhbar-cache-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    base = baselines(folder, "كازاخستان")
    read_jsonl = statistics.median(_read_whole(jsonl) for _ in range(3))
    print(
        f"baselines: read folder {base['read_s']:.2f} s · read+split {base['read_split_s']:.2f} s · "
        f"read JSONL {read_jsonl:.2f} s · rg -c {base.get('rg_s', float('nan')):.2f} s"
    )
    starts = start_figures(folder, jsonl, env, base["read_s"], read_jsonl)
    print(
        f"cold build {starts['cold_build_s']:.1f} s = {starts['cold_build_s'] / base['read_split_s']:.1f}x read+split\n"
        f"unchanged start {starts['unchanged_s']:.2f} s = {starts['unchanged_over_read']:.2f}x read (folder); "
        f"JSONL {starts['jsonl_unchanged_s']:.2f} s = {starts['jsonl_unchanged_over_read']:.2f}x read\n"
        f"after adding 1 file {starts['after_1_s']:.2f} s = {starts['after_1_over_unchanged']:.1f}x unchanged "
        f"({starts['after_1_found']}); next start {starts['after_1_then_s']:.2f} s\n"
        f"after adding 100 files {starts['after_100_s']:.2f} s = {starts['after_100_over_unchanged']:.1f}x unchanged "
        f"({starts['after_100_found']}); next start {starts['after_100_then_s']:.2f} s"
    )
    shots = one_shot_figures(folder, env)
    print(
        f"one-shot: show {shots['show_s']:.2f} s · list --json {shots['list_json_s']:.2f} s · "
        f"search {shots['search_s']:.2f} s · list, first line {shots['list_first_line_s']:.2f} s"
    )
    queries = query_figures(folder, env)
    rg = base.get("rg_s", float("nan"))
    print(f"queries: p95 {queries['p95_ms']:.1f} ms = 1/{rg * 1000 / queries['p95_ms']:.0f} of one rg scan")
    follow = follow_figures(folder, cache)
    print(
        f"follow: a new file found by search after {follow['follow_median_s']:.2f} s (max {follow['follow_max_s']:.2f})"
    )
    entity_cache = os.environ.get("AKHBAR_BENCH_ENTITY_CACHE")
    if entity_cache:  # a full entity cache from an earlier run: tagging 69k articles takes minutes
        shutil.copyfile(entity_cache, cache / "akhbar" / "entities.sqlite")
    # The entity index is grouped and saved once, as the first session on an archive does;
    # the sessions measured then share it.
    subprocess.run([sys.executable, "-m", "tui", "entities", "--corpus", str(folder)], env=env, capture_output=True)
    memory = session_figures(folder, cache, sessions)
    if memory:
        print(
            f"{memory['sessions']} sessions (all with entities after {memory['all_ready_s']:.0f} s): "
            f"PSS {memory['pss_total_mb']:.0f} MB in all · each: private {memory['private_median_mb']:.0f} MB, "
            f"shared {memory['shared_median_mb']:.0f} MB, RSS {memory['rss_median_mb']:.0f} MB (medians)"
        )
    report = {"baselines": {**base, "read_jsonl_s": read_jsonl}, "starts": starts, "one_shot": shots}
    report |= {"queries": queries, "follow": follow, "sessions": memory}
    if parser_args.json:
        import json

        parser_args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(cache, ignore_errors=True)
    return 0


def _read_whole(path: Path) -> float:
    started = time.perf_counter()
    with open(path, "rb") as handle:
        while handle.read(1 << 20):
            pass
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
