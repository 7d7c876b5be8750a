"""Filling the pending entries: translation memory first, then the engine in timed steps."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from i18n_pipeline import catalogs
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.registry import ModelSpec, resolve_model
from i18n_pipeline.errors import PipelineError
from i18n_pipeline.pipeline.checkpoint import _Checkpoint, _group_by_entry
from i18n_pipeline.pipeline.memory import SentenceMatch, TranslationMemory, build_memory
from i18n_pipeline.pipeline.options import (
    PSEUDO_ENGINES,
    EngineFactory,
    ProgressCallback,
    TranslateOptions,
    TranslateSummary,
)
from i18n_pipeline.pipeline.pending import _from_memory, _PendingEntry, _prepare
from i18n_pipeline.pipeline.saving import _Catalog


def _fill_pending(
    work: Sequence[_Catalog],
    options: TranslateOptions,
    factory: EngineFactory,
    summary: TranslateSummary,
    progress: ProgressCallback | None,
    notify: Callable[[str], None] | None,
) -> None:
    """Give every pending entry a translation: memory first, then one engine per model.

    Work is saved at checkpoints: after the memory step, and after every engine step, each
    entry whose sentences are all back is stored and its catalog written (see `_save`).
    """
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    engines: dict[str, Engine] = {}
    locales = list({item.locale.code: item.locale for item in work}.values())
    for locale in locales:
        items = [item for item in work if item.locale.code == locale.code]
        if not any(item.pending for item in items):
            continue
        # Translation memory first: the same text translated before costs no model call.
        memory = build_memory(
            locale,
            options.source,
            locales_dir=options.locales_dir,
            extra=options.memory,
            loaded={item.path: item.store for item in items},
        )
        entries: list[_PendingEntry] = []
        for item in items:
            for unit in item.pending:
                match = (
                    None
                    if unit.hasplural()
                    else memory.lookup(str(unit.source), unit.getcontext() or "")
                )
                if match is not None:
                    catalogs.set_memory_translation(
                        unit, match.target, match.origin, match.reviewed, match.provenance
                    )
                    item.filled[catalogs.entry_key(unit)] = unit
                    summary.from_memory += 1
                elif options.engine == "memory":
                    if _fill_from_similar(unit, memory, options.fuzzy_threshold):
                        item.filled[catalogs.entry_key(unit)] = unit
                        summary.from_memory += 1
                else:
                    entries.extend(_prepare(item, unit, options.source, locale))
        if not entries:
            continue
        # Sentences translated before (the unchanged sentences of an edited paragraph) are
        # reused; only the rest goes to the model.
        reused = _reusable_sentences(entries, memory, options.source, locale.code)
        summary.sentences_from_memory += len(reused)
        unique = list(
            dict.fromkeys(
                m.text
                for e in entries
                for sentence, m in zip(e.sentences, e.masked, strict=True)
                if m and _from_memory(e, sentence, reused) is None
            )
        )
        engine: Engine | None = None
        provenance = None
        if unique:
            # One engine per model, loaded only now; every sentence of every file in one
            # stream (the engine sorts each step by length), identical sentences once.
            spec = (
                ModelSpec(options.engine, "pseudo")
                if options.engine in PSEUDO_ENGINES
                else resolve_model(options.model, options.source, locale.code)
            )
            if spec.ref not in engines:
                if notify and spec.family != "pseudo":
                    notify(f"Loading model {spec.ref} ...")
                engines[spec.ref] = factory(spec)
                summary.models.append(engines[spec.ref].info.describe())
            engine = engines[spec.ref]
            provenance = f"{engine.info.describe()} {date}"
        checkpoint = _Checkpoint(
            _group_by_entry(entries), items, engine, locale, provenance, summary, notify, reused
        )
        if engine is None:
            checkpoint({})  # every sentence came from the memory
            continue
        # Steps count sentences; a --batch-size in tokens is taken as about 32 per sentence.
        per_batch = (
            options.batch_size
            if options.batch_type == "examples"
            else max(1, options.batch_size // 32)
        )
        _translate_in_steps(
            engine,
            unique,
            options.source,
            locale.code,
            per_batch,
            progress,
            checkpoint,
            options.save_every,
        )
        summary.sentences += len(unique)


def _reusable_sentences(
    entries: Sequence[_PendingEntry], memory: TranslationMemory, source: str, target: str
) -> dict[str, SentenceMatch]:
    """Sentences of the pending texts that an earlier translation already holds.

    Only texts of two or more sentences are looked at: a one-sentence text was already looked
    up whole, and a sentence of its own is what the model is for.
    """
    found: dict[str, SentenceMatch] = {}
    for entry in entries:
        if entry.plural:  # its forms come from the model together (see plurals.py)
            continue
        texts = [s.text for s, m in zip(entry.sentences, entry.masked, strict=True) if m]
        if len(texts) < 2:
            continue
        for text in texts:
            if text not in found:
                match = memory.sentence_lookup(text, source, target)
                if match is not None:
                    found[text] = match
    return found


def _fill_from_similar(unit: catalogs.Unit, memory: TranslationMemory, threshold: float) -> int:
    """--engine memory: the closest earlier translation, fuzzy, with the old source as `#|`."""
    if unit.hasplural():
        return 0
    found = memory.fuzzy_lookup(str(unit.source), unit.getcontext() or "", threshold)
    if found is None:
        return 0
    text, match, score = found
    catalogs.set_memory_translation(
        unit, match.target, f"{match.origin}, {score:.0f}% match", False, match.provenance
    )
    unit.prev_source = text
    return 1


def _translate_in_steps(
    engine: Engine,
    texts: list[str],
    source: str,
    target: str,
    batch_size: int,
    progress: ProgressCallback | None,
    checkpoint: Callable[[dict[str, str]], None] | None = None,
    save_every: float = 10.0,
) -> dict[str, str]:
    """Feed the engine several batches at a time (it sorts each step by length) and call
    `checkpoint` after each step, so a killed run loses at most one step of model time.

    Steps start small and are sized from the measured speed to take about `save_every` seconds,
    never more than 8 batches (or 256 sentences): enough for the engine to batch well.
    """
    out: dict[str, str] = {}
    largest = max(batch_size * 8, 256)
    step = min(batch_size * 2, largest)
    start = 0
    while start < len(texts):
        chunk = texts[start : start + step]
        began = time.monotonic()
        results = engine.translate_batch(chunk, source=source, target=target)
        elapsed = time.monotonic() - began
        if len(results) != len(chunk):
            raise PipelineError(
                f"engine returned {len(results)} translations for {len(chunk)} sentences"
            )
        out.update(zip(chunk, results, strict=True))
        start += len(chunk)
        if progress:
            progress(len(chunk), len(texts))
        if checkpoint:
            checkpoint(out)
        per_sentence = elapsed / len(chunk)
        step = max(1, min(largest, int(save_every / max(per_sentence, 1e-6))))
        # Whole batches only: a step of 69 with batches of 32 would decode a batch of 5 that
        # costs nearly what a full one does (measured: transformers 4-8% slower).
        step = max(batch_size, step - step % batch_size)
    return out
