"""Articles → catalogs: read, sync catalogs, translate only what is new, write atomically.

The run (`run`) reads articles into entries (`entries`), fills them from the translation
memory (`memory`) and the engine (`fill`, `pending`), and saves at checkpoints (`checkpoint`,
`saving`); `render` rebuilds an article from its catalog.
"""

from i18n_pipeline.pipeline.entries import document_entries, reference_for
from i18n_pipeline.pipeline.factory import default_engine_factory
from i18n_pipeline.pipeline.options import (
    ENGINES,
    PSEUDO_ENGINES,
    EngineFactory,
    ProgressCallback,
    TranslateOptions,
    TranslateSummary,
    TranslationInterrupted,
)
from i18n_pipeline.pipeline.render import render_file
from i18n_pipeline.pipeline.run import translate_catalogs, translate_files

__all__ = [
    "ENGINES",
    "PSEUDO_ENGINES",
    "EngineFactory",
    "ProgressCallback",
    "TranslateOptions",
    "TranslateSummary",
    "TranslationInterrupted",
    "default_engine_factory",
    "document_entries",
    "reference_for",
    "render_file",
    "translate_catalogs",
    "translate_files",
]
