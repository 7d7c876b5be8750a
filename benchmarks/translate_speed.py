"""How fast is the default `i18n-pipeline translate`, against the best the libraries can do here?

Builds an opus-mt-sized random-weight Marian locally (no download): d_model 512, 6+6 layers,
8 heads, FFN 2048, a 58,000-entry vocabulary. Its end-of-sentence logit is pushed down, so every
sentence decodes to exactly --tokens tokens and runs compare. Each measurement runs in its own
process, with the library's own defaults unless a setting is swept, and its peak RSS is read
from the kernel (wait4), model load included:

  sweep      a bare CTranslate2 int8 script (tokenize, translate_batch, detokenize) over
             workers x threads x batch size, CTranslate2's own defaults included; the fastest
             set-up is the baseline ("ct2-best") for one article and, re-swept among the best
             few, for many articles
  pipe       `i18n-pipeline translate ARTICLE --model M --max-length T`: the defaults, no
             speed flags
  many       200 articles (4 sentences and a title each) through the default command, against
             the bare script's best set-up on the same sentences
  naive      transformers, one sentence per generate() call (a subset: it is slow), torch's
             default threads
  batched    transformers generate() over length-sorted batches (once)
  pipe-hf    i18n-pipeline translate --engine transformers (once)
  rerun      the default command again, nothing changed
  recheck    1,000 small unchanged articles re-checked (catalogs made by --engine pseudo)
  html       HTML pages per second against trafilatura.extract (benchmarks/html_speed.py, on
             ../shared/bench/articles-dev when it is there)

Every timed run but the sweep, `batched` and `pipe-hf` runs --repeat times (default 3), in
rounds, and the table keeps medians; each goal's ratio is also shown round by round.

Run: python benchmarks/translate_speed.py [--sentences 192] [--tokens 64] [--repeat 3]
     python benchmarks/translate_speed.py --small   (a tiny model: does it run? the tests use it)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "the",
    "ferry",
    "line",
    "port",
    "city",
    "road",
    "village",
    "market",
    "school",
    "bridge",
    "train",
    "station",
    "minister",
    "people",
    "year",
    "day",
    "week",
    "month",
    "government",
    "report",
    "project",
    "river",
    "mountain",
    "festival",
    "book",
    "music",
    "museum",
    "hospital",
    "water",
    "price",
    "ticket",
    "student",
    "teacher",
    "farmer",
    "driver",
    "engineer",
    "opens",
    "closes",
    "links",
    "builds",
    "says",
    "reports",
    "expects",
    "plans",
    "visits",
    "signs",
    "meets",
    "shows",
    "grows",
    "new",
    "old",
    "first",
    "last",
    "small",
    "large",
    "local",
    "national",
    "regional",
    "public",
    "early",
    "late",
    "main",
    "Baku",
    "Ganja",
    "Sheki",
    "Quba",
    "Lankaran",
    "Caspian",
    "Azerbaijan",
    "Turkey",
    "Georgia",
    "Kazakhstan",
]


def sentences(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
        out.append(" ".join(words).capitalize() + ".")
    return out


def build_model(directory: Path, small: bool = False) -> Path:
    """An opus-mt-sized Marian with random weights and a real SentencePiece tokenizer."""
    from tests import modelfactory

    if small:  # --small: only shows that every run works
        return modelfactory.build_marian(
            directory / "marian-base", max_length=512, total_vocab=1000, never_ends=True
        )
    # opus-mt-en-az's shape; its vocabulary size is the output layer's real cost.
    return modelfactory.build_marian(
        directory / "marian-base",
        d_model=512,
        layers=6,
        ffn_dim=2048,
        heads=8,
        max_length=512,
        total_vocab=58000,
        never_ends=True,
    )


NAIVE = """
import json, sys, time, torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
model_dir, tokens = sys.argv[1], int(sys.argv[2])
texts = json.load(sys.stdin)
t0 = time.perf_counter()
tok = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
t1 = time.perf_counter()
out = []
with torch.inference_mode():
    for text in texts:
        batch = tok([text], return_tensors="pt")
        ids = model.generate(**batch, num_beams=1, do_sample=False,
                             min_new_tokens=tokens, max_new_tokens=tokens)
        out.extend(tok.batch_decode(ids, skip_special_tokens=True))
