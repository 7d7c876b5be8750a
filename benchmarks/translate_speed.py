"""How fast is `i18n-pipeline translate`, against the ways people translate without it?

Builds an opus-mt-sized random-weight Marian locally (no download): d_model 512, 6+6 layers,
8 heads, FFN 2048, a 58,000-entry vocabulary. Its end-of-sentence logit is pushed down, so every
sentence decodes to exactly --tokens tokens and runs compare. Each measurement runs in its own
process, on one thread, and its peak RSS is read from the kernel (wait4), model load included:

  naive      transformers, one sentence per generate() call (a subset: it is slow)
  batched    transformers generate() over length-sorted batches
  ct2-bare   a bare CTranslate2 int8 script: tokenize, translate_batch, detokenize
  pipe-ct2   i18n-pipeline translate --engine ctranslate2 on articles holding the same sentences
  pipe-hf    i18n-pipeline translate --engine transformers, same articles
  rerun      pipe-ct2 again, nothing changed
  recheck    1,000 small unchanged articles re-checked (catalogs made by --engine pseudo)

Every measurement runs --repeat times (default 3), in rounds, and the table keeps medians; each
goal's ratio is also shown round by round.

Run: python benchmarks/translate_speed.py [--sentences 256] [--tokens 32] [--naive 32] [--repeat 3]
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
torch.set_num_threads(1)
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
torch.set_num_threads(1)
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
texts = json.load(sys.stdin)
t0 = time.perf_counter()
sp_src = sentencepiece.SentencePieceProcessor(model_file=model_dir + "/source.spm")
sp_tgt = sentencepiece.SentencePieceProcessor(model_file=model_dir + "/target.spm")
tr = ctranslate2.Translator(model_dir, device="cpu", compute_type="int8",
                            inter_threads=1, intra_threads=1)
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
) -> dict[str, float]:
    """Wall time of a whole process and its peak RSS (MiB), from the kernel."""
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
    assert process.stdin is not None or stdin is None
    if stdin is not None and process.stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
    out = process.stdout.read() if process.stdout else ""
    err = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
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


def write_articles(directory: Path, texts: list[str], per_article: int) -> list[str]:
    """Markdown articles, one sentence per paragraph, so the pipeline sees the same sentences."""
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for n, start in enumerate(range(0, len(texts), per_article)):
        name = f"article-{n:04d}.md"
        body = "\n\n".join(texts[start : start + per_article])
        (directory / name).write_text(f"# Story number {n}\n\n{body}\n", "utf-8")
        names.append(name)
    return names


def prepare(work: Path, small: bool) -> None:
    """Build the model and convert it (the pipeline's own cache), in a process of its own."""
    from i18n_pipeline.engines.ctranslate2_engine import convert_model
    from i18n_pipeline.engines.registry import ModelSpec

    model_dir = build_model(work, small)
    started = time.perf_counter()
    converted = convert_model(ModelSpec(str(model_dir), "marian"), "int8")
    (work / "converted.txt").write_text(str(converted.path), "utf-8")
    print(json.dumps({"conversion": time.perf_counter() - started}))


GOALS = (
    # label, numerator row, denominator row, figure, target, holds
    ("pipeline (CTranslate2) / bare CTranslate2 script, throughput", "pipe-ct2", "ct2-bare",
     "tps", ">= 0.90", lambda v: v >= 0.90),
    ("pipeline (CTranslate2) / naive transformers loop, throughput", "pipe-ct2", "naive",
     "tps", ">= 25", lambda v: v >= 25),
    ("pipeline (transformers) / batched generate, throughput", "pipe-hf", "batched",
     "tps", ">= 0.90", lambda v: v >= 0.90),
    ("pipeline (CTranslate2) / bare CTranslate2 script, peak RSS", "pipe-ct2", "ct2-bare",
     "rss", "<= 1.25", lambda v: v <= 1.25),
    ("unchanged re-run / first run, wall time", "rerun", "pipe-ct2",
     "wall", "<= 0.15", lambda v: v <= 0.15),
)  # fmt: skip


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]), sys.argv[3] == "small")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=256)
    parser.add_argument("--tokens", type=int, default=32, help="output tokens per sentence")
    parser.add_argument("--naive", type=int, default=32, help="sentences for the naive loop")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--articles", type=int, default=1000, help="for the re-check run")
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds of all model runs; medians are reported"
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="a tiny model: checks that the benchmark runs (the tests use it), measures nothing",
    )
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="i18n-bench-"))
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "I18N_PIPELINE_CACHE": str(work / "cache"),
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("MALLOC_ARENA_MAX", None)  # every run gets glibc's default unless it sets its own
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
        converted_path = Path((work / "converted.txt").read_text("utf-8").strip())
        conversion = prepared["conversion"]
        texts = sentences(args.sentences)
        # The pipeline adds one title per article; they go through the model too.
        articles = work / "articles"
        names = write_articles(articles, texts, per_article=16)
        titles = len(names)

        payload = json.dumps(texts)
        naive_payload = json.dumps(texts[: args.naive])
        py = sys.executable
        tok = str(args.tokens)
        size = str(args.batch_size)
        translate = [py, "-m", "i18n_pipeline", "translate", "--to", "az", "--quiet"]
        cli = [
            *translate,
            *names,
            "--model",
            str(model_dir),
            "--max-length",
            tok,
            "--batch-size",
            size,
            "--threads",
            "1",
        ]
        bare = [py, "-c", CT2_BARE, str(converted_path), tok, size]
        runs: dict[str, tuple[list[str], str | None, Path | None]] = {
            "naive": ([py, "-c", NAIVE, str(model_dir), tok], naive_payload, None),
            "batched": ([py, "-c", BATCHED, str(model_dir), tok, size], payload, None),
            "ct2-bare": (bare, payload, None),
            "pipe-ct2": ([*cli, "--engine", "ctranslate2"], None, articles),
            "pipe-hf": ([*cli, "--engine", "transformers"], None, articles),
        }
        # Every round runs every measurement once, in the same order, so a slow spell of this
        # shared machine hits all of them alike; the table keeps each figure's median.
        rounds: list[dict[str, dict[str, float]]] = []
        for number in range(1, args.repeat + 1):
            rows: dict[str, dict[str, float]] = {}
            for name, (command, stdin, cwd) in runs.items():
                print(f"round {number}/{args.repeat}: {name} ...", file=sys.stderr)
                rows[name] = measure(command, stdin, env, cwd)
                if name == "pipe-ct2":
                    rows["rerun"] = measure(command, stdin, env, cwd)
                if cwd is not None:
                    shutil.rmtree(cwd / "locales")
            rounds.append(rows)
        # For comparison only: the bare script with the one malloc arena the CLI asks glibc for.
        print("bare CTranslate2 with MALLOC_ARENA_MAX=1 ...", file=sys.stderr)
        bare_one_arena = measure(bare, payload, {**env, "MALLOC_ARENA_MAX": "1"})

        print(
            f"{args.articles} small articles, first run (pseudo) and re-check ...", file=sys.stderr
        )
        many = work / "many"
        many_names = write_articles(many, sentences(args.articles * 3, seed=9), per_article=3)
        many_cli = [*translate, *many_names, "--engine", "pseudo"]
        many_first = measure(many_cli, None, env, many)
        recheck = measure(many_cli, None, env, many)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n_tokens = {
        "naive": args.naive * args.tokens,
        "batched": args.sentences * args.tokens,
        "ct2-bare": args.sentences * args.tokens,
        "pipe-ct2": (args.sentences + titles) * args.tokens,
        "pipe-hf": (args.sentences + titles) * args.tokens,
    }
    for rows in rounds:
        for name, count in n_tokens.items():
            rows[name]["tps"] = count / rows[name]["wall"]
            if "work" in rows[name]:
                rows[name]["tps_work"] = count / rows[name]["work"]
    table = {name: _median_row([rows[name] for rows in rounds]) for name in rounds[0]}

    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, one thread per run; {args.sentences} sentences "
        f"x {args.tokens} output tokens; batch {args.batch_size}; conversion to int8 "
        f"{conversion:.1f} s (once, cached); medians of {args.repeat} round(s)\n"
    )
    print("| run | wall s | tokens/s (whole process) | tokens/s (decode only) | peak RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in ("naive", "batched", "ct2-bare", "pipe-hf", "pipe-ct2"):
        row = table[name]
        decode = f"{row['tps_work']:.0f}" if "tps_work" in row else "-"
        print(f"| {name} | {row['wall']:.1f} | {row['tps']:.0f} | {decode} | {row['rss']:.0f} |")
    extra = {"rerun": table["rerun"], "many-first": many_first, "recheck": recheck}
    for name, row in extra.items():
        print(f"| {name} | {row['wall']:.2f} | - | - | {row['rss']:.0f} |")
    print(f"| ct2-bare, MALLOC_ARENA_MAX=1 | {bare_one_arena['wall']:.1f} | - | - "
          f"| {bare_one_arena['rss']:.0f} |")  # fmt: skip

    results = []
    for label, top, bottom, figure, target, holds in GOALS:
        per_round = [rows[top][figure] / rows[bottom][figure] for rows in rounds]
        results.append((label, statistics.median(per_round), per_round, target, holds))
    per_round = [recheck["wall"]]
    results.append(
        (f"{args.articles} unchanged articles re-checked, seconds", recheck["wall"], per_round,
         "< 5", lambda v: v < 5)
    )  # fmt: skip
    print("\n| goal | median | each round | target | holds |\n| --- | ---: | --- | --- | --- |")
    for label, value, each, target, holds in results:
        spread = ", ".join(f"{v:.2f}" for v in each)
        verdict = "yes" if holds(value) else "NO"
        print(f"| {label} | {value:.2f} | {spread} | {target} | {verdict} |")
    print(
        textwrap.dedent(f"""
        naive = one sentence per generate() call, on the first {args.naive} sentences only.
        Whole-process tokens/s include interpreter start, imports and model load.
        On one CTranslate2 thread the CLI asks glibc for one malloc arena (share_malloc_arena);
        the bare script runs with glibc's default, and once more with MALLOC_ARENA_MAX=1.""")
    )
    if args.json:
        print(
            json.dumps(
                {
                    "rounds": rounds,
                    "medians": table,
                    "extra": extra,
                    "bare_one_arena": bare_one_arena,
                    "goals": {label: [value, each] for label, value, each, _, _ in results},
                }
            )
        )


if __name__ == "__main__":
    main()
