"""App tests start from the bundled seeds already indexed and tagged, as at any start after the first.

A first start on the seeds spends seconds indexing them and tagging their entities in a fresh
interpreter (it loads the tagger's model); the app tests that use the seeds check what happens
after that, so each begins with its own copy of the cache a first start writes, made once per
test process. A test marked `first_start` starts with an empty cache, as a new user does; every
test on a corpus of its own (most of them) starts that way too.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import SIZE, ready

XDG = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


async def _first_start() -> None:
    """Start the app on the seeds and wait until their index and entities are in, then quit."""
    from tui.app import make_app

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        archive = app.session.archive
        assert archive is not None and len(archive) > 0 and archive.entities is not None


@pytest.fixture(scope="session")
def seeds_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cache folder a first start of the app on the seeds leaves (read-only: tests copy it)."""
    home = tmp_path_factory.mktemp("seeds-first-start")
    with pytest.MonkeyPatch.context() as patch:
        for name in XDG:
            patch.setenv(name, str(home / name.lower()))
        patch.delenv("AKHBAR_CORPUS", raising=False)
        asyncio.run(_first_start())
    return home / "xdg_cache_home"


@pytest.fixture(autouse=True)
def seeds_already_indexed(request: pytest.FixtureRequest, private_home: None) -> None:
    """Copy the seeds' cache into this test's own cache folder, unless the test is a first start."""
    if request.node.get_closest_marker("first_start") or request.node.get_closest_marker("tmux"):
        return
    shutil.copytree(request.getfixturevalue("seeds_cache"), os.environ["XDG_CACHE_HOME"], dirs_exist_ok=True)
