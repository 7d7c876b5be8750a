"""Commands that choose and trust models on the site's own text: align."""

from __future__ import annotations

import json
from pathlib import Path

import click

from i18n_pipeline.cli.options import (
    ANY_PATH,
    FILE,
    _call,
    choice,
    engine_option,
    flag,
    from_option,
    from_params,
    json_option,
    model_option,
    number,
    output_option,
)
from i18n_pipeline.evaluation.align import ENGINES


@click.command()
@click.argument("source_path", metavar="SOURCE", type=ANY_PATH)
@click.argument("target_path", metavar="TARGET", type=ANY_PATH)
@from_option("Language of SOURCE.")
@click.option("--to", "target", required=True, help="Language of TARGET (its locale).")
@model_option(
    "The MT model that translates SOURCE for scoring: alias, hub id or local path; default: "
    "the registry's model for the pair."
)
@engine_option(
    ENGINES,
    "auto",
    "How the model runs (as for translate); length: no model, Gale–Church lengths only.",
)
@choice("--device", ["auto", "cpu", "cuda"], "auto")
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
    result = _call(align_paths, source_path, target_path, options, notify=notify)
    if output is not None:
        _call(write_tmx, result, output, options)
    if po is not None:
        _call(write_compendium, result, po, options)
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
