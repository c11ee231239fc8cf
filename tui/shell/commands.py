"""The shell commands: search, show, list, sources, skipped, entities, stories and render, for
scripts and people in a shell.

Each opens the archive through `corpus.Archive`; data goes to `out`, warnings to stderr.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from itertools import islice
from typing import IO, TYPE_CHECKING

from corpus import Archive, ArticleUnreadable, LoadProblem, ProblemCounts, counted, display_path
from corpus.text import UndecodableError, decode_bytes, normalize
from tui.display import BidiMode, DisplayOptions, is_rtl_text, iter_rendered, render_text, visible
from tui.settings import CorpusError, Settings
from tui.shell.output import (
    dump_json,
    json_line,
    print_highlighted,
    stream_json_records,
    terminal_width,
)
from tui.shell.progress import StderrProgress
from tui.shell.streams import InputTooLarge, OutputFailed, bounded_lines, checked_output, ended_by_signals, read_input

if TYPE_CHECKING:
    from corpus import Cluster
    from corpus.entities import Entity
    from corpus.search import SearchResult

__all__ = ["COMMANDS", "open_archive", "run_command"]

Command = Callable[[argparse.Namespace, Settings, IO[str]], int]


SHOWN_PROBLEMS = 10
"""A command names this many of the corpus's problems on stderr, then how many more and where
they are all listed (`akhbar skipped`): an archive with a thousand bad files would bury its output."""


def open_archive(
    settings: Settings,
    *,
    warn: IO[str] | None = None,
    cluster: Cluster | None = None,
    shown_problems: int = SHOWN_PROBLEMS,
    require_articles: bool = True,
) -> Archive:
    """Open (index, or reuse the snapshot of) the corpus, printing its first `shown_problems`
    problems on `warn` (stderr), then how many more; the files to read are indexed on `cluster`
    when given.

    Raises CorpusError when no article could be loaded.
    """
    archive = Archive.open(
        settings.corpus, follow_links=settings.follow_links, cluster=cluster, trust_folders=settings.trust_folders
    )
    _print_problems(archive.problems, warn if warn is not None else sys.stderr, shown=shown_problems)
    if not len(archive) and require_articles:
        shown = ", ".join(visible(str(p)) for p in settings.corpus)
        raise CorpusError(f"no articles found in {shown}")
    return archive


def _print_problems(problems: Sequence[LoadProblem], stream: IO[str], *, shown: int) -> None:
    for problem in problems[:shown]:
        print(f"akhbar: {_kind(problem)}: {visible(str(problem))}", file=stream)
    if 0 < shown < len(problems):
        every = ProblemCounts.of(problems).describe()
        more = len(problems) - shown
        print(f"akhbar: and {more:,} more ({every} in all): `akhbar skipped` lists them", file=stream)


def _kind(problem: LoadProblem) -> str:
    return "skipped" if problem.skipped else "warning"


def command_skipped(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    """Every file or line of the corpus that was skipped, and every warning, one a line."""
    archive = open_archive(settings, shown_problems=0, require_articles=False)  # every file skipped too
    if args.json:
        stream_json_records((_problem_record(problem) for problem in archive.problems), out)
        return 0
    for problem in archive.problems:
        print(f"{_kind(problem)}\t{visible(str(problem), bidi='strip')}", file=out)
    if not archive.problems:
        print("akhbar: every file was read", file=sys.stderr)
    return 0


def _problem_record(problem: LoadProblem) -> dict[str, object]:
    return {
        "path": problem.path,
        "line": problem.line,
        "skipped": problem.skipped,
        "lines": problem.lines or (1 if problem.line is not None else 0),
        "message": problem.message,
    }


def _options(settings: Settings, out: IO[str]) -> DisplayOptions:
    return settings.display_options(terminal=out.isatty())


def _print_results(results: list[SearchResult], args: argparse.Namespace, settings: Settings, out: IO[str]) -> None:
    options = _options(settings, out)
    width = terminal_width(args.width, out)
    for rank, result in enumerate(results, start=1):
        partial = "(partial) " if result.partial else ""  # a word of the query is missing from it
        prefix = f"{rank}. {partial}{visible(result.article.title, bidi='strip')} — "
        snippet = result.snippets[0] if result.snippets else None
        body = visible(snippet.text, bidi="strip") if snippet else ""
        hits = []
        if snippet is not None:
            hits = [(len(prefix) + s - snippet.start, len(prefix) + e - snippet.start) for s, e in snippet.hits]
        print_highlighted(prefix + body, hits, options, width, out)


def command_search(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    archive = open_archive(settings)
    if args.batch is not None:
        return _run_batch(archive, args, out)
    query = " ".join(args.query) + " "  # every word is whole: none is being typed, so none is a prefix
    _names_for_search(archive, query)
    plan = archive.plan(query)
    found = archive.results(plan, by_date=args.by_date)
    results = found.results(0, args.limit)
    for note in archive.search_notes(plan, held=found.full_docs()):
        print(f"akhbar: {visible(note)}", file=sys.stderr)
    count = found.count()
    if (full := found.full_count()) < count:  # the rest hold all words but one
        holding = f"{full:,} result holds" if full == 1 else f"{full:,} results hold"
        shown = count - full
        more = f" (the best of {found.partial_held:,} holding all words but one)" if found.partial_held > shown else ""
        print(f"akhbar: {holding} every word; {shown:,} partial ones follow{more}", file=sys.stderr)
    if len(results) == args.limit and count > args.limit:
        of = (
            f"{count:,} results"
            if full == count
            else f"{count:,} results ({full:,} holding every word, the rest partial)"
        )
        print(f"akhbar: the first {args.limit:,} of {of} (--limit N shows more)", file=sys.stderr)
    if args.json:
        stream_json_records((_with_story(archive, r) for r in results), out)  # each result written as it is made
    elif not results:
        print(f"no articles match {visible(query.strip())!r}", file=sys.stderr)
    else:
        _print_results(results, args, settings, out)
    return 0


def _with_story(archive: Archive, result: SearchResult) -> dict[str, object]:
    """A result as `search --json` gives it: with the id of its story and how many other
    outlets carried that story (the stories are grouped, or read from the saved index, once)."""
    stories = archive.build_stories()
    return {
        **result.to_json(),
        "story": stories.story_id(result.doc),
        "other_outlets": stories.other_outlets(result.doc),
    }


_LATIN_RUN = re.compile(r"(?:^|\s)(?:[A-Za-z][\w'-]*\s+[A-Za-z]|[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]{3,5}(?:\s|$))")
"""Two words in Latin letters one after the other, which may be a name (source:bbc alone is
not), or a word of initials (mbs)."""


def _names_for_search(archive: Archive, query: str | None = None) -> None:
    """Search with the archive's saved entity table, as the app does (nothing is tagged): a name
    it writes only with the article or only without it is found without its other form (الخليل:
    no خليل; حماس: no الحماس; only that list is read), and for a `query` with two Latin words in a row or initials (or a
    batch, `query` None) a name typed so is read as the table's (theresa may: تيريزا ماي; mbs:
    محمد بن سلمان: the table is mapped)."""
    if query is None or _LATIN_RUN.search(query):
        archive.use_saved_entities()
    archive.use_saved_names()


def _run_batch(archive: Archive, args: argparse.Namespace, out: IO[str]) -> int:
    archive.warm_up()
    stories = archive.build_stories()  # read (or grouped) once, before the first query is timed
    if len(stories.sizes):
        stories.members(0)  # and their member table, which every result's story id reads (0.27 s at 16x)
    _names_for_search(archive)
    try:
        source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8", errors="replace")
    except OSError as error:
        print(f"akhbar: search --batch: {visible(str(error))}", file=sys.stderr)
        return 1
    with source:
        for number, line in enumerate(
            bounded_lines(source, "standard input" if args.batch == "-" else args.batch), start=1
        ):
            query = line.rstrip("\n")
            if not query.strip():  # a line for every line, so the answers pair with the queries
                print(json_line({"query": query, "elapsed_ms": 0.0, "count": 0, "results": []}), file=out)
                continue
            started = time.perf_counter()
            plan = archive.plan(query + " ")  # a line is a whole query, as `search`'s: no word is being typed
            payload = [_with_story(archive, r) for r in archive.search(plan, limit=args.limit)]
            elapsed = (time.perf_counter() - started) * 1000
            for note in archive.query_problems(plan):  # what was left out of it, as `search` says it
                print(f"akhbar: line {number}: {visible(note)}", file=sys.stderr)
            count = archive.results(plan).count() if len(payload) == args.limit else len(payload)
            if count > len(payload):  # never cut silently: the line says how many there are
                print(f"akhbar: line {number}: the first {len(payload):,} of {count:,} results", file=sys.stderr)
            record = {"query": query, "elapsed_ms": round(elapsed, 3), "count": count, "results": payload}
            print(json_line(record), file=out)
    return 0


def _no_article(key: str) -> int:
    print(f"akhbar: no article {visible(key)!r} (give an id, a path or a number from `akhbar list`)", file=sys.stderr)
    return 1


def command_show(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    archive = open_archive(settings)
    doc = archive.find(args.article)
    if doc is None:
        return _no_article(args.article)
    article = archive.article(doc)
    try:
        text = archive.read_text(doc)
    except ArticleUnreadable as error:
        print(f"akhbar: {visible(str(error))}", file=sys.stderr)
        return 1
    if args.json:
        print(dump_json({**article.summary(), "text": text}), file=out)
        return 0
    options = _options(settings, out)
    width = terminal_width(args.width, out)
    rtl = is_rtl_text(text)
    lines = [article.title, ""]
    lines += [f"{key}: {value}" for key, value in article.shown_metadata().items()]
    lines += [f"id: {article.id}", f"path: {article.path}", ""]
    for line in lines:
        for shown in render_text(visible(line, bidi="strip"), width, options, rtl=rtl):
            print(shown, file=out)
    for shown in iter_rendered(text, width, options, rtl=rtl):
        print(shown, file=out)
    return 0


def command_list(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    archive = open_archive(settings)
    if args.json:
        stream_json_records((a.summary() for a in archive.in_archive_order()), out)
        return 0
    options = _options(settings, out)
    width = terminal_width(args.width, out)
    shown: list[str] = []
    for number, article in enumerate(archive.in_archive_order(), start=1):
        line = f"{number}. {article.title} [{article.id}{' · ' + article.date if article.date else ''}]"
        shown.extend(render_text(visible(line, bidi="strip"), width, options))
        if len(shown) >= LINES_A_WRITE:
            out.write("\n".join(shown) + "\n")
            shown.clear()
    if shown:
        out.write("\n".join(shown) + "\n")
    return 0


LINES_A_WRITE = 256
"""`list` writes its lines this many at a time: streamed still, at a write call for 256 rows."""


def command_sources(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    archive = open_archive(settings)
    counts = archive.source_counts()
    if args.json:
        stream_json_records(({"source": name, "articles": count} for name, count in counts), out)
        return 0
    width = max((len(f"{count:,}") for _, count in counts), default=1)
    for name, count in counts:
        print(visible(f"{count:>{width},}  {name}", bidi="strip"), file=out)
    unknown = len(archive) - sum(count for _, count in counts)
    if unknown:
        print(f"{unknown:>{width},}  (no source)", file=out)
    return 0


def command_entities(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    from corpus import entities_json

    archive = open_archive(settings)
    wanted = args.type.upper() if args.type else None
    if args.article is not None:
        doc = archive.find(args.article)
        if doc is None:
            return _no_article(args.article)
        if not archive.use_saved_entities():  # the archive's table when saved, as the app shows it
            how = (
                "`akhbar entities` or `akhbar index` makes the table"
                if archive.generation is not None
                else "no index of this corpus can be saved, so no table is kept"
            )
            print(
                "akhbar: the archive's entity table is not made yet: this article tagged alone,"
                f" its counts its own ({how})",
                file=sys.stderr,
            )
        try:
            rows = archive.article_entities(doc)
        except ArticleUnreadable as error:
            print(f"akhbar: {visible(str(error))}", file=sys.stderr)
            return 1
    else:
        _build_entities(archive)
        assert archive.entities is not None
        _entity_warnings(archive)
        rows = [(e, len(e.mentions)) for e in archive.entities.entities]
    rows = [(e, n) for e, n in rows if wanted is None or e.type == wanted]
    if args.json:
        stream_json_records(entities_json(archive, (e for e, _ in rows)), out)  # one entity a line
        return 0
    options = _options(settings, out)
    width = terminal_width(args.width, out)
    for entity, count in rows:
        line = f"{len(entity.articles):>4} art {count:>4}× {entity.type:<8} {visible(entity.name, bidi='strip')}"
        if entity.latin:
            line += f" · {'≈' if entity.latin_by_rule else ''}{visible(entity.latin[0], bidi='strip')}"
        for shown in render_text(line, width, options):
            print(shown, file=out)
    return 0


def command_stories(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    archive = open_archive(settings)
    stories = archive.build_stories()
    found = stories.largest(limit=args.limit or len(stories), least=args.min_articles)
    if args.json:
        ids = archive.ids
        stream_json_records((story.to_json(ids) for story in found), out)  # a list, one story a line
        return 0
    if not found:
        print(f"no story has {args.min_articles} articles or more", file=sys.stderr)
        return 0
    options = _options(settings, out)
    width = terminal_width(args.width, out)
    for story in found:
        dates = story.first if story.first == story.last else f"{story.first} – {story.last}"
        line = (
            f"{story.id}  {len(story.docs):>3} art {len(story.sources):>2} src  {dates or 'undated'}  "
            f"{visible(story.title, bidi='strip')}"
        )
        for shown in render_text(line, width, options):
            print(shown, file=out)
    return 0


def command_index(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    """Index and tag the corpus now (on a Dask cluster with --workers or --scheduler) and save
    both in the cache, as a first start would: every later start and command reuses them."""
    from corpus import ClusterUnavailable, open_cluster

    clustered = args.workers is not None or args.scheduler is not None
    started = time.perf_counter()
    try:
        with open_cluster(workers=args.workers, scheduler=args.scheduler) if clustered else nullcontext() as cluster:
            where = f" on {cluster.workers} Dask worker{'s' * (cluster.workers != 1)}" if cluster else ""
            archive = open_archive(settings, cluster=cluster)
            indexed = time.perf_counter()
            how = "reused: nothing changed" if archive.reused else f"built{where} in {indexed - started:.1f} s"
            print(f"{len(archive):,} articles in {len(archive.files.paths):,} files; index {how}", file=out)
            if len(archive) and archive.cache_dir is not None and archive.generation is None:
                folder = visible(display_path(archive.cache_dir))
                print(
                    f"akhbar: the index could not be saved in {folder} (not a writable folder, or full)",
                    file=sys.stderr,
                )
                return 1  # saving is what `index` is for: every later start would build it again
            if args.no_entities:
                return 0
            tagged = _build_entities(archive, cluster)
    except ClusterUnavailable as error:
        print(f"akhbar: {visible(str(error))}", file=sys.stderr)
        return 1
    entities = archive.entities
    assert entities is not None
    _entity_warnings(archive)
    seconds = time.perf_counter() - indexed
    print(f"{len(entities.entities):,} entities; {tagged:,} articles tagged anew{where} in {seconds:.1f} s", file=out)
    return 0


def _entity_warnings(archive: Archive) -> None:
    """Say on stderr what went wrong while the archive's entities were made (they still came)."""
    entities = archive.entities
    for problem in (entities.cache_problem, entities.tagged_here) if entities is not None else ():
        if problem:
            print(f"akhbar: warning: {visible(problem)}", file=sys.stderr)


