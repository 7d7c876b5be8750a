"""Merge rules: a document's entries into a catalog (obsolete, previous msgids, document order),
and machine or memory translations into entries without overwriting a person's."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from i18n_pipeline.catalogs.store import (
    KIND_PREFIX,
    MT_CHECK_PREFIX,
    MT_PREFIX,
    TM_PREFIX,
    Store,
    Unit,
    _order_own_comments,
    own_comments,
    set_own_comments,
)

# A changed paragraph is matched to its old version when at least this similar.
PREVIOUS_MSGID_SIMILARITY = 0.5


@dataclass(frozen=True)
class SourceEntry:
    """One translatable text of a document, as the catalog should hold it."""

    msgid: str
    references: tuple[str, ...]  # "examples/a.txt:12"
    kinds: tuple[str, ...]  # block kinds, shown to translators as `#. kind: paragraph`


@dataclass
class SyncResult:
    """What `sync_document` did to a catalog."""

    units: list[Unit] = field(default_factory=list)  # in document order
    pending: list[Unit] = field(default_factory=list)  # no translation yet: need the engine
    reused: int = 0  # entries that already had a translation (human or machine)
    added: int = 0
    obsoleted: int = 0


def reference_path(reference: str) -> str:
    path, _, line = reference.rpartition(":")
    return path if line.isdigit() else reference


def sync_document(store: Store, entries: Sequence[SourceEntry], document: str) -> SyncResult:
    """Make the catalog hold exactly `entries` for `document`, keeping every translation.

    Entries of other documents sharing the domain are left alone. An entry that only this
    document used and that is gone becomes obsolete; a new entry close to one that went gets it
    as its previous msgid (`#|`), as msgmerge does.
    """
    result = SyncResult()
    index: dict[str, Unit] = {}
    for unit in store.units:
        # Live entries win over obsolete twins of the same msgid.
        if (
            not unit.isheader()
            and not unit.getcontext()
            and (unit.source not in index or index[unit.source].isobsolete())
        ):
            index[unit.source] = unit

    previous_units = [unit for unit in store.units if _drop_references(unit, document)]
    wanted = {entry.msgid for entry in entries}
    gone = [unit for unit in previous_units if unit.source not in wanted]

    new_units: list[Unit] = []
    for entry in entries:
        unit = index.get(entry.msgid)
        if unit is None:
            unit = store.UnitClass(entry.msgid)
            unit.target = ""
            index[entry.msgid] = unit
            new_units.append(unit)
            result.added += 1
        elif unit.isobsolete():
            unit.resurrect()
        for reference in entry.references:
            if reference not in unit.getlocations():
                unit.addlocation(reference)
        set_own_comments(unit, KIND_PREFIX, [", ".join(entry.kinds)])
        _order_own_comments(unit)
        result.units.append(unit)
        if unit.target:
            result.reused += 1
        else:
            result.pending.append(unit)

    _link_previous_msgids(new_units, gone)
    for unit in gone:
        if not unit.getlocations() and not unit.isobsolete():
            unit.makeobsolete()
            result.obsoleted += 1
    _insert_in_document_order(store, result.units, set(map(id, new_units)))
    return result


def _drop_references(unit: Unit, document: str) -> bool:
    """Remove `document`'s references from `unit`; say whether it had any."""
    if unit.isheader() or unit.isobsolete():
        return False
    locations = unit.getlocations()
    kept = [loc for loc in locations if reference_path(loc) != document]
    if len(kept) == len(locations):
        return False
    unit.sourcecomments = []
    for location in kept:
        unit.addlocation(location)
    return True


def _link_previous_msgids(new_units: Sequence[Unit], gone: Sequence[Unit]) -> None:
    """Pair each new entry with the most similar vanished one (one to one, best pairs first)."""
    pairs = []
    for new in new_units:
        for old in gone:
            ratio = difflib.SequenceMatcher(None, old.source, new.source, autojunk=False).ratio()
            if ratio >= PREVIOUS_MSGID_SIMILARITY:
                pairs.append((ratio, id(new), id(old), new, old))
    used_new: set[int] = set()
    used_old: set[int] = set()
    for _ratio, new_id, old_id, new, old in sorted(pairs, key=lambda p: -p[0]):
        if new_id in used_new or old_id in used_old:
            continue
        used_new.add(new_id)
        used_old.add(old_id)
        new.prev_source = old.source


def _insert_in_document_order(store: Store, doc_units: Sequence[Unit], new_ids: set[int]) -> None:
    """Place new units next to their neighbours in the document; others keep their place."""
    for position, unit in enumerate(doc_units):
        if id(unit) not in new_ids:
            continue
        anchor = next((u for u in reversed(doc_units[:position]) if _in_store(store, u)), None)
        unit._store = store  # type: ignore[assignment]  # declared `_store = None` upstream
        if anchor is not None:
            store.units.insert(_position(store, anchor) + 1, unit)
        else:
            following = next((u for u in doc_units[position + 1 :] if _in_store(store, u)), None)
            if following is not None:
                store.units.insert(_position(store, following), unit)
            else:
                live_end = sum(1 for u in store.units if not u.isobsolete())
                store.units.insert(live_end, unit)


def _in_store(store: Store, unit: Unit) -> bool:
    return any(u is unit for u in store.units)


def _position(store: Store, unit: Unit) -> int:
    return next(i for i, u in enumerate(store.units) if u is unit)


def set_machine_translation(
    unit: Unit, text: str | list[str], provenance: str, problems: Sequence[str] = ()
) -> None:
    """Store machine output: always fuzzy, with where it came from and what went wrong."""
    unit.target = text
    unit.markfuzzy(True)
    set_own_comments(unit, MT_PREFIX, [provenance])
    set_own_comments(unit, MT_CHECK_PREFIX, problems)


def set_memory_translation(
    unit: Unit, text: str, origin: str, reviewed: bool, provenance: Sequence[str] = ()
) -> None:
    """Reuse a translation of the same text: reviewed stays reviewed, anything else is fuzzy."""
    unit.target = text
    unit.markfuzzy(not reviewed)
    set_own_comments(unit, MT_PREFIX, provenance)
    set_own_comments(unit, MT_CHECK_PREFIX, [])
    set_own_comments(unit, TM_PREFIX, [f"{origin}{'' if reviewed else ' (not reviewed)'}"])


def copy_translation(source: Unit, target: Unit) -> None:
    """Give `target` (the same entry in a fresher copy of the catalog) `source`'s translation,
    its fuzzy flag and this tool's provenance comments; used only where `target` has none."""
    target.target = source.target
    target.markfuzzy(source.isfuzzy())
    for prefix in (MT_PREFIX, MT_CHECK_PREFIX, TM_PREFIX):
        set_own_comments(target, prefix, own_comments(source, prefix))
    _order_own_comments(target)
    if source.prev_source and not target.prev_source:
        target.prev_source = source.prev_source
