"""`evaluate` (and `align`): choosing and trusting models on the site's own text.

Each parses its options and calls one function of `i18n_pipeline.evaluation`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from i18n_pipeline.cli.options import (
    ANY_PATH,
    _call,
    choice,
    flag,
    json_option,
    number,
    output_option,
)

EVALUATE_ENGINES = ("auto", "ctranslate2", "transformers", "pseudo", "pseudo-rtl")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=ANY_PATH)
@click.option("--from", "source", default="en", show_default=True, help="Source language.")
@click.option(
    "--to", "target", default=None, help="Target locale (default: the catalogs' own Language)."
)
@click.option(
    "--model",
    "models",
    multiple=True,
    help="A model to score (alias, hub id or local path); repeat to compare several. Default: "
    "the registry's model for the pair.",
)
@choice("--engine", EVALUATE_ENGINES, "auto", "What runs each model (as in translate).")
@number("--max-length", kind=click.IntRange(1, 4096), default=None, help="Output tokens cap.")
@number("--beam", kind=click.IntRange(1, 16), default=1, help="Beam size.")
@choice("--device", ["auto", "cpu", "cuda"], "auto")
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
    result = _call(
        run,
        paths,
        list(models) or [None],
        options,
        target=target,
        bootstrap=bootstrap,
        limit=limit,
    )
    if html_out is not None:
        _call(write_worst, result, html_out, worst)
        if not quiet:
            click.echo(f"wrote {html_out}", err=True)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result))
