"""Articles → catalogs: read, sync catalogs, translate only what is new, write atomically."""

from __future__ import annotations

import gettext
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from i18n_pipeline import catalogs, locking, plurals
from i18n_pipeline.documents import Document, read_document
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.errors import InputError, PipelineError, UsageError
from i18n_pipeline.langid import block_language
from i18n_pipeline.locales import LocaleInfo, domain_for_file, parse_locale, validate_domain
from i18n_pipeline.memory import SentenceMatch, TranslationMemory, build_memory
from i18n_pipeline.protect import Masked, mask, restore
from i18n_pipeline.registry import ModelSpec, resolve_model
from i18n_pipeline.sentences import Sentence, join_sentences, split_sentences

EngineFactory = Callable[[ModelSpec], Engine]
# Called with (sentences just translated, total sentences to translate).
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class TranslateOptions:
    """Everything `translate` needs besides the files; the CLI's options one to one."""

    source: str = "en"
    targets: tuple[str, ...] = ("az",)
    model: str | None = None
    locales_dir: Path = Path("locales")
    domain: str | None = None
    beam: int = 1
    batch_size: int = 0  # 0: chosen for the device (engines/tuning.py); transformers: 16
    max_length: int | None = None
    device: str = "auto"
    engine: str = "auto"  # auto | ctranslate2 | transformers
    compute_type: str = "auto"
    threads: int = 0  # CPU threads in all; 0: one per physical core
    workers: int = 0  # batches decoded side by side (CTranslate2); 0: chosen from the work
    batch_type: str = ""  # "examples" | "tokens"; "": chosen for the device
    memory: tuple[Path, ...] = ()
    fuzzy_threshold: float = 75.0  # --engine memory: least similarity (0-100) to reuse
    save_every: float = 10.0  # seconds of model time between checkpoints (see _translate_in_steps)
    # Process-wide: one glibc malloc arena when CTranslate2 runs on one CPU thread (a steady,
    # lower peak RSS; see ctranslate2_engine.share_malloc_arena). The CLI owns its process.
    share_malloc_arena: bool = False


@dataclass
class TranslateSummary:
    files: int = 0
    locales: int = 0
    blocks: int = 0
    sentences: int = 0  # sentences sent to a model
    translated: int = 0  # entries filled by a model
    reused: int = 0  # entries that already had a translation
    from_memory: int = 0  # entries filled from the translation memory
    other_language: list[str] = field(default_factory=list)  # "path:line" of blocks left out
    written: list[Path] = field(default_factory=list)  # catalogs that changed on disk
    flagged: int = 0  # machine translations whose placeholders or markup did not survive
    obsoleted: int = 0
    seconds: float = 0.0
    catalogs: list[Path] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    saved: int = 0  # translations (model or memory) written to disk so far, checkpoints included
    sentences_from_memory: int = 0  # sentences of new or changed texts found translated before
    setups: list[str] = field(default_factory=list)  # how each model ran (workers, batches)
    peak_rss_mib: float = 0.0  # the process's peak resident memory at the end of the run

    def line(self) -> str:
        text = (
            f"{self.files} file(s), {self.blocks} blocks, {self.locales} locale(s): "
            f"{self.translated} translated ({self.sentences} sentences), {self.reused} reused"
        )
        if self.from_memory:
            text += f", {self.from_memory} from translation memory"
        if self.sentences_from_memory:
            text += f", {self.sentences_from_memory} sentence(s) from memory"
        if self.other_language:
            text += f", {len(self.other_language)} left out (another language)"
        if self.flagged:
            text += f", {self.flagged} flagged for review"
        if self.obsoleted:
            text += f", {self.obsoleted} obsolete"
        return text + f" in {self.seconds:.1f} s"


class TranslationInterrupted(KeyboardInterrupt):
    """Ctrl-C during `translate`: carries the summary of what the checkpoints saved."""

    def __init__(self, summary: TranslateSummary) -> None:
        super().__init__()
        self.summary = summary


TRANSFORMERS_BATCH = 16  # sentences per generate() call when --batch-size is not given
ENGINES = ("auto", "ctranslate2", "transformers", "pseudo", "pseudo-rtl", "memory")
PSEUDO_ENGINES = ("pseudo", "pseudo-rtl")


