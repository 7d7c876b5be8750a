"""What a run is given and what it reports: `TranslateOptions`, `TranslateSummary`."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from i18n_pipeline.catalogs import LOW_CONFIDENCE
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.locales import counted

EngineFactory = Callable[[ModelSpec], Engine]
# Called with (sentences just translated, the locale's total sentences to translate, the
# locale): each target locale is one stream of its own, so a bar per locale can say which.
ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class TranslateOptions:
    """Everything `translate` needs besides the files; the CLI's options one to one."""

    source: str = "en"
    targets: tuple[str, ...] = ("az",)
    model: str | None = None
    locales_dir: Path = Path("locales")
    domain: str | None = None
    beam: int = 1
    batch_size: int = 0  # 0: chosen for the device (engines/tuning.py); transformers: 16
    max_length: int | None = None
    device: str = "auto"
    engine: str = "auto"  # auto | ctranslate2 | transformers
    compute_type: str = "auto"
    threads: int = 0  # CPU threads in all; 0: one per physical core
    workers: int = 0  # batches decoded side by side (CTranslate2); 0: chosen from the work
    batch_type: str = ""  # "examples" | "tokens"; "": chosen for the device
    memory: tuple[Path, ...] = ()
    fuzzy_threshold: float = 75.0  # --engine memory: least similarity (0-100) to reuse
    save_every: float = 10.0  # seconds of model time between checkpoints (see _translate_in_steps)
    min_score: float = LOW_CONFIDENCE  # machine output scored under this counts low-confidence
    # Process-wide: one glibc malloc arena when CTranslate2 runs on one CPU thread (a steady,
    # lower peak RSS; see ctranslate2_engine.share_malloc_arena). The CLI owns its process.
    share_malloc_arena: bool = False
    # Which translations a run makes again (see replacing.py): pseudo | other | machine | fuzzy.
    retranslate: str = "other"
    # --engine pseudo into a real locale (fuzzy) instead of its pseudo-locale (en_XA, ar_XB).
    pseudo_into_real_locale: bool = False
    # Run the model on a Ray cluster (engines/ray_engine.py): "ray" starts a Ray of its own on
    # this machine; "auto" (the one `ray start` runs here, or RAY_ADDRESS), "ray://HOST:PORT"
    # (Ray Client) or "HOST:PORT" join a running one, as Ray's `address`.
    cluster: str | None = None
    actor_cpus: int = 0  # --cluster: CPUs per actor; 0: 4, at most a node's CPUs

    def __post_init__(self) -> None:
        # Library callers write `locales_dir="locales"` and `targets="az"`: take them as meant
        # (a path, one locale) rather than failing later or splitting "az" into letters.
        object.__setattr__(self, "locales_dir", Path(self.locales_dir))
        object.__setattr__(self, "targets", one_or_many(self.targets))
        object.__setattr__(self, "memory", tuple(Path(p) for p in one_or_many(self.memory)))


_T = TypeVar("_T")


def one_or_many(value: str | os.PathLike[str] | Sequence[_T]) -> tuple[_T, ...]:
    """A single string or path as a one-item tuple, any other sequence as a tuple."""
    if isinstance(value, str | os.PathLike):
        return (value,)  # type: ignore[return-value]
    return tuple(value)


@dataclass
class TranslateSummary:
    files: int = 0
    locales: int = 0
    blocks: int = 0
    sentences: int = 0  # sentences sent to a model
    translated: int = 0  # entries filled by a model
    reused: int = 0  # entries that already had a translation
    from_memory: int = 0  # entries filled from the translation memory
    other_language: list[str] = field(default_factory=list)  # "path:line" of blocks left out
    written: list[Path] = field(default_factory=list)  # catalogs that changed on disk
    flagged: int = 0  # machine translations whose placeholders or markup did not survive
    low_confidence: int = 0  # machine translations scored under catalogs.LOW_CONFIDENCE
    obsoleted: int = 0
    seconds: float = 0.0
    catalogs: list[Path] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    saved: int = 0  # translations (model or memory) written to disk so far, checkpoints included
    sentences_from_memory: int = 0  # sentences of new or changed texts found translated before
    setups: list[str] = field(default_factory=list)  # how each model ran (workers, batches)
    warnings: list[str] = field(default_factory=list)  # one line each, shown even with --quiet
    peak_rss_mib: float = 0.0  # the process's peak resident memory at the end of the run
    retranslated: int = 0  # entries with machine output being replaced (see replacing.py)
    nodes: dict[str, int] = field(default_factory=dict)  # --cluster: sentences per "IP node-id"

    def line(self) -> str:
        text = (
            f"{counted(self.files, 'file')}, {counted(self.blocks, 'block')}, "
            f"{counted(self.locales, 'locale')}: {self.translated} translated "
            f"({counted(self.sentences, 'sentence')}), {self.reused} reused"
        )
        if self.retranslated:
            text += f", {self.retranslated} re-translated (machine output replaced)"
        if self.from_memory:
            text += f", {self.from_memory} from translation memory"
        if self.sentences_from_memory:
            text += f", {counted(self.sentences_from_memory, 'sentence')} from memory"
        if self.other_language:
            text += f", {len(self.other_language)} left out (another language)"
        if self.flagged:
            text += f", {self.flagged} flagged for review"
        if self.low_confidence:
            text += f", {self.low_confidence} low-confidence"
        if self.obsoleted:
            text += f", {self.obsoleted} obsolete"
        return text + f" in {self.seconds:.1f} s"


class TranslationInterrupted(KeyboardInterrupt):
    """Ctrl-C during `translate`: carries the summary of what the checkpoints saved."""

    def __init__(self, summary: TranslateSummary) -> None:
        super().__init__()
        self.summary = summary


TRANSFORMERS_BATCH = 16  # sentences per generate() call when --batch-size is not given
ENGINES = ("auto", "ctranslate2", "transformers", "pseudo", "pseudo-rtl", "memory")
PSEUDO_ENGINES = ("pseudo", "pseudo-rtl")
RETRANSLATE = ("pseudo", "other", "machine", "fuzzy")
