"""People named by a regal title and a given name: the span, the link, the grouping."""

from __future__ import annotations

from corpus.entities.extract import tidy_spans
from corpus.entities.grouping import group_mentions
from corpus.entities.mentions import Entity, Mention
from corpus.entities.regal import titled_full_name, with_titles
from corpus.text.latin import latin_spellings


def _person(text: str, name: str, link: str = "") -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), "PER", name, link)


def test_a_regnal_number_after_a_title_and_a_name_is_part_of_the_name() -> None:
    words = "وصل البابا بنديكت السادس عشر إلى روما".split()
    tags = ["O", "O", "B-PERS", "O", "O", "O", "B-LOC"]
    assert tidy_spans(words, tags)[2:5] == ["B-PERS", "I-PERS", "I-PERS"]
    words = "استقبلت الملكة إليزابيث الثانية الضيوف".split()
    assert tidy_spans(words, ["O", "O", "B-PERS", "O", "O"])[3] == "I-PERS"


def test_an_ordinal_after_a_name_without_a_title_is_a_rank() -> None:
    words = "وحل محمد صلاح الثاني في الترتيب".split()
    assert tidy_spans(words, ["O", "B-PERS", "I-PERS", "O", "O", "O"])[3] == "O"


def test_a_given_name_after_a_regal_title_is_linked_to_its_titled_name() -> None:
    text = "وقالت للملكة إليزابيث إن الأمير هاري والرئيس ماكرون"
    linked = with_titles(text, [_person(text, "إليزابيث"), _person(text, "هاري"), _person(text, "ماكرون")])
    assert [m.link for m in linked] == ["الملكة إليزابيث", "الأمير هاري", ""]
    broken = "قالت الملكة\nإليزابيث"  # a title on the line before names no one on this one
    assert with_titles(broken, [_person(broken, "إليزابيث")])[0].link == ""


def _grouped(articles: list[list[tuple[str, str]]]) -> list[Entity]:
    """Each article's (name, link) persons grouped as the archive groups them."""
    pairs = []
    for doc, names in enumerate(articles):
        for i, (name, link) in enumerate(names):
            pairs.append((doc, Mention(i * 40, i * 40 + len(name), "PER", name, link)))
    return [e for e in group_mentions(pairs) if e.type == "PER"]


def _articles_of(entities: list[Entity], name: str) -> set[int]:
    return {int(doc) for e in entities if e.name == name for doc, _ in e.mentions}


def test_a_titled_given_name_joins_the_full_name_its_articles_give_it() -> None:
    king = ("سلمان بن عبدالعزيز", "")
    titled = ("سلمان", "الملك سلمان")
    entities = _grouped([[king, titled]] * 5 + [[titled], [titled]])
    assert _articles_of(entities, "سلمان بن عبدالعزيز") == set(range(7))
    assert not any(e.name.startswith("الملك") for e in entities)


def test_a_titled_given_name_no_article_names_in_full_is_a_person_of_its_own() -> None:
    harry = ("هاري", "الأمير هاري")
    run_on = ("هاري وميغان", "")  # a span the tagger ran on, in two articles: nobody's full name
    entities = _grouped([[harry]] * 3 + [[harry, run_on]] * 2 + [[("هاري كين", "")]])
    assert _articles_of(entities, "الأمير هاري") == set(range(5))
    assert _articles_of(entities, "هاري كين") == {5}


def test_a_titled_given_name_of_several_people_names_no_one() -> None:
    titled = ("محمد", "الأمير محمد")
    entities = _grouped([[("محمد بن سلمان", ""), titled]] * 5 + [[("محمد بن نايف", ""), titled]] * 5 + [[titled]])
    assert _articles_of(entities, "محمد بن سلمان") == set(range(5))
    assert _articles_of(entities, "محمد بن نايف") == set(range(5, 10))
    assert not _articles_of(entities, "الأمير محمد")


def _written(*texts: str) -> list[tuple[str, str]]:
    """One article's persons as extraction links them: each text names one person after a title
    or not ("قال الأمير محمد"), the person being its words from the third on."""
    linked = []
    for text in texts:
        name = " ".join(text.split()[2:])
        mention = with_titles(text, [_person(text, name)])[0]
        linked.append((mention.text, mention.link))
    return linked


