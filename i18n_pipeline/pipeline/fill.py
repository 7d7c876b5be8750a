"""Filling the pending entries: translation memory first, then the engine in timed steps."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from i18n_pipeline import catalogs
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.registry import ModelSpec, resolve_model
from i18n_pipeline.engines.tuning import sentences_per_batch
from i18n_pipeline.errors import PipelineError
from i18n_pipeline.locales import LocaleInfo
from i18n_pipeline.pipeline.checkpoint import Checkpoint, group_by_entry
from i18n_pipeline.pipeline.memory import SentenceMatch, TranslationMemory, build_memory
from i18n_pipeline.pipeline.options import (
    PSEUDO_ENGINES,
    TRANSFORMERS_BATCH,
    EngineFactory,
    ProgressCallback,
    TranslateOptions,
    TranslateSummary,
)
from i18n_pipeline.pipeline.pending import PendingEntry, memory_for_sentence, prepare_entries
from i18n_pipeline.pipeline.replacing import memory_filter
from i18n_pipeline.pipeline.saving import CatalogWork


def fill_pending(
    work: Sequence[CatalogWork],
    options: TranslateOptions,
    factory: EngineFactory,
    summary: TranslateSummary,
    progress: ProgressCallback | None,
    notify: Callable[[str], None] | None,
) -> None:
    """Give every pending entry a translation: memory first, then one engine per model.

    Work is saved at checkpoints: after the memory step, and after every engine step, each
    entry whose sentences are all back is stored and its catalog written (see `save_catalog`).
    """
    engines: dict[str, Engine] = {}
    try:
        _fill_locales(work, options, factory, summary, progress, notify, engines)
    finally:
        for engine in engines.values():
            for node, count in getattr(engine, "sentences_by_node", {}).items():
                summary.nodes[node] = summary.nodes.get(node, 0) + count
            close = getattr(engine, "close", None)
            if callable(close):  # a cluster's actors go back to it
                close()


def _fill_locales(
    work: Sequence[CatalogWork],
    options: TranslateOptions,
    factory: EngineFactory,
    summary: TranslateSummary,
    progress: ProgressCallback | None,
    notify: Callable[[str], None] | None,
    engines: dict[str, Engine],
) -> None:
    """`_fill_pending` for each locale in turn, the engines loaded into `engines`."""
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    locales = list({item.locale.code: item.locale for item in work}.values())
    for locale in locales:
        items = [item for item in work if item.locale.code == locale.code]
        if not any(item.pending for item in items):
            continue
        # Translation memory first: the same text translated before costs no model call.
        # Never pseudo text for a real locale; a pseudo-locale's text is made, not remembered.
        memory = (
            TranslationMemory()
            if locale.pseudo
            else build_memory(
                locale,
                options.source,
                locales_dir=options.locales_dir,
                extra=options.memory,
                loaded={item.path: item.store for item in items},
                keep=memory_filter(options, locale),
            )
        )
        entries = _fill_from_memory(items, memory, options, locale, summary)
        if not entries:
            continue
        # Sentences translated before (the unchanged sentences of an edited paragraph) are
        # reused; only the rest goes to the model.
        reused = _reusable_sentences(entries, memory, options.source, locale.code)
        summary.sentences_from_memory += len(reused)
        unique = _sentences_for_model(entries, reused)
        engine: Engine | None = None
        provenance = None
        if unique:
            engine = _engine_for(
                model_spec(options, locale), len(unique), engines, factory, summary, notify
            )
            provenance = f"{engine.info.describe()} {date}"
        checkpoint = Checkpoint(
            group_by_entry(entries),
            items,
            engine,
            locale,
            provenance,
            summary,
            notify,
            reused,
            options.save_every,
            options.min_score,
        )
        if engine is None:
            checkpoint({})  # every sentence came from the memory
            continue
        _translate_in_steps(
            engine,
            batch_order(unique, _batch_sentences(engine, options)),
            options.source,
            locale.code,
            _sentences_per_step(engine, options),
            progress,
            checkpoint,
            options.save_every,
        )
        summary.sentences += len(unique)


def _fill_from_memory(
    items: Sequence[CatalogWork],
    memory: TranslationMemory,
    options: TranslateOptions,
    locale: LocaleInfo,
    summary: TranslateSummary,
) -> list[PendingEntry]:
    """Store what the memory has for each pending entry (with `--engine memory`, a similar
    entry's too); return the rest, prepared for the engine."""
    entries: list[PendingEntry] = []
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
                entries.extend(prepare_entries(item, unit, options.source, locale))
    return entries


def _sentences_for_model(
    entries: Sequence[PendingEntry], reused: dict[str, SentenceMatch]
) -> list[str]:
    """The masked sentences the memory did not have, each once, in first-seen order."""
    return list(
        dict.fromkeys(
            m.text
            for e in entries
            for sentence, m in zip(e.sentences, e.masked, strict=True)
            if m and memory_for_sentence(e, sentence, reused) is None
        )
    )


def model_spec(options: TranslateOptions, locale: LocaleInfo) -> ModelSpec:
    return (
        ModelSpec(options.engine, "pseudo")
        if options.engine in PSEUDO_ENGINES
        else resolve_model(options.model, options.source, locale.code)
    )


def _engine_for(
    spec: ModelSpec,
    sentences: int,
    engines: dict[str, Engine],
    factory: EngineFactory,
    summary: TranslateSummary,
    notify: Callable[[str], None] | None,
) -> Engine:
    """One engine per model, loaded only when first needed (and kept in `engines`); every
    sentence of every file goes to it in one stream (in `batch_order`), identical sentences
    once."""
    if spec.ref not in engines:
        if notify and spec.family != "pseudo":
            notify(f"Loading model {spec.ref} ...")
        engines[spec.ref] = factory(spec)
        summary.models.append(engines[spec.ref].info.describe())
        reserve = getattr(engines[spec.ref], "reserve", None)
        if callable(reserve):  # lays the model out for this much work
            reserve(sentences)
        setup = getattr(engines[spec.ref], "setup", None)
        if setup is not None:
            summary.setups.append(f"{spec.ref}: {setup.describe()}")
    return engines[spec.ref]


def _sentences_per_step(engine: Engine, options: TranslateOptions) -> int:
    """Steps count sentences: what keeps the engine busy (a batch for each CTranslate2
    worker), else the engine's batch, else --batch-size (in tokens: about 32 per sentence).
    The engine's own numbers come first: a step must be whole batches of the engine's size
    (the transformers engine counts sentences whatever --batch-type says)."""
    return (
        int(getattr(engine, "sentences_per_call", 0) or 0)
        or _engine_batch(engine)
        or sentences_per_batch(options.batch_size or TRANSFORMERS_BATCH, options.batch_type)
    )


def _batch_sentences(engine: Engine, options: TranslateOptions) -> int:
    """Sentences per model batch: the engine's (see `pieces.model_batches`), else a step's."""
    return _engine_batch(engine) or _sentences_per_step(engine, options)


def _engine_batch(engine: Engine) -> int:
    return int(getattr(engine, "batch_sentences", 0) or 0)


# The stream is sorted by length in windows of this many batches (see `batch_order`).
WINDOW_BATCHES = 8


def batch_order(texts: Sequence[str], batch: int) -> list[str]:
    """The order sentences go to the engine in: windows of `WINDOW_BATCHES` batches, taken in
    document order and each sorted longest first, cut by the engine into batches of `batch`.

    So every batch is the same sentences in every run (whatever step sizes the clock chose,
    or the workers and cluster actors), and a sentence's translation with it (it can depend on
    its batch: `pieces.model_batches`). Sorting lets a batch's sentences be of a length, so
    little is padded; windows keep entries finishing in document order, so a checkpoint saves
    whole entries early in the run, not only at its end.
    """
    window = max(1, batch) * WINDOW_BATCHES
    ordered: list[str] = []
    for start in range(0, len(texts), window):
        ordered.extend(sorted(texts[start : start + window], key=len, reverse=True))  # stable
    return ordered


def _reusable_sentences(
    entries: Sequence[PendingEntry], memory: TranslationMemory, source: str, target: str
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
    checkpoint: Callable[[dict[str, str], list[str]], None] | None = None,
    save_every: float = 10.0,
) -> dict[str, str]:
    """Feed the engine several batches at a time and call `checkpoint` after each step, so a
    killed run loses at most one step of model time. `texts` come in `batch_order`, and every
    step is whole batches, so the clock decides how many batches a step holds, never which.

    Steps start small and are sized from the measured speed to take about `save_every` seconds,
    never more than 8 batches (or 256 sentences): enough for the engine to batch well.
    `batch_size` is the sentences one call needs to keep the engine busy (for CTranslate2, a
    batch for each worker). An engine with `concurrent_calls` gets its next step before the
    last one is checkpointed, so the model decodes while catalogs are saved; with two calls in
    flight, CTranslate2's workers never wait at a step's boundary either.
    """
    out: dict[str, str] = {}
    largest = max(batch_size * 8, 256)
    step = min(batch_size * 2, largest)
    in_flight = max(0, int(getattr(engine, "concurrent_calls", 0) or 0))
    running: deque[_EngineCall] = deque()
    start = 0
    last_done = time.monotonic()

    def submit() -> None:
        nonlocal start
        while start < len(texts) and len(running) < max(1, in_flight):
            chunk = texts[start : start + step]
            start += len(chunk)
            running.append(_EngineCall(engine, chunk, source, target, background=in_flight > 0))

    submit()
    while running:
        call = running.popleft()
        results, elapsed = call.result()
        if len(results) != len(call.chunk):
            raise PipelineError(
                f"engine returned {len(results)} translations for {len(call.chunk)} sentences"
            )
        out.update(zip(call.chunk, results, strict=True))
        now = time.monotonic()
        # Time between results: with calls in flight, a call's own time includes its wait.
        spent = min(elapsed, now - last_done) if in_flight > 1 else elapsed
        last_done = now
        per_sentence = spent / len(call.chunk)
        step = max(1, min(largest, int(save_every / max(per_sentence, 1e-6))))
        # Whole batches only: a step of 69 with batches of 32 would decode a batch of 5 that
        # costs nearly what a full one does (measured: transformers 4-8% slower).
        step = max(batch_size, step - step % batch_size)
        submit()  # the model works on the next step while this one is saved
        if progress:
            progress(len(call.chunk), len(texts), target)
        if checkpoint:
            checkpoint(out, call.chunk)
    return out


ENGINE_THREAD = "i18n-pipeline-engine-call"


class _EngineCall:
    """One `translate_batch` call, run on a thread of its own when the engine overlaps calls.

    A daemon thread: after Ctrl-C the process need not wait for a step it will never save.
    """

    def __init__(
        self, engine: Engine, chunk: list[str], source: str, target: str, *, background: bool
    ) -> None:
        self.chunk = chunk
        self._done = threading.Event()
        self._results: list[str] = []
        self._error: BaseException | None = None
        self._elapsed = 0.0
        self._run = lambda: engine.translate_batch(chunk, source=source, target=target)
        if background:
            threading.Thread(target=self._work, name=ENGINE_THREAD, daemon=True).start()
        else:
            self._work()

    def _work(self) -> None:
        began = time.monotonic()
        try:
            self._results = list(self._run())
        except BaseException as error:  # re-raised where the result is asked for
            self._error = error
        finally:
            self._elapsed = time.monotonic() - began
            self._done.set()

    def result(self) -> tuple[list[str], float]:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._results, self._elapsed


def engine_calls_running() -> bool:
    """Whether an engine call is still decoding on a thread (after Ctrl-C, say)."""
    return any(t.name == ENGINE_THREAD and t.is_alive() for t in threading.enumerate())
