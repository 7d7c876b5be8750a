"""Which model translates *this site's* text best: re-translate the source side of entries a
person reviewed (or of a TMX) with each model, and score the output against the human text
with sacrebleu (chrF++ first, BLEU, TER), with bootstrap confidence intervals and a paired test
between models. Reads catalogs; never writes one."""

from __future__ import annotations

import html
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree
from translate.storage import tmx

from i18n_pipeline import catalogs
from i18n_pipeline.errors import InputError, UsageError, refuse_xml_entities
from i18n_pipeline.locales import counted, parse_locale
from i18n_pipeline.pipeline import TranslateOptions, load_engine, translate_texts

HEADLINE = "chrF++"


@dataclass(frozen=True)
class Pair:
    """A source text and the translation a person approved, and where it was found."""

    source: str
    reference: str
    group: str  # the catalog or TMX it came from
    where: str  # the entry's `#:` reference, else its msgid's place in the group


@dataclass
class Score:
    """A corpus score and the half-width of its 95% bootstrap confidence interval."""

    value: float
    ci: float | None = None  # None: too few pairs to resample

    def __str__(self) -> str:
        return f"{self.value:.1f}" + ("" if self.ci is None else f" ± {self.ci:.1f}")


@dataclass
class ModelResult:
    """One model's translations of every pair and their scores."""

    name: str  # what the user passed as --model (or the pair's default)
    engine: str  # the engine's provenance line
    outputs: list[str]
    sentence_chrf: list[float]
    flagged: int  # outputs `translate` would flag (lost placeholders, cut at --max-length)
    low_confidence: int
    chrf: Score
    bleu: Score
    ter: Score
    by_group: dict[str, float] = field(default_factory=dict)  # chrF++ per catalog
    p_value: float | None = None  # paired bootstrap against the first model (chrF++)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "model": self.name,
            "engine": self.engine,
            "chrf++": self.chrf.value,
            "chrf++_ci95": self.chrf.ci,
            "bleu": self.bleu.value,
            "bleu_ci95": self.bleu.ci,
            "ter": self.ter.value,
            "ter_ci95": self.ter.ci,
            "flagged": self.flagged,
            "low_confidence": self.low_confidence,
            "p_value_vs_first": self.p_value,
            "by_catalog": self.by_group,
            "seconds": round(self.seconds, 2),
        }


@dataclass
class Evaluation:
    source: str
    target: str
    pairs: list[Pair]
    results: list[ModelResult]
    bootstrap: int

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "pairs": len(self.pairs),
            "bootstrap": self.bootstrap,
            "models": [r.as_dict() for r in self.results],
        }


# --------------------------------------------------------------------------- reading


def reviewed_pairs(
    paths: Sequence[str | Path], source: str, target: str | None = None
) -> tuple[list[Pair], str]:
    """Every reviewed, non-plural entry of the catalogs (or TU of the TMX files) in `paths`,
    and the target locale they share (`target`, else the catalogs' own)."""
    pairs: list[Pair] = []
    locales: set[str] = set()
    for path in catalogs.catalog_paths(paths, also=(".tmx",)):
        if path.suffix.lower() == ".tmx":
            if target is None:
                raise UsageError(f"{path}: a TMX holds several languages: give --to")
            pairs.extend(_tmx_pairs(path, source, target))
            continue
        store = catalogs.read_catalog(path)
        locale = catalogs.catalog_locale(path, store, target)
        if target is not None and parse_locale(target).language != locale.language:
            continue  # another locale's catalog under the same directory
        locales.add(locale.code)
        for number, unit in enumerate(catalogs.live_index(store).values(), start=1):
            if unit.hasplural() or not catalogs.is_reviewed(unit) or not str(unit.source):
                continue
            where = " ".join(unit.getlocations()) or f"entry {number}"
            pairs.append(Pair(str(unit.source), str(unit.target), str(path), where))
    if target is None:
        if len(locales) > 1:
            raise UsageError(
                f"catalogs of several locales ({', '.join(sorted(locales))}): give --to"
            )
        if not locales:
            raise UsageError("no catalogs found: give PO files, locales directories or TMX files")
        target = locales.pop()
    unique = list({(p.source, p.reference): p for p in pairs}.values())
    return unique, target


