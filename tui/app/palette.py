"""The command palette (ctrl+p): every app and screen action, found by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.keys import APP_KEYS, SCREEN_KEYS, action_of

__all__ = ["AkhbarCommands"]


class AkhbarCommands(Provider):
    """Offers every app and screen key of the help as a command, run where it is bound."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = []
        for key in (*SCREEN_KEYS, *APP_KEYS):
            if not key.action or key.action == "back":
                continue
            owner = self.app if key.owner == "app" else self.screen
            commands.append((key.description, partial(owner.run_action, action_of(key)), key.shown or key.keys))
        return commands

    async def discover(self) -> Hits:
        for name, run, keys in self._commands():
            yield DiscoveryHit(name, run, help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, keys in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=f"key: {keys}")
