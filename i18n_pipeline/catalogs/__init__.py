"""Everything that reads and writes PO/MO files (the only package that does).

Translate Toolkit's `pofile` owns a catalog in memory: it reports an unterminated string with its
line, keeps `#|` previous msgids through a read-write cycle and writes msgcat's layout back
unchanged (Babel's reader does none of these). Babel supplies the CLDR plural rules (see
`locales`) and compiles MO files, which it does 40x faster than Translate Toolkit.

Modules: `store` (the model), `reading`, `writing`, `layout`, `merge`, `compiling`, `locking`,
and `templates` (extract, init, update). This package re-exports what the others use.
"""

from i18n_pipeline.catalogs.compiling import CompileResult, compile_catalog
from i18n_pipeline.catalogs.layout import (
    catalog_locale,
    catalog_path,
    find_catalogs,
    new_catalog,
    open_catalog,
    touch_header,
)
from i18n_pipeline.catalogs.merge import (
    PREVIOUS_MSGID_SIMILARITY,
    SourceEntry,
    SyncResult,
    copy_translation,
    reference_path,
    set_machine_translation,
    set_memory_translation,
    sync_document,
)
from i18n_pipeline.catalogs.reading import parse_catalog, read_catalog
from i18n_pipeline.catalogs.store import (
    KIND_PREFIX,
    MT_CHECK_PREFIX,
    MT_PREFIX,
    TM_PREFIX,
    Store,
    Unit,
    entry_key,
    has_translation,
    header_nplurals,
    header_plural_forms,
    is_reviewed,
    live_index,
    own_comments,
    set_own_comments,
    translation_lookup,
)
from i18n_pipeline.catalogs.writing import (
    remove_stale_temp_files,
    remove_stale_temp_files_in,
    serialize_catalog,
    write_atomic,
    write_catalog,
)

__all__ = [
    "KIND_PREFIX",
    "MT_CHECK_PREFIX",
    "MT_PREFIX",
    "PREVIOUS_MSGID_SIMILARITY",
    "TM_PREFIX",
    "CompileResult",
    "SourceEntry",
    "Store",
    "SyncResult",
    "Unit",
    "catalog_locale",
    "catalog_path",
    "compile_catalog",
    "copy_translation",
    "entry_key",
    "find_catalogs",
    "has_translation",
    "header_nplurals",
    "header_plural_forms",
    "is_reviewed",
    "live_index",
    "new_catalog",
    "open_catalog",
    "own_comments",
    "parse_catalog",
    "read_catalog",
    "reference_path",
    "remove_stale_temp_files",
    "remove_stale_temp_files_in",
    "serialize_catalog",
    "set_machine_translation",
    "set_memory_translation",
    "set_own_comments",
    "sync_document",
    "touch_header",
    "translation_lookup",
    "write_atomic",
    "write_catalog",
]
