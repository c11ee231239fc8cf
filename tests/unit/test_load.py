"""Loading every format and encoding, with fixtures the tests write themselves."""

from __future__ import annotations

import codecs
import hashlib
import json
from pathlib import Path

import pytest

from corpus.text import boilerplate as furniture_module
from corpus.text.boilerplate import boilerplate_start, paragraphs
from corpus.text.headline import metadata_from_text, shorten, title_from_text
from corpus.walk import default_corpus_path
from tests.helpers import load_articles

ARABIC = "وقعت كازاخستان وأرمينيا اتفاقية للنقل البري في أستانا."


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_folder_is_searched_recursively_and_never_written(news_folder: Path) -> None:
    before = _hashes(news_folder)
    result = load_articles([news_folder])
    ids = sorted(a.id for a in result.articles)
    assert ids == ["economy", "english", "israel", "j1", "kaz"]
    assert result.problems == []
    assert _hashes(news_folder) == before


def test_several_paths_and_a_single_file(news_folder: Path) -> None:
    result = load_articles([news_folder / "kaz.txt", news_folder / "sub"])
    assert [a.id for a in result.articles] == ["kaz", "english"]


@pytest.mark.parametrize(
    ("encoding", "prefix", "warned"),
    [
        ("utf-8", b"", False),
        ("utf-8", codecs.BOM_UTF8, False),
        ("utf-16-le", codecs.BOM_UTF16_LE, False),
        ("utf-16-be", codecs.BOM_UTF16_BE, False),
        ("cp1256", b"", True),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes, warned: bool) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + f"عنوان الخبر\n{ARABIC}\n".encode(encoding))
    result = load_articles([path])
    assert [a.read_text() for a in result.articles] == [f"عنوان الخبر\n{ARABIC}\n"]
    assert result.articles[0].title == "عنوان الخبر"
    assert bool(result.problems) == warned
    if warned:
        assert "Windows-1256" in result.problems[0].message and not result.problems[0].skipped


