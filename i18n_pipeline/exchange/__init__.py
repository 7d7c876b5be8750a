"""Catalogs out to the formats sites and CAT tools read (i18next, Jed, TMX, XLIFF), and back in.

Exports read catalogs and never re-translate. Translate Toolkit writes TMX (`tmx.tmxfile`), XLIFF
(`po2xliff` into a `poxliff` store, declared as XLIFF 1.2) and i18next v4 JSON
(`jsonl10n.FlatI18NextV4File`); Jed's JSON is plain `json`, since no library writes it. Imports
parse the whole file before the catalog is touched, and write it atomically, or not at all.

One module per format (`i18next`, `jed`, `tmx`, `xliff`), what they share (`common`), and the
two directions (`exporting`, `importing`).
"""

from i18n_pipeline.exchange.common import ExportResult, ImportResult
from i18n_pipeline.exchange.exporting import FORMATS, SUFFIXES, export_catalog, export_catalogs
from i18n_pipeline.exchange.i18next import (
    CLDR_ORDER,
    catalog_to_i18next,
    i18next_placeholders,
    plural_categories,
)
from i18n_pipeline.exchange.importing import import_file
from i18n_pipeline.exchange.jed import catalog_to_jed
from i18n_pipeline.exchange.tmx import catalog_to_tmx
from i18n_pipeline.exchange.xliff import REVIEWED_STATES, XLIFF11, XLIFF12, catalog_to_xliff

__all__ = [
    "CLDR_ORDER",
    "FORMATS",
    "REVIEWED_STATES",
    "SUFFIXES",
    "XLIFF11",
    "XLIFF12",
    "ExportResult",
    "ImportResult",
    "catalog_to_i18next",
    "catalog_to_jed",
    "catalog_to_tmx",
    "catalog_to_xliff",
    "export_catalog",
    "export_catalogs",
    "i18next_placeholders",
    "import_file",
    "plural_categories",
]
