"""How well does `align` pair sentences, against plain Gale–Church and Bleualign?

Gold: `benchmarks/data/align/*.tsv`, four news articles written in English and Azerbaijani for
this benchmark, one bead a line, with planted merges (2-1), splits (1-2), insertions (0-1),
deletions (1-0) and paragraph breaks on one side only (format in each file's header). The
aligners get the gold sentence lists and paragraphs, so this measures alignment, not sentence
splitting.

Sets:
  en-az   the articles as written
  en-en   the stand-in for a good MT model, which cannot be downloaded here: the target side is
          the English source with paraphrase noise (seeded: 20 % of words dropped, 20 % replaced
          by words of other articles; merges joined, splits cut at a middle word, insertions
          taken from other articles) and the MT is the identity, so a correct pair scores
          about what a good model's output scores against a human translation

Systems:
  gale-church (nltk)    nltk.translate.gale_church.align_blocks on the sentence lengths,
                        whole article (the library as it is; it has no 1-0/0-1 output)
  length                `align_lists` without MT (Gale–Church cost in our DP), with/without
                        paragraph anchors
  copy-model / identity `align_lists` with the MT of the source side: the test suite's copy
                        model (tests/data/copy-marian) or the source text itself
  bleualign             pypi-bleualign (Sennrich's Bleualign) given the same MT, when installed

Score: precision, recall and F1 of matched beads (1-1, 1-2, 2-1; exact source and target
indices), over all articles of a set. 1-0 and 0-1 beads are not counted (they go into no
memory); a planted insertion or deletion costs an aligner only when it pairs it wrongly.

  end to end            `align_paths` on the gold written as plain-text articles (reading and
                        sentence splitting included): what `i18n-pipeline align` finds

Run: python benchmarks/align.py [--no-model] [--seed 15] [--write-articles DIR] [--json]
     (last line with --json: the figures)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "benchmarks" / "data" / "align"
COPY_MODEL = ROOT / "tests" / "data" / "copy-marian"

from i18n_pipeline.evaluation.align import AlignSettings, align_lists  # noqa: E402

Beads = set[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass
class Article:
    name: str
    sources: list[str]
    targets: list[str]
    source_blocks: list[int]
    target_blocks: list[int]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]  # every bead, nulls included


def read_gold(path: Path) -> Article:
    """A gold file: `en<TAB>az` beads, " ||| " between sentences, "¶"/"¶en"/"¶az" breaks."""
    article = Article(path.stem, [], [], [], [], [])
    block = [0, 0]
    for raw in path.read_text("utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        if raw.startswith("¶"):
            side = raw[1:].strip()
            block[0] += side in ("", "en")
            block[1] += side in ("", "az")
            continue
        en, az = raw.split("\t")
        src = [s.strip() for s in en.split("|||") if s.strip()]
        tgt = [s.strip() for s in az.split("|||") if s.strip()]
        first_s, first_t = len(article.sources), len(article.targets)
        article.sources += src
        article.targets += tgt
        article.source_blocks += [block[0]] * len(src)
        article.target_blocks += [block[1]] * len(tgt)
        article.gold.append(
            (
                tuple(range(first_s, first_s + len(src))),
                tuple(range(first_t, first_t + len(tgt))),
            )
        )
    return article


def paraphrased(articles: Sequence[Article], seed: int = 15) -> list[Article]:
    """The en-en stand-in: each article's English with paraphrase noise as its 'translation',
    with the gold's structure (see the module doc)."""
    rng = random.Random(seed)
    out = []
    for number, article in enumerate(articles):
        others = [s for k, a in enumerate(articles) if k != number for s in a.sources]
        pool = [w for s in others for w in s.split()]

        def noise(text: str, pool: list[str] = pool) -> str:
            words = []
            for word in text.split():
                roll = rng.random()
                if roll < 0.2:
                    continue
                words.append(rng.choice(pool) if roll < 0.4 else word)
            return " ".join(words) or text

        new = Article(
            f"{article.name} (en-en)", list(article.sources), [], article.source_blocks, [], []
        )
        for (src, tgt), gold_blocks in zip(article.gold, _target_blocks(article), strict=True):
            texts = [article.sources[k] for k in src]
            if not src:
                made = [noise(rng.choice(others))]
            elif len(src) == 2:
                made = [noise(" ".join(texts))]
            elif len(tgt) == 2:
                words = texts[0].split()
                half = max(1, len(words) // 2)
                made = [noise(" ".join(words[:half]) + "."), noise(" ".join(words[half:]))]
            elif tgt:
                made = [noise(texts[0])]
            else:
                made = []
            first = len(new.targets)
            new.targets += made
            new.target_blocks += [gold_blocks] * len(made)
            new.gold.append((src, tuple(range(first, first + len(made)))))
        out.append(new)
    return out


def _target_blocks(article: Article) -> list[int]:
    """The target paragraph of each gold bead (that of the bead before it when it has none)."""
    blocks, last = [], 0
    for _, tgt in article.gold:
        last = article.target_blocks[tgt[0]] if tgt else last
        blocks.append(last)
    return blocks


def write_articles(articles: Sequence[Article], directory: Path) -> tuple[Path, Path]:
    """Each gold article as two plain-text articles, DIR/en/NAME.txt and DIR/az/NAME.txt (a
    paragraph a block), for `i18n-pipeline align DIR/en DIR/az`."""
    sides = (directory / "en", directory / "az")
    for side in sides:
        side.mkdir(parents=True, exist_ok=True)
    for article in articles:
        for side, texts, blocks in (
            (sides[0], article.sources, article.source_blocks),
            (sides[1], article.targets, article.target_blocks),
        ):
            paragraphs: dict[int, list[str]] = {}
            for text, block in zip(texts, blocks, strict=True):
                paragraphs.setdefault(block, []).append(text)
            body = "\n\n".join(" ".join(p) for p in paragraphs.values())
            (side / f"{article.name}.txt").write_text(body + "\n", "utf-8")
    return sides


def end_to_end(articles: Sequence[Article], engine: Any) -> list[Beads]:
    """What `i18n-pipeline align DIR/en DIR/az` finds on the written articles (reading and
    sentence splitting included), in gold indices; a sentence the splitter cut differently
    from the gold matches nothing."""
    import tempfile

    from i18n_pipeline.evaluation.align import AlignOptions, align_paths

    with tempfile.TemporaryDirectory() as tmp:
        en, az = write_articles(articles, Path(tmp))
        result = align_paths(en, az, AlignOptions(engine="length"), engine=engine)
        by_name = {a.source_path.stem: a for a in result.alignments}
        found = []
        for article in articles:
            alignment = by_name[article.name]
            src = {t: k for k, t in enumerate(article.sources)}
            tgt = {t: k for k, t in enumerate(article.targets)}
            beads: Beads = set()
            for pair in alignment.pairs:
                if pair.matched:
                    s_ids = tuple(
                        src.get(alignment.source_sentences[k].text, -1) for k in pair.source
                    )
                    t_ids = tuple(
                        tgt.get(alignment.target_sentences[k].text, -1) for k in pair.target
                    )
                    beads.add((s_ids, t_ids))
            found.append(beads)
    return found


def matched(beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> Beads:
    return {(s, t) for s, t in beads if s and t}


def nltk_gale_church(article: Article, _mt: Sequence[str] | None) -> Beads:
    """nltk's align_blocks on character lengths; its links grouped into beads."""
    from nltk.translate.gale_church import align_blocks

    links = align_blocks([len(s) for s in article.sources], [len(t) for t in article.targets])
    return _links_to_beads(links)


def _links_to_beads(links: Sequence[tuple[int, int]]) -> Beads:
    """Sentence links (i, j) → beads: connected groups of consecutive links."""
    beads: list[tuple[set[int], set[int]]] = []
    for i, j in links:
        if beads and (i in beads[-1][0] or j in beads[-1][1]):
            beads[-1][0].add(i)
            beads[-1][1].add(j)
        else:
            beads.append(({i}, {j}))
    return {(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads}


def ours(anchors: bool) -> Callable[[Article, Sequence[str] | None], Beads]:
    def run(article: Article, mt: Sequence[str] | None) -> Beads:
        beads = align_lists(
            article.sources,
            article.targets,
            mt,
            source_blocks=article.source_blocks,
            target_blocks=article.target_blocks,
            settings=AlignSettings(anchors=anchors),
        )
        return matched([(s, t) for s, t, _ in beads])

    return run


def run_bleualign(article: Article, mt: Sequence[str] | None) -> Beads:
    """Sennrich's Bleualign (pypi-bleualign) on one article, its output mapped back to indices."""
    import contextlib
    import io

    from bleualign.align import Aligner

    options = {
        "srcfile": list(article.sources),
        "targetfile": list(article.targets),
        "srctotarget": [list(mt or article.sources)],
        "targettosrc": [],
        "output-src": None,
        "output-target": None,
        "verbosity": 0,
    }
    with contextlib.redirect_stdout(io.StringIO()):
        aligner = Aligner(options)
        aligner.mainloop()
        src_out, tgt_out = aligner.results()
    src_lines = src_out.getvalue().splitlines()
    tgt_lines = tgt_out.getvalue().splitlines()
    beads: Beads = set()
    ps = pt = 0
    for s_line, t_line in zip(src_lines, tgt_lines, strict=True):
        s, ps = _find(article.sources, s_line, ps)
        t, pt = _find(article.targets, t_line, pt)
        if s and t:
            beads.add((s, t))
    return beads


def _find(sentences: Sequence[str], line: str, start: int) -> tuple[tuple[int, ...], int]:
    """The consecutive sentences from `start` on whose join is `line`."""
    for k in range(start, len(sentences)):
        for length in (1, 2, 3):
            if " ".join(s.strip() for s in sentences[k : k + length]) == line.strip():
                return tuple(range(k, k + length)), k + length
    return (), start


def score(found: Sequence[Beads], gold: Sequence[Beads]) -> dict[str, float]:
    hits = sum(len(f & g) for f, g in zip(found, gold, strict=True))
    n_found = sum(len(f) for f in found)
    n_gold = sum(len(g) for g in gold)
    precision = hits / n_found if n_found else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": n_found, "gold": n_gold}


def copy_model_engine() -> Any:
    """The test suite's copy model as `align` runs it (CTranslate2), or None without it."""
    if not (COPY_MODEL / "model.safetensors").exists():
        return None
    from i18n_pipeline.evaluation.align import AlignOptions, scoring_engine

    return scoring_engine(AlignOptions(model=str(COPY_MODEL)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-model", action="store_true", help="skip the copy model")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON last")
    parser.add_argument(
        "--seed", type=int, default=15, help="seed of the en-en paraphrase noise (default 15)"
    )
    parser.add_argument(
        "--write-articles",
        type=Path,
        metavar="DIR",
        help="also write the en-az gold as articles: DIR/en/*.txt and DIR/az/*.txt",
    )
    args = parser.parse_args()
    en_az = [read_gold(p) for p in sorted(DATA.glob("*.tsv"))]
    en_en = paraphrased(en_az, args.seed)
    try:
        import bleualign.align  # noqa: F401

        have_bleualign = True
    except ImportError:
        have_bleualign = False
    if args.write_articles:
        en, az = write_articles(en_az, args.write_articles)
        print(f"wrote {en} and {az}")
    # Imports and one-off loads (nltk, sacrebleu, pysbd's rules) before anything is timed.
    nltk_gale_church(en_az[0], None)
    ours(True)(en_az[0], en_az[0].sources)
    engine = None if args.no_model else copy_model_engine()
    copy_mt = None
    if engine is not None:
        from i18n_pipeline.evaluation.align import machine_translations

        copy_mt = [machine_translations(engine, a.sources, "en", "az") for a in en_az]
    rows: list[dict[str, Any]] = []

    def measure(
        data: str,
        articles: Sequence[Article],
        system: str,
        run: Callable[[Article, Sequence[str] | None], Beads],
        mts: Sequence[Sequence[str] | None],
    ) -> None:
        started = time.perf_counter()
        found = [run(a, mt) for a, mt in zip(articles, mts, strict=True)]
        seconds = time.perf_counter() - started
        figures = score(found, [matched(a.gold) for a in articles])
        rows.append({"set": data, "system": system, **figures, "seconds": round(seconds, 2)})

    for data, articles in (("en-az", en_az), ("en-en", en_en)):
        none: list[Sequence[str] | None] = [None] * len(articles)
        identity: list[Sequence[str] | None] = [a.sources for a in articles]
        measure(data, articles, "gale-church (nltk)", nltk_gale_church, none)
        measure(data, articles, "length, no anchors", ours(False), none)
        measure(data, articles, "length + paragraph anchors", ours(True), none)
        measure(data, articles, "identity MT, no anchors", ours(False), identity)
        measure(data, articles, "identity MT + paragraph anchors", ours(True), identity)
        if data == "en-az" and copy_mt is not None:
            measure(data, articles, "copy model MT, no anchors", ours(False), list(copy_mt))
            measure(data, articles, "copy model MT + paragraph anchors", ours(True), list(copy_mt))
        if have_bleualign:
            measure(data, articles, "bleualign, identity MT", run_bleualign, identity)
    gold = [matched(a.gold) for a in en_az]
    for system, run_engine in (("end to end, length", None), ("end to end, copy model", engine)):
        if system.endswith("copy model") and engine is None:
            continue
        started = time.perf_counter()
        found = end_to_end(en_az, run_engine)
        seconds = time.perf_counter() - started
        rows.append(
            {"set": "en-az", "system": system, **score(found, gold), "seconds": round(seconds, 2)}
        )
    print(f"{len(en_az)} articles, {sum(len(matched(a.gold)) for a in en_az)} gold pairs (en-az)")
    print(f"{'set':6} {'system':36} {'P':>6} {'R':>6} {'F1':>6} {'pairs':>6} {'s':>6}")
    for row in rows:
        print(
            f"{row['set']:6} {row['system']:36} {row['precision']:6.3f} {row['recall']:6.3f} "
            f"{row['f1']:6.3f} {row['pairs']:6d} {row['seconds']:6.2f}"
        )
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