print(json.dumps({"load": t1 - t0, "work": time.perf_counter() - t1, "n": len(out)}))
"""

BATCHED = """
import json, sys, time, torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
model_dir, tokens, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
texts = json.load(sys.stdin)
t0 = time.perf_counter()
tok = AutoTokenizer.from_pretrained(model_dir)
model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
t1 = time.perf_counter()
order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
out = [None] * len(texts)
with torch.inference_mode():
    for start in range(0, len(order), size):
        idx = order[start:start + size]
        batch = tok([texts[i] for i in idx], return_tensors="pt", padding=True)
        ids = model.generate(**batch, num_beams=1, do_sample=False,
                             min_new_tokens=tokens, max_new_tokens=tokens)
        for i, text in zip(idx, tok.batch_decode(ids, skip_special_tokens=True)):
            out[i] = text
print(json.dumps({"load": t1 - t0, "work": time.perf_counter() - t1, "n": len(out)}))
"""

CT2_BARE = """
import json, sys, time
import ctranslate2, sentencepiece
model_dir, tokens, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
inter, intra = int(sys.argv[4]), int(sys.argv[5])
texts = json.load(sys.stdin)
t0 = time.perf_counter()
sp_src = sentencepiece.SentencePieceProcessor(model_file=model_dir + "/source.spm")
sp_tgt = sentencepiece.SentencePieceProcessor(model_file=model_dir + "/target.spm")
tr = ctranslate2.Translator(model_dir, device="cpu", compute_type="int8",
                            inter_threads=inter, intra_threads=intra)
t1 = time.perf_counter()
batch = [sp_src.encode(t, out_type=str) + ["</s>"] for t in texts]
res = tr.translate_batch(batch, max_batch_size=size, beam_size=1,
                         min_decoding_length=tokens, max_decoding_length=tokens)
out = [sp_tgt.decode(r.hypotheses[0]) for r in res]
print(json.dumps({"load": t1 - t0, "work": time.perf_counter() - t1, "n": len(out)}))
"""


def measure(
    command: list[str],
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> dict[str, float]:
    """Wall time of a whole process and its peak RSS (MiB), from the kernel.

    With `timeout`, a process still running after that many seconds is killed and the result
    says so (`timed_out`): a set-up that hangs is reported, not waited for.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        text=True,
    )
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer:
        timer.start()
    assert process.stdin is not None or stdin is None
    if stdin is not None and process.stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
    out = process.stdout.read() if process.stdout else ""
    err = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if timer:
        timer.cancel()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9 and wall >= timeout - 0.5:
            return {"wall": wall, "rss": usage.ru_maxrss / 1024, "timed_out": 1.0}
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{err[-3000:]}")
    result: dict[str, float] = {"wall": wall, "rss": usage.ru_maxrss / 1024}
    last = out.strip().splitlines()[-1] if out.strip() else ""
    if last.startswith("{"):
        result.update({k: float(v) for k, v in json.loads(last).items()})
    return result


