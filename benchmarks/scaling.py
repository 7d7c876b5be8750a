"""Does the cost grow linearly with the site? Articles, catalogs and long tokens.

Series (each point its own fresh process, timed around the library call, imports excluded):

  shared     n articles into one catalog (`translate ... --domain news`): first run, then the
             unchanged re-run
  per-file   the same n articles into a catalog each (the default): first run, re-run
  check      `check` of a catalog holding one entry with a long run of letters and digits
             (a pasted hash or base64), source and translation, at 10k/20k/40k/80k characters
  translate  `translate` of an article whose paragraph holds such a run

Articles are small generated news articles (a title and four paragraphs, as in
benchmarks/translate_speed.py); translation is `--engine pseudo`, so no model is needed
(`--model DIR` runs the translate series with a real model, e.g. tests/data/copy-marian).
Each series is printed with its exponent: the slope of log(time) over log(size), 1 for
linear, 2 for quadratic.

Run: python benchmarks/scaling.py [--sizes 500,1000,2000,4000] [--tokens 10000,...] [--json]
     python benchmarks/scaling.py --small   (tiny sizes: does it run? the tests use it)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import string
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from translate_speed import article_set, write_article_set  # noqa: E402

# Runs in a fresh process: times one library call, prints its seconds.
TIMED = """
import sys, time, json
from pathlib import Path
from i18n_pipeline.pipeline import TranslateOptions, translate_files
from i18n_pipeline.qa.checks.running import check_catalog
kind, args = sys.argv[1], json.loads(sys.argv[2])
if kind == "translate":
    options = TranslateOptions(
        locales_dir=Path("locales"), targets=("az",), engine=args["engine"],
        model=args["model"], domain=args["domain"],
        pseudo_into_real_locale=True,  # the az catalog and its memory, as before pseudo-locales
    )
    files = args["files"]
    began = time.perf_counter()
    translate_files(files, options)
else:
    check_catalog(args["warm"])  # loads py3langid's model (about 0.9 s, once a process)
    began = time.perf_counter()
    check_catalog(args["catalog"])
print(time.perf_counter() - began)
"""


def timed(kind: str, args: dict[str, object], cwd: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    out = subprocess.run(
        [sys.executable, "-c", TIMED, kind, json.dumps(args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(seconds) over log(size): the growth exponent."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def long_token(length: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(length))


def token_catalog(path: Path, length: int) -> None:
    token = long_token(length)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: az\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'#, fuzzy\nmsgid "The file {token} is attached."\n'
        f'msgstr "Fayl {token} əlavə olunub."\n',
        encoding="utf-8",
    )


def article_series(work: Path, sizes: list[int], engine: str) -> dict[str, list]:
    series: dict[str, list] = {k: [] for k in ("shared first", "shared re-run",
                                               "per-file first", "per-file re-run")}  # fmt: skip
    for n in sizes:
        folder = work / f"articles-{n}"
        texts, _ = article_set(n, 4, seed=9)
        names = write_article_set(folder, texts, 4)
        for label, domain in (("shared", "news"), ("per-file", None)):
            shutil.rmtree(folder / "locales", ignore_errors=True)
            args = {"engine": engine, "model": None, "domain": domain, "files": names}
            first = timed("translate", args, folder)
            again = timed("translate", args, folder)
            series[f"{label} first"].append((n, first))
            series[f"{label} re-run"].append((n, again))
            print(f"{n} articles, {label}: first {first:.2f} s, re-run {again:.2f} s",
                  file=sys.stderr)  # fmt: skip
        shutil.rmtree(folder)
    return series


def token_series(work: Path, sizes: list[int], engine: str, model: str | None) -> dict[str, list]:
    series: dict[str, list] = {"check": [], "translate": []}
    for n in sizes:
        catalog = work / f"token-{n}.po"
        token_catalog(catalog, n)
        warm = work / "warm.po"
        token_catalog(warm, 100)
        args = {"catalog": str(catalog), "warm": str(warm)}
        series["check"].append((n, timed("check", args, work)))
        folder = work / f"token-{n}"
        folder.mkdir()
        (folder / "attachment.txt").write_text(
            f"A file arrives\n\nThe file {long_token(n)} is attached.\n", encoding="utf-8"
        )
        job = {"engine": engine if model is None else "auto", "model": model, "domain": None,
               "files": ["attachment.txt"]}  # fmt: skip
        series["translate"].append((n, timed("translate", job, folder)))
        print(f"{n} characters: check {series['check'][-1][1]:.3f} s, "
              f"translate {series['translate'][-1][1]:.3f} s", file=sys.stderr)  # fmt: skip
    return series


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,4000", help="article counts")
    parser.add_argument("--tokens", default="10000,20000,40000,80000", help="token lengths")
    parser.add_argument("--engine", default="pseudo")
    parser.add_argument("--model", default=None, help="a model for the translate series")
    parser.add_argument("--small", action="store_true", help="tiny sizes, to see that it runs")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = parser.parse_args()
    if args.model and Path(args.model).exists():  # each run has its own working directory
        args.model = str(Path(args.model).resolve())
    sizes = [int(x) for x in args.sizes.split(",")]
    tokens = [int(x) for x in args.tokens.split(",")]
    if args.small:
        sizes, tokens = [5, 10], [1000, 2000]
    work = Path(tempfile.mkdtemp(prefix="i18n-scaling-"))
    try:
        series = article_series(work, sizes, args.engine)
        series.update(token_series(work, tokens, args.engine, args.model))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    exponents = {name: slope(points) for name, points in series.items()}
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} logical CPUs, Python "
          f"{platform.python_version()}; engine {args.model or args.engine}\n")  # fmt: skip
    print("| series | " + " | ".join(f"n = {n:,}" for n in sizes) + " | exponent |")
    print("| --- |" + " ---: |" * (len(sizes) + 1))
    for name in ("shared first", "shared re-run", "per-file first", "per-file re-run"):
        cells = " | ".join(f"{t:.2f} s" for _, t in series[name])
        print(f"| {name} | {cells} | {exponents[name]:.2f} |")
    print("\n| series | " + " | ".join(f"{n:,} chars" for n in tokens) + " | exponent |")
    print("| --- |" + " ---: |" * (len(tokens) + 1))
    for name in ("check", "translate"):
        cells = " | ".join(f"{t:.3f} s" for _, t in series[name])
        print(f"| {name} | {cells} | {exponents[name]:.2f} |")
    if args.json:
        print(json.dumps({"series": series, "exponents": exponents}))


if __name__ == "__main__":
    main()
