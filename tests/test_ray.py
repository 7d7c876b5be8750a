"""--cluster: the model on Ray actors, the catalogs exactly those of a local run.

One local Ray cluster (2 CPUs, no dashboard, started here) serves the whole module; the copy
model makes every lost or misplaced sentence visible in the catalogs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from i18n_pipeline import catalogs
from i18n_pipeline.cli import main
from i18n_pipeline.engines.base import Engine
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.pipeline import TranslateOptions, translate_files
from i18n_pipeline.pipeline.factory import default_engine_factory
from tests import modelfactory
from tests.helpers import verify_catalog

ray = pytest.importorskip("ray")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """A local Ray of 2 CPUs, started by the test itself, shut down after the module."""
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=80 * 1024 * 1024,
        log_to_driver=False,
    )
    yield
    ray.shutdown()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for article in EXAMPLES.iterdir():
        shutil.copy(article, tmp_path / article.name)
    # Enough paragraphs for many engine steps (save-every 0: the smallest steps).
    lines = modelfactory.corpus_lines()[:48]
    (tmp_path / "archive.txt").write_text(
        "Archive\n\n" + "\n\n".join(" ".join(lines[i : i + 2]) for i in range(0, 48, 2)) + "\n",
        "utf-8",
    )
    return tmp_path


ARTICLES = ("archive.txt", "baku-book-fair.txt", "caspian-ferry.md", "mountain-road.html")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# The header's times say the minute a catalog was made: two runs may straddle one.
CLOCK = re.compile(rb'^"(POT-Creation|PO-Revision)-Date: [^"]*"$', re.MULTILINE)


def catalog_bytes(locales: Path) -> dict[str, bytes]:
    """Every catalog's bytes, the header's two clock lines blanked."""
    return {
        str(p.relative_to(locales)): CLOCK.sub(rb'"\1-Date: -"', p.read_bytes())
        for p in sorted(locales.rglob("*.po"))
    }


def options(model: Path, locales: str, **more: object) -> TranslateOptions:
    return TranslateOptions(
        targets=("az",),
        model=str(model),
        locales_dir=Path(locales),
        batch_size=4,  # small steps: several chunks per actor
        save_every=0,
        **more,  # type: ignore[arg-type]
    )


@pytest.fixture
def local_run(workdir: Path, copy_marian: Path) -> dict[str, bytes]:
    """The reference: the same articles translated on this process's own CTranslate2."""
    summary = translate_files(ARTICLES, options(copy_marian, "local"))
    assert summary.sentences > 60 and not summary.nodes
    return catalog_bytes(workdir / "local")


