"""`evaluate` and `align`: choosing and trusting models on the site's own text.

Each parses its options and calls one function of `i18n_pipeline.evaluation`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from i18n_pipeline.cli.options import (
    ANY_PATH,
    FILE,
    call,
    device_option,
    engine_option,
    flag,
    from_option,
    from_params,
    json_option,
    model_option,
    number,
    output_option,
    to_option,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=ANY_PATH)
@from_option("Language of the msgids (the source side).")
@to_option("target", "Target locale (default: the catalogs' own Language).", default=None)
@click.option(
    "--model",
    "models",
    multiple=True,
    help="A model to score (alias, hub id or local path); repeat to compare several. Default: "
    "the registry's model for the pair.",
)
@engine_option("auto", "What runs each model (as in translate).", exclude=["memory"])
@number("--max-length", kind=click.IntRange(1, 4096), default=None, help="Output tokens cap.")
@number("--beam", kind=click.IntRange(1, 16), default=1, help="Beam size.")
@device_option()
@number(
    "--bootstrap",
    kind=click.IntRange(0, 100000),
    default=1000,
    help="Resamples for the confidence intervals and the paired test (0: none).",
)
@number("--limit", kind=click.IntRange(1), default=None, help="Only the first N pairs.")
@output_option("--html", "html_out", help="Also write the worst pairs, side by side, here.")
@number("--worst", kind=click.IntRange(1), default=50, help="Pairs on the --html page.")
@flag("--quiet", "-q", help="No notices on stderr.")
@json_option("Print the scores as JSON.")
def evaluate(
    paths: tuple[Path, ...],
    source: str,
    target: str | None,
    models: tuple[str, ...],
    engine: str,
    max_length: int | None,
    beam: int,
    device: str,
    bootstrap: int,
    limit: int | None,
    html_out: Path | None,
    worst: int,
    quiet: bool,
    as_json: bool,
) -> None:
    """Score models on reviewed translations (PO catalogs, locales directories, TMX files).

    Re-translates the source of every reviewed entry with each --model and compares the output
    with the human translation (sacrebleu chrF++, BLEU, TER, 95% bootstrap intervals, paired
    test against the first model). Never writes a catalog.
    """
    from i18n_pipeline.evaluation.evaluate import evaluate as run
    from i18n_pipeline.evaluation.evaluate import format_table, write_worst
    from i18n_pipeline.pipeline import TranslateOptions

    options = TranslateOptions(
        source=source, engine=engine, max_length=max_length, beam=beam, device=device
    )
    result = call(
        run,
        paths,
        list(models) or [None],
        options,
        target=target,
        bootstrap=bootstrap,
        limit=limit,
    )
    if html_out is not None:
        call(write_worst, result, html_out, worst)
        if not quiet:
            click.echo(f"wrote {html_out}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result))


@click.command()
@click.argument("source_path", metavar="SOURCE", type=ANY_PATH)
@click.argument("target_path", metavar="TARGET", type=ANY_PATH)
@from_option("Language of SOURCE.")
@to_option("target", "Language of TARGET (its locale).", required=True)
@model_option(
    "The MT model that translates SOURCE for scoring: alias, hub id or local path; default: "
    "the registry's model for the pair."
)
@engine_option(
    "auto",
    "How the model runs (as for translate); length: no model, Gale–Church lengths only.",
    owner="i18n_pipeline.evaluation.align:ENGINES",
)
@device_option()
@output_option("-o", "--output", default=None, help="Write the aligned pairs as TMX here.")
@output_option("--po", "po", type=FILE, default=None, help="Also write them as a PO compendium.")
@number(
    "--min-score",
    kind=click.FloatRange(0, 100),
    default=0.0,
    help="Leave out pairs scoring below this (chrF 0-100 of the MT against the target; "
    "with --engine length, the length match 0-100); they are listed instead.",
)
@flag("--no-anchors", help="Align sentences over the whole article, not paragraph by paragraph.")
@flag("--quiet", "-q", help="Only the summary line.")
@json_option("Print every pair, low-scoring and unaligned text as JSON.")
def align(
    source_path: Path,
    target_path: Path,
    output: Path | None,
    po: Path | None,
    no_anchors: bool,
    quiet: bool,
    as_json: bool,
    **_: object,
) -> None:
    """Align an article with its existing translation (or two directories of them, paired by
    file name) sentence by sentence, into a translation memory.

    Pairs 1-1, 1-2 and 2-1 sentences; text only one side has is left out. A file in SOURCE
    pairs with the file in the same folder of TARGET whose name is the same without the
    extension and a trailing language tag (news.en.html, news-az.txt and news.md all pair
    as "news").
    """
    from i18n_pipeline.evaluation.align import (
        AlignOptions,
        align_paths,
        write_compendium,
        write_tmx,
    )

    options = from_params(AlignOptions, anchors=not no_anchors)
    notify = None if quiet or as_json else (lambda m: click.echo(m, err=True))
    result = call(align_paths, source_path, target_path, options, notify=notify)
    if output is not None:
        call(write_tmx, result, output, options)
    if po is not None:
        call(write_compendium, result, po, options)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    if not quiet:
        for alignment in result.alignments:
            for pair in alignment.pairs:
                if not pair.matched:
                    continue
                low = " (low, left out)" if pair.score < result.min_score else ""
                click.echo(
                    f"{alignment.source_path}:{pair.source_line} ↔ "
                    f"{alignment.target_path}:{pair.target_line} {pair.shape} "
                    f"score {pair.score:g}{low}\n  {pair.source_text}\n  {pair.target_text}"
                )
        for path in result.unpaired:
            click.echo(f"{path}: no article to pair with", err=True)
    counts = result.counts()
    written = "; ".join(f"wrote {path}: {n} pairs" for path, n in result.written.items())
    click.echo(
        f"{counts['articles']} article pair(s): {counts['pairs']} aligned pairs, "
        f"{counts['low']} below --min-score, {counts['unaligned']} sentences on one side only"
        f" ({result.engine})" + (f"; {written}" if written else "")
    )
