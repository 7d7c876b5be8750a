"""Catalogs out to the formats sites and CAT tools read (i18next, Jed, TMX, XLIFF), and back in.

Exports read catalogs and never re-translate. Translate Toolkit writes TMX (`tmx.tmxfile`), XLIFF
(`po2xliff` into a `poxliff` store, declared as XLIFF 1.2) and i18next v4 JSON
(`jsonl10n.FlatI18NextV4File`); Jed's JSON is plain `json`, since no library writes it. Imports
parse the whole file before the catalog is touched, and write it atomically, or not at all.
"""

from __future__ import annotations

import gettext
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from lxml import etree
from translate.convert.po2xliff import po2xliff
from translate.misc.multistring import multistring
from translate.storage import jsonl10n, poxliff, tmx

from i18n_pipeline import __version__, catalogs
from i18n_pipeline.catalogs.locking import catalog_lock
from i18n_pipeline.errors import InputError, UsageError
from i18n_pipeline.locales import LocaleInfo, parse_locale

FORMATS = ("i18next", "jed", "tmx", "xliff")
SUFFIXES = {"i18next": ".json", "jed": ".json", "tmx": ".tmx", "xliff": ".xlf"}
XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
# XLIFF 1.2 target states a CAT tool sets once a person has confirmed the segment.
REVIEWED_STATES = frozenset({"translated", "signed-off", "final"})
_PERCENT_NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE_NAMED = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")
# Parse untrusted XML without entities or network access (no XXE, no billion laughs).
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class ExportResult:
    source: Path
    output: Path
    format: str
    locale: str
    entries: int  # entries written
    left_out: int  # fuzzy, untranslated or (TMX) plural entries not written


@dataclass
class ImportResult:
    path: Path
    catalog: Path
    updated: int = 0  # catalog entries whose translation changed or became reviewed
    unchanged: int = 0
    not_reviewed: int = 0  # targets left out because nobody confirmed them
    not_found: list[str] = field(default_factory=list)  # sources the catalog no longer has
    written: bool = False


# --------------------------------------------------------------------------- shared


def _live(store: catalogs.Store) -> Iterator[catalogs.Unit]:
    for unit in store.units:
        if not unit.isheader() and not unit.isobsolete():
            yield unit


def _forms(unit: catalogs.Unit) -> list[str]:
    if unit.hasplural():
        return [str(s) for s in unit.target.strings] if unit.target else []
    return [str(unit.target)] if unit.target else []


def _finished(unit: catalogs.Unit) -> bool:
    """Translated and not fuzzy: what msgfmt compiles and a site may show."""
    forms = _forms(unit)
    return bool(forms) and all(forms) and not unit.isfuzzy()


def _language_tag(code: str) -> str:
    """A locale directory name as a BCP 47 tag for xml:lang (pt_BR → pt-BR)."""
    return code.split("@", 1)[0].replace("_", "-")


def _base_language(code: str) -> str:
    return code.replace("-", "_").split("_", 1)[0].split("@", 1)[0].lower()


# --------------------------------------------------------------------------- i18next


def plural_categories(locale: LocaleInfo) -> list[tuple[str, int]]:
    """(CLDR category, gettext form index) pairs, found by evaluating both rules on samples.

    Mapping by position goes wrong where CLDR has categories gettext lacks (French `many`
    is for 1 000 000); sampling integers gives each category the form gettext really uses.
    Categories only fractions reach (Russian `other`) have no gettext form and are left out.
    """
    cldr = Locale.parse(locale.code.split("@", 1)[0].replace("-", "_")).plural_form
    formula = gettext.c2py(locale.plural_expr)
    found: dict[str, int] = {}
    for n in [*range(0, 1001), 10**4, 10**5, 10**6, 10**7]:
        found.setdefault(cldr(n), formula(n))
    return [(tag, found[tag]) for tag in CLDR_ORDER if tag in found]


def i18next_placeholders(text: str) -> str:
    """`%(name)s` and `{name}` → i18next's `{{name}}`; `{{`/`}}` and other text untouched."""
    text = _PERCENT_NAMED.sub(lambda m: "{{" + m[1] + "}}", text)
    return _BRACE_NAMED.sub(lambda m: "{{" + m[1] + "}}", text)


