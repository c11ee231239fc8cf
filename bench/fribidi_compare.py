"""Compare `akhbar render` line by line with GNU FriBidi on articles, at many widths.

Each paragraph is wrapped in logical order by the display engine; the logical text of each
line is then given to `fribidi` (one paragraph a line, base direction forced to the
paragraph's, NSMs kept after their base) and its visual string is compared with ours.
Code points that look the same are folded first: U+FE80 and U+0621 (hamza), and the
U+FEFF filler FriBidi leaves where a lam-alef ligature absorbed an alef.

FriBidi sees each line as a paragraph of its own, so a line that starts with a number
("40%." after a line break) loses the Arabic context before it. Such a mismatch is
counted apart when FriBidi's levels for the whole paragraph (`--levels`) agree with ours:
the display engine resolves levels once per paragraph, as UAX #9 requires.

    python -m bench.fribidi_compare [FILE ...] [--widths 30-100]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from tui.display import DisplayOptions, is_rtl_text, layout, prepare, visible
from tui.display.levels import resolve_levels

SAME_LOOKING = str.maketrans({"\ufe80": "\u0621", "\ufeff": None})


def fold(text: str) -> str:
    """Fold code points that look the same in a terminal."""
    return text.translate(SAME_LOOKING)


def fribidi_lines(lines: list[str], rtl: bool) -> list[str]:
    """FriBidi's visual form of each line, each taken as a paragraph of its own."""
    direction = "--rtl" if rtl else "--ltr"
    done = subprocess.run(
        ["fribidi", direction, "--nopad", "--nobreak", "--reordernsm"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split("\n")[: len(lines)]


def fribidi_levels(paragraph: str, rtl: bool) -> list[int]:
    """FriBidi's embedding level of every character of a whole paragraph."""
    done = subprocess.run(
        ["fribidi", "--rtl" if rtl else "--ltr", "--levels", "--novisual", "--nobreak"],
        input=paragraph + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(x) for x in done.stdout.split()]


def levels_agree(paragraph: str, rtl: bool) -> bool:
    """True when our levels match FriBidi's for every non-space character of the paragraph."""
    shown = visible(paragraph)
    ours = resolve_levels(shown, 1 if rtl else 0)
    theirs = fribidi_levels(shown, rtl)
    return len(ours) == len(theirs) and all(
        a == b for a, b, c in zip(ours, theirs, shown, strict=False) if not c.isspace()
    )


def compare(text: str, widths: range) -> tuple[int, list[tuple[int, str, str, str, bool]]]:
    """(lines compared, mismatches as (width, logical line, ours, fribidi's, levels agree))."""
    options = DisplayOptions()
    rtl = is_rtl_text(text)
    compared = 0
    mismatches: list[tuple[int, str, str, str, bool]] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue
        prepared = prepare(paragraph, rtl, options)
        paragraph_rtl = prepared.base_level % 2 == 1
        agree: bool | None = None
        laid = [(width, line) for width in widths for line in layout(prepared, width, options)]
        logical = [paragraph[line.logical_start : line.logical_end] for _, line in laid]
        theirs = fribidi_lines(logical, paragraph_rtl)
        for (width, line), source, reference in zip(laid, logical, theirs, strict=True):
            compared += 1
            if fold(line.text) != fold(reference.strip(" ")):
                if agree is None:
                    agree = levels_agree(paragraph, paragraph_rtl)
                mismatches.append((width, source, line.text, reference, agree))
    return compared, mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--widths", default="30-100", help="range of widths, e.g. 30-100")
    parser.add_argument("--show", type=int, default=5, help="mismatches to print")
    args = parser.parse_args()
    if shutil.which("fribidi") is None:
        print("fribidi not found: install the Debian package libfribidi-bin", file=sys.stderr)
        return 2
    low, high = (int(x) for x in args.widths.split("-"))
    files = args.files or sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    total = bad = context = 0
    for path in files:
        compared, mismatches = compare(path.read_text(encoding="utf-8"), range(low, high + 1))
        in_context = sum(1 for m in mismatches if m[4])
        total += compared
        bad += len(mismatches) - in_context
        context += in_context
        print(
            f"{path.name}: {compared - len(mismatches)}/{compared} lines identical, "
            f"{in_context} differ only by paragraph context (levels agree with FriBidi's)"
        )
        for width, source, ours, reference, agree in mismatches[: args.show]:
            note = "context" if agree else "REAL"
            print(f"  [{note}] width {width}: {source!r}\n    ours:    {ours!r}\n    fribidi: {reference!r}")
    print(
        f"total: {total - bad - context}/{total} identical, {context} context-only, {bad} real mismatches "
        f"({100 * (total - bad) / max(1, total):.2f}% agree)"
    )
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
