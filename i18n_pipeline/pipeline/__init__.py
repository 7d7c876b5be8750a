"""Articles → catalogs: read, sync catalogs, translate only what is new, write atomically.

The run (`run`) reads articles into entries (`entries`), fills them from the translation
memory (`memory`) and the engine (`fill`, `pending`), and saves at checkpoints (`checkpoint`,
`saving`); `render` rebuilds an article from its catalog.
"""

from i18n_pipeline.pipeline.entries import document_entries as document_entries
from i18n_pipeline.pipeline.entries import reference_for as reference_for
from i18n_pipeline.pipeline.factory import default_engine_factory as default_engine_factory
from i18n_pipeline.pipeline.fill import engine_calls_running as engine_calls_running
from i18n_pipeline.pipeline.options import ENGINES as ENGINES
from i18n_pipeline.pipeline.options import PSEUDO_ENGINES as PSEUDO_ENGINES
from i18n_pipeline.pipeline.options import TRANSFORMERS_BATCH as TRANSFORMERS_BATCH
from i18n_pipeline.pipeline.options import EngineFactory as EngineFactory
from i18n_pipeline.pipeline.options import ProgressCallback as ProgressCallback
from i18n_pipeline.pipeline.options import TranslateOptions as TranslateOptions
from i18n_pipeline.pipeline.options import TranslateSummary as TranslateSummary
from i18n_pipeline.pipeline.options import TranslationInterrupted as TranslationInterrupted
from i18n_pipeline.pipeline.render import render_file as render_file
from i18n_pipeline.pipeline.run import translate_catalogs as translate_catalogs
from i18n_pipeline.pipeline.run import translate_files as translate_files
from i18n_pipeline.pipeline.texts import TextTranslation as TextTranslation
from i18n_pipeline.pipeline.texts import load_engine as load_engine
from i18n_pipeline.pipeline.texts import translate_texts as translate_texts
