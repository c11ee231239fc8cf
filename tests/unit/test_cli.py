"""The `akhbar` command for shells and scripts, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.walk import default_corpus_path
from tests.helpers import NAMESAKES, write_articles


def akhbar(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "AKHBAR_CORPUS"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def test_search_for_a_clitic_form_finds_every_seed(tmp_path: Path) -> None:
    done = akhbar("search", "لكازاخستان", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    seeds = {p.stem for p in default_corpus_path().glob("*.txt")}
    assert {r["id"] for r in results} == seeds


def test_json_offsets_land_on_matched_words() -> None:
    results = json.loads(akhbar("search", "نتانياهو", "--json").stdout)
    assert results
    for result in results:
        text = json.loads(akhbar("show", result["id"], "--json").stdout)["text"]
        for snippet in result["snippets"]:
            assert text[snippet["start"] : snippet["end"]] == snippet["text"]
            words = [text[s:e] for s, e in snippet["hits"]]
            assert words and all("نتنياهو" in w for w in words)


def test_list_and_show(news_folder: Path) -> None:
    listed = json.loads(akhbar("list", "--corpus", str(news_folder), "--json").stdout)
    assert [a["id"] for a in listed] == ["economy", "israel", "kaz", "j1", "english"]
    by_position = json.loads(akhbar("show", "3", "--corpus", str(news_folder), "--json").stdout)
    assert by_position["id"] == "kaz" and by_position["text"].startswith("كازاخستان")
    by_path = json.loads(akhbar("show", str(news_folder / "kaz.txt"), "--corpus", str(news_folder), "--json").stdout)
    assert by_path["id"] == "kaz"
    people = akhbar("list", "--corpus", str(news_folder))
    assert people.returncode == 0 and "Markets rally in Astana" in people.stdout


def test_environment_names_the_corpus(news_folder: Path) -> None:
    done = akhbar("search", "Astana", "--json", env={"AKHBAR_CORPUS": str(news_folder)})
    assert [r["id"] for r in json.loads(done.stdout)] == ["english"]


def test_missing_path_and_empty_corpus_are_one_line_errors(tmp_path: Path) -> None:
    missing = akhbar("list", "--corpus", str(tmp_path / "nope"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "no such" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = akhbar("list", "--corpus", str(tmp_path / "empty"))
    assert empty.returncode == 1 and "no articles" in empty.stderr
    unset = akhbar("list", "--corpus", "", cwd=tmp_path / "empty")  # a script's unset variable: not the current folder
    assert unset.returncode == 1 and unset.stderr == 'akhbar: an empty corpus path was given (--corpus "")\n'


def test_the_app_without_a_terminal_says_so_and_draws_nothing() -> None:
    # As under `ssh -T` with a forced command: pipes, not a terminal.
    done = akhbar(stdin="")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "needs a terminal" in done.stderr and "ssh -t" in done.stderr


def test_warnings_go_to_stderr_and_data_still_loads(news_folder: Path) -> None:
    (news_folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    done = akhbar("list", "--corpus", str(news_folder), "--json")
    assert done.returncode == 0
    assert "bad.txt" in done.stderr and len(json.loads(done.stdout)) == 5


def test_many_problems_are_named_up_to_a_bound_and_skipped_lists_every_one(news_folder: Path) -> None:
    for number in range(14):
        (news_folder / f"bad{number:02}.txt").write_bytes(b"\x00\x01\x02" * 100)
    (news_folder / "lines.jsonl").write_text('{"title": "t", "text": "نص"}\nnot json\n', encoding="utf-8")
    done = akhbar("list", "--corpus", str(news_folder), "--json")
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 6
    warned = done.stderr.splitlines()
    assert len(warned) == 11 and "bad09.txt: binary file" in warned[-2]
    assert warned[-1] == ("akhbar: and 5 more (14 files skipped · 1 line skipped in all): `akhbar skipped` lists them")
    listed = akhbar("skipped", "--corpus", str(news_folder))
    assert listed.returncode == 0 and listed.stderr == ""
    rows = listed.stdout.splitlines()
    assert len(rows) == 15 and all(row.startswith("skipped\t") for row in rows)
    assert rows[-1].endswith("lines.jsonl:2: not valid JSON (Expecting value)")
    records = json.loads(akhbar("skipped", "--corpus", str(news_folder), "--json").stdout)
    assert records[-1] == {
        "path": str(news_folder / "lines.jsonl"), "line": 2, "skipped": True, "lines": 1,
        "message": "not valid JSON (Expecting value)",
    }  # fmt: skip
    assert {record["path"] for record in records[:-1]} == {str(news_folder / f"bad{n:02}.txt") for n in range(14)}


def test_batch_search_one_json_line_a_query(news_folder: Path) -> None:
    done = akhbar("search", "--batch", "-", "--corpus", str(news_folder), stdin="كازاخستان\n\nنتنياهو\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["كازاخستان", "", "نتنياهو"]  # a line for every line
    assert all(line["elapsed_ms"] >= 0 for line in lines) and lines[1]["count"] == 0
    assert lines[2]["results"][0]["id"] == "israel"
    assert all(line["count"] == len(line["results"]) for line in lines)
    cut = akhbar("search", "--batch", "-", "--limit", "1", "--corpus", str(news_folder), stdin="في\n")
    line = json.loads(cut.stdout)
    assert len(line["results"]) == 1 < line["count"]  # never cut silently
    assert f"the first 1 of {line['count']} results" in cut.stderr


def test_export_to_an_empty_file_name_is_refused(news_folder: Path, tmp_path: Path) -> None:
    """-o "$OUT" with OUT unset wrote the export to standard output and exited 0."""
    done = akhbar("export", "نتنياهو", "-o", "", "--corpus", str(news_folder), cwd=tmp_path)
    assert done.returncode == 2 and not done.stdout and "-o needs a file name" in done.stderr


def test_a_batch_file_that_cannot_be_read_is_named_not_a_traceback(news_folder: Path, tmp_path: Path) -> None:
    done = akhbar("search", "--batch", str(tmp_path / "no-such.txt"), "--corpus", str(news_folder))
    assert done.returncode == 1 and "Traceback" not in done.stderr and "no-such.txt" in done.stderr


def test_a_batch_line_answers_as_the_same_search_does(news_folder: Path) -> None:
    """A line is a whole query: its last word is not taken as being typed (no prefix matches)."""
    for query in ("كازاخ", "الرئيس كازاخ"):
        batch = akhbar("search", "--batch", "-", "--corpus", str(news_folder), stdin=query + "\n")
        alone = akhbar("search", "--json", "--limit", "20", "--corpus", str(news_folder), query)
        ids = [result["id"] for result in json.loads(batch.stdout)["results"]]
        assert ids == [result["id"] for result in json.loads(alone.stdout)]


def test_render_pads_rtl_lines_to_the_width() -> None:
    done = akhbar("render", "--width", "30", stdin="قال (TITR) هنا\nHello (world)\n")
    lines = done.stdout.split("\n")
    assert lines[0] == " " * 16 + "ﺎﻨﻫ (TITR) ﻝﺎﻗ"
    assert lines[1] == "Hello (world)"


@pytest.mark.parametrize("mode", ["terminal", "off"])
def test_render_other_modes_send_logical_order(mode: str) -> None:
    done = akhbar("render", "--width", "30", "--bidi", mode, stdin="قال هنا\n")
    shown = done.stdout.rstrip("\n")
    if mode == "off":
        assert shown == "قال هنا"
    else:
        assert shown == "ﻗﺎﻝ ﻫﻨﺎ"


def test_output_for_people_never_carries_terminal_controls(tmp_path: Path) -> None:
    (tmp_path / "evil.txt").write_text(
        "عنوان\x1b]0;pwned\x07 خبيث\nنص \x1b[2J الخبر \u202eمقلوب\u202c\n", encoding="utf-8"
    )
    for args in (["list"], ["show", "evil"], ["search", "الخبر"]):
        done = akhbar(*args, "--corpus", str(tmp_path))
        assert done.returncode == 0
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout
    raw = json.loads(akhbar("show", "evil", "--corpus", str(tmp_path), "--json").stdout)
    assert "\x1b]0;pwned" in raw["text"]  # scripts still get the exact text, escaped in JSON


def test_the_corpus_comes_from_the_command_line_then_the_environment_then_the_config_file(
    news_folder: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "akhbar"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'corpus = "{news_folder}"\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    from_config = akhbar("list", "--json", env=env)
    assert from_config.returncode == 0, from_config.stderr
    assert "j1" in {a["id"] for a in json.loads(from_config.stdout)}  # the shell commands read it too
    seeds = str(default_corpus_path())
    from_env = akhbar("list", "--json", env={**env, "AKHBAR_CORPUS": seeds})
    assert len(json.loads(from_env.stdout)) == 5
    from_options = akhbar(
        "list", "--json", "--corpus", str(news_folder / "kaz.txt"), env={**env, "AKHBAR_CORPUS": seeds}
    )
    assert [a["id"] for a in json.loads(from_options.stdout)] == ["kaz"]


@pytest.mark.parametrize("items", [[], [{"name": "ترامب", "mentions": [{"start": 1}]}, {"name": "\u202eX"}]])
def test_streamed_json_is_the_same_json_one_record_a_line(items: list[dict[str, object]]) -> None:
    import io

    from tui.shell.output import stream_json_records

    out = io.StringIO()
    stream_json_records(iter(items), out)
    assert json.loads(out.getvalue()) == items
    assert len(out.getvalue().splitlines()) == (len(items) + 2 if items else 1)  # "[", a record a line, "]"
    assert "\u202e" not in out.getvalue()  # the override is written as an escape


def test_tag_reads_conll_and_prints_a_tag_per_word() -> None:
    words = "قال O\nالرئيس O\nفلاديمير B-PERS\nبوتين I-PERS\nفي O\nموسكو B-LOC\n\nوصل O\nبوتين B-PERS\n"
    done = akhbar("tag", stdin=f"-DOCSTART- O\n\n{words}\n-DOCSTART- O\n\nجاء O\nزيد O\n")
    assert done.returncode == 0, done.stderr
    sentences = [s.splitlines() for s in done.stdout.strip("\n").split("\n\n")]
    assert [len(s) for s in sentences] == [6, 2, 2]
    rows = [line.split("\t") for s in sentences for line in s]
    assert [w for w, _ in rows[:6]] == ["قال", "الرئيس", "فلاديمير", "بوتين", "في", "موسكو"]
    assert all(t == "O" or t[:2] in ("B-", "I-") for _, t in rows)
    assert rows[2][1] == "B-PERS" and rows[3][1] == "I-PERS" and rows[5][1] == "B-LOC"
    assert rows[7][1] == "B-PERS"  # the consistency pass: the surname tagged once is tagged again


def test_in_a_pipe_every_record_is_one_line_unwrapped() -> None:
    listing = akhbar("list")
    assert listing.returncode == 0, listing.stderr
    seeds = sorted(default_corpus_path().glob("*.txt"))
    assert len(listing.stdout.splitlines()) == len(seeds)
    shown = akhbar("show", "1")
    path_lines = [line for line in shown.stdout.splitlines() if line.startswith("path: ")]
    assert len(path_lines) == 1 and Path(path_lines[0][len("path: ") :]).exists()
    text = json.loads(akhbar("show", "1", "--json").stdout)["text"]
    body = shown.stdout.splitlines()[-len(text.split("\n")) :]
    assert body == [visible_line.rstrip() for visible_line in text.split("\n")]  # one paragraph a line
    wrapped = akhbar("list", "--width", "40")
    assert len(wrapped.stdout.splitlines()) > len(seeds)  # --width still wraps


def test_export_opens_in_a_spreadsheet_with_arabic_intact_and_no_formula(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sn_okaz-2015-08-01-1.txt").write_text(
        '=HYPERLINK("http://x") ترامب يزور الرياض\nقال ترامب إن الزيارة ناجحة.\n', encoding="utf-8"
    )
    (corpus / "sn_sabq-2018-02-10-2.txt").write_text("لقاء\nالتقى ترامب الملك في واشنطن.\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    target = tmp_path / "out.csv"
    done = akhbar("export", "ترامب", "--by-date", "--corpus", str(corpus), "-o", str(target), env=env)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith("\ufeff".encode())
    import csv

    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert [(r["id"], r["date"], r["source"], r["match"]) for r in rows] == [
        ("sn_sabq-2018-02-10-2", "2018-02-10", "sabq", "exact"),
        ("sn_okaz-2015-08-01-1", "2015-08-01", "okaz", "exact"),
    ]
    assert rows[1]["title"].startswith("'=HYPERLINK")  # never run as a formula
    text = (corpus / "sn_sabq-2018-02-10-2.txt").read_text(encoding="utf-8")
    start, end = map(int, rows[0]["hits"].split()[0].split("-"))
    assert text[start:end] == "ترامب"
    mentions = akhbar("export", "--entity", "ترامب", "--format", "jsonl", "--corpus", str(corpus), env=env)
    lines = [json.loads(line) for line in mentions.stdout.splitlines()]
    assert lines and {line["text"] for line in lines} == {"ترامب"} and all(line["context"] for line in lines)
    table = akhbar("export", "ترامب", "--format", "md", "--corpus", str(corpus), env=env).stdout.splitlines()
    assert table[0].startswith("| rank | id |") and len(table) == 4
    dashed = akhbar("export", "ترامب", "--format", "md", "-o", "-", "--corpus", str(corpus), env=env, cwd=tmp_path)
    assert dashed.stdout.splitlines() == table and not (tmp_path / "-").exists()  # -: standard output
    both = akhbar("export", "ترامب واشنطن", "-o", str(target), "--corpus", str(corpus), env=env)
    assert "2 rows exported (1 holding every word, 1 partial" in both.stderr  # not "2 results" of both words
    assert "partial" not in done.stderr


def _archive_by_name(folder: Path) -> None:
    """A folder in the 69k bench archive's naming: source codes and dates in file names only."""
    folder.mkdir()
    for number, code in enumerate(["BB", "BB", "JA", "SK", "ZZ"]):
        name = f"ant2_{code}-culture-{number}-2018061{number}.txt"
        (folder / name).write_text(f"خبر رقم {number}\nنص الخبر {number}\n", encoding="utf-8")
    (folder / "plain.txt").write_text("خبر بلا مصدر\nنص\n", encoding="utf-8")


