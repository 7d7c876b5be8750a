"""The reviewer's commands: check, stats, review, report.

Each parses its options and calls one library function of `qa.checks`, `qa.stats`, `qa.review`
or `qa.report`; errors go through `options.call` (one line, the error's exit code).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import click

from i18n_pipeline.catalogs import LOW_CONFIDENCE, catalog_paths
from i18n_pipeline.cli.options import (
    DIRECTORY,
    FILE,
    call,
    flag,
    from_option,
    glossary_option,
    json_option,
    number,
    output_option,
    paths_argument,
    renamed,
    to_option,
)
from i18n_pipeline.locales import counted
from i18n_pipeline.qa.checks import (
    CHECKS,
    Finding,
    GlossaryTerm,
    check_catalog,
    load_glossary,
    select_checks,
)
from i18n_pipeline.qa.stats import CatalogStats, catalog_stats, total_stats


def _names(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def _glossary(path: Path | None) -> list[GlossaryTerm]:
    return call(load_glossary, path) if path else []


def _list_checks(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`check --list`: every check's name, severity and what it finds."""
    if not value or ctx.resilient_parsing:
        return
    for item in CHECKS.values():
        click.echo(f"{item.name:<20} {item.severity:<8} {item.explanation}")
    ctx.exit(0)


@click.command()
@paths_argument
@json_option("Print the findings as a JSON list.")
@click.option("--only", default=None, help="Run only these checks (comma-separated names).")
@click.option("--skip", default=None, help="Leave out these checks (comma-separated names).")
@glossary_option
@from_option("Language of the msgids (for the language and length checks).")
@renamed(["--source-lang"], "--from", "source")
@click.option(
    "--min-score",
    type=float,
    default=LOW_CONFIDENCE,
    show_default=True,
    help="low-confidence: warn for machine translations scored under this (a mean "
    "log-probability per token; 0 is certain).",
)
@click.option(
    "--list",
    is_flag=True,
    is_eager=True,  # before PATHS is required, as --help and --version are
    expose_value=False,
    callback=_list_checks,
    help="List the checks and exit (no PATHS needed).",
)
def check(
    paths: tuple[Path, ...],
    as_json: bool,
    only: str | None,
    skip: str | None,
    glossary: Path | None,
    source: str,
    min_score: float,
) -> None:
    """QA-check PO files or locales directories; exit 1 when an error was found.

    Prints `path:line: severity check: message` per finding. Never modifies files.
    """
    call(select_checks, _names(only), _names(skip))  # unknown names fail before any work
    terms = _glossary(glossary)
    findings: list[Finding] = []
    for path in call(catalog_paths, paths):
        findings.extend(
            call(check_catalog, path, _names(only), _names(skip), terms, source, min_score)
        )
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
    errors = sum(1 for f in findings if f.severity == "error")
    if not as_json:
        warnings = len(findings) - errors
        click.echo(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}", err=True)
    if errors:
        sys.exit(1)


