"""The app under abuse: thousands of random keys and pastes, hostile text, and a corpus it must not touch."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from pathlib import Path

from textual import events

from tests.helpers import SIZE, ready, screen_text
from tui.app.app import make_app

APP_KEYS = [
    "j",
    "k",
    "g",
    "G",
    "n",
    "N",
    "e",
    "c",
    "t",
    "s",
    "w",
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "slash",
    "ctrl+f",
    "question_mark",
    "f1",
    "pageup",
    "pagedown",
    "up",
    "down",
    "left",
    "right",
    "backspace",
    "space",
    "home",
    "end",
    "delete",
    "ctrl+p",
]
ARABIC = list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإئؤةى") + ["\u064e", "\u0651", "ـ"]
HOSTILE = ["\x1b]0;pwned\x07", "\x1b[2J", "\u202e", "\x00", "\x9b31m", "\u2066", "\r\n"]


def _paste(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return "".join(rng.choice(ARABIC) for _ in range(rng.randint(1, 40)))
    if kind < 0.7:
        return rng.choice(HOSTILE) + "كازاخستان" + rng.choice(HOSTILE)
    return "".join(rng.choice(ARABIC + [" ", "'", '"', "!"]) for _ in range(rng.randint(200, 800)))


KEYS = 2000
"""Random keys and pastes in one session: each of the app's 31 keys comes up about 30 times, each
letter about 20, pastes about 200 times (it was 5,000 keys, 50 s of the suite)."""
RESIZE_EVERY = 200
"""Keys between two resizes: ten resizes, as with 5,000 keys."""


async def test_two_thousand_random_keys_and_pastes() -> None:
    rng = random.Random(20261122)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        pressed = 0
        while pressed < KEYS:
            roll = rng.random()
            if roll < 0.9:
                # Keys are posted as a terminal delivers them: in bursts, without waiting in between.
                key = rng.choice(APP_KEYS) if roll < 0.55 else rng.choice(ARABIC)
                character = key if len(key) == 1 else {"space": " "}.get(key)
                app.post_message(events.Key(key, character))
            else:
                target = app.focused or app.screen
                target.post_message(events.Paste(_paste(rng)))
            pressed += 1
            if pressed % 50 == 0:
                await pilot.pause()
            if pressed % RESIZE_EVERY == 0:
                await pilot.resize_terminal(rng.choice([80, 100, 140]), rng.choice([24, 40]))
        await app.workers.wait_for_complete()
        for _ in range(4):
            await pilot.press("escape")
        await pilot.pause()
        screen = screen_text(app)
        assert not any(unicodedata.category(c) == "Cc" for c in screen.replace("\n", ""))
        while len(app.screen_stack) > 1:
            app.pop_screen()
            await pilot.pause()
        await app.run_action("help")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_pasted_controls_in_the_search_box_stay_visible_symbols() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        app.main.search_input.post_message(events.Paste("\x1b]0;pwned\x07كازاخستان\u202e"))
        await ready(app, pilot)
        screen = screen_text(app)
        assert "\x1b" not in screen and "\x07" not in screen and "\u202e" not in screen


def _hashes(root: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


async def test_a_session_of_actions_never_writes_under_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "archive"
    corpus.mkdir()
    for number in range(4):
        (corpus / f"n{number}.txt").write_text(
            f"خبر {number} عن كازاخستان\nوقال الرئيس قاسم جومارت توكاييف في أستانا يوم {number + 1} "
            f"مايو 2025 إن التعاون سيزيد بنسبة 20%.\n",
            encoding="utf-8",
        )
    (corpus / "feed.jsonl").write_text(
        '{"title": "سجل", "text": "زار باشينيان أستانا"}\n{"broken": \n', encoding="utf-8"
    )
    before = _hashes(corpus)
    app = make_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        for keys in (
            ["slash", *"كازاخستان"],
            ["enter", "enter"],
            ["n", "c", "t", "t", "t"],
            ["e", "enter", "enter"],
            ["ctrl+f", *"خبر", "enter", "s", "w", "escape"],
        ):
            await pilot.press(*keys)
            await ready(app, pilot)
    assert _hashes(corpus) == before
    assert sorted(p.name for p in corpus.iterdir()) == sorted(Path(p).name for p in before)
