"""Export a catalog, or every catalog of a locales directory, in one of the formats."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict, Unpack

from i18n_pipeline import catalogs
from i18n_pipeline.errors import InputError, UsageError, check_keywords
from i18n_pipeline.exchange.common import ExportResult
from i18n_pipeline.exchange.i18next import catalog_to_i18next
from i18n_pipeline.exchange.jed import catalog_to_jed
from i18n_pipeline.exchange.tmx import catalog_to_tmx
from i18n_pipeline.exchange.xliff import catalog_to_xliff
from i18n_pipeline.locales import parse_locale

FORMATS = ("i18next", "jed", "tmx", "xliff")
SUFFIXES = {"i18next": ".json", "jed": ".json", "tmx": ".tmx", "xliff": ".xlf"}


class ExportOptions(TypedDict, total=False):
    """The source language the formats that name it write ("en" unset), and whether i18next
    keeps `%(name)s` placeholders as they are rather than as `{{name}}` (no, unset)."""

    source_language: str
    keep_placeholders: bool


def export_catalog(
    po_path: str | Path, fmt: str, output: str | Path, **options: Unpack[ExportOptions]
) -> ExportResult:
    """Write one catalog in `fmt` to `output`, atomically."""
    check_keywords("export_catalog", options, ExportOptions)
    source_language = options.get("source_language", "en")
    keep_placeholders = options.get("keep_placeholders", False)
    if fmt not in FORMATS:
        raise UsageError(f"invalid value for --format: {fmt!r} (one of {', '.join(FORMATS)})")
    parse_locale(source_language, "--from")
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
    source: str | Path, fmt: str, output: str | Path, **options: Unpack[ExportOptions]
) -> list[ExportResult]:
    """A PO file to the file `output`, or a locales directory to `output/<locale>/<domain>.<ext>`
    (the layout i18next-http-backend's `/locales/{{lng}}/{{ns}}.json` expects)."""
    check_keywords("export_catalogs", options, ExportOptions)
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
    return [export_catalog(path, fmt, out, **options) for path, out in targets]
