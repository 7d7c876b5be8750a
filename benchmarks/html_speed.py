"""How fast is reading a news page, against trafilatura.extract on the same page?

For every page (``.html`` or ``.html.gz``) of a directory, in one process, several rounds:

  trafilatura   trafilatura.extract(html) with its defaults (what the library costs alone)
  read          i18n_pipeline.documents.read_document(path): trafilatura with metadata, then
                lxml matching its paragraphs to the page's elements, with their source lines
  segment       what `i18n-pipeline segment --json` computes: read_document, then
                document_to_dict (sentences by pysbd, language ID)

Each round times every page once, the three measurements back to back, their order rotated
from round to round (a slow spell of a shared machine hits all of them alike). A page's time is
its median over the rounds; s/page is the mean of those medians over the pages. The goal is
read / trafilatura <= 2. Imports and one-off loads (trafilatura, pysbd's rules, the language-ID
model) happen in an untimed warm-up on the first page.

--processes N also runs `python -m i18n_pipeline segment --json` and a one-line trafilatura
script as fresh processes on the first N pages (start-up and imports included), which is what
a shell loop over pages pays.

Default pages: ../shared/bench/articles-dev/ beside the repository (public benchmark pages, not
in the repository); with no pages there it says so and exits 0.

Run: python benchmarks/html_speed.py [--pages DIR] [--limit N] [--repeat 3] [--processes N]
     [--json]   (last line: the figures as one JSON object)
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PAGES = ROOT.parent / "shared" / "bench" / "articles-dev"
GOAL = 2.0
MEASUREMENTS = ("trafilatura", "read", "segment")


def find_pages(directory: Path) -> list[Path]:
    """Every .html / .html.gz / .htm file under ``directory``, sorted by path."""
    found = [
        path
        for path in directory.rglob("*")
        if path.is_file() and path.name.lower().endswith((".html", ".htm", ".html.gz"))
    ]
    return sorted(found)


def unpack(pages: list[Path], into: Path) -> list[Path]:
    """Plain .html copies of gzipped pages in a temporary directory (read_document wants files)."""
    plain: list[Path] = []
    for number, page in enumerate(pages):
        if page.name.lower().endswith(".gz"):
            target = into / f"{number:04d}-{page.name[:-3]}"
            target.write_bytes(gzip.decompress(page.read_bytes()))
            plain.append(target)
        else:
            plain.append(page)
    return plain


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(pages: list[Path], repeat: int, lang: str) -> dict[str, Any]:
    """Per-page times of the three measurements, ``repeat`` rounds, in one process."""
    import trafilatura

    from i18n_pipeline.documents import decode_article, document_to_dict, read_document
    from i18n_pipeline.errors import InputError

    sources: dict[Path, str] = {}
    refused: list[str] = []
    for page in pages:
        try:
            source = decode_article(page.read_bytes(), page)
            read_document(page)
        except InputError as error:  # not an article read_document accepts: left out of both
            refused.append(f"{page.name}: {error}")
        else:
            sources[page] = source
    usable = list(sources)
    if not usable:
        return {"pages": 0, "refused": refused}

    runs: dict[str, Callable[[Path], Callable[[], object]]] = {
        "trafilatura": lambda page: lambda: trafilatura.extract(sources[page]),
        "read": lambda page: lambda: read_document(page),
        "segment": lambda page: lambda: document_to_dict(read_document(page), lang),
    }
    first = usable[0]
    for name in MEASUREMENTS:  # warm-up: imports, pysbd's rules, the language-ID model
        runs[name](first)()

    times: dict[str, dict[Path, list[float]]] = {n: {p: [] for p in usable} for n in MEASUREMENTS}
    rounds: list[dict[str, float]] = []
    for number in range(repeat):
        order = MEASUREMENTS[number % 3 :] + MEASUREMENTS[: number % 3]
        totals = dict.fromkeys(MEASUREMENTS, 0.0)
        for page in usable:
            for name in order:
                seconds = timed(runs[name](page))
                times[name][page].append(seconds)
                totals[name] += seconds
        rounds.append({name: totals[name] / len(usable) for name in MEASUREMENTS})

    medians = {n: {p: statistics.median(v) for p, v in times[n].items()} for n in MEASUREMENTS}
    per_page = {n: statistics.fmean(medians[n].values()) for n in MEASUREMENTS}
    page_ratios = [medians["read"][p] / medians["trafilatura"][p] for p in usable]
    slowest = sorted(usable, key=lambda p: medians["read"][p], reverse=True)[:5]
    return {
        "pages": len(usable),
        "refused": refused,
        "repeat": repeat,
        "per_page": per_page,
        "median_page": {n: statistics.median(medians[n].values()) for n in MEASUREMENTS},
        "median_page_ratio": statistics.median(page_ratios),
        "rounds": rounds,
        "slowest": [
            {
                "page": page.name,
                "bytes": page.stat().st_size,
                **{n: round(medians[n][page], 4) for n in MEASUREMENTS},
            }
            for page in slowest
        ],
    }


def measure_processes(pages: list[Path], lang: str) -> dict[str, float]:
    """Wall seconds per page of a fresh `segment --json` process and of a fresh trafilatura one."""
    script = (
        "import sys, trafilatura; "
        "trafilatura.extract(open(sys.argv[1], encoding='utf-8', errors='replace').read())"
    )
    commands = {
        "segment_process": [
            *(sys.executable, "-m", "i18n_pipeline", "segment", "--json", "--from", lang)
        ],
        "trafilatura_process": [sys.executable, "-c", script],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for page in pages:
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run([*command, str(page)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            walls[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in walls.items()}


def table(result: dict[str, Any]) -> str:
    per_page, median_page = result["per_page"], result["median_page"]
    base = per_page["trafilatura"]
    labels = {
        "trafilatura": "`trafilatura.extract(html)`, defaults",
        "read": "`read_document` (blocks, lines, metadata)",
        "segment": "`segment --json` path (blocks + sentences + language)",
    }
    lines = [
        "| measurement | s/page | median page s | pages/s | / trafilatura |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in MEASUREMENTS:
        lines.append(
            f"| {labels[name]} | {per_page[name]:.4f} | {median_page[name]:.4f} | "
            f"{1 / per_page[name]:.1f} | {per_page[name] / base:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="directory of pages")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--lang", default="en", help="article language for `segment`")
    parser.add_argument(
        "--processes", type=int, default=0, help="also time fresh processes on the first N pages"
    )
    parser.add_argument("--json", action="store_true", help="end with the figures as JSON")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    pages = find_pages(args.pages) if args.pages.is_dir() else []
    if args.limit is not None:
        pages = pages[: args.limit]
    if not pages:
        message = f"no pages to time: {args.pages} has no .html or .html.gz files (skipped)"
        print(message)
        if args.json:
            print(json.dumps({"skipped": message}))
        return 0

    with tempfile.TemporaryDirectory(prefix="html-speed-") as scratch:
        plain = unpack(pages, Path(scratch))
        result = measure(plain, args.repeat, args.lang)
        if result["pages"] and args.processes > 0:
            result["processes"] = measure_processes(plain[: args.processes], args.lang)

    for entry in result["refused"]:
        print(f"left out (read_document refuses it): {entry}")
    if not result["pages"]:
        print("no page could be read; nothing timed")
        if args.json:
            print(json.dumps({"skipped": "no readable page", "refused": result["refused"]}))
        return 0

    per_page = result["per_page"]
    ratio = per_page["read"] / per_page["trafilatura"]
    segment_ratio = per_page["segment"] / per_page["trafilatura"]
    print(
        f"{result['pages']} pages from {args.pages}, {args.repeat} rounds, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print()
    print(table(result))
    print()
    verdict = "met" if ratio <= GOAL else "MISSED"
    print(
        f"read / trafilatura: {ratio:.2f} (goal <= {GOAL:g}: {verdict}); "
        f"median page {result['median_page_ratio']:.2f}; segment path {segment_ratio:.2f}"
    )
    for number, row in enumerate(result["rounds"], start=1):
        cells = ", ".join(f"{name} {row[name]:.4f}" for name in MEASUREMENTS)
        print(f"round {number} (s/page): {cells}")
    print("slowest pages (read_document):")
    for row in result["slowest"]:
        print(
            f"  {row['page'][:24]}  {row['bytes']:>9,} B  trafilatura {row['trafilatura']:.3f}"
            f"  read {row['read']:.3f}  segment {row['segment']:.3f}"
        )
    processes = result.get("processes")
    if processes:
        print(
            f"fresh processes, median of {min(args.processes, result['pages'])} pages (s/page): "
            f"segment --json {processes['segment_process']:.3f}, "
            f"trafilatura one-liner {processes['trafilatura_process']:.3f}"
        )
    if args.json:
        summary = {
            "pages": result["pages"],
            "repeat": args.repeat,
            "ours_s_per_page": per_page["read"],
            "trafilatura_s_per_page": per_page["trafilatura"],
            "segment_s_per_page": per_page["segment"],
            "ratio": ratio,
            "segment_ratio": segment_ratio,
            "median_page_ratio": result["median_page_ratio"],
            "pages_per_second": 1 / per_page["read"],
            "trafilatura_pages_per_second": 1 / per_page["trafilatura"],
            "median_page_s": result["median_page"],
            "rounds": result["rounds"],
            "slowest": result["slowest"],
            "refused": result["refused"],
            **({"processes": processes} if processes else {}),
        }
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
