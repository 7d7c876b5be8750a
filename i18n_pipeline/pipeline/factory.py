"""Which engine runs a model: CTranslate2 where it can, transformers otherwise, or pseudo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from i18n_pipeline.engines.ray_engine import RayCluster


def default_engine_factory(
    options: TranslateOptions, notify: Callable[[str], None] | None = None
) -> EngineFactory:
    """CTranslate2 where it can run the model, transformers otherwise (or when asked)."""

    cluster: RayCluster | None = None

    def build(spec: ModelSpec) -> Engine:
        nonlocal cluster
        # Imported here: a re-run that needs no model must not pay for loading engines.
        if options.engine in PSEUDO_ENGINES:
            from i18n_pipeline.engines.pseudo import PseudoEngine

            return PseudoEngine(rtl=options.engine == "pseudo-rtl")
        if options.cluster:
            from i18n_pipeline.engines.ray_engine import RayCluster, RayEngine

            if cluster is None:  # one pool of actors for every model of the run
                cluster = RayCluster(options.cluster, options.actor_cpus, options.device)
            return RayEngine(
                spec,
                cluster,
                beam=options.beam,
                max_length=options.max_length,
                batch_size=options.batch_size,
                batch_type=options.batch_type,
                compute_type=options.compute_type,
                workers=options.workers,
            )
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
    if options.cluster and engine_factory is None:
        if options.engine == "transformers":
            raise UsageError("--cluster runs the CTranslate2 engine, not --engine transformers")
        if options.engine not in (*PSEUDO_ENGINES, "memory"):  # those need no model
            from i18n_pipeline.engines.ray_engine import check_address

            check_address(options.cluster)  # before anything is read or written
    return engine_factory or default_engine_factory(options, notify)
