"""The two runs: articles into catalogs (`translate_files`), and the empty entries of catalogs
(`translate_catalogs`)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypedDict, Unpack

from i18n_pipeline import catalogs
from i18n_pipeline.documents import Document, read_document
from i18n_pipeline.errors import InputError, check_keywords
from i18n_pipeline.locales import (
    LocaleInfo,
    check_targets,
    domain_for_file,
    parse_locale,
    pseudo_locale,
    pseudo_locale_code,
    validate_domain,
)
from i18n_pipeline.pipeline import saving  # saving.save_catalog: one place to replace in tests
from i18n_pipeline.pipeline.entries import document_entries, reference_for
from i18n_pipeline.pipeline.factory import checked_factory
from i18n_pipeline.pipeline.fill import fill_pending
from i18n_pipeline.pipeline.options import (
    PSEUDO_ENGINES,
    EngineFactory,
    ProgressCallback,
    TranslateOptions,
    TranslateSummary,
    TranslationInterrupted,
    one_or_many,
)
from i18n_pipeline.pipeline.replacing import (
    Producer,
    check_pseudo_targets,
    default_pseudo_locale,
    mark_replaced,
    producer_for,
)
from i18n_pipeline.pipeline.saving import CatalogWork


class RunHooks(TypedDict, total=False):
    """The keywords both runs take: what builds the engine (default: `options.engine`'s), and
    where progress and one-line notices go."""

    engine_factory: EngineFactory | None
    progress: ProgressCallback | None
    notify: Callable[[str], None] | None


def translate_files(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    options: TranslateOptions,
    **hooks: Unpack[RunHooks],
) -> TranslateSummary:
    """Translate articles into `<locales>/<locale>/LC_MESSAGES/<domain>.po`, one per locale.

    `paths` may be one path; `options.locales_dir` a str and `options.targets` one locale code.
    """
    check_keywords("translate_files", hooks, RunHooks)
    files = [Path(p) for p in one_or_many(paths)]
    started = time.monotonic()
    targets = options.targets
    if options.engine in PSEUDO_ENGINES and not targets:  # its own pseudo-locale
        targets = (default_pseudo_locale(options.engine),)
    locales = [
        pseudo_locale(code, options.source) if pseudo_locale_code(code) else parse_locale(code)
        for code in targets
    ]
    check_targets(options.source, locales)
    options = replace(options, targets=tuple(locale.code for locale in locales))
    check_pseudo_targets(options, locales)
    if options.domain is not None:
        validate_domain(options.domain)
    collect = partial(_collect_documents, files, locales)
    return _translate(options, hooks, started, collect)


def _translate(
    options: TranslateOptions,
    hooks: RunHooks,
    started: float,
    collect: Callable[[TranslateOptions, TranslateSummary], list[CatalogWork]],
) -> TranslateSummary:
    """Both runs once their inputs are known: build the engine, `collect` the catalogs and
    their pending entries, fill and save them."""
    notify = hooks.get("notify")
    factory = checked_factory(options, hooks.get("engine_factory"), notify)
    summary = TranslateSummary()
    work = collect(options, summary)
    fill = partial(fill_pending, work, options, factory, summary, hooks.get("progress"), notify)
    _run_and_save(work, summary, notify, fill)
    summary.seconds = time.monotonic() - started
    return summary


def _collect_documents(
    paths: Sequence[str | Path],
    locales: Sequence[LocaleInfo],
    options: TranslateOptions,
    summary: TranslateSummary,
) -> list[CatalogWork]:
    """Each locale's catalog of each domain, synced in memory with the articles."""
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
    real_targets = [locale.code for locale in locales if not locale.pseudo]

    # Sync every catalog in memory; collect the entries that have no translation yet.
    work: list[CatalogWork] = []
    sweeper = catalogs.StaleTempSweeper()
    root = options.locales_dir.resolve().parent  # references relative to it: see reference_for
    for locale in locales:
        producer = producer_for(options, locale)  # once per locale, not per catalog
        # Temp files a killed run left: never read, removed once per directory.
        sweeper.sweep(catalogs.catalog_path(options.locales_dir, locale.code, "x").parent)
        for domain, docs in by_domain.items():
            path = catalogs.catalog_path(options.locales_dir, locale.code, domain)
            original = catalogs.read_catalog_bytes(path)
            store = (
                catalogs.parse_catalog(original, path)
                if original is not None
                else catalogs.new_catalog(locale, domain)
            )
            item = CatalogWork(locale, path, store, original, sweeper=sweeper)
            for document in docs:
                reference = reference_for(Path(document.path), root)
                skipped: list[str] = []
                entries = document_entries(
                    document, reference, options.source, skipped, others=real_targets
                )
                item.documents.append((entries, reference))
                if locale is locales[0]:
                    summary.other_language.extend(skipped)
            # All of a domain's articles in one pass over its catalog (see sync_documents).
            result = catalogs.sync_documents(store, item.documents)
            item.pending.extend(result.pending)
            replaced = mark_replaced(item, result.units, options, producer)
            summary.reused += result.reused - replaced
            summary.retranslated += replaced
            summary.obsoleted += result.obsoleted
            work.append(item)
    return work


def _run_and_save(
    work: Sequence[CatalogWork],
    summary: TranslateSummary,
    notify: Callable[[str], None] | None,
    fill: Callable[[], None],
) -> None:
    """`fill` (which saves at every checkpoint), then save; Ctrl-C keeps every checkpoint and
    says how much."""
    try:
        fill()
        for item in work:
            saving.save_catalog(item, summary, notify)
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
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    options: TranslateOptions,
    **hooks: Unpack[RunHooks],
) -> TranslateSummary:
    """Fill the untranslated entries of PO catalogs in place (UI strings, plural entries too).

    Entries with any translation, reviewed or fuzzy, are left alone. The locale comes from the
    catalog's Language header, else its `<locale>/LC_MESSAGES/` folder, else `--to`. The
    translation memory is the catalogs' own locales directory (`<dir>/<locale>/LC_MESSAGES/`),
    not the working directory's `locales/`.
    """
    check_keywords("translate_catalogs", hooks, RunHooks)
    files = [Path(p) for p in one_or_many(paths)]
    started = time.monotonic()
    roots = {p.parent.parent.parent for p in files if p.parent.name == "LC_MESSAGES"}
    if len(roots) == 1:
        options = replace(options, locales_dir=roots.pop())
    return _translate(options, hooks, started, partial(_collect_catalogs, files))


