"""What every format shares: results, live and finished entries, language tags, safe XML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from translate.misc.multistring import multistring

from i18n_pipeline import catalogs
from i18n_pipeline.errors import InputError

# Parse untrusted XML without entities or network access (no XXE, no billion laughs).
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


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


def language_tag(code: str) -> str:
    """A locale directory name as a BCP 47 tag for xml:lang (pt_BR → pt-BR)."""
    return code.split("@", 1)[0].replace("_", "-")


def base_language(code: str) -> str:
    return code.replace("-", "_").split("_", 1)[0].split("@", 1)[0].lower()


def parse_xml(path: Path) -> bytes:
    """The file's bytes, once lxml has found them well-formed (else the error with its line)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    try:
        etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as error:
        message = re.sub(r",? line \d+, column \d+$", "", error.msg or "malformed XML")
        raise InputError(path, f"malformed XML: {message}", error.lineno) from None
    return data


def _index(store: catalogs.Store) -> dict[tuple[str, str], catalogs.Unit]:
    return {(unit.getcontext() or "", str(unit.source)): unit for unit in _live(store)}


def shortened(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _mark_reviewed(unit: catalogs.Unit, target: str | multistring) -> None:
    """A person's translation: not fuzzy, no previous msgid, no machine warnings left."""
    unit.target = target
    unit.markfuzzy(False)
    unit.prev_source = None
    catalogs.set_own_comments(unit, catalogs.MT_CHECK_PREFIX, [])
    catalogs.set_own_comments(unit, catalogs.MT_SCORE_PREFIX, [])
