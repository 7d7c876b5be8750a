"""TMX 1.4b: reviewed entries out, translation units back in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from translate.storage import tmx

from i18n_pipeline import __version__, catalogs
from i18n_pipeline.errors import InputError, refuse_xml_entities
from i18n_pipeline.exchange.common import (
    ImportResult,
    base_language,
    is_finished,
    language_tag,
    shortened,
)
from i18n_pipeline.locales import LocaleInfo


def _revision_date(store: catalogs.Store) -> str:
    """The catalog's PO-Revision-Date in TMX's form (20261126T230600Z); now when it has none.
    Taking it from the catalog makes the same catalog export to the same bytes."""
    raw = store.parseheader().get("PO-Revision-Date", "")
    try:
        when = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M%z").astimezone(UTC)
    except ValueError:
        when = datetime.now(UTC)
    return when.strftime("%Y%m%dT%H%M%SZ")


def _new_tmx(source_tag: str, target_tag: str, created: str) -> tmx.tmxfile:
    """An empty TMX 1.4b document whose header names this tool and the date."""
    out = tmx.tmxfile(sourcelanguage=source_tag, targetlanguage=target_tag)
    out.addheader()
    header = next(out.document.getroot().iterchildren(out.namespaced("header")))
    header.set("creationtool", "i18n-pipeline")
    header.set("creationtoolversion", __version__)
    header.set("creationdate", created)
    return out


def pairs_to_tmx(
    pairs: Iterable[tuple[str, str, str]], source_language: str, target_language: str
) -> bytes:
    """TMX 1.4b from (source, target, note) pairs, one translation unit each, the note as its
    `<note>` (where the pair came from); what `translate --memory` and `import` read."""
    source_tag = language_tag(source_language)
    target_tag = language_tag(target_language)
    created = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = _new_tmx(source_tag, target_tag, created)
    for source, target, note in pairs:
        out.addtranslation(source, source_tag, target, target_tag)
        unit = out.units[-1]
        unit.xmlelement.set("creationdate", created)
        if note:
            unit.addnote(note)
    return bytes(out)


def catalog_to_tmx(
    store: catalogs.Store, locale: LocaleInfo, source_language: str = "en"
) -> tuple[bytes, int, int]:
    """TMX 1.4b: one translation unit per reviewed singular entry, msgctxt as `x-context`.

    Plural entries are left out: TMX has no plural forms, and po2tmx's one unit per form pairs
    msgid_plural with two or more different targets, which makes conflicting memory matches.
    """
    source_tag = language_tag(source_language)
    target_tag = language_tag(locale.code)
    created = _revision_date(store)
    out = _new_tmx(source_tag, target_tag, created)
    written = left_out = 0
    for unit in catalogs.live_units(store):
        if unit.hasplural() or not is_finished(unit):
            left_out += 1
            continue
        out.addtranslation(
            str(unit.source), source_tag, str(unit.target), target_tag, None, unit.getcontext()
        )
        out.units[-1].xmlelement.set("creationdate", created)
        written += 1
    return bytes(out), written, left_out


def _texts_by_language(tu: tmx.tmxunit) -> dict[str, str]:
    """A translation unit's text in each of its languages, by `xml:lang` as `az_az`."""
    texts: dict[str, str] = {}
    for node in tu.getlanguageNodes():
        lang = node.get("{http://www.w3.org/XML/1998/namespace}lang") or node.get("lang") or ""
        texts[lang.replace("-", "_").lower()] = tu.getNodeText(node) or ""
    return texts


def import_tmx(
    path: Path,
    data: bytes,
    store: catalogs.Store,
    result: ImportResult,
    source_language: str,
    reviewed: bool,
) -> bool:
    refuse_xml_entities(path, data, "TMX")
    try:
        memory = tmx.tmxfile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise InputError(path, f"cannot read TMX: {error}") from None
    locale = catalogs.catalog_locale(result.catalog, store)
    wanted_source = base_language(source_language)
    index = catalogs.live_index(store)
    changes: list[tuple[catalogs.Unit, str]] = []
    seen: set[str] = set()  # the languages the file holds, to say so when none is the catalog's
    paired = 0
    for tu in memory.units:
        texts = _texts_by_language(tu)
        seen.update(k for k, t in texts.items() if t)
        source = next((t for k, t in texts.items() if base_language(k) == wanted_source), "")
        target = texts.get(locale.code.lower()) or next(
            (t for k, t in texts.items() if base_language(k) == locale.language.lower()), ""
        )
        if not source or not target:
            continue
        paired += 1
        unit = index.get((tu.getcontext() or "", source))
        if unit is None or unit.hasplural():
            result.not_found.append(shortened(source))
        elif catalogs.is_reviewed(unit):
            result.unchanged += 1  # a person already vouched for this catalog's translation
        elif str(unit.target or "") == target and not reviewed:
            result.unchanged += 1
        else:
            changes.append((unit, target))
    if memory.units and not paired:  # a memory of another pair: importing it does nothing
        held = ", ".join(sorted(seen)) or "no language"
        raise InputError(
            path,
            f"no translation unit pairs {source_language} with the catalog's language "
            f"{locale.code} (the file holds {held}); import it into a catalog of its language",
        )
    for unit, target in changes:
        catalogs.set_memory_translation(unit, target, str(path), reviewed)
        if reviewed:
            unit.prev_source = None
    result.updated = len(changes)
    return bool(changes)