def test_sources_are_listed_with_their_counts(tmp_path: Path) -> None:
    _archive_by_name(tmp_path / "c")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = akhbar("sources", "--corpus", str(tmp_path / "c"), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2  BBC",
        "1  Jawhara FM",
        "1  skynews",
        "1  ZZ",
        "1  (no source)",
    ]
    listed = akhbar(
        "sources", "--json", "--corpus", str(tmp_path / "c"), env={"XDG_CACHE_HOME": str(tmp_path / "cache")}
    )
    assert json.loads(listed.stdout)[0] == {"source": "BBC", "articles": 2}


def test_show_gives_the_date_and_source_of_a_folder_article(tmp_path: Path) -> None:
    _archive_by_name(tmp_path / "c")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    shown = akhbar("show", "ant2_BB-culture-1-20180611", "--corpus", str(tmp_path / "c"), env=env)
    assert shown.returncode == 0, shown.stderr
    assert "date: 2018-06-11\nsource: BBC\n" in shown.stdout
    record = json.loads(akhbar("show", "#1", "--json", "--corpus", str(tmp_path / "c"), env=env).stdout)
    assert (record["date"], record["source"]) == ("2018-06-10", "BBC")
    found = json.loads(akhbar("search", "نص source:bbc", "--json", "--corpus", str(tmp_path / "c"), env=env).stdout)
    assert sorted(r["id"] for r in found) == ["ant2_BB-culture-0-20180610", "ant2_BB-culture-1-20180611"]


