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
        "--many", "3",
        "--per-article", "2",
        "--pages", str(ROOT / "no-such-pages"),
        "--sweep-timeout", "20",
        "--json",
    ]  # fmt: skip
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=ROOT, env=dict(os.environ)
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    assert len(data["rounds"]) == 2
    runs = {"ct2-best", "pipe", "rerun", "many-ct2-best", "many-pipe", "naive"}
    for rows in data["rounds"]:
        assert set(rows) == runs
        assert all(row["wall"] > 0 and row["rss"] > 0 for row in rows.values())
    # The sweep tried CTranslate2's own defaults and kept the fastest set-up as the baseline.
    tried = [tuple(setup) for setup, _ in data["sweep"]]
    assert (1, 0, 0) in tried and len(tried) >= 7
    walls = [row["wall"] for _, row in data["sweep"]]
    assert walls == sorted(walls) and tuple(data["best"]) == tried[0]
    assert tuple(data["many_best"]) in {tuple(s) for s, _ in data["many_sweep"]}
    # Each run is its own process, measured by the kernel: an unchanged re-run loads no model,
    # so it never comes near the size of a process that imported torch.
    medians = data["medians"]
    assert medians["rerun"]["rss"] < 150 < medians["pipe-hf"]["rss"]
    assert medians["ct2-best"]["tps"] > 0 and medians["pipe"]["tps"] > 0
    assert data["html"] is None  # no pages given: that comparison is skipped, not faked
    assert len(data["goals"]) == 8
    for value, each in data["goals"].values():
        assert value > 0 and len(each) in (1, 2)
    # The tables a reader copies into the README are printed too.
    assert "| pipe |" in out and "| goal | median | each round |" in out
    assert "CTranslate2 defaults" in out


def test_scaling_benchmark_runs_every_series_small() -> None:
    """benchmarks/scaling.py --small: every series measured, its exponent printed."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scaling.py"), "--small", "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=dict(os.environ),
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    series = {"shared first", "shared re-run", "per-file first", "per-file re-run", "check",
              "translate"}  # fmt: skip
    assert set(data["series"]) == series == set(data["exponents"])
    for points in data["series"].values():
        assert len(points) == 2 and points[0][0] < points[1][0]
        assert all(seconds > 0 for _, seconds in points)
    assert "| shared re-run |" in out and "| check |" in out and "| exponent |" in out


def test_langid_benchmark_runs_and_says_when_it_has_no_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "langid.py"), "--wheels", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "nothing to measure" in result.stdout


def test_timeline_shows_where_a_run_waits(tmp_path: Path) -> None:
    """benchmarks/timeline.py: the run happens (its catalog is written) and every step of the
    timeline is printed in order, reading before the first model call."""
    (tmp_path / "a.md").write_text(
        "# Ferry news\n\nThe ferry leaves the port at noon, officials said today.\n", "utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "timeline.py"), "translate", "a.md",
         "--to", "az", "--engine", "pseudo", "--pseudo-into-real-locale", "--quiet"],
        capture_output=True, text=True, check=True, cwd=tmp_path, env=dict(os.environ),
    )  # fmt: skip
    assert (tmp_path / "locales/az/LC_MESSAGES/a.po").is_file()
    labels = [line.split(" s  ", 1)[1] for line in result.stderr.splitlines() if " s  " in line]
    assert labels[0] == "imports" and labels[-1] == "end"
    assert labels.index("reading and syncing done") < labels.index("first model call")
    assert "before the first model call:" in result.stderr
