"""Crash safety, resume and concurrent writers: no run loses a translation another one saved.

The library tests drive `translate_files` with test-double engines that interrupt the run or let
"another process" write the catalog in the middle of it, deterministically. The process tests
run the real CLI with the copy model (CTranslate2) and kill it with SIGKILL at random moments,
or run two of them against one catalog at once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from filelock import FileLock

from i18n_pipeline import catalogs
from i18n_pipeline.catalogs.locking import catalog_lock, lock_path
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.errors import PipelineError
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.pipeline import TranslateOptions, TranslationInterrupted, translate_files
from i18n_pipeline.pipeline.saving import CatalogWork
from tests.helpers import msgfmt_check

CORPUS = Path(__file__).parent / "data" / "corpus.txt"


def _article(paragraphs: Sequence[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


AZ = parse_locale("az")


def _paragraphs(count: int, start: int = 0) -> list[str]:
    """Distinct English paragraphs of two sentences each, numbered so none repeats."""
    return [
        f"The ferry number {n} leaves the port at noon. Tickets for ferry {n} cost five manat."
        for n in range(start, start + count)
    ]


class StepEngine:
    """Tags text like the pipeline tests' engine; calls `on_call(n)` before answering call n."""

    def __init__(self, on_call: Callable[[int], None] = lambda n: None) -> None:
        self.info = EngineInfo("test", "step", "0")
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}
        self.calls: list[list[str]] = []
        self.on_call = on_call

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        self.on_call(len(self.calls) + 1)
        self.calls.append(list(sentences))
        return [f"AZ: {s}" for s in sentences]


def _options(**extra: object) -> TranslateOptions:
    base: dict[str, object] = {
        "locales_dir": Path("locales"),
        "model": "step",
        "batch_size": 1,
        "save_every": 0.0,  # one sentence per engine step: a checkpoint after each
    }
    base.update(extra)
    return TranslateOptions(**base)  # type: ignore[arg-type]


def _translations(path: Path) -> dict[str, str]:
    store = catalogs.read_catalog(path)
    return {
        str(u.source): str(u.target)
        for u in store.units
        if not u.isheader() and not u.isobsolete() and u.target
    }


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ----------------------------------------------------------------- checkpoints and resume


def test_interrupted_run_keeps_every_step_and_the_rerun_continues(workdir: Path) -> None:
    Path("news.txt").write_text(_article(_paragraphs(6)), encoding="utf-8")
    po = Path("locales/az/LC_MESSAGES/news.po")

    def interrupt(call: int) -> None:
        if call == 6:  # steps of 2, 1, 1, 1, 1 sentences done
            raise KeyboardInterrupt

    first = StepEngine(interrupt)
    with pytest.raises(TranslationInterrupted) as caught:
        translate_files(["news.txt"], _options(), engine_factory=lambda spec: first)
    saved = _translations(po)

    def whole(calls: list[list[str]]) -> set[str]:  # paragraphs with every sentence answered
        answered = {s for call in calls for s in call}
        halves = [(p, p.partition(" Tickets")) for p in _paragraphs(6)]
        return {p for p, (a, _, b) in halves if {a, "Tickets" + b} <= answered}

    # Every paragraph done before the last answered step is on disk (that step may be lost).
    assert whole(first.calls[:-1]) <= set(saved) <= whole(first.calls)
    assert caught.value.summary.saved == len(saved) >= 1
    assert caught.value.summary.written == [po]
    msgfmt_check(po)
    assert not list(po.parent.glob(".*.tmp"))

    second = StepEngine()
    summary = translate_files(["news.txt"], _options(), engine_factory=lambda spec: second)
    assert summary.reused == len(saved) and summary.translated == 6 - len(saved)
    sent = [s for call in second.calls for s in call]
    assert not any(s in paragraph for s in sent for paragraph in saved)  # not redone
    final = _translations(po)
    assert len(final) == 6
    assert all(final[msgid] == text for msgid, text in saved.items())


