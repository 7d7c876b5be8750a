"""Existing bilingual articles, aligned sentence by sentence into a translation memory.

A news site that publishes its own articles in two languages already holds human translations;
they are not paired sentence by sentence, and editors merge, split, add and drop sentences. We
read both articles with the project's readers, split them with its sentence splitter and align
them with one dynamic programme over the two sentence lists, allowing 1-1, 1-2, 2-1, 1-0 and
0-1 beads. A bead's cost is the Gale–Church length cost (nltk's `gale_church.align_log_prob`)
plus, as in Bleualign, how far the machine translation of its source side is from its target
side (sacrebleu's sentence chrF); no multilingual embedding model is needed, only the MT engine
`translate` uses. Paragraphs are aligned first and their sentences inside them (the anchors;
`benchmarks/align.py` measures both).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.documents import read_document
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.errors import InputError, UsageError
from i18n_pipeline.exchange import pairs_to_tmx
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.pipeline import translate_texts
from i18n_pipeline.text.protect import without_placeholders
from i18n_pipeline.text.sentences import split_sentences

# Bead shapes: (source sentences, target sentences).
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
# Gale & Church's priors for the shapes we allow (their 2-2 is two 1-1 beads here).
_PRIORS = {(1, 1): 0.89, (1, 2): 0.089, (2, 1): 0.089, (1, 0): 0.0099, (0, 1): 0.0099}
_VARIANCE = 6.8  # Gale & Church's variance of the length ratio, per character
ALIGNED_PREFIX = "aligned: "  # the compendium's `#.` comment: where a pair came from


@dataclass(frozen=True)
class Segment:
    """One sentence of an article: its text, the block it belongs to and that block's line."""

    text: str
    block: int
    line: int
    space_after: str = " "


