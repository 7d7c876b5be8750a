"""Import an XLIFF or TMX file into a catalog, under its lock, atomically."""

from __future__ import annotations

from pathlib import Path

from i18n_pipeline import catalogs
from i18n_pipeline.errors import UsageError
from i18n_pipeline.exchange.common import ImportResult, parse_xml
from i18n_pipeline.exchange.tmx import import_tmx
from i18n_pipeline.exchange.xliff import import_xliff
from i18n_pipeline.locales import parse_locale


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
    parse_locale(source_language, "--from")
    kind = path.suffix.lower()
    if kind not in (".xlf", ".xliff", ".tmx"):
        raise UsageError(f"cannot import {path}: give an .xlf/.xliff or a .tmx file")
    data = parse_xml(path)
    result = ImportResult(path, into)

    def edit(found: catalogs.Found) -> catalogs.Store | None:
        # What is on disk now: a translate run saving meanwhile is neither overwritten nor
        # overwrites us.
        store = found.store()
        if kind == ".tmx":
            changed = import_tmx(path, data, store, result, source_language, reviewed)
        else:
            changed = import_xliff(path, data, store, result)
        return store if changed else None

    result.written = catalogs.rewrite_catalog(into, edit, touch=True).written
    return result
