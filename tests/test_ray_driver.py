"""--cluster ray: the driver SIGKILLed mid-run leaves what a local SIGKILL leaves.

A module of its own: the driver is a real process that starts its own local Ray (as
`--cluster ray` does), which must not meet test_ray.py's in-process cluster.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from i18n_pipeline import catalogs
from tests import modelfactory
from tests.helpers import verify_catalog

pytest.importorskip("ray")

ROOT = Path(__file__).resolve().parent.parent


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _translate(copy_marian: Path, *more: str) -> list[str]:
    return [
        sys.executable, "-m", "i18n_pipeline", "translate", "archive.txt", "--to", "az",
        "--model", str(copy_marian), "--batch-size", "4", "--save-every", "0", "--quiet", *more,
    ]  # fmt: skip


def test_a_killed_driver_leaves_valid_catalogs_and_the_rerun_finishes(
    tmp_path: Path, copy_marian: Path
) -> None:
    english = modelfactory.corpus_lines()[:26]  # the English part of the corpus
    # Enough work (300 sentences) that the kill lands between the first checkpoint and the last.
    paragraphs = [f"{english[n % 26]} It was report number {n}." for n in range(150)]
    (tmp_path / "archive.txt").write_text("Archive\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_AUTH_MODE": "disabled"}
    # What each entry must read: a local run of the same file (it also converts the model).
    reference = subprocess.run(
        _translate(copy_marian, "--locales-dir", "reference"), cwd=tmp_path, env=env, timeout=300
    )
    assert reference.returncode == 0
    expected = {
        str(u.source): str(u.target)
        for u in catalogs.read_catalog(tmp_path / "reference/az/LC_MESSAGES/archive.po").units
        if not u.isheader()
    }
    po = tmp_path / "locales" / "az" / "LC_MESSAGES" / "archive.po"
    log = (tmp_path / "driver.log").open("w")
    command = _translate(copy_marian, "--cluster", "ray", "--actor-cpus", "1")
    driver = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its Ray's processes in a group of their own, to find them
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not po.exists() and driver.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert driver.poll() is None, "the run ended before its first checkpoint was seen"
        assert po.exists(), f"no checkpoint in 240 s: see {log.name}"
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(timeout=30)

        # Ray's own processes (GCS, raylet, the actors) go with their driver.
        deadline = time.monotonic() + 90
        while _group_alive(driver.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _group_alive(driver.pid), "Ray's processes outlived their killed driver"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(driver.pid, signal.SIGKILL)
        log.close()

    # As after a local SIGKILL: a valid catalog, each entry untranslated or right.
    verify_catalog(po)
    units = [u for u in catalogs.read_catalog(po).units if not u.isheader()]
    done = [u for u in units if catalogs.has_translation(u)]
    assert 0 < len(done) < len(units)  # killed mid-run
    assert all(u.target == expected[str(u.source)] for u in done)  # nothing misplaced
    assert not list(po.parent.glob(".*.tmp"))

    # The re-run (here without the cluster) continues from what was saved.
    rerun = subprocess.run(
        _translate(copy_marian, "--json"),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    units = [u for u in catalogs.read_catalog(po).units if not u.isheader()]
    assert {str(u.source): str(u.target) for u in units} == expected
    assert json.loads(rerun.stdout)["reused"] == len(done)  # nothing saved was redone
    verify_catalog(po)
