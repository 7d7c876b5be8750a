"""Which engine runs a model: CTranslate2 where it can, transformers otherwise, or pseudo."""

from __future__ import annotations

from collections.abc import Callable

from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.registry import ModelSpec, check_model_option
from i18n_pipeline.errors import UsageError
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.pipeline.options import (
    ENGINES,
    PSEUDO_ENGINES,
    TRANSFORMERS_BATCH,
    EngineFactory,
    TranslateOptions,
)


def default_engine_factory(
    options: TranslateOptions, notify: Callable[[str], None] | None = None
) -> EngineFactory:
    """CTranslate2 where it can run the model, transformers otherwise (or when asked)."""

    def build(spec: ModelSpec) -> Engine:
        # Imported here: a re-run that needs no model must not pay for loading engines.
        if options.engine in PSEUDO_ENGINES:
            from i18n_pipeline.engines.pseudo import PseudoEngine

            return PseudoEngine(rtl=options.engine == "pseudo-rtl")
        if options.engine in ("auto", "ctranslate2"):
            try:
                from i18n_pipeline.engines.ctranslate2_engine import (
                    ConversionError,
                    CTranslate2Engine,
                )
            except ImportError:
                if options.engine == "ctranslate2":
                    raise UsageError(
                        "--engine ctranslate2: the ctranslate2 package is not installed "
                        "(pip install ctranslate2)"
                    ) from None
            else:
                try:
                    return CTranslate2Engine(
                        spec,
                        device=options.device,
                        beam=options.beam,
                        max_length=options.max_length,
                        batch_size=options.batch_size,
                        batch_type=options.batch_type,
                        compute_type=options.compute_type,
                        threads=options.threads,
                        workers=options.workers,
                        share_arena=options.share_malloc_arena,
                    )
                except ConversionError as error:
                    if options.engine == "ctranslate2":
                        raise
                    if notify:
                        notify(f"{error}; using the transformers engine instead")
        from i18n_pipeline.engines.transformers_engine import TransformersEngine

        return TransformersEngine(
            spec,
            device=options.device,
            beam=options.beam,
            max_length=options.max_length,
            batch_size=options.batch_size or TRANSFORMERS_BATCH,
            threads=options.threads,
        )

    return build


def checked_factory(
    options: TranslateOptions,
    engine_factory: EngineFactory | None,
    notify: Callable[[str], None] | None,
) -> EngineFactory:
    """Check the options both kinds of run share, before anything is read or written."""
    parse_locale(options.source, "--from")
    if options.engine not in ENGINES:
        raise UsageError(f"invalid value for --engine: {options.engine!r}")
    check_model_option(options.model)  # before any work: even a run that needs no model
    return engine_factory or default_engine_factory(options, notify)