def test_export_of_an_entity_takes_any_spelling_and_offers_the_candidates_of_an_ambiguous_one(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "corpus", NAMESAKES)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    found = akhbar("export", "--entity", "لماكرون", "--format", "jsonl", "--corpus", str(corpus), env=env)
    assert found.returncode == 0, found.stderr
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert {row["entity"] for row in rows} == {"إيمانويل ماكرون"} and len(rows) == 4
    assert "read as إيمانويل ماكرون" in found.stderr  # not written so: which entity it was read as
    written = akhbar("export", "--entity", "إيمانويل ماكرون", "--corpus", str(corpus), env=env)
    assert written.returncode == 0 and "read as" not in written.stderr
    limited = akhbar(
        "export", "--entity", "ماكرون", "--limit", "3", "--format", "jsonl", "--corpus", str(corpus), env=env
    )
    assert len(limited.stdout.splitlines()) == 3 and "the first 3 of 4 mentions" in limited.stderr
    ambiguous = akhbar("export", "--entity", "المالكي", "--corpus", str(corpus), env=env)
    assert ambiguous.returncode == 1 and not ambiguous.stdout
    assert "نوري المالكي" in ambiguous.stderr and "رياض المالكي" in ambiguous.stderr
    latin = akhbar("export", "--entity", "maliki", "--corpus", str(corpus), env=env)  # as guarded in Latin letters
    assert latin.returncode == 1 and not latin.stdout and "رياض المالكي" in latin.stderr, latin.stderr
    unquoted = akhbar("export", "--entity", "إيمانويل", "ماكرون", "--corpus", str(corpus), env=env)
    assert unquoted.returncode == 2 and not unquoted.stdout and "not both" in unquoted.stderr  # never half a name


