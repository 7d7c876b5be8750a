"""XLIFF 1.2: every entry out with its state, confirmed targets back in as reviewed."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from translate.convert.po2xliff import po2xliff
from translate.misc.multistring import multistring
from translate.storage import poxliff

from i18n_pipeline import catalogs
from i18n_pipeline.errors import InputError, refuse_xml_entities
from i18n_pipeline.exchange.common import (
    SAFE_XML,
    ImportResult,
    base_language,
    is_finished,
    language_tag,
    shortened,
)
from i18n_pipeline.locales import LocaleInfo

XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
# XLIFF 1.2 target states a CAT tool sets once a person has confirmed the segment.
REVIEWED_STATES = frozenset({"translated", "signed-off", "final"})


def _as_xliff12(data: bytes) -> bytes:
    """Translate Toolkit writes the 1.1 namespace; the elements it uses are the same in 1.2,
    the version CAT tools (OmegaT, Okapi, memoQ, Trados, Weblate) read most widely."""
    old = etree.fromstring(data, SAFE_XML)
    # The default namespace's key is None (lxml-stubs only allow str keys).
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12})  # type: ignore[dict-item]
    root.text = old.text
    for name, value in old.attrib.items():
        root.set(name, value)
    root.set("version", "1.2")
    for child in list(old):
        root.append(child)
    for element in root.iter():
        qname = etree.QName(element)
        if qname.namespace == XLIFF11:
            element.tag = f"{{{XLIFF12}}}{qname.localname}"
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _trans_units(element: etree._Element) -> list[etree._Element]:
    return [e for e in element.iter() if etree.QName(e).localname == "trans-unit"]


def _set_state(xunit: poxliff.PoXliffUnit, state: str, approved: bool) -> None:
    """XLIFF 1.2 workflow state on every trans-unit of an entry (several for a plural)."""
    ns = xunit.namespace
    xunit.xmlelement.attrib.pop("approved", "")  # a <group> has no approved attribute
    for element in _trans_units(xunit.xmlelement):
        target = element.find(f"{{{ns}}}target")
        if target is None:
            target = etree.SubElement(element, f"{{{ns}}}target")
            source = element.find(f"{{{ns}}}source")
            assert source is not None  # po2xliff writes a <source> in every trans-unit
            source.addnext(target)
        target.set("state", state)
        element.set("approved", "yes" if approved else "no")


def catalog_to_xliff(
    store: catalogs.Store, locale: LocaleInfo, filename: str, source_language: str = "en"
) -> tuple[bytes, int, int]:
    """XLIFF 1.2 with every live entry: untranslated (`needs-translation`), fuzzy
    (`needs-review-translation`) and reviewed (`translated`, approved); notes, locations and
    msgctxt (an `x-po-msgctxt` context) kept."""
    out: poxliff.PoXliffFile = poxliff.PoXliffFile(
        sourcelanguage=language_tag(source_language), targetlanguage=language_tag(locale.code)
    )
    convert = po2xliff()
    written = 0
    for unit in store.units:
        # The PO header is no segment for a translator; target-language says the locale.
        if unit.isblank() or unit.isobsolete() or unit.isheader():
            continue
        xunit = convert.convertunit(out, unit, filename)
        written += 1
        if unit.getcontext():
            xunit.createcontextgroup(
                "po-entry", [("x-po-msgctxt", unit.getcontext())], purpose="information"
            )
        if is_finished(unit):
            _set_state(xunit, "translated", approved=True)
        elif unit.isfuzzy() and any(catalogs.target_forms(unit)):
            _set_state(xunit, "needs-review-translation", approved=False)
        else:
            _set_state(xunit, "needs-translation", approved=False)
    return _as_xliff12(bytes(out)), written, 0


def _xliff_context(xunit: poxliff.PoXliffUnit) -> str:
    for group in xunit.getcontextgroups("po-entry"):
        for kind, text in group:
            if kind == "x-po-msgctxt":
                return text or ""
    return ""


def _xliff_reviewed(xunit: poxliff.PoXliffUnit) -> bool:
    """A person confirmed every form: state translated/signed-off/final, or approved="yes"
    with no `needs-*`/`new` state; and no form is empty."""
    ns = xunit.namespace
    elements = _trans_units(xunit.xmlelement)
    for element in elements:
        target = element.find(f"{{{ns}}}target")
        if target is None or not "".join(map(str, target.itertext())):
            return False
        state = target.get("state")
        if state in REVIEWED_STATES:
            continue
        if state is None and element.get("approved") == "yes":
            continue
        return False
    return bool(elements)


def import_xliff(path: Path, data: bytes, store: catalogs.Store, result: ImportResult) -> bool:
    refuse_xml_entities(path, data, "XLIFF")
    try:
        xliff = poxliff.PoXliffFile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise InputError(path, f"cannot read XLIFF 1.x: {error}") from None
    locale = catalogs.catalog_locale(result.catalog, store)
    declared = xliff.gettargetlanguage()
    if declared and base_language(declared) != base_language(locale.code):
        raise InputError(
            path,
            f"target-language is {declared!r} but {result.catalog} is {locale.code!r}",
            xliff.document.getroot().sourceline,
        )
    index = catalogs.live_index(store)
    changes: list[tuple[catalogs.Unit, str | multistring]] = []
    for xunit in xliff.units:
        if xunit.isheader():
            continue
        sources = xunit.source.strings if xunit.hasplural() else [xunit.source]
        unit = index.get((_xliff_context(xunit), str(sources[0])))
        if unit is None or unit.hasplural() != xunit.hasplural():
            result.not_found.append(shortened(str(sources[0])))
            continue
        if not _xliff_reviewed(xunit):
            result.not_reviewed += 1
            continue
        if unit.hasplural():
            forms = [str(s) for s in xunit.target.strings]
            if len(forms) != locale.nplurals:
                raise InputError(
                    path,
                    f"{len(forms)} plural forms for {shortened(str(sources[0]))!r}, "
                    f"but the catalog has {locale.nplurals}",
                    xunit.xmlelement.sourceline,
                )
            if forms == catalogs.target_forms(unit) and not unit.isfuzzy():
                result.unchanged += 1
            else:
                changes.append((unit, multistring(forms)))
        elif str(xunit.target) == str(unit.target or "") and not unit.isfuzzy():
            result.unchanged += 1
        else:
            changes.append((unit, str(xunit.target)))
    # Applied only once the whole file has been read without an error.
    for unit, target in changes:
        catalogs.mark_reviewed(unit, target)
    result.updated = len(changes)
    return bool(changes)
