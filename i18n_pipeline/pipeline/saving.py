"""A catalog of the run and how it is saved: under its lock, merged into whatever another
process wrote meanwhile, atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.locales import LocaleInfo
from i18n_pipeline.pipeline.options import TranslateSummary

# A checkpoint skips saving a catalog until this many times its last save's cost has passed.
SAVE_COST_SHARE = 20.0


@dataclass
class CatalogWork:
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
    # When it was last saved (or read), and what that save cost: see `save_due`.
    saved_at: float = field(default_factory=time.monotonic)
    save_seconds: float = 0.0
    written: bool = False  # listed in the summary's `written`
    # Shared by the run's catalogs: which directories are known to hold no stale temp file.
    sweeper: catalogs.StaleTempSweeper = field(default_factory=catalogs.StaleTempSweeper)
    # Entries being translated again, with the translation they had (see replacing.py).
    replacing: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    _index: dict[tuple[str, str], catalogs.Unit] | None = None

    def unit(self, key: tuple[str, str]) -> catalogs.Unit | None:
        """The live entry `key` in the current copy (which a merge may have replaced)."""
        if self._index is None:
            self._index = catalogs.live_index(self.store)
        return self._index.get(key)

    def replaces(self, unit: catalogs.Unit) -> bool:
        """Whether `unit` still holds the translation this run is replacing."""
        from i18n_pipeline.pipeline.replacing import target_strings

        old = self.replacing.get(catalogs.entry_key(unit))
        return old is not None and target_strings(unit) == old

    def save_due(self, save_every: float) -> bool:
        """Whether a checkpoint should write this catalog now: once `save_every` seconds have
        passed since its last save, or sooner when saving is cheap (at most a twentieth of the
        time in between). Writing a large shared catalog after every short engine step made
        saving alone quadratic in the number of articles; a killed run still loses at most
        about `save_every` seconds of model time."""
        waited = time.monotonic() - self.saved_at
        return waited >= min(save_every, SAVE_COST_SHARE * self.save_seconds)

    def replace_store(self, store: catalogs.Store) -> None:
        self.store = store
        self._index = None


def save_catalog(
    item: CatalogWork, summary: TranslateSummary, notify: Callable[[str], None] | None
) -> None:
    """Write our work under the catalog's lock, merged into whatever is on disk by now.

    If another process wrote the file since we read it (another article into the same domain,
    a reviewer's decision), its version is the base: our documents are synced into it again and
    our translations go into entries that still have none. Nobody's entries are lost.
    """
    began = time.monotonic()
    try:
        _save_now(item, summary, notify)
    finally:
        item.saved_at = time.monotonic()
        item.save_seconds = item.saved_at - began


def _save_now(
    item: CatalogWork, summary: TranslateSummary, notify: Callable[[str], None] | None
) -> None:
    if catalogs.unchanged(item.store, item.original):  # nothing of ours: no need to look
        item.saved = len(item.filled)
        return

    def edit(found: catalogs.Found) -> catalogs.Store:
        item.sweeper.sweep(item.path.parent)
        if found.changed_since(item.original):
            item.replace_store(_merge_into(item, found.data))
        return item.store

    result = catalogs.rewrite_catalog(
        item.path, edit, notify=notify, touch=item.locale, differs_from=item.original
    )
    if result.written:
        item.sweeper.mark_clean(item.path.parent)
    item.original = result.data
    item.saved = len(item.filled)
    if result.written and not item.written:  # a flag: searching the list was quadratic
        item.written = True
        summary.written.append(item.path)


def _merge_into(item: CatalogWork, on_disk: bytes | None) -> catalogs.Store:
    """The catalog as another process left it, with this run's documents and translations."""
    if on_disk is None:  # deleted meanwhile: start again from an empty catalog
        fresh = catalogs.new_catalog(item.locale, item.path.stem)
    else:
        fresh = catalogs.parse_catalog(on_disk, item.path)
    catalogs.sync_documents(fresh, item.documents)
    index = catalogs.live_index(fresh)
    filled: dict[tuple[str, str], catalogs.Unit] = {}
    for key, ours in item.filled.items():
        theirs = index.get(key)
        if theirs is None:  # gone from the catalog (PO mode: `update` removed it)
            continue
        if not catalogs.has_translation(theirs) or item.replaces(theirs):
            catalogs.copy_translation(ours, theirs)
            filled[key] = theirs
    item.filled = filled
    return fresh