@click.command()
@paths_argument
@json_option("Print the counts as JSON.")
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Translation progress per locale and domain (counts agree with msgfmt --statistics)."""
    rows = [call(catalog_stats, path) for path in call(catalog_paths, paths)]
    by_locale: dict[str, list[CatalogStats]] = defaultdict(list)
    for row in rows:
        by_locale[row.locale].append(row)
    if as_json:
        data = {
            "catalogs": [row.as_dict() for row in rows],
            "locales": {
                locale: total_stats(items, locale=locale).as_dict()
                for locale, items in sorted(by_locale.items())
            },
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    header = (
        f"{'locale':<10} {'domain':<20} {'done':>6}  {'translated':>14} {'fuzzy':>12} "
        f"{'untranslated':>14} {'obsolete':>10}"
    )
    click.echo(header)
    click.echo(click.style("entries (words)", dim=True))
    for row in rows:
        click.echo(_stats_line(row.locale or "?", row.domain, row))
    if len(rows) > 1:
        for locale, items in sorted(by_locale.items()):
            click.echo(_stats_line(locale or "?", "(all)", total_stats(items)))


def _stats_line(locale: str, domain: str, row: CatalogStats) -> str:
    def cell(state: str, width: int) -> str:
        counts = getattr(row, state)
        return f"{counts.entries} ({counts.words})".rjust(width)

    return (
        f"{locale:<10} {domain:<20} {row.percent:>5.1f}%  {cell('translated', 14)} "
        f"{cell('fuzzy', 12)} {cell('untranslated', 14)} {cell('obsolete', 10)}"
    )


@click.command()
@click.argument("file", type=FILE)
@flag("--fuzzy", help="Only fuzzy entries.")
@flag("--errors", help="Only entries with QA errors.")
@number("--start", kind=click.IntRange(min=1), default=1, help="Start at entry N (1-based).")
@renamed(["--from"], "--start", "start", type=click.IntRange(min=1))
@glossary_option
@flag(
    "--worst-first",
    help="Machine translations the model was least sure of first (#. mt-score:).",
)
def review(
    file: Path,
    fuzzy: bool,
    errors: bool,
    start: int,
    glossary: Path | None,
    worst_first: bool,
) -> None:
    """Review entries one at a time: a accept, e edit, s skip, b back, q quit.

    Default: fuzzy, untranslated and QA-flagged entries. Keys come from the keyboard, or one per
    line from a pipe. Every decision is saved at once (atomically). `e` opens $EDITOR when set,
    else asks for the new text on one line.
    """
    from i18n_pipeline.qa.review import default_edit, review_catalog

    stdin = sys.stdin
    interactive = stdin.isatty()

    def read_line(prompt: str) -> str | None:
        if interactive:
            return click.prompt(prompt, default="", show_default=False)
        click.echo(prompt, nl=False)
        line = stdin.readline()
        click.echo("")
        return None if not line else line.rstrip("\r\n")

    def read_key() -> str | None:
        if interactive:
            try:
                key = click.getchar()  # one key press, no Enter needed
            except EOFError:  # Ctrl-D
                return None
            click.echo(key)
            return key.lower()
        click.echo("> ", nl=False)
        line = stdin.readline()
        if not line:
            click.echo("")
            return None
        click.echo(line.strip())
        return line.strip().lower()

    terms = _glossary(glossary)
    try:
        summary = call(
            review_catalog,
            file,
            read_key,
            default_edit(read_line),
            click.echo,
            fuzzy=fuzzy,
            errors=errors,
            start=start,
            glossary=terms,
            worst_first=worst_first,
        )
    except KeyboardInterrupt:
        click.echo("\ninterrupted: every decision made so far is saved", err=True)
        sys.exit(130)
    if summary.total:
        click.echo(summary.line())


@click.command()
@paths_argument
@output_option(
    "--html", "out", required=True, help="Write the report here (one self-contained HTML file)."
)
@glossary_option
def report(paths: tuple[Path, ...], out: Path, glossary: Path | None) -> None:
    """Write a static, self-contained HTML review report: source and translation side by side."""
    from i18n_pipeline.qa.report import write_report

    terms = _glossary(glossary)
    call(write_report, call(catalog_paths, paths), out, terms)
    click.echo(f"wrote {out}", err=True)


@click.command()
@click.argument("pages", nargs=-1, required=True)
@to_option(
    "language", "The language the pages should be in (a locale of the site, such as az); required."
)
@renamed(["--lang"], "--to", "language", required=True)
@from_option("The language the site's msgids are written in.")
@click.option(
    "--locales-dir",
    type=DIRECTORY,
    default=None,
    help="Catalogs to trace each leftover to its entry (default: locales/ when it exists).",
)
@json_option("Print the leftovers as a JSON list.")
def leftovers(
    pages: tuple[str, ...], language: str, source: str, locales_dir: Path | None, as_json: bool
) -> None:
    """Visible text of rendered pages (saved HTML files or URLs) in another language than
    --to, each traced to the catalog entry it came from or reported as in no catalog (a
    hard-coded string); exit 1 when any is found."""
    from i18n_pipeline.qa.leftovers import find_leftovers

    if locales_dir is None and Path("locales").is_dir():
        locales_dir = Path("locales")
    found = call(find_leftovers, pages, language, locales_dir=locales_dir, source=source)
    if as_json:
        click.echo(json.dumps([item.as_dict() for item in found], ensure_ascii=False, indent=2))
    else:
        for item in found:
            click.echo(item.describe())
        click.echo(f"{len(found)} leftover(s) on {len(pages)} page(s)", err=True)
    if found:
        sys.exit(1)