def _tmx_pairs(path: Path, source: str, target: str) -> list[Pair]:
    data = path.read_bytes()
    refuse_xml_entities(path, data, "TMX")
    try:
        memory = tmx.tmxfile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise InputError(path, f"cannot read TMX: {error}") from None
    want_source = parse_locale(source).language.lower()
    want_target = parse_locale(target)
    pairs = []
    for number, tu in enumerate(memory.units, start=1):
        texts: dict[str, str] = {}
        for node in tu.getlanguageNodes():
            lang = node.get("{http://www.w3.org/XML/1998/namespace}lang") or node.get("lang")
            texts[(lang or "").replace("-", "_").lower()] = tu.getNodeText(node) or ""
        text = next((t for k, t in texts.items() if k.split("_")[0] == want_source), "")
        reference = texts.get(want_target.code.lower()) or next(
            (t for k, t in texts.items() if k.split("_")[0] == want_target.language.lower()), ""
        )
        if text and reference:
            pairs.append(Pair(text, reference, str(path), f"tu {number}"))
    return pairs


# --------------------------------------------------------------------------- scoring


def evaluate(
    paths: Sequence[str | Path],
    models: Sequence[str | None],
    options: TranslateOptions,
    *,
    target: str | None = None,
    bootstrap: int = 1000,
    limit: int | None = None,
) -> Evaluation:
    """Score each model's translations of the reviewed pairs in `paths` (see module doc)."""
    if bootstrap < 0:
        raise UsageError(f"invalid value for --bootstrap: {bootstrap}")
    pairs, target = reviewed_pairs(paths, options.source, target)
    if limit is not None:
        pairs = pairs[:limit]
    if not pairs:
        raise UsageError("no reviewed entries to evaluate on (fuzzy and empty ones are skipped)")
    results = []
    for model in models or [None]:
        started = time.monotonic()
        engine = load_engine(replace(options, model=model), target, len(pairs))
        done = translate_texts(
            [p.source for p in pairs], engine, source=options.source, target=target
        )
        outputs = [d.text for d in done]
        result = score_outputs(outputs, pairs, bootstrap)
        result.name = model or "default"
        result.engine = engine.info.describe()
        result.flagged = sum(1 for d in done if d.problems)
        result.low_confidence = sum(
            1 for d in done if d.score is not None and d.score < options.min_score
        )
        result.seconds = time.monotonic() - started
        results.append(result)
    if len(results) > 1:
        _paired_test(results, pairs, bootstrap)
    return Evaluation(options.source, target, pairs, results, bootstrap)


def score_outputs(outputs: Sequence[str], pairs: Sequence[Pair], bootstrap: int) -> ModelResult:
    """sacrebleu's corpus chrF++, BLEU and TER of `outputs` against the pairs' references,
    per group too, and each output's sentence chrF++ (for the worst-first page)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    references = [[p.reference for p in pairs]]
    resample = bootstrap if len(pairs) > 1 and bootstrap > 1 else 1

    def corpus(metric: BLEU | CHRF | TER) -> Score:
        score = metric.corpus_score(list(outputs), references, n_bootstrap=resample)
        ci = getattr(score, "_ci", None) if resample > 1 else None
        return Score(float(score.score), None if ci is None else float(ci))

    chrf = CHRF(word_order=2)
    by_group: dict[str, float] = {}
    for group in dict.fromkeys(p.group for p in pairs):
        chosen = [i for i, p in enumerate(pairs) if p.group == group]
        by_group[group] = float(
            chrf.corpus_score(
                [outputs[i] for i in chosen], [[pairs[i].reference for i in chosen]]
            ).score
        )
    return ModelResult(
        name="",
        engine="",
        outputs=list(outputs),
        sentence_chrf=[
            float(chrf.sentence_score(out, [p.reference]).score)
            for out, p in zip(outputs, pairs, strict=True)
        ],
        flagged=0,
        low_confidence=0,
        chrf=corpus(CHRF(word_order=2)),
        bleu=corpus(BLEU()),
        ter=corpus(TER()),
        by_group=by_group,
    )


def _paired_test(results: list[ModelResult], pairs: Sequence[Pair], bootstrap: int) -> None:
    """sacrebleu's paired bootstrap resampling: is each model's chrF++ different from the
    first's by more than chance on these pairs? (p < 0.05 reads as a real difference.)"""
    if len(pairs) < 2 or bootstrap < 2:
        return
    from sacrebleu.metrics import CHRF
    from sacrebleu.significance import PairedTest

    test = PairedTest(
        [(str(n), r.outputs) for n, r in enumerate(results)],
        {HEADLINE: CHRF(word_order=2)},
        [[p.reference for p in pairs]],
        test_type="bs",
        n_samples=bootstrap,
    )
    _, table = test()
    for result, found in zip(results[1:], list(table.values())[1][1:], strict=True):
        p_value = getattr(found, "p_value", None)
        result.p_value = None if p_value is None else float(p_value)
        if result.outputs == results[0].outputs:  # no difference at all: nothing to test
            result.p_value = 1.0


