"""Which engine set-up is chosen for which machine and work, and how the run keeps it busy.

Nothing here is timed: the choices are pure functions of core count and work size, and the
overlap of decoding with saving is shown by the order of events.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from i18n_pipeline.engines import tuning
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.engines.ctranslate2_engine import CTranslate2Engine
from i18n_pipeline.engines.registry import resolve_model
from i18n_pipeline.engines.tuning import EngineSetup, choose_setup
from i18n_pipeline.pipeline import TranslateOptions, TranslationInterrupted, translate_files
from i18n_pipeline.pipeline import saving as pipeline
from i18n_pipeline.pipeline.fill import batch_order
from tests.helpers import msgfmt_check


@pytest.mark.parametrize(
    ("cores", "sentences", "workers", "threads"),
    [
        (2, 256, 2, 1),  # many sentences: a worker per core, one thread each
        (2, 2_000, 2, 1),
        (2, 24, 1, 2),  # a handful: one batch, every core on it
        (2, 64, 1, 2),  # two batches: not yet worth a second worker
        (2, 128, 2, 1),
        (16, 256, 4, 4),  # 8 batches: 4 workers with 2 each, the cores shared among them
        (16, 100_000, 16, 1),
        (1, 5_000, 1, 1),
    ],
)
def test_cpu_workers_and_threads_follow_cores_and_work(
    cores: int, sentences: int, workers: int, threads: int
) -> None:
    setup = choose_setup(device="cpu", sentences=sentences, cores=cores)
    assert (setup.workers, setup.threads) == (workers, threads)
    assert (setup.batch_size, setup.batch_type) == (tuning.CPU_BATCH_SENTENCES, "examples")
    assert setup.workers * setup.threads <= cores


def test_explicit_workers_threads_and_batches_win() -> None:
    # --threads is the whole budget, shared by the workers
    assert choose_setup(device="cpu", sentences=10_000, cores=8, threads=2) == EngineSetup(
        "cpu", 2, 1, 32, "examples"
    )
    assert choose_setup(device="cpu", sentences=10, cores=8, workers=4) == EngineSetup(
        "cpu", 4, 2, 32, "examples"
    )
    # One process per core, side by side: --threads 1 means one thread in all.
    assert choose_setup(device="cpu", sentences=10_000, cores=8, threads=1).workers == 1
    # More workers than threads cannot be: each worker needs a thread.
    assert choose_setup(device="cpu", sentences=10_000, cores=8, threads=2, workers=6).workers == 2
    tokens = choose_setup(
        device="cpu", sentences=10_000, cores=2, batch_size=2048, batch_type="tokens"
    )
    assert tokens.batch_type == "tokens" and tokens.sentences_per_call == 2 * 2048 // 32


def test_cuda_batches_by_tokens_on_one_worker() -> None:
    setup = choose_setup(device="cuda", sentences=10_000, cores=16)
    assert setup == EngineSetup("cuda", 1, 1, tuning.CUDA_BATCH_TOKENS, "tokens")
    assert "cuda" in setup.describe()
    # A batch size given in sentences stays in sentences.
    assert choose_setup(device="cuda", sentences=9, cores=16, batch_size=64).batch_type == (
        "examples"
    )


def test_sentences_per_call_gives_every_worker_a_batch() -> None:
    assert EngineSetup("cpu", 2, 1, 32, "examples").sentences_per_call == 64
    assert EngineSetup("cpu", 1, 2, 32, "examples").describe() == (
        "cpu, 1 worker x 2 threads, batches of 32 sentences"
    )


def test_physical_cores_counts_hyperthread_siblings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tuning.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    siblings = {"0": "0,2", "1": "1,3", "2": "0,2", "3": "1,3"}

    def read_text(self: Path) -> str:
        cpu = self.parent.parent.name.removeprefix("cpu")
        return siblings[cpu] + "\n"

    monkeypatch.setattr(tuning.Path, "read_text", read_text)
    assert tuning.physical_cores() == 2


def test_ctranslate2_engine_lays_the_model_out_for_the_announced_work(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("i18n_pipeline.engines.ctranslate2_engine.physical_cores", lambda: 2)
    spec = resolve_model(str(tiny_marian), "en", "az")
    few = CTranslate2Engine(spec, max_length=4, cache_dir=tmp_path)
    few.reserve(10)
    assert (few.setup.workers, few.setup.threads) == (1, 2)
    assert few.translator.num_translators == 1
    many = CTranslate2Engine(spec, max_length=4, cache_dir=tmp_path)
    many.reserve(5_000)
    assert (many.setup.workers, many.setup.threads) == (2, 1)
    assert many.translator.num_translators == 2
    assert many.sentences_per_call == 64
    texts = ["The ferry leaves.", "Tickets cost money.", "The port opens."] * 30
    assert many.translate_batch(texts, source="en", target="az") == few.translate_batch(
        texts, source="en", target="az"
    )
    # Once loaded, the layout stays: a later, smaller locale reuses the same model.
    many.reserve(3)
    assert many.setup.workers == 2


# ------------------------------------------------------------------ overlap with saving


class OverlapEngine:
    """Records how many of its calls run at once; a stand-in for CTranslate2's workers."""

    info = EngineInfo("overlap", "overlap", "1")

    def __init__(self, concurrent_calls: int, sentences_per_call: int = 2) -> None:
        self.concurrent_calls = concurrent_calls
        self.sentences_per_call = sentences_per_call
        self.started: list[int] = []
        self.running = 0
        self.finished = 0
        self.most_running = 0
        self.lock = threading.Lock()
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        with self.lock:
            self.running += 1
            self.most_running = max(self.most_running, self.running)
            self.started.append(len(sentences))
        time.sleep(0.05)
        with self.lock:
            self.running -= 1
            self.finished += 1
        return [f"AZ {s}" for s in sentences]