def test_index_builds_what_every_later_command_reuses_and_names_a_missing_cluster(
    news_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.command import main

    assert main(["index", str(news_folder), "--no-entities"]) == 0
    assert "index built" in capsys.readouterr().out
    assert main(["index", str(news_folder)]) == 0
    out = capsys.readouterr().out
    assert "index reused: nothing changed" in out and "articles tagged anew" in out
    monkeypatch.setitem(sys.modules, "distributed", None)  # not installed: importing it fails
    assert main(["index", str(news_folder), "--workers", "2"]) == 1
    assert "a cluster needs Dask distributed" in capsys.readouterr().err


def test_a_limit_beyond_any_archive_is_no_limit(tmp_path: Path) -> None:
    """--limit 99999999999999999999 gave a traceback from islice (it takes at most sys.maxsize)."""
    for args in (("export", "ترامب", "-o", "-"), ("export", "--entity", "ترامب", "-o", "-"), ("search", "ترامب")):
        done = akhbar(*args, "--limit", "99999999999999999999", cwd=tmp_path)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert done.stdout


def test_index_that_cannot_save_the_index_fails_and_says_where(tmp_path: Path) -> None:
    """`index` is for saving the index: it said it built one and exited 0 with nothing saved."""
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    done = akhbar("index", "--no-entities", env={"XDG_CACHE_HOME": str(blocked)}, cwd=tmp_path)
    assert done.returncode == 1
    assert "could not be saved in" in done.stderr and str(blocked) in done.stderr
    done = akhbar("index", "--no-entities", env={"XDG_CACHE_HOME": str(tmp_path / "fine")}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_search_says_when_its_results_are_partial(tmp_path: Path) -> None:
    """ "the first 2 of 3 results" where none held every word: the shell said nothing of it."""
    done = akhbar("search", "ترامب", "زلزال", "--limit", "2", cwd=tmp_path)
    assert "0 results hold every word; 3 partial ones follow" in done.stderr
    assert "the first 2 of 3 results (0 holding every word, the rest partial)" in done.stderr
    rows = [line for line in done.stdout.splitlines() if line[:1].isdigit()]
    assert rows and all(line.split(". ", 1)[1].startswith("(partial)") for line in rows)
    whole = akhbar("search", "ترامب", cwd=tmp_path)
    assert "partial" not in whole.stderr + whole.stdout


def test_one_articles_entities_are_the_archives_once_its_table_is_saved(tmp_path: Path) -> None:
    """`entities ARTICLE` tagged the article alone where the app shows the archive's table: a bare
    surname the archive gives a namesake stood apart (newcomer). Once the table is saved, the
    article's entities are the archive's (ماكرون named in two articles: 2 art)."""
    corpus = write_articles(tmp_path / "corpus", NAMESAKES)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    alone = akhbar("entities", "a0", "--corpus", str(corpus), env=env)
    assert alone.returncode == 0, alone.stderr
    assert next(row for row in alone.stdout.splitlines() if "ماكرون" in row).lstrip().startswith("1 art")
    assert "this article tagged alone" in alone.stderr  # the two answers differ: it says which (newcomer)
    assert "`akhbar entities` or `akhbar index` makes the table" in alone.stderr
    (tmp_path / "not-a-folder").write_text("")
    unsaved = akhbar("entities", "a0", "--corpus", str(corpus), env={"XDG_CACHE_HOME": str(tmp_path / "not-a-folder")})
    assert unsaved.returncode == 0, unsaved.stderr
    assert "no index of this corpus can be saved, so no table is kept" in unsaved.stderr  # no command would make it
    assert akhbar("entities", "--corpus", str(corpus), env=env).returncode == 0  # the table made and saved
    table = akhbar("entities", "a0", "--corpus", str(corpus), env=env)
    assert "tagged alone" not in table.stderr
    line = next(row for row in table.stdout.splitlines() if "ماكرون" in row)
    assert line.lstrip().startswith("2 art"), table.stdout


def test_a_name_typed_in_latin_letters_is_read_as_the_entity_table_spells_it(tmp_path: Path) -> None:
    """theresa was read دراسة ("study"), the word its letters fit best, so `search 'theresa may'`
    found studies and missed her (newcomer); once the entity table is saved, Latin words that
    sound as one entity's Latin spelling, word for word, are read as its name."""
    from corpus.entities.lookup import LATIN_READ_ARTICLES

    named = LATIN_READ_ARTICLES
    may = [
        f"لندن {n}\nقالت رئيسة الوزراء البريطانية تيريزا ماي إن الحكومة ستعمل. وأضافت ماي أن لندن مستعدة."
        for n in range(named)
    ]
    study = [
        f"دراسة {n}\nنشرت الجامعة دراسة جديدة عن الصحة في شهر ماي الماضي. وقالت الدراسة إن النتائج مهمة."
        for n in range(2 * named)
    ]
    corpus = write_articles(tmp_path / "corpus", may + study)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    before = akhbar("search", "theresa may", "--corpus", str(corpus), "--json", env=env)
    assert before.returncode == 0, before.stderr
    assert akhbar("entities", "--corpus", str(corpus), env=env).returncode == 0  # the table made and saved
    after = akhbar("search", "theresa may", "--corpus", str(corpus), "--json", env=env)
    assert "theresa may → تيريزا ماي (a name in Latin letters)" in after.stderr
    found = {row["path"].rsplit("/", 1)[-1] for row in json.loads(after.stdout)}
    assert found == {f"a{n}.txt" for n in range(named)}
    assert {
        row["path"].rsplit("/", 1)[-1] for row in json.loads(before.stdout)
    } == found  # an s between vowels may be z


def test_a_name_the_table_writes_with_the_article_only_is_searched_without_the_word_that_lacks_it(
    tmp_path: Path,
) -> None:
    """الخليل (Hebron) found every خليل, a given name (newcomer: 306 of 411 results on the bench);
    once the entity table shows الخليل named in most articles holding it, never written without
    the article, a search for it finds none of them. خليل itself still finds both."""
    from corpus.entities.article_names import NAMED_ARTICLES

    hebron = [
        f"الخليل {n}\nاقتحم الجيش مدينة الخليل في الضفة الغربية. وقال سكان الخليل إن الوضع صعب."
        for n in range(NAMED_ARTICLES)
    ]
    khalil = [f"مباراة {n}\nقال اللاعب خليل إبراهيم إن الفريق جاهز للمباراة." for n in range(NAMED_ARTICLES)]
    corpus = write_articles(tmp_path / "corpus", hebron + khalil)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}

    def found(query: str) -> set[str]:
        done = akhbar("search", query, "--corpus", str(corpus), "--json", "--limit", "100", env=env)
        assert done.returncode == 0, done.stderr
        return {row["path"].rsplit("/", 1)[-1] for row in json.loads(done.stdout)}

    everyone = {f"a{n}.txt" for n in range(2 * NAMED_ARTICLES)}
    assert found("الخليل") == everyone  # before the table: خليل is taken as the same word
    assert akhbar("entities", "--corpus", str(corpus), env=env).returncode == 0  # the table made and saved
    assert found("الخليل") == {f"a{n}.txt" for n in range(NAMED_ARTICLES)}
    assert found("بالخليل") == {f"a{n}.txt" for n in range(NAMED_ARTICLES)}
    assert found("خليل") == everyone


def test_skipped_lists_why_when_every_file_was_skipped(tmp_path: Path) -> None:
    """Where no file loads, every command says "no articles found": `akhbar skipped` is what says why."""
    corpus = tmp_path / "allbad"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_bytes(b"\x00\x01\x02" * 100)
    listed = akhbar("skipped", "--corpus", str(corpus), env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert listed.returncode == 0 and listed.stderr == ""
    assert [row.split("/")[-1] for row in listed.stdout.splitlines()] == [
        "a.txt: binary file (not text)",
        "b.txt: binary file (not text)",
    ]
