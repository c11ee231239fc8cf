"""Segments: tantivy fed with Akhbar's own tokens against today's index generations, in one run.

    python -m bench.segments [--bench ../shared/bench] [--work /tmp/akhbar-bench] [--json FILE]
                             [--subset N] [--tokens pre|whitespace]

Two engines over the same folder (the bench folder, or with --subset the first N of its files
as hard links in a scratch folder), each in fresh processes, one at a time:

- today's Akhbar through its public paths (`corpus.Archive.open`, `akhbar search --batch`):
  the cold build, the unchanged start, the start after adding 1 and then 100 files (copied
  into a second, scratch corpus folder), each start being a fresh process that opens the
  archive and runs a first query; query p50/p95 over bench/queries.txt; the cache on disk;
- tantivy (PyPI `tantivy`) as the storage and postings layer under Akhbar's normalizer: each
  file's text tokenized by `corpus.text.normalization.iter_token_spans` and indexed as a
  PreTokenizedString (our normalized forms, their positions and offsets into the text; or with
  --tokens whitespace the forms joined by spaces into a whitespace-tokenized field), the file's
  name and its position (our `Doc` key) stored. The writer has a 200 MB heap and 1 thread. The
  same figures: a start walks the corpus folders (one `stat` a file, as Akhbar's does), adds the
  files it does not know, commits, reloads the reader and times until a search finds the last
  added file, then runs a first query. Queries are built from our tokens: words are term queries
  (all must match), "phrases" phrase queries, !words exclusions; and a second pass where each word
  may also match within an edit distance (1, 2 beyond 7 letters), nearer to what Akhbar's
  expansion does. Also: segments after the adds, after ten one-file commits and the merge
  policy's merges, and a delete seen by a search; and, since tantivy gives Python no positions,
  what fetching our token arrays (stored as bytes in its document store, a side index of 20,000
  articles) costs for the best 700 articles of a word, as our proximity ranking reads them.

The baseline, in the same run: Python reading every file. Each figure of tantivy is printed
beside today's and their ratio. Nothing is written into the bench folder; the scratch folder is
removed at the end.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import QUERIES, bench_parser, prepare, timed

ROOT = Path(__file__).resolve().parent.parent

HEAP_BYTES = 200_000_000
"""The tantivy writer's memory budget (its one thread's share)."""
WORD = "الحكومة"
"""The first query of every start."""

AKHBAR_START = (
    "import sys,time;t=time.perf_counter();from corpus import Archive;a=Archive.open(sys.argv[2:]);"
    "r=a.search(sys.argv[1],limit=20);print(time.perf_counter()-t, a.reused, len(a), len(r))"
)
"""A fresh process: open the archive (imports included), run a first query."""


def disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def read_every_file(folder: Path) -> float:
    started = time.perf_counter()
    for path in folder.rglob("*.txt"):
        path.read_bytes()
    return time.perf_counter() - started


def subset_folder(folder: Path, scratch: Path, count: int | None) -> Path:
    """The bench folder itself, or a scratch folder of hard links to its first `count` files."""
    if count is None:
        return folder
    subset = scratch / f"news{count}"
    subset.mkdir()
    for source in sorted(folder.iterdir())[:count]:
        try:
            os.link(source, subset / source.name)
        except OSError:  # another file system: a copy
            shutil.copyfile(source, subset / source.name)
    return subset


def add_files(folder: Path, extra: Path, start: int, count: int, tag: str) -> list[Path]:
    """Copy `count` corpus files (from the `start`-th) into the extra folder under new names."""
    added = []
    for number, source in enumerate(sorted(folder.iterdir())[start : start + count]):
        target = extra / f"{tag}-{number}-{source.name}"
        shutil.copyfile(source, target)
        added.append(target)
    return added


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# ---------------------------------------------------------------- today's Akhbar


def akhbar_start(paths: list[Path], env: dict[str, str]) -> dict[str, Any]:
    wall, peak, cpu, out = timed([sys.executable, "-c", AKHBAR_START, WORD, *map(str, paths)], env)
    seconds, reused, articles, results = out.split()
    return {"s": float(seconds), "wall_s": wall, "peak_mb": peak, "cpu_s": cpu, "reused": reused == "True"} | {
        "articles": int(articles),
        "results": int(results),
    }


def akhbar_queries(paths: list[Path], env: dict[str, str]) -> dict[str, Any]:
    """`akhbar search --batch` over the fixed queries, after a warm-up run (stories grouped once)."""
    corpus = [arg for path in paths for arg in ("--corpus", str(path))]
    command = [sys.executable, "-m", "tui", "search", *corpus, "--batch", str(QUERIES), "--limit", "20"]
    subprocess.run(command, env=env, capture_output=True, check=True)
    _, peak, _, out = timed(command, env)
    lines = [json.loads(line) for line in out.splitlines()]
    times = [line["elapsed_ms"] for line in lines]
    return {
        "queries": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
        "batch_peak_mb": peak,
        "empty_results": sum(1 for line in lines if not line["results"]),
        "hits_per_query": [len(line["results"]) for line in lines],
    }


def akhbar_figures(corpus: Path, extra: Path, scratch: Path) -> dict[str, Any]:
    cache = scratch / "akhbar-cache"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    paths = [corpus, extra]
    figures: dict[str, Any] = {"cold": akhbar_start(paths, env)}
    figures["disk_mb"] = disk_mb(cache)
    unchanged = [akhbar_start(paths, env) for _ in range(3)]
    figures["unchanged"] = sorted(unchanged, key=lambda start: start["s"])[1]
    figures["queries"] = akhbar_queries(paths, env)
    add_files(corpus, extra, 0, 1, "added1")
    figures["after_1"] = akhbar_start(paths, env)
    figures["after_1_next"] = akhbar_start(paths, env)
    add_files(corpus, extra, 1, 100, "added100")
    figures["after_100"] = akhbar_start(paths, env)
    figures["after_100_next"] = akhbar_start(paths, env)
    figures["disk_after_adds_mb"] = disk_mb(cache)
    return figures


# ---------------------------------------------------------------- tantivy, in its own processes


def tantivy_step(step: str, index: Path, tokens: str, corpus: list[Path]) -> dict[str, Any]:
    """Run one step of the tantivy engine in this process (`python -m bench.segments --step ...`)."""
    started = time.perf_counter()
    import tantivy

    known_list = index.with_suffix(".known")
    known = set(known_list.read_text(encoding="utf-8").splitlines()) if known_list.exists() else set()
    files = sorted(
        entry.path for folder in corpus for entry in os.scandir(folder) if entry.is_file() and entry.stat().st_size >= 0
    )
    new = [name for name in files if name not in known]
    if step == "build":
        index.mkdir()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_unsigned_field("doc", stored=True, fast=True)
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="position")
        engine = tantivy.Index(builder.build(), path=str(index))
    else:
        engine = tantivy.Index.open(str(index))
    schema = engine.schema
    figures: dict[str, Any] = {"new_files": len(new)}
    if new:
        writer = engine.writer(heap_size=HEAP_BYTES, num_threads=1)
        tokenizing = adding = 0.0
        chunks: dict[str, str] = {}
        for number, name in enumerate(new, start=len(known)):
            with open(name, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            before = time.perf_counter()
            body = our_tokens(text, tokens, chunks)
            between = time.perf_counter()
            document = tantivy.Document()
            document.add_text("id", name)
            document.add_unsigned("doc", number)
            add_body(document, text, body)
            writer.add_document(document)
            tokenizing += between - before
            adding += time.perf_counter() - between
        writer.commit()
        engine.reload()
        found = len(engine.searcher().search(tantivy.Query.term_query(schema, "id", new[-1]), 1).hits)
        figures |= {"seen_s": time.perf_counter() - started, "found_added": found, "tokenize_s": tokenizing}
        figures["add_s"] = adding
        figures["segments_before_merges"] = engine.searcher().num_segments
        writer.wait_merging_threads()
        with open(known_list, "a", encoding="utf-8") as handle:
            handle.writelines(f"{name}\n" for name in new)
    engine.reload()
    searcher = engine.searcher()
    hits = searcher.search(tantivy_query(schema, WORD, fuzzy=False), 20).hits
    keys = [searcher.doc(address)["doc"] for _, address in hits]
    figures |= {"s": time.perf_counter() - started, "docs": searcher.num_docs, "segments": searcher.num_segments}
    figures["results"] = len(keys)
    if step == "query":
        figures |= {"exact": query_times(engine, fuzzy=False), "fuzzy": query_times(engine, fuzzy=True)}
    elif step == "delete":
        figures |= delete_one(engine, files[0])
    elif step == "merge":
        figures |= ten_commits(engine, corpus[-1], tokens)
    return figures


def our_tokens(text: str, tokens: str, chunks: dict[str, str]) -> Any:
    """The text's normalized forms by Akhbar's tokenizer: as tantivy Tokens (form, position,
    offsets into the text) for "pre"; else the forms joined by spaces, each whitespace-separated
    chunk tokenized once (`chunks` remembers them), as corpus/search/postings.py does."""
    import tantivy

    from corpus.text.normalization import TOKEN_PATTERN, iter_token_spans, normalize

    if tokens == "pre":
        return [tantivy.Token(form, at, first, end) for at, (first, end, form) in enumerate(iter_token_spans(text))]
    forms = []
    for chunk in text.split():
        known = chunks.get(chunk)
        if known is None:
            known = chunks[chunk] = " ".join(form for raw in TOKEN_PATTERN.findall(chunk) if (form := normalize(raw)))
        if known:
            forms.append(known)
    return " ".join(forms)


def add_body(document: Any, text: str, body: Any) -> None:
    """The body field of a tantivy document: pre-tokenized from our Tokens, or our forms with spaces."""
    import tantivy

    if isinstance(body, str):
        document.add_text("body", body)
    else:
        document.add_pre_tokenized_text("body", tantivy.PreTokenizedString(text, body))


def tantivy_query(schema: Any, line: str, *, fuzzy: bool) -> Any:
    """A tantivy query from one line of bench/queries.txt, words normalized by our tokenizer."""
    from tantivy import Occur, Query

    from corpus.text.normalization import tokenize

    clauses: list[tuple[Any, Any]] = []
    for part in re.findall(r'!?"[^"]*"|\S+', line):
        excluded = part.startswith("!")
        forms = tokenize(part.lstrip("!").strip('"'))
        if not forms:
            continue
        if part.lstrip("!").startswith('"') and len(forms) > 1:
            words: list[str | tuple[int, str]] = list(forms)
            clauses.append((Occur.MustNot if excluded else Occur.Must, Query.phrase_query(schema, "body", words)))
            continue
        for form in forms:
            term = Query.term_query(schema, "body", form)
            if fuzzy and not excluded and not form.isdigit():
                distance = 1 if len(form) <= 7 else 2
                near = Query.fuzzy_term_query(schema, "body", form, distance=distance, transposition_cost_one=True)
                term = Query.boolean_query([(Occur.Should, term), (Occur.Should, Query.boost_query(near, 0.6))])
            clauses.append((Occur.MustNot if excluded else Occur.Must, term))
    if not any(occur == Occur.Must for occur, _ in clauses):
        clauses.append((Occur.Must, Query.all_query()))
    return Query.boolean_query(clauses)


def query_times(engine: Any, *, fuzzy: bool) -> dict[str, Any]:
    """Each fixed query once (top 20 by BM25, their stored keys fetched), after one warm-up pass."""
    schema, searcher = engine.schema, engine.searcher()
    lines = [line.strip() for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]

    def run(line: str) -> tuple[float, int]:
        started = time.perf_counter()
        hits = searcher.search(tantivy_query(schema, line, fuzzy=fuzzy), 20).hits
        keys = [searcher.doc(address)["doc"] for _, address in hits]
        return (time.perf_counter() - started) * 1000, len(keys)

    for line in lines:
        run(line)
    runs = [run(line) for line in lines]
    times = [ms for ms, _ in runs]
    return {
        "queries": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
        "empty_results": sum(1 for _, count in runs if count == 0),
        "hits_per_query": [count for _, count in runs],
    }


def delete_one(engine: Any, name: str) -> dict[str, Any]:
    """Delete one article by its stored name; seconds until a search no longer finds it."""
    import tantivy

    started = time.perf_counter()
    writer = engine.writer(heap_size=HEAP_BYTES, num_threads=1)
    writer.delete_documents_by_term("id", name)
    writer.commit()
    engine.reload()
    left = len(engine.searcher().search(tantivy.Query.term_query(engine.schema, "id", name), 1).hits)
    seconds = time.perf_counter() - started
    writer.wait_merging_threads()
    return {"delete_seen_s": seconds, "deleted_still_found": left, "docs_after_delete": engine.searcher().num_docs}


def ten_commits(engine: Any, extra: Path, tokens: str) -> dict[str, Any]:
    """Ten one-article commits (ten small segments), then the merge policy's merges waited for."""
    import tantivy

    writer = engine.writer(heap_size=HEAP_BYTES, num_threads=1)
    commits = []
    for number in range(10):
        text = f"خبر قصير رقم {number} عن تجربة الدمج"
        started = time.perf_counter()
        document = tantivy.Document()
        document.add_text("id", str(extra / f"merge-{number}"))
        add_body(document, text, our_tokens(text, tokens, {}))
        writer.add_document(document)
        writer.commit()
        commits.append(time.perf_counter() - started)
    engine.reload()
    before = engine.searcher().num_segments
    started = time.perf_counter()
    writer.wait_merging_threads()
    waited = time.perf_counter() - started
    writer = engine.writer(heap_size=HEAP_BYTES, num_threads=1)
    writer.garbage_collect_files()
    writer.wait_merging_threads()
    engine.reload()
    return {
        "commit_median_s": statistics.median(commits),
        "segments_after_10_commits": before,
        "segments_after_merges": engine.searcher().num_segments,
        "merge_wait_s": waited,
        "docs_after_merges": engine.searcher().num_docs,
    }


