"""How to lay the model out on the machine: workers, threads per worker, batch size.

CTranslate2 runs `inter_threads` workers, each decoding one batch at a time on `intra_threads`
threads; `translate_batch` cuts its input into batches and hands them to the workers in
parallel. For a model of opus-mt's size on a CPU, batches decoded side by side on one thread
each go much further than one batch on many threads (measured on 2 cores, 256 sentences:
2 workers x 1 thread 7.8 s, 1 worker x 2 threads 10.4 s, 1 x 1 14.6 s), as CTranslate2's own
performance guide advises for throughput. A worker is only useful with batches to decode, so a
handful of sentences goes to fewer workers with more threads each (24 sentences: 1 x 2 1.07 s,
2 x 1 with batches of 12 1.11 s). Pure functions of the machine and the work, so the choice is
tested without timing anything.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

# Sentences per batch on a CPU: 32 decoded fastest on 2 cores (16: 8% slower, 64: 20% slower
# and twice the memory, since every sentence carries a vocabulary-sized logits row).
CPU_BATCH_SENTENCES = 32
# On a GPU, batches counted in tokens keep the device full whatever the sentence lengths
# (CTranslate2's guide: batch_type="tokens"); 4,096 tokens is about 128 news sentences.
CUDA_BATCH_TOKENS = 4096
# A worker gets at least this many batches of the run's first call before another one is added.
BATCHES_PER_WORKER = 2
# What one sentence counts as when a --batch-size in tokens must be turned into sentences.
TOKENS_PER_SENTENCE = 32


@dataclass(frozen=True)
class EngineSetup:
    """Where and how the model runs: chosen once, before the model is loaded."""

    device: str  # "cpu" or "cuda"
    workers: int  # batches decoded in parallel (CTranslate2's inter_threads)
    threads: int  # threads per worker (intra_threads)
    batch_size: int
    batch_type: str  # "examples" (sentences) or "tokens"

    @property
    def batch_sentences(self) -> int:
        """Sentences per model batch (about, when batches count tokens): `model_batches`."""
        return sentences_per_batch(self.batch_size, self.batch_type)

    @property
    def sentences_per_call(self) -> int:
        """Sentences one engine call needs so that every worker has a full batch."""
        return self.batch_sentences * self.workers

    def describe(self) -> str:
        unit = "sentences" if self.batch_type == "examples" else "tokens"
        if self.device == "cuda":
            return f"cuda, batches of {self.batch_size} {unit}"
        workers = "1 worker" if self.workers == 1 else f"{self.workers} workers"
        threads = "1 thread" if self.threads == 1 else f"{self.threads} threads"
        return f"cpu, {workers} x {threads}, batches of {self.batch_size} {unit}"


def sentences_per_batch(batch_size: int, batch_type: str) -> int:
    """About how many sentences a batch holds; a batch counted in tokens holds at least one."""
    if batch_type == "tokens":
        return max(1, batch_size // TOKENS_PER_SENTENCE)
    return batch_size


def physical_cores() -> int:
    """Cores this process may run on, hyper-threaded siblings counted once.

    Two threads of one core share its vector units, so a second worker on a sibling adds
    little speed but a full worker's memory. Reads Linux's topology files; elsewhere (or where
    they are missing) every logical CPU counts.
    """
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
    cores: set[str] = set()
    for cpu in allowed:
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        siblings = None
        with contextlib.suppress(OSError):
            siblings = (topology / "thread_siblings_list").read_text().strip()
        cores.add(siblings or str(cpu))
    return max(1, len(cores))


def choose_setup(
    *,
    device: str,
    sentences: int,
    cores: int,
    workers: int = 0,
    threads: int = 0,
    batch_size: int = 0,
    batch_type: str = "",
) -> EngineSetup:
    """The set-up for `sentences` sentences on `cores` physical cores; 0 / "" means choose.

    `threads` is the whole CPU budget (default: every core), `workers` how many batches run
    side by side; each worker gets `threads // workers` threads. On CUDA one worker drives the
    GPU with batches counted in tokens.
    """
    if device == "cuda":
        kind = batch_type or ("tokens" if not batch_size else "examples")
        size = batch_size or (CUDA_BATCH_TOKENS if kind == "tokens" else CPU_BATCH_SENTENCES)
        return EngineSetup("cuda", max(1, workers or 1), max(1, threads or 1), size, kind)
    kind = batch_type or "examples"
    size = batch_size or (CPU_BATCH_SENTENCES if kind == "examples" else 1024)
    budget = max(1, threads or cores)
    per_batch = sentences_per_batch(size, kind)
    if workers:
        chosen = min(workers, budget)
    else:
        batches = -(-max(1, sentences) // per_batch)  # ceiling division
        chosen = max(1, min(budget, batches // BATCHES_PER_WORKER))
    return EngineSetup("cpu", chosen, max(1, budget // chosen), size, kind)
