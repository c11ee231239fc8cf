"""Words per CPU second of each name tagger, alone and through the app's whole extraction, on one core.

    python -m bench.tagger_speed [--folder /tmp/akhbar-bench/news69k] [--articles 2000]
                                 [--taggers ensemble,neural,crf] [--json FILE]

Reads the first N articles (sorted paths) of the bench folder, then for each tagger, twice
(each pass with a freshly loaded tagger, so its word caches start empty as in a first tagging):
the tokens the tagger reads (words and the punctuation between them) tagged in groups of 2,000
sentences, and the articles through `articles_mentions` in groups of TAGGED_TOGETHER, as the
app's worker processes call it. CPU time (`time.process_time`), with numpy's BLAS held to one
thread, so the figure is one core's and load on the other core matters less. The first
tagging of an archive on two cores takes about its tokens / (2 × the extraction figure) plus
reading and caching; `bench/entities.py` measures that whole.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


from bench.run import bench_parser  # noqa: E402 - after the thread settings above
from corpus.entities.choice import TAGGER_ENV, TAGGERS, available, default_tagger  # noqa: E402 - after the thread settings above
from corpus.entities.extract import _sentences, _tagged_part, _with_punctuation, articles_mentions  # noqa: E402 - after the thread settings above
from corpus.entities.index import TAGGED_TOGETHER  # noqa: E402 - after the thread settings above
from corpus.entities.tagger import SentenceTagger  # noqa: E402 - after the thread settings above

ROOT = Path(__file__).resolve().parent.parent


def fresh_tagger(name: str) -> SentenceTagger:
    """The tagger `name`, newly loaded (empty caches)."""
    from corpus.entities import choice

    os.environ[TAGGER_ENV] = name
    choice._loaded.cache_clear()
    tagger = default_tagger()
    assert tagger is not None
    return tagger


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/akhbar-bench/news69k"))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--taggers", default="ensemble,neural,crf")
    args = parser.parse_args()
    files = sorted(args.folder.rglob("*.txt"))[: args.articles]
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in files]
    sentences = [_with_punctuation(text, s)[0] for text in texts for s in _sentences(_tagged_part(text))]
    tokens = sum(len(s) for s in sentences)
    report: dict[str, object] = {"articles": len(texts), "tokens": tokens}
    print(f"{len(texts)} articles, {tokens:,} tokens; load {os.getloadavg()[0]:.1f}", flush=True)
    for name in args.taggers.split(","):
        if name not in TAGGERS or not available(name):
            raise SystemExit(f"no model for the {name!r} tagger ({', '.join(TAGGERS)} are known)")
        passes = []
        for run in (1, 2):
            tagger = fresh_tagger(name)
            started = time.process_time()
            for first in range(0, len(sentences), 2000):
                tagger.tag_sentences(sentences[first : first + 2000])
            alone = tokens / (time.process_time() - started)
            tagger = fresh_tagger(name)
            started = time.process_time()
            for first in range(0, len(texts), TAGGED_TOGETHER):
                articles_mentions(texts[first : first + TAGGED_TOGETHER], tagger)
            whole = tokens / (time.process_time() - started)
            passes.append({"tagger_alone": round(alone), "whole_extraction": round(whole)})
            print(
                f"{name} pass {run}: tagger alone {alone:,.0f}, whole extraction {whole:,.0f} tokens per CPU second "
                f"(load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        report[name] = passes
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