def test_steps_grow_to_the_save_interval_and_stay_bounded(workdir: Path) -> None:
    Path("news.txt").write_text(_article(_paragraphs(300)), encoding="utf-8")
    engine = StepEngine()
    translate_files(
        ["news.txt"],
        _options(batch_size=4, save_every=10.0),
        engine_factory=lambda spec: engine,
    )
    sizes = [len(call) for call in engine.calls]
    assert sizes[0] == 8  # two batches first, to measure the speed
    assert max(sizes) == 256 and sum(sizes) == 600


def test_a_checkpoint_saves_a_catalog_only_when_saving_is_worth_it() -> None:
    """Issue 20: a large shared catalog was rewritten after every short engine step. A catalog
    is due once --save-every seconds have passed since its last save, or once twenty times
    what that save cost has; with --save-every 0 at every step."""
    item = CatalogWork(AZ, Path("news.po"), catalogs.new_catalog(AZ, "news"), None)
    item.saved_at, item.save_seconds = time.monotonic(), 0.02  # just saved, in 20 ms
    assert not item.save_due(10.0)  # 0.4 s of work must pass first
    assert item.save_due(0.0)
    item.saved_at -= 0.5
    assert item.save_due(10.0)
    item.saved_at, item.save_seconds = time.monotonic() - 2.0, 1.0  # a slow save: 20 s apart
    assert not item.save_due(10.0) and item.save_due(1.5)


def test_the_sweeper_lists_a_directory_again_only_when_it_changed(workdir: Path) -> None:
    folder = Path("locales/az/LC_MESSAGES")
    folder.mkdir(parents=True)
    sweeper = catalogs.StaleTempSweeper()
    assert sweeper.sweep(folder) == []
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = folder / f".news.po.{dead.pid}.k2j3.tmp"
    stale.write_text("half a catalog")
    time.sleep(0.05)  # more than twenty times what listing this folder costs
    assert sweeper.sweep(folder) == [stale] and not stale.exists()
    assert sweeper.sweep(folder) == []  # unchanged since: not listed


def test_stale_temp_files_are_ignored_then_removed(workdir: Path) -> None:
    Path("news.txt").write_text(_article(_paragraphs(1)), encoding="utf-8")
    folder = Path("locales/az/LC_MESSAGES")
    folder.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that surely belongs to no running process now
    stale = folder / f".news.po.{dead.pid}.k2j3.tmp"
    stale.write_text('msgid "half a catalog')
    live = folder / f".news.po.{os.getpid()}.x9.tmp"  # ours: may be renamed any moment
    live.write_text("")
    assert catalogs.find_catalogs("locales") == []
    translate_files(["news.txt"], _options(), engine_factory=lambda spec: StepEngine())
    assert catalogs.find_catalogs("locales") == [folder / "news.po"]
    assert not stale.exists() and live.exists()


# ----------------------------------------------------------------- concurrent writers


def test_a_run_merges_what_another_run_saved_meanwhile(workdir: Path) -> None:
    """Run A reads the catalog; run B writes its article into the same domain; A's saves must
    be merged into B's version, not replace it."""
    Path("a.txt").write_text(_article(_paragraphs(3, 0)), encoding="utf-8")
    Path("b.txt").write_text(_article(_paragraphs(3, 100)), encoding="utf-8")

    def other_run(call: int) -> None:
        if call == 1:
            translate_files(
                ["b.txt"], _options(domain="news"), engine_factory=lambda spec: StepEngine()
            )

    translate_files(
        ["a.txt"], _options(domain="news"), engine_factory=lambda spec: StepEngine(other_run)
    )
    po = Path("locales/az/LC_MESSAGES/news.po")
    final = _translations(po)
    assert len(final) == 6
    references = {
        str(u.source): u.getlocations() for u in catalogs.read_catalog(po).units if u.source
    }
    assert sum(1 for refs in references.values() if refs[0].startswith("a.txt")) == 3
    assert sum(1 for refs in references.values() if refs[0].startswith("b.txt")) == 3
    msgfmt_check(po)


