"""Command-line front end: each command parses options and calls one library function."""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import click

from i18n_pipeline import __version__
from i18n_pipeline.cli_common import _call, locales_dir_option


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, only for a person watching a terminal; one per locale."""
    state: dict[str, Any] = {}
    show = not quiet and sys.stderr.isatty()

    def close() -> None:
        if "bar" in state:
            state.pop("bar").__exit__(None, None, None)

    def advance(done: int, total: int) -> None:
        if not show:
            return
        if "bar" not in state or state["done"] >= state["total"]:
            close()
            state.update(bar=click.progressbar(length=total, label=label, file=sys.stderr))
            state.update(done=0, total=total)
            state["bar"].__enter__()
        state["bar"].update(done)
        state["done"] += done

    try:
        yield advance
    finally:
        close()


class _LazyGroup(click.Group):
    """Commands of other modules, imported only when they run (or `--help` lists them).

    `translate` must not pay for importing the QA checks, the exporters or Flask's helpers.
    """

    LAZY: ClassVar[dict[str, str]] = {
        "extract": "i18n_pipeline.cli_strings:extract",
        "init": "i18n_pipeline.cli_strings:init",
        "update": "i18n_pipeline.cli_strings:update",
        "check": "i18n_pipeline.cli_review:check",
        "stats": "i18n_pipeline.cli_review:stats",
        "review": "i18n_pipeline.cli_review:review",
        "report": "i18n_pipeline.cli_review:report",
        "export": "i18n_pipeline.cli_exports:export",
        "import": "i18n_pipeline.cli_exports:import_",
        "build-site": "i18n_pipeline.cli_exports:build_site",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            module, attribute = self.LAZY[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Ctrl-C in any command: one line and exit 130 (128 + SIGINT), as shells and CI expect,
        instead of click's "Aborted!" and exit 1. Writes are atomic, so nothing is half done."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ninterrupted; every file written so far is complete", err=True)
            ctx.exit(130)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="i18n-pipeline")
def main() -> None:
    """Segment news articles, machine-translate them, and keep the results in gettext catalogs."""


FORMAT_CHOICE = click.Choice(["auto", "text", "markdown", "html"])


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "format_",
    type=FORMAT_CHOICE,
    default="auto",
    show_default=True,
    help="Input format; auto looks at the file name and content.",
)
@click.option("--lang", default="en", show_default=True, help="Language of the article.")
@click.option("--json", "as_json", is_flag=True, help="Print blocks and sentences as JSON.")
def segment(file: Path, format_: str, lang: str, as_json: bool) -> None:
    """Split an article into blocks (title, paragraphs, chrome, ...) and sentences."""
    from i18n_pipeline.documents import document_to_dict, read_document

    document = _call(read_document, file, format_)
    data = document_to_dict(document, lang)
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


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source", default="en", show_default=True, help="Source language.")
@click.option(
    "--to",
    "targets",
    multiple=True,
    help="Target locale (repeat for several): az, tr, ru, ur, ... Required for articles; "
    "a catalog's own Language header says it for catalogs.",
)
@click.option(
    "--model",
    default=None,
    help="Model alias (see models/registry.toml), Hugging Face hub id, or local path. "
    "Default: the registry's model for the language pair.",
)
@locales_dir_option
@click.option(
    "--domain",
    default=None,
    help="Catalog name; default: each article's file name without extension.",
)
@click.option(
    "--beam",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Beam size (1 = greedy, the fast choice on CPU).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 65536),
    default=None,
    help="Sentences per batch (tokens with --batch-type tokens). Default: 32 sentences on a "
    "CPU, 4096 tokens on CUDA (transformers engine: 16 sentences).",
)
@click.option(
    "--max-length",
    type=click.IntRange(1, 4096),
    default=None,
    help="Maximum output tokens per sentence (default: the model's own limit).",
)
@click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "ctranslate2", "transformers", "pseudo", "pseudo-rtl", "memory"]),
    default="auto",
    show_default=True,
    help="auto: CTranslate2 (converted once, cached), transformers if it cannot convert. "
    "pseudo / pseudo-rtl: pseudo-localization, no model. memory: translation memory only, "
    "similar matches as fuzzy.",
)
@click.option(
    "--fuzzy-threshold",
    type=click.FloatRange(0, 100),
    default=75.0,
    show_default=True,
    help="--engine memory: least similarity (0-100) for a memory match to be reused.",
)
@click.option(
    "--compute-type",
    type=click.Choice(
        ["auto", "int8", "int8_float32", "int8_float16", "int16", "float16", "bfloat16", "float32"]
    ),
    default="auto",
    show_default=True,
    help="CTranslate2 quantization; auto: int8 on CPU, float16 on CUDA.",
)
@click.option(
    "--threads",
    type=click.IntRange(0, 256),
    default=0,
    show_default=True,
    help="CPU threads the model may use in all (0: one per physical core).",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 256),
    default=0,
    show_default=True,
    help="CTranslate2: batches decoded side by side, each on --threads/--workers threads "
    "(0: chosen from the work: one per core for many sentences, fewer for a handful).",
)
@click.option(
    "--batch-type",
    type=click.Choice(["examples", "tokens"]),
    default=None,
    help="Whether --batch-size counts sentences or tokens (CTranslate2). Default: "
    "examples on a CPU, tokens on CUDA.",
)
@click.option(
    "--memory",
    "memory",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A compendium (PO or TMX) to reuse exact translations from; repeatable.",
)
@click.option(
    "--save-every",
    type=click.FloatRange(0, 3600),
    default=10.0,
    show_default=True,
    help="Save translations after about this many seconds of model time (a killed run "
    "loses at most that much; the next run continues from the last save).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
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
    quiet: bool,
    as_json: bool,
) -> None:
    """Translate articles into PO catalogs, or fill the empty entries of PO catalogs.

    Machine output is always marked fuzzy; existing translations are never touched.
    """
    try:  # Ctrl-C anywhere, even while importing the engines, ends with exit 130
        from i18n_pipeline.pipeline import TranslateOptions, translate_catalogs, translate_files

        po_files = [f for f in files if f.suffix in (".po", ".pot")]
        if po_files and len(po_files) != len(files):
            raise click.UsageError("give either articles or PO catalogs, not both in one run")
        if not po_files and not targets:
            raise click.UsageError("Missing option '--to' (the locale to translate articles into)")
        run = translate_catalogs if po_files else translate_files

        options = TranslateOptions(
            source=source,
            targets=targets,
            model=model,
            locales_dir=locales_dir,
            domain=domain,
            beam=beam,
            batch_size=batch_size or 0,
            max_length=max_length,
            device=device,
            engine=engine,
            compute_type=compute_type,
            threads=threads,
            workers=workers,
            batch_type=batch_type or "",
            memory=memory,
            fuzzy_threshold=fuzzy_threshold,
            save_every=save_every,
            share_malloc_arena=True,  # this process is ours: a steady peak RSS
        )
        with _progress("Translating", quiet) as progress:
            notify = None if quiet else lambda message: click.echo(message, err=True)
            summary = _call(run, files, options, progress=progress, notify=notify)
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


@main.command("compile")
@locales_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print per-catalog counts as JSON.")
def compile_(locales_dir: Path, as_json: bool) -> None:
    """Compile every PO catalog to MO (fuzzy and untranslated entries left out)."""
    from i18n_pipeline.catalogs import compile_catalog, find_catalogs

    paths = find_catalogs(locales_dir)
    if not paths:
        raise click.ClickException(f"no catalogs found under {locales_dir}/*/LC_MESSAGES/")
    results = [_call(compile_catalog, path) for path in paths]
    if as_json:
        rows = [
            {**r.__dict__, "po_path": str(r.po_path), "mo_path": str(r.mo_path)} for r in results
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for r in results:
        note = " (header marked fuzzy: compiled anyway)" if r.header_fuzzy else ""
        click.echo(
            f"{r.mo_path}: {r.translated} translated, {r.fuzzy} fuzzy, "
            f"{r.untranslated} untranslated messages{note}"
        )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "target", required=True, help="Target locale.")
@locales_dir_option
@click.option("--domain", default=None, help="Catalog name; default: the file name stem.")
@click.option("--include-fuzzy", is_flag=True, help="Use machine translations not yet reviewed.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
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

    text = _call(
        render_file,
        file,
        target,
        locales_dir=locales_dir,
        domain=domain,
        include_fuzzy=include_fuzzy,
    )
    if output:
        _call(write_atomic, output, text.encode("utf-8"))
    else:
        click.echo(text, nl=False)  # byte-faithful: the rebuilt article, nothing added


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the registry as JSON.")
def models(as_json: bool) -> None:
    """List the known models (models/registry.toml): aliases, hub ids, families, pairs."""
    from i18n_pipeline.registry import known_models

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