def default_engine_factory(
    options: TranslateOptions, notify: Callable[[str], None] | None = None
) -> EngineFactory:
    """CTranslate2 where it can run the model, transformers otherwise (or when asked)."""

    def build(spec: ModelSpec) -> Engine:
        # Imported here: a re-run that needs no model must not pay for loading engines.
        if options.engine in PSEUDO_ENGINES:
            from i18n_pipeline.engines.pseudo import PseudoEngine

            return PseudoEngine(rtl=options.engine == "pseudo-rtl")
        if options.engine in ("auto", "ctranslate2"):
            try:
                from i18n_pipeline.engines.ctranslate2_engine import (
                    ConversionError,
                    CTranslate2Engine,
                )
            except ImportError:
                if options.engine == "ctranslate2":
                    raise UsageError(
                        "--engine ctranslate2: the ctranslate2 package is not installed "
                        "(pip install ctranslate2)"
                    ) from None
            else:
                try:
                    return CTranslate2Engine(
                        spec,
                        device=options.device,
                        beam=options.beam,
                        max_length=options.max_length,
                        batch_size=options.batch_size,
                        batch_type=options.batch_type,
                        compute_type=options.compute_type,
                        threads=options.threads,
                        workers=options.workers,
                        share_arena=options.share_malloc_arena,
                    )
                except ConversionError as error:
                    if options.engine == "ctranslate2":
                        raise
                    if notify:
                        notify(f"{error}; using the transformers engine instead")
        from i18n_pipeline.engines.transformers_engine import TransformersEngine

        return TransformersEngine(
            spec,
            device=options.device,
            beam=options.beam,
            max_length=options.max_length,
            batch_size=options.batch_size or TRANSFORMERS_BATCH,
            threads=options.threads,
        )

    return build