FORWARD_ARTICLES = 20_000
"""Articles of the side index that stores our token arrays in tantivy's document store."""
FORWARD_DOCS = 700
"""The best articles whose token arrays one query reads: about PROXIMITY_TOKENS' worth."""


def forward_probe(index: Path, corpus: Path) -> dict[str, Any]:
    """What our proximity ranking would pay on tantivy, which gives no positions to Python: the
    first FORWARD_ARTICLES articles indexed with their token arrays (our term ids) stored as
    bytes, then, for five words, the arrays of the best FORWARD_DOCS articles fetched (best of 3)."""
    import numpy as np
    import tantivy

    from corpus.text.normalization import tokenize

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", stored=True, fast=True)
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="position")
    builder.add_bytes_field("tokens", stored=True, indexed=False)
    schema = builder.build()
    index.mkdir()
    engine = tantivy.Index(schema, path=str(index))
    writer = engine.writer(heap_size=HEAP_BYTES, num_threads=1)
    vocabulary: dict[str, int] = {}
    chunks: dict[str, str] = {}
    started = time.perf_counter()
    for number, path in enumerate(sorted(corpus.iterdir())[:FORWARD_ARTICLES]):
        body = our_tokens(path.read_text(encoding="utf-8", errors="replace"), "whitespace", chunks)
        ids = np.array([vocabulary.setdefault(form, len(vocabulary)) for form in body.split()], dtype=np.uint32)
        document = tantivy.Document()
        document.add_unsigned("doc", number)
        document.add_text("body", body)
        document.add_bytes("tokens", ids.tobytes())
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    engine.reload()
    figures: dict[str, Any] = {"articles": FORWARD_ARTICLES, "build_s": time.perf_counter() - started}
    figures["disk_mb"] = disk_mb(index)
    searcher = engine.searcher()
    for word in ("الحكومة", "الرئيس", "النفط", "المنتخب", "فلسطين"):
        query = tantivy.Query.term_query(schema, "body", tokenize(word)[0])
        times, tokens = [], 0
        for _ in range(3):
            begun = time.perf_counter()
            hits = searcher.search(query, FORWARD_DOCS).hits
            tokens = sum(len(np.frombuffer(searcher.doc(address)["tokens"][0], dtype=np.uint32)) for _, address in hits)
            times.append((time.perf_counter() - begun) * 1000)
        figures[word] = {"docs": len(hits), "tokens": tokens, "ms": min(times)}
    return figures


