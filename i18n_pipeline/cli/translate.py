"""Commands on articles and models: segment, translate, render, models."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from i18n_pipeline.cli.options import (
    DOCUMENT_FORMATS,
    FILE,
    RETRANSLATE,
    OwnedChoice,
    call,
    choice,
    compute_type_option,
    device_option,
    domain_option,
    engine_option,
    files,
    flag,
    from_option,
    from_params,
    json_option,
    locales_dir_option,
    model_option,
    number,
    output_option,
    owned_choice,
    renamed,
    to_option,
)


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr, only for a person watching a terminal; one per locale,
    labelled with it ("Translating az"), since each locale is a stream of its own."""
    state: dict[str, Any] = {}
    show = not quiet and sys.stderr.isatty()

    def close() -> None:
        if "bar" in state:
            state.pop("bar").__exit__(None, None, None)

    def advance(done: int, total: int, locale: str) -> None:
        if not show:
            return
        if "bar" not in state or state["done"] >= state["total"] or state["locale"] != locale:
            close()
            bar = click.progressbar(
                length=total,
                label=f"{label} {locale}",
                file=sys.stderr,
                show_pos=True,  # sentences done / total
                item_show_func=lambda rate: rate,
            )
            # The rate counts from the first step's end: its own time is not known here.
            state.update(bar=bar, done=0, total=total, locale=locale)
            state.update(started=time.monotonic(), first=done)
            state["bar"].__enter__()
        state["done"] += done
        elapsed = time.monotonic() - state["started"]
        rate = f"{(state['done'] - state['first']) / elapsed:.0f} sentences/s" if elapsed else ""
        state["bar"].update(done, rate)

    try:
        yield advance
    finally:
        close()


@click.command()
@click.argument("file", type=FILE)
@click.option(
    "--format",
    "format_",
    type=OwnedChoice(DOCUMENT_FORMATS, first=["auto"]),
    default="auto",
    show_default=True,
    help="Input format; auto looks at the file name and content.",
)
@from_option("Language of the article.")
@renamed(["--lang"], "--from", "source")
@json_option("Print blocks and sentences as JSON.")
def segment(file: Path, format_: str, source: str, as_json: bool) -> None:
    """Split an article into blocks (title, paragraphs, chrome, ...) and sentences."""
    from i18n_pipeline.documents import document_to_dict, read_document

    document = call(read_document, file, format_)
    data = document_to_dict(document, source)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data["metadata"].items():
        click.echo(f"# {key}: {value}")
    for block in data["blocks"]:
        click.echo(f"{block['line']:>5}  {block['kind']:<10} {block['text']}")
        if len(block["sentences"]) > 1:
            for sentence in block["sentences"]:
                click.echo(f"{'':>5}  {'':<10}   · {sentence}")


