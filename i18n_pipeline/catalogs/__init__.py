"""Everything that reads and writes PO/MO files (the only package that does).

Translate Toolkit's `pofile` owns a catalog in memory: it reports an unterminated string with its
line, keeps `#|` previous msgids through a read-write cycle and writes msgcat's layout back
unchanged (Babel's reader does none of these). Babel supplies the CLDR plural rules (see
`locales`) and compiles MO files, which it does 40x faster than Translate Toolkit.

Modules: `store` (the model), `reading`, `writing`, `layout`, `merge`, `compiling`, `locking`,
`editing` (read-modify-write under the lock: every writer goes through it) and `templates`
(extract, init, update). This package re-exports what the others use.
"""

from i18n_pipeline.catalogs.compiling import CompileResult as CompileResult
from i18n_pipeline.catalogs.compiling import compile_catalog as compile_catalog
from i18n_pipeline.catalogs.editing import Found as Found
from i18n_pipeline.catalogs.editing import Rewritten as Rewritten
from i18n_pipeline.catalogs.editing import read_catalog_bytes as read_catalog_bytes
from i18n_pipeline.catalogs.editing import rewrite_catalog as rewrite_catalog
from i18n_pipeline.catalogs.editing import unchanged as unchanged
from i18n_pipeline.catalogs.layout import catalog_locale as catalog_locale
from i18n_pipeline.catalogs.layout import catalog_path as catalog_path
from i18n_pipeline.catalogs.layout import catalog_paths as catalog_paths
from i18n_pipeline.catalogs.layout import find_catalogs as find_catalogs
from i18n_pipeline.catalogs.layout import locale_code as locale_code
from i18n_pipeline.catalogs.layout import locale_disagreement as locale_disagreement
from i18n_pipeline.catalogs.layout import new_catalog as new_catalog
from i18n_pipeline.catalogs.layout import open_catalog as open_catalog
from i18n_pipeline.catalogs.layout import touch_header as touch_header
from i18n_pipeline.catalogs.merge import PREVIOUS_MSGID_SIMILARITY as PREVIOUS_MSGID_SIMILARITY
from i18n_pipeline.catalogs.merge import SourceEntry as SourceEntry
from i18n_pipeline.catalogs.merge import SyncResult as SyncResult
from i18n_pipeline.catalogs.merge import copy_translation as copy_translation
from i18n_pipeline.catalogs.merge import reference_path as reference_path
from i18n_pipeline.catalogs.merge import set_machine_translation as set_machine_translation
from i18n_pipeline.catalogs.merge import set_memory_translation as set_memory_translation
from i18n_pipeline.catalogs.merge import sync_document as sync_document
from i18n_pipeline.catalogs.merge import sync_documents as sync_documents
from i18n_pipeline.catalogs.reading import parse_catalog as parse_catalog
from i18n_pipeline.catalogs.reading import read_catalog as read_catalog
from i18n_pipeline.catalogs.store import KIND_PREFIX as KIND_PREFIX
from i18n_pipeline.catalogs.store import LOW_CONFIDENCE as LOW_CONFIDENCE
from i18n_pipeline.catalogs.store import MT_CHECK_PREFIX as MT_CHECK_PREFIX
from i18n_pipeline.catalogs.store import MT_PREFIX as MT_PREFIX
from i18n_pipeline.catalogs.store import MT_SCORE_PREFIX as MT_SCORE_PREFIX
from i18n_pipeline.catalogs.store import STATES as STATES
from i18n_pipeline.catalogs.store import TM_PREFIX as TM_PREFIX
from i18n_pipeline.catalogs.store import Store as Store
from i18n_pipeline.catalogs.store import Unit as Unit
from i18n_pipeline.catalogs.store import entry_key as entry_key
from i18n_pipeline.catalogs.store import entry_state as entry_state
from i18n_pipeline.catalogs.store import forms as forms
from i18n_pipeline.catalogs.store import has_translation as has_translation
from i18n_pipeline.catalogs.store import header_nplurals as header_nplurals
from i18n_pipeline.catalogs.store import header_plural_forms as header_plural_forms
from i18n_pipeline.catalogs.store import is_reviewed as is_reviewed
from i18n_pipeline.catalogs.store import live_index as live_index
from i18n_pipeline.catalogs.store import live_units as live_units
from i18n_pipeline.catalogs.store import machine_score as machine_score
from i18n_pipeline.catalogs.store import mark_reviewed as mark_reviewed
from i18n_pipeline.catalogs.store import own_comments as own_comments
from i18n_pipeline.catalogs.store import set_own_comments as set_own_comments
from i18n_pipeline.catalogs.store import target_forms as target_forms
from i18n_pipeline.catalogs.store import translation_lookup as translation_lookup
from i18n_pipeline.catalogs.store import unit_flags as unit_flags
from i18n_pipeline.catalogs.writing import StaleTempSweeper as StaleTempSweeper
from i18n_pipeline.catalogs.writing import remove_stale_temp_files as remove_stale_temp_files
from i18n_pipeline.catalogs.writing import remove_stale_temp_files_in as remove_stale_temp_files_in
from i18n_pipeline.catalogs.writing import serialize_catalog as serialize_catalog
from i18n_pipeline.catalogs.writing import write_atomic as write_atomic
from i18n_pipeline.catalogs.writing import write_catalog as write_catalog
