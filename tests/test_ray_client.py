"""--cluster ray://HOST:PORT: the README's cluster example against a Ray head started here.

A module of its own: the head (`ray start --head --block`, its own process group) must not
share the machine's ports with test_ray.py's in-process cluster.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from i18n_pipeline import catalogs

pytest.importorskip("ray")
pytest.importorskip("grpc")  # Ray Client: ray[client]

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "articles" / "baku-book-fair.txt"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment() -> dict[str, str]:
    # No auth token written to ~/.ray by a test; workers import this checkout. Ray Client's
    # per-client server gives up after 30 s without its client: on a loaded 2-core machine
    # the client once took longer ("Initialization failure from server").
    return {
        **os.environ,
        "RAY_AUTH_MODE": "disabled",
        "PYTHONPATH": str(ROOT),
        "TIMEOUT_FOR_SPECIFIC_SERVER_S": "120",
    }


@pytest.fixture(scope="module")
def head(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A Ray head of 2 CPUs with a Ray Client server; yields the client port."""
    client = free_port()
    command = [
        sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
        f"--port={free_port()}", f"--ray-client-server-port={client}", "--num-cpus=2",
        "--include-dashboard=false", f"--dashboard-agent-listen-port={free_port()}",
        "--disable-usage-stats",
    ]  # fmt: skip
    log = (tmp_path_factory.mktemp("ray-head") / "head.log").open("w")
    process = subprocess.Popen(
        command, env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", client)) == 0:
                    break
            time.sleep(1)
        else:
            pytest.fail(f"the Ray head did not start: see {log.name}")
        yield client
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the head's own group: nothing else
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(2)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # children still shutting down
        log.close()


def translate(directory: Path, *more: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "i18n_pipeline", "translate", ARTICLE.name, "--to", "az"]
    return subprocess.run(
        [*command, "--model", str(ROOT / "tests/data/copy-marian"), *more],
        cwd=directory,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ray_client_run_writes_the_local_run_catalog(
    head: int, tmp_path: Path, copy_marian: Path
) -> None:
    shutil.copy(ARTICLE, tmp_path / ARTICLE.name)
    local = translate(tmp_path, "--locales-dir", "local")
    assert local.returncode == 0, local.stderr
    remote = translate(tmp_path, "--locales-dir", "ray", "--cluster", f"ray://127.0.0.1:{head}")
    assert remote.returncode == 0, remote.stderr
    assert f"ray ray://127.0.0.1:{head}, 1 actor(s) x 2 CPU on 1 node(s)" in remote.stderr
    po = "az/LC_MESSAGES/baku-book-fair.po"
    got, want = (catalogs.read_catalog(tmp_path / d / po) for d in ("ray", "local"))
    # Every entry with its comments; the header's dates say the minute each run wrote it.
    assert [(u.source, u.target, u.getnotes()) for u in got.units if not u.isheader()] == [
        (u.source, u.target, u.getnotes()) for u in want.units if not u.isheader()
    ]