def _article(count: int) -> str:
    body = "\n\n".join(f"Paragraph number {n} tells the story." for n in range(count))
    return f"A title of the story\n\n{body}\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_next_step_decodes_while_the_last_one_is_saved(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("news.txt").write_text(_article(12), encoding="utf-8")
    engine = OverlapEngine(concurrent_calls=1)
    real_save = pipeline.save_catalog
    in_flight_at_save: list[int] = []

    def slow_save(*args: object, **kwargs: object) -> None:
        time.sleep(0.02)  # saving takes a while; the model is on the next step meanwhile
        with engine.lock:
            in_flight_at_save.append(len(engine.started) - engine.finished)
        real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "save_catalog", slow_save)
    options = TranslateOptions(locales_dir=Path("locales"), model="overlap", save_every=0.0)
    summary = translate_files(["news.txt"], options, engine_factory=lambda spec: engine)
    assert summary.translated == 13
    # Run one step after another, no call would be running while a catalog is saved; here
    # every checkpoint but the last (nothing left to decode) had the next step running.
    assert len(in_flight_at_save) >= 4
    assert all(n == 1 for n in in_flight_at_save[:-2]) and in_flight_at_save[-1] == 0
    po = Path("locales/az/LC_MESSAGES/news.po")
    msgfmt_check(po)
    assert "AZ Paragraph number 11 tells the story." in po.read_text("utf-8")


def test_two_calls_in_flight_when_the_engine_takes_them(workdir: Path) -> None:
    Path("news.txt").write_text(_article(40), encoding="utf-8")
    engine = OverlapEngine(concurrent_calls=2, sentences_per_call=4)
    options = TranslateOptions(locales_dir=Path("locales"), model="overlap", save_every=0.0)
    summary = translate_files(["news.txt"], options, engine_factory=lambda spec: engine)
    assert summary.translated == 41 and sum(engine.started) == 41
    assert engine.most_running == 2
    assert all(size % 4 == 0 for size in engine.started[:-1])  # whole calls of 4


def test_an_engine_failing_on_its_thread_interrupts_the_run_cleanly(workdir: Path) -> None:
    Path("news.txt").write_text(_article(10), encoding="utf-8")

    class Failing(OverlapEngine):
        def translate_batch(
            self, sentences: Sequence[str], *, source: str, target: str
        ) -> list[str]:
            if len(self.started) >= 3:
                raise KeyboardInterrupt
            return super().translate_batch(sentences, source=source, target=target)

    engine = Failing(concurrent_calls=2, sentences_per_call=1)
    options = TranslateOptions(locales_dir=Path("locales"), model="overlap", save_every=0.0)
    with pytest.raises(TranslationInterrupted) as caught:
        translate_files(["news.txt"], options, engine_factory=lambda spec: engine)
    po = Path("locales/az/LC_MESSAGES/news.po")
    assert caught.value.summary.saved >= 1
    msgfmt_check(po)


