"""Translation engines: a batch of sentences in, a batch of translations out."""

from i18n_pipeline.engines.base import Engine, EngineInfo

__all__ = ["Engine", "EngineInfo"]
