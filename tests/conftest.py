"""Shared fixtures: small corpora the tests write themselves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corpus import Article
from corpus.search import CorpusIndex

NEWS = {
    "kaz": (
        "كازاخستان وأرمينيا توقعان اتفاقية للنقل",
        "وقعت كازاخستان وأرمينيا اتفاقية للنقل البري. وقال الرئيس الكازاخستاني إن الاتفاقية "
        "تفتح طريقاً جديداً لكازاخستان نحو البحر الأسود.\nوأكد رئيس الوزراء الأرميني نيكول باشينيان "
        "أن بلاده تدعم المشروع.",
    ),
    "israel": (
        "نتنياهو يلتقي وفداً أمريكياً",
        "التقى رئيس الوزراء الإسرائيلي بنيامين نتنياهو وفداً من الكونغرس في القدس، وبحث الجانبان "
        "التعاون الأمني والاقتصادي.",
    ),
    "economy": (
        "ارتفاع صادرات النفط",
        "ارتفعت صادرات النفط بنسبة 40% خلال العام الماضي، وبلغت قيمتها 1.1 مليار دولار، وفق "
        "بيانات وزارة الطاقة.\nوتتوقع الوزارة نمواً إضافياً في صادرات الغاز.",
    ),
    "english": (
        "Markets rally in Astana",
        "Shares rose in Astana on Monday as the Kazakh government announced new rail links.",
    ),
}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` runs one test process more than there are cores: the app tests spend most of
    their time waiting (on the app's threads, its helper processes, tmux and ssh), so two
    processes on a 2-core machine left the cores a third idle (100 s for the suite against 85 s
    with three or four). PYTEST_XDIST_AUTO_NUM_WORKERS still sets the number; the cores are those
    this process may run on."""
    asked = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if asked:
        return int(asked)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + 1


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep caches, settings and what the app remembers of every test out of the user's real directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("AKHBAR_CORPUS", raising=False)


@pytest.fixture(scope="session")
def articles() -> list[Article]:
    return [Article(key, f"{key}.txt", title, f"{title}\n{body}") for key, (title, body) in NEWS.items()]


@pytest.fixture(scope="session")
def index(articles: list[Article]) -> CorpusIndex:
    return CorpusIndex.build(articles)


@pytest.fixture
def news_folder(tmp_path: Path) -> Path:
    """A folder of plain-text and JSON articles."""
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    for key, (title, body) in NEWS.items():
        target = folder / "sub" if key == "english" else folder
        (target / f"{key}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    records = [{"id": "j1", "title": "خبر من JSON", "text": "نص الخبر عن لبنان وفلسطين.", "date": "2024-01-02"}]
    (folder / "more.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return folder