def test_binary_and_empty_files_are_skipped_with_their_names(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["good"]
    reasons = {Path(p.path).name: p.message for p in result.problems}
    assert set(reasons) == {"image.txt", "empty.md", "noise.txt"}
    assert "binary" in reasons["image.txt"] and "empty" in reasons["empty.md"]


def test_a_zero_filled_tail_colour_codes_and_a_bad_line_lose_no_article(tmp_path: Path) -> None:
    """A crash's zero-filled tail, colour codes in a short article and a corrupt line appended to
    a one-record JSON Lines file each made the whole file "binary": its articles vanished."""
    (tmp_path / "tail.txt").write_bytes(ARABIC.encode("utf-8") + b"\x00" * 4096)
    (tmp_path / "colour.txt").write_text("\x1b[2Jعنوان\n\nنص \x1b[31mأحمر\x1b[0m في الرياض.\n", encoding="utf-8")
    record = json.dumps({"title": "خبر", "text": ARABIC}, ensure_ascii=False).encode("utf-8")
    (tmp_path / "feed.jsonl").write_bytes(record + b'\n\xff\xfe\x00{"title": "x"}\n')
    result = load_articles([tmp_path])
    assert sorted(a.id for a in result.articles) == ["colour", "feed-1", "tail"]
    tail = next(a for a in result.articles if a.id == "tail")
    assert tail.read_text() == ARABIC  # the zeros left out, said so
    reasons = {Path(p.path.split(":")[0]).name: p.message for p in result.problems}
    assert "4096 NUL" in reasons["tail.txt"] and "feed.jsonl" in reasons
    (tmp_path / "zeros.txt").write_bytes(b"\x00" * 512)  # nothing but zeros: no article, said so
    again = load_articles([tmp_path / "zeros.txt"])
    assert not again.articles and "NUL bytes only" in again.problems[0].message


def test_truncated_utf8_keeps_the_text_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(ARABIC.encode("utf-8")[:-2])  # "." and half of the last alef
    result = load_articles([path])
    assert result.articles[0].read_text() == ARABIC[:-2]
    assert "truncated" in result.problems[0].message


def test_jsonl_keeps_good_lines_and_names_the_broken_one(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "أ", "text": ARABIC, "date": "2024-05-01", "url": "https://x.example/a"}),
        '{"title": "broken", "text": ',
        json.dumps({"title": "ب", "content": "محتوى آخر", "source": "وكالة"}),
        json.dumps({"title": "بلا نص"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"body": "جسم الخبر فقط بدون عنوان", "id": 77}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = load_articles([path])
    assert [a.id for a in result.articles] == ["feed-1", "feed-3", "77"]
    assert result.articles[0].metadata == {"date": "2024-05-01", "url": "https://x.example/a"}
    assert result.articles[1].metadata == {"source": "وكالة"}
    assert result.articles[2].title == "جسم الخبر فقط بدون عنوان"
    assert sorted(p.line or 0 for p in result.problems) == [2, 4, 5]


def test_json_array_and_wrapped_object(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([{"title": "أ", "text": "نص"}, {"title": "ب", "body": "نص ب"}]))
    (tmp_path / "b.json").write_text(json.dumps({"articles": [{"title": "ج", "text": "نص ج"}]}))
    result = load_articles([tmp_path])
    assert [a.title for a in result.articles] == ["أ", "ب", "ج"]


def test_a_json_array_with_a_fault_keeps_the_records_before_it_and_says_what_is_lost(tmp_path: Path) -> None:
    """One brace missing in the middle of 1,000 records lost them all, said as "1 line skipped"
    (the hostile-files audit): the records before the fault are read (by their place in the file,
    as a large array's are), and the problem says the rest is skipped, with the fault's line."""
    records = [{"title": f"عنوان {n}", "text": f"نص رقم {n} عن الحكومة"} for n in range(1000)]
    text = json.dumps(records, ensure_ascii=False, indent=1)
    broken = text.rindex("{", 0, text.index('"عنوان 250"'))
    (tmp_path / "big.json").write_text(text[:broken] + text[broken + 1 :], encoding="utf-8")
    (tmp_path / "none.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    result = load_articles([tmp_path])
    assert [a.title for a in result.articles] == [f"عنوان {n}" for n in range(250)]
    assert result.articles[7].id == "big-8" and result.articles[7].source is not None  # read again by offset
    said = [(p.path.rsplit("/", 1)[-1], p.line, p.skipped, p.message) for p in result.problems]
    assert said == [
        ("big.json", 251, True, "not a JSON object"),  # the broken record's "title", read as an item
        ("big.json", None, False,
         "not valid JSON (Expecting ',' delimiter) at line 1,003: read up to it (251 items), the rest skipped"),
        ("none.json", None, True, "not valid JSON (Expecting value) at line 1: nothing of it is read"),
    ]  # fmt: skip


def test_duplicate_ids_are_made_unique(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text(
        "\n".join(json.dumps({"id": "same", "text": f"نص {i}"}) for i in range(3)), encoding="utf-8"
    )
    assert [a.id for a in load_articles([tmp_path]).articles] == ["same", "same~2", "same~3"]


def test_missing_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    result = load_articles([tmp_path / "nothing-here"])
    assert result.articles == [] and "no such" in result.problems[0].message


def test_symlink_loop_is_cut(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [a.id for a in load_articles([tmp_path]).articles] == ["x"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("الحروب\nكازاخستان تتدخل: سد الفجوة\n\nنص", "كازاخستان تتدخل: سد الفجوة"),
        ("بواسطة فلان الفلاني\nتم النشر بتاريخ\nعنوان قصير\nنص", "عنوان قصير"),
        ("\n\n  عنوان بعد أسطر فارغة  \nنص", "عنوان بعد أسطر فارغة"),
        ("# Markdown heading\n\nBody text here.", "Markdown heading"),
    ],
)
def test_titles_skip_category_byline_and_blank_lines(text: str, title: str) -> None:
    assert title_from_text(text) == title


def test_long_first_sentence_is_cut_at_a_word_boundary() -> None:
    sentence = " ".join(["كلمة"] * 40)
    title = title_from_text(sentence + "\nسطر ثان")
    assert title.endswith("…") and len(title) <= 91
    assert sentence.startswith(title[:-1])
    assert shorten("قصير") == "قصير"


def test_metadata_written_in_the_text() -> None:
    text = (
        "عنوان\nبواسطة سارة أحمد\nنص الخبر\nنشر لأول مرة على: www.example.com\n"
        "تاريخ النشر: 2025-10-27 04:25:00\nالكاتب: فريق التحرير\n"
    )
    assert metadata_from_text(text) == {
        "author": "سارة أحمد",
        "url": "www.example.com",
        "date": "2025-10-27 04:25:00",
    }


def test_bundled_seeds_are_found() -> None:
    seeds = sorted(default_corpus_path().glob("*.txt"))
    assert len(seeds) == 5
    assert len(load_articles([default_corpus_path()]).articles) == 5


def test_trailing_furniture_is_found_and_looking_for_it_stays_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n".join(f"فقرة رقم {n} من نص الخبر عن الاتفاقية الجديدة بين البلدين في مجال النقل." for n in range(8))
    furniture = "شارك هذا المقال:\nفيسبوك\nتويتر\nاقرأ أيضا: عنوان آخر\nجميع الحقوق محفوظة"
    parts = paragraphs(f"{body}\n{furniture}")
    assert parts[boilerplate_start(parts)].text == "شارك هذا المقال:"
    assert boilerplate_start(paragraphs(body)) == len(paragraphs(body))
    # Every line looks like furniture and is long: once quadratic, this took minutes. Each of the
    # last FURNITURE_LINES lines is now looked at once, and no other.
    huge = paragraphs("\n".join(["المصدر: وكالة الأنباء " + "كلمة " * 200] * 40_000))
    looked: list[str] = []
    original = furniture_module.looks_like_furniture

    def counted(line: str) -> bool:
        looked.append(line)
        return original(line)

    monkeypatch.setattr(furniture_module, "looks_like_furniture", counted)
    assert boilerplate_start(huge) < len(huge)
    assert len(looked) == furniture_module.FURNITURE_LINES


def test_labelled_lines_under_the_title_are_metadata_not_furniture() -> None:
    text = (
        "قمة في الرياض\nتاريخ النشر: 2018-02-18\nالمصدر: الرياض\n"
        "اجتمع القادة في الرياض اليوم لبحث الاقتصاد.\nوقال المتحدث إن القمة ناجحة.\n"
        "شارك هذا المقال\nتابعونا على تويتر"
    )
    parts = paragraphs(text)
    assert [p.text for p in parts[boilerplate_start(parts) :]] == ["شارك هذا المقال", "تابعونا على تويتر"]


def _line(number: int, extra: int = 0) -> bytes:
    record = {"id": f"r{number}", "title": f"خبر {number}", "text": f"نص الخبر {number} " + "ك" * extra}
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


@pytest.mark.parametrize("long_at", [0, 4, 9])  # the first, a middle and the last line
@pytest.mark.parametrize("newline_at_end", [True, False])
@pytest.mark.parametrize("over", [1, 2, 5000])  # bytes over the line bound
def test_a_jsonl_file_over_the_file_cap_is_streamed_and_only_an_overlong_line_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, long_at: int, newline_at_end: bool, over: int
) -> None:
    from corpus import load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1000)  # the file is over the whole-file cap
    monkeypatch.setattr(load, "MAX_LINE_BYTES", 3000)
    monkeypatch.setattr(load, "LINE_PIECE", 700)
    lines = [_line(n) for n in range(10)]
    short = len(_line(long_at)) - 1  # without its newline
    lines[long_at] = _line(long_at, (3000 - short + over + 1) // 2)  # ك is two bytes
    assert 3000 < len(lines[long_at]) - 1 <= 3000 + over + 2
    data = b"".join(lines)
    (tmp_path / "feed.jsonl").write_bytes(data if newline_at_end else data[:-1])
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == [f"r{n}" for n in range(10) if n != long_at]
    assert [(p.line, p.message.split(" (")[0]) for p in result.problems] == [(long_at + 1, "line too long")]
    for article in result.articles:  # offsets after the long line still hold
        article.release_text()
        assert article.read_text().startswith(f"نص الخبر {article.id[1:]} ")


def test_a_line_exactly_at_the_bound_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus import load

    line = _line(1, 600)
    monkeypatch.setattr(load, "MAX_LINE_BYTES", len(line) - 1)
    (tmp_path / "feed.jsonl").write_bytes(_line(0) + line + _line(2))
    result = load_articles([tmp_path])
    assert [a.id for a in result.articles] == ["r0", "r1", "r2"] and not result.problems


def _array_items() -> list[object]:
    """Records of every shape an array item may take, and items that are no article."""
    return [
        {"id": "a", "title": "خبر [أول]", "text": 'نص فيه ] و } و \\" ومسافات', "tags": [1, [2, {"x": "]"}]]},
        {"title": "خبر ثان", "content": "نص " + "ك" * 3000, "date": "2018-06-18", "source": "ant2:BBC"},
        42,
        {"title": "بدون نص"},
        {"title": "عدد طويل", "text": "نص العدد", "n": "LONG"},
        {"title": "بديل \ud800", "body": "نص \udc00 بديل"},
        {"title": "أخير", "text": "نص أخير"},
    ]


def _dump_array(items: list[object], spacing: str) -> bytes:
    """The items as a JSON array, written as UTF-8 (ASCII with escapes when `spacing` is none,
    and for the item holding lone surrogates) with `spacing` between tokens."""

    def dumped(item: object) -> str:
        text = json.dumps(item, ensure_ascii=spacing == "")
        return text if text.isascii() or "\\ud" not in repr(item) else json.dumps(item)

    encoded = [dumped(item).replace('"LONG"', "7" * 5000) for item in items]
    return ("[" + spacing + ("," + spacing).join(encoded) + spacing + "]" + spacing).encode("utf-8")


@pytest.mark.parametrize("spacing", ["", "\n", " \r\n  "])
@pytest.mark.parametrize("block", [1, 7, 1 << 20])  # blocks that cut every token, and one that holds it all
@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_json_array_over_the_file_cap_is_read_item_by_item_as_the_whole_file_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spacing: str, block: int, bom: bytes
) -> None:
    from corpus import load
    from corpus.text import json_array

    (tmp_path / "feed.json").write_bytes(bom + _dump_array(_array_items(), spacing))
    whole = load_articles([tmp_path])
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(json_array, "BLOCK", block)
    streamed = load_articles([tmp_path])
    assert [(a.id, a.title, a.read_text(), a.metadata) for a in streamed.articles] == [
        (a.id, a.title, a.read_text(), a.metadata) for a in whole.articles
    ]
    assert len(streamed.articles) == 5
    assert sorted(p.message for p in streamed.problems) == sorted(p.message for p in whole.problems)
    for article in streamed.articles:  # each record read again from its own bytes
        text = article.read_text()
        article.release_text()
        assert article.source is not None and article.read_text() == text


@pytest.mark.parametrize(
    ("content", "titles", "message"),
    [
        (b'{"articles": []}', [], "too large"),
        (b'[{"title": "a", "text": "b"}, {"title": "c", "text": ', ["a"], "not valid JSON"),
        (b'[{"title": "a", "text": "b"} {"title": "c"}]', ["a"], "not valid JSON"),
        (b'[{"title": "a", "text": "b"}, {"title": "' + b"x" * 5000 + b'"}, {"title": "d", "text": "e"}]',
         ["a", "d"], "record too long"),
        (b'[{"title": "a", "text": "b"}, {"title": "' + b"x" * 9_000_000, ["a"], "an item over 3,000 bytes"),
        ('[{"title": "a", "text": "ب"}]'.encode("utf-16"), [], "not UTF-8"),
        (b'[{"title": "a", "text": "b"}, {"title": "c", "text": "b\xff"}]', [], "not UTF-8"),  # in the first block
    ],
)  # fmt: skip
def test_a_json_file_over_the_cap_that_is_no_readable_array_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, titles: list[str], message: str
) -> None:
    from corpus import load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 10)
    monkeypatch.setattr(load, "MAX_LINE_BYTES", 3000)
    (tmp_path / "big.json").write_bytes(content)
    result = load_articles([tmp_path])
    assert [a.title for a in result.articles] == titles
    assert len(result.problems) == 1 and message in result.problems[0].message


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    """One bad byte in a UTF-8 Arabic article made the whole of it Windows-1256 mojibake (UTF-8
    Arabic read so is Arabic letters too: ظ†ظٹظˆط²ظٹظ„ظ†ط¯ط§), unsearchable: 62 of 3,000 bench articles
    given one such byte."""
    from corpus.text.decode import decode_bytes

    text = "نيوزيلندا تطالب أستراليا بتغيير علمها\n" + "وقالت رئيسة الوزراء إن العلم يشبه علم بلادها. " * 20
    data = text.encode("utf-8")
    middle = data.index("رئيسة".encode())
    decoded = decode_bytes(data[:middle] + b"\xff" + data[middle:])
    assert decoded.encoding == "utf-8" and decoded.text.startswith("نيوزيلندا تطالب")
    assert "1 invalid" in (decoded.warning or "")
    assert decode_bytes(text.encode("cp1256")).encoding == "cp1256"  # Windows-1256 itself stays so


def test_lines_ended_by_cr_alone_are_lines(tmp_path: Path) -> None:
    """A file whose lines end in CR alone: its title was the whole text, its paragraphs one; a
    JSON Lines file so lost every record ("no articles in this file")."""
    (tmp_path / "mac.txt").write_bytes("عنوان الخبر\rالفقرة الأولى.\rالفقرة الثانية.\r".encode())
    records = [{"id": f"r{n}", "title": f"خبر {n}", "text": f"نص الخبر {n}"} for n in range(3)]
    (tmp_path / "mac.jsonl").write_bytes("\r".join(json.dumps(r, ensure_ascii=False) for r in records).encode())
    result = load_articles([tmp_path])
    by_id = {a.id: a for a in result.articles}
    assert {"r0", "r1", "r2"} <= set(by_id) and by_id["r1"].read_text() == "نص الخبر 1"
    text = next(a for a in result.articles if a.path.endswith("mac.txt"))
    assert text.title == "عنوان الخبر" and text.read_text().split("\n")[1] == "الفقرة الأولى."