def reference_for(path: Path) -> str:
    """`#:` path relative to the working directory, with '/' separators, never absolute."""
    try:
        relative = os.path.relpath(path.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        relative = path.name
    return Path(relative).as_posix()


def document_entries(
    document: Document, reference: str, source: str = "en", skipped: list[str] | None = None
) -> list[catalogs.SourceEntry]:
    """One entry per distinct translatable text, in document order, all its lines referenced.

    Blocks that language ID finds written in another language than `source` are left out (and
    listed in `skipped`): the model for `source` would only garble them.
    """
    order: list[str] = []
    refs: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    language = source.replace("-", "_").split("_", 1)[0].lower()
    for block in document.blocks:
        if not block.translatable or not block.text.strip():
            continue
        if block.text not in refs and block_language(block.text, source) != language:
            if skipped is not None:
                skipped.append(f"{reference}:{block.line}")
            continue
        if block.text not in refs:
            order.append(block.text)
            refs[block.text] = []
            kinds[block.text] = []
        refs[block.text].append(f"{reference}:{block.line}")
        if block.kind not in kinds[block.text]:
            kinds[block.text].append(block.kind)
    return [
        catalogs.SourceEntry(msgid=text, references=tuple(refs[text]), kinds=tuple(kinds[text]))
        for text in order
    ]


@dataclass
class _PendingEntry:
    """A text waiting for the engine: its sentences, masked, and the entry it belongs to."""

    item: _Catalog
    key: tuple[str, str]
    plural: bool  # a plural entry (gets every plural form)
    plural_source: bool  # the msgid_plural of a plural entry, not its msgid
    sentences: list[Sentence]
    masked: list[Masked | None]  # None for whitespace-only pieces
    # (form, number, placeholder): the plural source with the count written as a number that
    # plural form is used for, so the model inflects for it (see plurals.py)
    sample: tuple[int, int, str] | None = None


def _prepare(
    item: _Catalog, unit: catalogs.Unit, source: str, locale: LocaleInfo
) -> list[_PendingEntry]:
    """One text per entry; for a plural entry its singular and its plural source, plus the
    plural source with a sample number for each form where the locale has several plurals."""
    texts: list[tuple[str, bool, tuple[int, int, str] | None]] = [(str(unit.source), False, None)]
    if unit.hasplural():
        strings = unit.source.strings
        singular, plural = str(strings[0]), str(strings[-1])
        texts = [(singular, False, None), (plural, True, None)]
        count = plurals.count_placeholder(plural)
        if count is not None:
            numbers = plurals.sample_numbers(locale.plural_expr, locale.nplurals, plural)
            texts += [
                (plurals.with_number(plural, count, n), True, (form, n, count))
                for form, n in numbers.items()
            ]
    entries = []
    key = catalogs.entry_key(unit)
    for text, is_plural, sample in texts:
        sentences = split_sentences(text, source)
        masked = [mask(s.text) if s.text.strip() else None for s in sentences]
        entries.append(
            _PendingEntry(item, key, unit.hasplural(), is_plural, sentences, masked, sample)
        )
    return entries


def _from_memory(
    entry: _PendingEntry, sentence: Sentence, reused: dict[str, SentenceMatch] | None
) -> SentenceMatch | None:
    """The memory's translation of one sentence of a pending text. Plural entries take none:
    their forms are translated together (see plurals.py)."""
    return None if entry.plural or not reused else reused.get(sentence.text)


def _finish(
    entry: _PendingEntry,
    translations: dict[str, str],
    cut_short: set[str],
    reused: dict[str, SentenceMatch] | None = None,
    origins: list[str] | None = None,
) -> tuple[str, list[str]]:
    """The entry's text translated: each sentence from the engine or, where `reused` has it,
    from the translation memory (its origin appended to `origins`)."""
    texts: list[str] = []
    problems: list[str] = []
    for sentence, masked in zip(entry.sentences, entry.masked, strict=True):
        if masked is None:
            texts.append(sentence.text)
            continue
        match = _from_memory(entry, sentence, reused)
        if match is not None:
            texts.append(match.target)
            if origins is not None:
                origins.append(match.origin)
            continue
        output = translations[masked.text]
        restored = restore(output, masked)
        if not output.strip():
            problems.append(f"the model returned nothing for: {sentence.text[:60]}")
        if masked.text in cut_short:
            problems.append(f"output stopped at --max-length for: {sentence.text[:60]}")
        problems.extend(f"lost {original}" for original in restored.missing)
        problems.extend(f"repeated {original}" for original in restored.duplicated)
        problems.extend(f"stray {token} in the output" for token in restored.extra)
        texts.append(restored.text)
    return join_sentences(texts, entry.sentences), problems


def _checked_factory(
    options: TranslateOptions,
    engine_factory: EngineFactory | None,
    notify: Callable[[str], None] | None,
) -> EngineFactory:
    """Check the options both kinds of run share, before anything is read or written."""
    parse_locale(options.source, "--from")
    if options.engine not in ENGINES:
        raise UsageError(f"invalid value for --engine: {options.engine!r}")
    return engine_factory or default_engine_factory(options, notify)


def translate_files(
    paths: Sequence[str | Path],
    options: TranslateOptions,
    *,
    engine_factory: EngineFactory | None = None,
    progress: ProgressCallback | None = None,
    notify: Callable[[str], None] | None = None,
) -> TranslateSummary:
    """Translate articles into `<locales>/<locale>/LC_MESSAGES/<domain>.po`, one per locale."""
    started = time.monotonic()
    locales = [parse_locale(code, "--to") for code in options.targets]
    if options.domain is not None:
        validate_domain(options.domain)
    factory = _checked_factory(options, engine_factory, notify)
    summary = TranslateSummary()

    # Read every input first: a bad file stops the run before any catalog is touched.
    documents = [read_document(path) for path in paths]
    by_domain: dict[str, list[Document]] = {}
    for document in documents:
        domain = options.domain or domain_for_file(Path(document.path).stem)
        by_domain.setdefault(domain, []).append(document)
    summary.files = len(documents)
    summary.locales = len(locales)
    summary.blocks = sum(
        1 for d in documents for b in d.blocks if b.translatable and b.text.strip()
    )

    # Sync every catalog in memory; collect the entries that have no translation yet.
    work: list[_Catalog] = []
    for locale in locales:
        # Temp files a killed run left: never read, removed once per directory.
        catalogs.remove_stale_temp_files_in(
            catalogs.catalog_path(options.locales_dir, locale.code, "x").parent
        )
        for domain, docs in by_domain.items():
            path = catalogs.catalog_path(options.locales_dir, locale.code, domain)
            original = _read_bytes(path)
            store = (
                catalogs.parse_catalog(original, path)
                if original is not None
                else catalogs.new_catalog(locale, domain)
            )
            item = _Catalog(locale, path, store, original)
            for document in docs:
                reference = reference_for(Path(document.path))
                skipped: list[str] = []
                entries = document_entries(document, reference, options.source, skipped)
                item.documents.append((entries, reference))
                result = catalogs.sync_document(store, entries, reference)
                if locale is locales[0]:
                    summary.other_language.extend(skipped)
                summary.reused += result.reused
                summary.obsoleted += result.obsoleted
                item.pending.extend(result.pending)
            work.append(item)

    _run_and_save(work, options, factory, summary, progress, notify)
    summary.seconds = time.monotonic() - started
    return summary


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # not there yet: a new catalog
        return None
    except OSError as error:
        raise InputError(path, f"cannot read catalog: {error.strerror}") from None


def _run_and_save(
    work: Sequence[_Catalog],
    options: TranslateOptions,
    factory: EngineFactory,
    summary: TranslateSummary,
    progress: ProgressCallback | None,
    notify: Callable[[str], None] | None,
) -> None:
    """Fill, saving at every checkpoint; Ctrl-C keeps every checkpoint and says how much."""
    try:
        _fill_pending(work, options, factory, summary, progress, notify)
        for item in work:
            _save(item, summary, notify)
            summary.catalogs.append(item.path)
    except KeyboardInterrupt:
        summary.saved = sum(item.saved for item in work)
        raise TranslationInterrupted(summary) from None
    except Exception as error:
        # Ctrl-C inside a C extension's import or call can surface as its own error
        # (ctranslate2's "ImportError: initialization failed"): still an interruption.
        if not _caused_by_interrupt(error):
            raise
        summary.saved = sum(item.saved for item in work)
        raise TranslationInterrupted(summary) from None
    summary.saved = sum(item.saved for item in work)
    summary.peak_rss_mib = _peak_rss_mib()


def _peak_rss_mib() -> float:
    """This process's peak resident memory so far (what each CTranslate2 worker's buffers add
    shows here), 0 where the platform does not say."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _caused_by_interrupt(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def translate_catalogs(
    paths: Sequence[str | Path],
    options: TranslateOptions,
    *,
    engine_factory: EngineFactory | None = None,
    progress: ProgressCallback | None = None,
    notify: Callable[[str], None] | None = None,
) -> TranslateSummary:
    """Fill the untranslated entries of PO catalogs in place (UI strings, plural entries too).

    Entries with any translation, reviewed or fuzzy, are left alone. The locale comes from the
    catalog's Language header, else its `<locale>/LC_MESSAGES/` folder, else `--to`. The
    translation memory is the catalogs' own locales directory (`<dir>/<locale>/LC_MESSAGES/`),
    not the working directory's `locales/`.
    """
    started = time.monotonic()
    roots = {Path(p).parent.parent.parent for p in paths if Path(p).parent.name == "LC_MESSAGES"}
    if len(roots) == 1:
        options = replace(options, locales_dir=roots.pop())
    factory = _checked_factory(options, engine_factory, notify)
    summary = TranslateSummary()
    work: list[_Catalog] = []
    cleaned: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.suffix == ".pot":
            raise InputError(path, "this is a template; translate the catalogs `init` made from it")
        if path.parent not in cleaned:
            catalogs.remove_stale_temp_files_in(path.parent)  # left by a killed run
            cleaned.add(path.parent)
        original = _read_bytes(path)
        if original is None:
            raise InputError(path, "no such catalog")
        store = catalogs.parse_catalog(original, path)
        fallback = options.targets[0] if len(options.targets) == 1 else ""
        locale = catalogs.catalog_locale(path, store, fallback)
        item = _Catalog(locale, path, store, original)
        live = [u for u in store.units if not u.isheader() and not u.isobsolete()]
        item.pending = [u for u in live if not catalogs.has_translation(u)]
        summary.blocks += len(live)
        summary.reused += len(live) - len(item.pending)
        work.append(item)
    summary.files = len(work)
    summary.locales = len({item.locale.code for item in work})
    _run_and_save(work, options, factory, summary, progress, notify)
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class _Catalog:
    """One catalog of the run: where it lives, its state on disk, and what it still needs."""

    locale: LocaleInfo
    path: Path
    store: catalogs.Store
    original: bytes | None  # the file as we last read or wrote it (None: not there)
    pending: list[catalogs.Unit] = field(default_factory=list)
    # What this run contributes, to be replayed on a fresher copy another process wrote:
    documents: list[tuple[list[catalogs.SourceEntry], str]] = field(default_factory=list)
    filled: dict[tuple[str, str], catalogs.Unit] = field(default_factory=dict)
    saved: int = 0  # of `filled`, how many are on disk
    _index: dict[tuple[str, str], catalogs.Unit] | None = None

    def unit(self, key: tuple[str, str]) -> catalogs.Unit | None:
        """The live entry `key` in the current copy (which a merge may have replaced)."""
        if self._index is None:
            self._index = catalogs.live_index(self.store)
        return self._index.get(key)

    def replace_store(self, store: catalogs.Store) -> None:
        self.store = store
        self._index = None


def _save(item: _Catalog, summary: TranslateSummary, notify: Callable[[str], None] | None) -> None:
    """Write our work under the catalog's lock, merged into whatever is on disk by now.

    If another process wrote the file since we read it (another article into the same domain,
    a reviewer's decision), its version is the base: our documents are synced into it again and
    our translations go into entries that still have none. Nobody's entries are lost.
    """
    if catalogs.serialize_catalog(item.store) == item.original:
        item.saved = len(item.filled)
        return
    with locking.catalog_lock(item.path, notify):
        catalogs.remove_stale_temp_files(item.path)
        on_disk = _read_bytes(item.path)
        if on_disk != item.original:
            item.replace_store(_merge_into(item, on_disk))
            if catalogs.serialize_catalog(item.store) == on_disk:
                item.original = on_disk
                item.saved = len(item.filled)
                return
        catalogs.touch_header(item.store, item.locale)
        data = catalogs.serialize_catalog(item.store)
        catalogs.write_atomic(item.path, data)
    item.original = data
    item.saved = len(item.filled)
    if item.path not in summary.written:
        summary.written.append(item.path)


def _merge_into(item: _Catalog, on_disk: bytes | None) -> catalogs.Store:
    """The catalog as another process left it, with this run's documents and translations."""
    if on_disk is None:  # deleted meanwhile: start again from an empty catalog
        fresh = catalogs.new_catalog(item.locale, item.path.stem)
    else:
        fresh = catalogs.parse_catalog(on_disk, item.path)
    for entries, reference in item.documents:
        catalogs.sync_document(fresh, entries, reference)
    index = catalogs.live_index(fresh)
    filled: dict[tuple[str, str], catalogs.Unit] = {}
    for key, ours in item.filled.items():
        theirs = index.get(key)
        if theirs is None:  # gone from the catalog (PO mode: `update` removed it)
            continue
        if not catalogs.has_translation(theirs):
            catalogs.copy_translation(ours, theirs)
            filled[key] = theirs
    item.filled = filled
    return fresh


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
                reserve = getattr(engines[spec.ref], "reserve", None)
                if callable(reserve):  # lays the model out for this much work
                    reserve(len(unique))
                setup = getattr(engines[spec.ref], "setup", None)
                if setup is not None:
                    summary.setups.append(f"{spec.ref}: {setup.describe()}")
            engine = engines[spec.ref]
            provenance = f"{engine.info.describe()} {date}"
        checkpoint = _Checkpoint(
            _group_by_entry(entries), items, engine, locale, provenance, summary, notify, reused
        )
        if engine is None:
            checkpoint({})  # every sentence came from the memory
            continue
        # Steps count sentences: what keeps the engine busy (a batch for each CTranslate2
        # worker), else --batch-size (in tokens: about 32 per sentence).
        per_batch = int(getattr(engine, "sentences_per_call", 0) or 0) or (
            options.batch_size or TRANSFORMERS_BATCH
            if options.batch_type != "tokens"
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


@dataclass
class _Checkpoint:
    """After each engine step: store every entry whose sentences are all back, then save."""

    waiting: dict[tuple[int, tuple[str, str]], list[_PendingEntry]]
    items: Sequence[_Catalog]
    engine: Engine | None  # None: every sentence came from the memory
    locale: LocaleInfo
    provenance: str | None
    summary: TranslateSummary
    notify: Callable[[str], None] | None
    reused: dict[str, SentenceMatch] = field(default_factory=dict)

    def _ready(self, group: list[_PendingEntry], translations: dict[str, str]) -> bool:
        return all(
            _from_memory(entry, sentence, self.reused) is not None or m.text in translations
            for entry in group
            for sentence, m in zip(entry.sentences, entry.masked, strict=True)
            if m
        )

    def __call__(self, translations: dict[str, str]) -> None:
        cut_short = getattr(self.engine, "cut_short", set())
        for key in list(self.waiting):
            group = self.waiting[key]
            if self._ready(group, translations):
                del self.waiting[key]
                _store_translation(
                    group,
                    translations,
                    cut_short,
                    self.locale,
                    self.provenance,
                    self.summary,
                    self.reused,
                )
        for item in self.items:
            if len(item.filled) > item.saved:  # only catalogs this step added to
                _save(item, self.summary, self.notify)


def _group_by_entry(
    entries: Sequence[_PendingEntry],
) -> dict[tuple[int, tuple[str, str]], list[_PendingEntry]]:
    """An entry's texts (two for a plural entry), in document order."""
    groups: dict[tuple[int, tuple[str, str]], list[_PendingEntry]] = {}
    for entry in entries:
        groups.setdefault((id(entry.item), entry.key), []).append(entry)
    return groups


def _store_translation(
    group: Sequence[_PendingEntry],
    translations: dict[str, str],
    cut_short: set[str],
    locale: LocaleInfo,
    provenance: str | None,
    summary: TranslateSummary,
    reused: dict[str, SentenceMatch] | None = None,
) -> None:
    """Put one entry's machine translation into the run's current copy of its catalog."""
    item = group[0].item
    unit = item.unit(group[0].key)
    if unit is None or catalogs.has_translation(unit):
        return  # another process translated or removed it meanwhile: theirs stands
    done: dict[bool, tuple[str, list[str]]] = {}
    inflected: dict[int, str] = {}  # plural form -> its translation from a sample number
    origins: list[str] = []
    sentences = sum(1 for entry in group if entry.sample is None for m in entry.masked if m)
    for entry in group:
        text, found = _finish(
            entry, translations, cut_short, reused, origins if entry.sample is None else None
        )
        if entry.sample is None:
            done[entry.plural_source] = (text, found)
            continue
        form, number, placeholder = entry.sample
        back = None if found else plurals.put_back(text, number, placeholder)
        if back is not None:  # else the form keeps the plain plural translation
            inflected[form] = back
    problems = [p for _, found in done.values() for p in found]
    if group[0].plural:
        target: str | list[str] = [
            inflected.get(form) or done[not _is_singular_form(locale, form)][0]
            for form in range(locale.nplurals)
        ]
    else:
        target = done[False][0]
    item.filled[group[0].key] = unit
    places = ", ".join(dict.fromkeys(origins))
    if origins and len(origins) == sentences:  # every sentence from the memory, none from a model
        # Pieced together from other texts: never reviewed as a whole, so fuzzy.
        catalogs.set_memory_translation(unit, str(target), f"{places} (sentences)", False)
        summary.from_memory += 1
        return
    assert provenance is not None  # an engine ran for this entry's other sentences
    catalogs.set_machine_translation(unit, target, provenance, problems)
    if origins:
        catalogs.set_own_comments(
            unit, catalogs.TM_PREFIX, [f"{len(origins)} of {sentences} sentences from {places}"]
        )
    summary.translated += 1
    summary.flagged += bool(problems)


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


def _is_singular_form(locale: LocaleInfo, form: int) -> bool:
    """Whether plural form `form` of the locale is used for n = 1 (gets the msgid's translation).

    A form used for 1 (English "one") takes the translated singular source; every other form
    takes the translated plural source. For az/tr that gives the same word twice, as it should;
    for ru, form 0 (1, 21, 31 …) reads "комментарий", forms 1 and 2 the plural.
    """
    plural = gettext.c2py(locale.plural_expr)
    return plural(1) == form


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
            progress(len(call.chunk), len(texts))
        if checkpoint:
            checkpoint(out)
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


def render_file(
    path: str | Path,
    target: str,
    *,
    locales_dir: Path = Path("locales"),
    domain: str | None = None,
    include_fuzzy: bool = False,
) -> str:
    """The article in the target language, in its own format; source text where none exists."""
    from i18n_pipeline.documents import render_document

    locale = parse_locale(target, "--to")
    document = read_document(path)
    domain = validate_domain(domain) if domain else domain_for_file(Path(path).stem)
    po_path = catalogs.catalog_path(locales_dir, locale.code, domain)
    if not po_path.exists():
        raise InputError(
            po_path, "no catalog for this article; run `i18n-pipeline translate` first"
        )
    lookup = catalogs.translation_lookup(catalogs.read_catalog(po_path), include_fuzzy)
    return render_document(document, lambda block: lookup.get(block.text), lang=locale.code)
