"""Catalogs out to the formats sites and CAT tools read (i18next, Jed, TMX, XLIFF), and back in.

Exports read catalogs and never re-translate. Translate Toolkit writes TMX (`tmx.tmxfile`), XLIFF
(`po2xliff` into a `poxliff` store, declared as XLIFF 1.2) and i18next v4 JSON
(`jsonl10n.FlatI18NextV4File`); Jed's JSON is plain `json`, since no library writes it. Imports
parse the whole file before the catalog is touched, and write it atomically, or not at all.

One module per format (`i18next`, `jed`, `tmx`, `xliff`), what they share (`common`), and the
two directions (`exporting`, `importing`).
"""

from i18n_pipeline.exchange.common import ExportResult as ExportResult
from i18n_pipeline.exchange.common import ImportResult as ImportResult
from i18n_pipeline.exchange.exporting import FORMATS as FORMATS
from i18n_pipeline.exchange.exporting import SUFFIXES as SUFFIXES
from i18n_pipeline.exchange.exporting import export_catalog as export_catalog
from i18n_pipeline.exchange.exporting import export_catalogs as export_catalogs
from i18n_pipeline.exchange.i18next import CLDR_ORDER as CLDR_ORDER
from i18n_pipeline.exchange.i18next import catalog_to_i18next as catalog_to_i18next
from i18n_pipeline.exchange.i18next import i18next_placeholders as i18next_placeholders
from i18n_pipeline.exchange.i18next import plural_categories as plural_categories
from i18n_pipeline.exchange.importing import import_file as import_file
from i18n_pipeline.exchange.jed import catalog_to_jed as catalog_to_jed
from i18n_pipeline.exchange.tmx import catalog_to_tmx as catalog_to_tmx
from i18n_pipeline.exchange.tmx import pairs_to_tmx as pairs_to_tmx
from i18n_pipeline.exchange.xliff import REVIEWED_STATES as REVIEWED_STATES
from i18n_pipeline.exchange.xliff import XLIFF11 as XLIFF11
from i18n_pipeline.exchange.xliff import XLIFF12 as XLIFF12
from i18n_pipeline.exchange.xliff import catalog_to_xliff as catalog_to_xliff