@dataclass(frozen=True)
class AlignedPair:
    """A bead: consecutive source sentences and the target sentences they translate."""

    source: tuple[int, ...]  # indices into the article's source sentences
    target: tuple[int, ...]
    source_text: str
    target_text: str
    score: float  # 0-100: chrF of the MT of the source side against the target; see align_lists
    source_line: int | None = None
    target_line: int | None = None

    @property
    def shape(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def matched(self) -> bool:
        """Both sides have text (a 1-0 or 0-1 bead is text only one side has)."""
        return bool(self.source and self.target)


@dataclass
class ArticleAlignment:
    """Two articles' sentences and the beads that pair them, in order."""

    source_path: Path
    target_path: Path
    source_sentences: list[Segment]
    target_sentences: list[Segment]
    pairs: list[AlignedPair] = field(default_factory=list)

    def kept(self, min_score: float) -> list[AlignedPair]:
        """The matched pairs good enough for a translation memory."""
        return [p for p in self.pairs if p.matched and p.score >= min_score]

    def low(self, min_score: float) -> list[AlignedPair]:
        """Matched pairs scoring below `min_score`: left out of the memory, listed for a person."""
        return [p for p in self.pairs if p.matched and p.score < min_score]


@dataclass(frozen=True)
class AlignSettings:
    """How beads are scored, in units of Gale–Church's cost (minus a log-probability).

    A matched bead earns `weight` times (its chrF above the article's noise floor, 0-1, less
    `margin`): a pair barely above what unrelated sentences score pays rather than earns, so a
    dropped sentence is not paired with the half of a split. A weak model (or none) leaves
    Gale–Church in charge; a good one overrules it. A 1-0 or 0-1 bead pays its prior. Chosen
    on the en→en stand-in of `benchmarks/align.py`, in the middle of its best plateau."""

    weight: float = 20.0
    margin: float = 0.2
    anchors: bool = True  # align paragraphs first, then sentences inside aligned paragraphs


def article_sentences(path: Path, lang: str) -> list[Segment]:
    """The sentences of an article's translatable blocks, with their block and line."""
    document = read_document(path)
    segments: list[Segment] = []
    for index, block in enumerate(document.translatable_blocks):
        for sentence in split_sentences(block.text, lang):
            if sentence.text.strip():
                segments.append(Segment(sentence.text, index, block.line, sentence.space_after))
    return segments


def machine_translations(
    engine: Engine, sentences: Sequence[str], source: str, target: str
) -> list[str]:
    """Each sentence through the engine exactly as `translate` sends it (masked, each distinct
    sentence once, restored): `pipeline.translate_texts`."""
    done = translate_texts(sentences, engine, source=source, target=target)
    return [item.text for item in done]


def _prose(text: str) -> str:
    """What is compared: the text without tags, URLs and placeholders (a long URL would weigh
    more in chrF than the sentence around it)."""
    return " ".join(without_placeholders(text).split())


class _Similarity:
    """sacrebleu's sentence chrF between the MT of source chunks and target chunks, with each
    chunk's character n-grams extracted once (the DP asks for every chunk many times)."""

    def __init__(self) -> None:
        from sacrebleu.metrics import CHRF

        self._chrf = CHRF(beta=1)
        self._ngrams = lru_cache(maxsize=4096)(self._extract)

    def _extract(self, text: str) -> list[object]:
        from sacrebleu.metrics.helpers import extract_all_char_ngrams

        return list(extract_all_char_ngrams(text, self._chrf.char_order, self._chrf.whitespace))

    def score(self, hypothesis: str, reference: str) -> float:
        """chrF (0-100) of `hypothesis` against `reference`, as `CHRF(beta=1).sentence_score`
        gives (beta 1: with chrF's usual 2 a longer hypothesis costs almost nothing, and a
        dropped sentence would be glued onto its neighbour)."""
        stats: list[int] = []
        for h, r in zip(self._ngrams(hypothesis), self._ngrams(reference), strict=True):
            stats.extend(self._chrf._get_match_statistics(h, r))  # type: ignore[arg-type]
        return float(self._chrf._compute_f_score(stats))


class _GaleChurch:
    """nltk's parameters object for `align_log_prob`, with the document's own length ratio."""

    PRIORS = _PRIORS
    VARIANCE_CHARACTERS = _VARIANCE

    def __init__(self, ratio: float) -> None:
        self.AVERAGE_CHARACTERS = ratio


def _length_ratio(source_lengths: Sequence[int], target_lengths: Sequence[int]) -> float:
    """Target characters per source character over the whole article (Gale & Church assume 1;
    Azerbaijani runs a little longer than English), kept within 0.5-2."""
    ratio = (sum(target_lengths) or 1) / (sum(source_lengths) or 1)
    return min(2.0, max(0.5, ratio))


def _dynamic_programme(
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    cost: Callable[[int, int, int, int], float],
) -> list[tuple[range, range]]:
    """The cheapest sequence of beads covering both lists: [(source range, target range)]."""
    n, m = len(source_lengths), len(target_lengths)
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == math.inf:
                continue
            for a, b in BEADS:
                if i + a > n or j + b > m:
                    continue
                total = here + cost(i, i + a, j, j + b)
                if total < best[i + a][j + b]:
                    best[i + a][j + b] = total
                    back[i + a][j + b] = (a, b)
    beads: list[tuple[range, range]] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        a, b = step
        beads.append((range(i - a, i), range(j - b, j)))
        i, j = i - a, j - b
    beads.reverse()
    return beads


class _Scorer:
    """Bead costs over one pair of unit lists (sentences, or whole paragraphs)."""

    def __init__(
        self,
        sources: Sequence[str],
        targets: Sequence[str],
        translations: Sequence[str] | None,
        settings: AlignSettings,
        similarity: _Similarity | None,
        ratio: float | None = None,
        floor: float | None = None,
    ) -> None:
        self.targets = [_prose(t) for t in targets]
        self.translations = None if translations is None else [_prose(t) for t in translations]
        self.source_lengths = [max(1, len(_prose(t))) for t in sources]
        self.target_lengths = [max(1, len(t)) for t in self.targets]
        self.settings = settings
        self.similarity = similarity
        ratio = _length_ratio(self.source_lengths, self.target_lengths) if ratio is None else ratio
        self.params = _GaleChurch(ratio)
        self.floor = self._noise_floor() if floor is None else floor

    def _chrf(self, i0: int, i1: int, j0: int, j1: int) -> float:
        assert self.translations is not None and self.similarity is not None
        return self.similarity.score(
            " ".join(self.translations[i0:i1]), " ".join(self.targets[j0:j1])
        )

    def _noise_floor(self) -> float:
        """The mean chrF (0-1) of sentences that are not each other's translation in this
        article (each source against the target half an article away): what a wrong pair
        scores here, from shared names, numbers and, with a weak model, copied words."""
        n, m = len(self.source_lengths), len(self.target_lengths)
        if self.translations is None or n < 4 or m < 4:
            return 0.0
        far = [
            self._chrf(i, i + 1, (i * m // n + m // 2) % m, (i * m // n + m // 2) % m + 1)
            for i in range(n)
        ]
        return min(0.9, sum(far) / len(far) / 100)

    def length_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        from nltk.translate.gale_church import align_log_prob

        shape = (i1 - i0, j1 - j0)
        if not (shape[0] and shape[1]):
            # Gale–Church's length term would make a long deleted sentence all but impossible
            # (nltk's own comment says so); text only one side has costs its prior alone.
            return -math.log(_PRIORS[shape])
        return float(
            align_log_prob(i1, j1, self.source_lengths, self.target_lengths, shape, self.params)
        )

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        cost = self.length_cost(i0, i1, j0, j1)
        if self.translations is None:
            return cost
        if i0 == i1 or j0 == j1:
            return cost
        above = (self._chrf(i0, i1, j0, j1) / 100 - self.floor) / (1 - self.floor)
        return cost - self.settings.weight * (min(1.0, max(0.0, above)) - self.settings.margin)

    def score(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """chrF of the bead when there is MT; otherwise Gale–Church's probability (0-100) of
        its length difference."""
        if i0 == i1 or j0 == j1:
            return 0.0
        if self.translations is not None:
            return round(self._chrf(i0, i1, j0, j1), 2)
        shape = (i1 - i0, j1 - j0)
        probability = math.exp(-self.length_cost(i0, i1, j0, j1)) / _PRIORS[shape]
        return round(100 * min(1.0, probability), 2)

    def align(self) -> list[tuple[range, range]]:
        return _dynamic_programme(self.source_lengths, self.target_lengths, self.cost)


Bead = tuple[tuple[int, ...], tuple[int, ...], float]


def align_lists(
    sources: Sequence[str],
    targets: Sequence[str],
    translations: Sequence[str] | None = None,
    *,
    source_blocks: Sequence[int] | None = None,
    target_blocks: Sequence[int] | None = None,
    settings: AlignSettings | None = None,
) -> list[Bead]:
    """Align two sentence lists: [(source indices, target indices, score)] in order, 1-0 and 0-1
    beads included. `translations[i]` is the MT of `sources[i]` into the target language (None:
    length only, plain Gale–Church). With `source_blocks`/`target_blocks` (the paragraph of
    each sentence) and `settings.anchors`, paragraphs are aligned first."""
    settings = settings or AlignSettings()
    similarity = _Similarity() if translations is not None else None
    whole = _Scorer(sources, targets, translations, settings, similarity)
    if not (settings.anchors and source_blocks is not None and target_blocks is not None):
        return [
            (tuple(s), tuple(t), whole.score(s.start, s.stop, t.start, t.stop))
            for s, t in whole.align()
        ]
    source_groups = _groups(source_blocks)
    target_groups = _groups(target_blocks)

    def joined(texts: Sequence[str], groups: Sequence[list[int]]) -> list[str]:
        return [" ".join(texts[k] for k in group) for group in groups]

    paragraphs = _Scorer(
        joined(sources, source_groups),
        joined(targets, target_groups),
        None if translations is None else joined(translations, source_groups),
        settings,
        similarity,
        ratio=whole.params.AVERAGE_CHARACTERS,
        floor=whole.floor,
    )
    beads: list[Bead] = []
    for s, t in paragraphs.align():
        src = [k for g in s for k in source_groups[g]]
        tgt = [k for g in t for k in target_groups[g]]
        if not src or not tgt:
            beads += [((k,), (), 0.0) for k in src] + [((), (k,), 0.0) for k in tgt]
            continue
        inner = _Scorer(
            [sources[k] for k in src],
            [targets[k] for k in tgt],
            None if translations is None else [translations[k] for k in src],
            settings,
            similarity,
            ratio=whole.params.AVERAGE_CHARACTERS,
            floor=whole.floor,
        )
        for a, b in inner.align():
            beads.append(
                (
                    tuple(src[k] for k in a),
                    tuple(tgt[k] for k in b),
                    inner.score(a.start, a.stop, b.start, b.stop),
                )
            )
    return beads


def _groups(blocks: Sequence[int]) -> list[list[int]]:
    """Consecutive indices with the same block number, in order."""
    groups: list[list[int]] = []
    for index, block in enumerate(blocks):
        if index and blocks[index - 1] == block:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _join(segments: Sequence[Segment], indices: Iterable[int]) -> str:
    """The text of consecutive sentences as the article has it (their own spacing inside a
    paragraph, one space across paragraphs)."""
    chosen = [segments[k] for k in indices]
    parts: list[str] = []
    for position, segment in enumerate(chosen):
        parts.append(segment.text)
        if position + 1 < len(chosen):
            same = chosen[position + 1].block == segment.block
            parts.append(segment.space_after if same and segment.space_after else " ")
    return "".join(parts)


def align_articles(
    source_path: Path,
    target_path: Path,
    source: str,
    target: str,
    engine: Engine | None,
    settings: AlignSettings | None = None,
) -> ArticleAlignment:
    """Read, split and align one article and its translation; `engine` None aligns by length."""
    sources = article_sentences(source_path, source)
    targets = article_sentences(target_path, target)
    texts = [s.text for s in sources]
    translations = machine_translations(engine, texts, source, target) if engine else None
    beads = align_lists(
        texts,
        [t.text for t in targets],
        translations,
        source_blocks=[s.block for s in sources],
        target_blocks=[t.block for t in targets],
        settings=settings,
    )
    alignment = ArticleAlignment(source_path, target_path, sources, targets)
    for src, tgt, score in beads:
        alignment.pairs.append(
            AlignedPair(
                src,
                tgt,
                _join(sources, src),
                _join(targets, tgt),
                score,
                sources[src[0]].line if src else None,
                targets[tgt[0]].line if tgt else None,
            )
        )
    return alignment


ENGINES = ("auto", "ctranslate2", "transformers", "length")
_LANGUAGE_TAG_SEPARATORS = (".", "-", "_")


@dataclass(frozen=True)
class AlignOptions:
    """What `align` needs besides the paths; the CLI's options one to one."""

    source: str = "en"
    target: str = "az"
    model: str | None = None
    engine: str = "auto"  # auto | ctranslate2 | transformers: the MT for scoring; length: none
    device: str = "auto"
    min_score: float = 0.0  # pairs scoring below are left out of the memory, and listed
    anchors: bool = True


@dataclass
class AlignResult:
    """Every article pair's alignment, the files that found no partner, what was written."""

    alignments: list[ArticleAlignment] = field(default_factory=list)
    unpaired: list[Path] = field(default_factory=list)
    engine: str = "length"  # the MT engine's provenance, or "length" (Gale–Church only)
    min_score: float = 0.0
    written: dict[str, int] = field(default_factory=dict)  # output path -> units written

    def counts(self) -> dict[str, int]:
        kept = sum(len(a.kept(self.min_score)) for a in self.alignments)
        low = sum(len(a.low(self.min_score)) for a in self.alignments)
        alone = sum(1 for a in self.alignments for p in a.pairs if not p.matched)
        return {"articles": len(self.alignments), "pairs": kept, "low": low, "unaligned": alone}

    def to_dict(self) -> dict[str, object]:
        def pair(p: AlignedPair, a: ArticleAlignment) -> dict[str, object]:
            return {
                "shape": p.shape,
                "score": p.score,
                "source": p.source_text,
                "target": p.target_text,
                "source_ref": None if p.source_line is None else f"{a.source_path}:{p.source_line}",
                "target_ref": None if p.target_line is None else f"{a.target_path}:{p.target_line}",
            }

        return {
            "engine": self.engine,
            "min_score": self.min_score,
            **self.counts(),
            "written": self.written,
            "unpaired": [str(p) for p in self.unpaired],
            "alignments": [
                {
                    "source": str(a.source_path),
                    "target": str(a.target_path),
                    "sentences": [len(a.source_sentences), len(a.target_sentences)],
                    "pairs": [pair(p, a) for p in a.kept(self.min_score)],
                    "low": [pair(p, a) for p in a.low(self.min_score)],
                    "unaligned": [pair(p, a) for p in a.pairs if not p.matched],
                }
                for a in self.alignments
            ],
        }


def article_key(path: Path, languages: Iterable[str]) -> str:
    """What pairs an article with its translation in directory mode: the file name without its
    extension and without a language tag at its end (`news.en.html`, `news-az.txt`,
    `news_az.md` and `news.html` are all `news`), lower-cased."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name[1:] else path.name
    lowered = stem.lower()
    tags = {code.lower() for code in languages} | {code.split("_")[0].lower() for code in languages}
    for tag in sorted(tags, key=len, reverse=True):
        for separator in _LANGUAGE_TAG_SEPARATORS:
            if lowered.endswith(separator + tag) and len(lowered) > len(tag) + 1:
                return lowered[: -len(tag) - 1]
    return lowered


def pair_articles(
    source: Path, target: Path, languages: Sequence[str]
) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """(source, target) article pairs, and the files of either directory with no partner.

    Two files are one pair. Two directories pair their files (any depth) by folder and
    `article_key`; hidden files are skipped."""
    for path in (source, target):
        if not path.exists():
            raise InputError(path, "no such file or directory")
    if source.is_dir() != target.is_dir():
        raise UsageError("give two article files or two directories, not one of each")
    if not source.is_dir():
        return [(source, target)], []

    def index(root: Path) -> dict[tuple[str, str], Path]:
        found: dict[tuple[str, str], Path] = {}
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                found.setdefault((str(relative.parent), article_key(path, languages)), path)
        return found

    sources, targets = index(source), index(target)
    pairs = [(sources[k], targets[k]) for k in sources if k in targets]
    unpaired = [sources[k] for k in sources if k not in targets]
    unpaired += [targets[k] for k in targets if k not in sources]
    return pairs, unpaired


def scoring_engine(options: AlignOptions) -> Engine | None:
    """The MT engine that translates the source side, as `translate` would build it; None for
    `--engine length`."""
    if options.engine == "length":
        return None
    if options.engine not in ENGINES:
        raise UsageError(f"invalid value for --engine: {options.engine!r}")
    from i18n_pipeline.engines.registry import resolve_model
    from i18n_pipeline.pipeline import TranslateOptions, default_engine_factory

    translate_options = TranslateOptions(
        source=options.source,
        targets=(options.target,),
        model=options.model,
        engine=options.engine,
        device=options.device,
    )
    spec = resolve_model(options.model, options.source, options.target)
    return default_engine_factory(translate_options)(spec)


def align_paths(
    source: Path,
    target: Path,
    options: AlignOptions,
    engine: Engine | None = None,
    notify: Callable[[str], None] | None = None,
) -> AlignResult:
    """Align an article with its translation, or every pair of two directories. `engine`
    overrides the one `options` names (tests, library users with an engine loaded)."""
    parse_locale(options.source, "--from")
    parse_locale(options.target, "--to")
    pairs, unpaired = pair_articles(source, target, (options.source, options.target))
    if engine is None and pairs and options.engine != "length":
        if notify:
            pair = f"{options.source}-{options.target}"
            notify(f"Loading model {options.model or 'for ' + pair} ...")
        engine = scoring_engine(options)
    result = AlignResult(
        unpaired=unpaired,
        engine=engine.info.describe() if engine else "length",
        min_score=options.min_score,
    )
    settings = AlignSettings(anchors=options.anchors)
    for source_path, target_path in pairs:
        result.alignments.append(
            align_articles(
                source_path, target_path, options.source, options.target, engine, settings
            )
        )
    return result


def _note(pair: AlignedPair, alignment: ArticleAlignment) -> str:
    return (
        f"aligned: {alignment.source_path}:{pair.source_line} ↔ "
        f"{alignment.target_path}:{pair.target_line} {pair.shape} score {pair.score:g}"
    )


def _memory_pairs(result: AlignResult) -> list[tuple[str, str, str]]:
    """(source, target, note) of every kept pair, each source text once (the first wins)."""
    seen: set[str] = set()
    out = []
    for alignment in result.alignments:
        for pair in alignment.kept(result.min_score):
            if pair.source_text not in seen:
                seen.add(pair.source_text)
                out.append((pair.source_text, pair.target_text, _note(pair, alignment)))
    return out


def write_tmx(result: AlignResult, path: Path, options: AlignOptions) -> int:
    """The kept pairs as TMX (one unit per pair), written atomically; returns the units."""
    pairs = _memory_pairs(result)
    catalogs.write_atomic(path, pairs_to_tmx(pairs, options.source, options.target))
    result.written[str(path)] = len(pairs)
    return len(pairs)


def write_compendium(result: AlignResult, path: Path, options: AlignOptions) -> int:
    """The kept pairs as a PO compendium: every entry fuzzy (a person has not checked the
    pairing), with a `#. aligned:` comment saying where it came from; written atomically."""
    pairs = _memory_pairs(result)
    store = catalogs.new_catalog(parse_locale(options.target, "--to"), path.stem)
    for source, target, note in pairs:
        unit = store.addsourceunit(source)
        unit.target = target
        unit.markfuzzy(True)
        catalogs.set_own_comments(unit, ALIGNED_PREFIX, [note.removeprefix(ALIGNED_PREFIX)])
    catalogs.write_catalog(store, path)
    result.written[str(path)] = len(pairs)
    return len(pairs)