class _I18NextStore(jsonl10n.FlatI18NextV4File):
    """Flat i18next v4 JSON whose plural suffixes come from the catalog's own plural rule."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__()
        self._tags = list(tags)

    def get_plural_tags(self, target: object = None) -> list[str]:
        return self._tags


def catalog_to_i18next(
    store: catalogs.Store, locale: LocaleInfo, keep_placeholders: bool = False
) -> tuple[bytes, int, int]:
    """Flat i18next v4 JSON (keys are msgids: load with keySeparator and nsSeparator false).

    Returns (data, entries written, entries left out).
    """
    categories = plural_categories(locale)
    out = _I18NextStore([tag for tag, _ in categories])
    out.settargetlanguage(_language_tag(locale.code))
    convert = (lambda s: s) if keep_placeholders else i18next_placeholders
    written = left_out = 0
    for unit in _live(store):
        if not _finished(unit):
            left_out += 1
            continue
        forms = _forms(unit)
        key = str(unit.source)
        if unit.getcontext():
            key = f"{key}_{unit.getcontext()}"
        if unit.hasplural():
            value: str | multistring = multistring(
                [convert(forms[index]) for _, index in categories if index < len(forms)]
            )
        else:
            value = convert(forms[0])
        entry = out.UnitClass(value)
        entry.setid(key)
        out.addunit(entry)
        written += 1
    return bytes(out), written, left_out


# --------------------------------------------------------------------------- Jed / gettext.js


def catalog_to_jed(
    store: catalogs.Store, locale: LocaleInfo, domain: str
) -> tuple[bytes, int, int]:
    """Jed 1.x `locale_data` JSON. Its domain object also carries gettext.js's header keys, so
    `new Jed(data)` and `i18n.loadJSON(data.locale_data[domain])` both load the same file."""
    plural_forms = locale.plural_forms
    messages: dict[str, object] = {
        "": {
            "domain": domain,
            "lang": locale.code,
            "plural_forms": plural_forms,
            "language": locale.code,
            "plural-forms": plural_forms,
        }
    }
    written = left_out = 0
    for unit in _live(store):
        if not _finished(unit):
            left_out += 1
            continue
        key = str(unit.source)
        if unit.getcontext():
            key = f"{unit.getcontext()}\u0004{key}"
        messages[key] = _forms(unit)
        written += 1
    data = {"domain": domain, "locale_data": {domain: messages}}
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return text.encode("utf-8"), written, left_out


# --------------------------------------------------------------------------- TMX


def _revision_date(store: catalogs.Store) -> str:
    """The catalog's PO-Revision-Date in TMX's form (20261126T230600Z); now when it has none.
    Taking it from the catalog makes the same catalog export to the same bytes."""
    raw = store.parseheader().get("PO-Revision-Date", "")
    try:
        when = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M%z").astimezone(UTC)
    except ValueError:
        when = datetime.now(UTC)
    return when.strftime("%Y%m%dT%H%M%SZ")


def catalog_to_tmx(
    store: catalogs.Store, locale: LocaleInfo, source_language: str = "en"
) -> tuple[bytes, int, int]:
    """TMX 1.4b: one translation unit per reviewed singular entry, msgctxt as `x-context`.

    Plural entries are left out: TMX has no plural forms, and po2tmx's one unit per form pairs
    msgid_plural with two or more different targets, which makes conflicting memory matches.
    """
    source_tag = _language_tag(source_language)
    target_tag = _language_tag(locale.code)
    out = tmx.tmxfile(sourcelanguage=source_tag, targetlanguage=target_tag)
    out.addheader()
    created = _revision_date(store)
    header = next(out.document.getroot().iterchildren(out.namespaced("header")))
    header.set("creationtool", "i18n-pipeline")
    header.set("creationtoolversion", __version__)
    header.set("creationdate", created)
    written = left_out = 0
    for unit in _live(store):
        if unit.hasplural() or not _finished(unit):
            left_out += 1
            continue
        out.addtranslation(
            str(unit.source), source_tag, str(unit.target), target_tag, None, unit.getcontext()
        )
        out.units[-1].xmlelement.set("creationdate", created)
        written += 1
    return bytes(out), written, left_out


# --------------------------------------------------------------------------- XLIFF


def _as_xliff12(data: bytes) -> bytes:
    """Translate Toolkit writes the 1.1 namespace; the elements it uses are the same in 1.2,
    the version CAT tools (OmegaT, Okapi, memoQ, Trados, Weblate) read most widely."""
    old = etree.fromstring(data, _SAFE_XML)
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12})
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
    xunit.xmlelement.attrib.pop("approved", None)  # a <group> has no approved attribute
    for element in _trans_units(xunit.xmlelement):
        target = element.find(f"{{{ns}}}target")
        if target is None:
            target = etree.SubElement(element, f"{{{ns}}}target")
            element.find(f"{{{ns}}}source").addnext(target)
        target.set("state", state)
        element.set("approved", "yes" if approved else "no")


def catalog_to_xliff(
    store: catalogs.Store, locale: LocaleInfo, filename: str, source_language: str = "en"
) -> tuple[bytes, int, int]:
    """XLIFF 1.2 with every live entry: untranslated (`needs-translation`), fuzzy
    (`needs-review-translation`) and reviewed (`translated`, approved); notes, locations and
    msgctxt (an `x-po-msgctxt` context) kept."""
    out = poxliff.PoXliffFile(
        sourcelanguage=_language_tag(source_language), targetlanguage=_language_tag(locale.code)
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
        if _finished(unit):
            _set_state(xunit, "translated", approved=True)
        elif unit.isfuzzy() and any(_forms(unit)):
            _set_state(xunit, "needs-review-translation", approved=False)
        else:
            _set_state(xunit, "needs-translation", approved=False)
    return _as_xliff12(bytes(out)), written, 0


# --------------------------------------------------------------------------- export


def export_catalog(
    po_path: str | Path,
    fmt: str,
    output: str | Path,
    *,
    source_language: str = "en",
    keep_placeholders: bool = False,
) -> ExportResult:
    """Write one catalog in `fmt` to `output`, atomically."""
    if fmt not in FORMATS:
        raise UsageError(f"invalid value for --format: {fmt!r} (one of {', '.join(FORMATS)})")
    parse_locale(source_language, "--source-language")
    po_path, output = Path(po_path), Path(output)
    store = catalogs.read_catalog(po_path)
    locale = catalogs.catalog_locale(po_path, store)
    if fmt == "i18next":
        data, written, left_out = catalog_to_i18next(store, locale, keep_placeholders)
    elif fmt == "jed":
        data, written, left_out = catalog_to_jed(store, locale, po_path.stem)
    elif fmt == "tmx":
        data, written, left_out = catalog_to_tmx(store, locale, source_language)
    else:
        data, written, left_out = catalog_to_xliff(store, locale, po_path.name, source_language)
    catalogs.write_atomic(output, data)
    return ExportResult(po_path, output, fmt, locale.code, written, left_out)


def export_catalogs(
    source: str | Path,
    fmt: str,
    output: str | Path,
    *,
    source_language: str = "en",
    keep_placeholders: bool = False,
) -> list[ExportResult]:
    """A PO file to the file `output`, or a locales directory to `output/<locale>/<domain>.<ext>`
    (the layout i18next-http-backend's `/locales/{{lng}}/{{ns}}.json` expects)."""
    source, output = Path(source), Path(output)
    if source.is_dir():
        paths = catalogs.find_catalogs(source)
        if not paths:
            raise InputError(source, "no <locale>/LC_MESSAGES/<domain>.po catalogs here")
        # Read them all first: one bad catalog stops the export before anything is written.
        for path in paths:
            catalogs.read_catalog(path)
        targets = [
            (path, output / path.parent.parent.name / f"{path.stem}{SUFFIXES[fmt]}")
            for path in paths
        ]
    else:
        if not source.exists():
            raise InputError(source, "no such file or directory")
        targets = [(source, output)]
    return [
        export_catalog(
            path,
            fmt,
            out,
            source_language=source_language,
            keep_placeholders=keep_placeholders,
        )
        for path, out in targets
    ]


# --------------------------------------------------------------------------- import


def _parse_xml(path: Path) -> bytes:
    """The file's bytes, once lxml has found them well-formed (else the error with its line)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    try:
        etree.fromstring(data, _SAFE_XML)
    except etree.XMLSyntaxError as error:
        message = re.sub(r",? line \d+, column \d+$", "", error.msg or "malformed XML")
        raise InputError(path, f"malformed XML: {message}", error.lineno) from None
    return data


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
        if target is None or not "".join(target.itertext()):
            return False
        state = target.get("state")
        if state in REVIEWED_STATES:
            continue
        if state is None and element.get("approved") == "yes":
            continue
        return False
    return bool(elements)


def _index(store: catalogs.Store) -> dict[tuple[str, str], catalogs.Unit]:
    return {(unit.getcontext() or "", str(unit.source)): unit for unit in _live(store)}


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _mark_reviewed(unit: catalogs.Unit, target: str | multistring) -> None:
    """A person's translation: not fuzzy, no previous msgid, no machine warnings left."""
    unit.target = target
    unit.markfuzzy(False)
    unit.prev_source = None
    catalogs.set_own_comments(unit, catalogs.MT_CHECK_PREFIX, [])


def _import_xliff(path: Path, data: bytes, store: catalogs.Store, result: ImportResult) -> bool:
    try:
        xliff = poxliff.PoXliffFile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise InputError(path, f"cannot read XLIFF 1.x: {error}") from None
    locale = catalogs.catalog_locale(result.catalog, store)
    declared = xliff.gettargetlanguage()
    if declared and _base_language(declared) != _base_language(locale.code):
        raise InputError(
            path,
            f"target-language is {declared!r} but {result.catalog} is {locale.code!r}",
            xliff.document.getroot().sourceline,
        )
    index = _index(store)
    changes: list[tuple[catalogs.Unit, str | multistring]] = []
    for xunit in xliff.units:
        if xunit.isheader():
            continue
        sources = xunit.source.strings if xunit.hasplural() else [xunit.source]
        unit = index.get((_xliff_context(xunit), str(sources[0])))
        if unit is None or unit.hasplural() != xunit.hasplural():
            result.not_found.append(_short(str(sources[0])))
            continue
        if not _xliff_reviewed(xunit):
            result.not_reviewed += 1
            continue
        if unit.hasplural():
            forms = [str(s) for s in xunit.target.strings]
            if len(forms) != locale.nplurals:
                raise InputError(
                    path,
                    f"{len(forms)} plural forms for {_short(str(sources[0]))!r}, "
                    f"but the catalog has {locale.nplurals}",
                    xunit.xmlelement.sourceline,
                )
            if forms == _forms(unit) and not unit.isfuzzy():
                result.unchanged += 1
            else:
                changes.append((unit, multistring(forms)))
        elif str(xunit.target) == str(unit.target or "") and not unit.isfuzzy():
            result.unchanged += 1
        else:
            changes.append((unit, str(xunit.target)))
    # Applied only once the whole file has been read without an error.
    for unit, target in changes:
        _mark_reviewed(unit, target)
    result.updated = len(changes)
    return bool(changes)


def _import_tmx(
    path: Path,
    data: bytes,
    store: catalogs.Store,
    result: ImportResult,
    source_language: str,
    reviewed: bool,
) -> bool:
    try:
        memory = tmx.tmxfile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise InputError(path, f"cannot read TMX: {error}") from None
    locale = catalogs.catalog_locale(result.catalog, store)
    wanted_source = _base_language(source_language)
    index = _index(store)
    changes: list[tuple[catalogs.Unit, str]] = []
    for tu in memory.units:
        texts: dict[str, str] = {}
        for node in tu.getlanguageNodes():
            lang = node.get("{http://www.w3.org/XML/1998/namespace}lang") or node.get("lang") or ""
            texts[lang.replace("-", "_").lower()] = tu.getNodeText(node) or ""
        source = next((t for k, t in texts.items() if _base_language(k) == wanted_source), "")
        target = texts.get(locale.code.lower()) or next(
            (t for k, t in texts.items() if _base_language(k) == locale.language.lower()), ""
        )
        if not source or not target:
            continue
        unit = index.get((tu.getcontext() or "", source))
        if unit is None or unit.hasplural():
            result.not_found.append(_short(source))
        elif catalogs.is_reviewed(unit):
            result.unchanged += 1  # a person already vouched for this catalog's translation
        elif str(unit.target or "") == target and not reviewed:
            result.unchanged += 1
        else:
            changes.append((unit, target))
    for unit, target in changes:
        catalogs.set_memory_translation(unit, target, str(path), reviewed)
        if reviewed:
            unit.prev_source = None
    result.updated = len(changes)
    return bool(changes)


def import_file(
    path: str | Path,
    into: str | Path,
    *,
    reviewed: bool = False,
    source_language: str = "en",
) -> ImportResult:
    """Bring translations from XLIFF (reviewed targets only) or TMX into a catalog.

    XLIFF: a confirmed target replaces the catalog's translation and is reviewed. TMX: units
    fill untranslated and fuzzy entries, fuzzy unless `reviewed` (you vouch for the memory);
    reviewed entries are never overwritten. msgctxt, plural forms and comments are kept. The
    whole file is read before the catalog is touched; a bad file leaves it byte for byte as it
    was.
    """
    path, into = Path(path), Path(into)
    parse_locale(source_language, "--source-language")
    kind = path.suffix.lower()
    if kind not in (".xlf", ".xliff", ".tmx"):
        raise UsageError(f"cannot import {path}: give an .xlf/.xliff or a .tmx file")
    data = _parse_xml(path)
    # Read, merge and write under the catalog's lock, so a translate run saving meanwhile is
    # neither overwritten nor overwrites us.
    with catalog_lock(into):
        store = catalogs.read_catalog(into)
        result = ImportResult(path, into)
        if kind == ".tmx":
            changed = _import_tmx(path, data, store, result, source_language, reviewed)
        else:
            changed = _import_xliff(path, data, store, result)
        if changed:
            catalogs.touch_header(store, catalogs.catalog_locale(into, store))
            catalogs.write_catalog(store, into)
            result.written = True
    return result
