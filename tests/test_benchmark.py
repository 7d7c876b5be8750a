"""benchmarks/translate_speed.py runs from a fresh clone: every measurement, on a tiny model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_every_measurement_on_a_tiny_model() -> None:
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "translate_speed.py"),
        "--small",
        "--sentences", "8",
        "--tokens", "6",
        "--naive", "2",
        "--repeat", "2",
        "--articles", "5",
        "--json",
    ]  # fmt: skip
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=ROOT, env=dict(os.environ)
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    assert len(data["rounds"]) == 2
    runs = {"naive", "batched", "ct2-bare", "pipe-ct2", "pipe-hf", "rerun"}
    for rows in data["rounds"]:
        assert set(rows) == runs
        assert all(row["wall"] > 0 and row["rss"] > 0 for row in rows.values())
    # Each run is its own process, measured by the kernel: an unchanged re-run loads no model,
    # so it never comes near the size of a process that imported torch.
    medians = data["medians"]
    assert medians["rerun"]["rss"] < 150 < medians["pipe-hf"]["rss"]
    assert medians["ct2-bare"]["tps"] > 0 and medians["pipe-ct2"]["tps"] > 0
    assert len(data["goals"]) == 6
    for value, each in data["goals"].values():
        assert value > 0 and len(each) in (1, 2)
    # The table a reader copies into the README is printed too.
    assert "| pipe-ct2 |" in out and "| goal | median | each round |" in out
