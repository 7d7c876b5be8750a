"""The one small interface every engine implements; engines know nothing of files or catalogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypedDict, runtime_checkable


@dataclass(frozen=True)
class EngineInfo:
    """Provenance written next to every machine translation."""

    engine: str  # "transformers", "ctranslate2", "memory", "pseudo"
    model: str  # hub id or local path as the user gave it
    version: str  # model revision / commit hash when known, else library version

    def describe(self) -> str:
        return f"{self.engine} {self.model} ({self.version})"


class ModelEngineOptions(TypedDict, total=False):
    """The keywords every model engine's constructor takes (the CLI's --device, --beam,
    --max-length, --batch-size, --threads); each engine says its own defaults."""

    device: str
    beam: int
    max_length: int | None
    batch_size: int
    threads: int


@runtime_checkable
class Engine(Protocol):
    """Constructed once (loads the model), then called in batches."""

    info: EngineInfo
    # Inputs whose output the engine had to stop at its length cap (flagged for review); empty
    # for an engine without one.
    cut_short: set[str]
    # Input -> mean log-probability per output token of its translation (the confidence written
    # as `#. mt-score:`); empty for an engine that has no model to score with.
    scores: dict[str, float]

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        """Translate `sentences` from locale `source` to locale `target`, same order and length."""
        ...