def test_cluster_catalogs_are_byte_identical_to_a_local_run(
    cluster: None, workdir: Path, copy_marian: Path, local_run: dict[str, bytes]
) -> None:
    args = ["translate", *ARTICLES, "--to", "az", "--model", str(copy_marian)]
    small = ["--batch-size", "4", "--save-every", "0", "--locales-dir", "ray"]
    result = invoke(*args, *small, "--cluster", "ray", "--actor-cpus", "1", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert catalog_bytes(workdir / "ray") == local_run
    # Every sentence went through an actor, and the summary says on which node.
    assert sum(summary["nodes"].values()) == summary["sentences"] > 60
    ray_nodes = {f"{n['NodeManagerAddress']} {n['NodeID'][:8]}" for n in ray.nodes()}
    assert set(summary["nodes"]) == ray_nodes  # one node: this machine
    assert any("2 actor(s) x 1 CPU on 1 node(s)" in s for s in summary["setups"])
    po = workdir / "ray/az/LC_MESSAGES/archive.po"
    verify_catalog(po)
    units = [u for u in catalogs.read_catalog(po).units if not u.isheader()]
    assert all(u.target == u.source for u in units)  # the copy model: nothing lost or moved
    assert all(catalogs.own_comments(u, "mt-score: ") for u in units)  # scores came back


def test_a_killed_actor_costs_no_translation(
    cluster: None, workdir: Path, copy_marian: Path, local_run: dict[str, bytes]
) -> None:
    """SIGKILL one actor's process after the first step: Ray restarts it, the chunks it held
    are sent again, and the catalogs are still those of the local run."""
    run = options(copy_marian, "ray", cluster="ray", actor_cpus=1)
    base = default_engine_factory(run)
    built: list[Engine] = []
    killed: list[int] = []

    def factory(spec: ModelSpec) -> Engine:
        built.append(base(spec))
        return built[-1]

    counted: list[int] = []
    pids_at_end: list[int] = []

    def progress(done: int, total: int, locale: str) -> None:
        # The next step's chunks are already queued on both actors when this is called.
        if not killed:
            pid = built[0].actor_pids()[0]  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        counted.append(done)
        if sum(counted) == total:  # the last step: the actors as they are now
            actors = built[0].cluster.actors  # type: ignore[attr-defined]
            found = ray.get([a.describe.remote() for a in actors], timeout=60)
            pids_at_end.extend(d["pid"] for d in found)

    summary = translate_files(ARTICLES, run, engine_factory=factory, progress=progress)
    assert len(counted) > 4  # killed mid-run, not before or after it
    assert len(pids_at_end) == 2 and killed[0] not in pids_at_end  # restarted: a new process
    assert catalog_bytes(workdir / "ray") == local_run
    assert sum(summary.nodes.values()) == summary.sentences


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("scheme", ["ray://", ""])
def test_an_unreachable_cluster_is_one_line_exit_2_nothing_written(
    workdir: Path, copy_marian: Path, scheme: str
) -> None:
    address = f"{scheme}127.0.0.1:{closed_port()}"
    args = ["baku-book-fair.txt", "--to", "az", "--model", str(copy_marian)]
    result = invoke("translate", *args, "--cluster", address)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"--cluster {address}: no Ray cluster answers at 127.0.0.1" in result.output
    assert not (workdir / "locales").exists()


def test_auto_follows_a_stale_record_to_a_one_line_error(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ray start` records its address in Ray's temporary directory and a killed head leaves it
    behind; Ray itself would wait for that address without end."""
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(workdir))
    (workdir / "ray").mkdir()
    stale = f"127.0.0.1:{closed_port()}"
    (workdir / "ray/ray_current_cluster").write_text(stale, "utf-8")
    result = invoke("translate", "baku-book-fair.txt", "--to", "az", "--cluster", "auto")
    assert result.exit_code == 2
    assert f"no Ray cluster answers at {stale}" in result.output
    (workdir / "ray/ray_current_cluster").unlink()
    result = invoke("translate", "baku-book-fair.txt", "--to", "az", "--cluster", "auto")
    assert result.exit_code == 2 and "no running Ray cluster on this machine" in result.output
    monkeypatch.setenv("RAY_ADDRESS", stale)  # Ray's own variable comes first
    result = invoke("translate", "baku-book-fair.txt", "--to", "az", "--cluster", "auto")
    assert result.exit_code == 2 and f"no Ray cluster answers at {stale}" in result.output
    assert not (workdir / "locales").exists()


@pytest.mark.parametrize("address", ["ray://", "somewhere", "host:notaport", "ray://h:1/x"])
def test_a_malformed_address_is_a_usage_error(workdir: Path, address: str) -> None:
    result = invoke("translate", "baku-book-fair.txt", "--to", "az", "--cluster", address)
    assert result.exit_code == 2
    assert "invalid value for --cluster" in result.output
    assert not (workdir / "locales").exists()


def test_the_transformers_engine_does_not_run_on_a_cluster(workdir: Path) -> None:
    result = invoke(
        "translate", "baku-book-fair.txt", "--to", "az", "--engine", "transformers",
        "--cluster", "ray",
    )  # fmt: skip
    assert result.exit_code == 2 and "--cluster runs the CTranslate2 engine" in result.output
    assert not (workdir / "locales").exists()


def test_a_client_server_that_dies_at_its_start_is_tried_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ray Client's per-client server dies now and then as the head forks it (ray#63202):
    connect again, up to three times; any other failure is told at once."""
    from i18n_pipeline.engines import ray_engine
    from i18n_pipeline.errors import UsageError

    failures: list[Exception] = []
    calls: list[str] = []

    def init(address: str, **settings: object) -> None:
        calls.append(address)
        if failures:
            raise failures.pop(0)

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", init)
    monkeypatch.setattr(ray, "shutdown", lambda: calls.append("shutdown"))
    died = ConnectionAbortedError("Initialization failure from server:\n")
    failures[:] = [died, died]
    assert ray_engine._connect("ray://head:10001") is ray
    assert calls == ["ray://head:10001", "shutdown"] * 2 + ["ray://head:10001"]

    calls.clear()
    failures[:] = [died] * 3
    with pytest.raises(UsageError, match="Initialization failure from server"):
        ray_engine._connect("ray://head:10001")
    assert calls.count("ray://head:10001") == 3

    calls.clear()
    failures[:] = [ConnectionError("ray client connection timeout")]
    with pytest.raises(UsageError, match="--cluster ray://head:10001: ray client connection"):
        ray_engine._connect("ray://head:10001")
    assert calls == ["ray://head:10001"]