# The translate command's help texts, one per option that needs more than a line.
HELP = {
    "to": "Target locale (repeat for several): az, tr, ru, ur, ... Required for articles "
    "(--engine pseudo / pseudo-rtl: default en_XA / ar_XB, their pseudo-locales); a catalog's "
    "own Language header says it for catalogs.",
    "model": "Model alias (see models/registry.toml), Hugging Face hub id, or local path. "
    "Default: the registry's model for the language pair.",
    "beam": "Beam size (1 = greedy, the fast choice on CPU).",
    "batch-size": "Sentences per batch (tokens with --batch-type tokens). Default: 32 sentences "
    "on a CPU, 4096 tokens on CUDA (transformers engine: 16 sentences).",
    "max-length": "Maximum output tokens per sentence (default: the model's own limit).",
    "engine": "auto: CTranslate2 (converted once, cached), transformers if it cannot convert. "
    "pseudo / pseudo-rtl: pseudo-localization, no model. memory: translation memory only, "
    "similar matches as fuzzy.",
    "fuzzy-threshold": "--engine memory: least similarity (0-100) for a memory match to be reused.",
    "compute-type": "CTranslate2 quantization; auto: int8 on CPU, float16 on CUDA.",
    "threads": "CPU threads the model may use in all (0: one per physical core).",
    "workers": "CTranslate2: batches decoded side by side, each on --threads/--workers threads "
    "(0: chosen from the work: one per core for many sentences, fewer for a handful).",
    "batch-type": "Whether --batch-size counts sentences or tokens (CTranslate2). Default: "
    "examples on a CPU, tokens on CUDA.",
    "memory": "A compendium (PO or TMX) to reuse exact translations from; repeatable.",
    "retranslate": "Which machine output to translate again (reviewed entries never): pseudo "
    "text only; other (default): pseudo text and other models' output; machine: all unreviewed "
    "machine output; fuzzy: every fuzzy entry.",
    "pseudo-into-real-locale": "With --engine pseudo / pseudo-rtl: write into the --to locale "
    "itself, as fuzzy entries, instead of the pseudo-locale.",
    "cluster": "Run the model on a Ray cluster (pip install 'i18n-pipeline[ray]'): ray starts "
    "a Ray of its own here; auto (the one `ray start` runs here, or $RAY_ADDRESS), "
    "ray://HOST:PORT (Ray Client) or HOST:PORT join a running one. "
    "Reading, translation memory and every catalog write stay on this machine.",
    "actor-cpus": "--cluster: CPUs each Ray actor (one model copy) asks for; 0: 4, at most a "
    "node's CPUs.",
    "save-every": "Save translations after about this many seconds of model time (a killed run "
    "loses at most that much; the next run continues from the last save).",
}