def tantivy_run(step: str, index: Path, tokens: str, paths: list[Path], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.segments", "--step", step, str(index), tokens, *map(str, paths)]
    wall, peak, cpu, out = timed(command, env)
    figures: dict[str, Any] = json.loads(out)
    return figures | {"wall_s": wall, "peak_mb": peak, "cpu_s": cpu}


def tantivy_figures(corpus: Path, extra: Path, scratch: Path, tokens: str) -> dict[str, Any]:
    index = scratch / "tantivy-index"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    paths = [corpus, extra]
    figures: dict[str, Any] = {"cold": tantivy_run("build", index, tokens, paths, env)}
    figures["disk_mb"] = disk_mb(index)
    unchanged = [tantivy_run("open", index, tokens, paths, env) for _ in range(3)]
    figures["unchanged"] = sorted(unchanged, key=lambda start: start["s"])[1]
    figures["queries"] = tantivy_run("query", index, tokens, paths, env)
    add_files(corpus, extra, 0, 1, "added1")
    figures["after_1"] = tantivy_run("open", index, tokens, paths, env)
    figures["after_1_next"] = tantivy_run("open", index, tokens, paths, env)
    add_files(corpus, extra, 1, 100, "added100")
    figures["after_100"] = tantivy_run("open", index, tokens, paths, env)
    figures["after_100_next"] = tantivy_run("open", index, tokens, paths, env)
    figures["disk_after_adds_mb"] = disk_mb(index)
    figures["delete"] = tantivy_run("delete", index, tokens, paths, env)
    figures["merge"] = tantivy_run("merge", index, tokens, paths, env)
    figures["disk_after_merges_mb"] = disk_mb(index)
    figures["forward"] = tantivy_run("forward", scratch / "tantivy-forward", tokens, [corpus], env)
    return figures


# ---------------------------------------------------------------- the report

ROWS = (
    ("cold build, s (open + first query)", ("cold", "s")),
    ("cold build, CPU s", ("cold", "cpu_s")),
    ("cold build, peak RSS MB", ("cold", "peak_mb")),
    ("on disk, MB", ("disk_mb",)),
    ("unchanged start, s", ("unchanged", "s")),
    ("unchanged start, peak RSS MB", ("unchanged", "peak_mb")),
    ("start after +1 file, s", ("after_1", "s")),
    ("start after +1 file, CPU s", ("after_1", "cpu_s")),
    ("start after +1 file, peak RSS MB", ("after_1", "peak_mb")),
    ("next start, s", ("after_1_next", "s")),
    ("start after +100 files, s", ("after_100", "s")),
    ("next start, s", ("after_100_next", "s")),
    ("on disk after the adds, MB", ("disk_after_adds_mb",)),
    ("query p50, ms", ("queries", "p50_ms")),
    ("query p95, ms", ("queries", "p95_ms")),
    ("query max, ms", ("queries", "max_ms")),
    ("queries with no result", ("queries", "empty_results")),
    ("queries, peak RSS MB", ("queries", "batch_peak_mb")),
)


def _value(figures: dict[str, Any], keys: tuple[str, ...]) -> float | None:
    value: Any = figures
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def table(today: dict[str, Any], segments: dict[str, Any], read_s: float) -> list[str]:
    """The figures side by side, tantivy's with its ratio to today's."""
    tantivy_queries = segments["queries"]
    segments = segments | {"queries": tantivy_queries["exact"] | {"batch_peak_mb": tantivy_queries["peak_mb"]}}
    fuzzy = tantivy_queries["fuzzy"]
    lines = [
        f"{'':38} {'today':>10} {'tantivy':>10} {'ratio':>7}",
        f"{'read every file (baseline), s':38} {read_s:10.2f}",
    ]
    for label, keys in ROWS:
        mine, theirs = _value(today, keys), _value(segments, keys)
        ratio = f"{theirs / mine:7.2f}" if mine and theirs is not None else f"{'':7}"
        lines.append(f"{label:38} {_shown(mine):>10} {_shown(theirs):>10} {ratio}")
    lines.append(
        f"tantivy with edit-distance words: p50 {fuzzy['p50_ms']:.2f} ms, p95 {fuzzy['p95_ms']:.2f} ms, "
        f"max {fuzzy['max_ms']:.2f} ms, {fuzzy['empty_results']} with no result"
    )
    cold, after_1, after_100 = segments["cold"], segments["after_1"], segments["after_100"]
    lines.append(
        f"tantivy build: tokenizing (ours) {cold['tokenize_s']:.1f} s, handing to tantivy {cold['add_s']:.1f} s; "
        f"+1 seen by a search after {after_1['seen_s']:.2f} s, +100 after {after_100['seen_s']:.2f} s"
    )
    merge, delete = segments["merge"], segments["delete"]
    lines.append(
        f"tantivy segments: {cold['segments']} after the build, {after_1['segments']} after +1, "
        f"{after_100['segments']} after +100; {merge['segments_after_10_commits']} after ten one-file commits, "
        f"{merge['segments_after_merges']} once the merge policy ran ({merge['merge_wait_s']:.2f} s); "
        f"one commit {merge['commit_median_s'] * 1000:.0f} ms; a delete seen after {delete['delete_seen_s']:.2f} s; "
        f"{segments['disk_after_merges_mb']:.0f} MB on disk after the merges"
    )
    forward = segments["forward"]
    fetched = [figures for word, figures in forward.items() if isinstance(figures, dict)]
    lines.append(
        f"our token arrays in tantivy's document store ({forward['articles']} articles): the best "
        f"{FORWARD_DOCS} of a word fetched in "
        + ", ".join(f"{figures['ms']:.1f}" for figures in fetched)
        + f" ms ({', '.join(str(figures['tokens']) for figures in fetched)} tokens)"
    )
    return lines


def _shown(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}"


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--step":
        step, index, tokens, *paths = sys.argv[2:]
        if step == "forward":
            print(json.dumps(forward_probe(Path(index), Path(paths[0]))))
        else:
            print(json.dumps(tantivy_step(step, Path(index), tokens, [Path(p) for p in paths])))
        return 0
    parser = bench_parser(__doc__)
    parser.add_argument("--subset", type=int, help="the first N files of the bench folder only (as hard links)")
    parser.add_argument("--tokens", choices=("pre", "whitespace"), default="pre", help="how tantivy gets our tokens")
    args = parser.parse_args()
    if importlib.util.find_spec("tantivy") is None:
        print("bench.segments needs tantivy: pip install -e '.[segments]'", file=sys.stderr)
        return 2
    _, folder = prepare(args.bench, args.work)
    scratch = Path(tempfile.mkdtemp(prefix="akhbar-segments-"))
    try:
        corpus = subset_folder(folder, scratch, args.subset)
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        print(f"{corpus} ({sum(1 for _ in corpus.iterdir())} files) · tokens: {args.tokens} · {uptime}")
        read_s = statistics.median(read_every_file(corpus) for _ in range(3))
        (scratch / "extra-akhbar").mkdir()
        today = akhbar_figures(corpus, scratch / "extra-akhbar", scratch)
        (scratch / "extra-tantivy").mkdir()
        segments = tantivy_figures(corpus, scratch / "extra-tantivy", scratch, args.tokens)
        print("\n".join(table(today, segments, read_s)))
        report = {"corpus": str(corpus), "tokens": args.tokens, "uptime": uptime, "read_s": read_s}
        report |= {"today": today, "tantivy": segments, "uptime_after": _uptime()}
        if args.json:
            args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
