"""Articles → catalogs: read, sync catalogs, translate only what is new, write atomically."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.documents import Document, read_document
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.errors import InputError
from i18n_pipeline.locales import LocaleInfo, domain_for_file, parse_locale, validate_domain
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
    batch_size: int = 16
    max_length: int | None = None
    device: str = "auto"


@dataclass
class TranslateSummary:
    files: int = 0
    locales: int = 0
    blocks: int = 0
    sentences: int = 0  # sentences sent to a model
    translated: int = 0  # entries filled by a model
    reused: int = 0  # entries that already had a translation
    flagged: int = 0  # machine translations whose placeholders or markup did not survive
    obsoleted: int = 0
    seconds: float = 0.0
    catalogs: list[Path] = field(default_factory=list)
    models: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"{self.files} file(s), {self.blocks} blocks, {self.locales} locale(s): "
            f"{self.translated} translated ({self.sentences} sentences), {self.reused} reused"
        )
        if self.flagged:
            text += f", {self.flagged} flagged for review"
        if self.obsoleted:
            text += f", {self.obsoleted} obsolete"
        return text + f" in {self.seconds:.1f} s"


def default_engine_factory(options: TranslateOptions) -> EngineFactory:
    def build(spec: ModelSpec) -> Engine:
        # Imported here: torch and transformers cost seconds, and a re-run may need no model.
        from i18n_pipeline.engines.transformers_engine import TransformersEngine

        return TransformersEngine(
            spec,
            device=options.device,
            beam=options.beam,
            max_length=options.max_length,
            batch_size=options.batch_size,
        )

    return build


def reference_for(path: Path) -> str:
    """`#:` path relative to the working directory, with '/' separators, never absolute."""
    try:
        relative = os.path.relpath(path.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        relative = path.name
    return Path(relative).as_posix()


def document_entries(document: Document, reference: str) -> list[catalogs.SourceEntry]:
    """One entry per distinct translatable text, in document order, all its lines referenced."""
    order: list[str] = []
    refs: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    for block in document.blocks:
        if not block.translatable or not block.text.strip():
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
    """An entry waiting for the engine: its sentences, masked, and where the result goes."""

    unit: catalogs.Unit
    sentences: list[Sentence]
    masked: list[Masked | None]  # None for whitespace-only pieces


def _prepare(unit: catalogs.Unit, source: str) -> _PendingEntry:
    sentences = split_sentences(str(unit.source), source)
    masked = [mask(s.text) if s.text.strip() else None for s in sentences]
    return _PendingEntry(unit, sentences, masked)


def _finish(
    entry: _PendingEntry, translations: dict[str, str], cut_short: set[str]
) -> tuple[str, list[str]]:
    texts: list[str] = []
    problems: list[str] = []
    for sentence, masked in zip(entry.sentences, entry.masked, strict=True):
        if masked is None:
            texts.append(sentence.text)
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
    parse_locale(options.source, "--from")
    if options.domain is not None:
        validate_domain(options.domain)
    factory = engine_factory or default_engine_factory(options)
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

    # Sync every catalog in memory; collect what needs a model.
    work: list[tuple[LocaleInfo, Path, catalogs.Store, list[_PendingEntry]]] = []
    for locale in locales:
        for domain, docs in by_domain.items():
            path = catalogs.catalog_path(options.locales_dir, locale.code, domain)
            store = catalogs.open_catalog(path, locale, domain)
            pending: list[_PendingEntry] = []
            for document in docs:
                reference = reference_for(Path(document.path))
                result = catalogs.sync_document(
                    store, document_entries(document, reference), reference
                )
                summary.reused += result.reused
                summary.obsoleted += result.obsoleted
                pending.extend(_prepare(unit, options.source) for unit in result.pending)
            work.append((locale, path, store, pending))

    # One engine per model, loaded only when something needs it; identical sentences once.
    engines: dict[str, Engine] = {}
    total = sum(len({m.text for e in p for m in e.masked if m}) for _, _, _, p in work)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    for locale, path, store, pending in work:
        if pending:
            spec = resolve_model(options.model, options.source, locale.code)
            if spec.ref not in engines:
                if notify:
                    notify(f"Loading model {spec.ref} ...")
                engines[spec.ref] = factory(spec)
                summary.models.append(engines[spec.ref].info.describe())
            engine = engines[spec.ref]
            unique = list(dict.fromkeys(m.text for e in pending for m in e.masked if m))
            translations = _translate_in_steps(
                engine, unique, options.source, locale.code, options.batch_size, total, progress
            )
            summary.sentences += len(unique)
            provenance = f"{engine.info.describe()} {date}"
            for entry in pending:
                text, problems = _finish(entry, translations, getattr(engine, "cut_short", set()))
                catalogs.set_machine_translation(entry.unit, text, provenance, problems)
                summary.translated += 1
                summary.flagged += bool(problems)
        catalogs.touch_header(store, locale)
        catalogs.write_catalog(store, path)
        summary.catalogs.append(path)
    summary.seconds = time.monotonic() - started
    return summary


def _translate_in_steps(
    engine: Engine,
    texts: list[str],
    source: str,
    target: str,
    batch_size: int,
    total: int,
    progress: ProgressCallback | None,
) -> dict[str, str]:
    """Feed the engine a few batches at a time so the progress bar moves."""
    out: dict[str, str] = {}
    step = max(1, batch_size) * 4
    for start in range(0, len(texts), step):
        chunk = texts[start : start + step]
        results = engine.translate_batch(chunk, source=source, target=target)
        if len(results) != len(chunk):
            raise RuntimeError(f"engine returned {len(results)} translations for {len(chunk)}")
        out.update(zip(chunk, results, strict=True))
        if progress:
            progress(len(chunk), total)
    return out


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