@click.command()
@click.argument("files", nargs=-1, required=True, type=FILE)
@from_option()
@to_option("targets", HELP["to"], multiple=True)
@model_option(HELP["model"])
@locales_dir_option
@domain_option("Catalog name; default: each article's file name without extension.")
@number("--beam", kind=click.IntRange(1, 16), default=1, help=HELP["beam"])
@number("--batch-size", kind=click.IntRange(1, 65536), default=None, help=HELP["batch-size"])
@number("--max-length", kind=click.IntRange(1, 4096), default=None, help=HELP["max-length"])
@device_option()
@engine_option("auto", HELP["engine"])
@number(
    "--fuzzy-threshold", kind=click.FloatRange(0, 100), default=75.0, help=HELP["fuzzy-threshold"]
)
@compute_type_option(HELP["compute-type"])
@number("--threads", kind=click.IntRange(0, 256), default=0, help=HELP["threads"])
@number("--workers", kind=click.IntRange(0, 256), default=0, help=HELP["workers"])
@choice("--batch-type", ["examples", "tokens"], None, HELP["batch-type"], show=False)
@files("--memory", "memory", help=HELP["memory"])
@number("--save-every", kind=click.FloatRange(0, 3600), default=10.0, help=HELP["save-every"])
@owned_choice("--retranslate", OwnedChoice(RETRANSLATE), "other", HELP["retranslate"])
@flag("--pseudo-into-real-locale", help=HELP["pseudo-into-real-locale"])
@click.option("--cluster", metavar="ADDRESS", default=None, help=HELP["cluster"])
@number("--actor-cpus", kind=click.IntRange(0, 1024), default=0, help=HELP["actor-cpus"])
@flag("--quiet", "-q", help="No progress bar and no summary.")
@json_option("Print the summary as JSON.")
def translate(
    files: tuple[Path, ...],
    source: str,
    targets: tuple[str, ...],
    model: str | None,
    locales_dir: Path,
    domain: str | None,
    beam: int,
    batch_size: int | None,
    max_length: int | None,
    device: str,
    engine: str,
    compute_type: str,
    threads: int,
    workers: int,
    batch_type: str | None,
    memory: tuple[Path, ...],
    fuzzy_threshold: float,
    save_every: float,
    retranslate: str,
    pseudo_into_real_locale: bool,
    cluster: str | None,
    actor_cpus: int,
    quiet: bool,
    as_json: bool,
) -> None:
    """Translate articles into PO catalogs, or fill the empty entries of PO catalogs.

    Machine output is marked fuzzy (a pseudo-locale's is not); reviewed translations are
    never touched.
    """
    try:  # Ctrl-C anywhere, even while importing the engines, ends with exit 130
        from i18n_pipeline.pipeline import TranslateOptions, translate_catalogs, translate_files

        po_files = [f for f in files if f.suffix in (".po", ".pot")]
        if po_files and len(po_files) != len(files):
            raise click.UsageError("give either articles or PO catalogs, not both in one run")
        if not po_files and not targets and not engine.startswith("pseudo"):
            raise click.UsageError("Missing option '--to' (the locale to translate articles into)")
        run = translate_catalogs if po_files else translate_files

        options = from_params(
            TranslateOptions,
            batch_size=batch_size or 0,
            batch_type=batch_type or "",
            share_malloc_arena=True,  # this process is ours: a steady peak RSS
        )
        with _progress("Translating", quiet) as progress:
            notify = None if quiet else lambda message: click.echo(message, err=True)
            summary = call(run, files, options, progress=progress, notify=notify)
    except KeyboardInterrupt as interrupted:  # pipeline.TranslationInterrupted, or earlier
        done = getattr(interrupted, "summary", None)
        if done is None:
            click.echo("\ninterrupted before any catalog was opened; nothing changed", err=True)
        else:
            click.echo(
                f"\ninterrupted: {done.saved} translation(s) saved in {len(done.written)} "
                "catalog(s); run the same command again to continue where it stopped",
                err=True,
            )
        _exit_interrupted()
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        data = {
            **summary.__dict__,
            "catalogs": [str(p) for p in summary.catalogs],
            "written": [str(p) for p in summary.written],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif not quiet:
        click.echo(summary.line(), err=True)
        for setup in summary.setups:
            peak = summary.peak_rss_mib
            click.echo(f"model set-up: {setup}; peak memory {peak:.0f} MiB", err=True)
        for node, count in summary.nodes.items():
            click.echo(f"cluster node {node}: {count} sentence(s)", err=True)
        for path in summary.written:
            click.echo(f"wrote {path}", err=True)
        if unchanged := len(summary.catalogs) - len(summary.written):
            click.echo(f"{unchanged} catalog(s) unchanged", err=True)


def _exit_interrupted() -> None:
    """Exit 130 after Ctrl-C. While an engine call still decodes on its thread, leave without
    the interpreter's teardown (which would wait for it, or free the model under it): every
    catalog was written whole before this point, and a save that Ctrl-C cut left no trace."""
    pipeline = sys.modules.get("i18n_pipeline.pipeline")  # not imported yet: nothing runs
    if pipeline is not None and pipeline.engine_calls_running():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(130)


@click.command()
@click.argument("file", type=FILE)
@to_option("target", "Target locale.", required=True)
@locales_dir_option
@domain_option("Catalog name; default: the file name stem.")
@flag("--include-fuzzy", help="Use machine translations not yet reviewed.")
@output_option("-o", "--output", default=None, help="Write here instead of standard output.")
def render(
    file: Path,
    target: str,
    locales_dir: Path,
    domain: str | None,
    include_fuzzy: bool,
    output: Path | None,
) -> None:
    """Print the article rebuilt in the target language, in its own format."""
    from i18n_pipeline.catalogs import write_atomic
    from i18n_pipeline.pipeline import render_file

    text = call(
        render_file,
        file,
        target,
        locales_dir=locales_dir,
        domain=domain,
        include_fuzzy=include_fuzzy,
    )
    if output:
        call(write_atomic, output, text.encode("utf-8"))
    else:
        click.echo(text, nl=False)  # byte-faithful: the rebuilt article, nothing added


@click.command()
@json_option("Print the registry as JSON.")
def models(as_json: bool) -> None:
    """List the known models (models/registry.toml): aliases, hub ids, families, pairs."""
    from i18n_pipeline.engines.registry import known_models

    entries = known_models()
    if as_json:
        rows = [
            {
                "alias": e.alias,
                "hub_id": e.hub_id,
                "family": e.family,
                "pairs": ["-".join(p) for p in e.pairs],
                "notes": e.notes,
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for e in entries:
        pairs = ", ".join("→".join(p) for p in e.pairs) or "multilingual"
        click.echo(f"{e.alias:<26} {e.family:<8} {pairs:<14} {e.hub_id}")