# --------------------------------------------------------------------------- output


def format_table(evaluation: Evaluation) -> str:
    """The plain-text table `evaluate` prints."""
    rows = [
        f"{counted(len(evaluation.pairs), 'reviewed pair')}, "
        f"{evaluation.source} → {evaluation.target}; "
        f"95% bootstrap intervals ({evaluation.bootstrap} resamples)",
        f"{'model':<40} {'chrF++':>13} {'BLEU':>13} {'TER':>13} {'flagged':>8} {'p':>7}",
    ]
    for result in evaluation.results:
        p = "" if result.p_value is None else f"{result.p_value:.3f}"
        rows.append(
            f"{_cut(result.name, 40):<40} {result.chrf!s:>13} {result.bleu!s:>13} "
            f"{result.ter!s:>13} {result.flagged:>8} {p:>7}"
        )
    groups = list(evaluation.results[0].by_group) if evaluation.results else []
    if len(groups) > 1:
        rows.append("")
        rows.append("chrF++ per catalog:")
        for group in groups:
            scores = "  ".join(f"{r.by_group[group]:6.1f}" for r in evaluation.results)
            rows.append(f"  {_cut(group, 60):<60} {scores}")
    if len(evaluation.results) > 1:
        rows.append(
            "p: paired bootstrap against the first model (chrF++); under 0.05 the "
            "difference is unlikely to be chance"
        )
    return "\n".join(rows)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def render_worst(evaluation: Evaluation, count: int = 50) -> str:
    """A self-contained HTML page: the pairs the models did worst on (lowest sentence chrF++
    of any model first), source, human translation and each model's output side by side."""
    results = evaluation.results
    order = sorted(
        range(len(evaluation.pairs)),
        key=lambda i: min(r.sentence_chrf[i] for r in results),
    )[:count]
    head = "".join(f"<th>{html.escape(r.name)}</th>" for r in results)
    body = []
    for i in order:
        pair = evaluation.pairs[i]
        cells = "".join(
            f'<td>{html.escape(r.outputs[i])}<div class="s">chrF++ '
            f"{r.sentence_chrf[i]:.1f}</div></td>"
            for r in results
        )
        body.append(
            f'<tr><td>{html.escape(pair.source)}<div class="s">{html.escape(pair.group)} '
            f"{html.escape(pair.where)}</div></td><td>{html.escape(pair.reference)}</td>"
            f"{cells}</tr>"
        )
    summary = html.escape(format_table(evaluation))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Model evaluation</title><style>body{font:14px/1.45 system-ui,sans-serif;"
        "margin:24px}table{border-collapse:collapse;width:100%;table-layout:fixed}"
        "td,th{border:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left;"
        "overflow-wrap:anywhere}.s{color:#667;font-size:12px;margin-top:4px}"
        "pre{background:#f6f8fa;padding:12px;overflow:auto}</style></head><body>"
        f"<h1>Model evaluation: {html.escape(evaluation.source)} → "
        f"{html.escape(evaluation.target)}</h1><pre>{summary}</pre>"
        f"<h2>The {len(order)} worst pairs</h2><table><thead><tr><th>Source</th>"
        f"<th>Human translation</th>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
        "</table></body></html>\n"
    )


def write_worst(evaluation: Evaluation, out: str | Path, count: int = 50) -> None:
    catalogs.write_atomic(Path(out), render_worst(evaluation, count).encode("utf-8"))
