"""What does `translate --cluster` cost on one machine? Local run against Ray runs, same work.

The model is translate_speed.py's opus-mt-sized random Marian (built locally, no download),
which decodes exactly --tokens tokens per sentence; the articles are its 200-article set (a
title and 4 sentences each). Every run is a fresh `i18n-pipeline translate --json` process
into a locales directory of its own:

  local            the default command (CTranslate2 in this process)
  ray 1x2          --cluster ray --actor-cpus 2: starts a local Ray in the process, 1 actor
  ray 2x1          --cluster ray --actor-cpus 1: the same, 2 actors of 1 CPU each
  head 1x2, 2x1    the same two against a Ray head started once before (`ray start --head`):
                   Ray's start-up is left out, its per-call overhead is not

The table gives wall time (process start to exit), the run's own time (the summary's
`seconds`: reading, model, saving), sentences per second and each run's wall time over the
local run's. Every run's catalog entries are compared with the local run's.

Run: python benchmarks/cluster_speed.py [--articles 200] [--tokens 32] [--repeat 1]
     python benchmarks/cluster_speed.py --small   (a tiny model: does it run?)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from translate_speed import article_set, bench_env, write_article_set  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_head(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`ray start --head --block` in a process group of its own; returns it and its port."""
    port = free_port()
    command = [
        sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
        f"--port={port}", "--include-dashboard=false", "--disable-usage-stats",
        f"--dashboard-agent-listen-port={free_port()}",
    ]  # fmt: skip
    with log.open("w") as out:
        head = subprocess.Popen(command, env=env, stdout=out, stderr=out, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                time.sleep(5)  # the GCS answers before the node has registered
                return head, port
        time.sleep(1)
    stop_head(head)
    raise SystemExit(f"the Ray head did not start; see {log}")


def stop_head(head: subprocess.Popen[bytes]) -> None:
    os.killpg(head.pid, signal.SIGTERM)  # the head's own group only
    try:
        head.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(head.pid, signal.SIGKILL)
    time.sleep(3)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(head.pid, signal.SIGKILL)  # children still shutting down


def run(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    summary = json.loads(done.stdout)
    return {"wall": wall, "seconds": summary["seconds"], "sentences": summary["sentences"]}


def entries(locales: Path) -> list[tuple[str, str, str]]:
    from i18n_pipeline import catalogs

    found = []
    for po in sorted(locales.rglob("*.po")):
        for unit in catalogs.read_catalog(po).units:
            if unit.isheader():  # its dates say the minute each run wrote it
                continue
            found.append((str(unit.source), str(unit.target), unit.getnotes()))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--per-article", type=int, default=4)
    parser.add_argument("--tokens", type=int, default=32, help="output tokens per sentence")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--small", action="store_true", help="a tiny model and 10 articles")
    args = parser.parse_args()
    if args.small:
        args.articles, args.tokens = 10, 8

    work = Path(tempfile.mkdtemp(prefix="i18n-cluster-bench-"))
    env = {
        **bench_env(work),
        "PYTHONPATH": str(ROOT),  # Ray's workers import this checkout too
        "RAY_AUTH_MODE": "disabled",  # no token written to ~/.ray by a benchmark
    }
    head = None
    try:
        print(f"building the model in {work} ...", file=sys.stderr)
        prepare = [sys.executable, str(ROOT / "benchmarks/translate_speed.py"), "--prepare"]
        size = "small" if args.small else "full"
        subprocess.run([*prepare, str(work), size], env=env, check=True)
        texts, _ = article_set(args.articles, args.per_article, seed=11)
        articles = work / "articles"
        names = write_article_set(articles, texts, args.per_article)
        translate = [sys.executable, "-m", "i18n_pipeline", "translate", *names, "--to", "az"]
        translate += ["--model", str(work / "marian-base"), "--max-length", str(args.tokens)]
        print("starting a Ray head ...", file=sys.stderr)
        head, port = start_head(env, work / "head.log")
        runs = {
            "local": [],
            "ray 1x2": ["--cluster", "ray", "--actor-cpus", "2"],
            "ray 2x1": ["--cluster", "ray", "--actor-cpus", "1"],
            "head 1x2": ["--cluster", f"127.0.0.1:{port}", "--actor-cpus", "2"],
            "head 2x1": ["--cluster", f"127.0.0.1:{port}", "--actor-cpus", "1"],
        }
        results: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        for number in range(args.repeat):  # rounds: a slow spell hits every run alike
            for name, extra in runs.items():
                out = f"locales-{name.replace(' ', '-')}-{number}"
                print(f"round {number + 1}: {name} ...", file=sys.stderr)
                results[name].append(
                    run([*translate, "--locales-dir", out, "--json", *extra], env, articles)
                )
        reference = entries(articles / "locales-local-0")
        same = {
            name: all(
                entries(articles / f"locales-{name.replace(' ', '-')}-{n}") == reference
                for n in range(args.repeat)
            )
            for name in runs
        }
    finally:
        if head is not None:
            stop_head(head)
        shutil.rmtree(work, ignore_errors=True)

    median = {
        name: {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        for name, rows in results.items()
    }
    local = median["local"]["wall"]
    print(
        f"\n{args.articles} articles, {int(median['local']['sentences'])} sentences of "
        f"{args.tokens} tokens; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; median of {args.repeat} round(s)\n"
    )
    print("| run | wall, s | run's own time, s | sentences/s | wall / local | same entries |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, row in median.items():
        rate = row["sentences"] / row["seconds"]
        print(
            f"| {name} | {row['wall']:.1f} | {row['seconds']:.1f} | {rate:.1f} | "
            f"{row['wall'] / local:.2f} | {'yes' if same[name] else 'NO'} |"
        )


if __name__ == "__main__":
    main()