def _median_row(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over repeated runs."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def prepare(work: Path, small: bool) -> None:
    """Build the model and convert it (the pipeline's own cache), in a process of its own."""
    from i18n_pipeline.engines.ctranslate2_engine import convert_model
    from i18n_pipeline.engines.registry import ModelSpec

    model_dir = build_model(work, small)
    started = time.perf_counter()
    converted = convert_model(ModelSpec(str(model_dir), "marian"), "int8")
    (work / "converted.txt").write_text(str(converted.path), "utf-8")
    print(json.dumps({"conversion": time.perf_counter() - started}))


def sweep_setups(cores: int) -> list[tuple[int, int, int]]:
    """(workers, threads per worker, batch size) for the bare script to try.

    (1, 0, 0) is CTranslate2's own default: one worker, its default thread count, and the whole
    input as one batch (translate_batch's max_batch_size=0).
    """
    pairs = {(1, 1), (1, cores), (cores, 1)}
    if cores >= 4:
        pairs |= {(cores // 2, 2), (cores // 4, 4)}
    return [(1, 0, 0), *sorted((w, t, b) for w, t in pairs for b in (16, 32, 64))]


def label(setup: tuple[int, int, int]) -> str:
    workers, threads, size = setup
    if setup == (1, 0, 0):
        return "CTranslate2 defaults (1 worker, intra_threads=0, one batch)"
    return f"{workers} worker(s) x {threads} thread(s), batches of {size}"


def script_args(setup: tuple[int, int, int]) -> list[str]:
    """The bare script's arguments for (workers, threads, batch): batch, inter, intra."""
    workers, threads, size = setup
    return [str(size), str(workers), str(threads)]


def run_sweep(
    setups: list[tuple[int, int, int]],
    converted: Path,
    tokens: str,
    payload: str,
    env: dict[str, str],
    name: str,
    timeout: float,
) -> list[tuple[tuple[int, int, int], dict[str, float]]]:
    """Each set-up once, fastest first; one that did not finish within `timeout` comes last."""
    results = []
    for setup in setups:
        print(f"sweep ({name}): {label(setup)} ...", file=sys.stderr)
        command = [sys.executable, "-c", CT2_BARE, str(converted), tokens, *script_args(setup)]
        results.append((setup, measure(command, payload, env, timeout=timeout)))
    return sorted(results, key=lambda item: (item[1].get("timed_out", 0), item[1]["wall"]))


def bench_env(work: Path) -> dict[str, str]:
    """The environment every measured process gets: offline, its cache under `work`, and each
    library's defaults (no thread caps, glibc's malloc as it comes)."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "I18N_PIPELINE_CACHE": str(work / "cache"),
        "PYTHONWARNINGS": "ignore",
    }
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "MALLOC_ARENA_MAX"):
        env.pop(name, None)
    return env


def html_pages(pages: Path, repeat: int, env: dict[str, str]) -> dict[str, float] | None:
    """benchmarks/html_speed.py on the public dev pages, when they are there."""
    script = ROOT / "benchmarks" / "html_speed.py"
    if not script.is_file() or not pages.is_dir():
        return None
    print(f"HTML pages of {pages} against trafilatura ...", file=sys.stderr)
    out = subprocess.run(
        [sys.executable, str(script), "--pages", str(pages), "--repeat", str(repeat), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines or not lines[-1].startswith("{"):
        print(f"html_speed.py failed:\n{out.stderr[-2000:]}", file=sys.stderr)
        return None
    data = json.loads(lines[-1])
    return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}


def article_set(count: int, per_article: int, seed: int) -> tuple[list[str], list[str]]:
    """Titles and sentences, as the pipeline will send them to the model: title first."""
    body = sentences(count * per_article, seed=seed)
    texts: list[str] = []
    for n in range(count):
        texts.append(f"Story number {n}")
        texts.extend(body[n * per_article : (n + 1) * per_article])
    return texts, body


def write_article_set(directory: Path, texts: list[str], per_article: int) -> list[str]:
    """Markdown articles, a title and one sentence per paragraph: the model sees `texts`."""
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    step = per_article + 1
    for n, start in enumerate(range(0, len(texts), step)):
        title, *body = texts[start : start + step]
        name = f"article-{n:04d}.md"
        (directory / name).write_text(f"# {title}\n\n" + "\n\n".join(body) + "\n", "utf-8")
        names.append(name)
    return names


GOALS = (
    # label, numerator row, denominator row, figure, target, holds
    ("default translate / fastest bare CTranslate2, one article, throughput", "pipe",
     "ct2-best", "tps", ">= 0.90", lambda v: v >= 0.90),
    ("default translate / fastest bare CTranslate2, 200 articles, throughput", "many-pipe",
     "many-ct2-best", "tps", ">= 0.90", lambda v: v >= 0.90),
    ("default translate / fastest bare CTranslate2, one article, peak RSS", "pipe",
     "ct2-best", "rss", "<= 1.30", lambda v: v <= 1.30),
    ("default translate / fastest bare CTranslate2, 200 articles, peak RSS", "many-pipe",
     "many-ct2-best", "rss", "<= 1.30", lambda v: v <= 1.30),
    ("default translate / naive transformers loop, throughput", "pipe", "naive",
     "tps", ">= 50", lambda v: v >= 50),
    ("unchanged re-run / first run, wall time", "rerun", "pipe",
     "wall", "<= 0.05", lambda v: v <= 0.05),
)  # fmt: skip


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]), sys.argv[3] == "small")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=192, help="sentences of one article")
    parser.add_argument("--tokens", type=int, default=64, help="output tokens per sentence")
    parser.add_argument("--naive", type=int, default=16, help="sentences for the naive loop")
    parser.add_argument("--many", type=int, default=200, help="articles of the many-file run")
    parser.add_argument("--per-article", type=int, default=4, help="sentences each, many-file")
    parser.add_argument("--articles", type=int, default=1000, help="for the re-check run")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument(
        "--pages",
        type=Path,
        default=ROOT.parent / "shared" / "bench" / "articles-dev" / "html",
        help="HTML pages for the pages-per-second comparison (skipped when missing)",
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="a tiny model: checks that the benchmark runs (the tests use it), measures nothing",
    )
    parser.add_argument(
        "--sweep-timeout",
        type=float,
        default=180.0,
        help="seconds after which a bare set-up of the sweep is stopped and reported as hung",
    )
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()

    from i18n_pipeline.engines.tuning import physical_cores

    cores = physical_cores()
    work = Path(tempfile.mkdtemp(prefix="i18n-bench-"))
    env = bench_env(work)
    try:
        print(f"building an opus-mt-sized random Marian in {work} ...", file=sys.stderr)
        # In a child process: this one must stay small, because a child's peak RSS starts from
        # its parent's at fork time, and building the model here would load torch.
        prepared = measure(
            [sys.executable, __file__, "--prepare", str(work), "small" if args.small else "full"],
            None,
            env,
        )
        model_dir = work / "marian-base"
        converted = Path((work / "converted.txt").read_text("utf-8").strip())
        one_texts, _ = article_set(1, args.sentences, seed=7)
        many_texts, _ = article_set(args.many, args.per_article, seed=11)
        one_dir, many_dir = work / "one", work / "many"
        one_names = write_article_set(one_dir, one_texts, args.sentences)
        many_names = write_article_set(many_dir, many_texts, args.per_article)
        one_payload, many_payload = json.dumps(one_texts), json.dumps(many_texts)
        tok = str(args.tokens)
        py = sys.executable
        translate = [py, "-m", "i18n_pipeline", "translate", "--to", "az", "--quiet"]
        defaults = ["--model", str(model_dir), "--max-length", tok]  # no speed flags

        limit = args.sweep_timeout
        sweep = run_sweep(
            sweep_setups(cores), converted, tok, one_payload, env, "one article", limit
        )
        best = sweep[0][0]
        # Many articles: the best few of the first sweep, and CTranslate2's defaults.
        again = list(dict.fromkeys([*(s for s, r in sweep[:3] if "timed_out" not in r), (1, 0, 0)]))
        many_sweep = run_sweep(again, converted, tok, many_payload, env, "200 articles", limit)
        many_best = many_sweep[0][0]

        def bare(setup: tuple[int, int, int]) -> list[str]:
            return [py, "-c", CT2_BARE, str(converted), tok, *script_args(setup)]

        naive_payload = json.dumps(one_texts[: args.naive])
        runs: dict[str, tuple[list[str], str | None, Path | None]] = {
            "ct2-best": (bare(best), one_payload, None),
            "pipe": ([*translate, *one_names, *defaults], None, one_dir),
            "many-ct2-best": (bare(many_best), many_payload, None),
            "many-pipe": ([*translate, *many_names, *defaults], None, many_dir),
            "naive": ([py, "-c", NAIVE, str(model_dir), tok], naive_payload, None),
        }
        # Every round runs every measurement once, in the same order, so a slow spell of this
        # shared machine hits all of them alike; the table keeps each figure's median.
        rounds: list[dict[str, dict[str, float]]] = []
        for number in range(1, args.repeat + 1):
            rows: dict[str, dict[str, float]] = {}
            for name, (command, stdin, cwd) in runs.items():
                print(f"round {number}/{args.repeat}: {name} ...", file=sys.stderr)
                rows[name] = measure(command, stdin, env, cwd)
                if name == "pipe":
                    rows["rerun"] = measure(command, stdin, env, cwd)
                if cwd is not None:
                    shutil.rmtree(cwd / "locales")
            rounds.append(rows)
        print("transformers: batched generate() and the pipeline on it (once) ...", file=sys.stderr)
        once = {
            "batched": measure([py, "-c", BATCHED, str(model_dir), tok, "16"], one_payload, env),
            "pipe-hf": measure(
                [*translate, *one_names, *defaults, "--engine", "transformers"], None, env, one_dir
            ),
        }
        shutil.rmtree(one_dir / "locales")

        print(f"{args.articles} small articles: first run (pseudo), re-check", file=sys.stderr)
        small = work / "small"
        small_texts, _ = article_set(args.articles, 2, seed=9)
        small_names = write_article_set(small, small_texts, 2)
        small_cli = [*translate, *small_names, "--engine", "pseudo", "--pseudo-into-real-locale"]
        many_first = measure(small_cli, None, env, small)
        recheck = measure(small_cli, None, env, small)
        html = html_pages(args.pages, args.repeat, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n_tokens = {
        "ct2-best": len(one_texts) * args.tokens,
        "pipe": len(one_texts) * args.tokens,
        "many-ct2-best": len(many_texts) * args.tokens,
        "many-pipe": len(many_texts) * args.tokens,
        "naive": min(args.naive, len(one_texts)) * args.tokens,
        "batched": len(one_texts) * args.tokens,
        "pipe-hf": len(one_texts) * args.tokens,
    }
    for rows in [*rounds, once]:
        for name, count in n_tokens.items():
            if name in rows:
                rows[name]["tps"] = count / rows[name]["wall"]
                if "work" in rows[name]:
                    rows[name]["tps_work"] = count / rows[name]["work"]
    table = {name: _median_row([rows[name] for rows in rounds]) for name in rounds[0]}
    table.update(once)

    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} logical CPUs ({cores} physical "
        f"cores), Python {platform.python_version()}; one article of {len(one_texts)} "
        f"sentences and {args.many} articles of {args.per_article + 1} ({len(many_texts)} "
        f"sentences), {args.tokens} output tokens each; conversion to int8 "
        f"{prepared['conversion']:.1f} s (once, cached); medians of {args.repeat} round(s)\n"
    )
    print("| bare CTranslate2 set-up (sweep, one run each) | one article, s | peak RSS MiB "
          f"| {args.many} articles, s |\n| --- | ---: | ---: | ---: |")  # fmt: skip
    many_by_setup = dict(many_sweep)

    def shown(row: dict[str, float] | None) -> str:
        if row is None:
            return "-"
        return f"hung, stopped at {row['wall']:.0f}" if "timed_out" in row else f"{row['wall']:.1f}"

    for setup, row in sweep:
        print(f"| {label(setup)} | {shown(row)} | {row['rss']:.0f} | "
              f"{shown(many_by_setup.get(setup))} |")  # fmt: skip
    print(f"\nfastest, one article: {label(best)}; {args.many} articles: {label(many_best)}\n")
    print("| run | wall s | tokens/s (whole process) | tokens/s (decode only) | peak RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in ("naive", "batched", "pipe-hf", "ct2-best", "pipe", "many-ct2-best", "many-pipe"):
        row = table[name]
        decode = f"{row['tps_work']:.0f}" if "tps_work" in row else "-"
        print(f"| {name} | {row['wall']:.1f} | {row['tps']:.0f} | {decode} | {row['rss']:.0f} |")
    extra = {"rerun": table["rerun"], "small-first": many_first, "recheck": recheck}
    for name, row in extra.items():
        print(f"| {name} | {row['wall']:.2f} | - | - | {row['rss']:.0f} |")

    results = []
    for text, top, bottom, figure, target, holds in GOALS:
        per_round = [rows[top][figure] / rows[bottom][figure] for rows in rounds]
        results.append((text, statistics.median(per_round), per_round, target, holds))
    hf = once["pipe-hf"]["tps"] / once["batched"]["tps"]
    results.append(("pipeline (transformers) / batched generate, throughput", hf, [hf],
                    ">= 0.90", lambda v: v >= 0.90))  # fmt: skip
    results.append(
        (f"{args.articles} unchanged articles re-checked, seconds", recheck["wall"],
         [recheck["wall"]], "< 5", lambda v: v < 5)
    )  # fmt: skip
    if html is not None:
        results.append(("HTML page: read_document / trafilatura.extract, time", html["ratio"],
                        [html["ratio"]], "<= 2", lambda v: v <= 2))  # fmt: skip
    print("\n| goal | median | each round | target | holds |\n| --- | ---: | --- | --- | --- |")
    for text, value, each, target, holds in results:
        spread = ", ".join(f"{v:.2f}" for v in each)
        verdict = "yes" if holds(value) else "NO"
        text = text.replace("200 articles", f"{args.many} articles")
        print(f"| {text} | {value:.2f} | {spread} | {target} | {verdict} |")
    print(
        textwrap.dedent(f"""
        naive = one sentence per generate() call, on the first {args.naive} sentences only.
        Whole-process tokens/s include interpreter start, imports and model load.
        The default command chose its set-up itself (see `model set-up:` in its summary).""")
    )
    if args.json:
        print(
            json.dumps(
                {
                    "rounds": rounds,
                    "medians": table,
                    "extra": extra,
                    "sweep": [[list(s), row] for s, row in sweep],
                    "many_sweep": [[list(s), row] for s, row in many_sweep],
                    "best": list(best),
                    "many_best": list(many_best),
                    "html": html,
                    "goals": {text: [value, each] for text, value, each, _, _ in results},
                }
            )
        )


if __name__ == "__main__":
    main()
