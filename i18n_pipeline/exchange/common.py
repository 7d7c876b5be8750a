"""What every format shares: results, live and finished entries, language tags, safe XML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

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


def is_finished(unit: catalogs.Unit) -> bool:
    """Translated and not fuzzy, every plural form too: what msgfmt compiles and a site may
    show."""
    return catalogs.is_reviewed(unit) and all(catalogs.target_forms(unit))


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


def shortened(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