def test_a_titled_given_name_in_an_article_naming_two_such_people_names_neither_there() -> None:
    """Across the archive الأمير محمد is محمد بن سلمان's (the articles naming one of them give it
    him); in an article naming الأمير محمد بن نايف too, the title and the name say no more."""
    titled, mbs, mbn = "قال الأمير محمد", "استقبل الأمير محمد بن سلمان", "استقبل الأمير محمد بن نايف"
    entities = _grouped([_written(mbs, titled)] * 20 + [_written(mbn)] * 5 + [_written(mbs, mbn, titled)] * 3)
    assert _articles_of(entities, "محمد بن سلمان") == set(range(20)) | set(range(25, 28))
    mentions = [m for e in entities if e.name == "محمد بن سلمان" for doc, m in e.mentions if int(doc) >= 25]
    assert {m.text for m in mentions} == {"محمد بن سلمان"}  # not the title's محمد there
    assert not any(m.text == "محمد" for e in entities if e.name == "محمد بن نايف" for _, m in e.mentions)


def test_a_titled_given_name_goes_to_the_one_named_person_written_with_the_title() -> None:
    """The consul محمد العتيبي, never written الأمير, is not the prince of an article naming both
    (nor of one naming the consul alone: there the archive's prince)."""
    titled, mbs, consul = "قال الأمير محمد", "استقبل الأمير محمد بن سلمان", "وقال القنصل محمد العتيبي"
    articles = [_written(mbs, titled)] * 8 + [_written(consul)] * 5
    entities = _grouped(articles + [_written(consul, titled)] * 2 + [_written(consul, mbs, titled)] * 3)
    prince = next(e for e in entities if e.name == "محمد بن سلمان")
    assert {int(doc) for doc, m in prince.mentions if m.text == "محمد"} == set(range(8)) | set(range(13, 18))
    assert not any(m.text == "محمد" for e in entities if e.name == "محمد العتيبي" for _, m in e.mentions)


def test_a_titled_given_name_beside_two_forms_of_one_name_is_that_person() -> None:
    """عادل الجبير and عادل بن أحمد الجبير in one article are one man once the archive has joined
    them (an article naming him both ways): his titled name there is his, not no one's."""
    titled, short, whole = "قال الأمير عادل", "استقبل الأمير عادل الجبير", "استقبل الأمير عادل بن أحمد الجبير"
    entities = _grouped([_written(short)] * 6 + [_written(whole)] * 6 + [_written(short, whole, titled)] * 3)
    (prince,) = [e for e in entities if any(m.text == "عادل الجبير" for _, m in e.mentions)]
    assert {int(doc) for doc, m in prince.mentions if m.text == "عادل"} == {12, 13, 14}


def test_the_shah_is_a_title_not_a_namesakes_given_name() -> None:
    """الشاه عباس, the Safavid king, counted as محمود عباس (a newcomer's run)."""
    shah, abbas = "لعب الشاه عباس", "وقال الرئيس محمود عباس"
    entities = _grouped([_written(abbas)] * 6 + [_written(shah, shah)] * 2)
    assert _articles_of(entities, "الشاه عباس") == {6, 7}
    assert _articles_of(entities, "محمود عباس") == set(range(6))


def test_a_titled_given_name_beside_two_namesakes_the_archive_never_titles_is_neither() -> None:
    """هاري كين and هاري ستايلز are two men, neither a prince: الأمير هاري of an article naming both
    stays a person of its own (review: names with no father to compare were taken for one)."""
    harry, kane, styles = ("هاري", "الأمير هاري"), ("هاري كين", ""), ("هاري ستايلز", "")
    entities = _grouped([[kane]] * 6 + [[styles]] * 6 + [[harry]] * 4 + [[kane, kane, styles, harry]] * 2)
    assert _articles_of(entities, "الأمير هاري") == set(range(12, 18))
    assert not any(m.text == "هاري" for e in entities if e.name in ("هاري كين", "هاري ستايلز") for _, m in e.mentions)