def _cores() -> int:
    return os.cpu_count() or 1


def _build_entities(archive: Archive, cluster: Cluster | None = None) -> int:
    """Tag the archive on every core (or on `cluster`), reusing its saved entities and the cache,
    saying on stderr meanwhile how far it is; returns how many articles were tagged anew."""
    progress = StderrProgress()
    try:
        return archive.build_entities(processes=0 if cluster else _cores(), cluster=cluster, progress=progress)
    finally:
        progress.close()


def command_tag(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    from corpus.entities import read_conll_articles, tag_words

    try:
        text = decode_bytes(read_input(args.file)).text
    except (OSError, UndecodableError, InputTooLarge) as error:
        print(f"akhbar: tag: {visible(str(error))}", file=sys.stderr)
        return 1
    articles = read_conll_articles(text)
    for article, tagged in zip(articles, tag_words(articles), strict=True):
        for words, tags in zip(article, tagged, strict=True):
            for word, tag in zip(words, tags, strict=True):
                print(f"{visible(word)}\t{tag}", file=out)
            print(file=out)
    return 0


def command_render(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    try:
        data = read_input(None)
        text = decode_bytes(data).text if data.strip() else ""
    except (OSError, UndecodableError, InputTooLarge) as error:
        print(f"akhbar: render: {visible(str(error))}", file=sys.stderr)
        return 1
    text = text.replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    options = DisplayOptions(BidiMode(args.bidi or "app"), shaping=not args.no_shaping)
    for line in iter_rendered(text, terminal_width(args.width), options, rtl=is_rtl_text(text)):
        print(line, file=out)
    return 0


def _say_what_the_limit_cut(limit: int | None, count: int, what: str) -> None:
    if limit is not None and count > limit:
        print(
            f"akhbar: export: the first {limit:,} of {count:,} {what} (without --limit, all of them)", file=sys.stderr
        )


def _entity_label(entity: Entity) -> str:
    """An entity as the shell names it among others: "name  (type, N articles)"."""
    return f"{visible(entity.name, bidi='strip')}  ({entity.type}, {counted(len(entity.articles), 'article{s}')})"


def command_export(args: argparse.Namespace, settings: Settings, out: IO[str]) -> int:
    from corpus import (
        MENTION_FIELDS,
        RESULT_FIELDS,
        entity_lookup,
        mention_rows,
        named_in_few,
        other_types,
        partial_note,
        refused_output,
        result_rows,
        write_rows,
        writing_atomically,
    )

    query = " ".join(args.query) + " "
    if not query.strip() and not args.entity:
        print("akhbar: export: give a search (words or filters) or --entity NAME", file=sys.stderr)
        return 2
    if query.strip() and args.entity:
        print(
            f"akhbar: export: a search ({visible(query.strip())!r}) or --entity NAME, not both"
            ' (quote a name of several words: --entity "السويس الجديدة")',
            file=sys.stderr,
        )
        return 2
    if args.output == "":  # an unset variable (-o "$OUT"): never standard output by mistake
        print("akhbar: export: -o needs a file name (-o -: standard output)", file=sys.stderr)
        return 2
    if args.output == "-":  # as in every Unix tool: standard output
        args.output = None
    archive = open_archive(settings)
    refusal = refused_output(archive, args.output) if args.output else None
    if refusal is not None:
        print(f"akhbar: export: {visible(refusal)}", file=sys.stderr)
        return 2
    if args.entity:
        if archive.entities is None:
            _build_entities(archive)
        lookup = entity_lookup(archive, args.entity, kind=args.type)
        if lookup.offered:
            print(f"akhbar: export: {visible(args.entity)!r} may name several entities; give one of:", file=sys.stderr)
            for entity in lookup.offered:
                print(f"  {_entity_label(entity)}", file=sys.stderr)
            if lookup.more:
                print(f"  … and {counted(lookup.more, 'more')} (fewer named; give more of the name)", file=sys.stderr)
            if len({entity.name for entity in lookup.offered}) < len(lookup.offered):
                print("  (names alike: --type PER, LOC, ORG or MISC says which)", file=sys.stderr)
            return 1
        if not lookup.found:
            print(f"akhbar: export: no entity named {visible(args.entity)!r}", file=sys.stderr)
            return 1
        typed = normalize(args.entity)
        read = False
        for entity in lookup.found:  # reached through a reading, a word of a longer name or a sound: say which
            if typed not in {normalize(written) for written in (entity.name, *entity.variants)}:
                print(f"akhbar: export: {visible(args.entity)!r} read as {_entity_label(entity)}", file=sys.stderr)
                read = True
        if not args.type and (written := named_in_few(archive, args.entity, lookup.found)):
            named = f"{sum(len(entity.articles) for entity in lookup.found):,}"
            many = f"akhbar: export: {visible(args.entity)!r} is written in {counted(written, 'article{s}')}"
            every = f"`akhbar export {visible(args.entity)!r}` exports every article that writes it"
            if read:  # another's name: never exported as this one's (مقتدى: أبو مقتدى العصار)
                print(
                    f"{many}, and what it was read as is named in {named} of them: nothing exported"
                    f" (--type {lookup.found[0].type} exports it; {every})",
                    file=sys.stderr,
                )
                return 1
            print(f"{many}; its entity is named in {named} of them, whose mentions follow ({every})", file=sys.stderr)
        for other in [] if args.type else other_types(archive, lookup.found):
            print(f"akhbar: export: also {_entity_label(other)}: --type {other.type}", file=sys.stderr)
        _say_what_the_limit_cut(args.limit, sum(len(entity.mentions) for entity in lookup.found), "mentions")
        rows: Iterator[dict[str, object]] = islice(mention_rows(archive, lookup.found), args.limit)
        fields = MENTION_FIELDS
    else:
        _names_for_search(archive, query)
        plan = archive.plan(query)
        for note in archive.search_notes(plan):
            print(f"akhbar: {visible(note)}", file=sys.stderr)
        found = archive.results(plan, by_date=args.by_date)
        _say_what_the_limit_cut(args.limit, found.count(), "results")
        rows, fields = result_rows(islice(found.iter(), args.limit)), RESULT_FIELDS
    if not args.output and out.isatty():  # on a screen, article text must not control the terminal
        rows = ({key: visible(v) if isinstance(v, str) else v for key, v in row.items()} for row in rows)
    try:
        if args.output:
            with ended_by_signals(), writing_atomically(args.output) as target:
                written = write_rows(rows, fields, args.format, target)
        else:
            written = write_rows(rows, fields, args.format, out)
            out.flush()  # a failed write is said before any count
    except BrokenPipeError:
        raise
    except OSError as error:
        print(f"akhbar: export: {visible(str(error))}", file=sys.stderr)
        return 1
    held = "" if args.entity else partial_note(written, found.full_count())
    print(f"akhbar: {written:,} row{'s' if written != 1 else ''} exported{held}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Command] = {
    "export": command_export,
    "search": command_search,
    "show": command_show,
    "list": command_list,
    "sources": command_sources,
    "skipped": command_skipped,
    "render": command_render,
    "entities": command_entities,
    "stories": command_stories,
    "tag": command_tag,
    "index": command_index,
}


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the command `args` names, its data on standard output. The one place output errors
    end: a broken pipe quietly (status 0, as `head` expects), a failed write (a full disk, an
    I/O error) as one line on stderr and status 1, input past its bound likewise."""
    if sys.stdout is None:
        print("akhbar: there is no standard output to write to", file=sys.stderr)
        return 1
    out = checked_output(sys.stdout)
    try:
        status = COMMANDS[args.command](args, settings, out)
        out.flush()
    except BrokenPipeError:
        _discard_output()
        return 0
    except OutputFailed as failed:
        _discard_output()
        print(f"akhbar: {args.command}: the output could not be written ({visible(str(failed))})", file=sys.stderr)
        return 1
    except InputTooLarge as error:
        print(f"akhbar: {args.command}: {visible(str(error))}", file=sys.stderr)
        return 1
    return status


def _discard_output() -> None:
    """Point standard output at /dev/null, so that what is still buffered is dropped at exit
    instead of failing again there."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
