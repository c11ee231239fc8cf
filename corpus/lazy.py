"""Re-exports that import their module on first use: a package's public API without its import cost.

The app's first paint must not wait for numpy, rapidfuzz or the tagger, which the index,
search and entity modules load; their packages name them here and load them when asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(package: str, names: Mapping[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package`: name → the module (relative to `package`) defining it."""

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
