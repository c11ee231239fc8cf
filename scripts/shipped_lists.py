"""Writing the word lists the package ships (corpus/data): a header line, then one entry a line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_list(out: Path, header: str, lines: Iterable[str], what: str) -> None:
    """Write `lines` under a "# header" line to `out`, and say how many `what` were written."""
    rows = list(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# {header}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} {what} → {out.relative_to(ROOT)}")