def test_batch_order_sorts_windows_of_whole_batches_and_keeps_ties_in_order() -> None:
    texts = [f"s{n:02d}" + "x" * (n % 5) for n in range(20)]
    ordered = batch_order(texts, 2)  # windows of 16 sentences
    assert sorted(ordered) == sorted(texts)
    assert sorted(ordered[:16]) == sorted(texts[:16]) and sorted(ordered[16:]) == sorted(texts[16:])
    assert [len(t) for t in ordered[:16]] == sorted((len(t) for t in texts[:16]), reverse=True)
    assert ordered[:3] == [
        "s04xxxx",
        "s09xxxx",
        "s14xxxx",
    ]  # equal lengths keep their document order


def test_every_batch_is_the_same_sentences_whatever_the_steps_and_workers(
    tmp_path: Path, copy_marian: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentence's translation may depend on its batch (padding and MKL/oneDNN sums), so the
    clock-sized steps, the worker count and the cluster's actors must not change any batch."""
    monkeypatch.chdir(tmp_path)
    words = ["fair", "book", "city", "ferry", "museum", "river", "garden", "square", "hall"]
    for n in range(3):
        body = "\n\n".join(
            f"The {words[(n + k) % 9]} {'is very ' * (k % 4)}open on day {n * 40 + k}."
            for k in range(40)
        )
        Path(f"a{n}.txt").write_text(f"Article {n} of the week\n\n{body}\n", encoding="utf-8")
    runs = []
    for workers, save_every in ((1, 0.0), (2, 0.0), (2, 1e9)):
        batches: list[tuple[tuple[str, ...], ...]] = []
        factory = _recording(copy_marian, tmp_path / "cache", workers, batches)
        options = TranslateOptions(
            locales_dir=Path(f"locales-{len(runs)}"),
            model=str(copy_marian),
            engine="ctranslate2",
            save_every=save_every,
        )
        translate_files(["a0.txt", "a1.txt", "a2.txt"], options, engine_factory=factory)
        assert len(batches) > 20 and max(len(batch) for batch in batches) == 4
        runs.append(sorted(batches))
    assert runs[0] == runs[1] == runs[2]
    catalogs = [Path(f"locales-{n}/az/LC_MESSAGES/a1.po").read_text("utf-8") for n in range(3)]
    assert catalogs[0].count("msgid") == catalogs[2].count("msgid") > 40


def _recording(
    model: Path, cache: Path, workers: int, batches: list[tuple[tuple[str, ...], ...]]
) -> Callable[[object], CTranslate2Engine]:
    """An engine factory whose CTranslate2 records each batch it is handed (as token lists)."""

    def factory(spec: object) -> CTranslate2Engine:
        engine = CTranslate2Engine(
            resolve_model(str(model), "en", "az"),
            workers=workers,
            threads=1,
            batch_size=4,
            cache_dir=cache,
        )
        real = engine.translator.translate_batch

        def spy(batch: list[list[str]], **options: object) -> object:
            batches.append(tuple(sorted(tuple(tokens) for tokens in batch)))
            return real(batch, **options)

        engine.translator = type("Spy", (), {"translate_batch": staticmethod(spy)})()
        return engine

    return factory


def test_steps_are_whole_batches_of_the_engine_s_own_size(workdir: Path) -> None:
    """An engine that states its batch gets steps of whole batches of it, whatever
    --batch-type says (the transformers engine counts sentences; 16 "tokens" would have made
    steps of one sentence, each batch then cut by the clock)."""
    Path("news.txt").write_text(_article(30), encoding="utf-8")

    class Batched(OverlapEngine):
        batch_sentences = 4

    engine = Batched(concurrent_calls=0, sentences_per_call=0)
    options = TranslateOptions(
        locales_dir=Path("locales"), model="batched", batch_type="tokens", save_every=0.0
    )
    summary = translate_files(["news.txt"], options, engine_factory=lambda spec: engine)
    assert summary.translated == 31 and sum(engine.started) == 31
    assert engine.started[0] == 8 and all(size % 4 == 0 for size in engine.started[:-1])