def _collect_catalogs(
    paths: Sequence[str | Path], options: TranslateOptions, summary: TranslateSummary
) -> list[CatalogWork]:
    """The catalogs themselves, each with its untranslated entries."""
    work: list[CatalogWork] = []
    sweeper = catalogs.StaleTempSweeper()
    producers: dict[str, Producer] = {}
    for raw in paths:
        path = Path(raw)
        if path.suffix == ".pot":
            raise InputError(path, "this is a template; translate the catalogs `init` made from it")
        sweeper.sweep(path.parent)  # temp files left by a killed run
        original = catalogs.read_catalog_bytes(path)
        if original is None:
            raise InputError(path, "no such catalog")
        store = catalogs.parse_catalog(original, path)
        fallback = options.targets[0] if len(options.targets) == 1 else ""
        locale = catalogs.catalog_locale(path, store, fallback)
        if disagreement := catalogs.locale_disagreement(path, store):
            summary.warnings.append(f"{path}: {disagreement}")
        check_pseudo_targets(options, [locale])
        item = CatalogWork(locale, path, store, original, sweeper=sweeper)
        live = catalogs.live_units(store)
        item.pending = [u for u in live if not catalogs.has_translation(u)]
        if locale.code not in producers:
            producers[locale.code] = producer_for(options, locale)
        replaced = mark_replaced(item, live, options, producers[locale.code])
        summary.blocks += len(live)
        summary.reused += len(live) - len(item.pending)
        summary.retranslated += replaced
        work.append(item)
    summary.files = len(work)
    summary.locales = len({item.locale.code for item in work})
    return work