def test_a_name_written_after_a_title_and_cut_by_the_tagger_is_joined_whole() -> None:
    """The title's link kept سلطان بن سلمان | آل سعود apart, آل سعود a person of its own (review)."""
    whole = "سلطان بن سلمان آل سعود"
    pairs = [(doc, Mention(0, len(whole), "PER", whole, "")) for doc in range(4)]
    text = "قال الأمير سلطان بن سلمان آل سعود"
    start, family = text.index("سلطان"), text.index("آل سعود")
    cut = [Mention(start, family - 1, "PER", "سلطان بن سلمان"), Mention(family, len(text), "PER", "آل سعود")]
    pairs += [(4, mention) for mention in with_titles(text, cut)]
    people = [e for e in group_mentions(pairs) if e.type == "PER"]
    assert [e.name for e in people] == [whole] and {int(doc) for doc, _ in people[0].mentions} == set(range(5))


def test_a_full_name_after_a_regal_title_is_linked_with_the_title() -> None:
    text = "واستقبل الأمير محمد بن سلمان والسفير محمد العتيبي"
    mentions = [_person(text, "محمد بن سلمان"), _person(text, "محمد العتيبي")]
    assert [m.link for m in with_titles(text, mentions)] == ["الأمير محمد بن سلمان", ""]
    assert titled_full_name("الأمير محمد بن سلمان") == ("الامير", "محمد بن سلمان")
    assert titled_full_name("الملك عبد الله") == ("", "")  # one name written apart: a titled given name


def test_a_titled_given_name_beside_a_name_and_its_longer_form_is_that_person() -> None:
    titled = ("سلمان", "الملك سلمان")
    king, longer = ("سلمان بن عبدالعزيز", ""), ("سلمان بن عبدالعزيز آل سعود", "")
    entities = _grouped([[king]] * 5 + [[longer]] * 5 + [[longer, king, titled]] * 2)
    owner = next(e for e in entities if e.name.startswith("سلمان بن عبدالعزيز"))
    assert {int(doc) for doc, m in owner.mentions if m.text == "سلمان"} == {10, 11}


def test_a_titled_name_after_the_head_of_a_thing_named_after_it_is_not_linked() -> None:
    text = "بالتعاون مع مدرسة الأمير تشارلز للفنون ومخطط الأمير تركي"
    linked = with_titles(text, [_person(text, "تشارلز"), _person(text, "تركي")])
    assert [m.link for m in linked] == ["", ""]


def test_an_ordinal_that_does_not_agree_with_the_title_is_no_regnal_number() -> None:
    words = "وكانت زيارة الملك سلمان الثانية ناجحة".split()
    assert tidy_spans(words, ["O", "O", "O", "B-PERS", "O", "O"])[4] == "O"


def test_a_titled_name_is_spelled_in_latin_with_its_title_in_english() -> None:
    assert latin_spellings("الملكة إليزابيث", place=False)[0].startswith("Queen ")
    assert latin_spellings("البابا فرنسيس", place=False)[0] == "Pope Francis"
    assert not latin_spellings("محمد الملك", place=False)[0].endswith("King")


def test_a_titled_given_name_joins_no_one_on_a_few_articles_of_its_many() -> None:
    """الملك فهد, named alone in many articles, given in two to a governor فهد بن عبدالعزيز بن معمر
    (a park named after the king beside him) stays the king's own name."""
    titled = ("فهد", "الملك فهد")
    governor = ("فهد بن عبدالعزيز بن معمر", "")
    entities = _grouped([[governor]] * 8 + [[governor, titled]] * 2 + [[titled]] * 12)
    assert _articles_of(entities, "الملك فهد") >= set(range(10, 22))
    assert _articles_of(entities, "فهد بن عبدالعزيز بن معمر") == set(range(10))


def test_a_titled_given_name_two_kings_share_names_neither_where_their_articles_do_not_say() -> None:
    """الملك عبدالله: articles naming the Jordanian king in full and others naming the late Saudi
    king in full; where an article names neither, the title and the name say no more."""
    titled = ("عبدالله", "الملك عبدالله")
    jordan, saudi = ("عبدالله الثاني", ""), ("عبدالله بن عبدالعزيز", "")
    entities = _grouped([[jordan, titled]] * 20 + [[saudi, titled]] * 5 + [[titled]] * 4)
    assert _articles_of(entities, "عبدالله الثاني") == set(range(20))
    assert _articles_of(entities, "عبدالله بن عبدالعزيز") == set(range(20, 25))
    assert not _articles_of(entities, "الملك عبدالله")