def test_a_reviewers_translation_saved_meanwhile_is_kept(workdir: Path) -> None:
    Path("news.txt").write_text(_article(_paragraphs(4)), encoding="utf-8")
    po = Path("locales/az/LC_MESSAGES/news.po")

    def interrupt(call: int) -> None:
        if call == 6:  # 3 paragraphs saved; the 4th is in the file, untranslated
            raise KeyboardInterrupt

    with pytest.raises(TranslationInterrupted):
        translate_files(["news.txt"], _options(), engine_factory=lambda s: StepEngine(interrupt))
    last = _paragraphs(4)[3]
    assert last not in _translations(po)

    def reviewer(call: int) -> None:
        if call == 1:  # while the model works: accept one entry and translate the new one
            with catalog_lock(po):
                store = catalogs.read_catalog(po)
                for unit in store.units:
                    if unit.source == _paragraphs(3)[0]:
                        unit.markfuzzy(False)
                    if unit.source == last:
                        unit.target = "İnsan tərcüməsi."
                catalogs.write_catalog(store, po)

    translate_files(["news.txt"], _options(), engine_factory=lambda spec: StepEngine(reviewer))
    store = catalogs.read_catalog(po)
    units = {str(u.source): u for u in store.units if not u.isheader()}
    assert str(units[last].target) == "İnsan tərcüməsi."  # not overwritten by the model
    assert not units[_paragraphs(3)[0]].isfuzzy()  # the acceptance survived the merge


def test_waiting_for_the_lock_is_said_and_bounded(tmp_path: Path) -> None:
    po = tmp_path / "az" / "LC_MESSAGES" / "news.po"
    po.parent.mkdir(parents=True)
    messages: list[str] = []
    holder = FileLock(lock_path(po), thread_local=False)
    with (
        holder,
        pytest.raises(PipelineError, match="still locked by another run"),
        catalog_lock(po, messages.append, timeout=1.0),
    ):
        pass
    assert messages == [f"waiting for {po}: another i18n-pipeline run is writing it"]
    release = threading.Timer(0.8, holder.release)
    holder.acquire()
    release.start()
    began = time.monotonic()
    with catalog_lock(po, messages.append, timeout=10.0):
        assert time.monotonic() - began >= 0.7  # it did wait, then got the lock
    release.join()


# ----------------------------------------------------------------- real processes

COPY_MODEL = Path(__file__).parent / "data" / "copy-marian"
KILL_POINTS = int(os.environ.get("I18N_PIPELINE_KILL_POINTS", "6"))
# 60 articles x 6 paragraphs x 4 sentences: about 4 s of copy-model time on one CPU thread,
# so the kills land before, during and after checkpoints, and most runs are cut short.
ARTICLES, PARAGRAPHS = 60, 6


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "i18n_pipeline", *args]


def _translate_args(articles: Sequence[str], *extra: str) -> list[str]:
    return _cli(
        "translate",
        *articles,
        "--to",
        "az",
        "--model",
        str(COPY_MODEL),
        "--engine",
        "ctranslate2",
        "--threads",
        "1",
        "--batch-size",
        "4",
        "--save-every",
        "0.1",
        *extra,
    )


