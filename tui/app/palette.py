"""The command palette (ctrl+p): every app action, found by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.keys import APP_KEYS

__all__ = ["AkhbarCommands"]


class AkhbarCommands(Provider):
    """Offers every key of the help screen as a command."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [(k.description, k.action, k.shown or k.keys) for k in APP_KEYS if k.action and k.action != "back"]

    async def discover(self) -> Hits:
        for name, action, keys in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, keys in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action), help=f"key: {keys}")