@pytest.fixture(scope="module")
def converted_model(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Convert the copy model into the test cache once, so killed runs start in a second."""
    if not (COPY_MODEL / "model.safetensors").exists():
        pytest.skip("tests/data/copy-marian is missing")
    pytest.importorskip("ctranslate2")
    work = tmp_path_factory.mktemp("convert")
    (work / "warm.txt").write_text("The ferry leaves the port at noon.\n")
    result = subprocess.run(
        _translate_args(["warm.txt"], "-q"), cwd=work, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def _words() -> list[str]:
    text = CORPUS.read_text(encoding="utf-8").splitlines()[:26]
    return sorted({w.strip(".,").lower() for line in text for w in line.split() if len(w) > 3})


def _write_articles(
    folder: Path, count: int, seed: int, paragraphs_each: int = 2, prefix: str = "story"
) -> list[str]:
    """Many small articles of distinct sentences made of words the copy model knows."""
    rng = random.Random(seed)
    words = _words()
    names = []
    for number in range(count):
        paragraphs = [
            " ".join(f"The {' '.join(rng.sample(words, 7))}." for _ in range(4))
            for _ in range(paragraphs_each)
        ]
        name = f"{prefix}{number:02d}.txt"
        (folder / name).write_text(_article(paragraphs), encoding="utf-8")
        names.append(name)
    return names


def _snapshot(locales: Path) -> dict[tuple[str, str], str]:
    """Every saved translation; every catalog must parse strictly and pass msgfmt -c."""
    saved: dict[tuple[str, str], str] = {}
    for path in catalogs.find_catalogs(locales):
        msgfmt_check(path)
        for msgid, text in _translations(path).items():
            saved[(path.name, msgid)] = text
    return saved


def test_sigkill_at_random_moments_loses_nothing(workdir: Path, converted_model: None) -> None:
    """Kill `translate` at random moments; after each kill every catalog is valid, everything
    saved before is still there unchanged, and the last run only does what is left."""
    articles = _write_articles(workdir, ARTICLES, seed=7, paragraphs_each=PARAGRAPHS)
    blocks = ARTICLES * PARAGRAPHS
    rng = random.Random(int(os.environ.get("I18N_PIPELINE_KILL_SEED", "2026")))
    saved: dict[tuple[str, str], str] = {}
    progress = []
    for _ in range(KILL_POINTS):
        process = subprocess.Popen(
            _translate_args(articles, "-q"),
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.6, 1.8))  # start-up takes about 0.6 s
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _snapshot(workdir / "locales")
        lost = {key: text for key, text in saved.items() if now.get(key) != text}
        assert not lost, f"{len(lost)} saved translations lost or changed"
        saved = now
        progress.append(len(saved))

    process = subprocess.Popen(_translate_args(articles), cwd=workdir, stderr=subprocess.PIPE)
    time.sleep(1.2)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate()
    if process.returncode == 130:  # interrupted before it finished: says what it saved
        assert b"\ninterrupted" in err and b"Traceback" not in err, err
    else:  # finished first (a signal during interpreter exit reads as -SIGINT)
        assert process.returncode in (0, -signal.SIGINT) and b" translated (" in err, err
    now = _snapshot(workdir / "locales")
    assert all(now.get(key) == text for key, text in saved.items())
    saved = now

    final = subprocess.run(
        _translate_args(articles, "--json"), cwd=workdir, capture_output=True, text=True
    )
    assert final.returncode == 0, final.stderr
    summary = json.loads(final.stdout)
    done = _snapshot(workdir / "locales")
    assert len(done) == summary["blocks"] == blocks
    assert all(done[key] == text for key, text in saved.items())
    assert summary["reused"] == len(saved)  # continued where the kills stopped it
    assert summary["translated"] == blocks - len(saved)
    assert not list((workdir / "locales").rglob(".*.tmp"))  # killed runs' temp files cleaned
    print(f"kill points: {KILL_POINTS}, saved after each: {progress}")


def test_two_processes_into_one_catalog_keep_both(workdir: Path, converted_model: None) -> None:
    """Two real runs, two articles, one --domain, saving every 0.1 s: nobody's entries lost."""
    names = [
        _write_articles(workdir, 1, seed, paragraphs_each=20, prefix=prefix)[0]
        for seed, prefix in ((1, "first"), (2, "second"))
    ]
    runs = [
        subprocess.Popen(
            _translate_args([name, "--domain", "news"], "-q"),
            cwd=workdir,
            stderr=subprocess.PIPE,
        )
        for name in names
    ]
    for run in runs:
        _, err = run.communicate()
        assert run.returncode == 0, err
    po = workdir / "locales/az/LC_MESSAGES/news.po"
    msgfmt_check(po)
    store = catalogs.read_catalog(po)
    live = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    sources = {reference.rsplit(":", 1)[0] for unit in live for reference in unit.getlocations()}
    assert sources == set(names)
    expected = {
        block.strip()
        for name in names
        for block in (workdir / name).read_text().split("\n\n")
        if block.strip()
    }
    assert {str(u.source) for u in live} == expected  # both articles, whole
    assert all(u.target for u in live)  # and every entry translated
